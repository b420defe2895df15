// Floor: FoundationEssentials only (Date, Data, JSON; no ICU linked in).
import Glibc
import FoundationEssentials

let data = try! JSONEncoder().encode(["t": Date(timeIntervalSince1970: 1_800_000_000).timeIntervalSince1970])
print("floor: FoundationEssentials", data.count)
usleep(300_000)  // stay alive for bench/treerss.py's samples
