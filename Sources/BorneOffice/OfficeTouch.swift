import BorneStats
import BorneStore

/// One touch row as a batch carries it and the office stores it
/// (docs/BATCHES.md, "Touch line fields"): BorneStats' row, times in ms.
public typealias OfficeTouch = BatchRow

/// Whether a row's wall clock can be believed (`touches.clock`).
public enum ClockVerdict: Int64, Sendable, CaseIterable {
    case plausible = 0
    /// Before the content version it was made with existed, or before 2015.
    case beforeContent = 1
    /// Later than the office's clock when it was ingested (plus an hour).
    case future = 2
    /// The kiosk itself moved its clock forward to its content's date (no
    /// network time, a clock behind the content: `TouchFlags.clockAdjusted`):
    /// the tap is real, its date is not.
    case clockAdjusted = 3
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

    public func verdict(wallMs: Int64, contentVersion: String, flags: Int64 = 0) -> ClockVerdict {
        verdict(wallMs: wallMs, created: contentCreated[contentVersion], flags: flags)
    }

    /// The verdict for a row whose content version was created at `created` (nil: unknown).
    @inline(__always)
    func verdict(wallMs: Int64, created: Int64?, flags: Int64) -> ClockVerdict {
        if flags & TouchFlags.clockAdjusted.rawValue != 0 { return .clockAdjusted }
        if wallMs < Self.earliestPlausibleMs { return .beforeContent }
        if wallMs > ingestMs + Self.futureSlackMs { return .future }
        if let created, wallMs < created { return .beforeContent }
        return .plausible
    }
}
