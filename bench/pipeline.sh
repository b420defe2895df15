#!/usr/bin/env bash
# bench/pipeline.sh — the content pipeline's benchmarks (issue 3):
#   (a) build time and peak memory of `borne content build` on a generated
#       5,000-object APIDAE export (bench/gen_apidae.py), folder and zip;
#   (b) bytes a kiosk fetches for a one-item change, through `borne sync` from a
#       real nginx on loopback (body bytes, HTTP bytes on the wire both ways),
#       against the full bundle and against `rsync -az` (rsync daemon on
#       loopback, delta algorithm and compression) of the same two content trees.
# Writes bench/out/pipeline/ and rewrites the "Content pipeline (issue 3)"
# results in docs/BENCHMARKS.md (between <!-- pipeline-results:begin/end -->).
#
# Usage: bench/pipeline.sh       (standalone; bench/run.sh also calls it, see there)
# Environment:
#   PIPELINE_COUNT=N       objects in the export (default 5000)
#   PIPELINE_CHANGE=X      the object renamed for the one-item change: an APIDAE type
#                          (first kept object of it) or an index (default RESTAURATION)
#   PIPELINE_RUNS=N        hyperfine runs per build command (default 5, after 1 warm-up)
#   PIPELINE_MEM_RUNS=N    /usr/bin/time -v runs of the build, median kept (default 3)
#   PIPELINE_PARTS=change  only (b), the one-item change (no timed builds): rewrites only the
#                          "One-item change (branch delta)" results (report.py --delta)
#   BENCH_NO_DOC=1, BENCH_NO_INSTALL=1, BENCH_SKIP_BUILD=1, BORNE_BIN=PATH, BENCH_REF=COMMIT
#                          as in bench/run.sh (BENCH_SOURCES=TEXT: what the report's "Sources"
#                          line says, when BORNE_BIN was built from something else than the tree)
# Aims (from the issue): bytes fetched for a one-item change <= 2 % of the full
# bundle and <= 1.5x rsync's. Reported, never asserted by tests.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="$ROOT/bench/out/pipeline"
COUNT="${PIPELINE_COUNT:-5000}"
CHANGE="${PIPELINE_CHANGE:-RESTAURATION}"
RUNS="${PIPELINE_RUNS:-5}"
MEM_RUNS="${PIPELINE_MEM_RUNS:-3}"
DOC=docs/BENCHMARKS.md
CONFIG_SRC=kiosk-config/vic-sur-cere.json

q() { if [[ "$1" =~ ^[A-Za-z0-9@%+=:,./_-]+$ ]]; then printf '%s ' "$1"; else printf '%q ' "$1"; fi; }
qall() { local a; for a in "$@"; do q "$a"; done; }
die() { echo "bench/pipeline.sh: error: $*" >&2; exit 1; }
step() { echo; echo "== $*" >&2; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

# --- Tools -----------------------------------------------------------------
declare -A PKG_OF=([hyperfine]=hyperfine [/usr/bin/time]=time [python3]=python3 [rsync]=rsync [nginx]=nginx-light)
have() { command -v "$1" >/dev/null 2>&1 || { [[ "$1" == nginx ]] && [[ -x /usr/sbin/nginx ]]; }; }
missing_pkgs=()
for cmd in hyperfine /usr/bin/time python3 rsync nginx; do have "$cmd" || missing_pkgs+=("${PKG_OF[$cmd]}"); done
if ((${#missing_pkgs[@]})); then
    [[ "${BENCH_NO_INSTALL:-}" == 1 ]] && die "missing Debian packages: ${missing_pkgs[*]} (BENCH_NO_INSTALL=1 forbids installing them)"
    command -v apt-get >/dev/null 2>&1 || die "missing ${missing_pkgs[*]} and no apt-get: install them by hand"
    if [[ "$(id -u)" == 0 ]]; then SUDO=(); elif command -v sudo >/dev/null 2>&1; then SUDO=(sudo); else
        die "missing ${missing_pkgs[*]}: run as root or install sudo, or: apt-get install ${missing_pkgs[*]}"; fi
    step "Installing ${missing_pkgs[*]}"
    # nginx-light's postinst would start a system nginx on port 80: a temporary policy-rc.d says no.
    own_policy=0
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee /usr/sbin/policy-rc.d >/dev/null
        "${SUDO[@]}" chmod 755 /usr/sbin/policy-rc.d; own_policy=1
    fi
    rc=0
    { "${SUDO[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq "${missing_pkgs[@]}" >&2; } || rc=$?
    ((own_policy)) && "${SUDO[@]}" rm -f /usr/sbin/policy-rc.d
    ((rc == 0)) || die "apt-get install ${missing_pkgs[*]} failed"
    for cmd in hyperfine /usr/bin/time python3 rsync nginx; do have "$cmd" || die "$cmd still missing after installing"; done
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
command -v swift >/dev/null 2>&1 || [[ -n "${BORNE_BIN:-}" ]] || die "swift not found in PATH (or give BORNE_BIN=PATH)"

# --- Build -----------------------------------------------------------------
SOURCES="${BENCH_SOURCES:-}"
if [[ -n "${BENCH_REF:-}" ]]; then
    step "Building $BENCH_REF apart: bench/build_ref.sh"
    BIN="$(bench/build_ref.sh "$BENCH_REF" "$ROOT/bench/out/ref")" || die "bench/build_ref.sh $BENCH_REF failed"
    SOURCES="$(git rev-parse --short "$BENCH_REF^{commit}") (BENCH_REF=$BENCH_REF, built apart by bench/build_ref.sh)"
elif [[ -n "${BORNE_BIN:-}" ]]; then
    BIN="$BORNE_BIN"
else
    if [[ "${BENCH_SKIP_BUILD:-}" != 1 ]]; then
        step "swift build -c release"
        swift build -c release >&2 || die "release build failed (swift build -c release)"
    fi
    BIN="$(swift build -c release --show-bin-path)/borne"
fi
[[ -x "$BIN" ]] || die "no borne binary at $BIN (swift build -c release)"
[[ -f "$CONFIG_SRC" ]] || die "$CONFIG_SRC not found"
[[ -d content/gpx ]] || die "content/gpx not found (the demo tracks the generated hikes derive from)"

# Processes started here, stopped by their pid on exit.
NGINX_PID=""; RSYNCD_PID=""; PREFIX=""
cleanup() {
    [[ -n "$NGINX_PID" ]] && kill -QUIT "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null || true
    [[ -n "$RSYNCD_PID" ]] && kill "$RSYNCD_PID" 2>/dev/null && wait "$RSYNCD_PID" 2>/dev/null || true
    [[ -n "$PREFIX" ]] && rm -rf "$PREFIX"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_port() { # PORT PID NAME
    for _ in $(seq 1 200); do
        kill -0 "$2" 2>/dev/null || die "$3 exited before answering on port $1"
        python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $1), 0.2)" 2>/dev/null && return 0
        sleep 0.05
    done
    die "$3 did not answer on 127.0.0.1:$1"
}

rm -rf "$OUT"; mkdir -p "$OUT"
LOAD_BEFORE="$(load)"
if awk -v l="${LOAD_BEFORE%% *}" 'BEGIN{exit !(l > 0.5)}'; then
    echo "bench/pipeline.sh: warning: load average is $LOAD_BEFORE: other work is running, figures will be noisy" >&2
fi

# --- Inputs ------------------------------------------------------------------
step "Generating the APIDAE exports ($COUNT objects; B = A with one object renamed: $CHANGE)"
python3 bench/gen_apidae.py --count "$COUNT" --out "$OUT/apidae-a" >&2 || die "bench/gen_apidae.py failed"
python3 bench/gen_apidae.py --count "$COUNT" --out "$OUT/apidae-b" --change "$CHANGE" >&2 || die "bench/gen_apidae.py --change failed"
diff -rq "$OUT/apidae-a/gpx" "$OUT/apidae-b/gpx" >/dev/null || die "exports A and B differ in their GPX files"
python3 - "$OUT/apidae-a/export" "$OUT/apidae-a/export.zip" <<'EOF' || die "zipping the export failed"
import os, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
    for dp, _, fns in sorted(os.walk(src)):
        for fn in sorted(fns):
            p = os.path.join(dp, fn)
            z.write(p, os.path.relpath(p, src))
EOF
"$BIN" keygen --out "$OUT/keys" > "$OUT/keygen.txt" 2>&1 || die "borne keygen failed (see $OUT/keygen.txt)"
KEY="$OUT/keys/borne.key"
PUB="$(tr -d '\n' < "$OUT/keys/borne.pub")"

build_cmd() { # EXPORT(dir or zip) GPX CONFIG OUT
    qall "$BIN" content build --apidae "$1" --extra content --gpx "$2" --build-config "$3" --out "$4" --key "$KEY"
}
A="$OUT/apidae-a"; B="$OUT/apidae-b"
CMD_BUILD="$(build_cmd "$A/export" "$A/gpx" "$A/build-config.json" "$OUT/hf-bundle")"
CMD_BUILD_ZIP="$(build_cmd "$A/export.zip" "$A/gpx" "$A/build-config.json" "$OUT/hf-bundle")"

# --- (a) Build time and memory -------------------------------------------------
PARTS="${PIPELINE_PARTS:-all}"
LOAD_BUILD_BEFORE="-"; LOAD_BUILD_AFTER="-"
if [[ "$PARTS" != change ]]; then
step "Build: hyperfine --warmup 1 --runs $RUNS"
LOAD_BUILD_BEFORE="$(load)"
hyperfine --warmup 1 --runs "$RUNS" -N --prepare "rm -rf $OUT/hf-bundle" \
    --export-json "$OUT/hyperfine-build.json" \
    -n "content build, export folder" "$CMD_BUILD" \
    -n "content build, export zip" "$CMD_BUILD_ZIP" >&2 || die "hyperfine of the build failed"
LOAD_BUILD_AFTER="$(load)"
rm -f "$OUT"/time-build-*.txt
for i in $(seq 1 "$MEM_RUNS"); do
    rm -rf "$OUT/hf-bundle"
    eval "/usr/bin/time -v -o $OUT/time-build-$i.txt $CMD_BUILD" > "$OUT/build-$i.txt" 2>&1 \
        || die "content build failed under /usr/bin/time (see $OUT/build-$i.txt)"
done
rm -rf "$OUT/hf-bundle"
fi

# --- (b) One-item change: bundles, nginx, two syncs ------------------------------
step "Building bundles A and B"
eval "$(build_cmd "$A/export" "$A/gpx" "$A/build-config.json" "$OUT/bundle-a") --report $OUT/report-a.txt" \
    > "$OUT/build-a.txt" 2>&1 || die "building bundle A failed (see $OUT/build-a.txt)"
sleep 1.1   # bundles are ordered by creation time, in whole seconds
eval "$(build_cmd "$B/export" "$B/gpx" "$B/build-config.json" "$OUT/bundle-b") --report $OUT/report-b.txt" \
    > "$OUT/build-b.txt" 2>&1 || die "building bundle B failed (see $OUT/build-b.txt)"
"$BIN" content diff "$OUT/bundle-a" "$OUT/bundle-b" > "$OUT/diff.txt" 2>&1 || die "borne content diff failed (see $OUT/diff.txt)"

step "Serving the published tree with nginx on loopback"
# /tmp, world-readable: nginx's workers run as nobody when it is started as root.
PREFIX="$(mktemp -d /tmp/borne-bench-nginx.XXXXXX)"
mkdir -p "$PREFIX/www/borne" "$PREFIX/logs" "$PREFIX/tmp"
PORT="$(free_port)"
cat > "$PREFIX/nginx.conf" <<EOF
daemon off;
worker_processes 1;
pid $PREFIX/nginx.pid;
error_log $PREFIX/logs/error.log info;
events { worker_connections 64; }
http {
    # request, status, body bytes, response bytes with headers, request bytes with headers
    log_format bench '"\$request" \$status body=\$body_bytes_sent sent=\$bytes_sent req=\$request_length';
    access_log $PREFIX/logs/access.log bench;
    client_body_temp_path $PREFIX/tmp/client_body;
    proxy_temp_path $PREFIX/tmp/proxy;
    fastcgi_temp_path $PREFIX/tmp/fastcgi;
    uwsgi_temp_path $PREFIX/tmp/uwsgi;
    scgi_temp_path $PREFIX/tmp/scgi;
    default_type application/octet-stream;
    types { application/json json; }
    sendfile on;
    keepalive_timeout 5;
    server {
        listen 127.0.0.1:$PORT;
        root $PREFIX/www;
        etag on;
        location / { }
    }
}
EOF
chmod -R a+rX "$PREFIX"
"$NGINX" -e "$PREFIX/logs/error.log" -p "$PREFIX" -c "$PREFIX/nginx.conf" > "$PREFIX/logs/stdout.log" 2>&1 &
NGINX_PID=$!
wait_port "$PORT" "$NGINX_PID" nginx

python3 - "$CONFIG_SRC" "$OUT/kiosk.json" "http://127.0.0.1:$PORT/borne" "$PUB" <<'EOF' || die "writing the kiosk config failed"
import json, sys
c = json.load(open(sys.argv[1], encoding="utf-8"))
c["sync_url"] = sys.argv[3]
c["trusted_keys"] = [sys.argv[4]]
c["connectivity"] = "office-network"
c.pop("weather_url", None)  # content only: no weather request in the counts
json.dump(c, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=2)
EOF
# `borne content publish` checks the bundle's key against the kiosks' trusted_keys.
mkdir -p "$OUT/kiosk-config"
cp "$OUT/kiosk.json" "$OUT/kiosk-config/$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$OUT/kiosk.json").json"
DATA="$OUT/kiosk-data"
mkdir -p "$DATA"
# The budget is only there to make borne count its own bytes (DATA/net/budget.json): never reached.
CMD_SYNC="$(qall "$BIN" sync --config "$OUT/kiosk.json" --data-dir "$DATA" --budget 100000000000)"
log_lines() { wc -l < "$PREFIX/logs/access.log" 2>/dev/null || echo 0; }
budget_used() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['used'])" "$DATA/net/budget.json" 2>/dev/null || echo 0; }

sync_round() { # NAME: one `borne sync`, its access-log lines and budget delta
    local name="$1" l0 b0
    l0="$(log_lines)"; b0="$(budget_used)"
    eval "$CMD_SYNC" > "$OUT/sync-$name.txt" 2> "$OUT/sync-$name.err" || die "borne sync ($name) failed (see $OUT/sync-$name.err)"
    sleep 0.2   # nginx writes the log line after the response
    tail -n +"$((l0 + 1))" "$PREFIX/logs/access.log" > "$OUT/access-$name.log"
    echo "$(( $(budget_used) - b0 ))" > "$OUT/budget-$name.txt"
}

step "Publishing A, first sync"
"$BIN" content publish "$OUT/bundle-a" --to "$PREFIX/www/borne" --kiosk-config "$OUT/kiosk-config" > "$OUT/publish-a.txt" 2>&1 || die "publish A failed"
chmod -R a+rX "$PREFIX/www"
sync_round a
ID_A="$(readlink "$DATA/content/current")"; ID_A="${ID_A##*/}"
cp -a "$DATA/content/versions/$ID_A" "$OUT/tree-a"
sync_round a-again   # nothing new: the every-15-minutes poll

step "Publishing B (one object renamed), second sync"
"$BIN" content publish "$OUT/bundle-b" --to "$PREFIX/www/borne" --kiosk-config "$OUT/kiosk-config" > "$OUT/publish-b.txt" 2>&1 || die "publish B failed"
chmod -R a+rX "$PREFIX/www"
sync_round b
ID_B="$(readlink "$DATA/content/current")"; ID_B="${ID_B##*/}"
[[ "$ID_A" != "$ID_B" ]] || die "the second sync did not install B (still $ID_A; see $OUT/sync-b.txt)"
cp -a "$DATA/content/versions/$ID_B" "$OUT/tree-b"

# --- rsync of the same two content trees ------------------------------------------
step "rsync -az of the two content trees over an rsync daemon on loopback"
mkdir -p "$PREFIX/rsync/trees"
cp -a "$OUT/tree-a" "$PREFIX/rsync/trees/a"; cp -a "$OUT/tree-b" "$PREFIX/rsync/trees/b"
RPORT="$(free_port)"
{
    echo "pid file = $PREFIX/rsync/rsyncd.pid"
    echo "use chroot = no"
    echo "[trees]"
    echo "    path = $PREFIX/rsync/trees"
    echo "    read only = yes"
    [[ "$(id -u)" == 0 ]] && { echo "    uid = root"; echo "    gid = root"; }
} > "$PREFIX/rsync/rsyncd.conf"
rsync --daemon --no-detach --address=127.0.0.1 --port="$RPORT" --config="$PREFIX/rsync/rsyncd.conf" \
    --log-file="$PREFIX/rsync/rsyncd.log" &
RSYNCD_PID=$!
wait_port "$RPORT" "$RSYNCD_PID" "rsync --daemon"
RSRC="rsync://127.0.0.1:$RPORT/trees"
# The installed trees without the bundle's .manifest.json/.sig: what rsync would carry is the content itself.
rsync_pair() { # NAME EXTRA-FLAGS...: A into a fresh target, then B over it
    local name="$1"; shift
    rm -rf "$OUT/rsync-$name"; mkdir -p "$OUT/rsync-$name"
    rsync -az --stats "$@" --exclude='.manifest.*' "$RSRC/a/" "$OUT/rsync-$name/" > "$OUT/rsync-$name-a.txt" 2>&1 \
        || die "rsync of tree A failed (see $OUT/rsync-$name-a.txt)"
    rsync -az --stats "$@" --exclude='.manifest.*' "$RSRC/b/" "$OUT/rsync-$name/" > "$OUT/rsync-$name-b.txt" 2>&1 \
        || die "rsync of tree B failed (see $OUT/rsync-$name-b.txt)"
    diff -rq --exclude='.manifest.*' "$OUT/tree-b" "$OUT/rsync-$name" > /dev/null || die "rsync ($name) did not reproduce tree B"
}
rsync_pair mtime                 # rsync -az: unchanged files are told by size and mtime (here every mtime differs)
rsync_pair checksum --checksum   # rsync -az --checksum: unchanged files are told by their checksum
CMD_RSYNC="rsync -az --stats --exclude='.manifest.*' rsync://127.0.0.1:PORT/trees/{a,b}/ DEST/"

# --- Facts for the report ---------------------------------------------------------
step "Report"
{
    echo "load_before=$LOAD_BEFORE"
    echo "load_build=$LOAD_BUILD_BEFORE / $LOAD_BUILD_AFTER"
    echo "load_after=$(load)"
    echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "nproc=$(nproc)"
    echo "cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -1)"
    echo "ram=$(free -h | awk '/^Mem:/{print $2}')"
    echo "kernel=$(uname -srm)"
    echo "os=$(. /etc/os-release && echo "$PRETTY_NAME")"
    echo "swift=$( (swift --version 2>/dev/null || echo unknown) | head -1)"
    echo "hyperfine=$(hyperfine --version)"
    echo "nginx=$("$NGINX" -v 2>&1)"
    echo "rsync=$(rsync --version | head -1)"
    echo "commit=${SOURCES:-$(git rev-parse --short HEAD 2>/dev/null || echo none)$(git diff --quiet HEAD -- Sources 2>/dev/null || echo ' (+ uncommitted changes in Sources/)')}"
    echo "count=$COUNT"
    echo "change=$CHANGE"
    echo "runs=$RUNS"
    echo "mem_runs=$MEM_RUNS"
    echo "id_a=$ID_A"
    echo "id_b=$ID_B"
    echo "cmd_build=$CMD_BUILD"
    echo "cmd_build_zip=$CMD_BUILD_ZIP"
    echo "cmd_sync=$CMD_SYNC"
    echo "cmd_rsync=$CMD_RSYNC"
    echo "bin=$BIN"
    echo "root=$ROOT"
} > "$OUT/machine.txt"

doc=(); [[ "${BENCH_NO_DOC:-}" == 1 ]] || doc=(--doc "$DOC")
if [[ "$PARTS" != change ]]; then
    python3 bench/report.py --pipeline "$OUT" "${doc[@]}" || die "bench/report.py --pipeline failed"
fi
# Issue 14's one-item target with compressed objects; its targets.json is what bench/run.sh's summary reads.
python3 bench/report.py --delta "$OUT" "${doc[@]}" || die "bench/report.py --delta failed"
