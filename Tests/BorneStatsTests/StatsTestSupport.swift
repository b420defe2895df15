import BorneStats
import Foundation
import XCTest

/// A fixed key, so failures reproduce.
let testKey = try! StatsKey(hex: String(repeating: "0123456789abcdef", count: 4))
let otherKey = try! StatsKey(hex: String(repeating: "fedcba9876543210", count: 4))

/// Rows shaped like a kiosk's day: sessions of a few taps, home tiles,
/// list items, pages, languages, a content update half-way, some taps
/// outside sessions, clock steps.
func sampleRows(_ count: Int, from firstSeq: Int64 = 1, gaps: Bool = true, kioskStart: Int64 = 1_752_480_000_000) -> [BatchRow] {
    var rows: [BatchRow] = []
    var seq = firstSeq
    var wall = kioskStart
    var mono: Int64 = 3_600_000
    var session: Int64?
    var rng = SplitMix(seed: UInt64(firstSeq))
    let sections = ["dormir", "manger", "agenda", "pluie", "visites", "randonnees", "meteo"]
    let languages = ["fr", "fr", "fr", "en", "de", "nl", "es"]
    for i in 0..<count {
        if session == nil || rng.next(8) == 0 {
            session = rng.next(10) == 0 ? nil : seq
            wall += 60_000 + Int64(rng.next(3_600_000))
            mono += 60_000 + Int64(rng.next(3_600_000))
        } else {
            let step = 400 + Int64(rng.next(9_000))
            wall += step
            mono += step
        }
        let section = sections[rng.next(sections.count)]
        let kind = rng.next(4)
        let screen = kind == 0 ? "home" : kind == 1 ? "list:\(section)" : "detail:item-\(section)-\(rng.next(40))"
        let target: String? = kind == 0 ? "tile:\(section)" : kind == 1 ? "item:item-\(section)-\(rng.next(40))"
            : (rng.next(5) == 0 ? nil : ["nav:back", "page:down", "nav:home"][rng.next(3)])
        rows.append(BatchRow(seq: seq, sessionID: session, wallMs: wall, monoMs: mono, screen: screen,
                             section: kind == 0 ? nil : section, target: target, x: rng.next(160), y: rng.next(45),
                             language: languages[rng.next(languages.count)],
                             contentVersion: i < count / 2 ? "2026.11.26-1" : "2026.11.27-2",
                             flags: session == nil ? 2 : (rng.next(20) == 0 ? 8 : 0)))
        seq += gaps && rng.next(50) == 0 ? 2 : 1     // an occasional gap (a replaced database)
    }
    return rows
}

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func next(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

func makeTempDir(_ name: String = #function) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("borne-stats-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

func mode(_ path: String) -> mode_t {
    var st = stat()
    stat(path, &st)
    return st.st_mode & 0o777
}

/// The reason of a thrown `BatchError`, or a failure.
func batchErrorReason(_ body: () throws -> Any, file: StaticString = #filePath, line: UInt = #line) -> BatchError.Reason? {
    do {
        _ = try body()
        XCTFail("expected a BatchError", file: file, line: line)
    } catch let e as BatchError {
        return e.reason
    } catch {
        XCTFail("expected a BatchError, got \(error)", file: file, line: line)
    }
    return nil
}
