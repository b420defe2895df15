import Foundation

/// A command made of subcommands (`borne content`, `borne office`, `borne
/// office stick`): one table of `BorneCommand` rows, as `Borne.commands` is
/// for `borne` itself. The group's usage is made from the table (each row's
/// synopsis and summary), and so are `borne GROUP help SUB` and the golden
/// help tests (HelpGoldenTests walks the tables).
struct CommandGroup: Sendable {
    /// The words after `borne`: "content", "office stick".
    var path: String
    /// The usage's first lines, before the table ("Usage: borne content <subcommand> [options]" and what it is for).
    var intro: String
    /// The table's heading ("Subcommands:", "Commandes :").
    var heading: String
    /// The lines after the table.
    var outro: String
    var commands: [BorneCommand]
    /// The office's commands answer in French.
    var french = false

    /// Where a row's summary starts; a longer synopsis puts it on the next line.
    static let summaryColumn = 34

    /// The group's `--help`: intro, the table (name, synopsis, summary), outro.
    var usage: String {
        var lines: [String] = []
        for c in commands {
            guard let summary = c.summary else { continue }
            let left = "  " + ([c.name, c.synopsis].filter { !$0.isEmpty }.joined(separator: " "))
            if left.count <= Self.summaryColumn - 2 {
                // Not Foundation's `padding(toLength:)`: CoreFoundation on every start (the table is made then).
                lines.append(left + String(repeating: " ", count: max(0, Self.summaryColumn - left.utf16.count)) + summary)
            } else {
                lines.append(left)
                lines.append(String(repeating: " ", count: Self.summaryColumn) + summary)
            }
        }
        return intro + "\n\n" + heading + "\n" + lines.joined(separator: "\n") + "\n\n" + outro
    }

    /// Runs the subcommand named by `args[0]` with the rest (`dispatch`).
    func run(_ args: [String]) -> Int32 { Self.dispatch(args, commands, usage: usage, unknown: unknown) }

    /// Runs the command of `commands` named by `args[0]` with the rest: the
    /// one dispatch of `borne` itself and of every group. `help [NAME]`,
    /// `--help [NAME]` and `-h` print the usage or NAME's help; no name, or
    /// an unknown one, is a usage error (64) with the usage.
    static func dispatch(_ args: [String], _ commands: [BorneCommand], usage: String,
                         unknown: (String) -> String) -> Int32 {
        guard let name = args.first else {
            printError(usage)
            return ExitCode.usage
        }
        let rest = Array(args.dropFirst())
        if let c = commands.first(where: { $0.name == name }) { return c.run(rest) }
        switch name {
        case "help", "--help", "-h":
            guard let sub = rest.first else { print(usage); return ExitCode.ok }
            guard let c = commands.first(where: { $0.name == sub }) else { printError(unknown(sub)); return ExitCode.usage }
            print(c.help)
            return ExitCode.ok
        default:
            printError(unknown(name) + "\n\n" + usage)
            return ExitCode.usage
        }
    }

    func unknown(_ name: String) -> String {
        french ? "borne \(path) : commande inconnue « \(name) »" : "borne \(path): unknown subcommand '\(name)'"
    }
}

extension BorneCommand {
    /// The row of a command group in its parent's table: its help is the group's usage.
    init(group: CommandGroup, synopsis: String = "", summary: String?) {
        self.init(name: String(group.path.split(separator: " ").last!), synopsis: synopsis, summary: summary,
                  help: group.usage, run: { group.run($0) }, group: group)
    }
}
