// Floor: `import Foundation` (swift-corelibs-foundation, FoundationInternationalization
// and ICU's code and data linked in), the same work as essentials.swift.
import Glibc
import Foundation

let data = try! JSONEncoder().encode(["t": Date(timeIntervalSince1970: 1_800_000_000).timeIntervalSince1970])
print("floor: Foundation", data.count)
usleep(300_000)  // stay alive for bench/treerss.py's samples
