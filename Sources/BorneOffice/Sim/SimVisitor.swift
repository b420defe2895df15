import BorneCore

/// Makes up one visitor's taps, as the kiosk's state machine would record
/// them (BorneUI `KioskApp`): a `wake` tap on the attract screen, tiles on
/// home (`tile:<section>`), items, pages, filters, Retour and Accueil
/// inside sections, a language now and then, and some taps that do
/// nothing (released beside the button: flag `noAction`).
struct SimVisitor {
    let kiosk: String
    let foreignShare: Double
    var rng: SimRandom

    /// Where the visitor is.
    private var screen = "home"
    private var section: String?
    /// The detail screen a QR code was opened from (its Retour leads back there).
    private var detail = ""
    private var language = "fr"
    private var taps: [PlannedTap] = []
    private var clock: Int64 = 0

    init(kiosk: String, foreignShare: Double, rng: SimRandom) {
        self.kiosk = kiosk; self.foreignShare = foreignShare; self.rng = rng
    }

    /// The taps of a session that opens `openings` (section ids), in order.
    /// Always begins with `wake` (the planner drops it when the screen was
    /// not asleep) and holds at least one tap after it.
    mutating func session(openings: [String]) -> [PlannedTap] {
        screen = "attract"; section = nil; language = "fr"; taps = []; clock = 0
        tap(target: "wake", activated: false, x: rng.int(10...150), y: rng.int(5...40), wait: 0)
        screen = "home"
        if rng.chance(foreignShare) {
            let l = ["en", "nl", "de", "es"][rng.pick([0.35, 0.35, 0.18, 0.12])]
            tap(target: "lang:\(l)", x: 60 + 18 * ["en", "de", "nl", "es"].firstIndex(of: l)!, y: 43)
            language = l
        }
        if openings.isEmpty {
            // A look at home: a tap beside the tiles, or one released off its tile.
            if rng.chance(0.5) { tap(target: nil, activated: false, x: rng.int(0...159), y: rng.int(3...41)) }
            else { tapTile(SectionID.allCases[rng.int(0...(SectionID.allCases.count - 1))].rawValue, activated: false) }
        }
        for s in openings {
            goHome()
            if rng.chance(0.04) { tapTile(SectionID.allCases[rng.int(0...(SectionID.allCases.count - 1))].rawValue, activated: false) }
            tapTile(s, activated: true)
            open(s)
            browse(s)
        }
        if screen != "home", rng.chance(0.3) { navHome() }
        return taps
    }

    // MARK: moves

    private mutating func goHome() {
        guard screen != "home" else { return }
        if screen.hasPrefix("detail:"), rng.chance(0.4) {
            tap(target: "nav:back", x: rng.int(14...25), y: rng.int(0...2))
            screen = "list:" + (section ?? "")
        }
        if screen.hasPrefix("list:"), rng.chance(0.3) {
            tap(target: "nav:back", x: rng.int(14...25), y: rng.int(0...2))
        } else {
            tap(target: "nav:home", x: rng.int(0...12), y: rng.int(0...2))
        }
        screen = "home"; section = nil
    }

    private mutating func navHome() {
        tap(target: "nav:home", x: rng.int(0...12), y: rng.int(0...2))
        screen = "home"; section = nil
    }

    private mutating func tapTile(_ s: String, activated: Bool) {
        let i = SectionID.allCases.firstIndex { $0.rawValue == s } ?? 0
        tap(target: "tile:\(s)", activated: activated, x: 4 + (i % 3) * 52 + rng.int(0...40),
            y: 8 + (i / 3) * 9 + rng.int(0...6))
    }

    private mutating func open(_ s: String) {
        section = s
        switch s {
        case "meteo": screen = "weather"
        case "urgences": screen = "emergency"
        case "office": screen = "office"
        default: screen = "list:" + s
        }
    }

    /// What the visitor does inside section `s` after opening it.
    private mutating func browse(_ s: String) {
        guard let id = SectionID(rawValue: s), id.isItemList else {
            if rng.chance(0.3) { tap(target: rng.chance(0.5) ? "page:down" : nil, activated: false,
                                     x: rng.int(0...159), y: rng.int(4...44), read: true) }
            return
        }
        let actions = rng.poisson(1.4)
        let weights = SimItems.weights(id, kiosk: kiosk)
        for _ in 0..<actions {
            if screen.hasPrefix("detail:") {
                switch rng.pick([0.7, 0.1, 0.2]) {
                case 0:
                    tap(target: "nav:back", x: rng.int(14...25), y: rng.int(0...2))
                    screen = "list:" + s
                case 1:
                    tap(target: "nav:qr", x: rng.int(140...159), y: rng.int(0...2))
                    detail = screen
                    screen = "qr"
                default:
                    tap(target: nil, activated: false, x: rng.int(0...159), y: rng.int(4...44), read: true)
                }
            } else if screen == "qr" {
                tap(target: "nav:back", x: rng.int(14...25), y: rng.int(0...2), read: true)
                screen = detail
            } else {
                switch rng.pick([0.7, 0.15, SimItems.filters[id] == nil ? 0 : 0.15]) {
                case 0 where !weights.isEmpty:
                    let rank = rng.pick(weights)
                    let item = SimItems.pools[id]![rank]
                    tap(target: "item:\(item)", x: rng.int(2...120), y: 8 + 3 * (rank % 10))
                    screen = "detail:\(item)"
                case 1:
                    tap(target: "page:down", x: rng.int(150...159), y: rng.int(38...42))
                default:
                    let f = SimItems.filters[id] ?? ["filter:all"]
                    tap(target: f[rng.int(0...(f.count - 1))], x: rng.int(2...100), y: 5)
                }
            }
        }
    }

    /// Records a tap `wait` ms after the previous one (a few seconds, more
    /// after a screen worth reading).
    private mutating func tap(target: String?, activated: Bool = true, x: Int, y: Int, wait: Int64? = nil,
                              read: Bool = false) {
        let readingScreen = screen.hasPrefix("detail:") || read
        let w = wait ?? Int64(readingScreen ? rng.int(8_000...60_000) : rng.int(1_200...9_000))
        clock += w
        taps.append(PlannedTap(offsetMs: clock, screen: screen, section: section, target: target, x: x, y: y,
                               language: language, activated: activated))
    }
}
