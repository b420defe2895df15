/// One touch row as it travels in a batch and is stored at the office
/// (docs/BATCHES.md, "Touch line fields"): the kiosk's row with times in ms.
public struct OfficeTouch: Equatable, Sendable {
    public var seq: Int64
    /// The seq of the session's first tap; nil for a tap outside any session.
    public var sessionID: Int64?
    /// Kiosk wall clock, UTC milliseconds since 1970.
    public var wallMs: Int64
    /// Kiosk monotonic clock, ms (comparable within one boot only).
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

/// Whether a row's wall clock can be believed (`touches.clock`).
public enum ClockVerdict: Int64, Sendable, CaseIterable {
    case plausible = 0
    /// Before the content version it was made with existed, or before 2015.
    case beforeContent = 1
    /// Later than the office's clock when it was ingested (plus an hour).
    case future = 2
}

/// The rules of `touches.clock`, for one kiosk and one ingest.
public struct ClockCheck: Sendable {
    /// 2015-01-01T00:00Z: no Borne kiosk ran before; a clock that says so
    /// lost its time (flat RTC battery, 1970 after a power cut).
    public static let earliestPlausibleMs: Int64 = 1_420_070_400_000
    /// How far ahead of the office a kiosk's clock may be without being flagged.
    public static let futureSlackMs: Int64 = 3_600_000

    /// Content versions of this kiosk and when they were created (UTC ms).
    public var contentCreated: [String: Int64]
    /// The office's time at ingest, UTC ms.
    public var ingestMs: Int64

    public init(contentCreated: [String: Int64] = [:], ingestMs: Int64) {
        self.contentCreated = contentCreated; self.ingestMs = ingestMs
    }

    public func verdict(wallMs: Int64, contentVersion: String) -> ClockVerdict {
        if wallMs < Self.earliestPlausibleMs { return .beforeContent }
        if wallMs > ingestMs + Self.futureSlackMs { return .future }
        if let created = contentCreated[contentVersion], wallMs < created { return .beforeContent }
        return .plausible
    }
}
