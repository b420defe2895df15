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
           !encoded.lowercased().contains("xn--") {
            return encoded
        }
        return components.host
    }
}
