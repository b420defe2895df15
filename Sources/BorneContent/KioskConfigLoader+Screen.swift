import BorneCore

extension KioskConfigLoader {
    /// `"glyphs": "full" | "console"` (default full) and
    /// `"console_font_size": 16 | 32` (default 16): how the kiosk's screen
    /// draws (docs/OPERATIONS.md, « Écran »).
    static func readScreen(_ f: Fields) -> (KioskConfig.Glyphs, Int) {
        var glyphs = KioskConfig.Glyphs.full
        if let raw = f.rawString("glyphs") {
            if let g = KioskConfig.Glyphs(rawValue: raw) { glyphs = g } else {
                f.log.add("glyphs", "must be one of \(KioskConfig.Glyphs.allCases.map(\.rawValue).joined(separator: ", ")), got \(Quote.value(raw))")
            }
        }
        var size = 16
        if let n = f.int("console_font_size", in: 16...32) {
            if KioskConfig.consoleFontSizes.contains(n) { size = n } else {
                f.log.add("console_font_size", "must be 16 (8×16 font) or 32 (16×32 font), got \(n)")
            }
        }
        return (glyphs, size)
    }
}
