import BorneCore
import Foundation

/// The weather a kiosk fetched itself (`borne sync` with the config's
/// `weather_url`), kept beside the content in `DATA/weather/weather.json`, in
/// the content's own weather format. The kiosk shows it when it is newer than
/// the bundle's; the snow report still comes with the bundle.
public enum WeatherFile {
    public static func directory(dataDir: URL) -> URL { dataDir.appendingPathComponent("weather") }

    /// Writes atomically (temporary file, fsync, rename): a kiosk reading at
    /// the same moment sees the old report or the new one, never half.
    public static func write(_ report: WeatherReport, dataDir: URL) throws {
        let dir = directory(dataDir: dataDir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let text = ContentJSON.weather(report).rendered() + "\n"
        let tmp = dir.appendingPathComponent(".weather.json.tmp")
        let final = dir.appendingPathComponent("weather.json")
        let fd = open(tmp.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw ContentWriteError.cannotWrite(path: tmp.path, reason: String(cString: strerror(errno))) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd) == 0
        close(fd)
        guard written == bytes.count, synced, rename(tmp.path, final.path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(tmp.path)
            throw ContentWriteError.cannotWrite(path: final.path, reason: reason)
        }
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
