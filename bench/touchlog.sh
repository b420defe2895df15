#!/usr/bin/env bash
# bench/touchlog.sh — tap-to-frame with touch logging on vs off.
#
# The kiosk records every tap in DATA/sessions.db (BorneStore's TouchRecorder:
# the tap is queued on the UI thread, a writer thread commits it with
# synchronous=FULL). `borne kiosk` has no switch to turn that off, so "off" is
# a benchmark-only build: the commit TOUCHLOG_REF (default HEAD) extracted by
# bench/build_ref.sh into bench/out/touchlog/src/, with `TouchLog.forward`
# (Sources/borne/TouchLog.swift) patched to return at once. "On" is built from
# the same copy before the patch, with the same flags, so the two binaries
# differ by that one line. Nothing in the working tree is touched. The session of bench/run.sh (bench/taps.txt on the 10,000 items) is
# replayed alternately on, off, off, on... in fresh processes and data dirs.
# Results go to docs/BENCHMARKS.md between <!-- touchlog-results:begin/end -->.
#
# Usage: bench/touchlog.sh       (standalone; bench/run.sh runs it with BENCH_TOUCHLOG=1)
# Environment:
#   TOUCHLOG_REF=COMMIT  the sources measured (default HEAD)
#   TOUCHLOG_PAIRS=N     on/off pairs of sessions (default 5: 10 sessions)
#   BENCH_CONFIG, BENCH_NO_DOC=1   as in bench/run.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="$ROOT/bench/out/touchlog"
SIZE=160x45
CLOCK=2027-07-13T10:30:00
CONFIG="${BENCH_CONFIG:-kiosk-config/vic-sur-cere.json}"
CONTENT10K="$ROOT/bench/out/content-10k"
TAPS=bench/taps.txt
PAIRS="${TOUCHLOG_PAIRS:-5}"
DOC=docs/BENCHMARKS.md
PATCHED=Sources/borne/TouchLog.swift

die() { echo "bench/touchlog.sh: error: $*" >&2; exit 1; }
step() { echo; echo "== $*" >&2; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
for cmd in swift python3 /usr/bin/time; do command -v "$cmd" >/dev/null 2>&1 || die "$cmd not found"; done
[[ -f "$TAPS" ]] || die "$TAPS not found (python3 bench/gen_taps.py writes it)"

# --- Two builds from one copy of the sources ----------------------------------
REF="${TOUCHLOG_REF:-HEAD}"
step "Building \"on\": $REF, apart from the working tree (bench/build_ref.sh)"
BIN_ON="$(bench/build_ref.sh "$REF" "$OUT")" || die "bench/build_ref.sh $REF failed"
SOURCES_STATE="$(git rev-parse --short "$REF^{commit}")"

step "Patching $PATCHED in the copy: TouchLog.forward returns at once"
python3 - "$OUT/src/$PATCHED" <<'EOF' || die "the patch no longer applies: TouchLog.forward changed; update bench/touchlog.sh"
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
head = "    func forward(_ reactions: [Reaction], contentVersion: String, monoNs: UInt64) {\n"
if s.count(head) != 1:
    sys.exit("touchlog: TouchLog.forward's signature not found")
s = s.replace(head, head + "        if TouchLog.benchOff { return }  // bench/touchlog.sh: logging off\n")
s = s.rstrip("\n") + "\n\nextension TouchLog { static let benchOff = true }\n"
open(p, "w", encoding="utf-8").write(s)
EOF
swift build -c release --package-path "$OUT/src" --scratch-path "$OUT/build-off" >&2 || die "release build (off) failed"
BIN_OFF="$(swift build -c release --package-path "$OUT/src" --scratch-path "$OUT/build-off" --show-bin-path)/borne"

# --- Inputs -------------------------------------------------------------------
if [[ ! -f "$CONTENT10K/items/manger.json" ]]; then
    step "Generating 10,000 items into $CONTENT10K"
    python3 bench/gen_content.py --count 10000 --out "$CONTENT10K" >&2 || die "bench/gen_content.py failed"
fi
step "Checking that the taps session lands with both binaries"
for b in "$BIN_ON" "$BIN_OFF"; do
    rm -rf "$OUT/data-check"
    python3 bench/gen_taps.py --check --bin "$b" --config "$CONFIG" --content "$CONTENT10K" \
        --data-dir "$OUT/data-check" --size "$SIZE" --clock "$CLOCK" --taps "$TAPS" >&2 \
        || die "the taps session does not land with $b (bench/gen_taps.py --check)"
done

# --- Sessions: on, off, off, on, on, off... (drift of the machine's load cancels) --
LOAD_BEFORE="$(load)"
step "Tap-to-frame: $PAIRS pairs of sessions, on and off alternately (load $LOAD_BEFORE)"
rm -rf "$OUT"/timings-*.txt "$OUT"/time-*.txt "$OUT"/rows-*.txt "$OUT"/session-*.txt "$OUT"/data-on-* "$OUT"/data-off-*
session() { # MODE INDEX
    local mode="$1" i="$2" bin data="$OUT/data-$1-$2"
    [[ "$mode" == on ]] && bin="$BIN_ON" || bin="$BIN_OFF"
    rm -rf "$data"; mkdir -p "$data"
    /usr/bin/time -v -o "$OUT/time-$mode-$i.txt" "$bin" kiosk --config "$CONFIG" --content "$CONTENT10K" \
        --data-dir "$data" --size "$SIZE" --clock "$CLOCK" --script "$TAPS" --dump-screen \
        --timings "$OUT/timings-$mode-$i.txt" > "$OUT/session-$mode-$i.txt" 2>&1 \
        || die "session $mode $i failed (see $OUT/session-$mode-$i.txt)"
    # Touches recorded: the patched build never opens the store, so it has no sessions.db at all.
    python3 -c "
import os, sqlite3, sys
if not os.path.exists(sys.argv[1]):
    print(0); sys.exit()
db = sqlite3.connect('file:' + sys.argv[1] + '?mode=ro', uri=True)
print(db.execute('select count(*) from touches').fetchone()[0])" "$data/sessions.db" > "$OUT/rows-$mode-$i.txt" \
        || echo "?" > "$OUT/rows-$mode-$i.txt"
}
for i in $(seq 1 "$PAIRS"); do
    if ((i % 2)); then session on "$i"; session off "$i"; else session off "$i"; session on "$i"; fi
done
LOAD_AFTER="$(load)"

{
    echo "load_before=$LOAD_BEFORE"
    echo "load_after=$LOAD_AFTER"
    echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "nproc=$(nproc)"
    echo "cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -1)"
    echo "commit=$SOURCES_STATE"
    echo "pairs=$PAIRS"
    echo "taps=$(grep -c '^tap ' "$TAPS")"
    echo "root=$ROOT"
} > "$OUT/machine.txt"

args=(--touchlog "$OUT")
[[ "${BENCH_NO_DOC:-}" == 1 ]] || args+=(--doc "$DOC")
python3 bench/report.py "${args[@]}" || die "bench/report.py --touchlog failed"
