import BorneContent
import BorneCore
import Foundation

/// Notices, while the kiosk runs, what `borne sync` changed on disk:
/// - the content directory given to the kiosk now resolves to another version
///   (the `current` symlink was swapped), or appears at all (a kiosk that
///   started without content): the new catalog is loaded and handed over, to
///   be shown at the next return home;
/// - a newer fetched weather report in DATA/weather/: shown at once.
///
/// Loading happens on a background queue, never on the thread that answers
/// taps: `poll` only looks at the disk (a `stat` or two) and collects loads
/// that finished. A version that fails to load is reported once and the
/// kiosk keeps what it shows.
final class ContentWatcher: @unchecked Sendable {
    enum Change {
        case content(ContentCatalog, problems: Int)
        case weather(WeatherReport)
    }

    typealias Loader = @Sendable (URL) throws -> ContentLoadResult

    let path: String
    let dataDir: URL
    /// Seconds between looks at the disk (shorter while there is no content).
    let interval: TimeInterval
    private let loader: Loader
    private let queue = DispatchQueue(label: "borne.content-load", qos: .utility)
    private let lock = NSLock()
    private(set) var loadedTarget: String?
    private var rejected: (target: String, message: String)?
    private var loading: String?
    private var finished: (target: String, result: Result<ContentLoadResult, Error>)?
    private var lastCheck = Date.distantPast
    private var weatherStamp: Date?
    /// The weather that came with the loaded bundle (carries the snow report).
    private var bundleWeather: WeatherReport?
    static let interval: TimeInterval = 15
    static let waitingInterval: TimeInterval = 2
    /// The kiosk's position, for opening hours that have none (sun times).
    var hoursGeo: GeoPoint?

    /// `loaded`: whether the content at `path` is already on screen (false:
    /// the kiosk waits for its first content).
    init(path: String, dataDir: URL, bundleWeather: WeatherReport?, loaded: Bool = true,
         interval: TimeInterval? = nil,
         loader: Loader? = nil) {
        self.path = path
        self.dataDir = dataDir
        self.bundleWeather = bundleWeather
        self.loader = loader ?? { try KioskContentLoad.load(directory: $0, dataDir: dataDir, shelve: true) }
        self.interval = interval ?? (loaded ? Self.interval : Self.waitingInterval)
        loadedTarget = loaded ? Self.resolve(path) : nil
        weatherStamp = Self.modified(WeatherFile.directory(dataDir: dataDir).appendingPathComponent("weather.json"))
    }

    static func resolve(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    }

    static func modified(_ url: URL) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date
    }

    /// True when `path` is missing or an empty directory: no content installed
    /// yet (unlike content that is there but does not load).
    static func isAbsent(_ path: String) -> Bool {
        let target = resolve(path)
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: target, isDirectory: &isDir) else { return true }
        guard isDir.boolValue else { return false }
        return ((try? FileManager.default.contentsOfDirectory(atPath: target)) ?? []).isEmpty
    }

    /// The content shown is gone (a start whose full load failed after the
    /// first frame): the next look at the disk loads it again.
    func forget() { loadedTarget = nil; rejected = nil }

    /// A load is running on the background queue.
    var isLoading: Bool { lock.withLock { loading != nil } }

    /// Loads that finished since the last call, then what changed on disk
    /// (at most once per interval). Never loads content itself.
    func poll(now: Date) -> [Change] {
        var changes: [Change] = []
        if let done = lock.withLock({ () -> (String, Result<ContentLoadResult, Error>)? in
            defer { finished = nil }
            return finished
        }) {
            changes += accept(target: done.0, done.1)
        }
        guard now.timeIntervalSince(lastCheck) >= interval else { return changes }
        lastCheck = now
        let target = Self.resolve(path)
        // While nothing is shown, a refused directory is tried again (it may
        // have been caught half copied); once content is shown, a refused
        // version waits for the next swap.
        let retry = loadedTarget == nil || target != rejected?.target
        if target != loadedTarget, retry, !Self.isAbsent(path), !isLoading {
            start(target)
        }
        let weatherURL = WeatherFile.directory(dataDir: dataDir).appendingPathComponent("weather.json")
        let stamp = Self.modified(weatherURL)
        if stamp != weatherStamp, loadedTarget != nil {
            weatherStamp = stamp
            let fetched = WeatherFile.read(dataDir: dataDir)
            for p in fetched.problems { Log.warning("borne kiosk: fetched weather: \(p)") }
            if let merged = WeatherFile.merge(bundle: bundleWeather, fetched: fetched.report) {
                changes.append(.weather(merged))
            }
        }
        return changes
    }

    private func start(_ target: String) {
        lock.withLock { loading = target }
        let loader = self.loader
        let geo = hoursGeo
        queue.async { [self] in
            // Placing 10,000 items' opening hours is part of the load: off the loop too.
            let result = Result { () throws -> ContentLoadResult in
                var loaded = try loader(URL(fileURLWithPath: target))
                loaded.catalog.placeHours(at: geo)
                return loaded
            }
            lock.withLock {
                finished = (target, result)
                loading = nil
            }
        }
    }

    private func accept(target: String, _ result: Result<ContentLoadResult, Error>) -> [Change] {
        switch result {
        case .success(let loaded):
            loadedTarget = target
            rejected = nil
            bundleWeather = loaded.catalog.weather
            var catalog = loaded.catalog
            let fetched = WeatherFile.read(dataDir: dataDir)
            catalog.weather = WeatherFile.merge(bundle: bundleWeather, fetched: fetched.report)
            weatherStamp = Self.modified(WeatherFile.directory(dataDir: dataDir).appendingPathComponent("weather.json"))
            Log.info("borne kiosk: new content \(catalog.version) from \(target), shown at the next return home")
            for p in loaded.problems { Log.warning("borne kiosk: content: \(p)") }
            return [.content(catalog, problems: loaded.problems.count)]
        case .failure(let error):
            let message = "\(error)"
            if rejected?.target != target || rejected?.message != message {
                Log.error("borne kiosk: new content at \(target) refused, keeping "
                          + (loadedTarget == nil ? "the waiting screen" : "the current one") + ": \(message)")
            }
            rejected = (target, message)
            return []
        }
    }
}
