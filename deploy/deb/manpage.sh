#!/bin/bash
# borne(1) from the binary's own --help texts: one section per command.
set -euo pipefail
bin=$1 version=$2
esc() { sed -e 's/\\/\\e/g' -e 's/^\([.'"'"']\)/\\\&\1/'; }
echo ".TH BORNE 1 \"\" \"borne $version\" \"Office de Tourisme du Carlad\\[u00E8]s\""
echo ".SH NAME"
echo "borne \\- the runtime of the Carlad\\[u00E8]s touch kiosks"
echo ".SH SYNOPSIS"
echo ".B borne"
echo ".I command"
echo "[options]"
echo ".SH DESCRIPTION"
echo ".nf"
"$bin" --help | esc
echo ".fi"
echo ".SH COMMANDS"
for c in kiosk setup doctor sync usb upload content keygen hours office simulate console-font; do
  echo ".SS borne $c"
  echo ".nf"
  "$bin" help "$c" 2>&1 | esc || true
  echo ".fi"
done
echo ".SH FILES"
echo ".TP"
echo "/etc/borne/kiosk.json"
echo "the kiosk's configuration (borne setup)"
echo ".TP"
echo "/var/lib/borne"
echo "content, sessions.db, the statistics key (keys/stats.key) and the sequence floor (stats/seq-floor)"
echo ".SH SEE ALSO"
echo "/usr/share/doc/borne/OPERATIONS.md"
