/// One touch as a batch carries it: the fields of a `touches` row that
/// leave the kiosk (docs/BATCHES.md, "Touch line fields"). The kiosk id is
/// the batch's; times are integer milliseconds.
public struct BatchRow: Equatable, Hashable, Sendable {
    /// The kiosk's sequence number, unique per kiosk for ever.
    public var seq: Int64
    /// Sequence number of the session's first tap; nil outside any session.
    public var sessionID: Int64?
    /// UTC milliseconds since 1970 (`touches.wall_utc`).
    public var wallMs: Int64
    /// Monotonic milliseconds (`touches.mono_ns / 1_000_000`); compare only within one boot.
    public var monoMs: Int64
    public var screen: String
    public var section: String?
    public var target: String?
    public var x: Int
    public var y: Int
    public var language: String
    public var contentVersion: String
    /// `TouchFlags` bits.
    public var flags: Int64

    public init(seq: Int64, sessionID: Int64?, wallMs: Int64, monoMs: Int64, screen: String, section: String?,
                target: String?, x: Int, y: Int, language: String, contentVersion: String, flags: Int64) {
        self.seq = seq; self.sessionID = sessionID; self.wallMs = wallMs; self.monoMs = monoMs
        self.screen = screen; self.section = section; self.target = target; self.x = x; self.y = y
        self.language = language; self.contentVersion = contentVersion; self.flags = flags
    }
}
