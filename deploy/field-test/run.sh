#!/bin/bash
# The borne .deb under a real systemd: `make field-test` (README, « Sur le
# terrain »). Boots a minimal Debian 12 with systemd as PID 1 in
# systemd-nspawn (--ephemeral copy of a cached debootstrap tree), installs the
# package and checks, for real: install, setup, sync, the kiosk on a real
# virtual console (the host's /dev/tty1 bound in, read back from /dev/vcsu1)
# drawing home with its console font's characters only, a tap as an xterm
# mouse report and a touch through the evdev path opening a section,
# watchdog, kill -9, exit 10, upload (and exit 78 without a password file),
# the sync timer, the 4G kiosk's rounds (setup, the timer's run skipped), doctor,
# remove, purge. Exits 1 if any check failed.
#
#   deploy/field-test/run.sh DEB
#
# Environment: CACHE (default /var/tmp/borne-field: the debootstrap tree,
# 150–220 s to make once), PORT (default 28080, loopback HTTP server), OUT
# (results: summary.txt, checks.log, journal.txt, screens; default a new
# directory under /tmp). Needs root, /dev/tty1 and /dev/vcsu1; installs
# systemd-container debootstrap python3 bc on the host when missing.
#
# This host's PID 1 is not systemd and its cgroups are v1: nspawn runs with
# --register=no --keep-unit (no machined, no scope through a host bus).
set -uo pipefail
DEB=$(readlink -f "${1:?usage: run.sh DEB}")
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
CACHE=${CACHE:-/var/tmp/borne-field}
PORT=${PORT:-28080}
OUT=${OUT:-$(mktemp -d /tmp/borne-field-XXXXXX)}
F="python3 $HERE/field.py"
# shellcheck source=deploy/field-test/common.sh
. "$HERE/common.sh"

[ "$(id -u)" = 0 ] || die "needs root (systemd-nspawn, the host's /dev/tty1)"
[ -c /dev/tty1 ] && [ -c /dev/vcsu1 ] || die "needs /dev/tty1 and /dev/vcsu1 (a virtual console) on the host"

# --- host tools and the cached tree ---------------------------------------------
host_packages -- systemd-container debootstrap python3 bc
s=$(now)
BASE=$("$HERE/base.sh" "$CACHE") || die "base tree (see $CACHE/debootstrap-*.log)"
log "base tree $BASE ($(since "$s")s)"

# --- test content and the loopback servers (host side) ----------------------------
W=$OUT/work
mkdir -p "$W/collect"
test_content thiezac "$W/www/borne"
setsid $F httpd "$PORT" "$W/www" "$W/collect" > "$W/httpd.log" 2>&1 &
HTTPD=$!
for i in $(seq 50); do python3 -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$PORT/borne/manifest.json')" 2>/dev/null && break; sleep 0.1; done
kill -0 "$HTTPD" 2>/dev/null || die "HTTP server on 127.0.0.1:$PORT (port in use? set PORT=): $(tail -1 "$W/httpd.log")"

TTY1_STAT="$(stat -c '%u:%g %a' /dev/tty1)"
cleanup() {
  [ -n "${NSPAWN:-}" ] && kill -TERM "$NSPAWN" 2>/dev/null && { for i in $(seq 300); do kill -0 "$NSPAWN" 2>/dev/null || break; sleep 0.2; done; }
  kill "$HTTPD" 2>/dev/null
  # the container's systemd chowns the bound node
  chown "${TTY1_STAT% *}" /dev/tty1; chmod "${TTY1_STAT#* }" /dev/tty1
}
trap cleanup EXIT

# --- boot ----------------------------------------------------------------------------
MACHINE=borne-field
s=$(now)
setsid systemd-nspawn -D "$BASE" --ephemeral -b --register=no --keep-unit --console=read-only -M "$MACHINE" \
  --bind-ro="$DEB:/root/borne.deb" --bind=/dev/tty1 > "$OUT/console.log" 2>&1 &
NSPAWN=$!
LEADER=""
for i in $(seq 300); do
  # the container's PID 1: a systemd whose pid in its own namespace is 1, under our nspawn
  for p in $(pgrep -x systemd); do
    grep -qs "NSpid:.*[[:space:]]1$" /proc/$p/status || continue
    q=$p; while [ "$q" -gt 1 ] && [ "$q" != "$NSPAWN" ]; do q=$(awk '/^PPid:/{print $2}' /proc/$q/status 2>/dev/null || echo 1); done
    [ "$q" = "$NSPAWN" ] && LEADER=$p
  done
  [ -n "$LEADER" ] && [ -S /proc/$LEADER/root/run/systemd/private ] && break
  sleep 0.1
done
[ -n "$LEADER" ] || die "container did not start (see $OUT/console.log)"
C() { nsenter -t "$LEADER" -a "$@"; }
CQ() { nsenter -t "$LEADER" -a sh -c "$1"; }     # one shell line inside
ROOT=/proc/$LEADER/root
state=$(C systemctl is-system-running --wait 2>&1)
log "boot: systemd PID 1 in the container (host pid $LEADER), is-system-running=$state ($(since "$s")s)"
check "system running, no failed unit" test "$state" = running

# --- install, setup ------------------------------------------------------------------
check "no group input before install (as on a system without udev's groups)" sh -c "! grep -q '^input:' $ROOT/etc/group"
s=$(now)
C env DEBIAN_FRONTEND=noninteractive apt-get install -y /root/borne.deb > "$OUT/install.log" 2>&1
rc=$?
log "apt-get install ./borne.deb: rc=$rc ($(since "$s")s)"
check "apt-get install succeeds" test "$rc" = 0
check "units enabled by postinst" C systemctl is-enabled borne-kiosk.service borne-upload.service borne-sync.timer
check "borne user, /var/lib/borne 0750 borne:borne" sh -c "nsenter -t $LEADER -a stat -c '%U:%G %a' /var/lib/borne | grep -qx 'borne:borne 750'"
check "postinst created the system group input (kiosk's SupplementaryGroups=)" \
  sh -c "awk -F: '\$1==\"input\" && \$3<1000 {ok=1} END{exit !ok}' $ROOT/etc/group"
# The console font: the package's table holds every character the kiosk can draw.
$F psf "$ROOT/usr/share/borne/consolefonts/borne-8x16.psf" > "$OUT/font-8x16.txt" 2>&1
C borne console-font --list > "$OUT/charset.txt" 2>&1
check "console font 8x16: 512 glyphs, its table holds all of borne console-font --list" \
  sh -c "head -1 $OUT/font-8x16.txt | grep -q '512 glyphs 8x16' && grep -v '^#' $OUT/font-8x16.txt | sort > $W/t && sort $OUT/charset.txt | comm -23 - $W/t | tee -a /dev/stderr | wc -l | grep -qx 0"
check "console font 16x32 present" sh -c "$F psf $ROOT/usr/share/borne/consolefonts/borne-16x32.psf | head -1 | grep -q '512 glyphs 16x32'"

s=$(now)
C borne setup --kiosk thiezac > "$OUT/setup.log" 2>&1
rc=$?
log "borne setup --kiosk thiezac: rc=$rc ($(since "$s")s)"
check "borne setup --kiosk thiezac" test "$rc" = 0
check "the shipped config draws for the console (glyphs console)" grep -q '"glyphs": "console"' "$ROOT/etc/borne/kiosk.json"
C sed -i "s/\"trusted_keys\": \[\]/\"trusted_keys\": [\"$PUB\"]/" /etc/borne/kiosk.json
CQ "echo 'BORNE_SYNC_ARGS=--source http://127.0.0.1:$PORT/borne' >> /etc/borne/sync.env
    echo 'BORNE_UPLOAD_ARGS=--target http://127.0.0.1:$PORT/collect --interval 1' >> /etc/borne/upload.env"

# --- the kiosk before any content: a waiting screen, not a restart loop ---------------
C systemctl start --no-block borne-kiosk.service
sleep 8
check "no content yet: the kiosk waits (running, not restarted)" \
  sh -c "nsenter -t $LEADER -a systemctl show -p SubState -p NRestarts borne-kiosk | tee -a /dev/stderr | tr '\n' ' ' | grep -q 'NRestarts=0 SubState=running'"
C systemctl stop borne-kiosk.service
C systemctl reset-failed borne-kiosk.service 2>/dev/null

# --- sync (oneshot, hardened) ----------------------------------------------------------
s=$(now)
C systemctl start borne-sync.service
check "borne-sync.service installs the content ($(since "$s")s)" C test -d /var/lib/borne/content/current/items

# --- the kiosk on tty1 -------------------------------------------------------------------
# The evdev path: a FIFO as the touch device (ranges from the config). Only a
# borne that has --touch-device knows the config's "touch" object.
TOUCH=no
if C borne kiosk --help 2>&1 | grep -q -- '--touch-device'; then
  TOUCH=yes
  C mkfifo -m 0600 /var/lib/borne/touch.fifo
  C chown borne:borne /var/lib/borne/touch.fifo
  C sed -i 's|"trusted_keys":|"touch": {"device": "/var/lib/borne/touch.fifo", "x_range": [0, 4095], "y_range": [0, 4095]},\n  "trusted_keys":|' /etc/borne/kiosk.json
fi
screen() { $F screen 1; }
tap() { $F tap /dev/tty1 "$@"; }
kpid() { C systemctl show -P MainPID borne-kiosk.service; }
# tty1's Unicode map emptied first, so the map read back after the start is
# the one the unit's ExecStartPre loaded.
$F unimapclr /dev/tty1 >> "$OUT/checks.log" 2>&1
$F unimap /dev/tty1 > "$OUT/unimap-before.txt"
s=$(now)
C systemctl start borne-kiosk.service
log "systemctl start borne-kiosk (Type=notify: returns on READY=1): rc=$? ($(since "$s")s)"
check "kiosk active/running with a STATUS=" \
  sh -c "nsenter -t $LEADER -a systemctl show -p SubState -p StatusText borne-kiosk | tee -a /dev/stderr | grep -q 'SubState=running' && nsenter -t $LEADER -a systemctl show -P StatusText borne-kiosk | grep -q ."
C journalctl -u borne-kiosk -o cat --no-pager | grep 'borne console-font' > "$OUT/console-font.txt"
check "ExecStartPre (root, before the kiosk) loaded the console font (journal)" \
  grep -q 'loaded on /dev/tty1' "$OUT/console-font.txt"
log "console font: $(tail -1 "$OUT/console-font.txt")"
$F unimap /dev/tty1 > "$OUT/unimap-tty1.txt"
check "tty1's Unicode map (GIO_UNIMAP) is the package font's: every character of the set" \
  sh -c "test ! -s $OUT/unimap-before.txt && sort $OUT/unimap-tty1.txt > $W/m && sort $OUT/charset.txt | comm -23 - $W/m | tee -a /dev/stderr | wc -l | grep -qx 0"
sleep 0.5; screen > "$OUT/screen-home.txt"
check "home screen drawn on tty1" grep -q "Office de Tourisme" "$OUT/screen-home.txt"
check "every character on tty1 is in the console font" $F covered "$ROOT/usr/share/borne/consolefonts/borne-8x16.psf" "$OUT/screen-home.txt"
tap 28,5; sleep 0.5; screen > "$OUT/screen-tap.txt"
check "a tap as an SGR mouse report (Randonnées) opens the list" grep -q "Accueil" "$OUT/screen-tap.txt"
check "every character of the list is in the console font" $F covered "$ROOT/usr/share/borne/consolefonts/borne-8x16.psf" "$OUT/screen-tap.txt"
# A hike with its map on its first 80×25 page: the first of the English
# list (its first hike, below the filter line).
tap 4,1; sleep 0.5; tap 24,25; sleep 0.5; tap 28,5; sleep 0.5; tap 20,8; sleep 1; screen > "$OUT/screen-hike.txt"
check "a hike's map on tty1 in quadrant blocks, no braille" \
  sh -c "grep -q '[▖▗▘▙▚▛▜▝▞▟]' $OUT/screen-hike.txt && ! grep -qP '[\x{2800}-\x{28FF}]' $OUT/screen-hike.txt"
check "every character of the hike is in the console font" $F covered "$ROOT/usr/share/borne/consolefonts/borne-8x16.psf" "$OUT/screen-hike.txt"
tap 4,1; sleep 0.5; tap 10,25; sleep 0.5; screen > "$OUT/screen-back.txt"    # home, in French again
check "back home, in French" sh -c "grep -q 'Office de Tourisme' $OUT/screen-back.txt && ! grep -q Accueil $OUT/screen-back.txt"
if [ "$TOUCH" = yes ]; then
  $F touch "$ROOT/var/lib/borne/touch.fifo" 80 25 28,5 >> "$OUT/checks.log" 2>&1; sleep 0.5; screen > "$OUT/screen-touch.txt"
  check "a touch as evdev records (FIFO touch device) opens the list" grep -q "Accueil" "$OUT/screen-touch.txt"
  tap 4,1; sleep 0.3
else
  check "a touch through the evdev path: installed borne has --touch-device" false
fi

# watchdog: SIGSTOP the main process; WatchdogSec=30 must kill and restart it
M=$(kpid); s=$(now)
C systemctl kill -s SIGSTOP --kill-who=main borne-kiosk.service
for i in $(seq 400); do [ "$(kpid)" != "$M" ] && [ "$(C systemctl show -P SubState borne-kiosk)" = running ] && break; sleep 0.25; done
log "SIGSTOP -> new main pid $(kpid) running after $(since "$s")s"
check "watchdog timeout killed the frozen kiosk" sh -c "nsenter -t $LEADER -a journalctl -u borne-kiosk -o cat | grep -q 'Watchdog timeout (limit 30s)'"
check "restarted after the watchdog" test "$(kpid)" != "$M" -a "$(kpid)" != 0

# kill -9: Restart=always
M=$(kpid); s=$(now)
C systemctl kill -s SIGKILL --kill-who=main borne-kiosk.service
for i in $(seq 100); do [ "$(kpid)" != "$M" ] && [ "$(kpid)" != 0 ] && [ "$(C systemctl show -P SubState borne-kiosk)" = running ] && break; sleep 0.1; done
log "SIGKILL -> running again after $(since "$s")s"
check "restarted after kill -9" test "$(kpid)" != "$M" -a "$(kpid)" != 0

# hardening, as enforced on the running process
HP=$(grep -ls "^NSpid:.*[[:space:]]$(kpid)$" /proc/[0-9]*/status | head -1 | cut -d/ -f3)
grep -E "^(Uid|Groups|NoNewPrivs|CapEff|CapBnd|Seccomp):" /proc/$HP/status > "$OUT/kiosk-proc-status.txt"
INPUT_GID=$(awk -F: '$1=="input"{print $3}' "$ROOT/etc/group")
check "kiosk: no capabilities, NoNewPrivs, seccomp, in group input" sh -c "grep -q 'CapBnd:.*0000000000000000' $OUT/kiosk-proc-status.txt && grep -q 'NoNewPrivs:.*1' $OUT/kiosk-proc-status.txt && grep -q 'Seccomp:.*2' $OUT/kiosk-proc-status.txt && grep -Eq '^Groups:.*\b$INPUT_GID\b' $OUT/kiosk-proc-status.txt"
check "kiosk: own network namespace (PrivateNetwork)" test "$(readlink /proc/$HP/ns/net)" != "$(readlink /proc/$LEADER/ns/net)"
check "kiosk: / read-only, /var/lib/borne writable" sh -c "awk '\$5==\"/\"{print \$6}' /proc/$HP/mountinfo | grep -q '^ro' && awk '\$5==\"/var/lib/borne\"{print \$6}' /proc/$HP/mountinfo | grep -q '^rw'"
for u in borne-kiosk.service borne-sync.service borne-upload.service borne-usb@sdb1.service; do
  echo "$u: $(C systemd-analyze security "$u" --no-pager 2>&1 | tail -1)" >> "$SUMMARY"
done
check "systemd-analyze verify" C systemd-analyze verify /lib/systemd/system/borne-kiosk.service /lib/systemd/system/borne-sync.service /lib/systemd/system/borne-sync.timer /lib/systemd/system/borne-upload.service /lib/systemd/system/borne-usb@.service

# exit 10 from the maintenance screen: 5 taps top-left, PIN 6147, Valider, Quitter
tap 1,1 1,1 1,1 1,1 1,1 55,11 25,7 25,11 25,15 52,19; sleep 0.5; screen > "$OUT/screen-maintenance.txt"
tap 12,14; sleep 4
check "exit 10: inactive, not failed, not restarted" sh -c "nsenter -t $LEADER -a systemctl show -p ActiveState -p ExecMainStatus borne-kiosk | tr '\n' ' ' | grep -q 'ExecMainStatus=10 ActiveState=inactive' && ! nsenter -t $LEADER -a systemctl is-failed -q borne-kiosk"

# --- upload daemon (Type=notify) ---------------------------------------------------------
# First without the password file the config names: exit 78, not restarted.
C systemctl start borne-upload.service
sleep 1
check "upload without collector.password: exits 78, failed, not restarted" \
  sh -c "nsenter -t $LEADER -a systemctl show -p ActiveState -p ExecMainStatus -p NRestarts borne-upload | tee -a /dev/stderr | tr '\n' ' ' | grep -q 'NRestarts=0 ExecMainStatus=78 ActiveState=failed'"
C systemctl reset-failed borne-upload.service
CQ "umask 027; echo secret > /etc/borne/collector.password; chgrp borne /etc/borne/collector.password"
s=$(now)
C systemctl start borne-upload.service
log "systemctl start borne-upload: rc=$? ($(since "$s")s)"
for i in $(seq 100); do ls "$W"/collect/collect/thiezac/*.batch >/dev/null 2>&1 && [ -f "$W/collect/collect/thiezac/heartbeat.json" ] && break; sleep 0.2; done
check "upload: batch + heartbeat PUT to the collector" sh -c "ls $W/collect/collect/thiezac/*.batch && test -f $W/collect/collect/thiezac/heartbeat.json"

# --- sync timer (a drop-in fires it 3 s after start instead of OnBootSec=3min) ------------
C mkdir -p /etc/systemd/system/borne-sync.timer.d
CQ "printf '[Timer]\nOnActiveSec=3s\nRandomizedDelaySec=0\n' > /etc/systemd/system/borne-sync.timer.d/ci.conf"
C systemctl daemon-reload
s=$(now)
C systemctl restart borne-sync.timer
for i in $(seq 240); do [ -n "$(C systemctl show -P LastTriggerUSec borne-sync.timer | grep -v '^n/a$')" ] && break; sleep 0.25; done
sleep 2
log "sync timer fired after $(since "$s")s"
check "borne-sync.timer triggered borne-sync.service" sh -c "nsenter -t $LEADER -a systemctl show -P LastTriggerUSec borne-sync.timer | grep -qv '^n/a$' && nsenter -t $LEADER -a systemctl show -P Result borne-sync.service | grep -qx success"
check "no 'Failed to set thread priority' from sync or upload" \
  sh -c "! nsenter -t $LEADER -a journalctl -u borne-upload -u borne-sync -o cat --no-pager | grep 'Failed to set thread priority'"

# --- the 4G kiosk's rounds: setup writes them, the timer's sync then skips (docs/SYNC.md) ---
C borne setup --kiosk pas-de-cere --etc /root/borne-4g --data-dir /root/borne-4g/data > "$OUT/setup-4g.log" 2>&1
check "borne setup --kiosk pas-de-cere: the rounds in upload.env" \
  C grep -qx 'BORNE_UPLOAD_ARGS=--with-sync --interval 60 --content-every 6 --upload-every 24' /root/borne-4g/upload.env
C cp -p /etc/borne/upload.env /root/upload.env.thiezac
CQ "grep '^BORNE_UPLOAD_ARGS=' /root/borne-4g/upload.env >> /etc/borne/upload.env"
C systemctl start borne-sync.service
check "rounds: borne-sync.service skipped by its ExecCondition, said in the journal, not failed" \
  sh -c "nsenter -t $LEADER -a journalctl -u borne-sync -o cat --no-pager | grep -q 'borne sync: skipped: borne-upload does the sync in rounds' && ! nsenter -t $LEADER -a systemctl is-failed -q borne-sync.service"
C cp -p /root/upload.env.thiezac /etc/borne/upload.env

C borne doctor > "$OUT/doctor.txt" 2>&1
check "borne doctor: healthy" grep -q "kiosk healthy" "$OUT/doctor.txt"

# --- remove, purge --------------------------------------------------------------------------
C systemctl start borne-kiosk.service
s=$(now)
C env DEBIAN_FRONTEND=noninteractive apt-get remove -y borne > "$OUT/remove.log" 2>&1
log "apt-get remove: rc=$? ($(since "$s")s)"
check "remove: units stopped, data and config kept" sh -c "! nsenter -t $LEADER -a systemctl is-active -q borne-kiosk borne-upload borne-sync.timer && test -d $ROOT/var/lib/borne/content -a -f $ROOT/etc/borne/kiosk.json"
C rm -rf /etc/systemd/system/borne-sync.timer.d      # this test's own drop-in: not the package's to remove
s=$(now)
C env DEBIAN_FRONTEND=noninteractive apt-get purge -y borne > "$OUT/purge.log" 2>&1
log "apt-get purge: rc=$? ($(since "$s")s)"
check "purge: /var/lib/borne, /etc/borne, user borne gone" sh -c "! test -e $ROOT/var/lib/borne && ! test -e $ROOT/etc/borne && ! nsenter -t $LEADER -a getent passwd borne"
CQ 'ls /etc/systemd/system/*.wants/ | grep borne; ls /etc/systemd/system/ | grep borne' > "$OUT/leftovers.txt" 2>&1
check "purge: no enablement symlink left" test ! -s "$OUT/leftovers.txt"

C journalctl -b --no-pager -o short-monotonic > "$OUT/journal.txt" 2>&1
s=$(now)
kill -TERM "$NSPAWN"; for i in $(seq 600); do kill -0 "$NSPAWN" 2>/dev/null || break; sleep 0.1; done
NSPAWN=""
log "container powered off ($(since "$s")s)"
finish
