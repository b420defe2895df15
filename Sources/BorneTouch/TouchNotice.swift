/// A line for the kiosk's log about a touch device (never what was touched).
public struct TouchNotice: Equatable, Sendable, CustomStringConvertible {
    public enum Level: Int, Sendable { case error = 3, warning = 4, info = 6 }
    public var level: Level
    public var message: String
    public init(_ level: Level, _ message: String) { self.level = level; self.message = message }
    public var description: String { "<\(level.rawValue)>\(message)" }
}
