#!/usr/bin/env python3
"""Helpers of the field test (deploy/field-test/run.sh), one subcommand each.

  field.py screen N                 text of virtual console N (/dev/vcsuN, /dev/vcsaN)
  field.py tap TTY COL,ROW ...      taps as xterm SGR mouse reports pushed into TTY's
                                    input queue with TIOCSTI (needs CAP_SYS_ADMIN)
  field.py touch FIFO COLS ROWS COL,ROW ...
                                    taps as evdev records (24-byte struct input_event:
                                    EV_ABS ABS_X/ABS_Y on a 0..4095 range, EV_KEY
                                    BTN_TOUCH 1 then 0, EV_SYN) written into FIFO, the
                                    kiosk's touch device; COL,ROW 1-based on a COLSxROWS screen
  field.py psf FONT                 the Unicode table of a PSF2 font, one U+XXXX a line
  field.py covered FONT FILE        every character of FILE (UTF-8 text) is in FONT's
                                    table; prints the ones that are not and exits 1
  field.py unimap TTY               the Unicode map loaded on a virtual console (GIO_UNIMAP),
                                    one U+XXXX a line: what setfont put there
  field.py unimapclr TTY            empties that map (PIO_UNIMAPCLR), so what is there
                                    afterwards was loaded since
  field.py httpd PORT WWW COLLECT   loopback server: GET from WWW (the published content),
                                    PUT into COLLECT (the statistics collector)
"""
import fcntl
import functools
import http.server
import os
import struct
import sys
import termios
import time


def screen(n):
    rows, cols = open(f"/dev/vcsa{n}", "rb").read(2)
    data = open(f"/dev/vcsu{n}", "rb").read()
    chars = [chr(c) for c in struct.unpack(f"<{len(data) // 4}I", data)]
    sys.stdout.write("\n".join("".join(chars[r * cols:(r + 1) * cols]).rstrip() for r in range(rows)) + "\n")


def tap(tty, specs):
    fd = open(tty, "wb", buffering=0)

    def push(s):
        for b in s.encode():
            fcntl.ioctl(fd, termios.TIOCSTI, bytes([b]))

    for spec in specs:
        c, r = spec.split(",")
        push(f"\x1b[<0;{c};{r}M")
        time.sleep(0.05)
        push(f"\x1b[<0;{c};{r}m")
        time.sleep(0.3)


EV_SYN, EV_KEY, EV_ABS = 0, 1, 3
ABS_X, ABS_Y, BTN_TOUCH = 0, 1, 0x14A


def event(kind, code, value):
    t = time.time()
    return struct.pack("<qqHHi", int(t), int((t % 1) * 1e6), kind, code, value)


def touch(fifo, cols, rows, specs):
    # O_NONBLOCK: no reader (the kiosk did not open its device) is ENXIO, not a hang.
    fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
    for spec in specs:
        c, r = (int(v) for v in spec.split(","))
        x = int((c - 0.5) / cols * 4096)
        y = int((r - 0.5) / rows * 4096)
        os.write(fd, event(EV_ABS, ABS_X, x) + event(EV_ABS, ABS_Y, y)
                 + event(EV_KEY, BTN_TOUCH, 1) + event(EV_SYN, 0, 0))
        time.sleep(0.05)
        os.write(fd, event(EV_KEY, BTN_TOUCH, 0) + event(EV_SYN, 0, 0))
        time.sleep(0.3)
    os.close(fd)


def psf_table(path):
    data = open(path, "rb").read()
    magic, version, headersize, flags, length, charsize, height, width = struct.unpack("<IIIIIIII", data[:32])
    if magic != 0x864AB572:
        sys.exit(f"{path}: not a PSF2 font")
    if not flags & 1:
        sys.exit(f"{path}: PSF2 without a Unicode table")
    table = data[headersize + length * charsize:]
    chars = set()
    for entry in table.split(b"\xff")[:length]:
        single = entry.split(b"\xfe")[0]       # sequences after 0xFE are combinations
        chars.update(single.decode("utf-8"))
    return chars, length, width, height


def unimap(tty):
    import ctypes

    class Desc(ctypes.Structure):
        _fields_ = [("count", ctypes.c_ushort), ("entries", ctypes.c_void_p)]

    n = 8192
    pairs = (ctypes.c_ushort * (2 * n))()
    desc = Desc(n, ctypes.addressof(pairs))
    with open(tty, "rb", buffering=0) as fd:
        fcntl.ioctl(fd, 0x4B66, desc)          # GIO_UNIMAP
    for u in sorted({pairs[2 * i] for i in range(desc.count)}):
        print(f"U+{u:04X}")


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "screen":
        screen(args[0])
    elif cmd == "tap":
        tap(args[0], args[1:])
    elif cmd == "touch":
        touch(args[0], int(args[1]), int(args[2]), args[3:])
    elif cmd == "psf":
        chars, length, width, height = psf_table(args[0])
        print(f"# {args[0]}: {length} glyphs {width}x{height}, {len(chars)} characters")
        for c in sorted(chars):
            print(f"U+{ord(c):04X}")
    elif cmd == "covered":
        chars, *_ = psf_table(args[0])
        text = open(args[1], encoding="utf-8").read()
        missing = sorted({c for c in text if c != "\n" and c not in chars})
        if missing:
            print("not in the font: " + " ".join(f"U+{ord(c):04X} {c}" for c in missing))
            sys.exit(1)
        print(f"{len(set(text) - {chr(10)})} distinct characters, all in {args[0]}")
    elif cmd == "unimap":
        unimap(args[0])
    elif cmd == "unimapclr":
        with open(args[0], "rb", buffering=0) as fd:
            fcntl.ioctl(fd, 0x4B68, struct.pack("HHH", 0, 0, 0))   # PIO_UNIMAPCLR
    elif cmd == "httpd":
        port, www, collect = int(args[0]), args[1], args[2]

        class Handler(http.server.SimpleHTTPRequestHandler):
            def do_PUT(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                dest = os.path.normpath(os.path.join(collect, self.path.split("?", 1)[0].lstrip("/")))
                if not dest.startswith(os.path.abspath(collect)):
                    self.send_error(400)
                    return
                os.makedirs(os.path.dirname(dest), exist_ok=True)
                with open(dest, "wb") as f:
                    f.write(body)
                self.send_response(201)
                self.send_header("Content-Length", "0")
                self.end_headers()

        http.server.ThreadingHTTPServer.allow_reuse_address = True
        http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, directory=www)).serve_forever()
    else:
        sys.exit(f"field.py: unknown command {cmd}")


main()
