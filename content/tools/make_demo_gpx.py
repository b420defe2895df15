#!/usr/bin/env python3
"""Generate the demo GPX tracks of content/gpx/.

The tracks are DEMONSTRATION GEOMETRY: plausible lines drawn through a few
hand-placed control points near each place (no survey, no map matching).
They exist so the kiosk, its track maths and its QR downloads can be tried;
they must never be used to find one's way. Every file says so in <desc>.

Usage: python3 content/tools/make_demo_gpx.py [--check]
  writes content/gpx/<name>.gpx and prints each track's distance, climb and
  elevation range (copy distance_km / climb_m into items/randonnees.json);
  --check only prints the figures and fails if a file on disk differs.

Deterministic: the same script always writes the same bytes.
"""
import math
import random
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "gpx"
TARGET_POINTS = 600  # per direction; spacing is clamped to 6-20 m

DESC = ("Tracé de démonstration généré par content/tools/make_demo_gpx.py : géométrie "
        "indicative, non relevée sur le terrain. Ne pas utiliser pour s'orienter. / "
        "Demo geometry, not surveyed: do not use for navigation.")

# name: (title, activity type, loop?, control points (lat, lon, elevation m))
HIKES = {
    "pas-de-cere": ("Les gorges du Pas de Cère", "walking", False, [
        (44.9846, 2.6372, 683), (44.9866, 2.6400, 684), (44.9885, 2.6425, 688),
        (44.9903, 2.6447, 692), (44.9918, 2.6462, 698), (44.9930, 2.6478, 712),
        (44.9940, 2.6495, 730), (44.9948, 2.6512, 752), (44.9953, 2.6522, 765),
    ]),
    "cascade-faillitoux": ("Thiézac – cascade de Faillitoux", "walking", True, [
        (45.0136, 2.6653, 805), (45.0165, 2.6630, 840), (45.0200, 2.6590, 890),
        (45.0225, 2.6540, 930), (45.0255, 2.6470, 985), (45.0282, 2.6413, 1020),
        (45.0302, 2.6382, 1000), (45.0278, 2.6360, 1015), (45.0250, 2.6380, 1010),
        (45.0220, 2.6410, 980), (45.0190, 2.6450, 930), (45.0170, 2.6510, 885),
        (45.0150, 2.6560, 850), (45.0140, 2.6610, 820),
    ]),
    "ma-montagne-pailherols": ("Sentier Ma Montagne – Pailherols", "walking", True, [
        (44.9517, 2.6850, 1031), (44.9548, 2.6905, 1065), (44.9585, 2.6945, 1105),
        (44.9620, 2.6990, 1150), (44.9660, 2.7030, 1190), (44.9700, 2.7080, 1235),
        (44.9725, 2.7150, 1262), (44.9730, 2.7230, 1291), (44.9700, 2.7290, 1270),
        (44.9655, 2.7300, 1240), (44.9615, 2.7260, 1205), (44.9590, 2.7195, 1215),
        (44.9565, 2.7130, 1160), (44.9540, 2.7070, 1120), (44.9500, 2.7010, 1075),
        (44.9475, 2.6940, 1050), (44.9490, 2.6880, 1040),
    ]),
    "puy-griou": ("Le Puy Griou depuis Saint-Jacques-des-Blats", "walking", False, [
        (45.0517, 2.7089, 990), (45.0540, 2.7060, 1025), (45.0560, 2.7040, 1060),
        (45.0600, 2.6990, 1150), (45.0645, 2.6965, 1250), (45.0690, 2.6985, 1350),
        (45.0730, 2.7020, 1430), (45.0765, 2.7045, 1500), (45.0785, 2.7080, 1545),
        (45.0796, 2.7072, 1615), (45.0803, 2.7061, 1690),
    ]),
    "vtt-curebourse": ("VTT – Vic, col de Curebourse, Badailhac, Polminhac", "vtt", True, [
        (44.9803, 2.6253, 680), (44.9775, 2.6300, 720), (44.9740, 2.6345, 800),
        (44.9705, 2.6395, 900), (44.9695, 2.6425, 960), (44.9665, 2.6460, 995),
        (44.9560, 2.6440, 1010), (44.9450, 2.6380, 990), (44.9330, 2.6320, 960),
        (44.9200, 2.6256, 935), (44.9240, 2.6120, 880), (44.9330, 2.5990, 800),
        (44.9430, 2.5880, 720), (44.9553, 2.5781, 645), (44.9620, 2.5900, 650),
        (44.9690, 2.6030, 660), (44.9750, 2.6150, 670),
    ]),
    "trail-carlades": ("Trail des balcons du Carladès", "trail", True, [
        (44.9803, 2.6253, 680), (44.9846, 2.6372, 683), (44.9918, 2.6462, 698),
        (45.0020, 2.6560, 740), (45.0090, 2.6610, 775), (45.0136, 2.6653, 805),
        (45.0080, 2.6750, 950), (45.0030, 2.6860, 1140), (44.9960, 2.6920, 1250),
        (44.9890, 2.6880, 1215), (44.9850, 2.6800, 1160), (44.9800, 2.6740, 1190),
        (44.9760, 2.6660, 1090), (44.9720, 2.6580, 1030), (44.9665, 2.6460, 995),
        (44.9695, 2.6425, 960), (44.9740, 2.6345, 800), (44.9775, 2.6300, 720),
    ]),
    "raquettes-plomb-du-cantal": ("Raquettes – Prat de Bouc au Plomb du Cantal", "winter", False, [
        (45.0531, 2.7936, 1392), (45.0545, 2.7880, 1450), (45.0560, 2.7820, 1520),
        (45.0570, 2.7760, 1590), (45.0585, 2.7700, 1680), (45.0592, 2.7650, 1760),
        (45.0594, 2.7603, 1855),
    ]),
    # The hiking table's other hikes, across the Cantal's five territories.
    "vtt-salvanhac": ("VTT – boucle de Salvanhac", "vtt", True, [
        (44.9803, 2.6253, 680), (44.9830, 2.6310, 690), (44.9846, 2.6372, 683),
        (44.9880, 2.6440, 720), (44.9905, 2.6520, 790), (44.9870, 2.6590, 840),
        (44.9815, 2.6560, 800), (44.9775, 2.6470, 760), (44.9760, 2.6370, 720),
    ]),
    "vtt-polminhac": ("VTT – Polminhac et le château de Pesteils", "vtt", True, [
        (44.9553, 2.5781, 645), (44.9585, 2.5830, 690), (44.9625, 2.5890, 760),
        (44.9660, 2.5975, 830), (44.9630, 2.6060, 860), (44.9575, 2.6040, 800),
        (44.9530, 2.5960, 720), (44.9515, 2.5860, 660),
    ]),
    "vae-raulhac": ("VTT électrique – les crêtes de Raulhac", "vtt-electrique", True, [
        (44.8978, 2.6548, 760), (44.9030, 2.6620, 830), (44.9100, 2.6700, 930),
        (44.9180, 2.6790, 1050), (44.9240, 2.6900, 1130), (44.9190, 2.7020, 1100),
        (44.9090, 2.7000, 1010), (44.9000, 2.6920, 920), (44.8930, 2.6780, 850),
        (44.8920, 2.6640, 790),
    ]),
    "murat-bonnevie": ("Murat – le rocher de Bonnevie", "walking", True, [
        (45.1100, 2.8660, 930), (45.1112, 2.8685, 960), (45.1125, 2.8700, 1000),
        (45.1138, 2.8690, 1035), (45.1135, 2.8660, 1020), (45.1120, 2.8640, 980),
        (45.1105, 2.8645, 945),
    ]),
    "cyclo-planeze": ("Cyclo – la planèze de Murat à Saint-Flour", "cycling", True, [
        (45.1100, 2.8660, 930), (45.0980, 2.9000, 980), (45.0850, 2.9400, 1000),
        (45.0650, 2.9900, 990), (45.0450, 3.0400, 960), (45.0340, 3.0930, 880),
        (45.0550, 3.0700, 940), (45.0800, 3.0200, 990), (45.1000, 2.9600, 1010),
        (45.1150, 2.9100, 990),
    ]),
    "raquettes-font-d-alagnon": ("Raquettes – la Font d'Alagnon", "winter", True, [
        (45.0850, 2.7500, 1250), (45.0880, 2.7470, 1300), (45.0910, 2.7420, 1370),
        (45.0925, 2.7360, 1420), (45.0900, 2.7320, 1400), (45.0870, 2.7370, 1340),
        (45.0850, 2.7430, 1280),
    ]),
    "lioran-puy-de-la-poche": ("Le Lioran – puy de la Poche", "walking", False, [
        (45.0850, 2.7500, 1250), (45.0830, 2.7560, 1310), (45.0800, 2.7620, 1390),
        (45.0770, 2.7680, 1460), (45.0745, 2.7720, 1510),
    ]),
    "saint-flour-remparts": ("Saint-Flour – les remparts et la ville basse", "walking", True, [
        (45.0340, 3.0930, 880), (45.0325, 3.0955, 860), (45.0300, 3.0970, 820),
        (45.0280, 3.0940, 790), (45.0295, 3.0895, 800), (45.0320, 3.0880, 850),
    ]),
    "vtt-garabit": ("VTT – de Saint-Flour au viaduc de Garabit", "vtt", True, [
        (45.0340, 3.0930, 880), (45.0150, 3.1200, 940), (44.9950, 3.1450, 900),
        (44.9800, 3.1700, 840), (44.9730, 3.1800, 760), (44.9850, 3.1550, 880),
        (45.0050, 3.1250, 960), (45.0250, 3.1050, 900),
    ]),
    "salers-puy-violent": ("Salers – le puy Violent", "walking", False, [
        (45.1390, 2.4950, 950), (45.1380, 2.5150, 1050), (45.1360, 2.5400, 1200),
        (45.1320, 2.5650, 1350), (45.1290, 2.5850, 1480), (45.1270, 2.6000, 1592),
    ]),
    "raquettes-neronne": ("Raquettes – col de Néronne", "winter", True, [
        (45.1520, 2.6150, 1240), (45.1560, 2.6220, 1300), (45.1610, 2.6260, 1380),
        (45.1640, 2.6190, 1420), (45.1600, 2.6100, 1350), (45.1550, 2.6090, 1280),
    ]),
}

R = 6371008.8


def dist(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * R * math.asin(math.sqrt(h))


def catmull(p0, p1, p2, p3, t):
    t2, t3 = t * t, t * t * t
    return tuple(0.5 * (2 * b + (-a + c) * t + (2 * a - 5 * b + 4 * c - d) * t2 + (-a + 3 * b - 3 * c + d) * t3)
                 for a, b, c, d in zip(p0, p1, p2, p3))


def smooth_noise(rng, n, amplitude, width):
    """Low-frequency noise: random values every `width` points, interpolated."""
    knots = [rng.uniform(-amplitude, amplitude) for _ in range(n // width + 3)]
    out = []
    for i in range(n):
        k, f = divmod(i, width)
        f = f / width
        f = f * f * (3 - 2 * f)
        out.append(knots[k] * (1 - f) + knots[k + 1] * f)
    return out


def line(points, loop):
    """Dense points along a Catmull-Rom spline through the control points."""
    pts = list(points)
    n = len(pts)
    segs = n if loop else n - 1
    length = sum(dist(pts[i % n], pts[(i + 1) % n]) for i in range(segs))
    step_m = min(20.0, max(6.0, length / TARGET_POINTS))
    dense = []
    for i in range(segs):
        p0 = pts[(i - 1) % n] if loop else pts[max(i - 1, 0)]
        p1, p2 = pts[i % n], pts[(i + 1) % n]
        p3 = pts[(i + 2) % n] if loop else pts[min(i + 2, n - 1)]
        steps = max(2, int(dist(p1, p2) / step_m))
        for s in range(steps):
            dense.append(catmull(p0, p1, p2, p3, s / steps))
    dense.append(pts[0] if loop else pts[-1])
    return dense


def wiggle(rng, dense, metres):
    """Sideways meanders, so the line looks walked rather than drawn."""
    n = len(dense)
    side = smooth_noise(rng, n, metres, 9)
    ele = smooth_noise(rng, n, 2.5, 12)
    out = []
    for i, (lat, lon, e) in enumerate(dense):
        a, b = dense[max(i - 1, 0)], dense[min(i + 1, n - 1)]
        dlat, dlon = b[0] - a[0], (b[1] - a[1]) * math.cos(math.radians(lat))
        norm = math.hypot(dlat, dlon) or 1.0
        off = side[i] if 0 < i < n - 1 else 0.0
        nlat, nlon = -dlon / norm, dlat / norm
        k = off / 111195.0
        out.append((lat + nlat * k, lon + nlon * k / math.cos(math.radians(lat)),
                    e + (ele[i] if 0 < i < n - 1 else 0.0)))
    return out


def track(name):
    title, activity, loop, controls = HIKES[name]
    rng = random.Random(name)
    pts = wiggle(rng, line(controls, loop), 6.0)
    if not loop:
        # Back the same way: the same path, as a GPS would log it (a few metres off).
        back = wiggle(random.Random(name + "-back"), list(reversed(pts)), 2.0)
        pts = pts + back[1:]
    return title, activity, loop, pts


def stats(pts):
    d = sum(dist(a, b) for a, b in zip(pts, pts[1:]))
    up = sum(max(0.0, b[2] - a[2]) for a, b in zip(pts, pts[1:]))
    return d, up, min(p[2] for p in pts), max(p[2] for p in pts)


def gpx(name, title, activity, pts):
    esc = lambda s: s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<gpx version="1.1" creator="Borne demo content (make_demo_gpx.py)" '
        'xmlns="http://www.topografix.com/GPX/1/1">',
        "  <metadata>",
        f"    <name>{esc(title)}</name>",
        f"    <desc>{esc(DESC)}</desc>",
        "  </metadata>",
        "  <trk>",
        f"    <name>{esc(title)}</name>",
        f"    <desc>{esc(DESC)}</desc>",
        f"    <type>{activity}</type>",
        "    <trkseg>",
    ]
    for lat, lon, e in pts:
        lines.append(f'      <trkpt lat="{lat:.6f}" lon="{lon:.6f}"><ele>{e:.1f}</ele></trkpt>')
    lines += ["    </trkseg>", "  </trk>", "</gpx>", ""]
    return "\n".join(lines)


def main():
    check = "--check" in sys.argv[1:]
    OUT.mkdir(parents=True, exist_ok=True)
    differs = False
    for name in HIKES:
        title, activity, loop, pts = track(name)
        # Round as written, so the figures match what a reader of the file computes.
        pts = [(round(a, 6), round(b, 6), round(e, 1)) for a, b, e in pts]
        text = gpx(name, title, activity, pts)
        path = OUT / f"{name}.gpx"
        if check:
            differs |= not path.exists() or path.read_text(encoding="utf-8") != text
        else:
            path.write_text(text, encoding="utf-8")
        d, up, lo, hi = stats(pts)
        print(f"{name:28} {len(pts):4d} pts  {d / 1000:5.1f} km  +{up:4.0f} m  {lo:4.0f}-{hi:4.0f} m  "
              f"{'loop' if loop else 'out-and-back'}")
    if differs:
        print("gpx files differ from the script's output", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
