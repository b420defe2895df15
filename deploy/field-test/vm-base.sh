#!/bin/bash
# The VM's tree for `make field-test-vm`: the cached debootstrap tree of
# base.sh plus a Debian kernel and an initrd that can mount a virtio root
# (virtio_pci, virtio_blk, ext4). Made once (60–200 s), cached next to the
# base tree; prints its path.
#
#   deploy/field-test/vm-base.sh CACHE BASE
set -euo pipefail
CACHE=$1 BASE=$2
TREE=$BASE-vm
[ -e "$TREE/boot/vmlinuz" ] && [ -e "$TREE/boot/initrd.img" ] && { echo "$TREE"; exit 0; }
rm -rf "$TREE.tmp" "$TREE"
cp -a "$BASE" "$TREE.tmp"
mkdir -p "$TREE.tmp/etc/initramfs-tools"
printf 'virtio_pci\nvirtio_blk\next4\n' >> "$TREE.tmp/etc/initramfs-tools/modules"
mkdir -p "$TREE.tmp/etc/initramfs-tools/conf.d"
echo MODULES=list > "$TREE.tmp/etc/initramfs-tools/conf.d/borne-vm"
systemd-nspawn -q -D "$TREE.tmp" --register=no --keep-unit sh -c '
  set -e
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends linux-image-amd64 initramfs-tools
  apt-get clean
  cd /boot
  ln -sf $(ls vmlinuz-* | head -1) vmlinuz
  ln -sf $(ls initrd.img-* | head -1) initrd.img
' > "$CACHE/vm-base.log" 2>&1 || { echo "kernel install failed: see $CACHE/vm-base.log" >&2; exit 1; }
mv "$TREE.tmp" "$TREE"
echo "$TREE"
