import BorneCore
import Foundation

/// The heartbeat's and the receipt's JSON: one object whose `mac` member is
/// the HMAC-SHA256 of the object without `mac`, serialized by
/// `JSONSerialization` with `.sortedKeys` and `.withoutEscapingSlashes`
/// (no spaces). Values are strings, integers, null, and arrays/objects of them.
enum SignedJSON {
    static let options: JSONSerialization.WritingOptions = [.sortedKeys, .withoutEscapingSlashes]
    /// Heartbeats and receipts are small; anything bigger is not one.
    static let maxBytes = 256 * 1024

    static func canonical(_ object: [String: Any]) -> [UInt8] {
        // Only our own plain values reach here: serialization cannot fail.
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: options) else {
            preconditionFailure("unserializable value in a signed JSON object")
        }
        return Array(data)
    }

    static func sign(_ object: [String: Any], key: StatsKey) -> [UInt8] {
        var o = object
        o.removeValue(forKey: "mac")
        o["mac"] = Hex.encode(HMACSHA256.mac(key: key, canonical(o)))
        return canonical(o) + [0x0a]
    }

    /// The verified object (without `mac`), or a `SignedFileError`.
    static func verify(_ bytes: [UInt8], key: StatsKey, file: String) throws -> [String: Any] {
        func fail(_ r: SignedFileError.Reason) -> SignedFileError { SignedFileError(file: file, reason: r) }
        guard bytes.count <= maxBytes else { throw fail(.tooLarge(bytes: bytes.count)) }
        guard let any = try? JSONSerialization.jsonObject(with: Data(bytes)) else { throw fail(.notJSON) }
        guard var object = any as? [String: Any] else { throw fail(.notJSON) }
        guard let macText = object.removeValue(forKey: "mac") as? String else { throw fail(.noMAC) }
        guard let mac = Hex.decode(macText), mac.count == HMACSHA256.length else { throw fail(.noMAC) }
        guard HMACSHA256.verify(mac, key: key, canonical(object)) else { throw fail(.macMismatch) }
        guard let format = object["format"] as? Int else { throw fail(.missing("format")) }
        guard format == BorneStats.format else { throw fail(.unsupportedFormat(format)) }
        return object
    }

    // Typed readers over a verified object.

    static func string(_ o: [String: Any], _ k: String, file: String) throws -> String {
        guard let v = o[k] as? String else { throw SignedFileError(file: file, reason: o[k] == nil ? .missing(k) : .wrongType(k)) }
        return v
    }

    static func optionalString(_ o: [String: Any], _ k: String, file: String) throws -> String? {
        switch o[k] {
        case nil, is NSNull: return nil
        case let v as String: return v
        default: throw SignedFileError(file: file, reason: .wrongType(k))
        }
    }

    static func int(_ o: [String: Any], _ k: String, file: String) throws -> Int64 {
        guard let v = o[k] else { throw SignedFileError(file: file, reason: .missing(k)) }
        // The MAC has verified: our own writer made it, so a number is an integer.
        guard !(v is String), let n = v as? NSNumber, n.doubleValue == Double(n.int64Value) else {
            throw SignedFileError(file: file, reason: .wrongType(k))
        }
        let i = n.int64Value
        return i
    }

    static func optionalInt(_ o: [String: Any], _ k: String, file: String) throws -> Int64? {
        if o[k] == nil || o[k] is NSNull { return nil }
        return try int(o, k, file: file)
    }

    static func null(_ v: String?) -> Any { v.map { $0 as Any } ?? NSNull() }
    static func null(_ v: Int64?) -> Any { v.map { $0 as Any } ?? NSNull() }
}

/// Why a heartbeat or a receipt was refused.
public struct SignedFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Reason: Equatable, Sendable {
        case tooLarge(bytes: Int)
        case notJSON
        case noMAC
        /// Altered, or not made with this kiosk's key.
        case macMismatch
        case unsupportedFormat(Int)
        case missing(String)
        case wrongType(String)
        /// Made for another kiosk than the one reading it.
        case wrongKiosk(expected: String, found: String)
    }

    public var file: String
    public var reason: Reason

    public init(file: String, reason: Reason) { self.file = file; self.reason = reason }

    public var description: String {
        let r: String
        switch reason {
        case .tooLarge(let n): r = "\(n) bytes: too large to be one"
        case .notJSON: r = "not a JSON object"
        case .noMAC: r = "no \"mac\" member of 64 hexadecimal digits"
        case .macMismatch: r = "MAC does not verify: altered, or not made with this kiosk's key"
        case .unsupportedFormat(let f): r = "format \(f) is not supported (this Borne reads format \(BorneStats.format))"
        case .missing(let k): r = "member \"\(k)\" is missing"
        case .wrongType(let k): r = "member \"\(k)\" has the wrong type"
        case let .wrongKiosk(expected, found): r = "made for kiosk \"\(found)\", not \"\(expected)\""
        }
        return "\(file): \(r)"
    }
}
