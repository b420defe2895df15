/// A value bound to a statement parameter.
public enum SQLValue: Equatable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

extension SQLValue: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral, ExpressibleByNilLiteral,
    ExpressibleByFloatLiteral {
    public init(integerLiteral v: Int64) { self = .integer(v) }
    public init(stringLiteral v: String) { self = .text(v) }
    public init(nilLiteral: ()) { self = .null }
    public init(floatLiteral v: Double) { self = .real(v) }

    public init(_ v: Int) { self = .integer(Int64(v)) }
    public init(_ v: Int64) { self = .integer(v) }
    public init(_ v: String?) { self = v.map { .text($0) } ?? .null }
    public init(_ v: Int64?) { self = v.map { .integer($0) } ?? .null }
}
