/// Lenient reading of APIDAE's JSON: the import takes what it can use from
/// each object and reports the rest, so accessors return nil instead of
/// failing (unlike `Fields`, which checks the kiosk's own strict format).
extension JSONValue {
    subscript(key: String) -> JSONValue? {
        guard case .object(let o) = self, let v = o[key] else { return nil }
        if case .null = v { return nil }
        return v
    }

    /// A dotted path ("informationsEquipement.itineraire.distance").
    func at(_ path: String) -> JSONValue? {
        var v: JSONValue? = self
        for key in path.split(separator: ".") { v = v?[String(key)] }
        return v
    }

    var string: String? { if case .string(let s) = self { return s }; return nil }
    var number: Double? { if case .number(let d) = self { return d }; return nil }
    var bool: Bool? { if case .bool(let b) = self { return b }; return nil }
    var array: [JSONValue]? { if case .array(let a) = self { return a }; return nil }
    var object: [String: JSONValue]? { if case .object(let o) = self { return o }; return nil }

    /// A whole number, also when written as a string ("4826137").
    var int: Int? {
        switch self {
        case .number(let d) where d.rounded() == d && abs(d) < 1e15: return Int(d)
        case .string(let s): return Int(s)
        default: return nil
        }
    }

    /// Non-empty: an empty object or array (APIDAE writes `{}` for "none") counts as absent.
    var isEmptyContainer: Bool {
        switch self {
        case .object(let o): return o.isEmpty
        case .array(let a): return a.isEmpty
        default: return false
        }
    }
}
