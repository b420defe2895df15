#!/usr/bin/env bash
# bench/paste.sh — how long a tap waits behind a huge paste (issue: 2 MB
# pasted on the kiosk's terminal froze it for 9 minutes; target: the tap is
# answered <= 50 ms after the paste).
#
# The release kiosk runs in tmux (120x36, bundled content). For each run:
# 2 MB of text (UTF-8, escape sequences, control characters) is pasted with
# `tmux paste-buffer`, then a tap on "Où dormir ?" is sent behind it. Two
# figures, wall clock, polled with `tmux capture-pane` every ~2 ms:
#   total: from the start of the paste to the list on screen (tmux writing
#          2 MB into the pty and the kiosk draining it, plus the tap);
#   after: from the moment the kiosk has read everything (the pane tty's
#          input queue, `FIONREAD`, empty for good: the tap is its last bytes)
#          to the list on screen.
# "after" is the issue's figure: the tap is answered that long after the paste.
#
# Usage: bench/paste.sh [RUNS]      (default 5; BORNE_BIN=PATH, default .build/release/borne)
# Needs tmux and python3. Prints one line per run and the medians.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RUNS="${1:-5}"
BIN="${BORNE_BIN:-$ROOT/.build/release/borne}"
[ -x "$BIN" ] || { echo "paste.sh: $BIN not built (swift build -c release)" >&2; exit 66; }
command -v tmux >/dev/null || { echo "paste.sh: tmux is missing (apt-get install tmux)" >&2; exit 69; }
WORK="$(mktemp -d /tmp/borne-paste.XXXXXX)"
SOCK=""
trap '[ -z "$SOCK" ] || tmux -L "$SOCK" kill-server 2>/dev/null || true; rm -rf "$WORK"' EXIT

python3 - "$WORK/paste.txt" <<'PY'
import sys
line = "Lorem ipsum dolor sit amet, été à Vic-sur-Cère \x1b[1;5C ^C \x03 ctrl\n"
data = (line * (2_000_000 // len(line.encode()) + 1)).encode()[:2_000_000]
open(sys.argv[1], "wb").write(data)
PY

now_ms() { python3 -c 'import time; print(f"{time.monotonic()*1000:.1f}")'; }

results=()
for run in $(seq 1 "$RUNS"); do
    SOCK="borne-paste-$$-$run"    # a fresh tmux server per run
    tmux -L "$SOCK" new-session -d -s kiosk -x 120 -y 36 \
        "env TERM=xterm-256color LANG=C.UTF-8 $BIN kiosk --config kiosk-config/vic-sur-cere.json --content content --data-dir $WORK/data 2>>$WORK/stderr.log"
    for _ in $(seq 1 200); do
        tmux -L "$SOCK" capture-pane -p -t kiosk | grep -q "Touchez une rubrique" && break
        sleep 0.05
    done
    TTY="$(tmux -L "$SOCK" display-message -p -t kiosk '#{pane_tty}')"
    read -r COL ROW < <(tmux -L "$SOCK" capture-pane -p -t kiosk | python3 -c '
import sys
for i, l in enumerate(sys.stdin.read().split("\n")):
    j = l.find("Où dormir ?")
    if j >= 0: print(j + 2, i + 1); break')
    # One python process times it all: paste, tap, queue drained, list on screen.
    python3 - "$SOCK" "$WORK/paste.txt" "$TTY" "$COL" "$ROW" <<'PY' | tee -a "$WORK/results.txt"
import fcntl, os, struct, subprocess, sys, termios, time
sock, paste, tty, col, row = sys.argv[1:6]
def tmux(*a, **k): return subprocess.run(["tmux", "-L", sock, *a], capture_output=True, text=True, **k)
fd = os.open(tty, os.O_RDONLY | os.O_NOCTTY | os.O_NONBLOCK)
def queued(): return struct.unpack("i", fcntl.ioctl(fd, termios.FIONREAD, b"\0\0\0\0"))[0]
tmux("load-buffer", "-b", "flood", paste)
t0 = time.monotonic()
tmux("paste-buffer", "-d", "-b", "flood", "-t", "kiosk")
seq = f"\x1b[<0;{col};{row}M\x1b[<0;{col};{row}m"
tmux("send-keys", "-t", "kiosk", "-l", seq)
t_sent = time.monotonic()
drained = None
while True:
    now = time.monotonic()
    # The last moment the kiosk's input queue became empty (the tap is the last thing in it).
    if queued() > 0: drained = None
    elif drained is None: drained = now
    if "Retour" in tmux("capture-pane", "-p", "-t", "kiosk").stdout: break
    if now - t0 > 900: print("timeout: no answer after 900 s"); sys.exit(1)
    time.sleep(0.002)
t1 = time.monotonic()
print(f"total {1000*(t1-t0):.1f} ms  sent {1000*(t_sent-t0):.1f} ms  after {1000*(t1-(drained or t1)):.1f} ms")
PY
    tmux -L "$SOCK" kill-server 2>/dev/null || true
    SOCK=""
done
python3 - "$WORK/results.txt" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.startswith("total")]
tot = [float(r[1]) for r in rows]; aft = [float(r[7]) for r in rows]
print(f"median over {len(rows)} runs: total {statistics.median(tot):.1f} ms, tap answered {statistics.median(aft):.1f} ms after the paste was read (max {max(aft):.1f} ms)")
PY
