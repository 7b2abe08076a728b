#!/bin/bash
# tally's .deb under a real systemd: boots this machine's own root as a container (systemd-nspawn
# --volatile=overlay: every write goes to a tmpfs, the host's files stay as they are), and there
# installs the package with apt, offline, upgrades it to a second version, removes and purges it,
# checking after each step what Debian and SPEC §8 promise.
#
# usage: debian/test-deb.sh PACKAGE.deb UPGRADE.deb   (UPGRADE: the same tree as a higher version)
# Root only. Prints ok/FAIL per check and "test-deb: N ok, N failed"; exits non-zero on any failure.
#
# Safety, as ../shared/tools/README.md asks: nspawn starts from a child cgroup of ours in every
# hierarchy, never the root cgroup; the host's root is bound to the container's directory only in
# a private mount namespace of nspawn's own (the directory on the host stays empty and is only ever
# rmdir'ed); only processes we started are killed; the container is powered off and its cgroups and
# /run/systemd/nspawn* leftovers removed on any exit.
set -uo pipefail
exec </dev/null

DEB1=${1:?usage: $0 PACKAGE.deb UPGRADE.deb} DEB2=${2:?usage: $0 PACKAGE.deb UPGRADE.deb}
[ "$(id -u)" = 0 ] || { echo "test-deb: must run as root (systemd-nspawn)"; exit 1; }
command -v systemd-nspawn >/dev/null || { echo "test-deb: systemd-nspawn missing (apt-get install systemd-container)"; exit 1; }
for f in "$DEB1" "$DEB2"; do [ -f "$f" ] || { echo "test-deb: $f missing (make deb)"; exit 1; }; done
# Both packages are bound in at /srv/tally-deb.
debs=$(mktemp -d /tmp/tally-test-deb.XXXXXX)
cp "$DEB1" "$DEB2" "$debs/" && chmod 0755 "$debs" && chmod 0644 "$debs"/*.deb
deb1=/srv/tally-deb/$(basename "$DEB1") deb2=/srv/tally-deb/$(basename "$DEB2")
v1=$(dpkg-deb -f "$DEB1" Version) v2=$(dpkg-deb -f "$DEB2" Version)
dpkg --compare-versions "$v2" gt "$v1" || { echo "test-deb: $DEB2 ($v2) is no upgrade of $DEB1 ($v1)"; exit 1; }

ROOT=$(mktemp -d /tmp/tally-test-deb-root.XXXXXX)   # the bind mount's place: stays empty on the host
NAME=tally-test-deb-$$
NSPAWN_PID=
LEADER=
CGPATH=
ok=0
failed=0
host_before=$(ls -d /etc/tally /var/lib/tally /usr/bin/tallyctl 2>/dev/null; getent passwd tally)

# ---------------------------------------------------------------------------------------------
# The container

cleanup() {
  set +e
  if [ -n "$LEADER" ] && kill -0 "$LEADER" 2>/dev/null; then
    timeout 20 nsenter -t "$LEADER" -a systemctl poweroff >/dev/null 2>&1 || kill "$NSPAWN_PID" 2>/dev/null
  elif [ -n "$NSPAWN_PID" ]; then
    kill "$NSPAWN_PID" 2>/dev/null
  fi
  if [ -n "$NSPAWN_PID" ]; then
    for _ in $(seq 200); do kill -0 "$NSPAWN_PID" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$NSPAWN_PID" 2>/dev/null && kill -KILL "$NSPAWN_PID" 2>/dev/null
  fi
  if [ -n "$CGPATH" ]; then
    for h in /sys/fs/cgroup/*; do [ -d "$h$CGPATH" ] && find "$h$CGPATH" -depth -type d -exec rmdir {} \; 2>/dev/null; done
    d=$(dirname "$CGPATH")
    while [ "$d" != / ]; do
      for h in unified systemd; do rmdir "/sys/fs/cgroup/$h$d" 2>/dev/null; done
      d=$(dirname "$d")
    done
  fi
  rmdir /run/systemd/nspawn/propagate /run/systemd/nspawn/locks /run/systemd/nspawn /run/systemd/nspawn-root 2>/dev/null
  rmdir "$ROOT"   # never rm -r: were the bind mount visible here, that would be the host's root
  rm -rf "$debs"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

boot() {
  # Our own cgroup, below the one we are in (memory hierarchy) — never the root cgroup.
  local memp
  memp=$(awk -F: '$2=="memory"{print $3}' /proc/self/cgroup); [ "$memp" = / ] && memp=
  CGPATH=$memp/tally-test-deb-$$
  (
    for h in unified systemd memory; do
      [ -d /sys/fs/cgroup/$h ] || continue
      mkdir -p "/sys/fs/cgroup/$h$CGPATH"
      echo $BASHPID > "/sys/fs/cgroup/$h$CGPATH/cgroup.procs"
    done
    # nspawn refuses -D / with --volatile=overlay; / bound (not recursively) to $ROOT is the same tree.
    # unshare and sh exec: NSPAWN_PID is nspawn's PID.
    exec unshare --mount --propagation private /bin/sh -c 'mount --bind / "$0" && exec "$@"' "$ROOT" \
      systemd-nspawn -D "$ROOT" --volatile=overlay -b --register=no --keep-unit -M "$NAME" --console=pipe \
      --private-network --bind-ro="$debs:/srv/tally-deb" systemd.condition-first-boot=false
  ) </dev/null >"$debs/console.log" 2>&1 &
  NSPAWN_PID=$!
  for _ in $(seq 100); do LEADER=$(pgrep -P "$NSPAWN_PID" -x systemd || true); [ -n "$LEADER" ] && break; sleep 0.1; done
  [ -n "$LEADER" ] || { echo "systemd did not start in the container:"; cat "$debs/console.log"; return 1; }
  for _ in $(seq 300); do [ -S "/proc/$LEADER/root/run/systemd/private" ] && break; sleep 0.05; done
  local state
  state=$(ct timeout 60 systemctl is-system-running --wait 2>/dev/null)
  echo "container: this machine's root over a tmpfs, systemd $state (PID $LEADER on the host)"
}

# Runs a command inside the container as root, with a clean environment (apt: up to 10 minutes).
ct() {
  timeout 600 nsenter -t "$LEADER" -a env -i PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin LANG=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive SYSTEMD_PAGER= SYSTEMD_COLORS=0 "$@"
}
prop() { ct systemctl show -P "$2" "$1"; }
not() { ! "$@"; }

pass() { echo "ok: $*"; ok=$((ok + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
check() { local what=$1; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }
wait_for() { # SECONDS COMMAND…: until COMMAND succeeds
  local n=$(($1 * 5)); shift
  for _ in $(seq "$n"); do "$@" && return 0; sleep 0.2; done
  return 1
}
active() { [ "$(prop "$1" ActiveState)" = active ]; }
inactive() { local s; s=$(prop "$1" ActiveState); [ "$s" = inactive ] || [ "$s" = failed ]; }
enabled() { [ "$(ct systemctl is-enabled "$1" 2>/dev/null)" = enabled ]; }
all() { local f=$1 u; shift; for u in "$@"; do "$f" "$u" || return 1; done; }
# tallyctl status answers: 0, 2 or 3 (the worst state); 1 and 4 are errors, 4 "not reachable".
status_answers() { local rc=0; ct tallyctl status >/dev/null 2>&1 || rc=$?; [ $rc = 0 ] || [ $rc = 2 ] || [ $rc = 3 ]; }
# apt-get in a container without network (--private-network: only lo), so it must find every
# dependency installed. Not --no-download: Debian 12's apt then refuses a local .deb ("Internal Error,
# Pathname to install is not absolute"); an installation must say "Need to get 0 B" instead.
apt_get() { # LOG ARGS…
  local log=$1; shift
  if ct apt-get -y -o Dpkg::Options::=--force-confold "$@" >"$debs/$log" 2>&1 \
     && { [ "$1" != install ] || grep -q '^Need to get 0 B' "$debs/$log"; }; then
    return 0
  fi
  sed 's/^/  | /' "$debs/$log" | tail -20
  return 1
}
dpkg_status() { ct dpkg-query -W -f='${Status} ${Version}' tally 2>/dev/null; }
users_exist() { ct getent passwd tally >/dev/null && ct getent group tally >/dev/null && ct getent group tally-editors >/dev/null && ct getent group tally-fetch >/dev/null; }
# tally.catalog's MESSAGE_IDs share these prefixes (alerts, operational messages).
catalog_entries() { ct journalctl --list-catalog 2>/dev/null | grep -cE '^(6f1d0c4a2b8e4f3a9c5d7e1f2a3b4c|0b3e7c1d9a5f4e2b8c6d1a7f3e9b5c)' || true; }

units_started="tallyd.socket tally-report.timer tally-fetch.timer"
today=$(date -u +%F)
agreement=ttxvn-vinh-long-2025   # config/agreements.d/10-…: runs until 2027-12-31, counts articles

if ! boot || ! ct true; then fail "systemd boots in the container"; echo "test-deb: $ok ok, $failed failed"; exit 1; fi

# What the container has of a tally installed on this machine (make install, an earlier package)
# goes first, so that nothing below is answered by it; a Docker-style policy-rc.d would make
# deb-systemd-invoke start nothing.
ct sh -c 'if dpkg-query -W tally >/dev/null 2>&1; then dpkg --purge tally >/dev/null 2>&1; echo "container: purged the tally package of the host"; fi
  for p in /usr/sbin/policy-rc.d /etc/tally /var/lib/tally /var/backups/tally /usr/local/bin/tallyd /usr/local/bin/tallyctl \
           /usr/local/lib/systemd/system/tally* /usr/local/lib/sysusers.d/tally.conf /usr/local/lib/tmpfiles.d/tally.conf \
           /usr/local/lib/systemd/catalog/tally.catalog /etc/systemd/system/tally* /etc/systemd/system/*.wants/tally*; do
    [ -e "$p" ] || [ -L "$p" ] || continue; rm -rf "$p"; echo "container: removed $p of the host"; done
  for u in tally; do getent passwd $u >/dev/null && userdel $u && echo "container: removed user $u of the host"; done
  for g in tally tally-editors tally-fetch; do getent group $g >/dev/null && groupdel $g && echo "container: removed group $g of the host"; done
  systemctl daemon-reload; journalctl --update-catalog'
no_tally() { [ -z "$(ct sh -c 'command -v tallyctl')" ] && [ "$(prop tallyd.socket LoadState)" = not-found ] && ! users_exist; }
check "before the installation no tallyctl, unit or user tally in the container" no_tally

# --- install ---------------------------------------------------------------------------------
check "apt-get install $(basename "$deb1"), offline: nothing to download" apt_get install.log install "$deb1"
check "dpkg: tally $v1 installed ($(dpkg_status))" test "$(dpkg_status)" = "install ok installed $v1"
depends=$(ct dpkg-query -W -f='${Depends}' tally)
check "Depends: $depends — no Swift package" bash -c '[ -n "$1" ] && ! grep -qi swift <<<"$1"' _ "$depends"
check "tallyctl is /usr/bin/tallyctl, --version $(ct tallyctl --version)" \
  test "$(ct sh -c 'command -v tallyctl') $(ct tallyctl --version)" = "/usr/bin/tallyctl $v1"
fetch_runs() {
  [ "$(ct /usr/libexec/tally/tally-fetch --version)" = "$v1" ] || return 1
  local rc=0; ct tallyctl fetch --socket /nonexistent/io.tally >/dev/null 2>&1 || rc=$?
  [ $rc = 4 ]  # tally-fetch ran in tallyctl's place and found no tallyd there
}
check "tallyctl fetch runs /usr/libexec/tally/tally-fetch $v1" fetch_runs
fragment=$(prop tallyd.service FragmentPath)
from_package() { [ -n "$fragment" ] && ct dpkg -S "$fragment" >/dev/null 2>&1; }
check "tallyd.service from the package: $fragment" from_package
check "postinst: user tally, groups tally, tally-editors, tally-fetch (systemd-sysusers)" users_exist
state_dir=$(ct stat -c '%U:%G %a' /var/lib/tally /var/lib/tally/reports /var/backups/tally 2>&1 | tr '\n' ' ')
check "postinst: /var/lib/tally, its reports, /var/backups/tally: $state_dir(systemd-tmpfiles)" \
  test "$state_dir" = "tally:tally 750 tally:tally 750 tally:tally 750 "
check "postinst: $units_started enabled" all enabled $units_started
check "postinst: $units_started active" all active $units_started
check "tallyd.service not started by the installation (socket activation)" inactive tallyd.service
check "tallyctl status answers through /run/tally/io.tally" status_answers
wait_for 30 active tallyd.service
check "tallyd.service activated by that connection" active tallyd.service
n_catalog=$(catalog_entries)
check "journalctl --list-catalog has tally's entries ($n_catalog)" test "$n_catalog" -gt 0
ready_explained() { ct journalctl -x -q -u tallyd.service MESSAGE_ID=0b3e7c1d9a5f4e2b8c6d1a7f3e9b5c11 | grep 'Subject: tallyd is ready' >/dev/null; }
wait_for 10 ready_explained
check "journalctl -x explains tallyd's ready message with the catalog text" ready_explained
manpages=$(ct man -w tallyctl tallyd 2>&1 | tr '\n' ' ')
check "man -w tallyctl tallyd: $manpages" test "$manpages" = "/usr/share/man/man1/tallyctl.1.gz /usr/share/man/man1/tallyd.1.gz "
completions="/usr/share/bash-completion/completions/tallyctl /usr/share/zsh/vendor-completions/_tallyctl /usr/share/fish/vendor_completions.d/tallyctl.fish"
check "completions: $completions" ct sh -c "for f in $completions; do test -s \$f || exit 1; done"
check "/usr/share/doc/tally: copyright, changelog.gz" ct test -s /usr/share/doc/tally/copyright -a -s /usr/share/doc/tally/changelog.gz
conffiles=$(ct dpkg-query -W -f='${Conffiles}' tally | awk 'NF {print $1}' | tr '\n' ' ')
check "conffiles: $conffiles" bash -c 'grep -q "/etc/tally/tally.toml " <<<"$1" && grep -q "/etc/tally/agreements.d/" <<<"$1"' _ "$conffiles"

# --- data and the admin's choices, then an upgrade ----------------------------------------------
rec=$(ct tallyctl record "$agreement" --kind article --published "$today" --title "Bài kiểm thử gói" \
  --url https://example.invalid/test-deb-1 2>&1); rc=$?
check "tallyctl record $agreement (exit $rc: ${rec%%$'\n'*})" test $rc = 0
recorded() { ct tallyctl --json deliveries "$agreement" 2>&1 | grep 'test-deb-1' >/dev/null; }
check "the delivery is listed" recorded
ct sh -c 'echo "# test-deb: an edit of the admin" >> /etc/tally/tally.toml'
ct systemctl disable --now tally-fetch.timer >/dev/null 2>&1
fetch_timer_off() { not enabled tally-fetch.timer && inactive tally-fetch.timer; }
check "the admin disables tally-fetch.timer" fetch_timer_off
inv1=$(prop tallyd.service InvocationID) pid1=$(prop tallyd.service MainPID)

check "apt-get install $(basename "$deb2"), offline (upgrade $v1 → $v2)" apt_get upgrade.log install "$deb2"
check "dpkg: tally $v2 installed ($(dpkg_status))" test "$(dpkg_status)" = "install ok installed $v2"
inv2=$(prop tallyd.service InvocationID) pid2=$(prop tallyd.service MainPID)
restarted() { [ "$inv1" != "$inv2" ] && [ "$pid1" != "$pid2" ] && [ "$pid2" != 0 ] && active tallyd.service; }
check "postinst restarted the running tallyd.service (PID $pid1 → $pid2, new InvocationID)" restarted
check "tallyctl status answers after the upgrade" status_answers
check "the delivery recorded before the upgrade is still there" recorded
check "the admin's edit of /etc/tally/tally.toml kept (conffile)" ct grep -q 'test-deb: an edit of the admin' /etc/tally/tally.toml
still_on() { all enabled tallyd.socket tally-report.timer && all active tallyd.socket tally-report.timer; }
check "tallyd.socket and tally-report.timer still enabled and active" still_on
check "tally-fetch.timer still disabled and stopped, as the admin left it" fetch_timer_off

# The same version again with tallyd stopped: postinst's restart is a try-restart.
ct systemctl stop tallyd.service 2>/dev/null
check "apt-get install --reinstall with tallyd.service stopped" apt_get reinstall.log install --reinstall "$deb2"
stays_stopped() { inactive tallyd.service && active tallyd.socket; }
check "postinst left tallyd.service stopped (restarts it only when it runs), the socket listening" stays_stopped

# --- remove ----------------------------------------------------------------------------------
check "apt-get remove tally" apt_get remove.log remove tally
check "dpkg: tally removed, its conffiles kept ($(dpkg_status))" test "$(dpkg_status)" = "deinstall ok config-files $v2"
removed() {
  inactive tallyd.service && inactive tallyd.socket && not ct test -e /run/tally/io.tally \
    && not ct test -e /usr/bin/tallyctl && not ct test -e /usr/libexec/tally && [ "$(prop tallyd.socket LoadState)" = not-found ]
}
check "prerm stopped tallyd and its socket; no /usr/bin/tallyctl, no /usr/libexec/tally, no unit files" removed
check "remove keeps the database /var/lib/tally/tally.sqlite" ct test -s /var/lib/tally/tally.sqlite
check "remove keeps /etc/tally (the admin's edit too)" ct grep -q 'test-deb: an edit of the admin' /etc/tally/tally.toml
n_catalog=$(catalog_entries)
check "postrm: tally's catalog entries gone from journalctl --list-catalog ($n_catalog)" test "$n_catalog" = 0

# Installed again after the remove: postinst configure gets the old version, yet starts the units
# prerm stopped, and the admin's choices come back with the kept deb-systemd-helper state.
check "apt-get install $(basename "$deb2") again after the remove" apt_get again.log install "$deb2"
back() { still_on && status_answers && recorded; }
check "installed again: socket and report timer active, tallyctl status answers, the delivery is there" back
check "installed again: tally-fetch.timer still disabled, as the admin left it" fetch_timer_off

# --- purge -----------------------------------------------------------------------------------
check "apt-get purge tally" apt_get purge.log purge tally
purged() { local s; s=$(dpkg_status); [ -z "$s" ] || [[ $s == *not-installed* ]]; }
check "dpkg: no tally left ($(dpkg_status))" purged
check "purge removes /var/lib/tally" not ct test -e /var/lib/tally
check "purge removes /etc/tally" not ct test -e /etc/tally
links=$(ct sh -c 'ls -d /etc/systemd/system/*/tally* /var/lib/systemd/deb-systemd-helper-enabled/*tally* /var/lib/systemd/deb-systemd-helper-enabled/*/tally* 2>/dev/null')
check "purge removes the enablement links and deb-systemd-helper's state${links:+: $links left}" test -z "$links"
check "user tally and its groups stay after purge (Debian keeps system users)" users_exist

host_after=$(ls -d /etc/tally /var/lib/tally /usr/bin/tallyctl 2>/dev/null; getent passwd tally)
check "the host is as it was (no /etc/tally, /var/lib/tally, /usr/bin/tallyctl or user tally of ours)" \
  test "$host_after" = "$host_before"

if [ "$failed" -gt 0 ]; then
  echo "--- journalctl -u tallyd.service -u tallyd.socket (last 40 lines) ---"
  ct journalctl -u tallyd.service -u tallyd.socket --no-pager -n 40
fi
echo "test-deb: $ok ok, $failed failed"
[ "$failed" = 0 ]
