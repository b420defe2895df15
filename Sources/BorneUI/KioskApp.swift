import BorneCore
import Foundation

/// The kiosk's state machine: events in, reactions out, a canvas on demand.
/// Hit-testing uses the targets of the last rendered frame, so what the
/// visitor sees is exactly what they can touch.
public struct KioskApp: Sendable {
    public private(set) var env: AppEnvironment
    /// Sorted lists and counts of the current content (see ListCache).
    private var cache: ListCache
    /// New content waiting for the screen to be home and idle: a visitor
    /// never sees the content change under their finger.
    public private(set) var pendingCatalog: (catalog: ContentCatalog, problems: Int)?
    public private(set) var state: AppState
    public private(set) var targets: [Target] = []
    /// The last frame's targets no longer match the state: hit-testing the
    /// next event needs a render first. A finger's press only changes the
    /// pressed button's look, never the targets (waking the attract screen
    /// does, and its release is swallowed), so a tap costs one render, not two.
    public private(set) var targetsStale = false
    /// Time of the last event or tick; the screen is drawn at this time.
    public private(set) var now: Date

    /// Taps needed in the top-left corner, within `cornerWindow`, to open the PIN pad.
    public static let cornerTapsNeeded = 5
    public static let cornerWindow: TimeInterval = 4
    /// The attract screen shows each slide this long.
    public static let attractSlideSeconds: TimeInterval = 8
    /// An outdoor kiosk's PIN pad must not be guessable by trying: three wrong
    /// codes lock the hidden gesture for five minutes.
    public static let pinAttempts = 3
    public static let pinLockSeconds: TimeInterval = 300

    public init(env: AppEnvironment, size: Size, now: Date) {
        self.env = env
        self.cache = ListCache(version: env.catalog.version)
        self.now = now
        self.state = AppState(size: size, now: now)
        self.state.language = .fr
    }

    public var route: Route { state.top.route }
    public var isAttract: Bool { state.attractSince != nil }

    // MARK: events

    public mutating func handle(_ event: InputEvent, now: Date) -> [Reaction] {
        let out = react(event, now: now)
        if out.contains(.redraw) {
            if case .press = event, !state.swallowRelease {} else { targetsStale = true }
        }
        return out
    }

    mutating func react(_ event: InputEvent, now: Date) -> [Reaction] {
        self.now = now
        var out: [Reaction] = []
        switch event {
        case .resize(let size):
            state.size = size
            state.pressedID = nil
            out.append(.redraw)
        case .key:
            // Keys do nothing on a kiosk, but a person is there.
            state.lastActivity = now
        case .press(let x, let y):
            state.lastActivity = now
            if !state.sessionActive {
                state.sessionActive = true
                state.sessionStart = now
                state.visitedItem = false
                state.surveyAsked = false
                out.append(.sessionStarted(now))
            }
            if state.attractSince != nil {
                state.attractSince = nil
                state.swallowRelease = true
                state.stack = [Frame(.home)]
                out.append(.touch(touch(x, y, target: "wake")))
                out.append(.redraw)
                return out
            }
            state.pressedID = target(at: x, y)?.id
            out.append(.redraw)
        case .release(let x, let y):
            state.lastActivity = now
            if state.swallowRelease { state.swallowRelease = false; return out }
            let pressed = state.pressedID
            state.pressedID = nil
            let hit = target(at: x, y)
            var t = touch(x, y, target: hit?.id)
            t.activated = hit != nil && hit?.id == pressed
            out.append(.touch(t))
            if let hit, hit.id == pressed {
                out += perform(hit.action)
            } else if hit == nil, isCorner(x, y) {
                out += cornerTap()
            }
            out.append(.redraw)
        }
        return out
    }

    /// Offers new content; it replaces the current one at the next return
    /// home (now, if the screen is home and nobody is using it).
    public mutating func offerContent(_ catalog: ContentCatalog, problems: Int) -> [Reaction] {
        pendingCatalog = (catalog, problems)
        return applyPendingContentIfIdle()
    }

    /// A newer weather report (fetched by `borne sync`) replaces the shown one at
    /// once: unlike content, it changes nothing a visitor is in the middle of.
    public mutating func updateWeather(_ report: WeatherReport) -> [Reaction] {
        guard report != env.catalog.weather else { return [] }
        env.catalog.weather = report
        if var pending = pendingCatalog {
            pending.catalog.weather = report
            pendingCatalog = pending
        }
        return [.redraw]
    }

    mutating func applyPendingContentIfIdle() -> [Reaction] {
        guard let pending = pendingCatalog, state.stack == [Frame(.home)], !state.sessionActive,
              state.pressedID == nil else { return [] }
        env.catalog = pending.catalog
        env.contentProblems = pending.problems
        cache = ListCache(version: pending.catalog.version)
        pendingCatalog = nil
        // Nobody is touching the screen (that is when content changes): the
        // new content's lists are prepared now, not by the next visitor's tap.
        warmUp()
        return [.contentReplaced(pending.catalog.version), .redraw]
    }

    /// Time passing: idle reset, attract screen, pending content.
    public mutating func tick(now: Date) -> [Reaction] {
        self.now = now
        var out: [Reaction] = []
        let idle = now.timeIntervalSince(state.lastActivity)
        if idle >= TimeInterval(env.config.idleSeconds) {
            if state.sessionActive {
                state.sessionActive = false
                out.append(.sessionEnded(now))
            }
            if state.stack != [Frame(.home)] || state.language != .fr || state.pressedID != nil
                || state.table != TableFilter() {
                resetHome()
                out.append(.redraw)
            }
        }
        if idle >= TimeInterval(env.config.attractSeconds), state.attractSince == nil {
            state.attractSince = now
            out.append(.redraw)
        }
        if pendingCatalog != nil { out += applyPendingContentIfIdle() }
        return out
    }

    mutating func resetHome() {
        state.stack = [Frame(.home)]
        state.language = .fr
        state.pressedID = nil
        state.pinEntered = ""
        state.pinError = false
        state.cornerTaps = []
        state.table = TableFilter()
    }

    func target(at x: Int, _ y: Int) -> Target? {
        targets.last { $0.rect.contains(x: x, y: y) }
    }

    func touch(_ x: Int, _ y: Int, target: String?) -> Touch {
        Touch(time: now, screen: isAttract ? "attract" : route.screenName, section: currentSection,
              target: target, x: x, y: y, language: state.language)
    }

    /// The section the visitor is in, for statistics.
    public var currentSection: SectionID? {
        for f in state.stack.reversed() {
            if let s = f.section { return s }
            if case .list(let s) = f.route { return s }
        }
        switch route {
        case .weather: return .meteo
        case .emergency: return .urgences
        case .office: return .office
        default: return nil
        }
    }

    func isCorner(_ x: Int, _ y: Int) -> Bool { x < 6 && y < 2 }

    mutating func cornerTap() -> [Reaction] {
        state.cornerTaps = state.cornerTaps.filter { now.timeIntervalSince($0) < Self.cornerWindow } + [now]
        if state.cornerTaps.count >= Self.cornerTapsNeeded {
            state.cornerTaps = []
            if let until = state.pinLockedUntil, now < until { return [] }
            state.pinEntered = ""
            state.pinError = false
            state.stack.append(Frame(.pin))
            return [.redraw]
        }
        return []
    }

    mutating func perform(_ action: Action) -> [Reaction] {
        switch action {
        case .openSection(let s):
            let route: Route
            switch s {
            case .meteo: route = .weather
            case .urgences: route = .emergency
            case .office: route = .office
            default: route = .list(s)
            }
            state.stack.append(Frame(route, section: s))
        case .openItem(let id):
            let route: Route = env.config.layout == .table ? .hike(id, .map) : .detail(id)
            state.stack.append(Frame(route, section: currentSection ?? (env.config.layout == .table ? .randonnees : nil)))
            state.visitedItem = true
        case .showQR(let text, let caption):
            // From a QR screen, another code of the same item replaces it.
            if case .qr = route { state.top.route = .qr(text, caption) } else {
                state.stack.append(Frame(.qr(text, caption), section: currentSection))
            }
        case .home:
            if shouldAskSurvey {
                state.surveyAsked = true
                state.stack = [Frame(.home), Frame(.survey)]
            } else {
                state.stack = [Frame(.home)]
            }
        case .survey:
            state.stack = [Frame(.home)]
        case .back:
            if state.stack.count > 1 { state.stack.removeLast() }
        case .language(let l):
            state.language = l
        case .pageUp:
            state.top.page = max(0, state.top.page - 1)
        case .pageDown:
            state.top.page += 1 // clamped when rendering
        case .filter(let f):
            state.top.filter = f
            state.top.page = 0
        case .pinDigit(let d):
            if state.pinEntered.count < 8 { state.pinEntered += String(d) }
            state.pinError = false
        case .pinClear:
            state.pinEntered = ""
            state.pinError = false
        case .pinSubmit:
            if state.pinEntered == env.config.maintenancePin {
                state.stack.removeLast()
                state.stack.append(Frame(.maintenance))
                state.pinFailures = 0
            } else {
                state.pinError = true
                state.pinFailures += 1
                if state.pinFailures >= Self.pinAttempts {
                    state.pinFailures = 0
                    state.pinLockedUntil = now.addingTimeInterval(Self.pinLockSeconds)
                    state.pinError = false
                    state.stack = [Frame(.home)]
                }
            }
            state.pinEntered = ""
        case .table(let change):
            state.table = state.table.applying(change)
            // The hike list under a filters screen starts again at its first page.
            for i in state.stack.indices where state.stack[i].route == .list(.randonnees) || i == state.stack.count - 1 {
                state.stack[i].page = 0
            }
        case .openHikeFilters:
            state.stack.append(Frame(.hikeFilters, section: .randonnees))
        case .chooseQR(let n):
            state.top.qrChoice = n
        case .hikeView(let id, let view):
            state.top.route = .hike(id, view)
            state.top.page = 0
        case .rotate(let step):
            let n = ReliefProjection.angles
            state.top.angle = ((state.top.angle + step) % n + n) % n
        case .quit:
            return [.quit]
        }
        return []
    }

    /// Sessions of at least this long that opened an item may end with the question.
    public static let surveyMinSeconds: TimeInterval = 30

    /// The visitor tapped Accueil at the end of a real visit: ask once,
    /// never over a hike's take-away on the table, never on idle.
    var shouldAskSurvey: Bool {
        guard env.config.asksSurvey, state.sessionActive, !state.surveyAsked, state.visitedItem,
              let start = state.sessionStart, now.timeIntervalSince(start) >= Self.surveyMinSeconds else { return false }
        if case .hike(_, .takeAway) = route { return false }
        return route != .survey
    }

    /// Prepares the lists of every section of the kiosk in the current
    /// language, and the hikes in the order the hike list (village kiosks)
    /// or the table shows them, so the first tap on a big section is as fast
    /// as the next ones. Call it while nobody is touching the screen; after
    /// new content, a new language or a new day it does the work once.
    public func warmUp() {
        let r = Renderer(env: env, state: state, now: now, cache: cache)
        _ = r.item("")  // builds the id index
        for s in env.config.sections where s.isItemList {
            _ = r.tileSubtitle(s)
            for f in [nil] + Renderer.filters(for: s) { _ = r.listItems(s, filter: f) }
        }
        if env.config.layout == .table {
            for sort in TableSort.allCases {
                var f = state.table
                f.sort = sort
                _ = r.tableHikes(f)
            }
        } else if env.config.sections.contains(.randonnees) {
            _ = r.kioskHikes(state.table)
            _ = cache.mapPlaces(in: env.catalog)   // the hike page's context map
        }
    }

    /// Lists computed rather than found in the cache so far (tests: what a
    /// warm-up leaves to the taps).
    var cacheMisses: Int { cache.misses }

    // MARK: rendering

    public static let minimumSize = Size(width: 80, height: 24)

    /// Draws the current screen and remembers its touch targets.
    public mutating func render() -> Canvas {
        var r = Renderer(env: env, state: state, now: now, cache: cache)
        r.draw(attract: state.attractSince.map { Int(now.timeIntervalSince($0) / Self.attractSlideSeconds) })
        // Clamp the page the visitor asked for to what exists.
        if state.top.page != r.pageShown { state.top.page = r.pageShown }
        targets = r.targets
        targetsStale = false
        // The Linux console's font has no braille and 466 characters: its
        // stand-ins are applied where the terminal writes the changed cells
        // (`Terminal.draw(_:glyphs:)`), so a tap does not rewrite the canvas.
        return r.canvas
    }
}

extension KioskApp {
    /// What time alone changes on screen: the clock's minute (opening hours,
    /// "open now", agenda) and the attract slide.
    public struct TimeStamp: Equatable, Sendable {
        public var minute: Int
        public var slide: Int?
    }

    /// The loop draws a frame when a reaction asks for `.redraw` or when
    /// this changes, never otherwise.
    public func timeStamp(_ now: Date) -> TimeStamp {
        TimeStamp(minute: Int((now.timeIntervalSince1970 / 60).rounded(.down)),
                  slide: state.attractSince.map { Int(now.timeIntervalSince($0) / Self.attractSlideSeconds) })
    }
}
