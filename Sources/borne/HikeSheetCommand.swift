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

    static let spec = ArgumentSpec(options: ["--content DIR", "--out FILE.pdf"], positionals: 1...1, positionalName: "ID",
                                   required: ["--content", "--out"])

    static func run(_ args: [String]) -> Int32 {
        Arguments.run(args, command: "content hike-sheet", spec: spec, help: usage) { a in
            sheet(id: a.positionals[0], content: a.value("--content")!, out: a.value("--out")!)
        }
    }

    static func sheet(id: String, content: String, out: String) -> Int32 {
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
            return ExitCode.canCreate
        }
        print("borne content hike-sheet: wrote \(out)")
        return ExitCode.ok
    }
}
