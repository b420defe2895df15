import BorneContent
import BorneBundle
import BorneCore
import BorneNet
import BorneSync
import BorneStick
import Foundation

/// Shared by `borne sync` and `borne usb`: loading
/// the kiosk config, and the exit code of a failure (sysexits.h).
enum SyncSupport {
    struct ConfigFailure: Error { var message: String; var code: Int32 }

    /// Loads the kiosk config: 66 when the file is missing, 78 when it is wrong.
    static func loadConfig(_ path: String) -> Result<KioskConfig, ConfigFailure> {
        do {
            return .success(try KioskConfigLoader.load(file: URL(fileURLWithPath: path)))
        } catch {
            let missing = !FileManager.default.fileExists(atPath: path)
            return .failure(ConfigFailure(message: "\(error)", code: missing ? ExitCode.noInput : ExitCode.config))
        }
    }

    /// The exit code for what stopped a sync or an import.
    static func exitCode(for error: Error) -> Int32 {
        if let f = error as? SyncFailure {
            if f.isTemporary { return ExitCode.tempFail }
            return exitCode(for: f.error)
        }
        switch error {
        case let o as ObjectFetchError:
            return exitCode(for: o.underlying)
        case is KioskBundleGate.NoTrustedKey:
            return ExitCode.config
        case let b as BundleError:
            switch b {
            case .diskFull, .busy: return ExitCode.tempFail
            case .io: return ExitCode.ioErr
            case .noTrustedKeys, .invalidKey: return ExitCode.config
            default: return ExitCode.dataErr
            }
        case let n as NetError:
            switch n {
            case .diskFull, .file: return ExitCode.ioErr
            case .http(let status, _) where status < 500: return ExitCode.unavailable
            default: return n.isTransient ? ExitCode.tempFail : ExitCode.unavailable
            }
        case let s as SyncError:
            switch s {
            case .busy: return ExitCode.tempFail
            case .file: return ExitCode.ioErr
            case .noBundle, .missingObject: return ExitCode.noInput
            case .checksumMismatch, .sizeMismatch, .badManifest, .undecodable: return ExitCode.dataErr
            }
        case let e as StickError:
            // A link, FIFO or device planted on the stick: refused by name.
            return e.isRefusal ? ExitCode.dataErr : e.problem == .missing ? ExitCode.noInput : ExitCode.ioErr
        default:
            // The gate's own refusals: a manifest that does not verify, an
            // install that failed its checks.
            return ExitCode.dataErr
        }
    }

    /// "3 objects, 1.2 MB" style summary of a report.
    static func summary(_ r: SyncReport) -> String {
        var parts = [r.manifestChanged ? "new manifest" : "manifest unchanged",
                     "\(r.objectsFetched) object\(r.objectsFetched == 1 ? "" : "s")", "\(r.bytesFetched) bytes"]
        if let id = r.installedId { parts.append("installed \(id)") }
        return parts.joined(separator: ", ")
    }
}
