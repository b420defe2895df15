#!/usr/bin/env python3
"""QMP for `make field-test-vm`: one command per call, its answer printed;
exits 1 when QEMU answers an error.

  qmp.py SOCKET COMMAND [JSON-ARGUMENTS]
"""
import json
import socket
import sys

s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
f = s.makefile("rw")


def answer():
    while True:
        m = json.loads(f.readline())
        if "event" not in m:
            return m


def cmd(name, args=None):
    f.write(json.dumps({"execute": name, **({"arguments": args} if args else {})}) + "\n")
    f.flush()
    return answer()


answer()  # greeting
cmd("qmp_capabilities")
r = cmd(sys.argv[2], json.loads(sys.argv[3]) if len(sys.argv) > 3 else None)
print(json.dumps(r))
sys.exit(1 if "error" in r else 0)
