import Foundation
import BorneCore

extension ContentLoader {
    /// `communes.json`: the communes hike maps label (optional: without it
    /// maps show no commune). docs/CONTENT.md, « communes.json ».
    static let communesFile = "communes.json"

    /// Reads `communes.json`. A bad commune is skipped and reported; a bad
    /// file is reported and gives no commune. A missing file is no problem.
    static func readCommunes(in directory: URL, problems: inout [ContentProblem]) -> [Commune] {
        var names = Set<String>()
        return readList(communesFile, key: "communes", in: directory, missing: nil, fileSkipped: "file skipped: hike maps show no commune",
                        entrySkipped: "commune skipped", problems: &problems) { c, log in
            c.rejectUnknownKeys(["name", "insee", "geo"])
            let name = c.line("name", required: true, fatal: true)
            let insee = c.rawString("insee", required: true, fatal: true)
            if let insee, !Self.isINSEECode(insee) {
                log.add(c.path("insee"), "must be a five-character INSEE code (\"15258\", \"2A004\"), got \(Quote.value(insee))", fatal: true)
            }
            if !c.has("geo") { c.missing("geo", fatal: true) }
            let geo = c.geo("geo")
            if c.has("geo"), geo == nil { log.add(c.path("geo"), "is not a usable position", fatal: true) }
            if let name, names.contains(name) {
                log.add(c.path("name"), "duplicate commune \(Quote.value(name)), already listed", fatal: true)
            }
            guard let name, let insee, let geo, !log.hasFatal else { return nil }
            names.insert(name)
            return Commune(name: name, insee: insee, geo: geo)
        }
    }

    /// Five digits, or Corsica's 2A/2B and three digits.
    static func isINSEECode(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count == 5, u[2...].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
        let head = String(decoding: u[0..<2], as: UTF8.self)
        return head.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) || head == "2A" || head == "2B"
    }
}
