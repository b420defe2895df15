#!/bin/bash
# The USB stick through udev, in a VM: `make field-test-vm` (docs/OPERATIONS.md,
# « Sur le terrain »). udevd does not run in a container, so this boots the
# kiosk image in QEMU (TCG: no KVM here; kernel + initrd booted directly),
# hot-plugs a FAT stick labelled BORNE (QMP blockdev-add + device_add
# usb-storage) holding a published bundle and the office's receipts
# (`borne office stick prepare`), and checks: udev starts borne-usb@sda,
# the content is installed, the kiosk (running on tty1 with no content)
# shows it, and the statistics (heartbeat, a batch of the 20 sessions from
# `borne simulate` put in the image) land on the stick, read back on the host
# with mtools after the unplug and ingested as the office would; then the
# second visit: the office's new receipt copied onto the stick, plugged
# again, the kiosk acknowledges the touches and removes its batch from the
# stick. Exits 1 if any check failed.
#
#   deploy/field-test/vm.sh DEB
#
# Environment: CACHE (default /var/tmp/borne-field: base.sh's tree, plus
# vm-base.sh's copy with a kernel, 60–200 s to make once), OUT (results:
# summary.txt, checks.log, serial.log; default a new directory under /tmp).
# Needs root (systemd-nspawn to install the .deb in the image); installs
# qemu-system-x86 mtools dosfstools e2fsprogs on the host when missing.
# Under TCG on a loaded 2-core machine the boot alone takes 30–90 s.
set -uo pipefail
DEB=$(readlink -f "${1:?usage: vm.sh DEB}")
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
CACHE=${CACHE:-/var/tmp/borne-field}
OUT=${OUT:-$(mktemp -d /tmp/borne-field-vm-XXXXXX)}
KIOSK=st-jacques-des-blats
# shellcheck source=deploy/field-test/common.sh
. "$HERE/common.sh"

[ "$(id -u)" = 0 ] || die "needs root (systemd-nspawn builds the image)"

# --- host tools, the cached trees ------------------------------------------------------
host_packages --no-install-recommends -- systemd-container debootstrap python3 bc qemu-system-x86 mtools dosfstools e2fsprogs
s=$(now)
BASE=$("$HERE/base.sh" "$CACHE") || die "base tree (see $CACHE/debootstrap-*.log)"
VMBASE=$("$HERE/vm-base.sh" "$CACHE" "$BASE") || die "kernel tree (see $CACHE/vm-base.log)"
log "trees $VMBASE ($(since "$s")s)"

# --- test content, the office's database (host side) -------------------------------------
W=$OUT/work
mkdir -p "$W"
QEMU=""
# the image tree and the image (about 1 GB written) are made again each run: not kept
cleanup() { [ -n "$QEMU" ] && kill -0 "$QEMU" 2>/dev/null && kill "$QEMU" && sleep 0.5; rm -rf "$W/root.img" "$W/root"; }
trap cleanup EXIT
test_content "$KIOSK" "$W/stick/borne"

# --- the image: the .deb installed and set up for St Jacques, the test unit --------------
s=$(now)
ROOT=$W/root
cp -a "$VMBASE" "$ROOT" || die "copy of $VMBASE"
cp "$DEB" "$ROOT/root/borne.deb"
install -m 0755 "$HERE/vm/borne-vmtest" "$ROOT/usr/local/sbin/borne-vmtest"
install -D -m 0644 "$HERE/vm/screen.py" "$ROOT/usr/local/lib/borne-vmtest/screen.py"
install -m 0644 "$HERE/vm/borne-vmtest.service" "$ROOT/etc/systemd/system/borne-vmtest.service"
systemd-nspawn -q -D "$ROOT" --register=no --keep-unit sh -c "
  set -e
  DEBIAN_FRONTEND=noninteractive apt-get install -y /root/borne.deb
  rm /root/borne.deb
  # statistics for the stick to carry: a year of St Jacques' sessions as its
  # kiosk would have recorded them (borne simulate: 20 sessions)
  borne simulate --profile seed-2020 --year 2020 --kiosk $KIOSK --scale 0.05 --out /root/sim
  mkdir -p /var/lib/borne/stats
  cp /root/sim/$KIOSK/sessions.db /var/lib/borne/
  cp /root/sim/$KIOSK/stats/seq-floor /var/lib/borne/stats/
  chown -R borne:borne /var/lib/borne
  rm -rf /root/sim
  borne setup --kiosk $KIOSK
  sed -i 's/\"trusted_keys\": \[\]/\"trusted_keys\": [\"$PUB\"]/' /etc/borne/kiosk.json
  grep -q '$PUB' /etc/borne/kiosk.json
  # postinst enables the units only on a running systemd (not in an image)
  systemctl enable borne-kiosk.service borne-upload.service borne-sync.timer borne-vmtest.service
  echo borne-vm > /etc/hostname
  echo 'root:borne' | chpasswd
" > "$OUT/image.log" 2>&1
rc=$?
check "image: apt-get install ./borne.deb, borne setup --kiosk $KIOSK, test key trusted (rc=$rc)" test "$rc" = 0
[ "$rc" = 0 ] || die "image (see $OUT/image.log)"
cp "$ROOT/var/lib/borne/keys/stats.key" "$W/stats.key"
cp -L "$ROOT/boot/vmlinuz" "$W/vmlinuz" && cp -L "$ROOT/boot/initrd.img" "$W/initrd.img" || die "kernel/initrd in $ROOT/boot"
rm -f "$W/root.img"
truncate -s 2G "$W/root.img"
mkfs.ext4 -q -F -L borne-root -d "$ROOT" "$W/root.img" > "$OUT/mkfs.log" 2>&1 || die "mkfs.ext4 -d (see $OUT/mkfs.log)"
rm -rf "$ROOT"
log "image $W/root.img ($(since "$s")s)"

# --- the stick: bundle + receipts, FAT labelled BORNE -----------------------------------
{ "$B" office trust "$KIOSK" --key "$W/stats.key" --db "$W/office.db" \
  && "$B" office stick prepare "$W/stick" --db "$W/office.db"; } > "$W/office.log" 2>&1 \
  || die "office trust / stick prepare (see $W/office.log)"
check "stick prepared: bundle and receipt for $KIOSK" \
  test -s "$W/stick/borne/manifest.sig" -a -s "$W/stick/borne/receipts/$KIOSK.json"
STICK=$W/stick.img
rm -f "$STICK"
mkfs.vfat -C -n BORNE "$STICK" 65536 > "$OUT/stick-mkfs.log" 2>&1 \
  && MTOOLS_SKIP_CHECK=1 mcopy -s -i "$STICK" "$W/stick/borne" ::/ >> "$OUT/stick-mkfs.log" 2>&1 \
  || die "stick image (see $OUT/stick-mkfs.log)"
MTOOLS_SKIP_CHECK=1 mdir -/ -i "$STICK" ::/borne > "$OUT/stick-before.txt" 2>&1

# --- boot --------------------------------------------------------------------------------
SERIAL=$OUT/serial.log QMP=$W/qmp.sock
Q() { python3 "$HERE/vm/qmp.py" "$QMP" "$@"; }
s=$(now)
setsid qemu-system-x86_64 -machine q35 -accel tcg -m 1024 -smp 2 \
  -kernel "$W/vmlinuz" -initrd "$W/initrd.img" \
  -append "root=/dev/vda rw console=ttyS0 systemd.unit=multi-user.target" \
  -drive file="$W/root.img",if=virtio,format=raw,snapshot=on \
  -display none -vga std -serial file:"$SERIAL" -qmp unix:"$QMP",server=on,wait=off -nic none \
  -device qemu-xhci,id=xhci > "$OUT/qemu.log" 2>&1 &
QEMU=$!
wait_for() { # wait_for PATTERN SECONDS
  for i in $(seq $(($2 * 4))); do
    grep -aq "$1" "$SERIAL" 2>/dev/null && return 0
    kill -0 "$QEMU" 2>/dev/null || return 1
    sleep 0.25
  done
  return 1
}
wait_for "VMTEST: ready" 600 || die "guest not ready after $(since "$s")s (see $SERIAL, $OUT/qemu.log)"
log "boot to VMTEST: ready ($(since "$s")s)"
check "kiosk running on tty1 before the stick, never restarted" grep -aq "VMTEST: kiosk running NRestarts=0" "$SERIAL"

# --- plug ---------------------------------------------------------------------------------
s=$(now)
{ Q blockdev-add "{\"driver\": \"raw\", \"node-name\": \"stick\", \"file\": {\"driver\": \"file\", \"filename\": \"$STICK\"}}" \
  && Q device_add '{"driver": "usb-storage", "id": "stickdev", "drive": "stick", "bus": "xhci.0", "removable": true}'; } >> "$OUT/qmp.log" 2>&1
check "QMP: stick plugged (blockdev-add, device_add usb-storage)" test $? = 0
wait_for "VMTEST: done" 480 || die "guest did not finish after the plug ($(since "$s")s; see $SERIAL)"
log "plug to VMTEST: done ($(since "$s")s)"
unplug() { # unplug N: device_del, then close the image (the host may write it after)
  Q device_del "{\"id\": \"stickdev$1\"}" >> "$OUT/qmp.log" 2>&1
  for i in $(seq 40); do Q blockdev-del "{\"node-name\": \"stick$1\"}" >> "$OUT/qmp.log" 2>&1 && return 0; sleep 0.5; done
  return 1
}
check "QMP: stick unplugged (device_del, blockdev-del)" unplug ""
grep -a "VMTEST:" "$SERIAL" | tr -d '\r' > "$OUT/vmtest.txt"

# --- checks -------------------------------------------------------------------------------
check "udev: the stick is usb, vfat, labelled BORNE" \
  sh -c "grep 'VMTEST: udev:' $OUT/vmtest.txt | grep 'ID_BUS=usb' | grep 'ID_FS_TYPE=vfat' | grep -q 'ID_FS_LABEL=BORNE'"
check "udev started borne-usb@sda.service" grep -q "VMTEST: units: .*borne-usb@sda.service" "$OUT/vmtest.txt"
check "borne-usb@sda finished (no failure in its journal)" \
  sh -c "grep -q 'VMTEST: | .*Finished.*borne-usb@sda' $OUT/vmtest.txt && ! grep -Eq 'VMTEST: \\| .*(Failed|failed with result)' $OUT/vmtest.txt"
check "stick unmounted by the unit" grep -q "VMTEST: mounts after: 0" "$OUT/vmtest.txt"
check "content installed (/var/lib/borne/content/current/items)" \
  sh -c "grep -q 'VMTEST: content after: .*current' $OUT/vmtest.txt && ! grep -q 'VMTEST: items: 0$' $OUT/vmtest.txt"
check "the kiosk, still the same process, shows the new content (home: Office de Tourisme)" \
  sh -c "sed -n '/VMTEST: screen after:/,/VMTEST: journal borne-kiosk:/p' $OUT/vmtest.txt | grep -q 'Office de Tourisme' && ! sed -n '/VMTEST: screen before:/,/VMTEST: content before:/p' $OUT/vmtest.txt | grep -q 'Office de Tourisme' && grep -q 'VMTEST: kiosk after: running NRestarts=0' $OUT/vmtest.txt"
export MTOOLS_SKIP_CHECK=1
mdir -/ -i "$STICK" ::/borne > "$OUT/stick-after.txt" 2>&1
rm -rf "$W/stick-back"; mkdir -p "$W/stick-back"
mcopy -s -i "$STICK" ::/borne "$W/stick-back/" >> "$OUT/stick-after.txt" 2>&1
check "borne usb wrote its status report on the stick: ok, the bundle installed" \
  python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); print(s); sys.exit(not (s["ok"] and s["installed_id"] and s["kiosk_id"]==sys.argv[2]))' \
  "$W/stick-back/borne/status-$KIOSK.json" "$KIOSK"
check "statistics on the stick: stats/$KIOSK/ holds the heartbeat" test -s "$W/stick-back/borne/stats/$KIOSK/heartbeat.json"
ls -la "$W/stick-back/borne/stats/$KIOSK/" > "$OUT/stick-stats.txt" 2>&1
NB=$(ls "$W/stick-back/borne/stats/$KIOSK/" 2>/dev/null | grep -vc '^heartbeat.json$')
check "statistics on the stick: $NB batch file(s) besides the heartbeat" test "$NB" -gt 0
"$B" office ingest "$W/stick-back" --db "$W/office.db" > "$OUT/ingest.txt" 2>&1
rc=$?
log "office ingest: $(grep "lot(s)" "$OUT/ingest.txt")"
TOUCHES=$(sed -n "s/^$KIOSK: [0-9]* sessions, \([0-9]*\) touches.*/\1/p" "$OUT/image.log")
check "the office ingests the stick read back: $NB batch(es), the ${TOUCHES:-?} simulated touches, none refused" \
  sh -c "test $rc = 0 && grep -q '^$NB lot(s) enregistré(s), ${TOUCHES:-x} touche(s) nouvelle(s) .* 0 refusé(s)$' $OUT/ingest.txt"

# --- the second visit: the office's receipt back on the stick prunes the kiosk --------------
check "ingest wrote the receipt for $KIOSK" test -s "$W/stick-back/borne/receipts/$KIOSK.json"
mcopy -o -i "$STICK" "$W/stick-back/borne/receipts/$KIOSK.json" ::/borne/receipts/ >> "$OUT/stick-after.txt" 2>&1
s=$(now)
{ Q blockdev-add "{\"driver\": \"raw\", \"node-name\": \"stick2\", \"file\": {\"driver\": \"file\", \"filename\": \"$STICK\"}}" \
  && Q device_add '{"driver": "usb-storage", "id": "stickdev2", "drive": "stick2", "bus": "xhci.0", "removable": true}'; } >> "$OUT/qmp.log" 2>&1
check "QMP: stick plugged again with the receipt" test $? = 0
wait_for "VMTEST: visit 2 done" 480 || die "guest did not finish the second visit ($(since "$s")s; see $SERIAL)"
log "second plug to VMTEST: visit 2 done ($(since "$s")s)"
unplug 2
Q quit >> "$OUT/qmp.log" 2>&1
for i in $(seq 120); do kill -0 "$QEMU" 2>/dev/null || break; sleep 0.25; done
grep -a "VMTEST:" "$SERIAL" | tr -d '\r' > "$OUT/vmtest.txt"
grep "stats: receipt" "$OUT/vmtest.txt" | tail -1 | sed 's/.*borne usb: /visit 2: /' | while read -r l; do log "$l"; done
check "visit 2: a second borne-usb@ run, no failure, stick unmounted" \
  sh -c "test \$(grep -c 'VMTEST: | .*Finished borne-usb@' $OUT/vmtest.txt) -ge 2 && ! grep -Eq 'VMTEST: \\| .*(Failed|failed with result)' $OUT/vmtest.txt && grep -q 'VMTEST: visit 2 mounts after: 0' $OUT/vmtest.txt"
check "visit 2: the receipt acknowledged the ${TOUCHES:-?} touches and the kiosk removed its $NB batch file(s) from the stick" \
  sh -c "grep 'stats: receipt' $OUT/vmtest.txt | tail -1 | grep 'acknowledged up to ${TOUCHES:-x}, 0 pending; 0 batch file(s) written, 0 already on the stick, $NB removed'"
rm -rf "$W/stick-back2"; mkdir -p "$W/stick-back2"
mcopy -s -i "$STICK" ::/borne "$W/stick-back2/" >> "$OUT/stick-after.txt" 2>&1
ls -la "$W/stick-back2/borne/stats/$KIOSK/" > "$OUT/stick-stats-2.txt" 2>&1
check "visit 2: on the stick read back, the heartbeat and no batch" \
  sh -c "test -s $W/stick-back2/borne/stats/$KIOSK/heartbeat.json && test \$(ls $W/stick-back2/borne/stats/$KIOSK/ | grep -vc '^heartbeat.json\$') = 0"
check "visit 2: status ok, content unchanged" \
  python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); print(s); sys.exit(not (s["ok"] and not s["manifest_changed"]))' \
  "$W/stick-back2/borne/status-$KIOSK.json"
finish
