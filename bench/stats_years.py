#!/usr/bin/env python3
"""bench/stats_years.py — many kiosk-years of batches from one simulated year (issue 4, benchmark 3).

`borne simulate --year 2020 --collector ROOT` writes one year per kiosk. This
rewrites those batches as YEARS consecutive years of N kiosks: kiosk k, year y
holds the 2020 rows of source kiosk (k mod 7) with seq moved up by y x (its
last 2020 seq) and every wall time moved by y calendar years (2020 + y). Only
the header line and the first touch line (the only absolute seq/wall in a
batch, docs/BATCHES.md) change; the rest of the payload is the simulator's.
Each file is gzip -9 (no name, no time) and signed with a key made here per
kiosk (KEYS/<kiosk>.key, 64 hex, for `borne office trust`).

Usage: stats_years.py --src ROOT --out ROOT2 --keys DIR --years 10 --kiosks 8
"""
import argparse
import gzip
import hashlib
import hmac
import json
import os
import secrets
import sys
from datetime import datetime, timezone

EXTRA = ["table-rando", "kiosk-9", "kiosk-10", "kiosk-11", "kiosk-12"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--src", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--keys", required=True)
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--kiosks", type=int, default=8)
    a = ap.parse_args()
    sources = sorted(d for d in os.listdir(a.src) if os.path.isdir(os.path.join(a.src, d)))
    # read every source batch once: (first, last, payload text)
    batches = {}
    for s in sources:
        lst = []
        for name in sorted(f for f in os.listdir(os.path.join(a.src, s)) if f.endswith(".batch")):
            data = open(os.path.join(a.src, s, name), "rb").read()
            _, _, payload = data.split(b"\n", 2)
            text = gzip.decompress(payload)
            lst.append(text)
        batches[s] = lst
    names = sources + EXTRA
    os.makedirs(a.keys, exist_ok=True)
    total_rows = total_files = total_bytes = 0
    base = datetime(2020, 1, 1, tzinfo=timezone.utc)
    for k in range(a.kiosks):
        kiosk = names[k]
        src = sources[k % len(sources)]
        key = secrets.token_bytes(32)
        with open(os.path.join(a.keys, kiosk + ".key"), "w") as f:
            f.write(key.hex() + "\n")
        os.makedirs(os.path.join(a.out, kiosk), exist_ok=True)
        span = json.loads(batches[src][-1].split(b"\n", 1)[0])["last"]
        for y in range(a.years):
            shift = int((datetime(2020 + y, 1, 1, tzinfo=timezone.utc) - base).total_seconds() * 1000)
            for text in batches[src]:
                head, first_line, rest = text.split(b"\n", 2)
                h = json.loads(head)
                first, last = h["first"] + y * span, h["last"] + y * span
                h2 = {"format": 1, "kiosk": kiosk, "first": first, "last": last, "count": h["count"]}
                f = first_line.split(b"\t")
                f[2] = str(int(f[2]) + shift).encode()
                body = (json.dumps(h2, separators=(",", ":")).encode() + b"\n" + b"\t".join(f) + b"\n" + rest)
                gz = gzip.compress(body, compresslevel=9, mtime=0)
                mac = hmac.new(key, gz, hashlib.sha256).hexdigest().encode()
                name = f"{kiosk}-{first:012d}-{last:012d}.batch"
                with open(os.path.join(a.out, kiosk, name), "wb") as out:
                    out.write(b"BORNE-BATCH 1\n" + mac + b"\n" + gz)
                total_rows += h["count"]
                total_files += 1
                total_bytes += len(gz) + 79
        print(f"{kiosk} (from {src}): {a.years} years", file=sys.stderr, flush=True)
    print(json.dumps({"rows": total_rows, "files": total_files, "bytes": total_bytes,
                      "kiosks": names[:a.kiosks], "years": a.years}))


if __name__ == "__main__":
    main()
