import Foundation
import BorneContent

/// The contractor's gate before a bundle is written: every problem the kiosk
/// would report when loading the content (a file skipped, an item skipped, a
/// field dropped, a hike without its GPX) stops `pack` and `build` with
/// EX_DATAERR, each problem on its own line, unless `--allow-problems` says
/// a partial bundle is wanted. Nothing reaches a kiosk half-shown unsaid.
enum ContentCheck {
    /// Prints the problems and decides.
    ///
    /// - Returns: nil to go on (no problem, or allowed), else the exit code.
    static func gate(_ command: String, problems: [String], allow: Bool) -> Int32? {
        guard !problems.isEmpty else { return nil }
        let n = problems.count
        let counted = "\(n) content problem\(n == 1 ? "" : "s")"
        if allow {
            printError("borne content \(command): warning: \(counted); packed anyway (--allow-problems): "
                       + "the kiosks will not show what these lines name")
            for p in problems { printError("  \(p)") }
            return nil
        }
        printError("borne content \(command): refused: \(counted): the kiosks would not show what these lines name")
        for p in problems { printError("  \(p)") }
        printError("Fix each one (file, item, field) and run it again, or add --allow-problems to ship a bundle without them.")
        return ExitCode.dataErr
    }

    /// The problems of a content directory, as lines `file: item "id": field "f": message`.
    static func problems(of content: ContentLoadResult, prefix: String = "") -> [String] {
        content.problems.map { prefix + $0.description }
    }

    /// The untranslated report: a count per language and section on stderr
    /// (`command: ...` lines), the items in `reportFile` when given. A report
    /// for the office, never a refusal.
    static func untranslated(_ command: String, _ report: UntranslatedReport, reportFile: URL?, write: Bool = true) -> Int32? {
        if report.entries.isEmpty {
            printError("borne content \(command): every text is translated in " + report.languages.map(\.rawValue).joined(separator: ", "))
            return nil
        }
        printError("borne content \(command): untranslated: \(report.textCount) texts that visitors in these languages read in French"
                   + (reportFile.map { " (items listed in \($0.path))" } ?? " (--report FILE lists the items)") + ":")
        for line in report.summaryLines { printError("  " + line) }
        guard let file = reportFile, write else { return nil }
        let lines = report.entries.map { "untranslated: \($0)" }.joined(separator: "\n") + "\n"
        do { try Data(lines.utf8).write(to: file) } catch {
            printError("borne content \(command): --report \(file.path): \(error.localizedDescription)")
            return ExitCode.canCreate
        }
        return nil
    }
}
