import Foundation

/// The host of a parsed web address, as `URLComponents.host` gives it,
/// without ICU where it can: `host` runs every host through ICU's IDNA
/// decoder (its code and data pages then count in the kiosk's memory), though
/// for a plain ASCII host, with no percent sign and no `xn--` label, it
/// returns the host exactly as written (`encodedHost`). Only other hosts
/// (international names, percent-encoded bytes) still go through
/// `URLComponents.host`. `WebHostTests` compares both on every web address
/// of the bundled content and on edge cases.
public enum WebHost {
    public static func host(of components: URLComponents) -> String? {
        if let encoded = components.encodedHost,
           encoded.utf8.allSatisfy({ $0 < 0x80 && $0 != UInt8(ascii: "%") }),
           !hasPunycodeLabel(encoded) {
            return encoded
        }
        return components.host
    }

    /// Whether an ASCII host contains `xn--` in any case (a byte scan:
    /// Foundation's `String.contains(_:)` goes through CoreFoundation).
    static func hasPunycodeLabel(_ host: String) -> Bool {
        let b = Array(host.utf8)
        guard b.count >= 4 else { return false }
        for i in 0...(b.count - 4) where b[i] | 0x20 == UInt8(ascii: "x") && b[i + 1] | 0x20 == UInt8(ascii: "n")
            && b[i + 2] == UInt8(ascii: "-") && b[i + 3] == UInt8(ascii: "-") {
            return true
        }
        return false
    }
}
