import Foundation

// What `PlainText` hands to Foundation for the inputs no kiosk caller passes
// (a non-ASCII needle, more than 9 decimals): the same answers, never a crash.
// Kept apart so that PlainText.swift itself does not import Foundation, whose
// overloads would then take its stdlib calls over.
extension PlainText {
    static func foundationByteRange(of needle: String, in s: String) -> Range<Int>? {
        guard let r = s.range(of: needle) else { return nil }
        let lower = s.utf8.distance(from: s.startIndex, to: r.lowerBound)
        return lower..<(lower + s.utf8.distance(from: r.lowerBound, to: r.upperBound))
    }

    static func foundationFixed(_ v: Double, places: Int) -> String {
        String(format: "%.*f", max(0, places), v)
    }
}
