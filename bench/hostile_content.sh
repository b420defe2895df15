#!/usr/bin/env bash
# bench/hostile_content.sh — hostile inputs 7: the contractor's commands on
# inputs built to be slow, timed on the release binary:
#   (a) `borne content inspect` of a 200,000-point GPX (about 19 MB), aim <= 2 s;
#   (b) `borne content build` of a 9 KB zip holding 3,000,001 empty APIDAE
#       objects: one summarising line instead of 3 million, linear time.
# Prints one line per case: median wall and CPU time of RUNS runs, peak RSS, output lines
# (on a shared machine the CPU time is the figure to compare; the load is printed).
# The tests check the summarising (ApidaeRepeatsTests), never the time.
#
# Usage: bench/hostile_content.sh   (BORNE_BIN=PATH to time another binary; RUNS=N, default 3)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="$ROOT/bench/out/hostile"
RUNS="${RUNS:-3}"
BIN="${BORNE_BIN:-}"
if [ -z "$BIN" ]; then
    swift build -c release --product borne >&2
    BIN="$(swift build -c release --show-bin-path)/borne"
fi
rm -rf "$OUT"; mkdir -p "$OUT"

python3 - "$OUT" <<'EOF'
import os, random, sys, zipfile
out = sys.argv[1]
random.seed(1)
lat, lon, ele = 44.98, 2.62, 700.0
with open(os.path.join(out, "big.gpx"), "w") as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="bench" '
            'xmlns="http://www.topografix.com/GPX/1/1">\n<trk><name>big</name><trkseg>\n')
    for i in range(200000):
        lat += random.uniform(-1e-4, 1e-4); lon += random.uniform(-1e-4, 1e-4); ele += random.uniform(-1, 1)
        f.write(f'<trkpt lat="{lat:.7f}" lon="{lon:.7f}"><ele>{ele:.1f}</ele><time>2026-06-01T10:00:00Z</time></trkpt>\n')
    f.write('</trkseg></trk></gpx>\n')
with zipfile.ZipFile(os.path.join(out, "empty.zip"), "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    z.writestr("objets_modifies/objets_modifies-1.json", "[" + ",".join(["{}"] * 3000001) + "]")
EOF

# NAME EXPECTED_STATUS COMMAND...: median seconds, peak RSS (MB), output lines
measure() {
    local name="$1" want="$2"; shift 2
    local times=() cpus=() rss=0 lines=0 status
    for i in $(seq "$RUNS"); do
        rm -rf "$OUT/b"
        set +e
        /usr/bin/time -f "%e %U %S %M" -o "$OUT/time.txt" "$@" > "$OUT/$name.out" 2>&1
        status=$?
        set -e
        [ "$status" = "$want" ] || { echo "bench/hostile_content.sh: $name exited $status, expected $want:" >&2; tail -5 "$OUT/$name.out" >&2; exit 1; }
        # the last line: /usr/bin/time writes "Command exited with non-zero status" before it
        read -r t u sy m < <(tail -1 "$OUT/time.txt")
        times+=("$t"); cpus+=("$(echo "$u + $sy" | bc)"); rss=$(( m > rss ? m : rss ))
        lines=$(wc -l < "$OUT/$name.out")
    done
    median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    cpu=$(printf '%s\n' "${cpus[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    printf '%-34s median %6.2f s wall, %5.2f s CPU (user+sys) of %d runs, peak RSS %5d MB, %d output lines\n' \
        "$name" "$median" "$cpu" "$RUNS" "$((rss / 1024))" "$lines"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "binary: $BIN"
measure "inspect, 200,000-point GPX" 0 "$BIN" content inspect "$OUT/big.gpx"
measure "build, 3,000,001 empty objects" 65 "$BIN" content build --apidae "$OUT/empty.zip" --extra content --out "$OUT/b"
grep -m1 "objects without an id" "$OUT/build, 3,000,001 empty objects.out" || true
