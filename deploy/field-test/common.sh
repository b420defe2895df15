# shellcheck shell=bash
# Sourced by run.sh and vm.sh (not run on its own): the results folder
# ($OUT, set by the caller), the timed log in summary.txt, the checks
# (checks.log) and their total, and the host packages the test needs.
mkdir -p "$OUT"
SUMMARY=$OUT/summary.txt
: > "$SUMMARY"
T0=$(date +%s.%N)
now() { date +%s.%N; }
since() { printf '%.1f' "$(echo "$(now) - $1" | bc)"; }
log() { echo "[$(since "$T0")s] $*" | tee -a "$SUMMARY"; }
pass=0 fail=0 failed=""
check() { # check NAME COMMAND...: PASS when COMMAND succeeds
  local name=$1; shift
  echo "### $name" >> "$OUT/checks.log"
  if "$@" >> "$OUT/checks.log" 2>&1; then pass=$((pass+1)); log "PASS $name"
  else fail=$((fail+1)); failed="$failed\n  - $name"; log "FAIL $name"; fi
}
finish() {
  log "total $(since "$T0")s: $pass passed, $fail failed (results in $OUT)"
  [ "$fail" = 0 ] || printf "failed:%b\n" "$failed" | tee -a "$SUMMARY"
  [ "$fail" = 0 ]
}
die() { fail=$((fail+1)); failed="$failed\n  - $*"; log "FAIL $*"; finish; exit 1; }

# host_packages [APT-GET OPTION...] -- PACKAGE...: installs those not
# installed yet (log in host-apt.log); a failure stops the test.
host_packages() {
  local opts=() need="" p s
  while [ "$1" != "--" ]; do opts+=("$1"); shift; done
  shift
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need="$need $p"
  done
  [ -n "$need" ] || return 0
  s=$(now)
  # shellcheck disable=SC2086 # $need is a list of package names
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${opts[@]}" $need; } > "$OUT/host-apt.log" 2>&1 \
    || die "host packages:$need (see $OUT/host-apt.log)"
  log "host packages:$need ($(since "$s")s)"
}

# test_content KIOSK DEST: the package unpacked in $W/pkg (B, its borne), a
# test key pair in $W/keys (PUB, its public key), KIOSK's config trusting it
# in $W/kiosk-config (publish checks the bundle's key against the kiosks'
# trusted_keys, as an installer's config would), and the shipped content
# packed, signed and published into DEST. Needs DEB, REPO and W.
test_content() {
  local kiosk=$1 dest=$2
  dpkg-deb -x "$DEB" "$W/pkg"
  B=$W/pkg/usr/bin/borne
  { "$B" keygen --out "$W/keys" \
    && mkdir -p "$W/kiosk-config" \
    && python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); c["trusted_keys"]=[open(sys.argv[2]).read().strip()]; json.dump(c, open(sys.argv[3],"w"), ensure_ascii=False, indent=2)' \
         "$REPO/kiosk-config/$kiosk.json" "$W/keys/borne.pub" "$W/kiosk-config/$kiosk.json" \
    && "$B" content pack "$REPO/content" --out "$W/bundle" --key "$W/keys/borne.key" \
    && "$B" content publish "$W/bundle" --to "$dest" --kiosk-config "$W/kiosk-config"; } > "$W/content.log" 2>&1 \
    || die "test content (see $W/content.log)"
  # shellcheck disable=SC2034 # B and PUB are for the caller
  PUB=$(cat "$W/keys/borne.pub")
}
