import BorneContent
import BorneCore
import BorneNet
import Foundation

/// The weather part of `borne sync`: fetch the config's Open-Meteo URL,
/// check it, and keep it in DATA/weather/ for the kiosk. A failure leaves the
/// previous report in place; the kiosk marks it stale when it gets old.
enum WeatherFetch {
    /// Returns a line for the log; throws with the URL and reason on failure.
    static func run(url: String, config: KioskConfig, dataDir: URL, client: HTTPClient, now: Date = Date()) throws -> String {
        let dir = WeatherFile.directory(dataDir: dataDir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let download = dir.appendingPathComponent(".download.json")
        defer { try? FileManager.default.removeItem(at: download) }
        // Never conditional: the forecast's current conditions change every
        // 15 minutes and the kiosk asks hourly, so a 304 never comes and
        // validators would only cost ~50 bytes a request (docs/SYNC.md).
        // A validators file left by an older version goes.
        try? FileManager.default.removeItem(at: dir.appendingPathComponent("validators.json"))
        let result = try client.get(url, to: download)
        guard (200..<300).contains(result.status) else {
            throw NetError.http(status: result.status, url: NetError.redact(url))
        }
        let data = try Data(contentsOf: download)
        let report = try OpenMeteo.parse(data, place: config.weatherPlace, fetchedAt: now)
        try WeatherFile.write(report, dataDir: dataDir)
        return "weather of \(DateText.stampUTC(report.observedAt)) saved (\(result.bytesReceived) bytes)"
    }
}

private enum DateText {
    static func stampUTC(_ d: Date) -> String { KioskTime.formatLocal(d) }
}
