import BorneCore
import BorneNet
import BorneStats
import BorneStick
import BorneUpload
import BorneSystem
import Foundation

/// Shared by `borne upload` and the statistics half of `borne usb`: the
/// stats key, the collector target from the config, exit codes.
enum UploadSupport {
    struct Failure: Error { var message: String; var code: Int32 }

    /// The kiosk's stats key, made on first use (and said so in the log:
    /// the office must be given it once).
    static func key(dataDir: URL, kiosk: String, log: (String) -> Void) -> Result<StatsKey, Failure> {
        do {
            let loaded = try StatsKey.loadOrCreate(dataDir: dataDir)
            for w in loaded.warnings { log("stats key: \(w)") }
            if loaded.created {
                log("created this kiosk's statistics key \(loaded.key.fingerprint) in \(StatsKey.file(dataDir: dataDir).path); "
                    + "the office must trust it once: borne office trust \(kiosk) --key <a copy of that file>")
            }
            return .success(loaded.key)
        } catch let e as StatsKeyError {
            if case .badContent = e { return .failure(Failure(message: "\(e)", code: ExitCode.config)) }
            return .failure(Failure(message: "\(e)", code: ExitCode.ioErr))
        } catch {
            return .failure(Failure(message: "\(error)", code: ExitCode.ioErr))
        }
    }

    /// A collector target: the transport and the fingerprint of its
    /// configuration (URL, user, password) that parked batches are tied to.
    struct Target {
        var transport: CollectorTransport
        var fingerprint: String
    }

    /// Builds the target for `url` (http, https or file:///DIR), reading the
    /// password file named by the config.
    static func target(url: String, config: KioskConfig, key: StatsKey, client: () -> HTTPClient) -> Result<Target, Failure> {
        guard let c = URLComponents(string: url), let scheme = c.scheme?.lowercased() else {
            return .failure(Failure(message: "collector '\(NetError.redact(url))' is not an address", code: ExitCode.usage))
        }
        func fingerprint(user: String?, password: String?) -> String {
            String(Hex.encode(HMACSHA256.mac(key: Array("borne upload target".utf8),
                Array("\(url)\n\(user ?? "")\n\(password ?? "")".utf8))).prefix(16))
        }
        switch scheme {
        case "file":
            // A folder takes no credentials: the password file is not read.
            guard c.path.hasPrefix("/"), c.path.count > 1 else {
                return .failure(Failure(message: "collector '\(url)': expected file:///ABSOLUTE/DIR", code: ExitCode.usage))
            }
            return .success(Target(transport: FileCollector(directory: URL(fileURLWithPath: c.path)),
                                   fingerprint: fingerprint(user: nil, password: nil)))
        case "http", "https":
            guard c.host?.isEmpty == false, c.user == nil, c.password == nil else {
                return .failure(Failure(message: "collector '\(NetError.redact(url))': expected http(s)://HOST/PATH, credentials in collector_user and collector_password_file",
                                        code: ExitCode.usage))
            }
            var password: String?
            if let file = config.collectorPasswordFile {
                guard let data = FileManager.default.contents(atPath: file),
                      let text = String(data: data, encoding: .utf8) else {
                    return .failure(Failure(message: "\(file): cannot read the collector password file (collector_password_file)", code: ExitCode.config))
                }
                password = String(text.split(whereSeparator: \.isNewline).first ?? "")
            }
            let fingerprint = fingerprint(user: config.collectorUser, password: password)
            return .success(Target(transport: HTTPCollector(base: url, user: config.collectorUser, password: password, client: client()),
                                   fingerprint: fingerprint))
        default:
            return .failure(Failure(message: "collector '\(NetError.redact(url))': only http, https and file addresses", code: ExitCode.usage))
        }
    }

    /// The exit code of a round (sysexits.h).
    static func exitCode(_ outcome: RoundReport.Outcome) -> Int32 {
        switch outcome {
        case .complete: return ExitCode.ok
        case .retryLater, .budgetExhausted, .stopped: return ExitCode.tempFail
        case .parked, .heartbeatRefused: return ExitCode.unavailable
        }
    }

    /// `borne usb`'s statistics step: receipt in, batches and heartbeat out.
    static func usbStats(config: KioskConfig, dataDir: URL, mount: URL, log: @escaping (String) -> Void) -> Result<String, Failure> {
        let key: StatsKey
        switch Self.key(dataDir: dataDir, kiosk: config.id, log: log) {
        case .success(let k): key = k
        case .failure(let f): return .failure(f)
        }
        let outbox = Outbox(dataDir: dataDir, kiosk: config.id, key: key, log: log)
        let usb = StatsUsb(outbox: outbox, mount: mount,
                           status: KioskStatusSource(dataDir: dataDir, software: BorneVersion.string), log: log)
        do {
            let report = try usb.run()
            guard report.refused.isEmpty else {
                // The rest went (batches, heartbeat); what was refused is named, and the visit is not a success.
                return .failure(Failure(message: report.summary + "\n" + report.refused.map { "stats: \($0)" }.joined(separator: "\n"),
                                        code: ExitCode.dataErr))
            }
            return .success(report.summary)
        } catch let e as StickError {
            return .failure(Failure(message: "stats: \(e)", code: e.isRefusal ? ExitCode.dataErr : ExitCode.ioErr))
        } catch let e as StatsUsbError {
            return .failure(Failure(message: "stats: \(e)", code: ExitCode.tempFail))
        } catch let e as IOError {
            return .failure(Failure(message: "stats: \(e)", code: ExitCode.ioErr))
        } catch {
            return .failure(Failure(message: "stats: \(error)", code: ExitCode.tempFail))
        }
    }
}
