import BorneCore
import Foundation

/// Filters offered above some lists.
public enum ListFilter: String, Equatable, Sendable, CaseIterable {
    case openNow, children, today, weekend, week, month
}

/// Where the visitor is.
public enum Route: Equatable, Sendable {
    case home
    case list(SectionID)
    case detail(String)     // a content item id
    case weather, emergency, office
    case pin
    case maintenance
    /// A QR code alone on the screen, for narrow screens: its text and caption.
    case qr(String, L10n.Key)
    /// The hiking table's hike: map and profile, relief, or take-away.
    case hike(String, HikeView)
    /// A village kiosk's hike filters, on a screen of their own when the
    /// screen is too narrow for a side panel.
    case hikeFilters
    /// The one-tap satisfaction question at the end of a session.
    case survey

    /// Stable screen name for statistics and logs.
    public var screenName: String {
        switch self {
        case .home: return "home"
        case .list(let s): return "list:\(s.rawValue)"
        case .detail(let id): return "detail:\(id)"
        case .weather: return "weather"
        case .emergency: return "emergency"
        case .office: return "office"
        case .pin: return "pin"
        case .maintenance: return "maintenance"
        case .qr: return "qr"
        case .hike(let id, .map): return "hike:\(id)"
        case .hike(let id, .relief): return "relief:\(id)"
        case .hike(let id, .takeAway): return "takeaway:\(id)"
        case .hikeFilters: return "filters:randonnees"
        case .survey: return "survey"
        }
    }
}

/// One screen on the navigation stack with its own page and filter, so
/// Retour comes back to the page the visitor left.
public struct Frame: Equatable, Sendable {
    public var route: Route
    public var page: Int = 0
    public var filter: ListFilter? = nil
    /// The section the visitor came through, for statistics ("Il pleut ?" → an item of "visites").
    public var section: SectionID?
    /// The relief view's direction, 0..<ReliefProjection.angles.
    public var angle: Int = 0
    /// Which of a hike page's QR codes is shown when only one fits (0: GPX).
    public var qrChoice: Int = 0
    public init(_ route: Route, section: SectionID? = nil) { self.route = route; self.section = section }
}

/// What a touch target does when tapped.
public enum Action: Equatable, Sendable {
    case openSection(SectionID)
    case openItem(String)
    case home, back
    case language(Language)
    case pageUp, pageDown
    case filter(ListFilter?)
    case pinDigit(Int), pinClear, pinSubmit
    case showQR(String, L10n.Key)
    /// The hiking table: a filter change, a hike's view (replaces the top
    /// screen, so Retour goes back to the list), a turn of the relief.
    case table(TableChange)
    case hikeView(String, HikeView)
    case rotate(Int)
    /// A village kiosk: open the hike filters screen; show a hike page's n-th QR code.
    case openHikeFilters
    case chooseQR(Int)
    /// An answer to the satisfaction question (or `skip`): then home.
    case survey(String)
    case quit
}

/// A rectangle of the last frame that reacts to taps. `id` names it in the
/// touch log ("tile:manger", "item:auberge-x", "nav:back").
public struct Target: Equatable, Sendable {
    public var rect: Rect
    public var action: Action
    public var id: String
}

/// One tap, as the statistics want it. Built by the state machine; stored by the edge.
public struct Touch: Equatable, Sendable {
    public var time: Date
    public var screen: String
    public var section: SectionID?
    public var target: String?
    public var x: Int, y: Int
    public var language: Language
    /// The tap did something: released on the target it was pressed on.
    /// Statistics count section openings from activated taps only.
    public var activated: Bool = false
}

/// What the runner must do after an event: the state machine never does it itself.
public enum Reaction: Equatable, Sendable {
    case redraw
    case touch(Touch)
    case sessionStarted(Date)
    case sessionEnded(Date)
    /// New content is on screen (its version), at a return home.
    case contentReplaced(String)
    case quit
}

/// Everything the UI needs from outside, fixed for the life of a screen.
public struct AppEnvironment: Sendable {
    public var config: KioskConfig
    public var catalog: ContentCatalog
    public var qr: QRProvider?
    /// The same at error correction L, for what must stay small: the compact
    /// calendar entry of an event on a 80×24 screen (Renderer.calendarCode).
    public var qrLow: QRProvider?
    public var dataDir: String
    public var contentProblems: Int
    /// The touch store's state for the maintenance screen: one line, and whether all is well.
    public var storeStatus: @Sendable () -> (text: String, ok: Bool)
    /// Free disk space as text ("12,3 Go"), read by the edge when the maintenance screen opens.
    public var freeDisk: @Sendable () -> String

    public init(config: KioskConfig, catalog: ContentCatalog, qr: QRProvider? = nil, qrLow: QRProvider? = nil, dataDir: String = "",
                contentProblems: Int = 0, freeDisk: @escaping @Sendable () -> String = { "?" },
                storeStatus: @escaping @Sendable () -> (text: String, ok: Bool) = { ("—", true) }) {
        self.config = config; self.catalog = catalog; self.qr = qr; self.qrLow = qrLow; self.dataDir = dataDir
        self.contentProblems = contentProblems; self.freeDisk = freeDisk; self.storeStatus = storeStatus
    }
}

/// The whole mutable state of the kiosk screen.
public struct AppState: Equatable, Sendable {
    public var stack: [Frame] = [Frame(.home)]
    public var language: Language = .fr
    public var size: Size
    /// Id of the target under the finger (pressed, not yet released).
    public var pressedID: String?
    public var lastActivity: Date
    public var sessionActive = false
    public var attractSince: Date?
    /// The press that woke the attract screen must not also activate a target.
    public var swallowRelease = false
    /// Hidden maintenance gesture: taps in the top-left corner.
    public var cornerTaps: [Date] = []
    public var pinEntered = ""
    public var pinError = false
    /// Wrong PINs in a row; at `KioskApp.pinAttempts` the pad locks for `pinLockSeconds`.
    public var pinFailures = 0
    public var pinLockedUntil: Date?
    /// The hiking table's filters (kiosks with `layout: table`).
    public var table = TableFilter()
    /// This session: when it started, whether an item was opened, whether
    /// the satisfaction question was asked (at most once).
    public var sessionStart: Date?
    public var visitedItem = false
    public var surveyAsked = false

    public init(size: Size, now: Date) { self.size = size; self.lastActivity = now }

    public var top: Frame {
        get { stack[stack.count - 1] }
        set { stack[stack.count - 1] = newValue }
    }
}
