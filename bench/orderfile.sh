#!/usr/bin/env bash
# bench/orderfile.sh — writes bench/kiosk-start.order, the functions a kiosk
# runs, in the order lld places them at the start of .text
# (`--symbol-ordering-file`, Package.swift, release builds): the code a
# kiosk touches then fills few pages instead of being spread over the whole
# 17 MiB .text, each page pulling its neighbours in (docs/BENCHMARKS.md,
# "Memory floor of the static binary"). Regenerate it when the kiosk's code
# changes much: names it lists that no longer exist are skipped by the linker,
# and new functions land outside the packed pages (more memory, never an error;
# `bench/orderfile.sh --check` says how much of the file still matches).
#
# Traces (valgrind --tool=callgrind, every function executed) of the release
# binary: a start on the bundled content, then the bench taps session on
# 10,000 generated items (bench/gen_content.py). The start's functions
# first, then those only the taps ran, each block sorted by name; only the
# borne binary's own. SwiftPM does not see the file as an input of the link:
# the script removes the release binary so that the next build links again.
#
# Usage: bench/orderfile.sh [--bin BORNE] [--check]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
ORDER=bench/kiosk-start.order
OUT=bench/out/orderfile
BIN=""
CHECK=0
while (($#)); do
    case "$1" in
        --bin) BIN="$2"; shift 2 ;;
        --check) CHECK=1; shift ;;
        *) echo "bench/orderfile.sh: error: unknown argument '$1' (--bin BORNE, --check)" >&2; exit 64 ;;
    esac
done
die() { echo "bench/orderfile.sh: error: $*" >&2; exit 1; }
if [[ -z "$BIN" ]]; then
    swift build -c release --static-swift-stdlib >&2 || die "release build failed (swift build -c release --static-swift-stdlib)"
    BIN="$(swift build -c release --static-swift-stdlib --show-bin-path)/borne"
fi
[[ -x "$BIN" ]] || die "no borne binary at $BIN"
if ((CHECK)); then
    [[ -f "$ORDER" ]] || die "$ORDER not found: run bench/orderfile.sh to write it"
    total=$(grep -c . "$ORDER")
    present=$(nm --defined-only "$BIN" | awk '{print $NF}' | sort -u | comm -12 - <(sort -u "$ORDER") | wc -l)
    echo "$ORDER: $present of $total functions are in $BIN"
    exit 0
fi
command -v valgrind >/dev/null || die "valgrind not installed (apt-get install valgrind)"
mkdir -p "$OUT"
python3 -c 'import json, sys; c = json.load(open(sys.argv[1])); c["survey"] = False; json.dump(c, open(sys.argv[2], "w"))' \
    kiosk-config/vic-sur-cere.json "$OUT/config.json" || die "cannot write $OUT/config.json"
[[ -d "$OUT/content-10k" ]] || python3 bench/gen_content.py --count 10000 --out "$OUT/content-10k" >&2 \
    || die "bench/gen_content.py failed"
: > "$OUT/empty.txt"
# The start: home, then a list (the village home is drawn from the item
# index's head; the items are read after it, and a list needs them).
printf 'tap tile:manger\n' > "$OUT/start.txt"
run() { # NAME CONTENT SCRIPT
    rm -rf "$OUT/data-$1"
    # A first start writes the caches a kiosk has (track and item indexes); the traced one reads them.
    "$BIN" kiosk --config "$OUT/config.json" --content "$2" --data-dir "$OUT/data-$1" --size 160x45 \
        --clock 2027-07-13T10:30:00 --script "$OUT/empty.txt" --dump-screen >/dev/null 2>"$OUT/$1.err" \
        || die "borne kiosk failed on $2 (see $OUT/$1.err)"
    valgrind --tool=callgrind --demangle=no --callgrind-out-file="$OUT/$1.callgrind" \
        "$BIN" kiosk --config "$OUT/config.json" --content "$2" --data-dir "$OUT/data-$1" --size 160x45 \
        --clock 2027-07-13T10:30:00 --script "$3" --dump-screen >/dev/null 2>"$OUT/$1.err" \
        || die "borne kiosk under callgrind failed on $2 with $3 (see $OUT/$1.err)"
}
run start content "$OUT/start.txt"
run taps "$OUT/content-10k" bench/taps.txt
python3 - "$BIN" "$OUT/start.callgrind" "$OUT/taps.callgrind" > "$ORDER.tmp" <<'PY' || die "cannot read the callgrind traces"
import os, re, sys
binary = os.path.realpath(sys.argv[1])
seen, order = set(), []
for trace in sys.argv[2:]:
    block = []
    names, objects, ob = {}, {}, None
    for line in open(trace, errors="replace"):
        m = re.match(r"^(ob|cob)=\((\d+)\)(?: (.*))?$", line.rstrip("\n"))
        if m:
            if m.group(3):
                objects[m.group(2)] = m.group(3)
            if m.group(1) == "ob":
                ob = objects.get(m.group(2))
            continue
        m = re.match(r"^(fn|cfn)=\((\d+)\)(?: (.*))?$", line.rstrip("\n"))
        if not m:
            continue
        if m.group(3):
            names.setdefault(m.group(2), m.group(3))
        name = names.get(m.group(2))
        if m.group(1) == "fn" and name and ob and os.path.realpath(ob) == binary and name not in seen:
            seen.add(name)
            block.append(name)
    order += sorted(block)  # each trace's new functions, sorted: the file changes only where the code did
if len(order) < 500:
    sys.exit(f"only {len(order)} functions traced in {binary}: is it the borne binary the traces ran?")
print("\n".join(order))
PY
mv "$ORDER.tmp" "$ORDER"
echo "bench/orderfile.sh: $(grep -c . "$ORDER") functions written to $ORDER" >&2
# SwiftPM does not know the link reads the file: remove the release binary so the next build links again.
REL="$(swift build -c release --static-swift-stdlib --show-bin-path 2>/dev/null)/borne" || REL=""
if [[ -n "$REL" && -e "$REL" ]]; then
    rm -f "$REL" && echo "bench/orderfile.sh: removed $REL: the next release build links it with the new order" >&2
fi
