import Foundation

// STUB — replaced by the opening-hours helper. Contract only.

public struct OpeningHoursError: Error, Equatable, Sendable, CustomStringConvertible {
    public var expression: String
    public var position: Int
    public var message: String
    public var description: String { "opening_hours \"\(expression)\" at character \(position + 1): \(message)" }
}

/// The state of an opening-hours expression at an instant.
public struct OpeningStatus: Equatable, Sendable {
    public var isOpen: Bool
    /// The next instant the state changes, nil when it never does (e.g. "24/7", "off")
    /// within the search horizon.
    public var nextChange: Date?
    /// The rule's comment, if the matching rule has one ("sur rendez-vous").
    public var comment: String?
    public init(isOpen: Bool, nextChange: Date?, comment: String? = nil) {
        self.isOpen = isOpen; self.nextChange = nextChange; self.comment = comment
    }
}

/// An OpenStreetMap `opening_hours` expression, evaluated in Europe/Paris.
public struct OpeningHours: Equatable, Sendable {
    public let expression: String
    public init(_ expression: String) throws {
        self.expression = expression
    }
    public func status(at date: Date) -> OpeningStatus {
        OpeningStatus(isOpen: false, nextChange: nil)
    }
    /// Open intervals of a local day, in minutes from midnight (end exclusive, up to 1440).
    public func intervals(on day: LocalDate) -> [Range<Int>] { [] }
}
