import BorneCore

/// What a touch row may hold (docs/BATCHES.md, "What a row may hold"): the
/// encoder refuses to build a batch with a row that breaks these rules and
/// the decoder refuses a file that carries one, so the office never stores
/// text that could act on a terminal, a spreadsheet or a browser, nor a
/// number no kiosk can have written.
extension BatchRow {
    /// Wall clock, UTC ms: 1970-01-01 (a kiosk that lost its time is stored,
    /// flagged at the office) to 2100-01-01.
    public static let wallMsRange: ClosedRange<Int64> = 0...4_102_444_800_000
    /// Monotonic ms since boot: at most a century.
    public static let monoMsRange: ClosedRange<Int64> = 0...3_155_760_000_000
    /// Cell coordinates of a terminal.
    public static let cellRange: ClosedRange<Int> = 0...65_535
    public static let flagsRange: ClosedRange<Int64> = 0...0xFFFF
    /// Longest text field, in UTF-8 bytes (an item id with its prefix is ~80).
    public static let maxTextBytes = 512

    /// Why this row breaks the rules, nil when it keeps them.
    public var ruleProblem: String? {
        if let sessionID, sessionID < 1 || sessionID > seq {
            return "session_id \(sessionID) hors de 1 … seq de la touche (\(seq))"
        }
        if !Self.wallMsRange.contains(wallMs) {
            return "wall \(wallMs) ms hors de 1970-2100 (\(Self.wallMsRange.lowerBound)...\(Self.wallMsRange.upperBound))"
        }
        if !Self.monoMsRange.contains(monoMs) { return "mono \(monoMs) ms négatif ou au-delà d'un siècle" }
        if !Self.cellRange.contains(x) || !Self.cellRange.contains(y) { return "x, y (\(x), \(y)) hors de 0...65535" }
        if !Self.flagsRange.contains(flags) { return "flags \(flags) hors de 0...65535" }
        for (field, value) in [("screen", screen), ("section", section), ("target", target),
                               ("language", language), ("content_version", contentVersion)] {
            guard let value else { continue }
            if value.utf8.count > Self.maxTextBytes { return "\(field) dépasse \(Self.maxTextBytes) octets" }
            if let u = Sanitizer.firstUnsafe(in: value) {
                return "\(field) contient U+\(String(u.value, radix: 16, uppercase: true).leftPadded(4)), "
                    + "un caractère de contrôle, bidirectionnel ou de format (tabulation et saut de ligne compris)"
            }
        }
        if section == "" { return "section vide (se relirait comme null)" }
        if target == "" { return "target vide (se relirait comme null)" }
        if language.utf8.count != 2 || !language.utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) {
            return "language « \(language) » n'est pas deux lettres minuscules"
        }
        return nil
    }
}

extension String {
    fileprivate func leftPadded(_ n: Int) -> String {
        String(repeating: "0", count: max(0, n - count)) + self
    }
}
