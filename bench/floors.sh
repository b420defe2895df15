#!/usr/bin/env bash
# bench/floors.sh — the memory floors of a static Swift binary on this machine:
# peak PSS (bench/treerss.py, median of N runs) of tiny programs built as the
# .deb's binary is (`-static-stdlib`, -O): bench/floors/print.swift (runtime
# only), essentials.swift (FoundationEssentials only), foundation.swift
# (`import Foundation`, same work) and foundation-calendar.swift (plus one
# Europe/Paris calendar question: ICU's data paged in).
#
# Usage: bench/floors.sh [RUNS]    (default 5; binaries in bench/out/floors/)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-5}"
OUT="$ROOT/bench/out/floors"
mkdir -p "$OUT"
command -v swiftc >/dev/null || { echo "bench/floors.sh: error: swiftc not in PATH (Swift 6 toolchain, e.g. /opt/swift/usr/bin)" >&2; exit 69; }
echo "| Program (static, -O) | Peak PSS (MiB), median of $RUNS | Peak RSS (MiB) | Binary size (MiB) |"
echo "|---|---|---|---|"
for name in print essentials foundation foundation-calendar; do
    src="$ROOT/bench/floors/$name.swift"
    if [[ ! -x "$OUT/$name" || "$src" -nt "$OUT/$name" ]]; then
        swiftc -O -static-stdlib "$src" -o "$OUT/$name" 2>"$OUT/$name.log" \
            || { echo "bench/floors.sh: error: cannot build $src (swiftc -O -static-stdlib; see $OUT/$name.log)" >&2; exit 70; }
    fi
    pss=(); rss=()
    for _ in $(seq 1 "$RUNS"); do
        json="$(python3 "$ROOT/bench/treerss.py" --interval-ms 1 -- "$OUT/$name")" \
            || { echo "bench/floors.sh: error: bench/treerss.py failed on $OUT/$name" >&2; exit 70; }
        pss+=("$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["peak_tree_pss_kb"])' "$json")")
        rss+=("$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["peak_tree_rss_kb"])' "$json")")
    done
    med() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
    size="$(stat -c %s "$OUT/$name")"
    awk -v n="$name.swift" -v p="$(med "${pss[@]}")" -v r="$(med "${rss[@]}")" -v s="$size" \
        'BEGIN{printf "| %s | %.1f | %.1f | %.1f |\n", n, p/1024, r/1024, s/1048576}'
done
echo
echo "Load average: $(cut -d' ' -f1-3 /proc/loadavg)"
