/// One kiosk's configuration (`kiosk-config/<id>.json`, `/etc/borne/kiosk.json`).
/// Decoding is done by BorneContent's `KioskConfigLoader`, which validates
/// every field and names the file and field of any error.
public struct KioskConfig: Equatable, Sendable {
    public enum Connectivity: String, CaseIterable, Sendable {
        case officeNetwork = "office-network"
        case communeInternet = "commune-internet"
        case cellular4G = "4g"
        case none
    }

    /// Stable identifier (kiosks.tsv `id`), used in statistics: never reuse one.
    public var id: String
    /// The kiosk's place name as the office writes it ("Vic sur Cère", "Pas
    /// de Cère"): the one source of every header, the attract screen, the
    /// weather it fetches and the office's report columns.
    public var name: String
    /// The official name (INSEE's spelling, as `communes.json` writes it) of
    /// the commune the kiosk stands in: "Vic-sur-Cère", never decorated.
    public var commune: String
    /// Where in the commune, in words ("agence postale"): shown nowhere to visitors.
    public var place: String

    /// The place the weather this kiosk fetches is said to be for: its name,
    /// a place name on a village kiosk; the hiking table's name says what it
    /// is, not where ("Table tactile de randonnée"): its commune's.
    public var weatherPlace: String { layout == .table ? commune : name }
    public var connectivity: Connectivity
    /// Home tiles, in order. Every kiosk shows Urgences and the office somewhere.
    public var sections: [SectionID]
    /// Languages offered, French first.
    public var languages: [Language]
    /// Seconds without a touch before the screen returns home in French.
    public var idleSeconds: Int
    /// Seconds without a touch before the attract screen starts (> idleSeconds).
    public var attractSeconds: Int
    /// Weather older than this is marked stale on screen.
    public var weatherStaleMinutes: Int
    /// PIN of the maintenance screen (digits only, 4 to 8).
    public var maintenancePin: String
    /// Hike shown on the attract screen, by content id; nil picks the first hike.
    public var highlightHike: String?
    /// Ed25519 public keys (hex) whose signed bundles this kiosk trusts.
    public var trustedKeys: [String]
    /// Where `borne sync` finds published bundles (nil: USB only, as at St Jacques des Blats).
    public var syncURL: String?
    /// Bytes the kiosk may transfer per day (Europe/Paris), for a metered 4G link; nil: no limit.
    public var dailyByteBudget: Int?
    /// An Open-Meteo-compatible forecast URL (with timezone=Europe/Paris); nil: weather from bundles only.
    public var weatherURL: String?
    /// Where `borne upload` PUTs statistics: `http(s)://host/path` (WebDAV) or
    /// `file:///dir`; nil: statistics leave by USB stick only.
    public var collectorURL: String?
    /// Basic-auth user of the collector, and the file holding its password
    /// (kept out of the config, which is not secret; mode 0600).
    public var collectorUser: String?
    public var collectorPasswordFile: String?
    /// How the screens are laid out: the village kiosks' tiles, or the
    /// hiking table's always-visible filters (`"layout": "table"`).
    public var layout: Layout = .standard
    /// Where the kiosk stands, for "distance from here"; nil: not said.
    public var geo: GeoPoint?
    /// Winter as a day range of the year ("12-01"…"03-31", may wrap over the
    /// new year): winter hikes first and the snow report on the table's home.
    public var winter: (from: MonthDay, to: MonthDay)?
    /// The touchscreen read straight from evdev and its calibration; nil:
    /// taps come from the terminal only (docs/TOUCH.md).
    public var touch: TouchConfig?
    /// The end-of-session question ("Avez-vous trouvé ce que vous
    /// cherchiez ?"); nil: asked on village kiosks, not on the hiking table.
    public var survey: Bool?
    public var asksSurvey: Bool { survey ?? (layout != .table) }

    public enum Layout: String, CaseIterable, Sendable { case standard, table }

    /// What the screen can draw (docs/OPERATIONS.md, « Écran »): `full`, any
    /// glyph (a terminal emulator with a complete font: braille maps);
    /// `console`, the Linux console with the package's font (maps and profiles
    /// in quadrant blocks, other characters replaced by ones the font holds).
    public var glyphs: Glyphs = .full
    /// Pixel height of the console font borne-kiosk.service loads on tty1:
    /// 16 (8×16 cells) or 32 (16×32, for a full-HD screen).
    public var consoleFontSize: Int = 16
    public enum Glyphs: String, CaseIterable, Sendable { case full, console }
    public static let consoleFontSizes = [16, 32]

    public static func == (a: KioskConfig, b: KioskConfig) -> Bool {
        a.id == b.id && a.name == b.name && a.commune == b.commune && a.place == b.place
            && a.connectivity == b.connectivity && a.sections == b.sections && a.languages == b.languages
            && a.idleSeconds == b.idleSeconds && a.attractSeconds == b.attractSeconds
            && a.weatherStaleMinutes == b.weatherStaleMinutes && a.maintenancePin == b.maintenancePin
            && a.highlightHike == b.highlightHike && a.trustedKeys == b.trustedKeys && a.syncURL == b.syncURL
            && a.dailyByteBudget == b.dailyByteBudget && a.weatherURL == b.weatherURL
            && a.collectorURL == b.collectorURL && a.collectorUser == b.collectorUser
            && a.collectorPasswordFile == b.collectorPasswordFile && a.layout == b.layout && a.geo == b.geo
            && a.winter?.from == b.winter?.from && a.winter?.to == b.winter?.to
            && a.touch == b.touch && a.survey == b.survey
            && a.glyphs == b.glyphs && a.consoleFontSize == b.consoleFontSize
    }

    /// Whether `day` falls in the configured winter.
    public func isWinter(_ day: LocalDate) -> Bool {
        guard let w = winter else { return false }
        let d = MonthDay(month: day.month, day: day.day)
        return w.from <= w.to ? (w.from <= d && d <= w.to) : (d >= w.from || d <= w.to)
    }

    public init(id: String, name: String, commune: String, place: String = "",
                connectivity: Connectivity = .officeNetwork,
                sections: [SectionID] = SectionID.allCases, languages: [Language] = Language.allCases,
                idleSeconds: Int = 60, attractSeconds: Int = 180, weatherStaleMinutes: Int = 180,
                maintenancePin: String = "2020", highlightHike: String? = nil, trustedKeys: [String] = [],
                syncURL: String? = nil, dailyByteBudget: Int? = nil, weatherURL: String? = nil,
                collectorURL: String? = nil, collectorUser: String? = nil, collectorPasswordFile: String? = nil) {
        self.id = id; self.name = name; self.commune = commune; self.place = place
        self.connectivity = connectivity; self.sections = sections; self.languages = languages
        self.idleSeconds = idleSeconds; self.attractSeconds = attractSeconds
        self.weatherStaleMinutes = weatherStaleMinutes; self.maintenancePin = maintenancePin
        self.highlightHike = highlightHike; self.trustedKeys = trustedKeys
        self.syncURL = syncURL; self.dailyByteBudget = dailyByteBudget; self.weatherURL = weatherURL
        self.collectorURL = collectorURL; self.collectorUser = collectorUser; self.collectorPasswordFile = collectorPasswordFile
    }
}
