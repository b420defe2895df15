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
        // Conditional on the kept report's validators: a server that has
        // nothing newer answers 304 without a body.
        let validatorsFile = dir.appendingPathComponent("validators.json")
        let kept = FileManager.default.fileExists(atPath: dir.appendingPathComponent("weather.json").path)
            ? Validators.read(validatorsFile) : nil
        let result = try client.get(url, to: download, ifNoneMatch: kept?.etag, ifModifiedSince: kept?.lastModified)
        if result.notModified {
            return "weather not modified since the last fetch (304): the kept report stays"
        }
        guard (200..<300).contains(result.status) else {
            throw NetError.http(status: result.status, url: NetError.redact(url))
        }
        let data = try Data(contentsOf: download)
        let report = try OpenMeteo.parse(data, place: config.weatherPlace, fetchedAt: now)
        try WeatherFile.write(report, dataDir: dataDir)
        try Validators(etag: result.etag, lastModified: result.lastModified).write(validatorsFile)
        return "weather of \(DateText.stampUTC(report.observedAt)) saved (\(result.bytesReceived) bytes)"
    }

    /// `DATA/weather/validators.json`: the ETag and Last-Modified of the
    /// kept report, echoed verbatim. Unreadable: none (one full fetch).
    struct Validators: Codable, Equatable {
        var etag: String?
        var lastModified: String?

        enum CodingKeys: String, CodingKey {
            case etag
            case lastModified = "last_modified"
        }

        static func read(_ file: URL) -> Validators? {
            guard let data = try? Data(contentsOf: file) else { return nil }
            return try? JSONDecoder().decode(Validators.self, from: data)
        }

        func write(_ file: URL) throws {
            do {
                try JSONEncoder().encode(self).write(to: file, options: .atomic)
            } catch {
                throw NetError.file(path: file.path, message: "cannot keep the weather's validators: \(error.localizedDescription)")
            }
        }
    }
}

private enum DateText {
    static func stampUTC(_ d: Date) -> String { KioskTime.formatLocal(d) }
}
