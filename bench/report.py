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

Two more reports, each between its own markers:

    python3 bench/report.py --touchlog bench/out/touchlog [--doc ...]   # bench/touchlog.sh
    python3 bench/report.py --pipeline bench/out/pipeline [--doc ...]   # bench/pipeline.sh

`--touchlog`: tap-to-frame with touch logging on vs off
(`<!-- touchlog-results:begin/end -->`). `--pipeline`: content build time and
memory, bytes fetched for a one-item change against the full bundle and rsync
(`<!-- pipeline-results:begin/end -->`).
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
TOUCHLOG_BEGIN = "<!-- touchlog-results:begin -->"
TOUCHLOG_END = "<!-- touchlog-results:end -->"
PIPELINE_BEGIN = "<!-- pipeline-results:begin -->"
PIPELINE_END = "<!-- pipeline-results:end -->"
DELTA_BEGIN = "<!-- delta-results:begin -->"
DELTA_END = "<!-- delta-results:end -->"

TARGET_START_RATIO = 1 / 30     # bundled content
TARGET_START_RATIO_10K = 1 / 10  # 10,000 items
TARGET_MEM_RATIO = 1 / 30
TARGET_MEM_RATIO_10K = 1 / 10
TARGET_P99_MS = 2.0
TARGET_MONTH_BYTES = 3_000_000  # a month of the Pas de Cère on 4G, TLS included
TARGET_INGEST_RATE = 1_000_000  # office ingest, touches per second
TARGET_REPORT_S = 2.0           # yearly report on 30 M touches
SUMMARY_BEGIN = "<!-- targets-summary:begin -->"
SUMMARY_END = "<!-- targets-summary:end -->"
TARGET_CHANGE_SHARE = 0.02      # one-item change: bytes fetched <= 2 % of the full bundle
TARGET_CHANGE_VS_RSYNC = 1.5    # ... and <= 1.5x what rsync -z moves for the same two trees


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
    """Wall times (ns), the first column of each line of a `--timings` file."""
    return [r[0] for r in read_timing_rows(path)]


def read_timing_rows(path):
    """(wall ns, loop-thread CPU ns or None, loading flag or None) per tap: a `--timings` line is
    `WALL CPU LOADING` since the branch start; older binaries wrote the wall time alone."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if not parts:
                continue
            rows.append((int(parts[0]), int(parts[1]) if len(parts) > 1 else None,
                         parts[2] == "1" if len(parts) > 2 else None))
    return rows


def cpu_p99_note(paths):
    """`; CPU p99 X ms` over the loop thread's CPU times of these files, or '' when they have none."""
    cpu = sorted(c for p in paths for (_, c, _) in read_timing_rows(p) if c is not None)
    return f"; loop-thread CPU p99 {ms(percentile(cpu, 99)):.3f} ms" if cpu else ""


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
    ap.add_argument("--out", help="bench/run.sh's raw files (the kiosk report)")
    ap.add_argument("--touchlog", metavar="DIR", help="bench/touchlog.sh's raw files")
    ap.add_argument("--pipeline", metavar="DIR", help="bench/pipeline.sh's raw files")
    ap.add_argument("--delta", metavar="DIR", help="bench/pipeline.sh's raw files: the one-item change with compressed objects")
    ap.add_argument("--summary", metavar="DIR", help="every target of the issue, from bench/out (after the others)")
    ap.add_argument("--doc")
    args = ap.parse_args()
    if args.touchlog:
        return write_report(touchlog_report(args.touchlog), args.doc, TOUCHLOG_BEGIN, TOUCHLOG_END)
    if args.pipeline:
        return write_report(pipeline_report(args.pipeline), args.doc, PIPELINE_BEGIN, PIPELINE_END)
    if args.delta:
        return write_report(delta_report(args.delta), args.doc, DELTA_BEGIN, DELTA_END)
    if args.summary:
        return write_report(summary_report(args.summary), args.doc, SUMMARY_BEGIN, SUMMARY_END)
    if not args.out:
        ap.error("one of --out, --touchlog or --pipeline is required")
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
    L.append(f"`--timings`: per tap, press and release handed to the loop in one turn → the new frame rendered "
             f"and diffed, in the process (no terminal; a press changes no touch target, so the release is "
             f"hit-tested without rendering the press's feedback first). Session `bench/taps.txt`, {m['taps']} taps, replayed "
             f"{len(sessions)} times in fresh processes.")
    L.append("")
    L.append("| Session | Taps | p50 (ms) | p90 (ms) | p99 (ms) | Max (ms) | Mean (ms) |")
    L.append("|---|---|---|---|---|---|---|")
    for i, s in enumerate(sessions + [pooled]):
        label = f"{i + 1}" if i < len(sessions) else "**all**"
        L.append(f"| {label} | {len(s)} | {ms(percentile(s, 50)):.3f} | {ms(percentile(s, 90)):.3f} | "
                 f"{ms(percentile(s, 99)):.3f} | {ms(s[-1]):.3f} | {ms(statistics.mean(s)):.3f} |")
    cpu = sorted(c for p in sorted(glob.glob(os.path.join(out, "timings-*.txt")))
                 for (_, c, _) in read_timing_rows(p) if c is not None)
    if cpu:
        L.append("")
        L.append(f"The loop thread's CPU time over the same spans (`CLOCK_THREAD_CPUTIME_ID`, second column of "
                 f"`--timings`; what other work on the machine does not inflate): p50 {ms(percentile(cpu, 50)):.3f} ms, "
                 f"p99 {ms(percentile(cpu, 99)):.3f} ms, max {ms(cpu[-1]):.3f} ms over {len(cpu)} taps.")
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
    for label, r, target in (("bundled content", borne, TARGET_START_RATIO), ("10,000 items", borne10k, TARGET_START_RATIO_10K)):
        ratio = r["mean"] / chrom["mean"]
        ok = ratio <= target
        how = "" if ok else f" ({ratio / target:.1f}× the allowed {chrom['mean'] * 1000 * target:.1f} ms)"
        L.append(f"| First frame ≤ 1/{1 / target:.0f} of Chromium's ({label}) | {r['mean'] * 1000:.1f} ms vs "
                 f"{chrom['mean'] * 1000:.1f} ms = {frac(ratio)}{how} | {verdict(ok)} |")
    for label, v, target in (("bundled content", rss_borne, TARGET_MEM_RATIO),
                             ("10,000 items, first frame", rss_borne10k, TARGET_MEM_RATIO_10K),
                             ("10,000 items, taps session", rss_session, TARGET_MEM_RATIO_10K)):
        ratio = v / rss_chrom
        ok = ratio <= target
        how = "" if ok else f" ({ratio / target:.1f}× the allowed {mib(rss_chrom) * target:.1f} MiB)"
        L.append(f"| Peak memory (max RSS) ≤ 1/{1 / target:.0f} of Chromium's ({label}) | {mib(v):.1f} MiB vs {mib(rss_chrom):.1f} MiB "
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
    if m.get('cmd_borne_mem'):
        L.append(f"# peak memory: a kiosk holding its catalog (the script opens Où manger ?)\n"
                 f"'{rel(m['cmd_borne_mem'], m['root'])}'\n'{rel(m['cmd_borne10k_mem'], m['root'])}'")
    L.append(f"/usr/bin/time -v <each of the three>   # ×{m['mem_runs']}, median of \"Maximum resident set size\"")
    L.append(f"python3 bench/treerss.py -- <the chromium command>")
    L.append(f"/usr/bin/time -v {rel(m['cmd_taps'], m['root'])}   # ×{m['sessions']}")
    L.append("```")
    text = "\n".join(L) + "\n"
    write_report(text, args.doc, BEGIN, END)


def write_report(text, doc, begin, end):
    """Prints the text and, with doc, puts it between the markers (appended under ## Results when absent)."""
    print(text)
    if not doc:
        return
    existing = open(doc, encoding="utf-8").read() if os.path.exists(doc) else "# Benchmarks\n"
    block = f"{begin}\n{text}{end}"
    if begin in existing and end in existing:
        head, rest = existing.split(begin, 1)
        _, tail = rest.split(end, 1)
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

# --- Touch logging on vs off (bench/touchlog.sh) --------------------------------

def touchlog_report(out):
    m = read_kv(os.path.join(out, "machine.txt"))
    runs = {"on": [], "off": []}
    for mode in runs:
        for p in sorted(glob.glob(os.path.join(out, f"timings-{mode}-*.txt")),
                        key=lambda p: int(re.search(r"-(\d+)\.txt$", p).group(1))):
            i = re.search(r"-(\d+)\.txt$", p).group(1)
            rows = open(os.path.join(out, f"rows-{mode}-{i}.txt"), encoding="utf-8").read().strip()
            rss = max_rss_kb(os.path.join(out, f"time-{mode}-{i}.txt"))
            runs[mode].append((int(i), sorted(read_timings(p)), rows, rss))
    if not runs["on"] or not runs["off"]:
        sys.exit("report: no timings-on-*/timings-off-* in " + out)
    pooled = {k: sorted(v for _, t, _, _ in r for v in t) for k, r in runs.items()}

    def row(label, t):
        return (f"| {label} | {len(t)} | {ms(percentile(t, 50)):.3f} | {ms(percentile(t, 90)):.3f} | "
                f"{ms(percentile(t, 99)):.3f} | {ms(t[-1]):.3f} | {ms(statistics.mean(t)):.3f} |")

    L = [f"Measured {m['date']} by `bench/touchlog.sh`, sources at commit {m['commit']}; {m.get('cpu', '?')}, "
         f"`nproc` = {m.get('nproc', '?')}.", "",
         f"Load average (1, 5, 15 min) before / after: {m['load_before']} / {m['load_after']}"
         + (" — **the machine was busy: figures are noisier and slower than on an idle one**" if busy(m['load_before']) else ""),
         "",
         f"Session `bench/taps.txt` ({m['taps']} taps) on the 10,000 items, {m['pairs']} sessions each way, "
         "alternated (on, off, off, on, ...) in fresh processes and data directories.", "",
         "| Session | Taps | p50 (ms) | p90 (ms) | p99 (ms) | Max (ms) | Mean (ms) |", "|---|---|---|---|---|---|---|"]
    for mode in ("on", "off"):
        for i, t, rows, _ in runs[mode]:
            L.append(row(f"logging {mode}, {i} ({rows} rows in sessions.db)", t))
    for mode in ("on", "off"):
        L.append(row(f"**logging {mode}, all**", pooled[mode]))
    on, off = pooled["on"], pooled["off"]
    L += ["", "| | On | Off | On − off |", "|---|---|---|---|"]
    for label, q in (("p50", 50), ("p90", 90), ("p99", 99)):
        a, b = ms(percentile(on, q)), ms(percentile(off, q))
        L.append(f"| {label} (ms) | {a:.3f} | {b:.3f} | {a - b:+.3f} |")
    a, b = ms(statistics.mean(on)), ms(statistics.mean(off))
    L.append(f"| mean (ms) | {a:.3f} | {b:.3f} | {a - b:+.3f} |")
    ron = statistics.median(r for _, _, _, r in runs["on"])
    roff = statistics.median(r for _, _, _, r in runs["off"])
    L.append(f"| peak RSS, median (MiB) | {mib(ron):.1f} | {mib(roff):.1f} | {mib(ron - roff):+.1f} |")
    p99_on, p99_off = ms(percentile(on, 99)), ms(percentile(off, 99))
    L += ["", f"p99 tap-to-frame ≤ 2 ms: logging on {p99_on:.3f} ms {verdict(p99_on <= TARGET_P99_MS)}, "
              f"logging off {p99_off:.3f} ms {verdict(p99_off <= TARGET_P99_MS)}."]
    return "\n".join(L) + "\n"


# --- Content pipeline (bench/pipeline.sh) ----------------------------------------

def rsync_stats(path):
    text = open(path, encoding="utf-8").read()

    def num(label):
        mm = re.search(re.escape(label) + r":\s*([\d,]+)", text)
        return int(mm.group(1).replace(",", "")) if mm else None
    return {"sent": num("Total bytes sent"), "received": num("Total bytes received"),
            "literal": num("Literal data"), "matched": num("Matched data"), "file_list": num("File list size"),
            "transferred": num("Number of regular files transferred")}


def access_log(path):
    """Requests of one sync: [(path, status, body, sent, request)]."""
    out = []
    for line in open(path, encoding="utf-8"):
        mm = re.match(r'"GET (\S+) HTTP/[\d.]+" (\d+) body=(\d+) sent=(\d+) req=(\d+)', line)
        if mm:
            out.append((mm.group(1), int(mm.group(2)), int(mm.group(3)), int(mm.group(4)), int(mm.group(5))))
    return out


def sync_figures(path):
    text = open(path, encoding="utf-8").read()
    mm = re.search(r"(\d+) objects, (\d+) bytes", text)
    return (int(mm.group(1)), int(mm.group(2))) if mm else (None, None)


def item_span(path, item_id):
    """Bytes of one item's JSON in a section file (the writer puts an item between `    {` and `    }`)."""
    lines = open(path, encoding="utf-8").read().split("\n")
    k = next((i for i, l in enumerate(lines) if f'"id": "{item_id}"' in l), None)
    if k is None:
        return None
    a = k
    while a > 0 and lines[a] != "    {":
        a -= 1
    b = k
    while b < len(lines) and not lines[b].startswith("    }"):
        b += 1
    return len("\n".join(lines[a:b + 1]).encode())


def gz(path):
    import gzip
    return len(gzip.compress(open(path, "rb").read(), compresslevel=6))


def gz9(path):
    """The size of the `.gz` borne's publisher writes for this file (zlib level 9, no name, mtime 0)."""
    import gzip
    return len(gzip.compress(open(path, "rb").read(), compresslevel=9, mtime=0))


def zstd_patch(old, new):
    import shutil
    import subprocess
    import tempfile
    if not shutil.which("zstd"):
        return None
    with tempfile.TemporaryDirectory() as d:
        dst = os.path.join(d, "p.zst")
        r = subprocess.run(["zstd", "-q", "-f", "-19", "--patch-from=" + old, new, "-o", dst],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return os.path.getsize(dst) if r.returncode == 0 else None


def kb(n):
    return f"{n / 1000:,.1f} kB" if n < 1e6 else f"{n / 1e6:,.2f} MB"


def pct(x):
    return f"{100 * x:.2f} %"


def pipeline_report(out):
    m = read_kv(os.path.join(out, "machine.txt"))
    with open(os.path.join(out, "hyperfine-build.json"), encoding="utf-8") as f:
        hf = json.load(f)["results"]
    rss, mem_runs = median_of(os.path.join(out, "time-build-*.txt"), max_rss_kb)
    sa = json.load(open(os.path.join(out, "apidae-a", "summary.json"), encoding="utf-8"))
    sb = json.load(open(os.path.join(out, "apidae-b", "summary.json"), encoding="utf-8"))
    changed = sb["changed"]
    build_line = open(os.path.join(out, "build-a.txt"), encoding="utf-8").readline().strip()
    wrote = re.search(r"\): (\d+) items \(([^)]*)\), (\d+) GPX; (\d+) APIDAE objects imported, (\d+) skipped, (\d+) warnings",
                      build_line)

    man_b = json.load(open(os.path.join(out, "bundle-b", "manifest.json"), encoding="utf-8"))
    man_a = json.load(open(os.path.join(out, "bundle-a", "manifest.json"), encoding="utf-8"))
    manifest_size = os.path.getsize(os.path.join(out, "bundle-b", "manifest.json"))
    sig_size = os.path.getsize(os.path.join(out, "bundle-b", "manifest.sig"))
    distinct = {f["sha256"]: f["size"] for f in man_b["files"]}
    objects = sum(distinct.values())
    full = objects + manifest_size + sig_size
    items_bytes = sum(f["size"] for f in man_b["files"] if f["path"].startswith("items/"))
    gpx_files = [f for f in man_b["files"] if f["path"].startswith("gpx/")]
    gpx_bytes = sum(f["size"] for f in gpx_files)
    path_of = {f["sha256"]: f["path"] for f in man_b["files"]}
    old_hashes = {f["sha256"] for f in man_a["files"]}

    first_n, first_body = sync_figures(os.path.join(out, "sync-a.txt"))
    n_b, body_b = sync_figures(os.path.join(out, "sync-b.txt"))
    log_a, log_b, log_idle = (access_log(os.path.join(out, f"access-{k}.log")) for k in ("a", "b", "a-again"))
    wire_b_down = sum(r[3] for r in log_b)
    wire_b_up = sum(r[4] for r in log_b)
    wire_b = wire_b_down + wire_b_up
    budget_b = int(open(os.path.join(out, "budget-b.txt")).read().strip())
    budget_a = int(open(os.path.join(out, "budget-a.txt")).read().strip())
    wire_a = sum(r[3] + r[4] for r in log_a)
    idle = sum(r[3] + r[4] for r in log_idle)
    rs = {k: (rsync_stats(os.path.join(out, f"rsync-{k}-a.txt")), rsync_stats(os.path.join(out, f"rsync-{k}-b.txt")))
          for k in ("mtime", "checksum")}

    changed_files = [f for f in man_b["files"] if f["sha256"] not in old_hashes]
    section_file = next((f["path"] for f in changed_files if f["path"].startswith("items/")), None)
    span = item_span(os.path.join(out, "tree-b", section_file), changed["item_id"]) if section_file else None
    patch = zstd_patch(os.path.join(out, "tree-a", section_file), os.path.join(out, "tree-b", section_file)) if section_file else None
    gz_section = gz(os.path.join(out, "tree-b", section_file)) if section_file else None
    gz_manifest = gz(os.path.join(out, "bundle-b", "manifest.json"))

    L = [f"Measured {m['date']} by `bench/pipeline.sh`.", "", "### Machine", "",
         f"- CPU: {m['cpu']}, `nproc` = {m['nproc']}; RAM {m['ram']}",
         f"- Kernel: {m['kernel']}; {m['os']}",
         f"- {m['swift']}; {m['hyperfine']}; {m['nginx']}; {m['rsync']}",
         f"- Sources: commit {m['commit']}",
         f"- Load average (1, 5, 15 min) before the run {m['load_before']}, around the timed builds {m['load_build']}, "
         f"after {m['load_after']}"
         + (" — **the machine was busy: the build times are slower and noisier than on an idle one; the byte counts "
            "do not depend on load**" if busy(m['load_before']) or busy(m['load_build'].split(' / ')[0]) else ""),
         "", "### Build time of a bundle from a 5,000-object export", "",
         f"`bench/gen_apidae.py`: {sa['count']:,} objects, {sa['export_bytes'] / 1e6:.1f} MB of export JSON in "
         f"{(sa['count'] + 499) // 500} `objets_modifies` files, {sa['gpx_files']} GPX tracks ({sa['gpx_bytes'] / 1e6:.1f} MB). "
         + (f"The build writes {int(wrote.group(1)):,} items ({wrote.group(2)}) and {wrote.group(3)} GPX files; "
            f"{int(wrote.group(4)):,} objects imported, {wrote.group(5)} skipped (types the kiosk does not show, "
            f"not published, deleted), {wrote.group(6)} warnings. " if wrote else "")
         + "Then it packs and signs the bundle. `hyperfine -N --warmup 1`, the output removed before each run.", "",
         "| Command | Mean ± σ (s) | Min (s) | Max (s) | User (s) | System (s) | Runs |", "|---|---|---|---|---|---|---|"]
    for r in hf:
        L.append(f"| {r['command']} | {r['mean']:.2f} ± {r['stddev']:.2f} | {r['min']:.2f} | {r['max']:.2f} | "
                 f"{r['user']:.2f} | {r['system']:.2f} | {len(r['times'])} |")
    L += ["", f"Peak memory (`/usr/bin/time -v`, median of {mem_runs} runs, export folder): **{mib(rss):.0f} MiB**.", ""]

    L += ["### One-item change: bytes fetched", "",
          f"Export B is export A with one object renamed: {changed['type']} {changed['id']} "
          f"\"{changed['name_before']}\" → \"{changed['name_after']}\". Both built into signed bundles, published in "
          f"turn to the nginx tree; one kiosk data directory synced after each (`borne sync`).", "",
          f"Full bundle B: {len(man_b['files'])} files, {len(distinct)} distinct objects, {objects:,} bytes "
          f"(item JSON {items_bytes:,}, {len(gpx_files)} GPX {gpx_bytes:,}, office, urgences, weather and bundle.json "
          f"{objects - items_bytes - gpx_bytes:,}) "
          f"+ manifest.json {manifest_size:,} + manifest.sig {sig_size} = **{full:,} bytes**. The first sync (bundle A on an "
          f"empty kiosk) fetched {first_n} objects, {first_body:,} body bytes, {wire_a:,} bytes of HTTP both ways "
          f"(borne's own count: {budget_a:,}).", "",
          "| Sync after the one-item change | Bytes |", "|---|---|",
          f"| objects fetched | {n_b} ({', '.join(path_of[h] for h in dict.fromkeys(f['sha256'] for f in changed_files))}) |",
          f"| body bytes (`borne sync`'s count: manifest, signature, objects) | **{body_b:,}** |",
          f"| body bytes (nginx `$body_bytes_sent`, summed) | {sum(r[2] for r in log_b):,} |",
          f"| HTTP bytes received by the kiosk (nginx `$bytes_sent`: headers + body) | {wire_b_down:,} |",
          f"| HTTP bytes sent by the kiosk (nginx `$request_length`) | {wire_b_up:,} |",
          f"| **HTTP bytes, both ways** ({len(log_b)} requests) | **{wire_b:,}** |",
          f"| the same, counted by borne (`DATA/net/budget.json`, headers included) | {budget_b:,} |",
          f"| for comparison: a poll with nothing new (one conditional GET, 304) | {idle:,} |", ""]

    L += ["Where those bytes go:", "", "| Request | Body | Headers (both ways) |", "|---|---|---|"]
    for path, status, body, sent, req in log_b:
        label = object_label(path, path_of)
        L.append(f"| {label} ({status}) | {body:,} | {sent - body + req:,} |")
    L.append("")
    if section_file:
        sec_size = next(f["size"] for f in man_b["files"] if f["path"] == section_file)
        sec_fetched = sum(r[2] for r in log_b if object_label(r[0], path_of).startswith(section_file))
        L += [f"The renamed item is about {span:,} bytes of `{section_file}`, but items travel a section at a time: "
              f"the whole {sec_size:,}-byte file is fetched again"
              + (f" (as its `.gz`, {sec_fetched:,} bytes)" if sec_fetched < sec_size else "")
              + f", {pct(sec_fetched / body_b)} of this sync's body bytes; "
              f"the manifest, which lists every file of the bundle ({len(man_b['files'])}), is {pct(manifest_size / body_b)}. "
              + (f"For scale: `zstd -19 --patch-from` of the old file gives a {patch:,}-byte delta; gzip -6 of the new file "
                 f"is {gz_section:,} bytes, of the manifest {gz_manifest:,}." if patch else ""), ""]

    L += ["A change to one item of another section would fetch that section's file (its `.gz`), with the same manifest, "
          "signature and bundle.json:", "", "| Section file | Size | One-item change would fetch | Share of the full bundle |",
          "|---|---|---|---|"]
    # Objects travel as their .gz (zlib level 9, as borne's publisher writes them).
    bundle_json = gz9(os.path.join(out, "tree-b", "bundle.json"))
    for f in sorted((f for f in man_b["files"] if f["path"].startswith("items/")), key=lambda f: -f["size"]):
        cost = gz9(os.path.join(out, "tree-b", f["path"])) + manifest_size + sig_size + bundle_json
        L.append(f"| {f['path']} | {f['size']:,} | {cost:,} | {pct(cost / full)} |")
    L.append("")

    L += ["### rsync of the same two content trees", "",
          "The installed trees A and B (without `.manifest.*`) from `rsync --daemon` on loopback: A pulled into an "
          "empty directory, then B over it; rsync's `--stats` of the second pull, i.e. what the kiosk side received "
          f"and sent. With plain `-az` every file of B has a new modification time, so all {len(man_b['files'])} go "
          f"through the delta algorithm (the kiosk uploads block checksums of all {kb(objects)}); with `--checksum` "
          "only the changed ones do.", "",
          "| | rsync -az | rsync -az --checksum | borne sync |", "|---|---|---|---|",
          f"| files transferred (delta) | {rs['mtime'][1]['transferred']} | {rs['checksum'][1]['transferred']} | {n_b} (whole) |",
          f"| literal data (bytes) | {rs['mtime'][1]['literal']:,} | {rs['checksum'][1]['literal']:,} | — |",
          f"| received by the kiosk | {rs['mtime'][1]['received']:,} | {rs['checksum'][1]['received']:,} | {wire_b_down:,} |",
          f"| sent by the kiosk | {rs['mtime'][1]['sent']:,} | {rs['checksum'][1]['sent']:,} | {wire_b_up:,} |"]
    tot = {k: rs[k][1]["received"] + rs[k][1]["sent"] for k in rs}
    L += [f"| **both ways** | **{tot['mtime']:,}** | **{tot['checksum']:,}** | **{wire_b:,}** |",
          f"| first pull of A into an empty directory, both ways | {rs['mtime'][0]['received'] + rs['mtime'][0]['sent']:,} | "
          f"{rs['checksum'][0]['received'] + rs['checksum'][0]['sent']:,} | {wire_a:,} |", "",
          "All counts are bytes of the application protocol (rsync's stream, HTTP requests and responses); TCP/IP "
          "headers are left out of both.", ""]

    share = body_b / full
    ok_share = share <= TARGET_CHANGE_SHARE
    with open(os.path.join(out, "targets.json"), "w", encoding="utf-8") as f:
        json.dump({"change_bytes": body_b, "bundle_bytes": full, "share": share, "wire_both_ways": wire_b,
                   "rsync_az_both_ways": tot["mtime"], "rsync_checksum_both_ways": tot["checksum"],
                   "load": m.get("load_before", "?")}, f)
    L += ["### Targets (issue 3)", "", "| Target | Measured | Verdict |", "|---|---|---|",
          f"| One-item change ≤ 2 % of the full bundle | {body_b:,} / {full:,} bytes = {pct(share)}"
          + ("" if ok_share else f" ({share / TARGET_CHANGE_SHARE:.1f}× the allowed {int(full * TARGET_CHANGE_SHARE):,} bytes)")
          + f" | {verdict(ok_share)} |"]
    for k, label in (("mtime", "rsync -az"), ("checksum", "rsync -az --checksum")):
        ratio = wire_b / tot[k]
        ok = ratio <= TARGET_CHANGE_VS_RSYNC
        L.append(f"| One-item change within 1.5× of {label} (both ways) | {wire_b:,} vs {tot[k]:,} bytes = {ratio:.1f}×"
                 + ("" if ok else f" ({ratio / TARGET_CHANGE_VS_RSYNC:.1f}× over)") + f" | {verdict(ok)} |")
        down = wire_b_down / rs[k][1]["received"]
        L.append(f"| … counting only what the kiosk downloads, vs {label} | {wire_b_down:,} vs "
                 f"{rs[k][1]['received']:,} bytes = {down:.1f}× | {verdict(down <= TARGET_CHANGE_VS_RSYNC)} |")
    hb = hf[0]
    L.append(f"| Build of a 5,000-object export (no target set) | {hb['mean']:.2f} s mean, {hb['min']:.2f} s best, "
             f"{mib(rss):.0f} MiB peak | — |")
    L += ["", "### Commands", "", "```sh", "bench/pipeline.sh   # all of the below, then this section",
          f"python3 bench/gen_apidae.py --count {m['count']} --out bench/out/pipeline/apidae-a",
          f"python3 bench/gen_apidae.py --count {m['count']} --out bench/out/pipeline/apidae-b --change {m['change']}",
          f"hyperfine -N --warmup 1 --runs {m['runs']} --prepare 'rm -rf bench/out/pipeline/hf-bundle' \\\n"
          f"  '{rel(m['cmd_build'], m['root'])}' \\\n  '{rel(m['cmd_build_zip'], m['root'])}'",
          f"/usr/bin/time -v <the first>   # ×{m['mem_runs']}, median of \"Maximum resident set size\"",
          "borne content build ... --out bench/out/pipeline/bundle-a   # then bundle-b from apidae-b",
          "borne content publish bench/out/pipeline/bundle-a --to $NGINX_ROOT/borne",
          f"{rel(m['cmd_sync'], m['root'])}",
          "borne content publish bench/out/pipeline/bundle-b --to $NGINX_ROOT/borne   # then the same sync",
          m["cmd_rsync"] + "   # then the same with --checksum", "```"]
    return "\n".join(L) + "\n"


def object_label(path, path_of):
    """The content path of a request for `objects/ab/cdef…` or its `.gz`; the file name otherwise."""
    name = path.rsplit("/objects/", 1)
    if len(name) != 2:
        return path.rsplit("/", 1)[-1]
    digest = name[1].replace("/", "")
    gz_copy = digest.endswith(".gz")
    label = path_of.get(digest[:-3] if gz_copy else digest, path)
    return label + (" (.gz)" if gz_copy else "")


def delta_report(out):
    """The one-item change measured by bench/pipeline.sh, with objects fetched compressed
    (`objects/ab/cdef….gz`, docs/BUNDLES.md): the figures and verdicts of issue 14's
    one-item target, and targets.json for the summary."""
    m = read_kv(os.path.join(out, "machine.txt"))
    sb = json.load(open(os.path.join(out, "apidae-b", "summary.json"), encoding="utf-8"))
    changed = sb["changed"]
    man_a = json.load(open(os.path.join(out, "bundle-a", "manifest.json"), encoding="utf-8"))
    man_b = json.load(open(os.path.join(out, "bundle-b", "manifest.json"), encoding="utf-8"))
    manifest_size = os.path.getsize(os.path.join(out, "bundle-b", "manifest.json"))
    sig_size = os.path.getsize(os.path.join(out, "bundle-b", "manifest.sig"))
    distinct = {f["sha256"]: f["size"] for f in man_b["files"]}
    full = sum(distinct.values()) + manifest_size + sig_size
    path_of = {f["sha256"]: f["path"] for f in man_b["files"]}
    old_hashes = {f["sha256"] for f in man_a["files"]}
    changed_paths = list(dict.fromkeys(path_of[f["sha256"]] for f in man_b["files"] if f["sha256"] not in old_hashes))

    first_n, first_body = sync_figures(os.path.join(out, "sync-a.txt"))
    n_b, body_b = sync_figures(os.path.join(out, "sync-b.txt"))
    log_a, log_b, log_idle = (access_log(os.path.join(out, f"access-{k}.log")) for k in ("a", "b", "a-again"))
    down_b, up_b = sum(r[3] for r in log_b), sum(r[4] for r in log_b)
    wire_b = down_b + up_b
    wire_a = sum(r[3] + r[4] for r in log_a)
    idle = sum(r[3] + r[4] for r in log_idle)
    budget_b = int(open(os.path.join(out, "budget-b.txt")).read().strip())
    rs = {k: rsync_stats(os.path.join(out, f"rsync-{k}-b.txt")) for k in ("mtime", "checksum")}
    tot = {k: rs[k]["received"] + rs[k]["sent"] for k in rs}
    gz_objects = sum(1 for r in log_b if "/objects/" in r[0] and r[0].endswith(".gz"))

    share = body_b / full
    ratio = wire_b / tot["mtime"]
    ok_share, ok_rsync = share <= TARGET_CHANGE_SHARE, ratio <= TARGET_CHANGE_VS_RSYNC
    with open(os.path.join(out, "targets.json"), "w", encoding="utf-8") as f:
        json.dump({"change_bytes": body_b, "bundle_bytes": full, "share": share, "wire_both_ways": wire_b,
                   "rsync_az_both_ways": tot["mtime"], "rsync_checksum_both_ways": tot["checksum"],
                   "load": m.get("load_before", "?"), "compressed_objects": gz_objects}, f)

    L = [f"Measured {m['date']} by `bench/pipeline.sh` (sources: commit {m['commit']}; "
         f"{m['nproc']} cores, load average before the run {m['load_before']}, after {m['load_after']}; "
         "byte counts do not depend on load).", "",
         f"Export B is export A ({sb['count']:,} APIDAE objects) with one object renamed: {changed['type']} {changed['id']} "
         f"\"{changed['name_before']}\" → \"{changed['name_after']}\". Bundles A and B built and signed, published in turn "
         "to a real nginx on loopback (no server compression), one kiosk data directory synced after each; the "
         "published tree holds every object also as `objects/ab/cdef….gz`, which `borne sync` fetches.", "",
         "| | Bytes |", "|---|---|",
         f"| Full bundle B (plain objects + manifest + signature) | {full:,} |",
         f"| First sync (A on an empty kiosk): body bytes, {first_n} objects | {first_body:,} |",
         f"| First sync: HTTP both ways | {wire_a:,} |",
         f"| One-item change: files changed | {len(changed_paths)} ({', '.join(changed_paths)}) |",
         f"| One-item change: objects fetched ({gz_objects} as `.gz`) | {n_b} |",
         f"| One-item change: **body bytes** (`borne sync`'s count) | **{body_b:,}** |",
         f"| One-item change: HTTP received / sent by the kiosk | {down_b:,} / {up_b:,} |",
         f"| One-item change: **HTTP both ways** ({len(log_b)} requests; borne's budget count {budget_b:,}) | **{wire_b:,}** |",
         f"| A poll with nothing new (one conditional GET, 304) | {idle:,} |",
         f"| `rsync -az` of the same two trees, second pull, both ways (received {rs['mtime']['received']:,}, sent {rs['mtime']['sent']:,}) | {tot['mtime']:,} |",
         f"| `rsync -az --checksum`, both ways (received {rs['checksum']['received']:,}, sent {rs['checksum']['sent']:,}) | {tot['checksum']:,} |",
         "", "Where the one-item change's bytes go:", "", "| Request | Body | Headers (both ways) |", "|---|---|---|"]
    for path, status, body, sent, req in log_b:
        L.append(f"| {object_label(path, path_of)} ({status}) | {body:,} | {sent - body + req:,} |")
    L += ["", "| Target (issue 14) | Measured | Verdict |", "|---|---|---|",
          f"| One-item change ≤ 2 % of the bundle | {body_b:,} / {full:,} B = {pct(share)} | {verdict(ok_share)} |",
          f"| One-item change ≤ 1.5× `rsync -az` (both ways) | {wire_b:,} vs {tot['mtime']:,} B = {ratio:.2f}× | {verdict(ok_rsync)} |",
          f"| (for information) vs `rsync -az --checksum` (both ways) | {wire_b:,} vs {tot['checksum']:,} B = "
          f"{wire_b / tot['checksum']:.1f}× | — |",
          f"| (for information) vs what a first sync now fetches (body bytes) | {body_b:,} / {first_body:,} B = "
          f"{pct(body_b / first_body)} | — |"]
    # Estimated, not measured: the same change in the section whose .gz is largest.
    sections = [f["path"] for f in man_b["files"] if f["path"].startswith("items/")]
    if sections:
        worst = max(sections, key=lambda p: gz9(os.path.join(out, "tree-b", p)))
        cost = (gz9(os.path.join(out, "tree-b", worst)) + manifest_size + sig_size
                + gz9(os.path.join(out, "tree-b", "bundle.json")))
        L.append(f"| (estimated) the same change in the largest section, `{worst}`: its `.gz` + manifest + signature + "
                 f"bundle.json | {cost:,} / {full:,} B = {pct(cost / full)} | — |")
    L.append("")
    return "\n".join(L) + "\n"


def short_error(msg, limit=260):
    """An error message fit for a table cell: without the SQL text borne quotes after " — in `",
    the build directory's path shortened, at most `limit` characters."""
    msg = re.sub(r" — in `[^`]*(`|$)", "", msg)
    msg = re.sub(r"/\S*/\.build/\S*/release/borne", "borne", msg)
    return msg if len(msg) <= limit else msg[:limit - 1] + "…"


def summary_report(out):
    """One table: every target of the performance issue, the figure measured, the load
    average (1 min) while it was measured, and the verdict. Each figure comes from its part
    of bench/run.sh (bench/out/parts/PART.txt: status, reason, commit, start, duration); a
    part that failed or did not run gives "not measured" and why, never an older figure."""
    rows = []
    cur = [None]   # the part whose figures are being added

    def add(target, measured, load, ok, note=""):
        v = "not measured" if ok is None else verdict(ok)
        if ok is not None and cur[0]:
            note += provenance(cur[0])
        rows.append(f"| {target} | {measured}{note} | {load} | {v} |")

    def na(target, why):
        add(target, f"— ({why})", "—", None)

    run = read_kv(os.path.join(out, "run.txt")) if os.path.exists(os.path.join(out, "run.txt")) else {}
    stamps = {}
    for p in glob.glob(os.path.join(out, "parts", "*.txt")):
        stamps[os.path.basename(p)[:-4]] = read_kv(p)

    def part_ok(part, targets):
        """True when the part's figures can be read; otherwise one "not measured" row per target."""
        st = stamps.get(part)
        if st is None:
            why = f"part {part} not run (bench/run.sh runs it unless told otherwise: BENCH_PARTS, BENCH_NO_*"
            why += ", BENCH_NETWORK=1 or root)" if part == "network" else ")"
        elif st.get("status") not in ("measured", "partial"):
            why = f"part {part} failed: {short_error(st.get('reason') or '?')}"
        else:
            return True
        for t in targets:
            na(t, why)
        return False

    def provenance(part):
        """Names the part's run when it is not this run's (BENCH_PARTS redid other parts only)."""
        st = stamps.get(part, {})
        if run and st.get("started", "") < run.get("date", ""):
            return f"; measured in an earlier run ({st.get('started')}, commit {st.get('commit')})"
        return ""

    m = read_kv(os.path.join(out, "machine.txt")) if os.path.exists(os.path.join(out, "machine.txt")) else {}
    kiosk_targets = ["First frame ≤ 1/30 of Chromium's (bundled content)", "First frame ≤ 1/10 of Chromium's (10,000 items)",
                     "Peak memory (PSS) ≤ 1/30 of Chromium's largest process (bundled content)",
                     "Peak memory (PSS) ≤ 1/10 of Chromium's largest process (10,000 items)",
                     "p99 tap-to-frame ≤ 2 ms (10,000 items)", "p99 tap-to-frame ≤ 2 ms while a new content version loads"]
    cur[0] = "kiosk"
    kiosk = part_ok("kiosk", kiosk_targets)
    hfp = os.path.join(out, "hyperfine.json")
    if not kiosk:
        pass
    elif os.path.exists(hfp):
        hf = json.load(open(hfp, encoding="utf-8"))["results"]
        borne, borne10k, chrom = hf[0], hf[1], hf[2]
        for label, r, t in (("bundled content", borne, TARGET_START_RATIO), ("10,000 items", borne10k, TARGET_START_RATIO_10K)):
            ratio = r["mean"] / chrom["mean"]
            cpu = r["user"] + r["system"]
            cpu_c = chrom["user"] + chrom["system"]
            add(f"First frame ≤ 1/{1 / t:.0f} of Chromium's ({label})",
                f"wall {r['mean'] * 1000:.1f} ± {r['stddev'] * 1000:.1f} ms vs {chrom['mean'] * 1000:.0f} ms = {frac(ratio)}; "
                f"CPU (user + sys, all processes) {cpu * 1000:.1f} ms vs {cpu_c * 1000:.0f} ms = {frac(cpu / cpu_c)}",
                m.get("load_hyperfine", "?"), ratio <= t,
                "" if ratio <= t or cpu / cpu_c > t else " (the CPU ratio meets the target: the wall-time miss is the load)")
    else:
        na("First frame ≤ 1/30 (bundled), ≤ 1/10 (10,000 items) of Chromium's", "no bench/out/hyperfine.json")
    if not kiosk:
        pass
    elif glob.glob(os.path.join(out, "time-chromium-*.txt")):
        rss_chrom, _ = median_of(os.path.join(out, "time-chromium-*.txt"), max_rss_kb)
        for label, pat, t in (("bundled content", "tree-borne-*.json", TARGET_MEM_RATIO),
                              ("10,000 items", "tree-borne10k-*.json", TARGET_MEM_RATIO_10K)):
            if glob.glob(os.path.join(out, pat)):
                pss, _ = median_of(os.path.join(out, pat), lambda p: json.load(open(p, encoding="utf-8"))["peak_tree_pss_kb"])
                rss, _ = median_of(os.path.join(out, pat), lambda p: json.load(open(p, encoding="utf-8"))["peak_tree_rss_kb"])
                dynamic = "dynamic" in m.get("bin_kind", "")
                # A dynamically linked build shares the Swift libraries' pages with every other
                # Swift process of this machine, which lowers its PSS below what it is on a kiosk
                # (where only borne maps them): then RSS is judged, the conservative figure.
                judged = rss if dynamic else pss
                ratio = judged / rss_chrom
                add(f"Peak memory (PSS) ≤ 1/{1 / t:.0f} of Chromium's largest process ({label})",
                    f"PSS {mib(pss):.1f} MiB, RSS {mib(rss):.1f} MiB vs {mib(rss_chrom):.0f} MiB = {frac(ratio)} "
                    f"({'RSS' if dynamic else 'PSS'} judged)", m.get("load_memory", "?"), ratio <= t,
                    f"; binary: {m.get('bin_kind', '?')}"
                    + ("; its PSS shares library pages with the machine's other Swift processes" if dynamic else ""))
            else:
                na(f"Peak memory (PSS) ({label})", f"no {pat}")
    else:
        na("Peak memory (PSS) ≤ 1/30, ≤ 1/10 of Chromium's", "no Chromium memory runs")
    timings = sorted(glob.glob(os.path.join(out, "timings-*.txt")))
    if not kiosk:
        pass
    elif timings:
        pooled = sorted(v for p in timings for v in read_timings(p))
        p99 = ms(percentile(pooled, 99))
        per = [ms(percentile(sorted(read_timings(p)), 99)) for p in timings]
        add("p99 tap-to-frame ≤ 2 ms (10,000 items)",
            f"{p99:.3f} ms over {len(timings)} sessions (per session {min(per):.3f}–{max(per):.3f} ms; "
            f"{m.get('sessions_stable', '?')}){cpu_p99_note(timings)}", m.get("load_taps", "?"), p99 <= TARGET_P99_MS)
    else:
        na("p99 tap-to-frame ≤ 2 ms (10,000 items)", "no timings")
    swaps = sorted(glob.glob(os.path.join(out, "swap-timings-*.txt")))
    during = [r for p in swaps for r in read_timing_rows(p) if r[2]]
    if not kiosk:
        pass
    elif during:
        wall = sorted(r[0] for r in during)
        cpu = sorted(r[1] for r in during if r[1] is not None)
        p99 = ms(percentile(wall, 99))
        add("p99 tap-to-frame ≤ 2 ms while a new content version loads",
            f"{p99:.3f} ms over the {len(wall)} taps answered while the load ran ({len(swaps)} sessions with "
            f"`swap` to a copy of the 10,000 items); loop-thread CPU p99 {ms(percentile(cpu, 99)):.3f} ms",
            m.get("load_swap", "?"), p99 <= TARGET_P99_MS)
    elif swaps:
        na("p99 tap-to-frame ≤ 2 ms while a new content version loads",
           "the scripted content change's load ended before any tap (no tap during a load)")
    else:
        na("p99 tap-to-frame ≤ 2 ms while a new content version loads", "no swap-timings-*.txt (bench/run.sh taps with `swap`)")
    month = os.path.join(out, "stats", "month.json")
    month_targets = ["A month of the Pas de Cère on 4G ≤ 3 MB, TLS included",
                     "… the daily byte budget never exceeded"]
    cur[0] = None   # the month's rows name their run themselves
    if part_ok("network", month_targets):
        d = json.load(open(month, encoding="utf-8"))
        tls = sum(v["up"] + v["down"] for v in d["tls"].values())
        sm = read_kv(os.path.join(out, "stats", "machine.txt"))
        when = sm.get("date", "?")
        load = sm.get("load_month_start", "?").split()[0]
        tcpip = 52 * sum(v.get("packets_est", 0) for v in d["tls"].values())
        if d.get("schedule") == "rounds":
            how = (f"`borne upload --with-sync`, {d.get('rounds_per_day')} rounds a day, content every "
                   f"{d.get('content_every')}th, statistics daily, one process a day")
        else:
            how = f"one process per run: {d.get('syncs_per_day')} `borne sync` + {d.get('hb_per_day', 0) + 1} upload rounds a day"
        w = d.get("wire")
        fails = f"; {d['failure_count']} of the month's runs failed" if d.get("failure_count") else ""
        if w:
            short = w.get("conns_short_of_relay", w["conns_matched"] - w["conns_same_payload_as_relay"])
            complete = w["tcpdump_dropped"] == 0 and short == 0 and w["conns_unmatched"] == 0
            check = ("none dropped; every connection carries at least the relay's TLS count"
                     + (f", {w['payload_unread_by_relay']:,} B more, sent after the relay closed"
                        if w.get("payload_unread_by_relay") else "") if complete else
                     f"**capture incomplete**: tcpdump dropped {w['tcpdump_dropped']}, {short} connections carry "
                     f"less than the relay counted, {w['conns_unmatched']} unmatched")
            retrans = (f"; loopback retransmissions left out: {w['retrans_packets']} packets, {w['retrans_ip_bytes']:,} B "
                       f"({w['ip_bytes_with_retrans']:,} B with them)" if w.get("retrans_packets") else "")
            add(month_targets[0],
                f"{w['ip_bytes']:,} B of IP packets both ways (IPv4 + TCP headers + TLS records, {w['packets']:,} packets "
                f"on a link of MTU 1500, tcpdump; {check}{retrans}); of which TLS stream {tls:,} B; "
                f"{w['conns']} connections; {how}; measured {when} by bench/stats.sh part 2{provenance('network')}{fails}",
                load, w["ip_bytes"] <= TARGET_MONTH_BYTES and complete and not d.get("failure_count"))
        else:
            add(month_targets[0],
                f"{tls:,} B TLS stream both ways + ≈ {tcpip:,} B TCP/IP headers estimated = {tls + tcpip:,} B "
                f"(no packet capture: STATS_CAPTURE=0); {how}; measured {when} by bench/stats.sh part 2"
                f"{provenance('network')}{fails}",
                load, tls + tcpip <= TARGET_MONTH_BYTES and not d.get("failure_count"))
        b = d.get("budget")
        if b:
            over = sorted(set(b["days_over_borne"]) | set(b.get("days_over_ip", [])))
            add(f"… the daily byte budget ({b['limit']:,} B) never exceeded" if b.get("limit") else month_targets[1],
                f"largest day {b['max_day_borne']:,} B by borne's count"
                + (f", {b['max_day_ip']:,} B of IP packets" if "max_day_ip" in b else "")
                + f" over {len(d.get('daily', []))} days; days over: {', '.join(map(str, over)) or 'none'}; "
                f"\"daily byte budget reached\" refusals: {b['refusal_count']}",
                load, bool(b["never_exceeded"]))
        else:
            na(month_targets[1], "month.json of an older bench/stats_month.py: no budget check")
    tj = os.path.join(out, "pipeline", "targets.json")
    cur[0] = "pipeline"
    if part_ok("pipeline", ["One-item content change ≤ 2 % of the bundle", "One-item content change ≤ 1.5× `rsync -az`"]):
        d = json.load(open(tj, encoding="utf-8"))
        add("One-item content change ≤ 2 % of the bundle", f"{d['change_bytes']:,} / {d['bundle_bytes']:,} B = {pct(d['share'])}",
            str(d["load"]).split()[0], d["share"] <= TARGET_CHANGE_SHARE)
        r = d["wire_both_ways"] / d["rsync_az_both_ways"]
        add("One-item content change ≤ 1.5× `rsync -az`", f"{d['wire_both_ways']:,} vs {d['rsync_az_both_ways']:,} B = {r:.1f}×",
            str(d["load"]).split()[0], r <= TARGET_CHANGE_VS_RSYNC)
    of = os.path.join(out, "office", "results.txt")
    cur[0] = "office"
    if part_ok("office", ["Office ingest ≥ 1,000,000 touches/s", "Yearly report on 30 M touches ≤ 2 s"]):
        o = read_kv(of)
        n = int(o["ingest_touches"])
        w, best, cpu = float(o["ingest_wall_median"]), float(o["ingest_wall_best"]), float(o["ingest_cpu_median"])
        add("Office ingest ≥ 1,000,000 touches/s",
            f"{n / w:,.0f} touches/s wall (median of {o['ingest_runs']} runs, best {n / best:,.0f}; "
            f"{n / cpu:,.0f} per CPU-second; {n:,} touches, runs {o['ingest_walls']} s; stable: {o['ingest_stable']})",
            o["ingest_loads"].replace(" ", ", "), n / w >= TARGET_INGEST_RATE)
        # The same target per CPU-second (user + sys of the ingest process):
        # what the ingest costs whatever else the machine runs.
        cpus = [float(c) for c in o["ingest_cpus"].split()]
        add("Office ingest ≥ 1,000,000 touches per CPU-second",
            f"{n / cpu:,.0f} touches per CPU-second (median of {len(cpus)} runs, best {n / min(cpus):,.0f}; "
            f"CPU {o['ingest_cpus']} s; 1 M/s on one core needs ≤ 1 µs a touch, "
            f"measured {cpu / n * 1e6:.2f} µs)",
            o["ingest_loads"].replace(" ", ", "), n / cpu >= TARGET_INGEST_RATE)
        if o.get("report_error"):
            na("Yearly report on 30 M touches ≤ 2 s", f"bench/office.sh's report failed: {short_error(o['report_error'])}")
        elif o.get("report_wall_median"):
            rw = float(o["report_wall_median"])
            add("Yearly report on 30 M touches ≤ 2 s",
                f"{rw:.2f} s (median of {o['report_runs']}, runs {o['report_walls']} s; {int(o['report_touches']):,} touches, "
                f"{int(o['report_year_touches']):,} in the year, read as {o.get('report_aggregate_rows', '?')}; "
                f"CPU {float(o['report_cpu_median']):.2f} s; "
                + (f"the schema steps on that database {float(o['migration_wall']):.0f} s once; " if o.get("migration_wall") else "")
                + (f"without the index {float(o['report_noindex_wall']):.2f} s; " if "report_noindex_wall" in o else "")
                + f"same report as before: {o['report_same']}"
                + ("; the 30 M-touch database kept from an earlier run of the same binary (BENCH_OFFICE_CACHE)"
                   if o.get("office_db_reused") == "1" else "") + ")",
                o["report_loads"].replace(" ", ", "), rw <= TARGET_REPORT_S)
        else:
            na("Yearly report on 30 M touches ≤ 2 s", "OFFICE_NO_REPORT=1")
    total = int(run.get("total_seconds", 0))
    L = [f"Every target of the performance issue, from the last `bench/run.sh` ({run.get('date', m.get('date', '?'))}, "
         f"commit {run.get('commit', m.get('commit', '?'))}, {run.get('nproc', m.get('nproc', '?'))} cores; "
         f"parts run: {run.get('parts', '?')}; the whole run took {total // 60} min {total % 60} s). The load column is the "
         "1-minute load average while that figure was measured: above the number of cores, other work competed for the "
         "CPU and wall-clock figures are pessimistic (byte counts do not depend on it).", "",
         "| Target | Measured | Load (1 min) | Verdict |", "|---|---|---|---|"] + rows
    if os.path.exists(month) and stamps.get("network", {}).get("status") == "measured":
        d = json.load(open(month, encoding="utf-8"))
        w = d.get("wire")
        if w:
            # Where the month's bytes go (the profile of the 4G target): IP bytes per server.
            parts = []
            for cat, v in sorted(w["by_cat"].items(), key=lambda kv: -kv[1]["ip_bytes"]):
                ip = v["ip_bytes"] - v.get("retrans_ip_bytes", 0)
                parts.append(f"{cat} {ip:,} B ({ip / max(1, w['ip_bytes']):.0%}; {v['conns']} connections, "
                             f"{ip // max(1, v['conns']):,} B each; TLS payload {v['up'] + v['down']:,} B)")
            L += ["", "Where the 4G month's IP bytes go, by server: " + "; ".join(parts) + "."]
    L += ["", "| Part | Started (UTC) | Took | Load (1, 5, 15 min) at start → end | Status |", "|---|---|---|---|---|"]
    for name in ("kiosk", "pipeline", "touchlog", "office", "network"):
        st = stamps.get(name)
        if st:
            sec = int(st.get("seconds", 0))
            status = "measured" if st.get("status") == "measured" else f"{st.get('status')}: {short_error(st.get('reason') or '?')}"
            earlier = " (an earlier run)" if run and st.get("started", "") < run.get("date", "") else ""
            L.append(f"| {name} | {st.get('started')}{earlier} | {sec // 60} min {sec % 60} s | "
                     f"{st.get('load_start')} → {st.get('load_end')} | {status} |")
    return "\n".join(L) + "\n"


if __name__ == "__main__":
    main()
