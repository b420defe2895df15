import BorneCore
import BorneStick
import BorneSync
import Foundation

/// `borne usb MOUNTPOINT`: installs the bundle on a stick (`MOUNT/borne/`,
/// the published tree's layout) and writes back `MOUNT/borne/status-<id>.json`
/// — how the kiosk without network (St Jacques des Blats) gets content, and
/// how the contractor learns it did. Started by `borne-usb@.service` when a
/// stick labelled BORNE is plugged in.
enum UsbCommand {
    static let help = """
        Usage: borne usb MOUNTPOINT --config FILE --data-dir DIR [--no-stats]

        Installs the bundle in MOUNTPOINT/borne/ (manifest.json, manifest.sig,
        objects/ab/cdef…): verifies the manifest, copies and checks each object
        the kiosk lacks, installs, then writes MOUNTPOINT/borne/status-<kiosk id>.json
        (kiosk, time, what was installed, errors) for the office.

        Statistics ride on the same stick: the office's receipt
        MOUNTPOINT/borne/receipts/<kiosk id>.json, once its MAC verifies with
        this kiosk's key, acknowledges touches (their batches are removed from
        the stick); every touch still pending is written as batches, with a
        heartbeat, in MOUNTPOINT/borne/stats/<kiosk id>/ (docs/BATCHES.md).
        A stick with a borne/ folder and no bundle (the office's, made by
        `borne office stick prepare`) carries statistics only: "pas de contenu
        sur cette clé", exit 0.

        The stick is untrusted: every path on it is opened one component at a
        time without following links; a symbolic link, FIFO or device at any
        name the command uses is refused by name (exit 65), never read or
        written through. Touches are acknowledged only by a verified receipt,
        so a refusal loses none.

        Options:
          --config FILE     kiosk configuration (/etc/borne/kiosk.json on a kiosk)
          --data-dir DIR    the kiosk's data directory (/var/lib/borne)
          --no-stats        leave the statistics alone (content only)
          --help            this help

        Exit codes: 0 ok (installed, already current, or statistics only), 64 usage,
        65 a bundle that fails verification or a path refused on the stick, 66 no
        borne/ folder, an incomplete bundle, or config missing, 69 no bundle
        verification in this build, 74 I/O error (the report could not be written),
        75 another sync running, 78 bad config. The content's code wins; when the
        content went well, the statistics' (74 stick not writable, 75 try again, 78 bad key).
        """

    struct Options {
        var mount: String?
        var config: String?
        var dataDir: String?
        var stats = true
    }

    static func parse(_ args: [String]) throws -> Options? {
        var o = Options()
        var r = OptionReader(args)
        while let a = r.next() {
            switch a {
            case "--help", "-h": return nil
            case "--config": o.config = try r.value(a)
            case "--data-dir": o.dataDir = try r.value(a)
            case "--no-stats": o.stats = false
            default:
                guard !a.hasPrefix("-") else { throw OptionReader.unknown(a) }
                guard o.mount == nil else { throw SyncSupport.UsageError("one mount point only; extra argument '\(a)'") }
                o.mount = a
            }
        }
        guard o.mount != nil else { throw SyncSupport.UsageError("missing MOUNTPOINT") }
        try OptionReader.require(config: o.config, dataDir: o.dataDir)
        return o
    }

    static func run(_ args: [String], gateFactory: GateFactory = makeGate, now: () -> Date = Date.init) -> Int32 {
        let o: Options
        do {
            guard let parsed = try parse(args) else { print(help); return ExitCode.ok }
            o = parsed
        } catch let e as SyncSupport.UsageError {
            printError("borne usb: \(e.message)\nRun `borne usb --help` for the options.")
            return ExitCode.usage
        } catch { return ExitCode.software }

        // Every path on the stick is resolved below its mount point without following links (BorneStick).
        let bundle: StickDir
        do {
            guard let b = try StickDir.openRoot(o.mount!).folder("borne") else {
                Log.error("borne usb: \(SyncError.noBundle(path: URL(fileURLWithPath: o.mount!).appendingPathComponent("borne").path)) "
                    + "(a stick for statistics only needs an empty borne/ folder: borne office stick prepare)")
                return ExitCode.noInput
            }
            bundle = b
        } catch let e as StickError {
            Log.error("borne usb: \(e); nothing was read from or written to the stick")
            return SyncSupport.exitCode(for: e)
        } catch {
            Log.error("borne usb: \(error)")
            return ExitCode.ioErr
        }
        let dataDir = URL(fileURLWithPath: o.dataDir!)

        // Every outcome below ends in a status report on the stick.
        var kioskId = "unknown"
        var report = SyncReport()
        var errors: [String] = []
        var code = ExitCode.ok
        var importer: UsbImporter?
        var kioskConfig: KioskConfig?
        switch SyncSupport.loadConfig(o.config!) {
        case .failure(let f):
            errors.append(f.message); code = f.code
        case .success(let config) where (try? bundle.kind("manifest.json")) == .some(nil):
            // A stick that only carries statistics (the office's, with its receipts): no content to install.
            kioskId = config.id
            kioskConfig = config
            print("borne usb: pas de contenu sur cette clé — no content bundle on the stick, content left as it is")
        case .success(let config):
            kioskId = config.id
            kioskConfig = config
            do {
                let gate = try gateFactory(config, dataDir)
                let imp = UsbImporter(bundle: bundle, dataDir: dataDir, gate: gate, log: { Log.info("borne usb: \($0)") })
                importer = imp
                report = try imp.run()
            } catch let f as SyncFailure {
                report = f.report
                errors.append("\(f.error)"); code = SyncSupport.exitCode(for: f)
            } catch {
                errors.append("\(error)"); code = SyncSupport.exitCode(for: error)
            }
        }
        // Statistics: whatever happened to the content (docs/STATISTICS.md, "Shipping").
        if o.stats, let kioskConfig {
            switch UploadSupport.usbStats(config: kioskConfig, dataDir: dataDir, mount: URL(fileURLWithPath: o.mount!),
                                          log: { Log.info("borne usb: \($0)") }) {
            case .success(let line): print("borne usb: \(line)")
            case .failure(let f):
                errors.append(f.message)
                if code == ExitCode.ok { code = f.code }
            }
        }
        for e in errors { Log.error("borne usb: \(e)") }

        let status = UsbStatusReport(kioskId: kioskId, time: now(), borneVersion: BorneVersion.string,
                                     report: report, currentId: importer?.currentId() ?? UsbImporter.currentId(dataDir: dataDir),
                                     errors: errors)
        do {
            let file = try status.write(into: bundle)
            let outcome = errors.isEmpty ? SyncSupport.summary(report) : "failed (\(errors.count) error\(errors.count == 1 ? "" : "s"))"
            print("borne usb: \(outcome); status written to \(file)")
        } catch {
            Log.error("borne usb: status report not written: \(error)")
            if code == ExitCode.ok { code = SyncSupport.exitCode(for: error) }
        }
        return code
    }
}
