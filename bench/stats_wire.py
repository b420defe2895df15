#!/usr/bin/env python3
"""bench/stats_wire.py — bytes on the wire per 1,000 touches (issue 4, benchmark 1).

Reads the batch files `borne upload --once` wrote to a file:/// collector and
the same rows from the kiosk's sessions.db, then compares, per 1,000 touches:

  * the Borne batches (docs/BATCHES.md): the files as they are, i.e. header,
    HMAC line and gzip -9 payload;
  * the same touches as Matomo bulk tracking requests (POST /matomo.php,
    JSON body {"requests": ["?idsite=..&rec=1&...", ...], "token_auth": ..}),
    one request per touch, cut into bodies of the same row ranges as the
    batches, raw and `gzip -9`;
  * estimates of the rows' information content:
      - "columnar + xz": each field as its own column (numbers as deltas,
        text as is, content version only when it changes), the columns of a
        batch concatenated and `xz -9e`; also with `xz` on the batch payload
        text itself (row-wise), and both over the whole year in one piece;
      - "entropy": an empirical per-row entropy, each field conditioned on
        the previous row (and on fields before it in the same row), numbers
        by log2 buckets + uniform bits inside the bucket. A plug-in estimate:
        it pays nothing for the model, so it errs low where contexts are
        sparse.

Usage: stats_wire.py --db sessions.db --batches DIR [--kiosk ID] [--json OUT]
"""
import argparse
import collections
import gzip
import json
import math
import os
import sqlite3
import subprocess
import sys
import urllib.parse
from datetime import datetime, timezone


def gzip9(data: bytes) -> int:
    return len(subprocess.run(["gzip", "-9", "-n", "-c"], input=data, stdout=subprocess.PIPE, check=True).stdout)


def xz9(data: bytes) -> int:
    return len(subprocess.run(["xz", "-9e", "-c", "--format=xz", "--check=none"], input=data,
                              stdout=subprocess.PIPE, check=True).stdout)


def wall_ms(text: str) -> int:
    # 2020-07-14T10:00:00.123Z
    d = datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)
    return int(round(d.timestamp() * 1000))


def load_rows(db, first, last):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    cur = con.execute(
        "SELECT seq, session_id, wall_utc, mono_ns, screen, section, target, x, y, language, content_version, flags "
        "FROM touches WHERE seq BETWEEN ? AND ? ORDER BY seq", (first, last))
    rows = []
    for seq, sid, wall, mono, screen, section, target, x, y, lang, cv, flags in cur:
        rows.append(dict(seq=seq, sid=sid, wall=wall_ms(wall), mono=mono // 1_000_000, screen=screen,
                         section=section, target=target, x=x, y=y, lang=lang, cv=cv, flags=flags))
    con.close()
    return rows


def read_batch(path):
    with open(path, "rb") as f:
        data = f.read()
    magic, mac, payload = data.split(b"\n", 2)
    assert magic == b"BORNE-BATCH 1", path
    text = gzip.decompress(payload)
    return data, payload, text


# --- Matomo -----------------------------------------------------------------

def matomo_request(r, kiosk, idsite, full=True):
    """One touch as a Matomo tracking request (query string), every field of the row:
    visitor = session (16 hex), cdt = wall time (Matomo takes seconds: the ms go in
    dimension7), screen = action_name and url, section = event category, target =
    event action and name, x/y = dimension1/2, content version = dimension3,
    seq = dimension4, mono = dimension5, flags = dimension6, lang, a screen size."""
    wall = datetime.fromtimestamp(r["wall"] / 1000, tz=timezone.utc)
    p = [("idsite", str(idsite)), ("rec", "1"), ("apiv", "1"),
         ("_id", "%016x" % (r["sid"] or 0)),
         ("cdt", wall.strftime("%Y-%m-%d %H:%M:%S")),
         ("action_name", r["screen"]),
         ("url", f"https://borne.carlades.fr/{kiosk}/{r['screen']}")]
    if r["section"] is not None:
        p.append(("e_c", r["section"]))
    if r["target"] is not None:
        p += [("e_a", r["target"]), ("e_n", r["target"])]
    p += [("dimension1", str(r["x"])), ("dimension2", str(r["y"])),
          ("dimension3", r["cv"] or "")]
    if full:  # the fields the list leaves out, so that Matomo carries all the batch does
        p += [("dimension4", str(r["seq"])), ("dimension5", str(r["mono"])),
              ("dimension6", str(r["flags"])), ("dimension7", str(r["wall"] % 1000))]
    p += [("lang", r["lang"]), ("res", "1080x1920")]
    return "?" + urllib.parse.urlencode(p, quote_via=urllib.parse.quote)


def matomo_body(rows, kiosk, idsite, full=True):
    body = {"requests": [matomo_request(r, kiosk, idsite, full) for r in rows],
            # cdt older than 24 h needs a token; 32 hex like Matomo's
            "token_auth": "0123456789abcdef0123456789abcdef"}
    return json.dumps(body, separators=(",", ":")).encode()


# --- Information content ----------------------------------------------------

def columns(rows, first):
    """The rows as columns, each a newline-separated text: the ideal-ish columnar form."""
    cols = collections.OrderedDict((k, []) for k in
                                   ["seq", "sid", "wall", "mono", "screen", "section", "target", "x", "y",
                                    "lang", "cv", "flags"])
    prev_seq, prev_wall, prev_mono, prev_cv = first - 1, None, None, None
    for r in rows:
        cols["seq"].append(str(r["seq"] - prev_seq))
        cols["sid"].append("" if r["sid"] is None else str(r["seq"] - r["sid"]))
        cols["wall"].append(str(r["wall"] if prev_wall is None else r["wall"] - prev_wall))
        # mono as its difference from the wall delta (0 unless a reboot/clock step)
        if prev_mono is None:
            cols["mono"].append(str(r["mono"]))
        else:
            cols["mono"].append(str((r["mono"] - prev_mono) - (r["wall"] - prev_wall)))
        cols["screen"].append(r["screen"])
        cols["section"].append(r["section"] or "")
        cols["target"].append(r["target"] or "")
        cols["x"].append(str(r["x"]))
        cols["y"].append(str(r["y"]))
        cols["lang"].append(r["lang"])
        cols["cv"].append("" if r["cv"] == prev_cv else (r["cv"] or ""))
        cols["flags"].append(str(r["flags"]))
        prev_seq, prev_wall, prev_mono, prev_cv = r["seq"], r["wall"], r["mono"], r["cv"]
    return cols


def columnar_bytes(rows, first):
    cols = columns(rows, first)
    return b"".join(("\n".join(v) + "\n\x00").encode() for v in cols.values())


def H(counter):
    n = sum(counter.values())
    return -sum(c / n * math.log2(c / n) for c in counter.values() if c)


def cond_entropy(pairs):
    """H(Y | X) from (x, y) pairs, plug-in."""
    by = collections.defaultdict(collections.Counter)
    for x, y in pairs:
        by[x][y] += 1
    n = len(pairs)
    return sum(sum(c.values()) / n * H(c) for c in by.values())


def numeric_bits(values, ctx=None):
    """Bits per value of integers: sign + log2 bucket (plug-in, optionally given a
    context) + uniform bits inside the bucket (bucket [2^k, 2^(k+1)) has k bits)."""
    if ctx is None:
        ctx = [0] * len(values)
    pairs, inner = [], 0.0
    for c, v in zip(ctx, values):
        a = abs(v)
        k = a.bit_length()  # 0 for 0, 1 for 1, 2 for 2..3, ...
        pairs.append((c, (k, v < 0)))
        inner += max(0, k - 1)
    return cond_entropy(pairs) + inner / len(values)


def entropy_estimate(rows):
    """Bits per row, field by field, each given the previous row and the fields
    already coded in this row. Returns {field: bits per row}."""
    prev = None
    ctx = collections.defaultdict(list)
    num = collections.defaultdict(list)
    for r in rows:
        p = prev or {k: None for k in r}
        new_session = r["sid"] is not None and r["sid"] == r["seq"]
        ctx["seq"].append((None, r["seq"] - (p["seq"] or r["seq"] - 1)))
        # session: new or same as before (then its delta is implied), or none
        same = r["sid"] is not None and r["sid"] == p["sid"]
        kind = "same" if same else ("new" if new_session else ("none" if r["sid"] is None else "other"))
        ctx["session"].append((p["target"], kind))
        # wall delta: depends mostly on whether a session starts; given that kind
        num["wall"].append((kind, r["wall"] - (p["wall"] if p["wall"] is not None else r["wall"])))
        num["mono"].append((None, 0 if p["mono"] is None else (r["mono"] - p["mono"]) - (r["wall"] - p["wall"])))
        ctx["screen"].append(((p["screen"], p["target"], kind), r["screen"]))
        ctx["section"].append(((r["screen"], p["section"]), r["section"]))
        ctx["target"].append(((r["screen"], r["section"]), r["target"]))
        ctx["xy"].append(((r["screen"], r["target"]), (r["x"], r["y"])))
        ctx["lang"].append(((p["lang"], p["target"], kind), r["lang"]))
        ctx["cv"].append((p["cv"], r["cv"]))
        ctx["flags"].append(((r["target"], p["flags"]), r["flags"]))
        prev = r
    bits = {}
    for k, pairs in ctx.items():
        bits[k] = cond_entropy(pairs)
    for k, pairs in num.items():
        bits[k] = numeric_bits([v for _, v in pairs], [c for c, _ in pairs])
    return bits


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--batches", required=True, help="collector folder of one kiosk")
    ap.add_argument("--kiosk", default="vic-sur-cere")
    ap.add_argument("--idsite", type=int, default=1)
    ap.add_argument("--json")
    a = ap.parse_args()

    files = sorted(f for f in os.listdir(a.batches) if f.endswith(".batch"))
    tot = collections.Counter()
    all_rows, all_text = [], b""
    for name in files:
        first, last = (int(x) for x in name[:-len(".batch")].rsplit("-", 2)[1:])
        data, payload, text = read_batch(os.path.join(a.batches, name))
        rows = load_rows(a.db, first, last)
        assert len(text.split(b"\n")) - 2 == len(rows), name
        body = matomo_body(rows, a.kiosk, a.idsite)
        tot["rows"] += len(rows)
        tot["batch_file"] += len(data)
        tot["batch_gzip"] += len(payload)
        tot["batch_text"] += len(text)
        tot["batch_text_xz"] += xz9(text)
        tot["matomo_raw"] += len(body)
        tot["matomo_gzip"] += gzip9(body)
        lean = matomo_body(rows, a.kiosk, a.idsite, full=False)
        tot["matomo_lean_raw"] += len(lean)
        tot["matomo_lean_gzip"] += gzip9(lean)
        for k, v in columns(rows, first).items():
            tot["col_xz:" + k] += xz9(("\n".join(v) + "\n").encode())
            tot["col_gzip:" + k] += gzip9(("\n".join(v) + "\n").encode())
        # the batch text with mono written as its difference from the wall delta, empty when 0
        lines = text.split(b"\n")
        alt = [lines[0]]
        for ln in lines[1:-1]:
            f = ln.split(b"\t")
            if len(alt) > 1:
                d = int(f[3]) - int(f[2])
                f[3] = b"" if d == 0 else str(d).encode()
            alt.append(b"\t".join(f))
        tot["batch_mono_residual_gzip"] += gzip9(b"\n".join(alt) + b"\n")
        tot["columnar_raw"] += len(columnar_bytes(rows, first))
        tot["columnar_xz"] += xz9(columnar_bytes(rows, first))
        tot["columnar_gzip"] += gzip9(columnar_bytes(rows, first))
        all_rows += rows
        all_text += text
    n = tot["rows"]
    year = {"columnar_xz": xz9(columnar_bytes(all_rows, all_rows[0]["seq"])),
            "batch_text_xz": xz9(all_text)}
    bits = entropy_estimate(all_rows)
    ent_bytes_per_row = sum(bits.values()) / 8
    per_k = {k: v * 1000 / n for k, v in tot.items() if k != "rows"}
    sample = matomo_request(all_rows[len(all_rows) // 2], a.kiosk, a.idsite)
    sample_lean = matomo_request(all_rows[len(all_rows) // 2], a.kiosk, a.idsite, full=False)
    out = {"kiosk": a.kiosk, "batches": len(files), "rows": n, "per_1000": per_k,
           "year_in_one_piece_per_1000": {k: v * 1000 / n for k, v in year.items()},
           "entropy_bits_per_row": bits, "entropy_bytes_per_1000": ent_bytes_per_row * 1000,
           "matomo_sample_request": sample, "matomo_sample_len": len(sample),
           "matomo_lean_sample_request": sample_lean, "matomo_lean_sample_len": len(sample_lean)}
    if a.json:
        with open(a.json, "w") as f:
            json.dump(out, f, indent=1)
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
