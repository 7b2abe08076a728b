#!/bin/bash
# tally under a real systemd: boots systemd as PID 1 in systemd-nspawn (a volatile root with the
# host's /usr read-only) with an installed tree bound in, and checks the units of SPEC §8 there,
# and a real fetch round of tally-fetch.service from a feed server inside the container (SPEC §10).
#
# usage: systemd/test-in-container.sh DESTDIR     (DESTDIR from `make install DESTDIR=… PREFIX=/usr/local`)
# Root only. Prints PASS/FAIL per check and "N passed, N failed"; exits non-zero on any failure.
# TALLY_TEST_JOURNAL=N prints the last N lines of the units' journal at the end (on failure: 60).
#
# Safety (as ../shared/tools/README.md requires): nspawn is started from a dedicated child cgroup
# of ours in every hierarchy, never from the root cgroup; only processes we started are killed;
# the container is powered off and its cgroups and /run/systemd/nspawn* leftovers removed on any
# exit.
# Pipelines into grep read their whole input (no grep -q): under pipefail an early exit would make the
# writer die of SIGPIPE and fail the check.
set -uo pipefail
exec </dev/null

D=${1:?usage: $0 DESTDIR}
D=$(cd "$D" && pwd)
[ "$(id -u)" = 0 ] || { echo "test-systemd: must run as root (systemd-nspawn)"; exit 1; }
command -v systemd-nspawn >/dev/null || { echo "test-systemd: systemd-nspawn missing (apt-get install systemd-container)"; exit 1; }
[ -x "$D/usr/local/bin/tallyd" ] || { echo "test-systemd: $D/usr/local/bin/tallyd missing: install with PREFIX=/usr/local"; exit 1; }

W=$(mktemp -d /tmp/tally-nspawn.XXXXXX)
NAME=tally-test-$$
NSPAWN_PID=
LEADER=
CGPATH=
passed=0
failed=0
skipped=0

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
  rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

boot() {
  # Our own cgroup, below the one we are in (memory hierarchy) — never the root cgroup.
  local memp
  memp=$(awk -F: '$2=="memory"{print $3}' /proc/self/cgroup); [ "$memp" = / ] && memp=
  CGPATH=$memp/tally-test-systemd-$$
  (
    for h in unified systemd memory; do
      [ -d /sys/fs/cgroup/$h ] || continue
      mkdir -p "/sys/fs/cgroup/$h$CGPATH"
      echo $BASHPID > "/sys/fs/cgroup/$h$CGPATH/cgroup.procs"
    done
    exec systemd-nspawn -D / --volatile=yes -b --register=no --keep-unit -M "$NAME" --console=pipe \
      --private-network --bind-ro="$D/usr/local:/usr/local" --bind-ro="$D:/srv/destdir" --bind-ro="$W/locale:/srv/locale" \
      systemd.condition-first-boot=false
  ) </dev/null >"$W/console.log" 2>&1 &
  NSPAWN_PID=$!
  for _ in $(seq 100); do LEADER=$(pgrep -P "$NSPAWN_PID" -x systemd || true); [ -n "$LEADER" ] && break; sleep 0.1; done
  [ -n "$LEADER" ] || { echo "systemd did not start in the container:"; cat "$W/console.log"; return 1; }
  for _ in $(seq 300); do [ -S "/proc/$LEADER/root/run/systemd/private" ] && break; sleep 0.05; done
  local state
  state=$(ct timeout 60 systemctl is-system-running --wait 2>/dev/null)
  echo "container: systemd $state (PID $LEADER on the host)"
}

# Runs a command inside the container as root, with a clean environment.
ct() {
  timeout 90 nsenter -t "$LEADER" -a env -i PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin LANG=C.UTF-8 \
    SYSTEMD_PAGER= SYSTEMD_COLORS=0 "$@"
}
# Runs a command inside the container as USER (with USER's groups from /etc/group).
as() {
  local user=$1; shift
  ct setpriv --reuid="$user" --regid="$user" --init-groups --reset-env "$@"
}
prop() { ct systemctl show -P "$2" "$1"; }
not() { ! "$@"; }

pass() { echo "PASS: $*"; passed=$((passed + 1)); }
skip() { echo "SKIP: $*"; skipped=$((skipped + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
check() { local what=$1; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }
wait_for() { # SECONDS COMMAND…: until COMMAND succeeds
  local n=$(($1 * 5)); shift
  for _ in $(seq "$n"); do "$@" && return 0; sleep 0.2; done
  return 1
}
active() { [ "$(prop "$1" ActiveState)" = active ]; }
inactive() { local s; s=$(prop "$1" ActiveState); [ "$s" = inactive ] || [ "$s" = failed ]; }
# tallyctl status answers: 0, 2 or 3 (the worst state); 1 and 4 are errors, 4 "not reachable".
status_answers() { local rc=0; "$@" >/dev/null 2>&1 || rc=$?; [ $rc = 0 ] || [ $rc = 2 ] || [ $rc = 3 ]; }

# ---------------------------------------------------------------------------------------------
# The test configuration: the installed example plus one agreement whose state is known today
# (a total quota of 1000 items, none delivered after two months → BEHIND at the first check).

today=$(date -u +%F)
start=$(date -u -d "$today -60 days" +%F)
end=$(date -u -d "$today +300 days" +%F)
test_agreement() {
  cat <<EOF
id        = "systemd-test"
title     = "Kiểm thử systemd"
reference = "01/KT"
parties   = ["Thông tấn xã Việt Nam", "UBND tỉnh Thử nghiệm"]
start     = $start
end       = $end
timezone  = "Asia/Ho_Chi_Minh"

[[quota]]
id     = "news"
title  = "Tin, bài"
target = 1000
per    = "total"
kinds  = ["article"]
EOF
}
minimal_main() {
  cat <<'EOF'
[daemon]
database       = "/var/lib/tally/tally.sqlite"
agreements_dir = "agreements.d"
EOF
}

# ---------------------------------------------------------------------------------------------

# A Vietnamese locale for `journalctl -x` in Vietnamese, compiled here (the container has no /etc).
mkdir -p "$W/locale"
if [ -f /usr/share/i18n/locales/vi_VN ] && localedef -i vi_VN -f UTF-8 "$W/locale/vi_VN.UTF-8" 2>/dev/null; then vi_locale=yes; else vi_locale=; fi

if ! boot || ! ct true; then fail "systemd boots in the container"; echo "test-systemd: 0 passed, 1 failed"; exit 1; fi

# The installed tree: configuration into /etc, users, tmpfiles, catalog, units.
ct mkdir -p /etc/systemd/system
if [ -d "$D/etc/tally" ]; then ct cp -a /srv/destdir/etc/tally /etc/; else ct mkdir -p /etc/tally/agreements.d; fi
ct test -f /etc/tally/tally.toml || minimal_main | ct sh -c 'cat > /etc/tally/tally.toml'
ct mkdir -p /etc/tally/agreements.d
test_agreement | ct sh -c 'cat > /etc/tally/agreements.d/90-systemd-test.toml'
ct systemd-sysusers >/dev/null 2>&1
# Test users: outside tally; a reader (tally); an editor (tally and tally-editors).
printf '%s\n' 'u outsider - "not in tally"' 'u reader - "tally member"' 'm reader tally' \
  'u editor - "tally editor"' 'm editor tally' 'm editor tally-editors' \
  | ct systemd-sysusers --replace=/etc/sysusers.d/tally-test.conf - >/dev/null 2>&1
ct systemd-tmpfiles --create tally.conf >/dev/null 2>&1
ct journalctl --update-catalog
ct systemctl daemon-reload

users_exist() { ct getent passwd tally >/dev/null && ct getent group tally >/dev/null && ct getent group tally-editors >/dev/null && ct getent group tally-fetch >/dev/null; }
check "systemd-sysusers created user tally and groups tally, tally-editors, tally-fetch" users_exist
all_units="tallyd.service tallyd.socket tally-report.service tally-report.timer tally-fetch.service tally-fetch.timer"
units_load() { [ "$(ct systemctl show -P LoadState $all_units | grep . | sort -u)" = loaded ]; }
check "units load: $all_units" units_load
exec_start() { ct systemctl show -P ExecStart tallyd.service | grep 'argv\[\]=/usr/local/bin/tallyd --config /etc/tally/tally.toml' >/dev/null; }
check "tallyd.service as installed runs /usr/local/bin/tallyd --config /etc/tally/tally.toml" exec_start
check "tallyctl validate accepts the installed configuration" ct tallyctl validate /etc/tally/tally.toml

# --- socket activation ---------------------------------------------------------------------
ct systemctl start tallyd.socket
check "systemctl start tallyd.socket: active" active tallyd.socket
enabled() { ct systemctl enable tallyd.socket >/dev/null 2>&1 && ct systemctl is-enabled -q tallyd.socket; }
check "systemctl enable tallyd.socket (WantedBy=sockets.target)" enabled
sock=$(ct stat -c '%F %a %U:%G' /run/tally/io.tally 2>/dev/null)
check "/run/tally/io.tally is a socket, mode 0660 root:tally ($sock)" test "$sock" = "socket 660 root:tally"
check "tallyd.service not started before the first connection" inactive tallyd.service

check "first tallyctl status answers through the socket" status_answers ct tallyctl status
wait_for 30 active tallyd.service
check "tallyd.service activated by the connection: active" active tallyd.service
status_text=$(prop tallyd.service StatusText)
check "StatusText set by sd_notify: '$status_text'" test -n "$status_text"
pid1=$(prop tallyd.service MainPID)
user1=$(ct ps -o user= -p "$pid1" | tr -d ' ')
check "tallyd runs as user tally ($user1)" test "$user1" = tally
sandbox=$(ct grep -E '^(NoNewPrivs|Seccomp|CapEff):' "/proc/$pid1/status" | tr -s '\t ' ' ' | sort | tr '\n' ' ')
check "tallyd is sandboxed: $sandbox" test "$sandbox" = "CapEff: 0000000000000000 NoNewPrivs: 1 Seccomp: 2 "

ct systemctl stop tallyd.service 2>/dev/null  # "can still be activated by tallyd.socket": as meant
stopped_socket_alive() { active tallyd.socket && inactive tallyd.service && ct test -S /run/tally/io.tally; }
check "systemctl stop tallyd.service: inactive, socket still listening" stopped_socket_alive
check "tallyd stopped cleanly (Result=$(prop tallyd.service Result))" test "$(prop tallyd.service Result)" = success
check "tallyctl status after the stop activates tallyd again" status_answers ct tallyctl status
wait_for 30 active tallyd.service
pid2=$(prop tallyd.service MainPID)
check "tallyd.service active again (PID $pid1 → $pid2)" test "$(prop tallyd.service ActiveState)" = active -a "$pid2" != "$pid1"

# --- reload ----------------------------------------------------------------------------------
test_agreement | sed 's/^id        = "systemd-test"/id        = "systemd-test-2"/' \
  | ct sh -c 'cat > /etc/tally/agreements.d/91-systemd-test-2.toml'
check "systemctl reload tallyd with a new agreement succeeds" ct systemctl reload tallyd.service
check "after the reload the new agreement is served" status_answers ct tallyctl status systemd-test-2
check "the reload kept the process (PID $pid2)" test "$pid2" -gt 0 -a "$(prop tallyd.service MainPID)" = "$pid2"

ct sh -c 'printf "id = \"broken\"\ntitle = 42\nstart = not-a-date\n" > /etc/tally/agreements.d/92-broken.toml'
reload_refused() { active tallyd.service && not ct systemctl reload tallyd.service; }
check "systemctl reload tallyd fails when an agreement file is broken" reload_refused
check "after the refused reload tallyd stays active with the same PID" \
  test "$(prop tallyd.service ActiveState) $(prop tallyd.service MainPID)" = "active $pid2"
check "after the refused reload the old agreements are still served" \
  status_answers ct tallyctl status systemd-test systemd-test-2
refusal_logged() { ct journalctl -q -u tallyd.service MESSAGE_ID=0b3e7c1d9a5f4e2b8c6d1a7f3e9b5c13 | grep . >/dev/null; }
check "the refusal is in the journal (reload-refused MESSAGE_ID)" refusal_logged
ct rm -f /etc/tally/agreements.d/92-broken.toml
check "systemctl reload tallyd succeeds again once the file is removed" ct systemctl reload tallyd.service

# --- access ----------------------------------------------------------------------------------
record() { # USER URL: records one article as USER; prints the exit code and stderr
  local rc=0 err
  err=$(as "$1" tallyctl record systemd-test --kind article --published "$today" --title "Bài thử" --url "$2" 2>&1 >/dev/null) || rc=$?
  echo "$rc ${err%%$'\n'*}"
}
out=$(as outsider tallyctl status 2>&1); rc=$?
check "a user outside tally cannot connect (exit $rc: ${out%%$'\n'*})" test $rc = 4 -o $rc = 1
check "a member of tally (reader) can read: tallyctl status" status_answers as reader tallyctl status systemd-test
r=$(record reader https://example.invalid/reader-1)
check "a member of tally outside tally-editors cannot record (exit ${r})" test "${r%% *}" = 1
r=$(record editor https://example.invalid/editor-1)
check "a member of tally-editors can record (exit ${r})" test "${r%% *}" = 0
deliveries=$(as reader tallyctl --json deliveries systemd-test 2>&1)
check "the editor's delivery is there, the reader's is not" \
  bash -c 'grep -q editor-1 <<<"$1" && ! grep -q reader-1 <<<"$1"' _ "$deliveries"

# --- journal: alerts and catalog -----------------------------------------------------------
ct journalctl -u tallyd.service -o json --no-pager > "$W/journal.json"
alert_fields() {
  python3 - "$W/journal.json" <<'PY'
import json, sys
entries = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
alerts = [e for e in entries if e.get("TALLY_ALERT")]
want = {"TALLY_ALERT": "quota-behind", "TALLY_AGREEMENT": "systemd-test", "TALLY_QUOTA": "news",
        "TALLY_STATUS": "BEHIND", "TALLY_WINDOW": "total", "PRIORITY": "3",
        "MESSAGE_ID": "6f1d0c4a2b8e4f3a9c5d7e1f2a3b4c02", "SYSLOG_IDENTIFIER": "tallyd"}
hits = [e for e in alerts if all(e.get(k) == v for k, v in want.items())]
print(f"  {len(alerts)} alert entries; " + (hits[0]["MESSAGE"] if hits else "no quota-behind for systemd-test/news"))
sys.exit(0 if hits and all(k in hits[0] for k in ("TALLY_DELIVERED", "TALLY_TARGET", "TALLY_EXPECTED")) else 1)
PY
}
check "journalctl -u tallyd.service -o json: quota-behind alert with every SPEC §4 field" alert_fields
ready_logged() { ct journalctl -q MESSAGE_ID=0b3e7c1d9a5f4e2b8c6d1a7f3e9b5c11 | grep . >/dev/null; }
check "journalctl MESSAGE_ID=<ready> finds tallyd's ready message" ready_logged
catalog_shown() { ct journalctl -x -q -u tallyd.service MESSAGE_ID=6f1d0c4a2b8e4f3a9c5d7e1f2a3b4c02 | grep 'Subject: Quota systemd-test/news is behind in total' >/dev/null; }
check "journalctl -x shows the catalog text for the alert" catalog_shown
catalog_vi() {
  ct env LOCPATH=/srv/locale LANG=vi_VN.UTF-8 journalctl -x -q -u tallyd.service MESSAGE_ID=6f1d0c4a2b8e4f3a9c5d7e1f2a3b4c02 \
    | grep 'Subject: Chỉ tiêu systemd-test/news đang chậm tiến độ trong kỳ total' >/dev/null
}
if [ -n "$vi_locale" ]; then check "LANG=vi_VN.UTF-8 journalctl -x shows the Vietnamese catalog text" catalog_vi
else skip "Vietnamese catalog text: no vi_VN locale source (Debian package locales)"; fi
warnings_listed() { ct journalctl -q -u tallyd.service -p warning | grep 'systemd-test' >/dev/null; }
check "journalctl -u tallyd -p warning lists the alerts" warnings_listed

# --- backup (the daemon writes the copy: its sandbox allows /var/backups/tally) ---------------
backup() { ct tallyctl backup /var/backups/tally/test.sqlite >/dev/null && ct test -s /var/backups/tally/test.sqlite; }
check "tallyctl backup /var/backups/tally/test.sqlite" backup
ct install -d -o tally -g tally /srv/elsewhere
backup_elsewhere() { not ct tallyctl backup /srv/elsewhere/test.sqlite >/dev/null 2>&1 && not ct test -e /srv/elsewhere/test.sqlite; }
check "tallyctl backup to a directory of tally's outside those: refused (ProtectSystem=strict)" backup_elsewhere

# --- report timer --------------------------------------------------------------------------
check "systemctl start tally-report.service (oneshot) succeeds" ct systemctl start tally-report.service
no_mail_said() { ct journalctl -q -u tally-report.service | grep "no report mailed: /etc/tally/tally.toml has no \[report\] mail_from" >/dev/null; }
check "tally-report.service --mail without [report] mail_from: mails nothing and says so in the journal" no_mail_said
nreports=$(ct find /var/lib/tally/reports -type f | wc -l)
check "reports written under /var/lib/tally/reports ($nreports files)" test "$nreports" -gt 0
owner=$(ct stat -c '%U:%G %a' /var/lib/tally/reports)
check "/var/lib/tally/reports is $owner and a member of tally can read it" \
  bash -c '[ "$1" = "tally:tally 750" ]' _ "$owner"
reports_readable() { as reader cat "/var/lib/tally/reports/$(ct ls /var/lib/tally/reports | head -1)/systemd-test.vi.json" >/dev/null; }
check "a member of tally can read the reports" reports_readable
ct systemctl enable --now tally-report.timer >/dev/null 2>&1
next=$(ct systemctl list-timers --all --no-legend tally-report.timer | awk '{print $1, $2, $3, $4}')
check "tally-report.timer enabled, next run the 1st at 06:00 +07 = 23:00 UTC ($next)" \
  bash -c 'grep -q " 23:00:00 UTC" <<<"$1"' _ "$next"

# --- feeds: a real fetch through tally-fetch.service (SPEC §10) -------------------------------
# A feed server on loopback inside the container (its network namespace is private): HTTP on 8080
# and HTTPS on 8443 with a certificate from a test CA that only [fetch] ca_file names. It logs
# each request with the uid that owns the client's socket (/proc/net/tcp), which shows who fetched.
# feeds.test resolves through /etc/hosts, as a publisher's name would through NSS.
ct sh -c 'printf "127.0.0.1 localhost feeds.test\n::1 localhost ip6-localhost\n" > /etc/hosts'
ct sh -c 'printf "passwd: files systemd\ngroup: files systemd\nshadow: files\nhosts: files dns\n" > /etc/nsswitch.conf'

mkdir -p "$W/tls"
tls_made() {
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=tally test CA" \
    -keyout "$W/tls/ca.key" -out "$W/tls/ca.pem" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign &&
  openssl req -newkey rsa:2048 -nodes -subj "/CN=feeds.test" -keyout "$W/tls/server.key" -out "$W/tls/server.csr" &&
  printf 'subjectAltName=DNS:feeds.test\nextendedKeyUsage=serverAuth\n' > "$W/tls/ext" &&
  openssl x509 -req -in "$W/tls/server.csr" -CA "$W/tls/ca.pem" -CAkey "$W/tls/ca.key" -CAcreateserial -days 2 \
    -extfile "$W/tls/ext" -out "$W/tls/server.pem"
} >/dev/null 2>&1
check "a test CA and a certificate for feeds.test (openssl)" tls_made
ct mkdir -p /srv/feeds /srv/feeds-tls
ct sh -c 'umask 022; cat > /etc/tally/test-ca.pem' < "$W/tls/ca.pem"  # readable by the dynamic user
cat "$W/tls/server.pem" "$W/tls/server.key" | ct sh -c 'umask 077; cat > /srv/feeds-tls/server.pem'

# RSS 2.0 as the Vietnamese publishers write it: CDATA titles, HTML in descriptions, <category>,
# +0700 dates (yesterday and the day before, inside the agreement's dates).
rss_date() { TZ=Asia/Ho_Chi_Minh LC_ALL=C date -R -d "@$(($(date +%s) - $1 * 86400))"; }
feed_item() { # TITLE PATH DAYS_AGO CATEGORY
  cat <<EOF
    <item>
      <title><![CDATA[$1]]></title>
      <link>http://feeds.test:8080/$2</link>
      <guid isPermaLink="true">http://feeds.test:8080/$2</guid>
      <description><![CDATA[<a href="http://feeds.test:8080/$2"><img src="http://feeds.test:8080/anh.jpg"></a>$1 &ndash; tin của phóng viên thường trú.]]></description>
      <category>$4</category>
      <pubDate>$(rss_date "$3")</pubDate>
    </item>
EOF
}
rss() { # TITLE ITEMS…
  printf '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">\n  <channel>\n    <title>%s</title>\n' "$1"
  printf '    <link>http://feeds.test:8080/</link>\n    <description>%s</description>\n    <language>vi-VN</language>\n' "$1"
  shift
  printf '%s\n' "$@"
  printf '  </channel>\n</rss>\n'
}
feed_titles=("Vĩnh Long đẩy mạnh chuyển đổi số trong nông nghiệp" "Bến Tre: Khánh thành cầu Rạch Miễu 2 sau ba năm thi công"
  "Xuất khẩu gạo của Đồng bằng sông Cửu Long tăng 12% so với cùng kỳ")
rss "Thời sự" "$(feed_item "${feed_titles[0]}" thoi-su/chuyen-doi-so-1.html 1 "Thời sự")" \
  "$(feed_item "${feed_titles[1]}" thoi-su/cau-rach-mieu-2.html 2 "Thời sự")" | ct sh -c 'cat > /srv/feeds/thoi-su.rss'
rss "Kinh tế" "$(feed_item "${feed_titles[2]}" kinh-te/xuat-khau-gao.html 1 "Kinh tế")" | ct sh -c 'cat > /srv/feeds/kinh-te.rss'

ct sh -c 'cat > /srv/feed-server.py' <<'PY'
import http.server, ssl, sys, threading

def socket_owner(port):
    """The uid owning the loopback TCP socket whose local port is `port`."""
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as lines:
            next(lines)
            for line in lines:
                fields = line.split()
                if int(fields[1].rsplit(":", 1)[1], 16) == port:
                    return fields[7]
    return "?"

class Feeds(http.server.SimpleHTTPRequestHandler):
    extensions_map = {".rss": "application/rss+xml; charset=utf-8"}
    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory="/srv/feeds", **kwargs)
    def log_request(self, code="-", size="-"):
        print(f"{self.command} {self.path} {int(code)} uid={socket_owner(self.client_address[1])}", flush=True)

def serve(port, tls):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Feeds)
    if tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain("/srv/feeds-tls/server.pem")
        server.socket = context.wrap_socket(server.socket, server_side=True)
    server.serve_forever()

threading.Thread(target=serve, args=(8443, True), daemon=True).start()
serve(8080, False)
PY
ct systemd-run --quiet --unit=tally-test-feeds python3 /srv/feed-server.py
feeds_served() { ct python3 -c 'import urllib.request; urllib.request.urlopen("http://feeds.test:8080/thoi-su.rss", timeout=2)' 2>/dev/null; }
wait_for 15 feeds_served
check "a feed server on http://feeds.test:8080 and https://feeds.test:8443 in the container" feeds_served

# An agreement with both feeds (review = true: candidates wait in the inbox), and the test CA in
# [fetch] ca_file; the example's [fetch] section gets the line, or the file gets the section.
cat <<EOF | ct sh -c 'cat > /etc/tally/agreements.d/93-systemd-feed.toml'
id        = "systemd-feed"
title     = "Kiểm thử nguồn tin"
reference = "02/KT"
parties   = ["Thông tấn xã Việt Nam", "UBND tỉnh Thử nghiệm"]
start     = $start
end       = $end
timezone  = "Asia/Ho_Chi_Minh"

[[quota]]
id     = "news"
title  = "Tin, bài"
target = 10
per    = "total"
kinds  = ["article"]

[[feed]]
id     = "thoi-su"
url    = "http://feeds.test:8080/thoi-su.rss"
outlet = "Báo Thử nghiệm"
tags   = ["thoi-su"]
review = true

[[feed]]
id     = "kinh-te"
url    = "https://feeds.test:8443/kinh-te.rss"
outlet = "Báo Thử nghiệm"
review = true
EOF
ct sh -c 'if grep -q "^\[fetch\]" /etc/tally/tally.toml; then
            sed -i "/^ca_file *=/d; /^\[fetch\]/a ca_file = \"/etc/tally/test-ca.pem\"" /etc/tally/tally.toml
          else printf "\n[fetch]\nca_file = \"/etc/tally/test-ca.pem\"\n" >> /etc/tally/tally.toml; fi'
check "tallyctl validate accepts the [[feed]] agreement and [fetch] ca_file" ct tallyctl validate /etc/tally/tally.toml
check "systemctl reload-or-restart tallyd with the feeds" ct systemctl reload-or-restart tallyd.service

check "systemctl start tally-fetch.service (oneshot) succeeds" ct systemctl start tally-fetch.service
check "tally-fetch.service: Result=$(prop tally-fetch.service Result), exit $(prop tally-fetch.service ExecMainStatus)" \
  test "$(prop tally-fetch.service Result) $(prop tally-fetch.service ExecMainStatus)" = "success 0"

feeds_json=$(as reader tallyctl feeds --json systemd-feed 2>&1)
feeds_ok() {
  python3 - "$feeds_json" <<'PY'
import json, sys
feeds = {f["feed"]: f for f in json.loads(sys.argv[1])["feeds"] if f["agreement"] == "systemd-feed"}
for name in ("thoi-su", "kinh-te"):
    f = feeds.get(name, {})
    print(f"  {name}: state {f.get('state')}, HTTP {f.get('last_status')}, seen {f.get('seen')}, "
          f"waiting {f.get('waiting')}, error {f.get('last_error')}")
sys.exit(0 if all(feeds.get(n, {}).get("state") == "OK" and feeds[n].get("last_status") == 200 for n in ("thoi-su", "kinh-te")) else 1)
PY
}
check "tallyctl feeds --json: both feeds OK with HTTP 200 (HTTPS through [fetch] ca_file)" feeds_ok
inbox_json=$(as reader tallyctl inbox --json systemd-feed 2>&1)
inbox_lists() {
  python3 - "$inbox_json" "${feed_titles[@]}" <<'PY'
import json, sys, unicodedata
candidates = [c for c in json.loads(sys.argv[1])["candidates"] if c["agreement"] == "systemd-feed"]
for c in candidates:
    print(f"  #{c['id']} {c['feed']} {c['published']} {c['title']} {c['url']}")
want = {unicodedata.normalize("NFC", t) for t in sys.argv[2:]}
got = {c["title"] for c in candidates}
ok = got == want and len(candidates) == 3 and all(c["outlet"] == "Báo Thử nghiệm" and c["url"].startswith("http://feeds.test:8080/")
                                                 for c in candidates)
sys.exit(0 if ok else 1)
PY
}
check "tallyctl inbox --json: the three items wait as candidates, Vietnamese titles intact" inbox_lists

# Who fetched: the server's log names the uid owning each client socket.
ct journalctl -q -u tally-test-feeds.service -o cat > "$W/feed-requests.log"
fetched_by=$(grep -oE 'uid=[0-9]+' "$W/feed-requests.log" | sort -u | tr '\n' ' ')
tally_uid=$(ct id -u tally)
dynamic_fetch() {
  local n=0 uid
  while read -r _ path code owner; do
    [[ $path == /thoi-su.rss || $path == /kinh-te.rss ]] || continue
    uid=${owner#uid=}; n=$((n + 1))
    [ "$uid" -ge 61184 ] && [ "$uid" -le 65519 ] && [ "$uid" != "$tally_uid" ] || return 1
  done < <(grep -v 'uid=0$' "$W/feed-requests.log")
  [ "$n" -ge 2 ]
}
check "the feeds were fetched by a dynamic user (${fetched_by% }; DynamicUser range 61184–65519)" dynamic_fetch
fetch_creds="$(prop tally-fetch.service DynamicUser) $(prop tally-fetch.service User) $(prop tally-fetch.service SupplementaryGroups)"
check "tally-fetch.service: DynamicUser, User, SupplementaryGroups = $fetch_creds" \
  test "$fetch_creds" = "yes tally-fetcher tally tally-fetch"

# A feeder (a transient unit with the fetcher's credentials) may call the feed methods only.
feeder() {
  ct systemd-run --quiet --wait --pipe --collect -p DynamicUser=yes -p SupplementaryGroups='tally tally-fetch' "$@"
}
out=$(feeder tallyctl --socket /run/tally/io.tally record systemd-feed --kind article --published "$today" \
  --title "Bài của bộ đọc tin" --url https://example.invalid/feeder-1 2>&1); rc=$?
check "a feeder cannot record (exit $rc: ${out%%$'\n'*})" bash -c '[ "$1" = 1 ] && grep -q "(Record)" <<<"$2"' _ "$rc" "$out"
out=$(feeder tallyctl --socket /run/tally/io.tally reload 2>&1); rc=$?
check "a feeder cannot reload (exit $rc: ${out%%$'\n'*})" bash -c '[ "$1" = 1 ] && grep -q "(Reload)" <<<"$2"' _ "$rc" "$out"
not_recorded() { not grep -q feeder-1 <<<"$(as reader tallyctl --json deliveries systemd-feed 2>&1)"; }
check "nothing the feeder tried was recorded" not_recorded
out=$(feeder tallyctl --socket /run/tally/io.tally fetch systemd-feed --feed thoi-su --force 2>&1); rc=$?
check "a feeder may fetch: tallyctl fetch systemd-feed --feed thoi-su --force (exit $rc)" test $rc = 0
out=$(as reader tallyctl fetch systemd-feed 2>&1); rc=$?
check "a member of tally outside the feeders cannot fetch (exit $rc: ${out%%$'\n'*})" bash -c '[ "$1" = 1 ] && grep -q "(DueFeeds)" <<<"$2"' _ "$rc" "$out"

ct systemctl enable --now tally-fetch.timer >/dev/null 2>&1
fetch_timer=$(ct systemctl list-timers --all --no-legend tally-fetch.timer)
timer_listed() { grep -q "tally-fetch.timer *tally-fetch.service" <<<"$fetch_timer" && active tally-fetch.timer && ct systemctl is-enabled -q tally-fetch.timer; }
check "tally-fetch.timer enabled, active and listed by systemctl list-timers ($(tr -s ' ' <<<"$fetch_timer"))" timer_listed

# --- report mail through msmtp (SPEC §11) ---------------------------------------------------
# An SMTP server on 127.0.0.1:2525 in the container (Python 3.11's smtpd, which keeps each message as
# /srv/mail/N.eml), msmtp as [report] sendmail with /etc/msmtprc pointing there, report_to in the
# test agreement. tally-report.service as installed has no network, so its mail fails; with the
# package's msmtp drop-in it arrives.
if [ -x /usr/bin/msmtp ]; then
  ct sh -c 'cat > /srv/smtp-sink.py' <<'PY'
import asyncore, os, smtpd, warnings
warnings.simplefilter("ignore")
class Sink(smtpd.SMTPServer):
    count = 0
    def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):
        Sink.count += 1
        with open(f"/srv/mail/{Sink.count}.eml", "wb") as f:
            f.write(data)
        print(f"{mailfrom} -> {' '.join(rcpttos)}: {len(data)} bytes", flush=True)
os.makedirs("/srv/mail", exist_ok=True)
Sink(("127.0.0.1", 2525), None, decode_data=False)
asyncore.loop()
PY
  ct systemd-run --quiet --unit=tally-test-smtp python3 -W ignore /srv/smtp-sink.py
  ct sh -c 'printf "defaults\nauth off\ntls off\naccount default\nhost 127.0.0.1\nport 2525\nfrom tally@systemd-test.example.vn\n" > /etc/msmtprc; chmod 0644 /etc/msmtprc'
  # The example's [report] section gets the lines, or the file gets the section.
  ct sh -c 'lines="mail_from = \"Sở TT&TT Thử nghiệm <tally@systemd-test.example.vn>\"\nsendmail = \"/usr/bin/msmtp\""
            if grep -q "^\[report\]" /etc/tally/tally.toml; then
              sed -i "/^mail_from *=/d; /^sendmail *=/d; /^\[report\]/a $lines" /etc/tally/tally.toml
            else printf "\n[report]\n$lines\n" >> /etc/tally/tally.toml; fi'
  ct sed -i 's/^timezone  = "Asia\/Ho_Chi_Minh"$/&\nreport_to = ["kehoach@ttxvn.example.vn"]/' /etc/tally/agreements.d/90-systemd-test.toml
  check "tallyctl validate accepts [report] and report_to" ct tallyctl validate /etc/tally/tally.toml
  check "systemctl reload-or-restart tallyd with [report]" ct systemctl reload-or-restart tallyd.service
  sandboxed_mail_fails() {
    not ct systemctl start tally-report.service 2>/dev/null &&
      ct journalctl -q -u tally-report.service | grep 'systemd-test: /usr/bin/msmtp exited with status' >/dev/null
  }
  check "tally-report.service as installed (no network): the mail fails, the journal says msmtp's status and words" sandboxed_mail_fails
  ct mkdir -p /etc/systemd/system/tally-report.service.d
  ct cp /srv/destdir/usr/local/share/doc/tally/examples/mail/msmtp.conf /etc/systemd/system/tally-report.service.d/mail.conf
  ct systemctl daemon-reload
  ct systemctl reset-failed tally-report.service
  check "with the msmtp drop-in: systemctl start tally-report.service succeeds" ct systemctl start tally-report.service
  mail_arrived() {
    ct python3 - <<'PY'
import email, email.policy, glob, sys
found = False
for path in sorted(glob.glob("/srv/mail/*.eml")):
    m = email.message_from_bytes(open(path, "rb").read(), policy=email.policy.default)
    print(f"  {path}: To {m['To']}; Subject {m['Subject']}; {m.get_content_type()}")
    types = [p.get_content_type() for p in m.walk()]
    found |= (str(m["Subject"]).startswith("Báo cáo thực hiện hợp đồng systemd-test — ")
              and m["From"].addresses[0].display_name == "Sở TT&TT Thử nghiệm"
              and types == ["multipart/mixed", "multipart/alternative", "text/plain", "text/html", "text/csv"])
sys.exit(0 if found else 1)
PY
  }
  check "the report reached the SMTP server: Vietnamese subject and sender, text + HTML + CSV" mail_arrived
  mail_exposure=$(ct systemd-analyze security --no-pager tally-report.service 2>/dev/null \
    | awk '/Overall exposure level/ {for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+$/) print $i}')
  check "tally-report.service with the msmtp drop-in: exposure ${mail_exposure:-?} (at most 2.5, as tally-fetch.service)" \
    awk -v e="${mail_exposure:-99}" 'BEGIN { exit !(e <= 2.5) }'
  ct rm -rf /etc/systemd/system/tally-report.service.d
  ct systemctl daemon-reload
else
  fail "report mail: /usr/bin/msmtp missing (make deps-systemd installs msmtp)"
fi

# --- watchdog ------------------------------------------------------------------------------
ct mkdir -p /etc/systemd/system/tallyd.service.d
ct sh -c 'printf "[Service]\nWatchdogSec=5s\nTimeoutAbortSec=3s\nLimitCORE=0\n" > /etc/systemd/system/tallyd.service.d/50-test-watchdog.conf'
ct systemctl daemon-reload
ct systemctl restart tallyd.service
restarts=$(prop tallyd.service NRestarts)
wpid=$(prop tallyd.service MainPID)
sleep 11
check "tallyd with WatchdogSec=5s keeps running while it pings (11 s, PID $wpid)" \
  test "$(prop tallyd.service ActiveState) $(prop tallyd.service MainPID)" = "active $wpid"
# Only a real PID: `kill -STOP 0` would stop this script's own process group, and CI with it.
if [ "${wpid:-0}" -gt 1 ]; then ct kill -STOP "$wpid"; fi
restarted() { [ "$(prop tallyd.service NRestarts)" -gt "$restarts" ] && active tallyd.service && [ "$(prop tallyd.service MainPID)" != "$wpid" ]; }
wait_for 40 restarted
check "SIGSTOP under WatchdogSec=5s: systemd restarts tallyd (NRestarts $restarts → $(prop tallyd.service NRestarts))" restarted
watchdog_logged() { ct journalctl -q -u tallyd.service | grep -i 'watchdog timeout' >/dev/null; }
wait_for 15 watchdog_logged  # PID 1's message reaches the journal asynchronously
check "the watchdog timeout is in the journal" watchdog_logged
ct rm -rf /etc/systemd/system/tallyd.service.d
ct systemctl daemon-reload

# --- clean stop ----------------------------------------------------------------------------
ct systemctl stop tallyd.socket tallyd.service
all_stopped() { inactive tallyd.service && inactive tallyd.socket && not ct test -e /run/tally/io.tally; }
check "systemctl stop tallyd.socket tallyd.service: both inactive, socket file removed" all_stopped

if [ "$failed" -gt 0 ] || [ -n "${TALLY_TEST_JOURNAL:-}" ]; then
  echo "--- journalctl -u tallyd.service -u tallyd.socket -u tally-report.service -u tally-fetch.service -u tally-test-feeds.service -u tally-test-smtp.service (last ${TALLY_TEST_JOURNAL:-60} lines) ---"
  ct journalctl -u tallyd.service -u tally-report.service -u tallyd.socket -u tally-fetch.service -u tally-test-feeds.service -u tally-test-smtp.service --no-pager -n "${TALLY_TEST_JOURNAL:-60}"
fi
echo "test-systemd: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
