#!/bin/bash
# The cached Debian 12 tree the field test boots (debootstrap minbase + what
# the .deb needs, so that `apt-get install ./borne.deb` needs no network
# inside). Built once per package list into $CACHE/bookworm-HASH (150–220 s),
# reused after that; each run boots an --ephemeral copy, so it stays clean.
#   base.sh CACHE-DIR   prints the tree's path on stdout
# udev: its postinst creates the "input" group on a standard install; the
# .deb also creates it when missing (minbase has none), which the test checks
# by leaving udev in. kbd: setfont, for the console font the kiosk loads.
set -euo pipefail
CACHE=${1:?usage: base.sh CACHE-DIR}
INCLUDE=systemd,systemd-sysv,dbus,udev,kbd,libncursesw6,libtinfo6,libsqlite3-0,libcurl4,libssl3,libqrencode4,zlib1g,libstdc++6,passwd,ca-certificates,python3-minimal
KEY=$(echo "$INCLUDE" | sha256sum | cut -c1-12)
TREE=$CACHE/bookworm-$KEY
mkdir -p "$CACHE"
# One debootstrap at a time: `make field-test` starts one in the background
# while it builds, and run.sh asks again (it then waits here and reuses it).
exec 9>"$CACHE/.base.lock"
flock 9
if [ ! -x "$TREE/lib/systemd/systemd" ]; then
  MIRROR=${MIRROR:-$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)}
  MIRROR=${MIRROR:-http://deb.debian.org/debian}
  mkdir -p "$CACHE"
  rm -rf "$TREE.tmp"
  debootstrap --variant=minbase --include="$INCLUDE" bookworm "$TREE.tmp" "$MIRROR" >"$CACHE/debootstrap-$KEY.log" 2>&1 \
    || { echo "debootstrap failed: see $CACHE/debootstrap-$KEY.log" >&2; exit 1; }
  echo borne-field > "$TREE.tmp/etc/hostname"
  : > "$TREE.tmp/etc/machine-id"      # each boot gets a fresh one
  # A minbase tree has no "input" group unless udev made it: remove it so the
  # test sees the package create it, as on a machine without udev's groups.
  chroot "$TREE.tmp" groupdel input 2>/dev/null || true
  apt-get clean -o Dir="$TREE.tmp" 2>/dev/null || true
  mv "$TREE.tmp" "$TREE"
fi
echo "$TREE"
