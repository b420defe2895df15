import Foundation

/// Any JSON value, decoded with FoundationEssentials' `JSONDecoder`: what
/// `JSONSerialization.jsonObject` gave as `[String: Any]`, without
/// swift-corelibs Foundation (NSDictionary, NSNumber, CoreFoundation) on the
/// kiosk's path. The accessors answer as the `as? String`, `as? [String: Any]`
/// and `as? [[String: Any]]` casts did: nil for any other kind of value.
public enum LooseJSON: Decodable, Equatable, Sendable {
    case null, bool(Bool), number(Double), string(String), array([LooseJSON]), object([String: LooseJSON])

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([LooseJSON].self) { self = .array(a) }
        else { self = .object(try c.decode([String: LooseJSON].self)) }
    }

    public var string: String? { if case .string(let s) = self { s } else { nil } }
    public var object: [String: LooseJSON]? { if case .object(let o) = self { o } else { nil } }
    /// A list whose every element is an object (`as? [[String: Any]]`).
    public var objects: [[String: LooseJSON]]? {
        guard case .array(let a) = self else { return nil }
        var out: [[String: LooseJSON]] = []
        for v in a { guard let o = v.object else { return nil }; out.append(o) }
        return out
    }
}
