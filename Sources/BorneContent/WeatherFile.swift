import BorneCore
import BorneSystem
import Foundation

/// The weather a kiosk fetched itself (`borne sync` with the config's
/// `weather_url`), kept beside the content in `DATA/weather/weather.json`, in
/// the content's own weather format. The kiosk shows it when it is newer than
/// the bundle's; the snow report still comes with the bundle.
public enum WeatherFile {
    public static func directory(dataDir: URL) -> URL { dataDir.appendingPathComponent("weather") }

    /// Writes atomically (`AtomicFile`: temporary file, fsync, rename, fsync
    /// of the folder): a kiosk reading at the same moment sees the old report
    /// or the new one, never half. A failure is an `IOError` naming the call and the file.
    public static func write(_ report: WeatherReport, dataDir: URL) throws {
        let dir = directory(dataDir: dataDir)
        try AtomicFile.makeDirectories(dir.path)
        let text = ContentJSON.weather(report).rendered() + "\n"
        try AtomicFile.write(Array(text.utf8), to: dir.appendingPathComponent("weather.json").path,
                             temp: dir.appendingPathComponent(".weather.json.tmp").path)
    }

    /// The fetched report, or nil when there is none; problems name the file.
    public static func read(dataDir: URL) -> (report: WeatherReport?, problems: [ContentProblem]) {
        var problems: [ContentProblem] = []
        let report = ContentLoader.readWeather(in: directory(dataDir: dataDir), problems: &problems)
        return (report, problems)
    }

    /// What the kiosk shows: the fresher of the two forecasts, with the
    /// bundle's snow report when the fetched one has none.
    public static func merge(bundle: WeatherReport?, fetched: WeatherReport?) -> WeatherReport? {
        guard let fetched else { return bundle }
        guard let bundle else { return fetched }
        guard fetched.observedAt > bundle.observedAt else { return bundle }
        var merged = fetched
        if merged.snow.isEmpty {
            merged.snow = bundle.snow
            merged.snowObservedAt = bundle.snowObservedAt
        }
        return merged
    }
}
