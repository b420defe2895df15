#!/usr/bin/env python3
"""Where the kiosk's memory goes: PSS by mapping, after its first frame.

    python3 bench/memprofile.py --bin BORNE --config CFG --content DIR [--data-dir DIR] [--size 160x45] [--out FILE.md]

Runs `borne kiosk --script S` where S waits 2.5 s (real time) after the first
frame, reads /proc/PID/smaps at 1.5 s, and groups PSS (and RSS) by what is
mapped: the borne binary, ICU data (libicudata / *.dat), other shared
libraries, the heap and anonymous memory (Swift objects: the parsed content,
caches), files of the content directory mapped by the kiosk, the rest. The
figures are for one process at one moment (not its peak, which
bench/run.sh measures); they say which part to shrink. Load-independent.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time


def classify(path, binary, content):
    if not path or path.startswith("[anon") or path in ("[heap]",):
        return "heap + anonymous (Swift objects, malloc)"
    if path == "[stack]":
        return "stack"
    if path.startswith("["):
        return "kernel ([vdso], [vvar]…)"
    real = os.path.realpath(path)
    if real == os.path.realpath(binary):
        return "borne binary (code + data)"
    if "icudt" in real or "libicudata" in real or real.endswith(".dat"):
        return "ICU data"
    if "libicu" in real or "lib_FoundationICU" in real:
        return "ICU code"
    if content and real.startswith(os.path.realpath(content)):
        return "content files (mapped)"
    if "libswift" in real or "libFoundation" in real or "lib_Foundation" in real or "libdispatch" in real:
        return "Swift runtime / Foundation libraries"
    if ".so" in real:
        return "other shared libraries (libc, ncurses, sqlite, curl, crypto…)"
    return "other files: " + real


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--config", required=True)
    ap.add_argument("--content", required=True)
    ap.add_argument("--data-dir")
    ap.add_argument("--size", default="160x45")
    ap.add_argument("--out")
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="borne-mem-")
    script = os.path.join(tmp, "wait.txt")
    open(script, "w").write("wait 2500\n")
    data = a.data_dir or os.path.join(tmp, "data")
    os.makedirs(data, exist_ok=True)
    p = subprocess.Popen([a.bin, "kiosk", "--config", a.config, "--content", a.content, "--data-dir", data,
                          "--size", a.size, "--script", script, "--dump-screen"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(1.5)
    groups = {}
    total_pss = total_rss = 0
    try:
        cur = None
        for line in open(f"/proc/{p.pid}/smaps"):
            parts = line.split()
            if "-" in parts[0] and len(parts) >= 5 and not parts[0].endswith(":"):
                cur = classify(parts[5] if len(parts) > 5 else "", a.bin, a.content)
            elif parts[0] in ("Pss:", "Rss:"):
                kb = int(parts[1])
                g = groups.setdefault(cur, [0, 0])
                if parts[0] == "Pss:":
                    g[0] += kb; total_pss += kb
                else:
                    g[1] += kb; total_rss += kb
    finally:
        p.wait()
    if p.returncode != 0:
        sys.exit(f"memprofile: borne exited {p.returncode}: {p.stderr.read().decode()[:500]}")
    L = [f"PSS by mapping 1.5 s after start (`{os.path.basename(a.bin)} kiosk`, content `{a.content}`), "
         f"load {open('/proc/loadavg').read().split()[0]}:", "",
         "| Mapping | PSS (MiB) | RSS (MiB) | Share of PSS |", "|---|---|---|---|"]
    for name, (pss, rss) in sorted(groups.items(), key=lambda kv: -kv[1][0]):
        if pss < 16 and rss < 16:
            continue
        L.append(f"| {name} | {pss / 1024:.1f} | {rss / 1024:.1f} | {100 * pss / max(total_pss, 1):.0f} % |")
    L.append(f"| **total** | **{total_pss / 1024:.1f}** | **{total_rss / 1024:.1f}** | 100 % |")
    text = "\n".join(L) + "\n"
    print(text)
    if a.out:
        open(a.out, "w").write(text)


if __name__ == "__main__":
    main()
