import Foundation
import BorneCore

/// `office.json` (required) and `urgences.json`.
extension ContentLoader {
    static let officeKeys: Set<String> = [
        "name", "address", "phone", "email", "website", "geo", "opening_hours", "hours_text",
    ]

    static func readOffice(_ json: (file: String, object: [String: JSONValue]),
                           problems: inout [ContentProblem],
                           hoursCache: OpeningHoursCache = OpeningHoursCache()) throws -> OfficeInfo {
        let log = IssueLog()
        let f = Fields(json.object, log: log)
        f.rejectUnknownKeys(officeKeys)
        let name = f.text("name", required: true, fatal: true)
        let address = f.line("address", required: true, fatal: true)
        let phone = f.phone("phone", required: true, fatal: true)
        let email = f.email("email", required: true, fatal: true)
        let geo = f.geo("geo")
        var office = OfficeInfo(
            name: name ?? LocalizedText([:]), address: address ?? "", phone: phone ?? "", email: email ?? "",
            website: f.website("website"), openingHours: f.openingHours("opening_hours", cache: hoursCache, geo: geo),
            hoursText: f.text("hours_text") ?? LocalizedText([:]), geo: geo)
        office.hoursUnreadable = office.openingHours == nil && f.givesOpeningHours("opening_hours")
        try throwFirstFatal(log, file: json.file)
        problems += Self.problems(from: log, file: json.file)
        return office
    }

    /// `urgences.json`: `{"numbers": [{"number", "label", "note"}]}`. Missing
    /// is a problem (the kiosk then shows no emergency numbers from content);
    /// a bad entry is skipped.
    static func readEmergency(in directory: URL, problems: inout [ContentProblem]) -> [EmergencyNumber] {
        readList("urgences.json", key: "numbers", in: directory, missing: "file is missing: no emergency numbers from content",
                 entrySkipped: "number skipped", problems: &problems) { e, log in
            e.rejectUnknownKeys(["number", "label", "note"])
            let number = e.line("number", required: true, fatal: true)
            if let number, number.contains(where: { !$0.isASCIIDigit && $0 != " " }) {
                log.add(e.path("number"), "must be digits (and spaces), got \(Quote.value(number))", fatal: true)
            }
            let label = e.text("label", required: true, fatal: true)
            let note = e.text("note")
            guard let number, let label else { return nil }
            return EmergencyNumber(number: number, label: label, note: note ?? LocalizedText([:]))
        }
    }

    /// A file holding one list, `{"<key>": [{...}, ...]}`: `parse` reads each
    /// entry's fields (logging into its log) and gives its value; an entry
    /// with a fatal issue is skipped (`entrySkipped` says so). A missing file
    /// is the problem `missing` (nil: no problem, the file is optional); an
    /// unreadable one, or one that is not an object, gives no entry, said
    /// with `fileSkipped` when given.
    static func readList<T>(_ file: String, key: String, in directory: URL, missing: String?, fileSkipped: String? = nil,
                            entrySkipped: String, problems: inout [ContentProblem],
                            _ parse: (Fields, IssueLog) -> T?) -> [T] {
        let suffix = fileSkipped.map { " (\($0))" } ?? ""
        let root: [String: JSONValue]
        switch readJSON(file, in: directory) {
        case .failure(.missing):
            if let missing { problems.append(ContentProblem(file: file, message: missing)) }
            return []
        case .failure(.unreadable(let reason)):
            problems.append(ContentProblem(file: file, message: reason + suffix))
            return []
        case .success(.object(let o)): root = o
        case .success(let other):
            problems.append(ContentProblem(file: file, message: "expected a JSON object, got \(other.typeName)" + suffix))
            return []
        }
        let log = IssueLog()
        let f = Fields(root, log: log)
        f.rejectUnknownKeys([key])
        let entries = f.array(key, required: true) ?? []
        problems += Self.problems(from: log, file: file)

        var values: [T] = []
        for (index, entry) in entries.enumerated() {
            guard case .object(let o) = entry else {
                problems.append(ContentProblem(file: file, field: "\(key)[\(index)]", message: "expected an object, got \(entry.typeName)"))
                continue
            }
            let log = IssueLog()
            let value = parse(Fields(o, prefix: "\(key)[\(index)].", log: log), log)
            problems += Self.problems(from: log, file: file, consequence: entrySkipped)
            if let value, !log.hasFatal { values.append(value) }
        }
        return values
    }
}
