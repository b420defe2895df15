#!/usr/bin/env python3
"""bench/stats_capture.py — the kiosk's IP packets of bench/stats_month.py, captured and counted.

The month runs in a private network namespace (bench/stats.sh: `unshare --mount
--net`) whose loopback is set up like a 4G link's IP layer: MTU 1500 and no
segmentation offload (`ethtool -K lo tso off gso off gro off`), so each packet
tcpdump sees is one packet the link would carry (TCP MSS 1460, 1448 with
timestamps). tcpdump records the headers (snaplen 128) of every TCP packet
between the kiosk and the relay on 127.0.0.{2,3,4}:443; `count()` parses the
pcap (no library) and sums, per connection:

  ip_bytes   the IP packets' total length (IPv4 header + TCP header with its
             options + TCP payload: the TLS records), both ways, every packet
             (handshake, data, ACKs, FIN/RST) — what a mobile operator counts;
  payload    the TCP payload alone, both ways, retransmissions left out (the
             TLS stream: must equal what the relay counted for that
             connection, a cross-check);
  retrans    the retransmitted packets (a data packet whose bytes were all
             sent before): `retrans_ip_bytes` are in ip_bytes. On loopback a
             retransmission means the loaded machine was slow to answer, not
             a lossy link: the report gives the month with and without them;
  packets.

A 4G radio adds its own framing below IP (PDCP/RLC/MAC) and may compress the
IP/TCP headers (ROHC): neither is counted; the loopback's fake Ethernet header
(14 bytes) is not counted either.

    python3 bench/stats_capture.py FILE.pcap     # prints the connections as JSON
"""
import json
import struct
import subprocess
import sys
import time

SERVER_IPS = ("127.0.0.2", "127.0.0.3", "127.0.0.4")
SNAPLEN = 128


def setup_link(mtu=1500):
    """Loopback of this (private) network namespace: up, MTU 1500, no offloads."""
    subprocess.run(["ip", "link", "set", "lo", "mtu", str(mtu), "up"], check=True)
    subprocess.run(["ethtool", "-K", "lo", "tso", "off", "gso", "off", "gro", "off"],
                   check=True, stdout=subprocess.DEVNULL)
    feats = subprocess.run(["ethtool", "-k", "lo"], check=True, stdout=subprocess.PIPE, text=True).stdout
    for f in ("tcp-segmentation-offload", "generic-segmentation-offload"):
        if f"{f}: off" not in feats:
            raise SystemExit(f"stats_capture.py: {f} still on for lo after ethtool -K: the capture would see "
                             "packets larger than the link's; check ethtool")


class Capture:
    """tcpdump on lo, from start() to stop(); stop() returns what tcpdump says it dropped."""

    def __init__(self, path):
        self.path = path
        self.proc = None
        self.stderr_path = path + ".err"

    def start(self):
        flt = "tcp port 443 and (" + " or ".join(f"host {ip}" for ip in SERVER_IPS) + ")"
        self.proc = subprocess.Popen(["tcpdump", "-i", "lo", "-n", "-s", str(SNAPLEN), "-B", "16384", "-U", "--immediate-mode",
                                      "-w", self.path, flt],
                                     stdout=subprocess.DEVNULL, stderr=open(self.stderr_path, "w"))
        # tcpdump says "listening on lo" once its socket is open.
        deadline = time.time() + 10
        while time.time() < deadline:
            if "listening on" in open(self.stderr_path).read():
                return
            if self.proc.poll() is not None:
                raise SystemExit(f"stats_capture.py: tcpdump exited: {open(self.stderr_path).read().strip()}")
            time.sleep(0.05)
        raise SystemExit("stats_capture.py: tcpdump did not start listening within 10 s")

    def stop(self):
        """Stops tcpdump; returns (received by filter, dropped by kernel) from its last words."""
        time.sleep(0.5)   # the last packets (FIN, ACK) reach the socket
        self.proc.send_signal(2)
        self.proc.wait(30)
        err = open(self.stderr_path).read()
        dropped = received = None
        for line in err.splitlines():
            w = line.split()
            if line.endswith("packets dropped by kernel"):
                dropped = int(w[0])
            elif line.endswith("packets received by filter"):
                received = int(w[0])
        if dropped is None:
            raise SystemExit(f"stats_capture.py: tcpdump did not report its drops: {err.strip()[-400:]}")
        return received, dropped


def packets(path):
    """(time, src ip, src port, dst ip, dst port, ip total length, tcp payload length, tcp flags, tcp seq) per packet."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        raise SystemExit(f"stats_capture.py: {path}: not a pcap file (shorter than its header)")
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        e = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        e = ">"
    else:
        raise SystemExit(f"stats_capture.py: {path}: not a pcap file (magic {magic.hex()}; pcapng is not read)")
    nano = magic in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d")
    linktype = struct.unpack(e + "I", data[20:24])[0]
    link_hdr = {1: 14, 113: 16, 276: 20, 101: 0}.get(linktype)
    if link_hdr is None:
        raise SystemExit(f"stats_capture.py: {path}: link type {linktype} not read (Ethernet, Linux cooked, raw IP)")
    off = 24
    out = []
    while off + 16 <= len(data):
        sec, frac, incl, orig = struct.unpack(e + "IIII", data[off:off + 16])
        pkt = data[off + 16:off + 16 + incl]
        off += 16 + incl
        ip = pkt[link_hdr:]
        if len(ip) < 20 or ip[0] >> 4 != 4:
            continue
        ihl = (ip[0] & 15) * 4
        total = struct.unpack(">H", ip[2:4])[0]
        if ip[9] != 6 or len(ip) < ihl + 14:
            continue
        tcp = ip[ihl:]
        sport, dport, seq = struct.unpack(">HHI", tcp[:8])
        doff = (tcp[12] >> 4) * 4
        src, dst = ".".join(map(str, ip[12:16])), ".".join(map(str, ip[16:20]))
        out.append((sec + frac / (1e9 if nano else 1e6), src, sport, dst, dport, total, total - ihl - doff, tcp[13], seq))
    return out


def connections(path):
    """The capture's TCP connections, split at each SYN: dicts with server ip, client port, first and
    last packet time, ip_bytes, payload up/down, packets."""
    conns, current = [], {}
    for t, src, sport, dst, dport, total, payload, flags, seq in packets(path):
        up = dport == 443 and dst in SERVER_IPS
        server, cport = (dst, sport) if up else (src, dport)
        key = (server, cport)
        syn_only = flags & 0x02 and not flags & 0x10
        c = current.get(key)
        if c is None or syn_only:
            c = {"server": server, "cport": cport, "t0": t, "t1": t, "ip_bytes": 0, "up": 0, "down": 0,
                 "packets": 0, "max_ip_packet": 0, "retrans_packets": 0, "retrans_ip_bytes": 0,
                 "_end": {}}
            current[key] = c
            conns.append(c)
        c["t1"] = t
        c["ip_bytes"] += total
        c["packets"] += 1
        c["max_ip_packet"] = max(c["max_ip_packet"], total)
        way = "up" if up else "down"
        if payload:
            # Sequence numbers relative to the direction's first data byte seen (32-bit wrap).
            end = c["_end"].get(way)
            first = c["_end"].setdefault(way + "0", seq)
            rel_end = (seq - first + payload) % 2**32
            if end is not None and rel_end <= end:
                c["retrans_packets"] += 1
                c["retrans_ip_bytes"] += total
                continue
            new = rel_end - (end or 0)
            c["_end"][way] = rel_end
            payload = min(payload, new)
        c[way] += payload
    for c in conns:
        del c["_end"]
    return conns


if __name__ == "__main__":
    json.dump(connections(sys.argv[1]), sys.stdout, indent=1)
    print()
