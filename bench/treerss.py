#!/usr/bin/env python3
"""Peak memory of a whole process tree, sampled from /proc.

    python3 bench/treerss.py [--interval-ms 5] -- COMMAND [ARGS...]

`/usr/bin/time -v` reports the largest *single* process's peak RSS, which for
a multi-process program such as Chromium (browser, zygote, renderer, GPU and
utility processes) is only a lower bound of what it occupies. This runs the
command, samples every process descended from it every --interval-ms, and
prints one line of JSON:

    {"peak_tree_rss_kb": ..., "peak_tree_pss_kb": ..., "max_processes": ..., "samples": ..., "exit": ...}

RSS counts shared pages once per process (an over-estimate); PSS splits them
between the processes sharing them (the fair sum). Sampling can miss a peak
shorter than the interval, so the figures are a lower bound of the true peak.
The command's stdout/stderr go to /dev/null.
"""

import json
import os
import subprocess
import sys
import time


def children_map():
    kids = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read().decode("utf-8", "replace")
        except OSError:
            continue
        # pid (comm) state ppid ...; comm may contain spaces and parentheses.
        rest = stat[stat.rfind(")") + 2:].split()
        kids.setdefault(int(rest[1]), []).append(int(entry))
    return kids


def tree(root):
    kids = children_map()
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(kids.get(pid, []))
    return out


def memory(pid):
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return rss, pss


def main():
    args = sys.argv[1:]
    interval = 0.005
    if args[:1] == ["--interval-ms"]:
        interval = float(args[1]) / 1000
        args = args[2:]
    if args[:1] == ["--"]:
        args = args[1:]
    if not args:
        sys.exit(__doc__)
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak_rss = peak_pss = max_procs = samples = 0
    while proc.poll() is None:
        pids = tree(proc.pid)
        rss = pss = 0
        for pid in pids:
            r, p = memory(pid)
            rss += r
            pss += p
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        max_procs = max(max_procs, len(pids))
        samples += 1
        time.sleep(interval)
    print(json.dumps({"peak_tree_rss_kb": peak_rss, "peak_tree_pss_kb": peak_pss,
                      "max_processes": max_procs, "samples": samples, "exit": proc.returncode}))


if __name__ == "__main__":
    main()
