#!/usr/bin/env python3
"""Turns the raw files of bench/run.sh (in bench/out/) into the results
section of docs/BENCHMARKS.md, and prints it.

    python3 bench/report.py --out bench/out [--doc docs/BENCHMARKS.md]

Reads machine.txt, hyperfine.json, time-*.txt (/usr/bin/time -v),
tree-chromium-*.json (bench/treerss.py) and timings-*.txt (`--timings`,
nanoseconds per tap). With --doc, the text between the markers
`<!-- bench-results:begin -->` and `<!-- bench-results:end -->` is replaced
(the section is appended when the markers are missing).

Percentiles are nearest-rank: pN is the smallest value with at least N% of
the taps at or below it.
"""

import argparse
import glob
import json
import math
import os
import re
import statistics
import sys

BEGIN = "<!-- bench-results:begin -->"
END = "<!-- bench-results:end -->"

TARGET_START_RATIO = 1 / 30
TARGET_MEM_RATIO = 1 / 30
TARGET_P99_MS = 2.0


def read_kv(path):
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if "=" in line:
                k, v = line.rstrip("\n").split("=", 1)
                out[k] = v
    return out


def max_rss_kb(path):
    with open(path, encoding="utf-8") as f:
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", f.read())
    if not m:
        sys.exit(f"report: no 'Maximum resident set size' in {path}")
    return int(m.group(1))


def median_of(pattern, reader):
    files = sorted(glob.glob(pattern))
    if not files:
        sys.exit(f"report: no files match {pattern}")
    return statistics.median(reader(f) for f in files), len(files)


def percentile(sorted_values, q):
    if not sorted_values:
        return float("nan")
    k = max(1, math.ceil(q / 100 * len(sorted_values)))
    return sorted_values[k - 1]


def read_timings(path):
    with open(path, encoding="utf-8") as f:
        return [int(x) for x in f.read().split()]


def ms(ns):
    return ns / 1e6


def mib(kb):
    return kb / 1024


def frac(ratio):
    """0.05 → "1/20.0"; 1.2 → "1.20× Chromium's"."""
    return f"1/{1 / ratio:.1f}" if ratio < 1 else f"{ratio:.2f}× Chromium's"


def verdict(ok):
    return "**met**" if ok else "**missed**"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--doc")
    args = ap.parse_args()
    out = args.out

    m = read_kv(os.path.join(out, "machine.txt"))
    with open(os.path.join(out, "hyperfine.json"), encoding="utf-8") as f:
        hf = {r["command"]: r for r in json.load(f)["results"]}
    names = list(hf)
    borne, borne10k, chrom = (hf[n] for n in names[:3])

    rss_borne, runs = median_of(os.path.join(out, "time-borne-*.txt"), max_rss_kb)
    rss_borne10k, _ = median_of(os.path.join(out, "time-borne10k-*.txt"), max_rss_kb)
    rss_chrom, _ = median_of(os.path.join(out, "time-chromium-*.txt"), max_rss_kb)
    rss_session, _ = median_of(os.path.join(out, "time-session-*.txt"), max_rss_kb)

    def tree(key):
        return lambda p: json.load(open(p, encoding="utf-8"))[key]
    tree_rss, _ = median_of(os.path.join(out, "tree-chromium-*.json"), tree("peak_tree_rss_kb"))
    tree_pss, _ = median_of(os.path.join(out, "tree-chromium-*.json"), tree("peak_tree_pss_kb"))
    tree_procs, _ = median_of(os.path.join(out, "tree-chromium-*.json"), tree("max_processes"))

    sessions = []
    for p in sorted(glob.glob(os.path.join(out, "timings-*.txt"))):
        sessions.append(sorted(read_timings(p)))
    if not sessions or not all(sessions):
        sys.exit("report: no tap timings")
    pooled = sorted(v for s in sessions for v in s)

    def cell(r, key):
        return f"{r[key] * 1000:.1f}"

    L = []
    L.append(f"Measured {m['date']} by `bench/run.sh`.")
    L.append("")
    L.append("### Machine")
    L.append("")
    L.append(f"- CPU: {m['cpu']}, `nproc` = {m['nproc']}; RAM {m['ram']}")
    L.append(f"- Kernel: {m['kernel']}; {m['os']}")
    L.append(f"- {m['swift']}")
    L.append(f"- {m['chromium']}; {m['hyperfine']}")
    L.append(f"- Sources: commit {m['commit']}")
    L.append(f"- Load average (1, 5, 15 min) before / after the run: {m.get('load_before', '?')} / {m.get('load_after', '?')}"
             + (" — **the machine was busy: figures are noisier and slower than on an idle one**"
                if busy(m.get('load_before')) else ""))
    L.append("")
    L.append("### Cold start to first complete frame")
    L.append("")
    L.append("`hyperfine --warmup 3 -N`; the kiosk loads its content, renders the home screen at 160x45 and prints it; "
             "Chromium starts, renders `bench/home.html` at 1280x720 and writes a PNG.")
    L.append("")
    L.append("| Command | Mean ± σ (ms) | Median (ms) | Min (ms) | Max (ms) | Runs | vs Chromium |")
    L.append("|---|---|---|---|---|---|---|")
    for n in names[:3]:
        r = hf[n]
        ratio = r["mean"] / chrom["mean"]
        L.append(f"| {n} | {r['mean'] * 1000:.1f} ± {r['stddev'] * 1000:.1f} | {cell(r, 'median')} | {cell(r, 'min')} "
                 f"| {cell(r, 'max')} | {len(r['times'])} | {frac(ratio) if r is not chrom else '—'} |")
    L.append("")
    L.append("### Peak memory")
    L.append("")
    L.append(f"Median over {runs} runs of `/usr/bin/time -v` \"Maximum resident set size\". For Chromium that is its "
             "largest single process only; the whole tree, sampled every 5 ms from /proc by `bench/treerss.py`, is "
             "given beside it (summed RSS counts shared pages once per process; summed PSS shares them out).")
    L.append("")
    L.append("| Run | Peak RSS (MiB) | vs Chromium's largest process |")
    L.append("|---|---|---|")
    L.append(f"| borne, bundled content, first frame | {mib(rss_borne):.1f} | 1/{rss_chrom / rss_borne:.1f} |")
    L.append(f"| borne, 10,000 items, first frame | {mib(rss_borne10k):.1f} | 1/{rss_chrom / rss_borne10k:.1f} |")
    L.append(f"| borne, 10,000 items, whole taps session | {mib(rss_session):.1f} | 1/{rss_chrom / rss_session:.1f} |")
    L.append(f"| Chromium, largest process | {mib(rss_chrom):.1f} | 1 |")
    L.append(f"| Chromium, whole tree ({tree_procs:.0f} processes), summed PSS | {mib(tree_pss):.1f} | — |")
    L.append(f"| Chromium, whole tree, summed RSS | {mib(tree_rss):.1f} | — |")
    L.append("")
    L.append("### Tap-to-frame latency (10,000 items)")
    L.append("")
    L.append(f"`--timings`: per tap, press → feedback frame rendered and diffed → release → new frame rendered and "
             f"diffed, in the process (no terminal). Session `bench/taps.txt`, {m['taps']} taps, replayed "
             f"{len(sessions)} times in fresh processes.")
    L.append("")
    L.append("| Session | Taps | p50 (ms) | p90 (ms) | p99 (ms) | Max (ms) | Mean (ms) |")
    L.append("|---|---|---|---|---|---|---|")
    for i, s in enumerate(sessions + [pooled]):
        label = f"{i + 1}" if i < len(sessions) else "**all**"
        L.append(f"| {label} | {len(s)} | {ms(percentile(s, 50)):.3f} | {ms(percentile(s, 90)):.3f} | "
                 f"{ms(percentile(s, 99)):.3f} | {ms(s[-1]):.3f} | {ms(statistics.mean(s)):.3f} |")
    by_kind = taps_by_kind(m.get("root", "."), m.get("taps_file", "bench/taps.txt"), out)
    if by_kind:
        L.append("")
        L.append("By the screen the tap leads to (all sessions):")
        L.append("")
        L.append("| Tap leads to | Taps | p50 (ms) | p99 (ms) | Max (ms) |")
        L.append("|---|---|---|---|---|")
        for kind, label in (("list", "a list page (open a section, filter, ▼ Bas / ▲ Haut, ◀ Retour from an item)"),
                            ("item", "an item's page"), ("home", "home (⌂ Accueil, ◀ Retour, a language)"),
                            ("info", "weather, emergencies, office")):
            v = sorted(by_kind.get(kind, []))
            if v:
                L.append(f"| {label} | {len(v)} | {ms(percentile(v, 50)):.3f} | {ms(percentile(v, 99)):.3f} | {ms(v[-1]):.3f} |")
    L.append("")
    L.append("### Targets")
    L.append("")
    L.append("| Target | Measured | Verdict |")
    L.append("|---|---|---|")
    for label, r in (("bundled content", borne), ("10,000 items", borne10k)):
        ratio = r["mean"] / chrom["mean"]
        ok = ratio <= TARGET_START_RATIO
        how = "" if ok else f" ({ratio / TARGET_START_RATIO:.1f}× the allowed {chrom['mean'] * 1000 / 30:.1f} ms)"
        L.append(f"| First frame ≤ 1/30 of Chromium's ({label}) | {r['mean'] * 1000:.1f} ms vs "
                 f"{chrom['mean'] * 1000:.1f} ms = {frac(ratio)}{how} | {verdict(ok)} |")
    for label, v in (("bundled content", rss_borne), ("10,000 items, first frame", rss_borne10k),
                     ("10,000 items, taps session", rss_session)):
        ratio = v / rss_chrom
        ok = ratio <= TARGET_MEM_RATIO
        how = "" if ok else f" ({ratio / TARGET_MEM_RATIO:.1f}× the allowed {mib(rss_chrom) / 30:.1f} MiB)"
        L.append(f"| Peak memory ≤ 1/30 of Chromium's ({label}) | {mib(v):.1f} MiB vs {mib(rss_chrom):.1f} MiB "
                 f"= {frac(ratio)}{how} | {verdict(ok)} |")
    p99 = ms(percentile(pooled, 99))
    ok = p99 <= TARGET_P99_MS
    how = "" if ok else f" ({p99 / TARGET_P99_MS:.1f}× the target)"
    L.append(f"| p99 tap-to-frame ≤ 2 ms (10,000 items) | {p99:.3f} ms{how} | {verdict(ok)} |")
    L.append("")
    L.append("Memory is judged against Chromium's largest single process, the stricter comparison; against its "
             f"whole tree (summed PSS, {mib(tree_pss):.0f} MiB) every ratio is {tree_pss / rss_chrom:.1f}× more favourable.")
    L.append("")
    L.append("### Commands")
    L.append("")
    L.append("```sh")
    L.append("bench/run.sh   # all of the below, then this section")
    L.append("python3 bench/gen_content.py --count 10000 --out bench/out/content-10k")
    L.append(f"hyperfine --warmup 3 -N \\\n  '{rel(m['cmd_borne'], m['root'])}' \\\n"
             f"  '{rel(m['cmd_borne10k'], m['root'])}' \\\n  '{rel(m['cmd_chromium'], m['root'])}'")
    L.append(f"/usr/bin/time -v <each of the three>   # ×{m['mem_runs']}, median of \"Maximum resident set size\"")
    L.append(f"python3 bench/treerss.py -- <the chromium command>")
    L.append(f"/usr/bin/time -v {rel(m['cmd_taps'], m['root'])}   # ×{m['sessions']}")
    L.append("```")
    text = "\n".join(L) + "\n"
    print(text)

    if args.doc:
        doc = args.doc
        existing = open(doc, encoding="utf-8").read() if os.path.exists(doc) else "# Benchmarks\n"
        block = f"{BEGIN}\n{text}{END}"
        if BEGIN in existing and END in existing:
            head, rest = existing.split(BEGIN, 1)
            _, tail = rest.split(END, 1)
            new = head + block + tail
        else:
            new = existing.rstrip("\n") + "\n\n## Results\n\n" + block + "\n"
        with open(doc, "w", encoding="utf-8") as f:
            f.write(new)
        print(f"report: results written to {doc}", file=sys.stderr)


def taps_by_kind(root, taps_file, out):
    """Timings grouped by the `# expect KIND` of their tap line; None when they do not line up."""
    path = os.path.join(root, taps_file)
    if not os.path.exists(path):
        return None
    kinds = []
    for line in open(path, encoding="utf-8"):
        if line.strip().startswith("tap "):
            m = re.search(r"#\s*expect\s+(\w+)", line)
            kinds.append(m.group(1) if m else "other")
    groups = {}
    for p in sorted(glob.glob(os.path.join(out, "timings-*.txt"))):
        values = read_timings(p)
        if len(values) != len(kinds):
            return None
        for k, v in zip(kinds, values):
            groups.setdefault(k, []).append(v)
    return groups


def busy(load):
    try:
        return float(load.split()[0]) > 0.5
    except (AttributeError, ValueError, IndexError):
        return False


def rel(cmd, root):
    """The command with the repository path made relative, as one would type it."""
    return cmd.replace("file://" + root, "file://$PWD").replace(root + "/", "").strip()


if __name__ == "__main__":
    main()
