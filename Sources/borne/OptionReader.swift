/// Deprecated: `console-font` only, until it moves to `Arguments` (Arguments.swift).
/// Reads `--option value` command lines for the daemon commands (`sync`,
/// `usb`, `upload`): one place for "needs a value", the byte budget and the
/// required `--config` / `--data-dir`, so the three say it the same way.
struct OptionReader {
    private let args: [String]
    private var i = -1

    init(_ args: [String]) { self.args = args }

    /// The next argument, nil at the end.
    mutating func next() -> String? {
        i += 1
        return i < args.count ? args[i] : nil
    }

    /// The value that follows option `name`.
    mutating func value(_ name: String) throws -> String {
        i += 1
        guard i < args.count else { throw SyncSupport.UsageError("\(name) needs a value") }
        return args[i]
    }

    mutating func positive(_ name: String) throws -> Double {
        let v = try value(name)
        guard let d = Double(v), d > 0, d.isFinite else { throw SyncSupport.UsageError("\(name): expected a positive number, got '\(v)'") }
        return d
    }

    mutating func budget(_ name: String) throws -> Int64 {
        let v = try value(name)
        guard let n = Int64(v), n >= 0 else { throw SyncSupport.UsageError("\(name): expected a number of bytes, got '\(v)'") }
        return n
    }

    static func unknown(_ a: String) -> SyncSupport.UsageError { SyncSupport.UsageError("unknown option '\(a)'") }

    /// The options every daemon command needs.
    static func require(config: String?, dataDir: String?) throws {
        guard config != nil else { throw SyncSupport.UsageError("missing --config FILE") }
        guard dataDir != nil else { throw SyncSupport.UsageError("missing --data-dir DIR") }
    }
}
