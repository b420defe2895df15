#!/usr/bin/env python3
"""bench/stats_month.py — a simulated month of the Pas de Cère kiosk on 4G (issue 4, benchmark 2).

Run by bench/stats.sh inside a private mount namespace where /etc/hosts maps
contenu.carlades.fr, api.open-meteo.com and stats.carlades.fr to 127.0.0.2/3/4
and the system CA bundle also trusts the bench's own root CA (the kiosk's
libcurl reads /etc/ssl/certs/ca-certificates.crt; borne sync/upload pass no
CA file). Nothing outside the namespace sees either.

    kiosk (borne sync / borne upload, libcurl, TLS 1.3)
      -> 127.0.0.{2,3,4}:443  counting TCP relay (this script): TLS bytes per connection
      -> nginx 127.0.0.1:PORT (https; WebDAV collector with basic auth; static content;
         a static Open-Meteo-like JSON): $bytes_sent + $request_length per request

The month is run as rounds back to back (the commands have no --now): per
simulated day, SYNCS_PER_DAY `borne sync` (each fetches the weather, then
checks the content: the CLI cannot do one without the other), HB_PER_DAY
`borne upload --once` rounds with nothing pending (heartbeat only), and one
round after the day's touches are added to the kiosk's database (the day's
batch + heartbeat). DATA/net/budget.json is read and removed at each simulated
midnight, so the config's daily_byte_budget is enforced per simulated day.

--capture (bench/stats.sh does it unless STATS_CAPTURE=0; needs `unshare --net`):
the namespace's loopback gets MTU 1500 and no offloads and tcpdump records
the kiosk's packets to and from the relay; each connection's IP bytes
(headers, TLS records, ACKs, closes) go to the day of the relay's
connection, and its TCP payload is checked against the relay's count
(bench/stats_capture.py). month.json's "wire" is what the link carries;
"budget" checks each day against daily_byte_budget: borne's own count, the
IP bytes, and any "daily byte budget reached" in the commands' stderr.

--schedule rounds (branch net): the issue's schedule in one process a day,
`borne upload --with-sync --rounds R --content-every C --upload-every R`: R
rounds (24: hourly), each fetching the weather, the content checked every Cth
round (6: four times a day), the day's touches and a heartbeat in the first
round; TLS sessions are resumed from round to round within the process, each
round closes its connections. The rounds run back to back (--interval of a
few ms): what this cannot see is a server forgetting a session between two
real rounds an hour apart (nginx's ssl_session_timeout, 5 min by default:
the servers here say 2 h, as docs/SYNC.md asks of ours).
"""
import argparse
import asyncio
import collections
import json
import math
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import stats_capture

PARIS = ZoneInfo("Europe/Paris")
HOSTS = {"content": ("contenu.carlades.fr", "127.0.0.2"),
         "weather": ("api.open-meteo.com", "127.0.0.3"),
         "stats": ("stats.carlades.fr", "127.0.0.4")}


# --- Counting TCP relay -------------------------------------------------------

class Relay:
    """Listens on (ip, 443) per category, relays to nginx, records per connection
    (category, tag, bytes up, bytes down, reads each way)."""

    def __init__(self, targets):
        self.targets = targets  # category -> (listen_ip, nginx_port)
        self.tag = "setup"
        self.conns = []
        self.lock = threading.Lock()
        self.open = 0
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        self.ready.wait(10)

    def _run(self):
        asyncio.set_event_loop(self.loop)

        async def start():
            for cat, (ip, port) in self.targets.items():
                await asyncio.start_server(lambda r, w, c=cat, p=port: self._handle(r, w, c, p), ip, 443)
            self.ready.set()
        self.loop.run_until_complete(start())
        self.loop.run_forever()

    async def _handle(self, cr, cw, cat, port):
        tag = self.tag
        t_accept = time.time()
        peer = cw.get_extra_info("peername") or ("?", 0)
        local = cw.get_extra_info("sockname") or ("?", 0)
        with self.lock:
            self.open += 1
        sr, sw = await asyncio.open_connection("127.0.0.1", port)
        counts = {"up": 0, "down": 0}

        async def pipe(r, w, key):
            try:
                while True:
                    data = await r.read(65536)
                    if not data:
                        break
                    counts[key] += len(data)
                    w.write(data)
                    await w.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                try:
                    w.close()
                except Exception:
                    pass
        await asyncio.gather(pipe(cr, sw, "up"), pipe(sr, cw, "down"))
        with self.lock:
            self.conns.append({"cat": cat, "tag": tag, "up": counts["up"], "down": counts["down"],
                               "server": local[0], "cport": peer[1], "t": t_accept})
            self.open -= 1

    def settle(self, timeout=5.0):
        deadline = time.time() + timeout
        while time.time() < deadline:
            with self.lock:
                if self.open == 0:
                    return
            time.sleep(0.005)


# --- Setup --------------------------------------------------------------------

def sh(*args, **kw):
    return subprocess.run(list(args), check=True, **kw)


def make_certs(d, key_type):
    """A root CA (trusted by the kiosk), an intermediate, and one leaf per host,
    served as leaf + intermediate like a Let's Encrypt chain."""
    os.makedirs(d, exist_ok=True)
    newkey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"] if key_type == "ec" else ["-newkey", "rsa:2048"]
    sh("openssl", "req", "-x509", "-nodes", *newkey, "-keyout", f"{d}/root.key", "-out", f"{d}/root.pem",
       "-days", "3650", "-subj", "/C=FR/O=Borne bench/CN=Borne bench root X1",
       "-addext", "basicConstraints=critical,CA:true", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(f"{d}/ca.ext", "w") as f:
        f.write("basicConstraints=critical,CA:true,pathlen:0\nkeyUsage=critical,digitalSignature,keyCertSign,cRLSign\n"
                "extendedKeyUsage=serverAuth,clientAuth\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"
                "authorityInfoAccess=caIssuers;URI:http://x1.i.bench.example/\n"
                "crlDistributionPoints=URI:http://x1.c.bench.example/\ncertificatePolicies=2.23.140.1.2.1\n")
    sh("openssl", "req", "-nodes", *newkey, "-keyout", f"{d}/int.key", "-out", f"{d}/int.csr",
       "-subj", "/C=FR/O=Borne bench/CN=E9", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    sh("openssl", "x509", "-req", "-in", f"{d}/int.csr", "-CA", f"{d}/root.pem", "-CAkey", f"{d}/root.key",
       "-CAcreateserial", "-out", f"{d}/int.pem", "-days", "1000", "-extfile", f"{d}/ca.ext",
       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for cat, (host, _) in HOSTS.items():
        with open(f"{d}/{cat}.ext", "w") as f:
            f.write(f"basicConstraints=critical,CA:false\nkeyUsage=critical,digitalSignature"
                    f"{',keyEncipherment' if key_type == 'rsa' else ''}\nextendedKeyUsage=serverAuth,clientAuth\n"
                    "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"
                    "authorityInfoAccess=OCSP;URI:http://e9.o.bench.example,caIssuers;URI:http://e9.i.bench.example/\n"
                    f"subjectAltName=DNS:{host}\ncertificatePolicies=2.23.140.1.2.1\n")
        sh("openssl", "req", "-nodes", *newkey, "-keyout", f"{d}/{cat}.key", "-out", f"{d}/{cat}.csr",
           "-subj", f"/CN={host}", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        sh("openssl", "x509", "-req", "-in", f"{d}/{cat}.csr", "-CA", f"{d}/int.pem", "-CAkey", f"{d}/int.key",
           "-CAcreateserial", "-out", f"{d}/{cat}.crt", "-days", "90", "-extfile", f"{d}/{cat}.ext",
           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(f"{d}/{cat}.chain.pem", "w") as f:
            f.write(open(f"{d}/{cat}.crt").read() + open(f"{d}/int.pem").read())
    sizes = {}
    for name in ["content", "int"]:
        der = subprocess.run(["openssl", "x509", "-in", f"{d}/{name}{'.crt' if name != 'int' else '.pem'}",
                              "-outform", "DER"], stdout=subprocess.PIPE, check=True).stdout
        sizes[name] = len(der)
    return sizes


def private_mounts(out, certs):
    """/etc/hosts and the system CA bundle, replaced in this mount namespace only."""
    # STATS_PARENT_MNT_NS: the caller's namespace (`readlink /proc/$$/ns/mnt` before unshare)
    if os.readlink("/proc/self/ns/mnt") == os.environ.get("STATS_PARENT_MNT_NS", os.readlink("/proc/self/ns/mnt")):
        sys.exit("stats_month.py: run me under `unshare --mount --propagation private` "
                 "(I bind-mount /etc/hosts and the CA bundle)")
    with open(f"{out}/hosts", "w") as f:
        f.write(open("/etc/hosts").read() + "".join(f"{ip} {h}\n" for h, ip in HOSTS.values()))
    bundle = "/etc/ssl/certs/ca-certificates.crt"
    with open(f"{out}/ca-bundle.crt", "w") as f:
        f.write(open(bundle).read() + open(f"{certs}/root.pem").read())
    sh("mount", "--bind", f"{out}/hosts", "/etc/hosts")
    sh("mount", "--bind", f"{out}/ca-bundle.crt", bundle)


def free_port():
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def nginx_conf(prefix, certs, ports, htpasswd, http2=False, session_timeout="5m", gzip_weather=False):
    p = prefix
    h2 = " http2" if http2 else ""
    weather_gzip = " gzip on; gzip_types application/json; gzip_min_length 64;" if gzip_weather else ""
    return f"""
daemon off;
worker_processes 1;
pid {p}/nginx.pid;
error_log {p}/logs/error.log info;
events {{ worker_connections 256; }}
http {{
    log_format bench '$msec $server_port "$request" $status $body_bytes_sent $bytes_sent $request_length $connection $connection_requests $ssl_protocol $ssl_session_reused';
    access_log {p}/logs/access.log bench;
    client_body_temp_path {p}/tmp/client_body;
    proxy_temp_path {p}/tmp/proxy;
    fastcgi_temp_path {p}/tmp/fastcgi;
    uwsgi_temp_path {p}/tmp/uwsgi;
    scgi_temp_path {p}/tmp/scgi;
    default_type application/octet-stream;
    types {{ application/json json; }}
    keepalive_timeout 75s;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_session_cache shared:bench:1m;
    ssl_session_timeout {session_timeout};
    server {{   # contenu.carlades.fr: the published bundle tree
        listen 127.0.0.1:{ports['content']} ssl{h2};
        server_name contenu.carlades.fr;
        ssl_certificate {certs}/content.chain.pem;
        ssl_certificate_key {certs}/content.key;
        root {p}/www;
        etag on;
        location / {{ }}
    }}
    server {{   # api.open-meteo.com: one static forecast
        listen 127.0.0.1:{ports['weather']} ssl{h2};
        server_name api.open-meteo.com;
        ssl_certificate {certs}/weather.chain.pem;
        ssl_certificate_key {certs}/weather.key;
        # A forecast changes every hour: never a 304 to a conditional GET (etag off,
        # If-Modified-Since ignored), so that borne's validators cannot make it cheaper here.
        location = /v1/forecast {{ default_type application/json; alias {p}/weather/forecast.json;
                                   etag off; if_modified_since off;{weather_gzip} }}
    }}
    server {{   # stats.carlades.fr: deploy/nginx-collector.conf's locations
        listen 127.0.0.1:{ports['stats']} ssl{h2};
        server_name stats.carlades.fr;
        ssl_certificate {certs}/stats.chain.pem;
        ssl_certificate_key {certs}/stats.key;
        root {p}/collector;
        client_body_temp_path {p}/collector/tmp;
        client_max_body_size 16m;
        location / {{ return 404; }}
        location /collect/ {{
            auth_basic "Borne statistics";
            auth_basic_user_file {htpasswd};
            limit_except PUT {{ deny all; }}
            location ~ "^/collect/(?<borne_kiosk>[a-z0-9-]+)/([a-z0-9-]+-[0-9]{{12,}}-[0-9]{{12,}}\\.batch|heartbeat\\.json)$" {{
                if ($borne_kiosk != $remote_user) {{ return 403; }}
                auth_basic "Borne statistics";
                auth_basic_user_file {htpasswd};
                limit_except PUT {{ deny all; }}
                dav_methods PUT;
                create_full_put_path on;
                dav_access user:rw group:r all:r;
            }}
            return 403;
        }}
    }}
}}
"""


def weather_json():
    """An Open-Meteo answer (current: 3 fields, daily: 4 fields x 7 days), in the
    service's own layout and number style. OpenMeteo.forecastURL no longer asks
    for precipitation_sum (branch wire); the answer keeps it, so the month does
    not count what the real service would leave out."""
    days = [f"2020-08-{d:02d}" for d in range(1, 8)]
    doc = {"latitude": 44.98, "longitude": 2.62, "generationtime_ms": 0.0630617141723633,
           "utc_offset_seconds": 7200, "timezone": "Europe/Paris", "timezone_abbreviation": "CEST",
           "elevation": 878.0,
           "current_units": {"time": "iso8601", "interval": "seconds", "temperature_2m": "°C",
                             "weather_code": "wmo code", "wind_speed_10m": "km/h"},
           "current": {"time": "2020-08-01T14:45", "interval": 900, "temperature_2m": 24.3,
                       "weather_code": 2, "wind_speed_10m": 9.7},
           "daily_units": {"time": "iso8601", "weather_code": "wmo code", "temperature_2m_max": "°C",
                           "temperature_2m_min": "°C", "precipitation_sum": "mm"},
           "daily": {"time": days, "weather_code": [2, 3, 61, 80, 1, 0, 3],
                     "temperature_2m_max": [26.1, 24.8, 19.3, 21.7, 25.2, 27.9, 23.4],
                     "temperature_2m_min": [12.4, 13.1, 11.8, 10.2, 11.5, 13.9, 14.2],
                     "precipitation_sum": [0.0, 0.2, 8.4, 3.1, 0.0, 0.0, 0.6]}}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()


# --- The kiosk's touches, a day at a time --------------------------------------

def month_bounds(year, month, days):
    start = datetime(year, month, 1, tzinfo=PARIS)
    return [(start + timedelta(days=i), start + timedelta(days=i + 1)) for i in range(days)]


def iso(dt):
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def prepare_kiosk_db(db, future, month_start):
    """Move the rows from the month's start on into `future` (they are added back
    a day at a time); mark everything before as already acknowledged."""
    con = sqlite3.connect(db)
    con.execute("ATTACH ? AS f", (future,))
    con.execute("CREATE TABLE f.touches AS SELECT * FROM main.touches WHERE 0")
    con.execute("INSERT INTO f.touches SELECT * FROM main.touches WHERE wall_utc >= ?", (iso(month_start),))
    con.execute("DELETE FROM main.touches WHERE wall_utc >= ?", (iso(month_start),))
    before = con.execute("SELECT coalesce(max(seq), 0) FROM main.touches").fetchone()[0]
    con.execute("INSERT OR REPLACE INTO upload_state(id, last_acked_seq, updated_utc) VALUES (1, ?, ?)",
                (before, iso(month_start)))
    con.commit()
    con.close()
    return before


def add_day(db, future, a, b):
    con = sqlite3.connect(db, timeout=10)
    con.execute("ATTACH ? AS f", (future,))
    n = con.execute("INSERT INTO main.touches SELECT * FROM f.touches WHERE wall_utc >= ? AND wall_utc < ? ORDER BY seq",
                    (iso(a), iso(b))).rowcount
    con.commit()
    con.close()
    return n


def wire_counts(capture, relay_conns, month_tags, daily):
    """Stops the capture and counts the month's IP bytes: each captured connection is
    matched to the relay's (server address, client port, nearest accept time) for its tag
    (the simulated day); its TCP payload (retransmissions left out) must be at least the
    relay's count both ways: more when the kiosk wrote after the relay had closed (a close
    alert after the server's FIN), which the link carries and the relay never reads."""
    received, dropped = capture.stop()
    conns = stats_capture.connections(capture.path)
    by_key = collections.defaultdict(list)
    for r in relay_conns:
        by_key[(r["server"], r["cport"])].append(r)
    cat_of = {ip: c for c, (_, ip) in HOSTS.items()}
    tot = collections.Counter()
    by_cat = collections.defaultdict(collections.Counter)
    per_day = collections.Counter()
    matched = same = short = unmatched = 0
    unread = 0
    max_packet = 0
    for c in conns:
        cands = by_key.get((c["server"], c["cport"]), [])
        r = min(cands, key=lambda r: abs(r["t"] - c["t0"])) if cands else None
        if r is not None and abs(r["t"] - c["t0"]) < 5:
            matched += 1
            same += (r["up"], r["down"]) == (c["up"], c["down"])
            short += c["up"] < r["up"] or c["down"] < r["down"]
            unread += max(0, c["up"] - r["up"]) + max(0, c["down"] - r["down"])
            tag = r["tag"]
        else:
            # Not accepted by the relay (or not matched): the simulated day whose span holds its first packet.
            unmatched += 1
            tag = next((str(d["day"]) for d in daily if d["t0"] <= c["t0"] <= d["t1"]), "outside")
        if tag not in month_tags:
            continue
        max_packet = max(max_packet, c["max_ip_packet"])
        for k in ("ip_bytes", "up", "down", "packets", "retrans_packets", "retrans_ip_bytes"):
            tot[k] += c[k]
            by_cat[cat_of.get(c["server"], c["server"])][k] += c[k]
        by_cat[cat_of.get(c["server"], c["server"])]["conns"] += 1
        tot["conns"] += 1
        per_day[tag] += c["ip_bytes"] - c["retrans_ip_bytes"]
    for d in daily:
        d["ip_bytes"] = per_day.get(str(d["day"]), 0)
    return {"what": "IP packets (IPv4 + TCP headers + payload), both ways, MTU 1500 without offloads",
            "mtu": 1500, "ip_bytes": tot["ip_bytes"] - tot["retrans_ip_bytes"], "ip_bytes_with_retrans": tot["ip_bytes"],
            "retrans_packets": tot["retrans_packets"], "retrans_ip_bytes": tot["retrans_ip_bytes"],
            "payload": tot["up"] + tot["down"], "packets": tot["packets"] - tot["retrans_packets"],
            "conns": tot["conns"], "by_cat": {k: dict(v) for k, v in by_cat.items()},
            "tcpdump_received": received, "tcpdump_dropped": dropped,
            "conns_captured": len(conns), "conns_matched": matched, "conns_same_payload_as_relay": same,
            "conns_short_of_relay": short, "payload_unread_by_relay": unread,
            "conns_unmatched": unmatched, "max_ip_packet": max_packet}


# --- Main ---------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--sim", required=True, help="simulated data dir of pas-de-cere (borne simulate --kiosk pas-de-cere)")
    ap.add_argument("--config-src", default="kiosk-config/pas-de-cere.json")
    ap.add_argument("--content", default="content")
    ap.add_argument("--month", default="2020-08")
    ap.add_argument("--days", type=int, default=30)
    ap.add_argument("--syncs-per-day", type=int, default=24)
    ap.add_argument("--hb-per-day", type=int, default=23, help="heartbeat-only upload rounds per day (besides the daily one)")
    ap.add_argument("--update-day", type=int, default=15)
    ap.add_argument("--key-type", default="ec", choices=["ec", "rsa"])
    ap.add_argument("--schedule", default="as-run", choices=["as-run", "rounds"],
                    help="as-run: one process per sync and upload (above); rounds: borne upload --with-sync, one process a day")
    ap.add_argument("--rounds-per-day", type=int, default=24)
    ap.add_argument("--content-every", type=int, default=6)
    ap.add_argument("--http2", action="store_true", help="nginx offers HTTP/2 (ALPN)")
    ap.add_argument("--session-timeout", default="5m", help="nginx's ssl_session_timeout")
    ap.add_argument("--gzip-weather", action="store_true", help="the weather server compresses its answer when asked")
    ap.add_argument("--capture", action="store_true",
                    help="count the kiosk's IP packets (tcpdump on a loopback of MTU 1500 without offloads: "
                         "bench/stats_capture.py); needs a private network namespace (unshare --net)")
    a = ap.parse_args()
    if a.capture and os.readlink("/proc/self/ns/net") == os.environ.get("STATS_PARENT_NET_NS", os.readlink("/proc/self/ns/net")):
        sys.exit("stats_month.py: --capture needs a private network namespace (unshare --net): "
                 "it sets lo's MTU and offloads")
    B = a.bin
    out = os.path.abspath(a.out)
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    prefix = out + "/srv"   # world-readable: nginx's workers run as nobody under root
    for d in ["www/borne", "logs", "tmp", "weather", "collector/collect", "collector/tmp"]:
        os.makedirs(f"{prefix}/{d}", exist_ok=True)
    os.chmod(f"{prefix}/collector/collect", 0o777)
    os.chmod(f"{prefix}/collector/tmp", 0o777)
    certs = out + "/certs"
    cert_sizes = make_certs(certs, a.key_type)
    private_mounts(out, certs)
    capture = None
    if a.capture:
        stats_capture.setup_link(1500)
    with open(f"{prefix}/weather/forecast.json", "wb") as f:
        f.write(weather_json())
    password = "bench-pas-de-cere-7f3a"
    htpasswd = f"{prefix}/htpasswd"
    hashed = subprocess.run(["openssl", "passwd", "-apr1", password], stdout=subprocess.PIPE, check=True, text=True).stdout.strip()
    with open(htpasswd, "w") as f:
        f.write(f"pas-de-cere:{hashed}\n")

    # Content A and B (B: a few items changed in two sections)
    sh(B, "keygen", "--out", f"{out}/keys", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    pub = open(f"{out}/keys/borne.pub").read().strip()
    shutil.copytree(a.content, f"{out}/content-a")
    shutil.copytree(a.content, f"{out}/content-b")
    changed = []
    for section, n in [("agenda", 2), ("manger", 1)]:
        p = f"{out}/content-b/items/{section}.json"
        doc = json.load(open(p, encoding="utf-8"))
        for it in doc["items"][:n]:
            it["name"]["fr"] += " (nouvelle date)" if section == "agenda" else " — nouveaux horaires"
            changed.append(f"{section}/{it['id']}")
        json.dump(doc, open(p, "w", encoding="utf-8"), ensure_ascii=False, indent=2)
    bj = json.load(open(f"{out}/content-b/bundle.json"))
    bj["version"] += "-b"
    bj["created"] = (datetime.strptime(bj["created"], "%Y-%m-%dT%H:%M:%SZ") + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    json.dump(bj, open(f"{out}/content-b/bundle.json", "w"), indent=2)
    for v in "ab":
        sh(B, "content", "pack", f"{out}/content-{v}", "--out", f"{out}/bundle-{v}", stdout=subprocess.DEVNULL)
        sh(B, "content", "sign", f"{out}/bundle-{v}", "--key", f"{out}/keys/borne.key", stdout=subprocess.DEVNULL)
    diff = subprocess.run([B, "content", "diff", f"{out}/bundle-a", f"{out}/bundle-b"], stdout=subprocess.PIPE, text=True).stdout

    ports = {c: free_port() for c in HOSTS}
    with open(f"{prefix}/nginx.conf", "w") as f:
        f.write(nginx_conf(prefix, certs, ports, htpasswd, a.http2, a.session_timeout, a.gzip_weather))
    for dp, dns, fns in os.walk(out):
        os.chmod(dp, 0o755 if not dp.endswith(("collect", "collector/tmp")) else 0o777)
        for fn in fns:
            os.chmod(os.path.join(dp, fn), 0o644)
    nginx = subprocess.Popen(["nginx", "-e", f"{prefix}/logs/error.log", "-p", prefix, "-c", f"{prefix}/nginx.conf"],
                             stdout=open(f"{prefix}/logs/stdout.log", "w"), stderr=subprocess.STDOUT)
    relay = Relay({c: (HOSTS[c][1], ports[c]) for c in HOSTS})
    if a.capture:
        capture = stats_capture.Capture(f"{out}/kiosk.pcap")
        capture.start()
    time.sleep(0.5)
    assert nginx.poll() is None, open(f"{prefix}/logs/error.log").read()

    # The kiosk: config, data dir from the simulated year
    cfg = json.load(open(a.config_src, encoding="utf-8"))
    cfg["sync_url"] = "https://contenu.carlades.fr/borne"
    # The query OpenMeteo.forecastURL writes for the Pas de Cère (the kiosk configs carry none).
    cfg["weather_url"] = ("https://api.open-meteo.com/v1/forecast?latitude=44.98&longitude=2.626"
                          "&current=temperature_2m,weather_code,wind_speed_10m"
                          "&daily=weather_code,temperature_2m_max,temperature_2m_min"
                          "&timezone=Europe%2FParis")
    cfg["collector_url"] = "https://stats.carlades.fr/collect"
    cfg["collector_password_file"] = f"{out}/collector.password"
    cfg["trusted_keys"] = [pub]
    with open(f"{out}/collector.password", "w") as f:
        f.write(password + "\n")
    os.chmod(f"{out}/collector.password", 0o600)
    json.dump(cfg, open(f"{out}/kiosk.json", "w", encoding="utf-8"), ensure_ascii=False, indent=2)
    # `borne content publish` checks the bundle's key against the kiosks' trusted_keys.
    os.makedirs(f"{out}/kiosk-config", exist_ok=True)
    json.dump(cfg, open(f"{out}/kiosk-config/{cfg['id']}.json", "w", encoding="utf-8"), ensure_ascii=False, indent=2)
    data = f"{out}/data"
    shutil.copytree(a.sim, data)
    year, month = (int(x) for x in a.month.split("-"))
    days = month_bounds(year, month, a.days)
    future = f"{out}/future.db"
    acked_before = prepare_kiosk_db(f"{data}/sessions.db", future, days[0][0])

    env = dict(os.environ)
    runs = []          # (tag, kind, rc, seconds)
    failures = []
    budget_refusals = []   # (tag, kind, message): borne said its daily byte budget was reached

    def run(kind, args):
        t0 = time.time()
        p = subprocess.run([B, *args, "--config", f"{out}/kiosk.json", "--data-dir", data],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        relay.settle()
        runs.append((relay.tag, kind, p.returncode, time.time() - t0))
        if p.returncode != 0:
            failures.append((relay.tag, kind, p.returncode, p.stderr.strip()[-400:]))
        for line in p.stderr.splitlines():
            if "daily byte budget reached" in line:
                budget_refusals.append((relay.tag, kind, line.strip()[-300:]))
        return p

    def publish(v):
        sh(B, "content", "publish", f"{out}/bundle-{v}", "--to", f"{prefix}/www/borne", "--kiosk-config", f"{out}/kiosk-config",
           stdout=subprocess.DEVNULL)
        for dp, _, fns in os.walk(f"{prefix}/www"):
            os.chmod(dp, 0o755)
            for fn in fns:
                os.chmod(os.path.join(dp, fn), 0o644)

    def take_budget():
        p = f"{data}/net/budget.json"
        try:
            used = json.load(open(p))["used"]
        except (OSError, ValueError, KeyError):
            used = 0
        if os.path.exists(p):
            os.remove(p)   # the simulated midnight: a new Europe/Paris day
        return used

    # Before the month (not counted): content A installed, weather fetched, a first round.
    publish("a")
    relay.tag = "setup"
    run("sync", ["sync"])
    run("upload", ["upload", "--once"])
    setup_budget = take_budget()

    t_month = time.time()
    daily = []
    load_samples = [os.getloadavg()]
    for i, (d0, d1) in enumerate(days, start=1):
        if i == a.update_day:
            publish("b")
        relay.tag = f"{i}"
        t_day = time.time()
        if a.schedule == "rounds":
            rows = add_day(f"{data}/sessions.db", future, d0, d1)
            r = str(a.rounds_per_day)
            run("rounds", ["upload", "--with-sync", "--rounds", r, "--interval", "0.0002",
                           "--content-every", str(a.content_every), "--upload-every", r])
            daily.append({"day": i, "date": d0.strftime("%Y-%m-%d"), "rows": rows, "budget_used": take_budget(),
                          "t0": t_day, "t1": time.time()})
            if i % 10 == 0:
                print(f"day {i} done ({time.time() - t_month:.0f} s)", file=sys.stderr, flush=True)
            continue
        # spread the syncs and heartbeat rounds over the day
        n_sync, n_hb = a.syncs_per_day, a.hb_per_day
        slots = max(n_sync, n_hb + 1)
        for s in range(slots):
            if s * n_sync // slots != (s + 1) * n_sync // slots:
                run("sync", ["sync"])
            if s < slots - 1 and s * n_hb // (slots - 1) != (s + 1) * n_hb // (slots - 1):
                run("hb", ["upload", "--once"])
        rows = add_day(f"{data}/sessions.db", future, d0, d1)
        run("upload", ["upload", "--once"])
        daily.append({"day": i, "date": d0.strftime("%Y-%m-%d"), "rows": rows, "budget_used": take_budget(),
                      "t0": t_day, "t1": time.time()})
        if i % 10 == 0:
            load_samples.append(os.getloadavg())
            print(f"day {i} done ({time.time() - t_month:.0f} s)", file=sys.stderr, flush=True)
    month_seconds = time.time() - t_month
    relay.settle()
    # Probes (curl, not borne): the weather fetch over a new TLS connection; twice in one
    # process with `Connection: close` (the second connection resumes the TLS session);
    # twice over one kept-alive connection.
    wurl = cfg["weather_url"]
    probes = {}
    t_probes = time.time()
    for name, args in [("new connection", [wurl]),
                       ("2 connections, 2nd resumes the TLS session", ["-H", "Connection: close", wurl, wurl]),
                       ("2 requests on one connection", [wurl, wurl])]:
        relay.tag = "probe:" + name
        subprocess.run(["curl", "-sS", "--http1.1", "-o", "/dev/null", "-o", "/dev/null", "-A", "borne/bench", *args],
                       check=True)
        relay.settle()
        time.sleep(0.2)
        cs = [c for c in relay.conns if c["tag"] == relay.tag]
        probes[name] = [{"up": c["up"], "down": c["down"]} for c in cs]
    time.sleep(0.5)
    nginx.send_signal(3)  # SIGQUIT: graceful; flushes the log
    nginx.wait(10)
    wire = wire_counts(capture, relay.conns, {str(i) for i in range(1, a.days + 1)}, daily) if capture else None

    # --- nginx log per request ---
    by_port = {str(ports[c]): c for c in ports}
    reqs = []
    for line in open(f"{prefix}/logs/access.log"):
        parts = line.split('"')
        msec, port = parts[0].split()
        status, body, sent, reqlen, conn, nreq, proto, reused = parts[2].split()
        method, uri = parts[1].split()[:2]
        reqs.append({"t": float(msec), "cat": by_port[port], "method": method, "uri": uri, "status": int(status),
                     "body": int(body), "sent": int(sent), "req": int(reqlen), "conn": conn,
                     "tls": proto, "reused": reused})
    # tag each request with the phase that was running when nginx logged it
    # (phases are sequential; the log line comes before the client exits)
    json.dump({"runs": runs, "reqs": reqs, "conns": relay.conns, "daily": daily}, open(f"{out}/raw.json", "w"))

    month_tags = {str(i) for i in range(1, a.days + 1)}
    tls = collections.defaultdict(lambda: collections.Counter())
    for c in relay.conns:
        if c["tag"] in month_tags:
            t = tls[c["cat"]]
            t["conns"] += 1
            t["up"] += c["up"]
            t["down"] += c["down"]
            # TCP/IP estimate: 3-way handshake + 4 closing packets, data segments of 1448 B
            # (MSS of a 1500 MTU with timestamps) each way, and about one ACK per data
            # segment (delayed ACKs halve it, TLS flights need their own): 52 B each.
            segs = math.ceil(c["up"] / 1448) + math.ceil(c["down"] / 1448)
            t["packets_est"] += 7 + 2 * segs
    # nginx: setup requests are those before the month started
    http = collections.defaultdict(lambda: collections.Counter())
    for r in reqs:
        if r["t"] < t_month or r["t"] >= t_probes:
            continue
        if r["cat"] == "stats":
            sub = "stats:batch" if r["uri"].endswith(".batch") else "stats:heartbeat"
        elif r["cat"] == "content":
            sub = "content:" + ("304" if r["status"] == 304 else f"{r['status']} {r['uri'].split('/')[2] if r['uri'].count('/') > 2 else r['uri']}")
        else:
            sub = f"weather:{r['status']}"
        for key in (r["cat"], sub):
            h = http[key]
            h["requests"] += 1
            h["body"] += r["body"]
            h["sent"] += r["sent"]
            h["req"] += r["req"]
    statuses = collections.Counter((r["cat"], r["method"], r["status"], r["tls"], "resumed" if r["reused"] == "r" else "full")
                                   for r in reqs if t_month <= r["t"] < t_probes)
    kinds = collections.Counter((k, rc) for tag, k, rc, _ in runs if tag in month_tags)
    secs = collections.defaultdict(list)
    for tag, k, rc, s in runs:
        if tag in month_tags:
            secs[k].append(s)
    limit = cfg.get("daily_byte_budget")
    budget = {"limit": limit, "max_day_borne": max((d["budget_used"] for d in daily), default=0),
              "days_over_borne": [d["day"] for d in daily if limit and d["budget_used"] > limit],
              "refusals": budget_refusals[:20], "refusal_count": len(budget_refusals)}
    if wire:
        budget["max_day_ip"] = max((d["ip_bytes"] for d in daily), default=0)
        budget["days_over_ip"] = [d["day"] for d in daily if limit and d["ip_bytes"] > limit]
    budget["never_exceeded"] = (not budget["days_over_borne"] and not budget.get("days_over_ip")
                                and not budget_refusals and limit is not None)
    res = {
        "month": a.month, "days": a.days, "syncs_per_day": a.syncs_per_day, "hb_per_day": a.hb_per_day,
        "schedule": a.schedule, "rounds_per_day": a.rounds_per_day, "content_every": a.content_every,
        "http2": a.http2, "session_timeout": a.session_timeout, "gzip_weather": a.gzip_weather,
        "update_day": a.update_day, "changed_items": changed, "diff": diff,
        "key_type": a.key_type, "cert_der_bytes": cert_sizes,
        "weather_json_bytes": len(weather_json()),
        "acked_before_month": acked_before,
        "month_seconds": month_seconds, "load": load_samples,
        "setup_budget": setup_budget,
        "runs": {f"{k} rc={rc}": n for (k, rc), n in kinds.items()},
        "run_seconds_mean": {k: sum(v) / len(v) for k, v in secs.items()},
        "failures": failures[:20], "failure_count": len(failures),
        "http": {k: dict(v) for k, v in http.items()},
        "statuses": {" ".join(map(str, k)): n for k, n in statuses.items()},
        "probes": probes,
        "tls": {k: dict(v) for k, v in tls.items()},
        "daily": daily,
        "budget_limit": limit,
        "budget": budget,
        "wire": wire,
        "rows_month": sum(d["rows"] for d in daily),
        "batches_on_collector": sorted(os.listdir(f"{prefix}/collector/collect/pas-de-cere")),
    }
    json.dump(res, open(f"{out}/month.json", "w"), indent=1, ensure_ascii=False)
    print(json.dumps({k: v for k, v in res.items() if k not in ("daily", "batches_on_collector", "diff")}, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
