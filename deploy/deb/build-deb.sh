#!/bin/bash
# Builds borne_VERSION_ARCH.deb with dpkg-deb from a built binary (no
# debhelper: the tree below is the whole package). `make deb` calls it with
# the release binary; Tests/BornePackageTests with the debug one.
#   deploy/deb/build-deb.sh --binary .build/release/borne --out DIR [--version V]
# Prints the path of the .deb.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
binary="" out="" version=""
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binary=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --version) version=$2; shift 2 ;;
    *) echo "build-deb.sh: unknown option $1" >&2; exit 64 ;;
  esac
done
[ -x "$binary" ] || { echo "build-deb.sh: --binary: $binary is not an executable" >&2; exit 66; }
[ -n "$out" ] || { echo "build-deb.sh: missing --out DIR" >&2; exit 64; }
[ -n "$version" ] || version=$("$binary" --version | awk '{print $2}')
arch=$(dpkg --print-architecture)
mkdir -p "$out"
out=$(cd "$out" && pwd)
root=$(mktemp -d "$out/.borne-deb-XXXXXX")
trap 'rm -rf "$root"' EXIT
chmod 0755 "$root"
umask 022

install -d "$root/DEBIAN" "$root/usr/bin" "$root/lib/systemd/system" "$root/lib/udev/rules.d" \
  "$root/usr/share/borne/kiosk-config" "$root/usr/share/doc/borne" "$root/usr/share/man/man1" "$root/etc/borne"
install -m 0755 "$binary" "$root/usr/bin/borne"
strip --remove-section=.comment --remove-section=.note "$root/usr/bin/borne" 2>/dev/null || true
for u in borne-kiosk.service borne-sync.service borne-sync.timer borne-upload.service borne-usb@.service; do
  install -m 0644 "$repo/systemd/$u" "$root/lib/systemd/system/$u"
done
# The Linux console font (docs/OPERATIONS.md, « Écran »): GNU Unifont's
# glyphs for exactly the characters the kiosk draws in "glyphs": "console",
# 8×16 and 16×32 (console_font_size 16 or 32).
unifont=${UNIFONT_HEX:-/usr/share/unifont/unifont.hex}
[ -f "$unifont" ] || { echo "build-deb.sh: $unifont is missing (apt-get install unifont)" >&2; exit 66; }
install -d "$root/usr/share/borne/consolefonts"
"$binary" console-font --list > "$root/charset.txt"
python3 "$here/consolefont.py" "$unifont" "$root/charset.txt" 1 "$root/usr/share/borne/consolefonts/borne-8x16.psf"
python3 "$here/consolefont.py" "$unifont" "$root/charset.txt" 2 "$root/usr/share/borne/consolefonts/borne-16x32.psf"
rm "$root/charset.txt"
chmod 0644 "$root"/usr/share/borne/consolefonts/*.psf
install -m 0644 "$repo/systemd/99-borne-usb.rules" "$root/lib/udev/rules.d/99-borne-usb.rules"
install -m 0644 "$repo"/kiosk-config/*.json "$root/usr/share/borne/kiosk-config/"
install -m 0644 "$here/sync.env" "$root/etc/borne/sync.env"
install -m 0644 "$here/upload.env" "$root/etc/borne/upload.env"
install -m 0644 "$here/copyright" "$root/usr/share/doc/borne/copyright"
for d in OPERATIONS.md STATISTICS.md SYNC.md BUNDLES.md; do
  [ -f "$repo/docs/$d" ] && install -m 0644 "$repo/docs/$d" "$root/usr/share/doc/borne/$d"
done
gzip -9n < "$here/changelog.src" > "$root/usr/share/doc/borne/changelog.gz"
chmod 0644 "$root/usr/share/doc/borne/changelog.gz"

# borne(1): the --help texts of every command, as a man page.
"$here/manpage.sh" "$binary" "$version" | gzip -9n > "$root/usr/share/man/man1/borne.1.gz"
chmod 0644 "$root/usr/share/man/man1/borne.1.gz"

for s in postinst prerm postrm; do install -m 0755 "$here/$s" "$root/DEBIAN/$s"; done
printf '/etc/borne/sync.env\n/etc/borne/upload.env\n' > "$root/DEBIAN/conffiles"
size=$(du -k -s --exclude=DEBIAN "$root" | cut -f1)
# Depends are written out in control, never computed from the binary
# (dpkg-shlibdeps): libcurl4 and libssl3 (libcurl.so.4, libssl.so.3,
# libcrypto.so.3) are opened with dlopen on first use, so borne's DT_NEEDED
# does not name them (docs/ARCHITECTURE.md, "Libraries loaded on first use").
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" "$here/control" > "$root/DEBIAN/control"
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum > DEBIAN/md5sums)
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/conffiles" "$root/DEBIAN/md5sums"

deb="$out/borne_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Z"${DEB_COMPRESSION:-xz}" --build "$root" "$deb" >/dev/null
echo "$deb"
