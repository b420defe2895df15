#!/usr/bin/env python3
"""The kiosk's Linux console font, as PSF2 with its Unicode table.

    consolefont.py UNIFONT.hex CHARSET SCALE OUT.psf

UNIFONT.hex: GNU Unifont in its .hex form (Debian package unifont,
/usr/share/unifont/unifont.hex: one glyph a line, CODE:BITMAP, 8×16 or 16×16
pixels; Debian 12 ships no unifont BDF, so bdf2psf has nothing to read).
CHARSET: one U+XXXX a line (`borne console-font --list`, the characters the
kiosk draws in "glyphs": "console"). SCALE 1 gives an 8×16 font, 2 a 16×32
one (every pixel doubled). A 16-pixel-wide Unifont glyph (⚠ ❄ ✓ ☃) is folded
to 8 columns (two pixels into one). The console takes at most 512 glyphs;
more, or a character Unifont lacks, is an error naming it.
"""
import struct
import sys


def main():
    hexfile, charset, scale, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    if scale not in (1, 2):
        sys.exit(f"consolefont.py: SCALE must be 1 or 2, got {scale}")
    wanted = []
    for n, line in enumerate(open(charset, encoding="ascii"), 1):
        line = line.strip()
        if not line:
            continue
        if not line.startswith("U+"):
            sys.exit(f"consolefont.py: {charset}:{n}: expected U+XXXX, got {line!r}")
        wanted.append(int(line[2:], 16))
    if len(wanted) > 512:
        sys.exit(f"consolefont.py: {charset}: {len(wanted)} characters, the console takes at most 512")
    glyphs = {}
    for line in open(hexfile, encoding="ascii"):
        code, bits = line.strip().split(":")
        glyphs[int(code, 16)] = bits
    missing = [f"U+{c:04X}" for c in wanted if c not in glyphs]
    if missing:
        sys.exit(f"consolefont.py: {hexfile} has no glyph for {' '.join(missing)}")

    def rows8(bits):
        """16 rows of 8 pixels (ints), folding a 16-pixel-wide glyph."""
        if len(bits) == 32:
            return [int(bits[i:i + 2], 16) for i in range(0, 32, 2)]
        rows = []
        for i in range(0, 64, 4):
            wide = int(bits[i:i + 4], 16)
            rows.append(sum(1 << (7 - k) for k in range(8) if wide & (0b11 << (14 - 2 * k))))
        return rows

    # A character outside the table: the kernel draws the glyph of U+FFFD,
    # else of "?" (which the set has), never an empty box. Characters below
    # 256 sit at their own position: the console clears with glyph 32, which
    # must be the blank (setfont: "font position 32 is nonblank").
    count = 512 if len(wanted) > 256 else 256
    slots = [None] * count
    for c in wanted:
        if c < 256:
            slots[c] = c
    free = (i for i in range(count) if slots[i] is None)
    for c in wanted:
        if c >= 256:
            slots[next(free)] = c
    width, height = 8 * scale, 16 * scale
    rowbytes = (width + 7) // 8
    body = bytearray()
    table = bytearray()
    for c in slots:
        rows = rows8(glyphs[c]) if c is not None else [0] * 16
        for r in rows:
            if scale == 2:
                doubled = sum(((r >> (7 - k)) & 1) * (0b11 << (14 - 2 * k)) for k in range(8))
                row = doubled.to_bytes(2, "big")
                body += row + row
            else:
                body += bytes([r])
        if c is not None:
            table += chr(c).encode("utf-8")
        table += b"\xff"
    header = struct.pack("<IIIIIIII", 0x864AB572, 0, 32, 1, count, rowbytes * height, height, width)
    with open(out, "wb") as f:
        f.write(header + body + table)


main()
