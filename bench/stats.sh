#!/usr/bin/env bash
# bench/stats.sh — issue 4's statistics benchmarks (docs/BENCHMARKS.md, "Statistics (issue 4)").
#
#  1. Bytes on the wire per 1,000 touches: the batches `borne upload --once`
#     writes to a file:/// collector for the seed-2020 year of Vic sur Cère and
#     the Pas de Cère, against the same rows as Matomo bulk tracking requests
#     (gzip -9), and estimates of the rows' information content
#     (bench/stats_wire.py).
#  2. A month of the Pas de Cère kiosk on 4G, over real TLS to nginx on
#     loopback through a byte-counting relay (bench/stats_month.py, run in a
#     private mount and network namespace: it bind-mounts /etc/hosts and the
#     CA bundle there, nowhere else, and sets that namespace's loopback to
#     MTU 1500 without offloads, where tcpdump counts the kiosk's IP packets:
#     bench/stats_capture.py; STATS_CAPTURE=0 skips the capture).
#  3. Office ingest and the yearly report for YEARS x 8 kiosks (default 10
#     years, ≈ 30 M touches) made from the seed-2020 year at --scale 50
#     (bench/stats_years.py).
#
# Usage: bench/stats.sh            (builds release first unless BENCH_SKIP_BUILD=1)
# Environment: BORNE_BIN=PATH, STATS_TMP=DIR (big files; default /tmp/borne-stats-bench),
#   STATS_PARTS="1 2 3", STATS_YEARS=10, STATS_SCALE=50, STATS_MONTH=2020-08,
#   STATS_SYNCS_PER_DAY=24, STATS_HB_PER_DAY=23, STATS_KEY_TYPE=ec|rsa,
#   STATS_SCHEDULE=as-run|rounds (rounds: borne upload --with-sync, one process a day),
#   STATS_ROUNDS_PER_DAY=24, STATS_CONTENT_EVERY=6, STATS_SESSION_TIMEOUT=5m (nginx), STATS_HTTP2=1,
#   STATS_GZIP_WEATHER=1 (the weather server compresses), STATS_CAPTURE=0 (no packet capture),
#   BENCH_SOURCES=TEXT (what machine.txt says was measured, when BORNE_BIN is not the tree's HEAD)
# Needs root for part 2 (unshare --mount, port 443 on 127.0.0.2-4) and to install
# what it lacks (nginx-light, openssl, xz-utils, sqlite3, time, bc, curl, tcpdump, ethtool, iproute2).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="$ROOT/bench/out/stats"
TMPD="${STATS_TMP:-/tmp/borne-stats-bench}"
PARTS="${STATS_PARTS:-1 2 3}"
YEARS="${STATS_YEARS:-10}"
SCALE="${STATS_SCALE:-50}"
die() { echo "bench/stats.sh: error: $*" >&2; exit 1; }
step() { echo; echo "== $*" >&2; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

# --- Tools ---------------------------------------------------------------------
declare -A PKG_OF=([nginx]=nginx-light [openssl]=openssl [xz]=xz-utils [sqlite3]=sqlite3 [/usr/bin/time]=time
                   [bc]=bc [curl]=curl [unshare]=util-linux [python3]=python3 [gzip]=gzip
                   [tcpdump]=tcpdump [ethtool]=ethtool [ip]=iproute2)
have() { command -v "$1" >/dev/null 2>&1 || [[ -x "/usr/sbin/$1" ]]; }
missing=()
for c in "${!PKG_OF[@]}"; do have "$c" || missing+=("${PKG_OF[$c]}"); done
if ((${#missing[@]})); then
    [[ $(id -u) == 0 ]] || die "missing ${missing[*]}: run as root, or apt-get install ${missing[*]}"
    own_policy=0
    # nginx-light's postinst would start a system nginx on port 80: a temporary policy-rc.d says no.
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; own_policy=1; fi
    rc=0; { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2; } || rc=$?
    ((own_policy)) && rm -f /usr/sbin/policy-rc.d
    ((rc == 0)) || die "apt-get install ${missing[*]} failed"
fi
export PATH="$PATH:/usr/sbin"

if [[ -z "${BORNE_BIN:-}" ]]; then
    [[ "${BENCH_SKIP_BUILD:-}" == 1 ]] || swift build -c release --product borne >&2
    BORNE_BIN="$(swift build -c release --show-bin-path)/borne"
fi
BIN="$BORNE_BIN"
mkdir -p "$OUT" "$TMPD"
{
    echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "commit=${BENCH_SOURCES:-$(git rev-parse --short HEAD 2>/dev/null || echo '?')}"
    echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); nproc=$(nproc); mem=$(free -h | awk '/Mem:/{print $2}')"
    echo "kernel=$(uname -srm); os=$(. /etc/os-release; echo "$PRETTY_NAME")"
    echo "swift=$(swift --version 2>&1 | head -1)"
    echo "nginx=$(nginx -v 2>&1); openssl=$(openssl version); xz=$(xz --version | head -1); sqlite3=$(sqlite3 --version | cut -d' ' -f1)"
    echo "load_start=$(load)"
} > "$OUT/machine.txt"

# --- 1. Bytes per 1,000 touches ----------------------------------------------------
if [[ " $PARTS " == *" 1 "* ]]; then
    step "1. seed-2020 year, batches through borne upload --once to a file:/// collector, vs Matomo"
    W="$TMPD/wire"; rm -rf "$W"; mkdir -p "$W"
    "$BIN" simulate --profile seed-2020 --year 2020 --out "$W/kiosks" >&2
    for k in vic-sur-cere pas-de-cere; do
        python3 - "$k" "$W" <<'EOF'
import json, sys
k, w = sys.argv[1], sys.argv[2]
c = json.load(open(f"kiosk-config/{k}.json", encoding="utf-8"))
c.pop("collector_user", None); c.pop("collector_password_file", None)
c["collector_url"] = f"file://{w}/collector"
json.dump(c, open(f"{w}/{k}.json", "w", encoding="utf-8"), ensure_ascii=False, indent=1)
EOF
        "$BIN" upload --once --config "$W/$k.json" --data-dir "$W/kiosks/$k" >&2
        python3 bench/stats_wire.py --db "$W/kiosks/$k/sessions.db" --batches "$W/collector/$k" --kiosk "$k" \
            --json "$OUT/wire-$k.json" > /dev/null
    done
    python3 - "$OUT" <<'EOF'
import json, sys
for k in ["vic-sur-cere", "pas-de-cere"]:
    d = json.load(open(f"{sys.argv[1]}/wire-{k}.json")); p = d["per_1000"]
    print(f"{k}: {d['rows']} touches in {d['batches']} batches; per 1,000 touches: batch files {p['batch_file']:.0f} B, "
          f"Matomo gzip -9 {p['matomo_gzip']:.0f} B (issue's fields only: {p['matomo_lean_gzip']:.0f} B), "
          f"columnar+xz {p['columnar_xz']:.0f} B, entropy estimate {d['entropy_bytes_per_1000']:.0f} B")
EOF
fi

# --- 2. A month on 4G ----------------------------------------------------------------
if [[ " $PARTS " == *" 2 "* ]]; then
    step "2. a month of the Pas de Cère on 4G (rounds back to back, real TLS through a counting relay)"
    [[ $(id -u) == 0 ]] || die "part 2 needs root (unshare --mount, port 443 on 127.0.0.2-4)"
    M="$TMPD/month"; rm -rf "$M" "$TMPD/pdc"
    "$BIN" simulate --profile seed-2020 --year 2020 --out "$TMPD/pdc" --kiosk pas-de-cere >&2
    echo "load_month_start=$(load)" >> "$OUT/machine.txt"
    capture=(--capture); ns=(--net)
    [[ "${STATS_CAPTURE:-1}" == 0 ]] && { capture=(); ns=(); }
    # The capture's reader checked on a pcap whose every byte is known.
    ((${#capture[@]} == 0)) || python3 bench/stats_capture_test.py >&2 || die "bench/stats_capture_test.py failed: the pcap reader is wrong"
    STATS_PARENT_MNT_NS="$(readlink /proc/$$/ns/mnt)" STATS_PARENT_NET_NS="$(readlink /proc/$$/ns/net)" \
        unshare --mount "${ns[@]}" --propagation private \
        python3 bench/stats_month.py "${capture[@]}" --bin "$BIN" --out "$M" --sim "$TMPD/pdc/pas-de-cere" \
        --month "${STATS_MONTH:-2020-08}" --days 30 --update-day 15 \
        --syncs-per-day "${STATS_SYNCS_PER_DAY:-24}" --hb-per-day "${STATS_HB_PER_DAY:-23}" \
        --key-type "${STATS_KEY_TYPE:-ec}" --schedule "${STATS_SCHEDULE:-as-run}" \
        --rounds-per-day "${STATS_ROUNDS_PER_DAY:-24}" --content-every "${STATS_CONTENT_EVERY:-6}" \
        --session-timeout "${STATS_SESSION_TIMEOUT:-5m}" ${STATS_HTTP2:+--http2} ${STATS_GZIP_WEATHER:+--gzip-weather} \
        > "$OUT/month-summary.json" 2> "$OUT/month.err" \
        || die "stats_month.py failed (see $OUT/month.err)"
    cp "$M/month.json" "$OUT/month.json"
    echo "load_month_end=$(load)" >> "$OUT/machine.txt"
    python3 - "$OUT/month.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
tls = sum(v["up"] + v["down"] for v in d["tls"].values())
http = sum(d["http"][c]["sent"] + d["http"][c]["req"] for c in ("weather", "content", "stats"))
budget = sum(x["budget_used"] for x in d["daily"])
pk = sum(v["packets_est"] for v in d["tls"].values())
print(f"month: HTTP both ways {http:,} B; borne's budget file {budget:,} B (max day {max(x['budget_used'] for x in d['daily']):,}); "
      f"TLS stream both ways {tls:,} B; + TCP/IP estimate {pk * 52:,} B; failures {d['failure_count']}")
w, b = d.get("wire"), d["budget"]
if w:
    print(f"month: IP packets both ways (tcpdump, MTU 1500) {w['ip_bytes']:,} B in {w['packets']:,} packets, "
          f"{w['conns']} connections; TCP payload {w['payload']:,} B (relay's TLS count {tls:,} B); "
          f"tcpdump dropped {w['tcpdump_dropped']}; {w['conns_same_payload_as_relay']} of {w['conns_matched']} "
          f"matched connections carry the relay's bytes, {w['conns_short_of_relay']} fewer, "
          f"{w['payload_unread_by_relay']:,} B sent after the relay closed, {w['conns_unmatched']} unmatched; "
          f"loopback retransmissions left out: {w['retrans_packets']} packets, {w['retrans_ip_bytes']:,} B")
print(f"budget: limit {b['limit']} B a day; at most {b['max_day_borne']:,} B a day by borne's count"
      + (f", {b['max_day_ip']:,} B of IP packets" if w else "")
      + f"; days over: {b['days_over_borne'] + b.get('days_over_ip', [])}; refusals {b['refusal_count']}; "
      f"never exceeded: {'yes' if b['never_exceeded'] else 'NO'}")
EOF
fi

# --- 3. Office ingest, YEARS x 8 kiosks ------------------------------------------------
if [[ " $PARTS " == *" 3 "* ]]; then
    step "3. office ingest and report, $YEARS years x 8 kiosks from seed-2020 x $SCALE"
    df -h "$TMPD" | tail -1 >&2
    I="$TMPD/ingest"; rm -rf "$I"; mkdir -p "$I"
    "$BIN" simulate --profile seed-2020 --year 2020 --out "$I/y" --scale "$SCALE" --collector "$I/src" >&2
    python3 bench/stats_years.py --src "$I/src" --out "$I/dav" --keys "$I/keys" --years "$YEARS" --kiosks 8 > "$OUT/years.json"
    rm -rf "$I/y" "$I/src"
    for f in "$I"/keys/*.key; do "$BIN" office trust "$(basename "$f" .key)" --key "$f" --db "$I/office.db" > /dev/null; done
    t() { /usr/bin/time -f "%e %U %S %M" -o "$I/time" "$@" > "$I/last.out" 2>&1 || die "$* failed (see $I/last.out)"; cat "$I/time"; }
    sync; echo "load_ingest_start=$(load)" >> "$OUT/machine.txt"
    echo "ingest1=$(t "$BIN" office ingest "$I/dav" --db "$I/office.db" --now "$((2020 + YEARS + 1))-01-03T00:00:00Z")" > "$OUT/ingest.txt"
    tail -3 "$I/last.out" >> "$OUT/ingest.txt"
    echo "load_after_ingest1=$(load)" >> "$OUT/machine.txt"
    echo "ingest2=$(t "$BIN" office ingest "$I/dav" --db "$I/office.db" --now "$((2020 + YEARS + 1))-01-03T00:00:00Z")" >> "$OUT/ingest.txt"
    MID=$((2020 + YEARS / 2))
    for run in 1 2 3; do
        echo "report_${MID}_$run=$(t "$BIN" office report --db "$I/office.db" --year "$MID" --format csv --out "$I/report-$MID.csv")" >> "$OUT/ingest.txt"
    done
    echo "report_${MID}_html=$(t "$BIN" office report --db "$I/office.db" --year "$MID" --format html --out "$I/report-$MID.html")" >> "$OUT/ingest.txt"
    echo "load_ingest_end=$(load)" >> "$OUT/machine.txt"
    {
        echo "touches=$(sqlite3 "$I/office.db" 'SELECT count(*) FROM touches')"
        echo "db_bytes=$(stat -c %s "$I/office.db")"
        echo "batch_bytes=$(du -sb "$I/dav" | cut -f1)"
    } >> "$OUT/ingest.txt"
    cat "$OUT/ingest.txt"
fi
echo "load_end=$(load)" >> "$OUT/machine.txt"
cat "$OUT/machine.txt"
