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

Then it attributes the borne binary's own resident pages (its file mappings,
their copy-on-write copies and its .bss) to what they hold: for every page
of the binary's address range, /proc/PID/pagemap says whether it is present
and whether it is a file page (clean, from the page cache) or an anonymous
copy (written after load: relocations, data); /proc/kpagecount (root) gives
how many mappings share it, so the figures are PSS. A page's bytes go to the
ELF section (`readelf -S`) and symbol (`nm -S`) covering them, and a symbol
to its component by the toolchain's static archive that defines it (`nm` of
swift_static/linux/*.a: ICU data `icudt*_dat`, ICU code lib_FoundationICU,
Foundation*, CoreFoundation, the Swift runtime, dispatch...) or by its
mangled module (`$s9BorneCore...`: our code). Sections without symbols
(.rela.dyn, .dynsym, .eh_frame, swift5_*) are named as such.
Before the run the binary's pages are dropped from the page cache
(posix_fadvise DONTNEED on that file only), so the kiosk reads it as after a
boot: how much of the file a fault maps around it depends on how the file
came into the page cache (a freshly linked or copied binary is mapped in
larger blocks: up to 1.5 MiB more PSS); `--warm` keeps the cache as it is.
`--no-breakdown` skips the attribution; `--toolchain-static DIR` names the archives'
directory when `swift` is not in PATH.
"""
import argparse
import bisect
import glob
import re
import shutil
import struct
import os
import subprocess
import sys
import tempfile
import time


PAGE = os.sysconf("SC_PAGE_SIZE")

# Toolchain archive (swift_static/linux/NAME) -> component.
ARCHIVE_COMPONENT = [
    ("lib_FoundationICU", "ICU code (lib_FoundationICU)"),
    ("libFoundationEssentials", "FoundationEssentials"),
    ("libFoundationInternationalization", "FoundationInternationalization"),
    ("libCoreFoundation", "Foundation (swift-corelibs) + CoreFoundation"),
    ("libFoundation", "Foundation (swift-corelibs) + CoreFoundation"),
    ("lib_Foundation", "Foundation (swift-corelibs) + CoreFoundation"),
    ("libdispatch", "Dispatch + BlocksRuntime"),
    ("libswiftDispatch", "Dispatch + BlocksRuntime"),
    ("libBlocksRuntime", "Dispatch + BlocksRuntime"),
    ("libswift_RegexParser", "Swift stdlib: _RegexParser + _StringProcessing"),
    ("libswift_StringProcessing", "Swift stdlib: _RegexParser + _StringProcessing"),
    ("libswift", "Swift runtime + stdlib (libswiftCore, Glibc, Synchronization…)"),
]
ICU_DATA = "ICU data (icudt*_dat)"
OURS = "our code and data (Borne*, C shims: not in a toolchain archive)"

# Sections attributed as a whole (no symbols, or symbols meaningless there).
SECTION_LABEL = [
    (re.compile(r"^\.(interp|note.*|dynsym|dynstr|gnu\.hash|gnu\.version.*|hash)$"), "loader tables (.dynsym, .dynstr, .gnu.hash…)"),
    (re.compile(r"^\.(rela|relr)\."), "relocations (.rela.dyn, .rela.plt, .relr.dyn)"),
    (re.compile(r"^\.(eh_frame|eh_frame_hdr|gcc_except_table)$"), "unwind tables (.eh_frame…)"),
    (re.compile(r"^(swift5_|\.swift_modhash|\.lldbsummaries)"), "Swift reflection/conformance sections (swift5_*)"),
    (re.compile(r"^\.(dynamic|got|got\.plt|init_array|fini_array|init|fini|plt|tm_clone_table)$"), "GOT, PLT, .dynamic, init arrays"),
]
SYMBOL_SECTIONS = (".text", ".rodata", ".data", ".data.rel.ro", ".bss", ".cfstr.data", "swift5_backtrace")


def toolchain_static_dir(explicit):
    if explicit:
        return explicit
    swift = shutil.which("swift") or shutil.which("swiftc")
    if not swift:
        return None
    d = os.path.join(os.path.dirname(os.path.dirname(os.path.realpath(swift))), "lib", "swift_static", "linux")
    return d if os.path.isdir(d) else None


def archive_symbols(static_dir):
    """Symbol name -> component, from `nm` of the toolchain's static archives."""
    owner = {}
    for path in sorted(glob.glob(os.path.join(static_dir, "*.a"))):
        base = os.path.basename(path)[:-2]
        comp = next((c for prefix, c in ARCHIVE_COMPONENT if base == prefix or base.startswith(prefix)), None)
        if comp is None:
            comp = "other toolchain archive: " + base
        out = subprocess.run(["nm", "--defined-only", path], capture_output=True, text=True).stdout
        for line in out.splitlines():
            parts = line.split()
            if len(parts) == 3:
                owner.setdefault(parts[2], comp)
    return owner


def elf_sections(binary):
    """[(name, vaddr, size, nobits)] of the allocated sections."""
    out = subprocess.run(["readelf", "-S", "-W", binary], capture_output=True, text=True, check=True).stdout
    secs = []
    for line in out.splitlines():
        m = re.match(r"\s*\[\s*\d+\]\s+(\S+)\s+(\S+)\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)\s+\S+\s+(\S*)", line)
        if not m or m.group(1) == "NULL":
            continue
        name, typ, addr, _, size, flags = m.groups()
        if "A" not in flags or int(size, 16) == 0 or name == ".tbss":
            continue
        secs.append((name, int(addr, 16), int(size, 16), typ == "NOBITS"))
    return sorted(secs, key=lambda s: s[1])


def binary_symbols(binary, owner):
    """Sorted, non-overlapping [(start, end, name, component)] from `nm -S`."""
    out = subprocess.run(["nm", "-S", "--defined-only", binary], capture_output=True, text=True, check=True).stdout
    raw = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 4:
            addr, size, _, name = parts
            size = int(size, 16)
        elif len(parts) == 3:
            addr, _, name = parts
            size = 0
        else:
            continue
        addr = int(addr, 16)
        if addr == 0:
            continue
        comp = ICU_DATA if re.match(r"icudt\d+.*_dat$", name) else owner.get(name, OURS)
        prev = raw.get(addr)
        # Of aliases, keep the sized one, and one a toolchain archive owns.
        if prev is None or (prev[0] == 0 and size) or (prev[2] == OURS and comp != OURS and size >= prev[0]):
            raw[addr] = (size, name, comp)
    starts = sorted(raw)
    syms = []
    for i, a in enumerate(starts):
        size, name, comp = raw[a]
        nxt = starts[i + 1] if i + 1 < len(starts) else a + max(size, 1)
        end = a + size if size else nxt  # unsized: up to the next symbol
        end = min(end, nxt) if size else end
        syms.append((a, max(end, a + 1), name, comp))
    return syms


def icu_data_items(binary, syms, bias):
    """The ICU common data's table of contents: [(start VA, end VA, item name)]."""
    sym = next((s for s in syms if s[3] == ICU_DATA), None)
    if sym is None:
        return []
    out = subprocess.run(["readelf", "-l", "-W", binary], capture_output=True, text=True, check=True).stdout
    with open(binary, "rb") as f:
        def read_va(va, n):
            for m in re.finditer(r"LOAD\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+0x[0-9a-f]+\s+0x([0-9a-f]+)", out):
                off, vaddr, filesz = (int(x, 16) for x in m.groups())
                if vaddr <= va < vaddr + filesz:
                    f.seek(off + va - vaddr)
                    return f.read(n)
            return b""
        start, end = sym[0], sym[1]
        head = read_va(start, 4)
        if len(head) < 4 or head[2:4] != b"\xda\x27":
            return []
        header_size = struct.unpack("<H", head[:2])[0]
        toc = start + header_size
        count = struct.unpack("<I", read_va(toc, 4))[0]
        entries = struct.unpack("<%dI" % (2 * count), read_va(toc + 4, 8 * count))
        names_blob = read_va(toc, entries[2 * count - 1] if count else 0)
        items = []
        for i in range(count):
            name_off, data_off = entries[2 * i], entries[2 * i + 1]
            name = names_blob[name_off:names_blob.index(b"\0", name_off)].decode(errors="replace") if name_off < len(names_blob) else "?"
            nxt = entries[2 * i + 3] if i + 1 < count else end - toc
            items.append((bias + toc + data_off, bias + toc + nxt, name.split("/", 1)[-1]))
        items.insert(0, (bias + start, bias + toc + (entries[1] if count else 0), "(header and table of contents)"))
        return items


def binary_pages(pid, binary):
    """(bias, [(va, pss_bytes, anonymous)]) for the resident pages of the binary's range."""
    real = os.path.realpath(binary)
    maps = []
    for line in open(f"/proc/{pid}/maps"):
        parts = line.split()
        lo, hi = (int(x, 16) for x in parts[0].split("-"))
        maps.append((lo, hi, int(parts[2], 16), parts[5] if len(parts) > 5 else ""))
    own = [m for m in maps if m[3] and os.path.realpath(m[3]) == real]
    first = min((m for m in own if m[2] == 0), key=lambda m: m[0])
    bias = first[0]  # PIE: the first PT_LOAD has vaddr 0
    lo = bias
    hi = max(m[1] for m in own)
    # .bss continues in the anonymous mapping right after the file's last page.
    for m in maps:
        if m[0] == hi and not m[3]:
            hi = m[1]
    pages = []
    counts = None
    try:
        counts = open("/proc/kpagecount", "rb")
    except OSError:
        pass
    with open(f"/proc/{pid}/pagemap", "rb") as pm:
        for (mlo, mhi, _, _) in maps:
            a, b = max(mlo, lo), min(mhi, hi)
            if a >= b:
                continue
            pm.seek(a // PAGE * 8)
            data = pm.read((b - a) // PAGE * 8)
            for i, (e,) in enumerate(struct.iter_unpack("<Q", data)):
                if not e >> 63 & 1:
                    continue
                pss = PAGE
                pfn = e & ((1 << 55) - 1)
                if counts is not None and pfn:
                    counts.seek(pfn * 8)
                    n = struct.unpack("<Q", counts.read(8))[0]
                    pss = PAGE / max(n, 1)
                pages.append((a + i * PAGE, pss, not e >> 61 & 1))
    return bias, pages


def binary_layout(binary, static_dir):
    """What the breakdown needs from the files, read before the kiosk starts."""
    owner = archive_symbols(static_dir) if static_dir else {}
    return elf_sections(binary), binary_symbols(binary, owner)


def breakdown(layout, bias, pages, binary):
    secs, syms = layout
    items = icu_data_items(binary, syms, bias)
    sym_starts = [s[0] for s in syms]
    sec_starts = [s[1] for s in secs]
    item_starts = [i[0] for i in items]
    by_comp, by_sec, by_sym, by_item = {}, {}, {}, {}

    def add(d, key, share, anon):
        v = d.setdefault(key, [0.0, 0.0])
        v[1 if anon else 0] += share

    for va, pss, anon in pages:
        rel = va - bias
        k = max(bisect.bisect_right(sec_starts, rel) - 1, 0)
        covered = 0
        while k < len(secs) and secs[k][1] < rel + PAGE:
            name, s_lo, s_size, _ = secs[k]
            a, b = max(rel, s_lo), min(rel + PAGE, s_lo + s_size)
            k += 1
            if a >= b:
                continue
            covered += b - a
            add(by_sec, name, pss * (b - a) / PAGE, anon)
            label = next((l for rx, l in SECTION_LABEL if rx.search(name)), None)
            if label or name not in SYMBOL_SECTIONS:
                add(by_comp, label or f"section {name}", pss * (b - a) / PAGE, anon)
                continue
            pos = a
            while pos < b:
                j = bisect.bisect_right(sym_starts, pos) - 1
                if j >= 0 and pos < syms[j][1]:
                    s_end = min(syms[j][1], b)
                    share = pss * (s_end - pos) / PAGE
                    add(by_comp, syms[j][3], share, anon)
                    add(by_sym, (syms[j][2], syms[j][3]), share, anon)
                    if syms[j][3] == ICU_DATA and items:
                        t = bisect.bisect_right(item_starts, bias + pos) - 1
                        while pos < s_end and 0 <= t < len(items):
                            i_end = min(items[t][1] - bias, s_end)
                            if i_end <= pos:
                                break
                            add(by_item, items[t][2], pss * (i_end - pos) / PAGE, anon)
                            pos = i_end
                            t += 1
                    pos = s_end
                else:
                    nxt = min(syms[j + 1][0] if j + 1 < len(syms) else b, b)
                    add(by_comp, f"unattributed bytes in {name}", pss * (nxt - pos) / PAGE, anon)
                    pos = nxt
        if covered < PAGE:
            add(by_comp, "between sections (headers, padding)", pss * (PAGE - covered) / PAGE, anon)
            add(by_sec, "(between sections)", pss * (PAGE - covered) / PAGE, anon)
    return by_comp, by_sec, by_sym, by_item, sum(p[1] for p in pages)


def table(title, rows, total, limit=None, min_kib=4):
    mib = lambda b: f"{b / 1048576:.2f}"
    L = [f"| {title} | PSS (MiB) | of which file pages (clean) | of which written after load (anonymous) | Share |",
         "|---|---|---|---|---|"]
    shown = 0
    for key, (clean, anon) in sorted(rows.items(), key=lambda kv: -(kv[1][0] + kv[1][1])):
        if (clean + anon) < min_kib * 1024 or (limit and shown >= limit):
            continue
        shown += 1
        L.append(f"| {key} | {mib(clean + anon)} | {mib(clean)} | {mib(anon)} | {100 * (clean + anon) / max(total, 1):.0f} % |")
    return L


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
    ap.add_argument("--warm", action="store_true", help="leave the binary's pages in the page cache as they are")
    ap.add_argument("--no-breakdown", action="store_true", help="skip the attribution of the binary's own pages")
    ap.add_argument("--toolchain-static", help="the toolchain's swift_static/linux directory (default: next to `swift`)")
    a = ap.parse_args()
    static_dir = toolchain_static_dir(a.toolchain_static)
    if not a.no_breakdown and not static_dir:
        sys.exit("memprofile: cannot find the toolchain's swift_static/linux archives (no `swift` in PATH): "
                 "pass --toolchain-static DIR, or --no-breakdown")
    layout = None if a.no_breakdown else binary_layout(a.bin, static_dir)
    if not a.warm:
        fd = os.open(a.bin, os.O_RDONLY)
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)
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
        pages = None if a.no_breakdown else binary_pages(p.pid, a.bin)
    finally:
        p.wait()
    detail = breakdown(layout, pages[0], pages[1], a.bin) if pages else None
    if p.returncode != 0:
        sys.exit(f"memprofile: borne exited {p.returncode}: {p.stderr.read().decode()[:500]}")
    L = [f"PSS by mapping 1.5 s after start (`{os.path.basename(a.bin)} kiosk`, content `{a.content}`, "
         f"{'page cache as it was' if a.warm else 'binary read from disk'}), "
         f"load {open('/proc/loadavg').read().split()[0]}:", "",
         "| Mapping | PSS (MiB) | RSS (MiB) | Share of PSS |", "|---|---|---|---|"]
    for name, (pss, rss) in sorted(groups.items(), key=lambda kv: -kv[1][0]):
        if pss < 16 and rss < 16:
            continue
        L.append(f"| {name} | {pss / 1024:.1f} | {rss / 1024:.1f} | {100 * pss / max(total_pss, 1):.0f} % |")
    L.append(f"| **total** | **{total_pss / 1024:.1f}** | **{total_rss / 1024:.1f}** | 100 % |")
    if detail:
        by_comp, by_sec, by_sym, by_item, total = detail
        binary_pss = groups.get("borne binary (code + data)", [0, 0])[0] * 1024
        L += ["", f"The borne binary's own pages: {total / 1048576:.2f} MiB PSS read from /proc/PID/pagemap "
              f"(smaps says {binary_pss / 1048576:.2f} MiB for its file mappings; this also counts its .bss), by what they hold:", ""]
        L += table("Component", by_comp, total)
        L += ["", "By ELF section:", ""]
        L += table("Section", by_sec, total)
        L += ["", "The 15 symbols with the most resident bytes:", ""]
        L += table("Symbol (component)", {f"`{n[:70]}` ({c.split(' (')[0]})": v for (n, c), v in by_sym.items()}, total, limit=15)
        if by_item:
            L += ["", "ICU data items with resident pages (the items a page shares are each charged their bytes):", ""]
            L += table("ICU data item", by_item, total, limit=25, min_kib=1)
    text = "\n".join(L) + "\n"
    print(text)
    if a.out:
        open(a.out, "w").write(text)


if __name__ == "__main__":
    main()
