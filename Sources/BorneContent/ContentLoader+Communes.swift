import Foundation
import BorneCore

extension ContentLoader {
    /// `communes.json`: the communes hike maps label (optional: without it
    /// maps show no commune). docs/CONTENT.md, « communes.json ».
    static let communesFile = "communes.json"

    /// Reads `communes.json`. A bad commune is skipped and reported; a bad
    /// file is reported and gives no commune. A missing file is no problem.
    static func readCommunes(in directory: URL, problems: inout [ContentProblem]) -> [Commune] {
        let file = communesFile
        let root: [String: JSONValue]
        switch readJSON(file, in: directory) {
        case .failure(.missing): return []
        case .failure(.unreadable(let reason)):
            problems.append(ContentProblem(file: file, message: "\(reason) (file skipped: hike maps show no commune)"))
            return []
        case .success(.object(let o)): root = o
        case .success(let other):
            problems.append(ContentProblem(file: file, message: "expected a JSON object, got \(other.typeName) (file skipped: hike maps show no commune)"))
            return []
        }
        let log = IssueLog()
        let f = Fields(root, log: log)
        f.rejectUnknownKeys(["communes"])
        let entries = f.array("communes", required: true) ?? []
        problems += Self.problems(from: log, file: file)

        var communes: [Commune] = []
        for (index, entry) in entries.enumerated() {
            let log = IssueLog()
            guard case .object(let o) = entry else {
                problems.append(ContentProblem(file: file, field: "communes[\(index)]",
                                               message: "expected an object, got \(entry.typeName) (commune skipped)"))
                continue
            }
            let c = Fields(o, prefix: "communes[\(index)].", log: log)
            c.rejectUnknownKeys(["name", "insee", "geo"])
            let name = c.line("name", required: true, fatal: true)
            let insee = c.rawString("insee", required: true, fatal: true)
            if let insee, !Self.isINSEECode(insee) {
                log.add(c.path("insee"), "must be a five-character INSEE code (\"15258\", \"2A004\"), got \(Quote.value(insee))", fatal: true)
            }
            if !c.has("geo") { c.missing("geo", fatal: true) }
            let geo = c.geo("geo")
            if c.has("geo"), geo == nil { log.add(c.path("geo"), "is not a usable position", fatal: true) }
            if let name, communes.contains(where: { $0.name == name }) {
                log.add(c.path("name"), "duplicate commune \(Quote.value(name)), already listed", fatal: true)
            }
            problems += Self.problems(from: log, file: file, consequence: "commune skipped")
            if let name, let insee, let geo, !log.hasFatal { communes.append(Commune(name: name, insee: insee, geo: geo)) }
        }
        return communes
    }

    /// Five digits, or Corsica's 2A/2B and three digits.
    static func isINSEECode(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count == 5, u[2...].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
        let head = String(decoding: u[0..<2], as: UTF8.self)
        return head.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) || head == "2A" || head == "2B"
    }
}
