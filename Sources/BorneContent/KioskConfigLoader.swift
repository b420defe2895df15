import Foundation
import BorneCore

/// Everything wrong with one kiosk configuration file. A config is all or
/// nothing: a kiosk must not start half-configured, so every issue is fatal
/// and all of them are listed at once.
public struct KioskConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    public struct Issue: Equatable, Sendable {
        /// nil for the file as a whole (unreadable, bad JSON).
        public var field: String?
        public var message: String
        public init(field: String?, message: String) { self.field = field; self.message = message }
    }

    /// The file as shown in messages ("kiosk-config/vic-sur-cere.json").
    public var file: String
    public var issues: [Issue]

    public init(file: String, issues: [Issue]) { self.file = file; self.issues = issues }

    /// One line per issue:
    /// `kiosk-config/x.json: field "idle_seconds": must be between 10 and 3600, got 0`.
    public var description: String {
        issues.map { issue in
            if let field = issue.field { return "\(file): field \"\(field)\": \(issue.message)" }
            return "\(file): \(issue.message)"
        }.joined(separator: "\n")
    }
}

/// The result of checking a whole `kiosk-config/` directory.
public struct KioskConfigValidation: Sendable {
    public var configs: [KioskConfig]
    public var errors: [KioskConfigError]
    public var isValid: Bool { errors.isEmpty }
}

/// Reads `kiosk-config/<id>.json` (and `/etc/borne/kiosk.json`), checking every
/// field; the format is in docs/CONTENT.md.
public enum KioskConfigLoader {
    static let keys: Set<String> = [
        "id", "name", "commune", "place", "connectivity", "sections", "languages", "idle_seconds",
        "attract_seconds", "weather_stale_minutes", "maintenance_pin", "highlight_hike", "trusted_keys",
        "sync_url", "daily_byte_budget", "weather_url",
        "collector_url", "collector_user", "collector_password_file", "layout", "geo", "winter",
        "touch",
        "glyphs", "console_font_size",
        "survey",
    ]
    static let idleRange = 10...3600
    static let attractRange = 20...86400
    static let staleRange = 10...10080
    /// Sections every kiosk must offer (see `KioskConfig.sections`).
    static let mandatorySections: [SectionID] = [.urgences, .office]

    /// - Parameter displayName: how the file is named in errors; by default
    ///   its folder and name ("kiosk-config/thiezac.json").
    public static func load(file: URL, displayName: String? = nil) throws -> KioskConfig {
        let name = displayName ?? file.deletingLastPathComponent().lastPathComponent + "/" + file.lastPathComponent
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw KioskConfigError(file: name, issues: [.init(field: nil, message: "cannot be read: \(error.localizedDescription)")])
        }
        return try decode(data, file: name)
    }

    /// Decodes and validates a configuration from its bytes.
    public static func decode(_ data: Data, file: String) throws -> KioskConfig {
        let root: [String: JSONValue]
        do {
            guard case .object(let o) = try JSONParser.parse(data) else {
                throw KioskConfigError(file: file, issues: [.init(field: nil, message: "expected a JSON object")])
            }
            root = o
        } catch let e as JSONSyntaxError {
            throw KioskConfigError(file: file, issues: [.init(field: nil, message: e.description)])
        }
        let log = IssueLog()
        let f = Fields(root, log: log)
        f.rejectUnknownKeys(keys)

        let id = f.rawString("id", required: true)
        if let id, let problem = Validate.idProblem(id) { log.add("id", problem) }
        let name = f.line("name", required: true)
        let commune = f.line("commune", required: true)
        let place = f.line("place") ?? ""
        var connectivity: KioskConfig.Connectivity?
        if let raw = f.rawString("connectivity", required: true) {
            connectivity = KioskConfig.Connectivity(rawValue: raw)
            if connectivity == nil {
                log.add("connectivity", "must be one of \(KioskConfig.Connectivity.allCases.map(\.rawValue).joined(separator: ", ")), got \(Quote.value(raw))")
            }
        }
        let sections = readSections(f)
        let languages = readLanguages(f)
        let idle = f.int("idle_seconds", in: idleRange, required: true)
        let attract = f.int("attract_seconds", in: attractRange, required: true)
        if let idle, let attract, attract <= idle {
            log.add("attract_seconds", "must be greater than idle_seconds (\(idle)), got \(attract)")
        }
        let stale = f.int("weather_stale_minutes", in: staleRange, required: true)
        var pin: String?
        if let v = f.value("maintenance_pin") {
            if case .string(let s) = v, (4...8).contains(s.count), s.allSatisfy(\.isASCIIDigit) {
                pin = s
            } else {
                let shown: String
                if case .string(let s) = v { shown = Quote.value(s) } else { shown = v.typeName }
                log.add("maintenance_pin", "must be a string of 4 to 8 digits, got \(shown)")
            }
        } else {
            f.missing("maintenance_pin", fatal: true)
        }
        let highlight = f.rawString("highlight_hike")
        if let highlight, let problem = Validate.idProblem(highlight) { log.add("highlight_hike", problem) }
        let keys = readTrustedKeys(f)
        let syncURL = f.website("sync_url")
        let budget = f.int("daily_byte_budget", in: 0...100_000_000_000)
        let weatherURL = f.website("weather_url")
        if let w = weatherURL, !(PlainText.contains(w, "timezone=Europe/Paris") || PlainText.contains(w, "timezone=Europe%2FParis")) {
            log.add("weather_url", "must ask for timezone=Europe/Paris (day dates would be wrong otherwise)")
        }

        let collector = readCollector(f)
        var layout = KioskConfig.Layout.standard
        if let raw = f.rawString("layout") {
            if let l = KioskConfig.Layout(rawValue: raw) { layout = l } else {
                log.add("layout", "must be one of \(KioskConfig.Layout.allCases.map(\.rawValue).joined(separator: ", ")), got \(Quote.value(raw))")
            }
        }
        let geo = f.geo("geo")
        let winter = readWinter(f)
        let touch = readTouch(f)
        let screen = readScreen(f)
        let survey = f.bool("survey")

        let issues = log.entries.map { KioskConfigError.Issue(field: $0.field, message: $0.message) }
        guard issues.isEmpty, let id, let name, let commune, let connectivity, let sections, let languages,
              let idle, let attract, let stale, let pin, let keys else {
            throw KioskConfigError(file: file, issues: issues)
        }
        var config = KioskConfig(id: id, name: name, commune: commune, place: place, connectivity: connectivity,
                           sections: sections, languages: languages, idleSeconds: idle, attractSeconds: attract,
                           weatherStaleMinutes: stale, maintenancePin: pin, highlightHike: highlight, trustedKeys: keys,
                           syncURL: syncURL, dailyByteBudget: budget, weatherURL: weatherURL,
                           collectorURL: collector.url, collectorUser: collector.user, collectorPasswordFile: collector.passwordFile)
        config.layout = layout
        config.geo = geo
        config.winter = winter
        config.touch = touch
        (config.glyphs, config.consoleFontSize) = screen
        config.survey = survey
        return config
    }

    /// `"winter": ["12-01", "03-31"]`: first and last day of winter, month-day.
    private static func readWinter(_ f: Fields) -> (from: MonthDay, to: MonthDay)? {
        guard let values = f.array("winter") else { return nil }
        let days = values.map { v -> MonthDay? in if case .string(let s) = v { return MonthDay(s) } else { return nil } }
        guard days.count == 2, let from = days[0], let to = days[1] else {
            f.log.add("winter", "must be two month-days, first and last day of winter: [\"12-01\", \"03-31\"]")
            return nil
        }
        return (from, to)
    }

    static let touchKeys: Set<String> = ["device", "x_range", "y_range", "swap_xy", "invert_x", "invert_y", "margins"]
    /// Raw evdev values are 32-bit.
    static let touchValues = Int(Int32.min)...Int(Int32.max)

    /// `"touch": {"device": "auto", "x_range": [0, 4095], ...}` (docs/TOUCH.md).
    private static func readTouch(_ f: Fields) -> TouchConfig? {
        guard let t = f.object("touch") else { return nil }
        t.rejectUnknownKeys(touchKeys)
        var config = TouchConfig()
        if let device = t.rawString("device") {
            if device == "auto" || (device.hasPrefix("/") && device.count > 1 && !PlainText.contains(device, "\0")) {
                config.device = device
            } else {
                f.log.add(t.path("device"), "must be \"auto\" or an absolute path (/dev/input/event3), got \(Quote.value(device))")
            }
        }
        config.xRange = readRange(t, "x_range")
        config.yRange = readRange(t, "y_range")
        config.swapXY = t.bool("swap_xy") ?? false
        config.invertX = t.bool("invert_x") ?? false
        config.invertY = t.bool("invert_y") ?? false
        if let values = t.array("margins") {
            let m = values.map { v -> Int? in
                if case .number(let d) = v, d.rounded() == d, let i = Int(exactly: d), touchValues.contains(i) { return i }
                return nil
            }
            if m.count == 4, let l = m[0], let top = m[1], let r = m[2], let b = m[3] {
                config.margins = .init(left: l, top: top, right: r, bottom: b)
            } else {
                f.log.add(t.path("margins"), "must be four whole numbers of device units, [left, top, right, bottom]")
            }
        }
        // Margins are on the screen's sides: with swap_xy, left and right cut the device's y.
        let across = config.swapXY ? (config.yRange, "y_range") : (config.xRange, "x_range")
        let down = config.swapXY ? (config.xRange, "x_range") : (config.yRange, "y_range")
        if let r = across.0, r.upperBound - r.lowerBound - config.margins.left - config.margins.right <= 0 {
            f.log.add(t.path("margins"), "must leave part of \(across.1) \(r.lowerBound)…\(r.upperBound) between the left and right margins")
        }
        if let r = down.0, r.upperBound - r.lowerBound - config.margins.top - config.margins.bottom <= 0 {
            f.log.add(t.path("margins"), "must leave part of \(down.1) \(r.lowerBound)…\(r.upperBound) between the top and bottom margins")
        }
        return config
    }

    /// `[min, max]`, whole numbers, min < max. Before swap_xy: the device's own x and y.
    private static func readRange(_ t: Fields, _ key: String) -> ClosedRange<Int>? {
        guard let values = t.array(key) else { return nil }
        let n = values.map { v -> Int? in
            if case .number(let d) = v, d.rounded() == d, let i = Int(exactly: d), touchValues.contains(i) { return i }
            return nil
        }
        guard n.count == 2, let lo = n[0], let hi = n[1], lo < hi else {
            t.log.add(t.path(key), "must be two whole numbers [min, max] with min < max (the device's raw values)")
            return nil
        }
        return lo...hi
    }

    /// The statistics collector: an http(s) or file:/// address without
    /// credentials in it; a user and a password file go together.
    private static func readCollector(_ f: Fields) -> (url: String?, user: String?, passwordFile: String?) {
        var url: String?
        if let raw = f.rawString("collector_url") {
            let scheme = URLComponents(string: raw)?.scheme?.lowercased()
            if scheme == "file" {
                let c = URLComponents(string: raw)
                if let path = c?.path, path.hasPrefix("/"), path.count > 1, (c?.host ?? "").isEmpty, !PlainText.contains(raw, " ") {
                    url = raw
                } else {
                    f.log.add("collector_url", "a file address must name an absolute directory (file:///srv/borne-stats), got \(Quote.value(raw))")
                }
            } else {
                url = f.website("collector_url")
            }
        }
        let user = f.line("collector_user")
        if let user, user.isEmpty || PlainText.contains(user, ":") {
            f.log.add("collector_user", "must be a non-empty user name without \":\" (basic auth), got \(Quote.value(user))")
        }
        let passwordFile = f.rawString("collector_password_file")
        if let p = passwordFile, !p.hasPrefix("/") {
            f.log.add("collector_password_file", "must be an absolute path (/etc/borne/collector.password), got \(Quote.value(p))")
        }
        if (user == nil) != (passwordFile == nil) {
            f.log.add(user == nil ? "collector_user" : "collector_password_file",
                      "collector_user and collector_password_file go together: give both or neither")
        }
        return (url, user, passwordFile)
    }

    private static func readSections(_ f: Fields) -> [SectionID]? {
        guard let values = f.array("sections", required: true) else { return nil }
        guard !values.isEmpty else { f.log.add("sections", "must list at least one section"); return nil }
        var sections: [SectionID] = []
        var ok = true
        for (i, v) in values.enumerated() {
            guard case .string(let raw) = v, let s = SectionID(rawValue: raw) else {
                let shown: String
                if case .string(let raw) = v { shown = Quote.value(raw) } else { shown = v.typeName }
                f.log.add("sections[\(i)]", "unknown section \(shown) (known: \(SectionID.allCases.map(\.rawValue).joined(separator: ", ")))")
                ok = false
                continue
            }
            if sections.contains(s) { f.log.add("sections[\(i)]", "section \"\(raw)\" is listed twice"); ok = false }
            sections.append(s)
        }
        for s in mandatorySections where ok && !sections.contains(s) {
            f.log.add("sections", "must include \"\(s.rawValue)\": every kiosk shows it")
            ok = false
        }
        return ok ? sections : nil
    }

    private static func readLanguages(_ f: Fields) -> [Language]? {
        guard let values = f.array("languages", required: true) else { return nil }
        var languages: [Language] = []
        var ok = true
        for (i, v) in values.enumerated() {
            guard case .string(let raw) = v, let l = Language(rawValue: raw) else {
                let shown: String
                if case .string(let raw) = v { shown = Quote.value(raw) } else { shown = v.typeName }
                f.log.add("languages[\(i)]", "unknown language \(shown) (known: \(Language.allCases.map(\.rawValue).joined(separator: ", ")))")
                ok = false
                continue
            }
            if languages.contains(l) { f.log.add("languages[\(i)]", "language \"\(raw)\" is listed twice"); ok = false }
            languages.append(l)
        }
        if ok && languages.first != .fr {
            f.log.add("languages", "must start with \"fr\" (French is the office's language and the fallback)")
            ok = false
        }
        return ok ? languages : nil
    }

    /// Ed25519 public keys: 64 hexadecimal digits each.
    private static func readTrustedKeys(_ f: Fields) -> [String]? {
        guard let values = f.array("trusted_keys", required: true) else { return nil }
        var keys: [String] = []
        for (i, v) in values.enumerated() {
            guard case .string(let raw) = v, raw.count == 64, raw.allSatisfy(\.isHexDigit) else {
                f.log.add("trusted_keys[\(i)]", "must be an Ed25519 public key in hexadecimal (64 digits)")
                return nil
            }
            keys.append(raw.lowercased())
        }
        return keys
    }

    /// Loads every `*.json` of a directory and checks, on top of each file,
    /// that its id matches its file name and that no id is used twice.
    public static func validateAll(directory: URL) -> KioskConfigValidation {
        let folder = directory.lastPathComponent
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else {
            return KioskConfigValidation(configs: [], errors: [
                KioskConfigError(file: folder + "/", issues: [.init(field: nil, message: "directory cannot be read")]),
            ])
        }
        var configs: [KioskConfig] = []
        var errors: [KioskConfigError] = []
        for name in names.sorted() where name.hasSuffix(".json") && !name.hasPrefix(".") {
            let display = folder + "/" + name
            do {
                let config = try load(file: directory.appendingPathComponent(name), displayName: display)
                let stem = String(name.dropLast(5))
                if config.id != stem {
                    errors.append(KioskConfigError(file: display, issues: [
                        .init(field: "id", message: "must match the file name \"\(stem)\", got \(Quote.value(config.id))"),
                    ]))
                } else if configs.contains(where: { $0.id == config.id }) {
                    errors.append(KioskConfigError(file: display, issues: [.init(field: "id", message: "duplicate id")]))
                } else {
                    configs.append(config)
                }
            } catch let e as KioskConfigError {
                errors.append(e)
            } catch {
                errors.append(KioskConfigError(file: display, issues: [.init(field: nil, message: "\(error)")]))
            }
        }
        return KioskConfigValidation(configs: configs, errors: errors)
    }
}
