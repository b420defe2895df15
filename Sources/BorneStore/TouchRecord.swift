import Foundation

/// One tap, as the kiosk hands it to the store. Built by the runner from
/// BorneUI's `Touch` (BorneStore does not import BorneUI). The kiosk id is
/// the recorder's (`RecorderConfig.kioskID`); the sequence number and the
/// session id are given by the recorder when the row is written.
public struct TouchRecord: Equatable, Sendable {
    /// Wall-clock time of the tap (stored as UTC, millisecond precision).
    public var wall: Date
    /// Monotonic time of the tap, ns (`DispatchTime.now().uptimeNanoseconds`);
    /// comparable only within one boot, immune to clock changes.
    public var monoNs: UInt64
    /// `Route.screenName` ("home", "list:manger", "detail:<item>", "attract"...).
    public var screen: String
    /// `SectionID.rawValue` of the section the visitor is in, nil on home.
    public var section: String?
    /// Id of the target under the finger ("tile:manger", "nav:back", "wake"), nil for none.
    public var target: String?
    /// Cell position of the tap, 0-based column and row.
    public var x: Int
    public var y: Int
    /// `Language.rawValue` on screen when the tap was made.
    public var language: String
    /// Version of the content on screen.
    public var contentVersion: String
    public var flags: TouchFlags

    public init(wall: Date, monoNs: UInt64, screen: String, section: String?, target: String?,
                x: Int, y: Int, language: String, contentVersion: String, flags: TouchFlags = []) {
        self.wall = wall; self.monoNs = monoNs; self.screen = screen; self.section = section
        self.target = target; self.x = x; self.y = y; self.language = language
        self.contentVersion = contentVersion; self.flags = flags
    }
}

/// Bits of `touches.flags`. Values are stored: never renumber one.
public struct TouchFlags: OptionSet, Equatable, Sendable {
    public let rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
    /// Made by a scripted run (`borne kiosk --script`), not by a visitor.
    public static let scripted = TouchFlags(rawValue: 1 << 0)
    /// Written by the recorder: the tap came outside any session.
    public static let noSession = TouchFlags(rawValue: 1 << 1)
    /// Written by the recorder: the row waited in memory through a store fault.
    public static let afterFault = TouchFlags(rawValue: 1 << 2)
    /// Set by the runner when known: released on a target other than the one
    /// pressed, so no action was performed.
    public static let noAction = TouchFlags(rawValue: 1 << 3)
    /// Set by the runner: the wall clock was behind the installed content's
    /// creation (no network time), so the kiosk counted from the content's
    /// date instead (`KioskClock`): the tap is real, its date is a guess.
    /// The office reports these rows apart.
    public static let clockAdjusted = TouchFlags(rawValue: 1 << 4)
}

/// Bits of `sessions.flags`. Values are stored: never renumber one.
public struct SessionFlags: OptionSet, Equatable, Sendable {
    public let rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }
    /// The kiosk stopped during the session (crash, power cut, SIGTERM): its
    /// end is the time of its last tap, not an idle timeout.
    public static let endedByRestart = SessionFlags(rawValue: 1 << 0)
    /// The database was replaced during the session (corrupt): the earlier
    /// part of the session is in the moved-aside file, the count covers the rest.
    public static let resumedInNewDatabase = SessionFlags(rawValue: 1 << 1)
    /// A new session started before the previous one ended.
    public static let endedByNewSession = SessionFlags(rawValue: 1 << 2)
}

/// What the recorder is asked to write, in order.
enum RecorderEvent: Equatable, Sendable {
    case touch(TouchRecord)
    case sessionStarted(wall: Date, monoNs: UInt64)
    case sessionEnded(wall: Date, monoNs: UInt64)

    var isTouch: Bool { if case .touch = self { return true } else { return false } }
}
