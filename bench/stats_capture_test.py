#!/usr/bin/env python3
"""Checks bench/stats_capture.py's pcap reading on a capture written here, byte by byte:
one connection (handshake, a request, the same request retransmitted, an answer in two
segments, the closes), then a second connection on the same ports after a new SYN.

    python3 bench/stats_capture_test.py      # exits 1 and says what differs
"""
import os
import struct
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import stats_capture  # noqa: E402

CLIENT, SERVER = "127.0.0.1", "127.0.0.3"
SYN, ACK, PSH, FIN = 0x02, 0x10, 0x08, 0x01


def ip4(a):
    return bytes(int(x) for x in a.split("."))


def packet(up, seq, flags, payload, tcp_options=12):
    """Ethernet + IPv4 (20 bytes) + TCP (20 + options) + payload, as a loopback capture shows it."""
    src, dst = (CLIENT, SERVER) if up else (SERVER, CLIENT)
    sport, dport = (50000, 443) if up else (443, 50000)
    tcp_len = 20 + tcp_options
    tcp = struct.pack(">HHIIBBHHH", sport, dport, seq, 0, (tcp_len // 4) << 4, flags, 65535, 0, 0) + b"\x01" * tcp_options
    total = 20 + tcp_len + len(payload)
    ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, total, 0, 0, 64, 6, 0, ip4(src), ip4(dst))
    return b"\x00" * 12 + b"\x08\x00" + ip + tcp + payload, total


def write_pcap(path, packets):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for i, (frame, _) in enumerate(packets):
            f.write(struct.pack("<IIII", 1000 + i, 0, len(frame), len(frame)) + frame)


def main():
    a, b = 1000, 5000   # initial sequence numbers, client and server
    first = [
        packet(True, a, SYN, b"", 20), packet(False, b, SYN | ACK, b"", 20), packet(True, a + 1, ACK, b""),
        packet(True, a + 1, PSH | ACK, b"q" * 418),
        packet(True, a + 1, PSH | ACK, b"q" * 418),            # the same bytes again: a retransmission
        packet(False, b + 1, ACK, b"r" * 1448), packet(False, b + 1449, PSH | ACK, b"r" * 300),
        packet(True, a + 419, ACK, b""),
        packet(True, a + 419, PSH | ACK, b"c" * 24), packet(True, a + 443, FIN | ACK, b""),
        packet(False, b + 1749, FIN | ACK, b""), packet(True, a + 444, ACK, b""),
    ]
    second = [packet(True, 9000, SYN, b"", 20), packet(False, 7000, SYN | ACK, b"", 20), packet(True, 9001, ACK, b""),
              packet(True, 9001, PSH | ACK, b"x" * 100)]
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "t.pcap")
        write_pcap(path, first + second)
        conns = stats_capture.connections(path)
    want_first = {"server": SERVER, "cport": 50000, "up": 418 + 24, "down": 1748, "packets": len(first),
                  "ip_bytes": sum(t for _, t in first), "retrans_packets": 1, "retrans_ip_bytes": first[4][1],
                  "max_ip_packet": 1500}
    want_second = {"up": 100, "down": 0, "packets": 4, "retrans_packets": 0}
    errors = []
    if len(conns) != 2:
        errors.append(f"{len(conns)} connections read, 2 written (a SYN starts a new one on the same ports)")
    for got, want, name in zip(conns, (want_first, want_second), ("first", "second")):
        for k, v in want.items():
            if got.get(k) != v:
                errors.append(f"{name} connection: {k} = {got.get(k)!r}, want {v!r}")
    for e in errors:
        print(f"stats_capture_test.py: {e}", file=sys.stderr)
    if errors:
        sys.exit(1)
    print("stats_capture_test.py: ok (2 connections, a retransmission left out of the payload, IP bytes with headers)")


if __name__ == "__main__":
    main()
