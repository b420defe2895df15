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
        let file = "urgences.json"
        let root: [String: JSONValue]
        switch readJSON(file, in: directory) {
        case .failure(.missing):
            problems.append(ContentProblem(file: file, message: "file is missing: no emergency numbers from content"))
            return []
        case .failure(.unreadable(let reason)):
            problems.append(ContentProblem(file: file, message: reason))
            return []
        case .success(.object(let o)): root = o
        case .success(let other):
            problems.append(ContentProblem(file: file, message: "expected a JSON object, got \(other.typeName)"))
            return []
        }
        let log = IssueLog()
        let f = Fields(root, log: log)
        f.rejectUnknownKeys(["numbers"])
        let entries = f.array("numbers", required: true) ?? []
        problems += Self.problems(from: log, file: file)

        var numbers: [EmergencyNumber] = []
        for (index, entry) in entries.enumerated() {
            let log = IssueLog()
            guard case .object(let o) = entry else {
                problems.append(ContentProblem(file: file, field: "numbers[\(index)]", message: "expected an object, got \(entry.typeName)"))
                continue
            }
            let e = Fields(o, prefix: "numbers[\(index)].", log: log)
            e.rejectUnknownKeys(["number", "label", "note"])
            let number = e.line("number", required: true, fatal: true)
            if let number, number.contains(where: { !$0.isASCIIDigit && $0 != " " }) {
                log.add(e.path("number"), "must be digits (and spaces), got \(Quote.value(number))", fatal: true)
            }
            let label = e.text("label", required: true, fatal: true)
            let note = e.text("note")
            problems += Self.problems(from: log, file: file, consequence: "number skipped")
            if let number, let label, !log.hasFatal {
                numbers.append(EmergencyNumber(number: number, label: label, note: note ?? LocalizedText([:])))
            }
        }
        return numbers
    }
}
