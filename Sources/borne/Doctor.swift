import BorneBundle
import BorneContent
import BorneCore
import BorneStats
import BorneStore
import BorneUI
import Foundation

/// What `borne doctor` finds on one kiosk: one `Finding` per check, each in
/// French (the office) and English (the contractor), with what to do.
/// Reads only: it never creates, repairs or moves a file, so it is safe to
/// run beside the kiosk, `borne sync` and `borne upload`.
struct Doctor {
    enum Status: String, Codable, Comparable {
        case ok, warning, fault
        static func < (a: Status, b: Status) -> Bool { a.rank < b.rank }
        private var rank: Int { self == .ok ? 0 : self == .warning ? 1 : 2 }
    }

    struct Finding: Codable, Equatable {
        /// Stable name, for scripts and tests: config, stats-key, trusted-keys,
        /// content, database, disk, clock, sync, rounds (4g kiosks), upload, terminal.
        var check: String
        var status: Status
        var fr: String
        var en: String
        /// What to do, in French (empty when all is well).
        var fix: String = ""
    }

    var configPath: String
    var dataDir: URL
    var now: Date
    var minFreeBytes: Int64 = 200_000_000
    var uploadMaxAge: TimeInterval = 48 * 3600
    var syncMaxAge: TimeInterval = 24 * 3600
    /// The attached terminal's size, when there is one.
    var terminalSize: Size?
    /// Where systemd's unit directories are (tests: a directory of their own).
    var systemdRoot = "/"

    func run() -> [Finding] {
        var out: [Finding] = []
        let config = checkConfig(&out)
        checkKeys(config, &out)
        let manifest = checkContent(config, &out)
        let db = checkDatabase(&out)
        checkDisk(&out)
        checkClock(manifest, &out)
        checkSync(config, &out)
        checkRounds(config, &out)
        checkUpload(config, db, &out)
        checkTerminal(&out)
        return out
    }

    // MARK: - checks

    func checkConfig(_ out: inout [Finding]) -> KioskConfig? {
        do {
            let c = try KioskConfigLoader.load(file: URL(fileURLWithPath: configPath), displayName: configPath)
            out.append(Finding(check: "config", status: .ok, fr: "configuration \(c.id) lue", en: "configuration \(c.id) reads"))
            return c
        } catch {
            out.append(Finding(check: "config", status: .fault,
                               fr: "configuration illisible : \(error)", en: "configuration cannot be used: \(error)",
                               fix: "réinstaller la configuration : borne setup --kiosk ID"))
            return nil
        }
    }

    func checkKeys(_ config: KioskConfig?, _ out: inout [Finding]) {
        let file = StatsKey.file(dataDir: dataDir)
        if !FileManager.default.fileExists(atPath: file.path) {
            out.append(Finding(check: "stats-key", status: .fault,
                               fr: "clé de statistiques absente (\(file.path))", en: "statistics key missing (\(file.path))",
                               fix: "ancienne borne : recopier son keys/stats.key ; borne neuve : borne setup --kiosk ID, puis borne office trust"))
        } else {
            do {
                let key = try StatsKey.load(file: file)
                out.append(Finding(check: "stats-key", status: .ok, fr: "clé de statistiques \(key.fingerprint)",
                                   en: "statistics key \(key.fingerprint)"))
            } catch {
                out.append(Finding(check: "stats-key", status: .fault, fr: "clé de statistiques invalide : \(error)",
                                   en: "statistics key invalid: \(error)",
                                   fix: "restaurer keys/stats.key depuis la sauvegarde (docs/OPERATIONS.md)"))
            }
        }
        guard let config else { return }
        if config.trustedKeys.isEmpty {
            out.append(Finding(check: "trusted-keys", status: .fault, fr: "aucune clé de contenu de confiance (trusted_keys vide)",
                               en: "no trusted content key (trusted_keys is empty)",
                               fix: "ajouter borne.pub du prestataire dans trusted_keys de /etc/borne/kiosk.json"))
        } else {
            out.append(Finding(check: "trusted-keys", status: .ok, fr: "\(config.trustedKeys.count) clé(s) de contenu de confiance",
                               en: "\(config.trustedKeys.count) trusted content key(s)"))
        }
    }

    /// The installed current version: files against its kept manifest, and
    /// that manifest's signature against today's trusted keys.
    func checkContent(_ config: KioskConfig?, _ out: inout [Finding]) -> BundleManifest? {
        let installer = BundleInstaller(dataDirectory: dataDir)
        let fix = "réinstaller le contenu : borne sync, ou une clé USB BORNE (docs/OPERATIONS.md)"
        do {
            guard let id = try installer.currentID() else {
                out.append(Finding(check: "content", status: .fault, fr: "aucun contenu installé", en: "no content installed", fix: fix))
                return nil
            }
            let manifest = try installer.verifyInstalled(id)
            let root = dataDir.appendingPathComponent("content/versions/\(id)")
            let manifestData = try Data(contentsOf: root.appendingPathComponent(".manifest.json"))
            let signature = try Data(contentsOf: root.appendingPathComponent(".manifest.sig"))
            let verifier = try BundleVerifier(trustedKeyHex: config?.trustedKeys ?? [])
            _ = try verifier.verifyManifest(manifestData, signature: signature,
                                            manifestPath: root.path + "/.manifest.json", signaturePath: root.path + "/.manifest.sig")
            out.append(Finding(check: "content", status: .ok, fr: "contenu \(id) intact et signé", en: "content \(id) intact and signed"))
            return manifest
        } catch {
            out.append(Finding(check: "content", status: .fault, fr: "contenu altéré ou non vérifiable : \(error)",
                               en: "content tampered with or unverifiable: \(error)", fix: fix))
            return nil
        }
    }

    func checkDatabase(_ out: inout [Finding]) -> Database? {
        let path = dataDir.appendingPathComponent("sessions.db").path
        guard FileManager.default.fileExists(atPath: path) else {
            out.append(Finding(check: "database", status: .warning, fr: "pas encore de base sessions.db (aucun toucher enregistré)",
                               en: "no sessions.db yet (no touch recorded)", fix: "normal avant le premier démarrage du kiosque"))
            return nil
        }
        do {
            let db = try Database(path: path, flags: [.readOnly, .noMutex])
            db.setBusyTimeout(milliseconds: 2000)
            let result = try db.texts("PRAGMA integrity_check")
            guard result == ["ok"] else {
                out.append(Finding(check: "database", status: .fault,
                                   fr: "base sessions.db corrompue : \(result.prefix(3).joined(separator: "; "))",
                                   en: "sessions.db is corrupt: \(result.prefix(3).joined(separator: "; "))", fix: Self.corruptFix))
                return nil
            }
            out.append(Finding(check: "database", status: .ok, fr: "base sessions.db intègre", en: "sessions.db passes integrity_check"))
            return db
        } catch {
            out.append(Finding(check: "database", status: .fault, fr: "base sessions.db illisible ou corrompue : \(error)",
                               en: "sessions.db unreadable or corrupt: \(error)", fix: Self.corruptFix))
            return nil
        }
    }

    static let corruptFix = "redémarrer le kiosque (il met la base de côté et en crée une neuve) ; garder le fichier mis de côté pour le prestataire"

    func checkDisk(_ out: inout [Finding]) {
        guard let attrs = try? FileManager.default.attributesOfFileSystem(forPath: dataDir.path),
              let free = (attrs[.systemFreeSize] as? NSNumber)?.int64Value else {
            out.append(Finding(check: "disk", status: .fault, fr: "espace libre inconnu (\(dataDir.path) absent ?)",
                               en: "free space unknown (\(dataDir.path) missing?)", fix: "borne setup --kiosk ID crée le dossier"))
            return
        }
        let mb = free / 1_000_000
        if free < minFreeBytes {
            out.append(Finding(check: "disk", status: .fault, fr: "disque presque plein : \(mb) Mo libres (minimum \(minFreeBytes / 1_000_000) Mo)",
                               en: "disk nearly full: \(mb) MB free (minimum \(minFreeBytes / 1_000_000) MB)",
                               fix: "libérer de la place (journalctl --vacuum-size=100M, anciens fichiers) ; ne jamais effacer /var/lib/borne"))
        } else {
            out.append(Finding(check: "disk", status: .ok, fr: "\(mb) Mo libres", en: "\(mb) MB free"))
        }
    }

    func checkClock(_ manifest: BundleManifest?, _ out: inout [Finding]) {
        let fix = "régler l'horloge : timedatectl set-ntp true (réseau) ou timedatectl set-time 'AAAA-MM-JJ hh:mm:ss'"
        let shown = UTCTime.format(now)
        if let created = manifest?.created, now < created.addingTimeInterval(-300) {
            out.append(Finding(check: "clock", status: .fault,
                               fr: "horloge en retard : \(shown), avant la création du contenu (\(UTCTime.format(created)))",
                               en: "clock is behind: \(shown), before the content was made (\(UTCTime.format(created)))", fix: fix))
        } else if let created = manifest?.created, now > created.addingTimeInterval(5 * 365 * 86400) {
            out.append(Finding(check: "clock", status: .fault, fr: "horloge en avance : \(shown), plus de 5 ans après le contenu",
                               en: "clock is ahead: \(shown), over 5 years after the content", fix: fix))
        } else if now > Date(timeIntervalSince1970: 4_102_444_800) {  // 2100-01-01
            out.append(Finding(check: "clock", status: .fault, fr: "horloge absurde : \(shown)", en: "absurd clock: \(shown)", fix: fix))
        } else {
            out.append(Finding(check: "clock", status: .ok, fr: "horloge \(shown)", en: "clock \(shown)"))
        }
    }

    func checkSync(_ config: KioskConfig?, _ out: inout [Finding]) {
        guard let config else { return }
        let state = dataDir.appendingPathComponent("sync/state.json")
        let object = (try? Data(contentsOf: state)).flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
        let last = (object?["last_check"] as? String).flatMap(Self.parseInstant)
        if config.connectivity == .none || config.syncURL == nil {
            let installed = (object?["last_install"] as? String) ?? "jamais/never"
            out.append(Finding(check: "sync", status: .ok, fr: "sans synchronisation réseau (clé USB) ; dernière installation : \(installed)",
                               en: "no network sync (USB stick); last install: \(installed)"))
            return
        }
        guard let last else {
            out.append(Finding(check: "sync", status: .warning, fr: "aucune synchronisation réussie enregistrée",
                               en: "no sync recorded", fix: "systemctl status borne-sync.timer ; journalctl -u borne-sync"))
            return
        }
        let hours = Int(now.timeIntervalSince(last) / 3600)
        if now.timeIntervalSince(last) > syncMaxAge {
            out.append(Finding(check: "sync", status: .warning, fr: "dernière synchronisation il y a \(hours) h",
                               en: "last sync \(hours) h ago", fix: "vérifier le réseau ; journalctl -u borne-sync"))
        } else {
            out.append(Finding(check: "sync", status: .ok, fr: "dernière synchronisation il y a \(hours) h", en: "last sync \(hours) h ago"))
        }
    }

    /// A 4g kiosk must do its sync in the upload daemon's rounds, which keep
    /// their TLS sessions (docs/SYNC.md): BORNE_UPLOAD_ARGS with --with-sync
    /// in upload.env beside the config, and no timer doing its own checks.
    func checkRounds(_ config: KioskConfig?, _ out: inout [Finding]) {
        guard config?.connectivity == .cellular4G else { return }
        let env = UploadEnv.file(etc: (configPath as NSString).deletingLastPathComponent)
        let args = FileManager.default.contents(atPath: env).flatMap { UploadEnv.args(String(decoding: $0, as: UTF8.self)) }
        let cost = "≈ 8 Mo par mois au lieu de ≈ 3 Mo (docs/BENCHMARKS.md)"
        let costEn = "≈ 8 MB a month instead of ≈ 3 MB"
        guard UploadEnv.isRounds(args) else {
            out.append(Finding(check: "rounds", status: .warning,
                               fr: "borne 4G hors tournées : \(env) \(args.map { "a BORNE_UPLOAD_ARGS=\($0), sans --with-sync" } ?? "ne règle pas BORNE_UPLOAD_ARGS") ; chaque synchronisation et chaque envoi refait sa poignée de main TLS, \(cost)",
                               en: "4g kiosk not in rounds: \(env) \(args.map { "has BORNE_UPLOAD_ARGS=\($0), without --with-sync" } ?? "sets no BORNE_UPLOAD_ARGS"); every sync and upload makes a full TLS handshake, \(costEn)",
                               fix: "mettre \(UploadEnv.roundsLine) dans \(env) (à la place de l'autre ligne BORNE_UPLOAD_ARGS ; borne setup --kiosk \(config!.id) le fait si kiosk.json n'a pas été modifié), puis systemctl restart borne-upload"))
            return
        }
        if let unit = syncUnitStillChecking() {
            out.append(Finding(check: "rounds", status: .warning,
                               fr: "borne-sync.timer fait encore ses propres vérifications (\(unit) n'a pas l'ExecCondition sur upload.env) en plus des tournées : \(cost)",
                               en: "borne-sync.timer still does its own checks (\(unit) lacks the ExecCondition on upload.env) besides the rounds: \(costEn)",
                               fix: "mettre à jour le paquet borne (ou retirer l'unité locale \(unit)), ou : systemctl disable --now borne-sync.timer"))
            return
        }
        out.append(Finding(check: "rounds", status: .ok, fr: "borne 4G en tournées (borne upload \(args!))",
                           en: "4g kiosk in rounds (borne upload \(args!))"))
    }

    /// The borne-sync.service systemd would load, when borne-sync.timer is
    /// enabled and that unit does not skip its runs in rounds mode; nil
    /// otherwise (timer disabled, units not installed, or the condition there).
    func syncUnitStillChecking() -> String? {
        let root = URL(fileURLWithPath: systemdRoot)
        guard FileManager.default.fileExists(atPath: root.appendingPathComponent("etc/systemd/system/timers.target.wants/borne-sync.timer").path) else { return nil }
        for dir in ["etc/systemd/system", "lib/systemd/system", "usr/lib/systemd/system"] {
            let unit = root.appendingPathComponent(dir).appendingPathComponent("borne-sync.service").path
            guard let data = FileManager.default.contents(atPath: unit) else { continue }
            if data.isEmpty { return nil }  // masked (a link to /dev/null)
            let skips = String(decoding: data, as: UTF8.self).split(separator: "\n")
                .contains { $0.hasPrefix("ExecCondition=") && $0.contains("upload.env") && $0.contains("--with-sync") }
            return skips ? nil : unit
        }
        return nil
    }

    /// Touches waiting longer than `uploadMaxAge` mean the statistics stopped leaving.
    func checkUpload(_ config: KioskConfig?, _ db: Database?, _ out: inout [Finding]) {
        if let parked = Self.parkedCount(dataDir), parked > 0 {
            out.append(Finding(check: "upload", status: .fault, fr: "\(parked) lot(s) refusé(s) par le collecteur (upload/parked.json)",
                               en: "\(parked) batch(es) refused by the collector (upload/parked.json)",
                               fix: "lire la raison dans upload/parked.json, corriger le collecteur ou le mot de passe, puis borne upload --once --retry-parked"))
            return
        }
        guard let db else { return }
        let acked = (try? db.int64("SELECT last_acked_seq FROM upload_state WHERE id = 1")) ?? 0
        let ackedAt = (try? db.text("SELECT updated_utc FROM upload_state WHERE id = 1")) ?? "jamais/never"
        guard let oldest = try? db.text("SELECT wall_utc FROM touches WHERE seq > ? ORDER BY seq LIMIT 1", [.integer(acked)]),
              let oldestDate = Self.parseInstant(oldest) else {
            out.append(Finding(check: "upload", status: .ok, fr: "tous les touchers sont envoyés (dernier accusé : \(ackedAt))",
                               en: "every touch shipped (last acknowledged: \(ackedAt))"))
            return
        }
        let age = now.timeIntervalSince(oldestDate)
        let hours = Int(age / 3600)
        guard age > uploadMaxAge else {
            out.append(Finding(check: "upload", status: .ok, fr: "touchers en attente depuis \(hours) h (dernier accusé : \(ackedAt))",
                               en: "touches waiting for \(hours) h (last acknowledged: \(ackedAt))"))
            return
        }
        let byStick = config?.connectivity == KioskConfig.Connectivity.none && config?.collectorURL == nil
        out.append(Finding(check: "upload", status: byStick ? .warning : .fault,
                           fr: "aucun envoi de statistiques depuis \(hours) h (dernier accusé : \(ackedAt))",
                           en: "no statistics shipped for \(hours) h (last acknowledged: \(ackedAt))",
                           fix: byStick ? "passer avec la clé USB BORNE (tournée, docs/OPERATIONS.md)"
                                        : "journalctl -u borne-upload ; vérifier le réseau et le collecteur"))
    }

    func checkTerminal(_ out: inout [Finding]) {
        guard let size = terminalSize else { return }
        let min = KioskApp.minimumSize
        if size.width < min.width || size.height < min.height {
            out.append(Finding(check: "terminal", status: .warning, fr: "terminal \(size.width)x\(size.height), trop petit (minimum \(min.width)x\(min.height))",
                               en: "terminal \(size.width)x\(size.height), too small (minimum \(min.width)x\(min.height))",
                               fix: "agrandir la police ou la fenêtre du terminal (cage/foot : font=)"))
        } else {
            out.append(Finding(check: "terminal", status: .ok, fr: "terminal \(size.width)x\(size.height)", en: "terminal \(size.width)x\(size.height)"))
        }
    }

    // MARK: - helpers

    static func parkedCount(_ dataDir: URL) -> Int? {
        guard let data = try? Data(contentsOf: dataDir.appendingPathComponent("upload/parked.json")),
              let o = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        return (o["batches"] as? [Any])?.count
    }

    static func parseInstant(_ s: String) -> Date? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = f.date(from: s) { return d }
        f.formatOptions = [.withInternetDateTime]
        return f.date(from: s)
    }
}
