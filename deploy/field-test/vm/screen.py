#!/usr/bin/env python3
"""Text of virtual console N (/dev/vcsuN, size from /dev/vcsaN), inside the
VM (python3-minimal: no termios there, so not field.py).

  screen.py N
"""
import struct
import sys

n = sys.argv[1]
rows, cols = open(f"/dev/vcsa{n}", "rb").read(2)
data = open(f"/dev/vcsu{n}", "rb").read()
chars = [chr(c) for c in struct.unpack(f"<{len(data) // 4}I", data)]
sys.stdout.write("\n".join("".join(chars[r * cols:(r + 1) * cols]).rstrip() for r in range(rows)) + "\n")
