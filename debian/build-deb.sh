#!/bin/bash
# Builds tally's .deb from an installed tree with Debian's own tools, without debian/rules (the Swift
# build and the install are the Makefile's): every file under /etc a conffile, as dh_installdeb makes
# them; the maintainer scripts of debian/; Depends from dpkg-shlibdeps; DEBIAN/control from
# dpkg-gencontrol (version from the changelog, Installed-Size from the tree); dpkg-deb --build.
#
# usage: debian/build-deb.sh TREE OUTDIR [DEB_VERSION]
#   TREE         from `make install DESTDIR=TREE PREFIX=/usr`; left as it is (the package is built in a copy)
#   OUTDIR       where tally_<version>_<arch>.deb goes; the last line printed is its path
#   DEB_VERSION  by default the version `tallyctl --version` prints, which must be the top entry of
#                debian/changelog; any other gets an entry of its own in the package's changelog
set -euo pipefail
umask 022
cd "$(dirname "$0")/.."
TREE=${1:?usage: $0 TREE OUTDIR [DEB_VERSION]} OUT=${2:?usage: $0 TREE OUTDIR [DEB_VERSION]}
fail() { echo "build-deb: $*" >&2; exit 1; }
[ -x "$TREE/usr/bin/tallyctl" ] || fail "$TREE/usr/bin/tallyctl missing: install with make install DESTDIR=$TREE PREFIX=/usr"

# One version: what the binaries in the tree say, which the changelog must repeat.
version=$("$TREE/usr/bin/tallyctl" --version)
daemon=$("$TREE/usr/bin/tallyd" --version)
[ "$daemon" = "$version" ] || fail "tallyctl --version says $version but tallyd --version says $daemon:" \
  "CommandLineProgram.version in Sources/TallyCommandLine and TallyVersion in Sources/TallyDaemon must be the same"
logged=$(dpkg-parsechangelog -l debian/changelog -SVersion)
[ "$logged" = "$version" ] || fail "debian/changelog's top entry is $logged but tallyctl is $version:" \
  "add an entry 'tally ($version) bookworm; urgency=medium' at the top of debian/changelog"
deb_version=${3:-$version}
arch=$(dpkg --print-architecture)

W=$(mktemp -d "${TMPDIR:-/tmp}/tally-deb.XXXXXX")
trap 'rm -rf "$W"' EXIT
P=$W/tally
cp -a "$TREE" "$P"

# The changelog, with an entry for a DEB_VERSION of the same sources.
if [ "$deb_version" != "$version" ]; then
  dpkg --compare-versions "$deb_version" gt "$version" || fail "DEB_VERSION $deb_version is not above $version"
  {
    printf 'tally (%s) UNRELEASED; urgency=medium\n\n' "$deb_version"
    printf '  * The sources of %s, packaged as %s (DEB_VERSION).\n\n' "$version" "$deb_version"
    printf ' -- %s  %s\n\n' "$(dpkg-parsechangelog -l debian/changelog -SMaintainer)" "$(date -R)"
    cat debian/changelog
  } > "$W/changelog"
else
  cp debian/changelog "$W/changelog"
fi
SOURCE_DATE_EPOCH=$(dpkg-parsechangelog -l "$W/changelog" -STimestamp)
export SOURCE_DATE_EPOCH

# Debian's places and forms for what make install leaves plain: man pages gzip -9n; copyright and,
# as Policy 12.7 asks of a native package, the changelog as changelog.gz; the lintian overrides.
find "$P/usr/share/man" -type f -name '*.[0-9]' -exec gzip -9n {} +
install -d "$P/usr/share/doc/tally" "$P/usr/share/lintian/overrides"
install -m 0644 debian/copyright "$P/usr/share/doc/tally/copyright"
gzip -9n < "$W/changelog" > "$P/usr/share/doc/tally/changelog.gz"
install -m 0644 debian/tally.lintian-overrides "$P/usr/share/lintian/overrides/tally"
find "$P" -type d -exec chmod 0755 {} +

install -d "$P/DEBIAN"
install -m 0755 debian/postinst debian/prerm debian/postrm "$P/DEBIAN/"
(cd "$P" && find etc -type f | sort | sed 's|^|/|') > "$P/DEBIAN/conffiles"
# As dh_md5sums: every file but the conffiles, whose sums dpkg keeps itself.
(cd "$P" && find . -path ./DEBIAN -prune -o -path ./etc -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) \
  > "$P/DEBIAN/md5sums"

dpkg-shlibdeps -T"$W/substvars" -e"$P/usr/bin/tallyd" -e"$P/usr/bin/tallyctl" -e"$P/usr/libexec/tally/tally-fetch"
dpkg-gencontrol -ptally -cdebian/control -l"$W/changelog" -T"$W/substvars" -P"$P" -f"$W/files"
mkdir -p "$OUT"
deb="$OUT/tally_${deb_version}_${arch}.deb"
dpkg-deb --root-owner-group --build "$P" "$deb" >/dev/null
sed -n 's/^\(Version\|Depends\|Installed-Size\): /  \1: /p' "$P/DEBIAN/control"
echo "$deb"
