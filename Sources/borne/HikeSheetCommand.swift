import BorneContent
import BorneCore
import Foundation

/// `borne content hike-sheet ID --content DIR --out FILE.pdf`: the printable
/// sheet of a hike, for the contractor to publish beside the GPX (`pdf_url`).
enum HikeSheetCommand {
    static let usage = """
        usage: borne content hike-sheet ID --content DIR --out FILE.pdf

        Writes the A4 sheet of the hike ID of the content directory DIR: title,
        map, elevation profile, key figures, description.

        exit status: 0 ok, 64 usage error, 65 ID is not a hike of the content,
        66 the content is missing, 73 the PDF cannot be written.
        """

    static func run(_ args: [String]) -> Int32 {
        var id: String?, content: String?, out: String?
        var i = 0
        while i < args.count {
            let a = args[i]
            switch a {
            case "--help", "-h": print(usage); return ExitCode.ok
            case "--content", "--out":
                guard i + 1 < args.count else { return usageError("\(a) needs a value") }
                if a == "--content" { content = args[i + 1] } else { out = args[i + 1] }
                i += 1
            default:
                if a.hasPrefix("-") || id != nil { return usageError("unexpected argument \(a)") }
                id = a
            }
            i += 1
        }
        guard let id, let content, let out else { return usageError("ID, --content DIR and --out FILE.pdf are required") }
        let catalog: ContentCatalog
        do {
            catalog = try ContentLoader.load(directory: URL(fileURLWithPath: content)).catalog
        } catch {
            printError("borne content hike-sheet: \(error)")
            return FileManager.default.fileExists(atPath: content) ? ExitCode.dataErr : ExitCode.noInput
        }
        guard let item = catalog.item(id: id), item.hike != nil else {
            printError("borne content hike-sheet: \(content): no hike with id \"\(id)\"")
            return ExitCode.dataErr
        }
        do {
            try HikeSheet.pdf(for: item).write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            printError("borne content hike-sheet: \(out): \(error.localizedDescription)")
            return 73
        }
        print("borne content hike-sheet: wrote \(out)")
        return ExitCode.ok
    }

    private static func usageError(_ m: String) -> Int32 {
        printError("borne content hike-sheet: \(m)\n\n\(usage)")
        return ExitCode.usage
    }
}
