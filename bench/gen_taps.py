#!/usr/bin/env python3
"""Writes bench/taps.txt, the tap-to-frame session, and checks that it lands.

    python3 bench/gen_taps.py [--taps N] [--seed S]          # write bench/taps.txt
    python3 bench/gen_taps.py --check                        # replay it with dumps and verify

Both run the release kiosk (`--bin`, default .build/release/borne) on the
generated 10,000-item content at 160x45 with the benchmark clock.

Writing: every tap names a touch target by its id (`tap tile:manger`,
`tap nav:back`, `tap page:down`, `tap filter:openNow`, `tap item:ID`...), so
nothing is scraped from screen text or layout constants. Which filters exist,
how many pages each list has and which items each page shows are read from
`dump --targets` of the real screens, then a seeded random session of
visitors is written: home → section → filter sometimes → "▼ Bas" ×N → item →
"◀ Retour" → another item... → "⌂ Accueil", the information screens
(weather, emergencies, office) and a language switch now and then, with a few
seconds of `wait` between taps (below the idle reset). Every tap carries what
it should lead to as a comment (`# expect ...`).

Checking: the session is replayed with a `dump` and a `dump --targets` after
every tap and each expectation is verified on the screen it produced: home
(in the right language), list title and "page/pages", the opened item's name
(read in its row on the screen before) as title, an information screen's
title. Exit status 1 names the first tap that missed.
"""

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SEP = "=" * 8

# French titles of the list title bars and information screens
# (Sources/BorneUI/L10n.swift), only to check where a tap led.
SECTION_FR = {
    "dormir": "Où dormir ?", "manger": "Où manger ?", "agenda": "Agenda", "pluie": "Il pleut ?",
    "commerces": "Commerces et services", "randonnees": "Randonnées", "visites": "Visites et loisirs",
    "meteo": "Météo / enneigement", "urgences": "Urgences", "office": "Office de Tourisme",
}
ITEM_SECTIONS = ["dormir", "manger", "agenda", "pluie", "commerces", "randonnees", "visites"]
INFO_SECTIONS = ["meteo", "urgences", "office"]
INFO_TITLE = {"meteo": "Météo / enneigement", "urgences": "Urgences", "office": "Office de Tourisme"}
HOME_HINT = {"fr": "Touchez une rubrique", "en": "Touch a topic"}
# How often visitors pick each section (the 2020 report's order of interest, roughly).
WEIGHTS = {"manger": 20, "dormir": 12, "agenda": 16, "randonnees": 14, "visites": 10, "pluie": 6,
           "commerces": 8, "meteo": 8, "urgences": 2, "office": 4}
PAGER_COLS = 16  # the pager's "page/pages" sits in this many rightmost columns


class Kiosk:
    def __init__(self, a):
        self.a = a

    def run(self, steps):
        """Runs a script; returns the screens printed by its `dump` steps (lists of lines)."""
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
            f.write("\n".join(steps) + "\n")
            path = f.name
        try:
            cmd = [self.a.bin, "kiosk", "--config", self.a.config, "--content", self.a.content,
                   "--data-dir", self.a.data_dir, "--size", self.a.size, "--clock", self.a.clock, "--script", path]
            p = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8")
        finally:
            os.unlink(path)
        if p.returncode != 0:
            sys.exit(f"gen_taps: kiosk failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr[-2000:]}")
        screens, cur = [], []
        for line in p.stdout.split("\n"):
            if line == SEP:
                screens.append(cur)
                cur = []
            else:
                cur.append(line)
        return screens


def targets(dump):
    """A `dump --targets` as {id: (col, row, width, height)} (1-based), in drawing order."""
    out = {}
    for line in dump:
        parts = line.split()
        if len(parts) == 5 and all(p.isdigit() for p in parts[1:]):
            out[parts[0]] = tuple(int(p) for p in parts[1:])
    return out


def need(tg, tid, screen_name):
    if tid not in tg:
        sys.exit(f"gen_taps: no target {tid} on {screen_name}; targets: {' '.join(tg)}")


def page_of(screen):
    """(page, pages) from the pager's "2/223" in the rightmost columns, or (1, 1) without a pager."""
    width = max((len(l) for l in screen), default=0)
    for line in screen:
        s = line.rstrip()
        m = re.search(r"(?<![\d/])(\d+)/(\d+)$", s)
        if m and m.start() >= width - PAGER_COLS:
            return int(m.group(1)), int(m.group(2))
    return 1, 1


def title_of(screen):
    return screen[1] if len(screen) > 1 else ""


# --- Discovery ----------------------------------------------------------------

def page_ids(k, prefix, pages):
    """Item ids shown on each page of a list reached by the steps `prefix`."""
    steps = list(prefix)
    for p in range(pages):
        steps.append("dump --targets")
        if p + 1 < pages:
            steps.append("tap page:down")
    return [[t for t in targets(d) if t.startswith("item:")] for d in k.run(steps)]


def discover(k):
    home = targets(k.run(["dump --targets"])[0])
    for s in SECTION_FR:
        need(home, f"tile:{s}", "home")
    for l in ("fr", "en"):
        need(home, f"lang:{l}", "home")
    ui = {"lists": {}}
    for s in ITEM_SECTIONS:
        scr, tg = k.run([f"tap tile:{s}", "dump", "dump --targets"])
        tg = targets(tg)
        if SECTION_FR[s] not in title_of(scr):
            sys.exit(f"gen_taps: tapping tile:{s} did not open its list:\n" + "\n".join(scr))
        for t in ("nav:home", "nav:back"):
            need(tg, t, f"the {s} list")
        pages = page_of(scr)[1]
        info = {"pages": pages, "ids": page_ids(k, [f"tap tile:{s}"], pages), "filters": {}}
        if not info["ids"][0]:
            sys.exit(f"gen_taps: no item rows on the {s} list:\n" + "\n".join(scr))
        for f in [t for t in tg if t.startswith("filter:") and t != "filter:all"]:
            fscr = k.run([f"tap tile:{s}", f"tap {f}", "dump"])[0]
            fpages = page_of(fscr)[1]
            info["filters"][f] = {"pages": fpages, "ids": page_ids(k, [f"tap tile:{s}", f"tap {f}"], fpages)}
        ui["lists"][s] = info
        print(f"gen_taps: {s}: {pages} pages, filters "
              f"{ {f: v['pages'] for f, v in info['filters'].items()} }", file=sys.stderr)
    for s in INFO_SECTIONS:
        scr = k.run([f"tap tile:{s}", "dump"])[0]
        if INFO_TITLE[s] not in title_of(scr):
            sys.exit(f"gen_taps: tapping tile:{s} did not open its screen:\n" + "\n".join(scr))
    return ui


# --- Session --------------------------------------------------------------------

def session(ui, n_taps, rng):
    out = [
        "# Borne tap-to-frame session: written by bench/gen_taps.py (do not edit by hand;",
        "# regenerate after a content or layout change, then check with `python3 bench/gen_taps.py --check`).",
        "# 160x45, content bench/out/content-10k (python3 bench/gen_content.py), clock 2027-07-13T10:30:00.",
        "# Taps name touch targets by id; each says what it should lead to; `wait` steps are a visitor's reading time.",
    ]
    taps = 0

    def add(target, expect):
        nonlocal taps
        out.append(f"wait {rng.choice([800, 1200, 1500, 2000, 2500, 3000, 4000])}")
        out.append(f"tap {target}  # expect {expect}")
        taps += 1

    sections = list(WEIGHTS)
    weights = [WEIGHTS[s] for s in sections]
    while taps < n_taps:
        if rng.random() < 0.08:  # a visitor switches to English and back
            add("lang:en", "home en")
            add("lang:fr", "home fr")
            continue
        s = rng.choices(sections, weights)[0]
        if s in INFO_SECTIONS:
            add(f"tile:{s}", f"info {INFO_TITLE[s]}")
            add("nav:home", "home fr")
            continue
        info = ui["lists"][s]
        title = SECTION_FR[s]
        add(f"tile:{s}", f"list 1/{info['pages']} {title}")
        pages, ids = info["pages"], info["ids"]
        if info["filters"] and rng.random() < 0.3:
            f = rng.choice(sorted(info["filters"]))
            fi = info["filters"][f]
            if fi["ids"] and fi["ids"][0]:
                pages, ids = fi["pages"], fi["ids"]
                add(f, f"list 1/{pages} {title}")
        page = 1
        for _ in range(rng.choice([1, 1, 2, 2, 3])):  # items looked at in this section
            for _ in range(rng.randint(0, 8)):
                if page < pages:
                    page += 1
                    add("page:down", f"list {page}/{pages} {title}")
            if page > 1 and rng.random() < 0.25:
                page -= 1
                add("page:up", f"list {page}/{pages} {title}")
            add(rng.choice(ids[page - 1]), "item")
            add("nav:back", f"list {page}/{pages} {title}")
        add("nav:home" if rng.random() < 0.8 else "nav:back", "home fr")
    return out, taps


# --- Check ----------------------------------------------------------------------

def check(k, path):
    lines = open(path, encoding="utf-8").read().split("\n")
    steps, expects = ["dump", "dump --targets"], []
    for line in lines:
        body = line.split("#", 1)[0].strip()
        if not body:
            continue
        steps.append(body)
        if body.startswith("tap "):
            m = re.search(r"#\s*expect\s+(.*)$", line)
            expects.append((body, m.group(1).strip() if m else None))
            steps += ["dump", "dump --targets"]
    dumps = k.run(steps)
    if len(dumps) != 2 * (len(expects) + 1):
        sys.exit(f"gen_taps: expected {2 * (len(expects) + 1)} dumps, got {len(dumps)}")
    screens, tgs = dumps[0::2], [targets(d) for d in dumps[1::2]]
    bad = 0
    for i, ((step, expect), before, before_tg, after) in enumerate(zip(expects, screens, tgs, screens[1:])):
        problem = judge(step, expect, before, before_tg, after)
        if problem:
            bad += 1
            if bad <= 3:
                print(f"gen_taps: tap #{i + 1} `{step}` (expect {expect}): {problem}\n--- screen before:\n"
                      + "\n".join(before) + "\n--- screen after:\n" + "\n".join(after), file=sys.stderr)
    n = len(expects)
    if bad:
        print(f"gen_taps: {bad} of {n} taps did not land as expected", file=sys.stderr)
        return 1
    kinds = {}
    for _, e in expects:
        kinds[e.split()[0]] = kinds.get(e.split()[0], 0) + 1
    print(f"gen_taps: all {n} taps landed as expected ({', '.join(f'{v} {k}' for k, v in sorted(kinds.items()))})",
          file=sys.stderr)
    return 0


def judge(step, expect, before, before_tg, after):
    if not expect:
        return None
    kind, _, rest = expect.partition(" ")
    title = title_of(after)
    if kind == "home":
        hint = HOME_HINT.get(rest.strip(), "")
        return None if any(hint in l for l in after) else f"not the home screen in {rest} (no \"{hint}\")"
    if kind == "list":
        pg, _, name = rest.partition(" ")
        if name not in title:
            return f"title is not \"{name}\""
        want = tuple(int(x) for x in pg.split("/"))
        got = page_of(after)
        return None if got == want else f"page {got[0]}/{got[1]}, expected {pg}"
    if kind == "info":
        return None if rest in title else f"title is not \"{rest}\""
    if kind == "item":
        tid = step.split()[1]
        if tid not in before_tg:
            return f"{tid} was not on the screen"
        col, row = before_tg[tid][0] - 1, before_tg[tid][1] - 1  # the row's first line is the item's name
        # Only the target's own columns: the hikes' list has its filter panel beside it.
        width = before_tg[tid][2] if len(before_tg[tid]) > 2 else 10_000
        name = before[row][col:col + width].strip() if row < len(before) else ""
        name = re.split(r"\s{2,}", name)[0]  # a hike's row goes on with its figures
        name = re.sub(r"\s*\[[^\]]*\]$", "", name).strip()[:24]
        if not name:
            return "no item name on the tapped row"
        return None if name in title else f"title does not show the tapped item \"{name}\""
    return f"unknown expectation \"{expect}\""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, ".build", "release", "borne"))
    ap.add_argument("--config", default=os.path.join(ROOT, "kiosk-config", "vic-sur-cere.json"))
    ap.add_argument("--content", default=os.path.join(ROOT, "bench", "out", "content-10k"))
    ap.add_argument("--data-dir", default=os.path.join(ROOT, "bench", "out", "data-taps-gen"))
    ap.add_argument("--size", default="160x45")
    ap.add_argument("--clock", default="2027-07-13T10:30:00")
    ap.add_argument("--taps-file", "--taps", dest="taps_file", default=os.path.join(HERE, "taps.txt"))
    ap.add_argument("--count", type=int, default=300, help="taps in the session (at least)")
    ap.add_argument("--seed", type=int, default=45)
    ap.add_argument("--check", action="store_true", help="replay the session and verify every tap")
    a = ap.parse_args()
    for path, what in ((a.bin, "borne binary (swift build -c release)"), (a.config, "kiosk config"),
                       (os.path.join(a.content, "bundle.json"), "10k content (python3 bench/gen_content.py)")):
        if not os.path.exists(path):
            sys.exit(f"gen_taps: {what} not found: {path}")
    k = Kiosk(a)
    if a.check:
        sys.exit(check(k, a.taps_file))
    ui = discover(k)
    lines, n = session(ui, a.count, random.Random(a.seed))
    with open(a.taps_file, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(f"gen_taps: {n} taps written to {a.taps_file}", file=sys.stderr)


if __name__ == "__main__":
    main()
