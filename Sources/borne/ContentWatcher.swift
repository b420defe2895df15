import BorneContent
import BorneCore
import Foundation

/// Notices, while the kiosk runs, what `borne sync` changed on disk:
/// - the content directory given to the kiosk now resolves to another version
///   (the `current` symlink was swapped): the new catalog is loaded and handed
///   over, to be shown at the next return home;
/// - a newer fetched weather report in DATA/weather/: shown at once.
/// A version that fails to load is reported once and the kiosk keeps what it shows.
struct ContentWatcher {
    enum Change {
        case content(ContentCatalog, problems: Int)
        case weather(WeatherReport)
    }

    let path: String
    let dataDir: URL
    private(set) var loadedTarget: String
    private var rejectedTarget: String?
    private var lastCheck = Date.distantPast
    private var weatherStamp: Date?
    /// The weather that came with the loaded bundle (carries the snow report).
    private var bundleWeather: WeatherReport?
    static let interval: TimeInterval = 15
    /// The kiosk's position, for opening hours that have none (sun times).
    var hoursGeo: GeoPoint?

    init(path: String, dataDir: URL, bundleWeather: WeatherReport?) {
        self.path = path
        self.dataDir = dataDir
        self.bundleWeather = bundleWeather
        loadedTarget = Self.resolve(path)
        weatherStamp = Self.modified(WeatherFile.directory(dataDir: dataDir).appendingPathComponent("weather.json"))
    }

    static func resolve(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    }

    static func modified(_ url: URL) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date
    }

    /// What changed since the last look, at most once per interval.
    mutating func poll(now: Date) -> [Change] {
        guard now.timeIntervalSince(lastCheck) >= Self.interval else { return [] }
        lastCheck = now
        var changes: [Change] = []
        let target = Self.resolve(path)
        if target != loadedTarget, target != rejectedTarget {
            do {
                let result = try ContentLoader.load(directory: URL(fileURLWithPath: target))
                loadedTarget = target
                bundleWeather = result.catalog.weather
                var catalog = result.catalog.placingHours(at: hoursGeo)
                catalog.weather = WeatherFile.merge(bundle: bundleWeather, fetched: WeatherFile.read(dataDir: dataDir).report)
                Log.info("borne kiosk: new content \(catalog.version) from \(target), shown at the next return home")
                for p in result.problems { Log.warning("borne kiosk: content: \(p)") }
                changes.append(.content(catalog, problems: result.problems.count))
            } catch {
                rejectedTarget = target
                Log.error("borne kiosk: new content at \(target) refused, keeping the current one: \(error)")
            }
        }
        let weatherURL = WeatherFile.directory(dataDir: dataDir).appendingPathComponent("weather.json")
        let stamp = Self.modified(weatherURL)
        if stamp != weatherStamp {
            weatherStamp = stamp
            let fetched = WeatherFile.read(dataDir: dataDir)
            for p in fetched.problems { Log.warning("borne kiosk: fetched weather: \(p)") }
            if let merged = WeatherFile.merge(bundle: bundleWeather, fetched: fetched.report) {
                changes.append(.weather(merged))
            }
        }
        return changes
    }
}
