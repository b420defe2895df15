import BorneTestSupport
import Foundation
import XCTest

/// The kiosk draws its first frames without paging in ICU's data (issue 14:
/// its clock, dates and content checks went through ICU, whose pages count
/// in the kiosk's memory). A real `borne kiosk` on the bundled content shows
/// its home screen and a list; while it waits, /proc/PID/pagemap says which pages of
/// `icudt*_dat` (in the binary when linked statically, in lib_FoundationICU
/// when dynamically) it has mapped. The first and last 64 KiB are allowed:
/// the kernel maps up to 64 KiB around a fault in the neighbouring code.
final class KioskICUPagesTests: XCTestCase {
    private let page = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// The file and address range (file offsets) of ICU's data symbol.
    private func icuData(in files: [String]) throws -> (file: String, start: Int, size: Int)? {
        for file in files {
            let (code, out, _) = try BuiltBorne.run(["-S", "--defined-only", file], executable: "/usr/bin/nm")
            guard code == 0 else { continue }
            for line in out.split(separator: "\n") {
                let f = line.split(separator: " ")
                guard f.count == 4, f[3].hasPrefix("icudt"), f[3].hasSuffix("_dat"),
                      let addr = Int(f[0], radix: 16), let size = Int(f[1], radix: 16) else { continue }
                // Virtual address to file offset, through the segment holding it.
                let (_, ph, _) = try BuiltBorne.run(["-l", "-W", file], executable: "/usr/bin/readelf")
                for seg in ph.split(separator: "\n") where seg.contains("LOAD") {
                    let p = seg.split(separator: " ").filter { $0.hasPrefix("0x") }.compactMap { Int($0.dropFirst(2), radix: 16) }
                    guard p.count >= 4 else { continue }
                    let (offset, vaddr, filesz) = (p[0], p[1], p[3])
                    if addr >= vaddr && addr < vaddr + filesz { return (file, addr - vaddr + offset, size) }
                }
            }
        }
        return nil
    }

    func testTheKioskShowsItsHomeWithoutPagingInICUData() throws {
        let borne = try BuiltBorne.path(nextTo: Bundle(for: Self.self).bundleURL)
        // Show home, print it (the signal that the frame is drawn), open a list, print it
        // (two dumps of 45 rows), then wait to be stopped (WaitingKiosk: no --clock).
        let kiosk = try WaitingKiosk(borne: borne, script: "dump\ntap tile:manger\ndump\nwait 600000\n", lines: 90)
        defer { kiosk.stop() }
        let p = kiosk.process
        let maps = try kiosk.procFile("maps")
        var mappings: [(lo: Int, hi: Int, offset: Int, file: String)] = []
        for line in maps.split(separator: "\n") {
            let f = line.split(separator: " ", omittingEmptySubsequences: true)
            guard f.count >= 6, f[5].hasPrefix("/") else { continue }
            let range = f[0].split(separator: "-").compactMap { Int($0, radix: 16) }
            guard range.count == 2, let offset = Int(f[2], radix: 16) else { continue }
            mappings.append((range[0], range[1], offset, String(f[5])))
        }
        let candidates = Array(Set(mappings.map(\.file).filter { $0.hasSuffix("/borne") || $0.contains("FoundationICU") }))
        guard let icu = try icuData(in: candidates) else {
            return XCTFail("no icudt*_dat symbol in \(candidates) (mapped: \(Set(mappings.map(\.file)).sorted())): cannot tell where ICU's data is mapped")
        }
        let margin = 64 * 1024
        let (first, last) = (icu.start + margin, icu.start + icu.size - margin)
        XCTAssertTrue(p.isRunning, "borne kiosk ended before its pages were read: it must still be waiting")
        let pagemap = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/proc/\(p.processIdentifier)/pagemap"))
        defer { try? pagemap.close() }
        var present = 0, examined = 0
        for m in mappings where m.file == icu.file {
            // The part of this mapping inside [first, last), as addresses.
            let a = max(m.lo, m.lo + first - m.offset), b = min(m.hi, m.lo + last - m.offset)
            guard a < b else { continue }
            let firstPage = (a + page - 1) / page, pages = (b / page) - firstPage
            guard pages > 0 else { continue }
            try pagemap.seek(toOffset: UInt64(firstPage * 8))
            let entries = try pagemap.read(upToCount: pages * 8) ?? Data()
            for i in 0..<(entries.count / 8) {
                let e = entries.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self) }
                examined += 1
                if e >> 63 & 1 == 1 { present += 1 }
            }
        }
        XCTAssertGreaterThan(examined, 1_000, "ICU's data (\(icu.size) bytes in \(icu.file)) was not found mapped")
        XCTAssertEqual(present, 0, "the kiosk paged in \(present) pages (\(present * page / 1024) KiB) of ICU's data in \(icu.file): something on its path calls ICU (Calendar, TimeZone, URLComponents.host, Date parsing…)")
    }
}
