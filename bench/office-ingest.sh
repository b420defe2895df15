#!/usr/bin/env bash
# bench/office-ingest.sh — how fast the office ingests batches.
# Simulates the seed-2020 year at BENCH_SCALE (default 20: about 1.1 million
# touches over seven kiosks), writes it as batches with heartbeats (as the
# kiosks' uploaders would), trusts the kiosks, then times:
#   1. `borne office ingest` into an empty database (decode, verify, store);
#   2. the same ingest again (every file already stored: skipped by MAC);
#   3. `borne office report --year 2020` on the result.
# Needs `borne office` and `borne simulate` wired in Sources/borne/main.swift,
# and sqlite3, bc and /usr/bin/time (Debian: sqlite3, bc, time).
#
# Usage: bench/office-ingest.sh        (builds release first unless BENCH_SKIP_BUILD=1)
# Environment: BENCH_SCALE=F, BORNE_BIN=PATH (a borne binary to use)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SCALE="${BENCH_SCALE:-20}"
OUT="$ROOT/bench/out/office"
if [[ -z "${BORNE_BIN:-}" ]]; then
    [[ "${BENCH_SKIP_BUILD:-}" == 1 ]] || swift build -c release --product borne >&2
    BORNE_BIN="$(swift build -c release --show-bin-path)/borne"
fi
rm -rf "$OUT"
mkdir -p "$OUT"
echo "== simulate seed-2020 × $SCALE" >&2
"$BORNE_BIN" simulate --profile seed-2020 --year 2020 --out "$OUT/kiosks" --scale "$SCALE" --collector "$OUT/dav" >&2
for dir in "$OUT"/kiosks/*/; do
    k="$(basename "$dir")"
    "$BORNE_BIN" office trust "$k" --key "$dir/keys/stats.key" --db "$OUT/office.db" >/dev/null
done
bytes=$(du -sb "$OUT/dav" | cut -f1)
echo "== batches: $(find "$OUT/dav" -name '*.batch' | wc -l) files, $bytes bytes" >&2
# Wall time depends on whatever else the machine runs; CPU time (user + sys) less so: both are shown.
t() { /usr/bin/time -f "%e %U %S" -o "$OUT/time" "$@" >&2; read -r wall user sys < "$OUT/time"; echo "$wall $user $sys"; }
echo "== first ingest" >&2
read -r w1 u1 s1 <<< "$(t "$BORNE_BIN" office ingest "$OUT/dav" --db "$OUT/office.db" --now 2021-01-03T00:00:00Z)"
echo "== second ingest (all stored already)" >&2
read -r w2 u2 s2 <<< "$(t "$BORNE_BIN" office ingest "$OUT/dav" --db "$OUT/office.db" --now 2021-01-03T00:00:00Z)"
echo "== report" >&2
read -r w3 u3 s3 <<< "$(t "$BORNE_BIN" office report --db "$OUT/office.db" --year 2020 --format csv --out "$OUT/report.csv")"
touches=$(sqlite3 "$OUT/office.db" "SELECT count(*) FROM touches")
rate() { echo "$touches / $1" | bc; }
cpu1=$(echo "$u1 + $s1" | bc)
echo "touches stored: $touches"
echo "first ingest:  ${w1} s wall ($(rate "$w1") touches/s), ${cpu1} s CPU ($(rate "$cpu1") touches per CPU-second)"
echo "second ingest: ${w2} s wall (every file skipped as already stored)"
echo "report 2020:   ${w3} s wall"
