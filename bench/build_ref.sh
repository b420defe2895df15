#!/usr/bin/env bash
# bench/build_ref.sh REF DIR — builds the release `borne` of one commit, apart
# from the working tree: `git archive REF` into DIR/src (replaced), then
# `swift build -c release` with its own scratch path DIR/build. Prints the
# binary's path on stdout (the build's output goes to stderr).
#
# The benchmarks use it (BENCH_REF=REF in bench/run.sh and bench/pipeline.sh,
# always in bench/touchlog.sh) so that what they measure is a known commit,
# whatever state the shared working tree is in (a merge, edits in progress),
# and without waiting on the working tree's .build lock.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
die() { echo "bench/build_ref.sh: error: $*" >&2; exit 1; }
(($# == 2)) || die "usage: bench/build_ref.sh REF DIR"
REF="$1"; DIR="$2"
SHA="$(git -C "$ROOT" rev-parse --verify --quiet "$REF^{commit}")" || die "$REF is not a commit"
mkdir -p "$DIR"
rm -rf "$DIR/src"; mkdir -p "$DIR/src"
git -C "$ROOT" archive "$SHA" | tar -x -C "$DIR/src" || die "git archive $REF failed"
echo "$SHA" > "$DIR/src/.bench-commit"
echo "bench/build_ref.sh: swift build -c release of ${SHA:0:7} in $DIR" >&2
# Linked as the .deb's binary (Swift runtime included) unless BENCH_DYNAMIC=1.
STATIC=(--static-swift-stdlib); [[ "${BENCH_DYNAMIC:-}" == 1 ]] && STATIC=()
swift build -c release "${STATIC[@]}" --package-path "$DIR/src" --scratch-path "$DIR/build" >&2 || die "release build of ${SHA:0:7} failed"
BIN="$(swift build -c release "${STATIC[@]}" --package-path "$DIR/src" --scratch-path "$DIR/build" --show-bin-path)/borne"
[[ -x "$BIN" ]] || die "no binary at $BIN"
echo "$BIN"
