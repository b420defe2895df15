import BorneOffice
import BorneStats
import BorneSystem
import Foundation

enum OfficeTrust {
    static let help = """
        Usage : borne office trust KIOSK_ID --key FILE --db FILE [--new-epoch]

        Enregistre la clé de statistiques de la borne, pour vérifier ses lots, ses
        heartbeats et ses reçus. FILE est une copie de DATA/keys/stats.key de la
        borne (64 chiffres hexadécimaux), apportée une fois à la main à l'office.
        Approuver de nouveau une borne avec une autre clé (une borne réinstallée
        en a fait une nouvelle) ouvre une nouvelle époque de clé : ses numéros
        repartent de 1, les touches reçues avec ses clés précédentes sont gardées
        et comptent toujours. Approuver de nouveau la même clé ne change rien, sauf
        avec --new-epoch : pour une borne qui renumérote depuis 1 avec la même clé
        (base et seq-floor perdus), dont l'importation refuse les lots comme en
        conflit avec des touches déjà reçues ; les importer de nouveau ensuite.

        Options :
          --key FILE     la clé de la borne (copie de DATA/keys/stats.key)
          --db FILE      la base de l'office (créée si absente)
          --new-epoch    même clé, numéros repartis de 1 : nouvelle époque
          --help         cette aide

        Codes de sortie : 0 approuvée, 64 usage, 65 pas une clé, pas un identifiant
        de borne, ou une clé d'une époque précédente, 66 fichier de clé introuvable,
        74 erreur de base.
        """

    static func run(_ args: [String]) -> Int32 {
        OfficeCommand.guarded("trust", help) {
            guard let p = try OfficeCommand.parse(args, options: ["--key", "--db"], flags: ["--new-epoch"]) else {
                print(help); return ExitCode.ok
            }
            let newEpoch = p.flags.contains("--new-epoch")
            guard p.positional.count == 1 else { throw OfficeCommand.UsageError(message: "un seul KIOSK_ID attendu, \(p.positional.count) donné(s)") }
            guard let keyPath = p.values["--key"]?.first else { throw OfficeCommand.UsageError(message: "--key FILE manque") }
            guard let dbPath = p.values["--db"]?.first else { throw OfficeCommand.UsageError(message: "--db FILE manque") }
            let kiosk = p.positional[0]
            guard KioskID.isValid(kiosk) else { printError("borne office trust : \(OfficeError.invalidKioskID(kiosk))"); return ExitCode.dataErr }
            guard FileManager.default.fileExists(atPath: keyPath) else {
                printError("borne office trust : \(keyPath) : fichier introuvable"); return ExitCode.noInput
            }
            let key: StatsKey
            do { key = try StatsKey.load(file: URL(fileURLWithPath: keyPath)) } catch let e as StatsKeyError {
                printError("borne office trust : \(OfficeCommand.safe(french(e)))"); return ExitCode.dataErr
            } catch let e as IOError {
                printError("borne office trust : \(OfficeCommand.safe(french(e)))"); return ExitCode.dataErr
            } catch {
                printError("borne office trust : \(OfficeCommand.safe(error))"); return ExitCode.dataErr
            }
            guard let store = OfficeCommand.openStore(dbPath, command: "trust") else { return ExitCode.ioErr }
            do {
                let outcome = try store.trust(kiosk: kiosk, keyHex: key.hex, newEpoch: newEpoch)
                print(message(kiosk: kiosk, fingerprint: key.fingerprint, outcome))
                return ExitCode.ok
            } catch let e as OfficeError {
                printError("borne office trust : \(OfficeCommand.safe(e))"); return ExitCode.dataErr
            } catch {
                printError("borne office trust : \(OfficeCommand.safe(error))"); return ExitCode.ioErr
            }
        }
    }
}

extension OfficeTrust {
    /// A key file refused, in French (StatsKeyError speaks English to the
    /// contractor on the kiosk): what is wrong, and what to bring instead.
    static func french(_ e: StatsKeyError) -> String {
        switch e {
        case let .badContent(path, reason):
            var why = reason
            let words = reason.split(separator: " ")
            if reason == "the file is empty" { why = "fichier vide" }
            else if reason.hasSuffix("hexadecimal digits"), let n = words.first { why = "\(n) caractères, \(StatsKey.length * 2) chiffres hexadécimaux attendus" }
            else if reason.hasPrefix("not hexadecimal") { why = "pas en hexadécimal (seulement 0-9 et a-f)" }
            else if reason.hasPrefix("all zeros") { why = "que des zéros : pas une clé faite par une borne" }
            else if reason == "not a regular file" { why = "pas un fichier ordinaire" }
            else if reason.hasSuffix("far too long for a key"), let n = words.first { why = "\(n) octets : bien trop long pour une clé" }
            else if reason == "not text" { why = "pas du texte" }
            return "\(path) : pas une clé de statistiques (\(why)) ; apporter une copie de DATA/keys/stats.key de la borne "
                + "(64 chiffres hexadécimaux)"
        case .randomFailed:
            return "le générateur aléatoire de libcrypto a échoué"
        }
    }

    /// A key file that could not be read, in French: the system call
    /// ("stat", "read": the first word of the operation), path and errno.
    static func french(_ e: IOError) -> String {
        let call = e.operation.split(separator: " ").first.map(String.init) ?? e.operation
        return "\(e.path) : impossible de lire la clé (\(call)) : \(String(cString: strerror(e.errno))) (errno \(e.errno))"
    }

    /// What `trust` did, in French like every office command.
    static func message(kiosk: String, fingerprint: String, _ outcome: TrustOutcome) -> String {
        switch outcome {
        case .firstKey:
            return "borne office trust : \(kiosk) approuvée, clé \(fingerprint)"
        case .sameKey(let epoch):
            return "borne office trust : \(kiosk) a déjà cette clé (\(fingerprint), époque \(epoch)) : rien n'a changé"
        case .newEpoch(let epoch):
            return "borne office trust : \(kiosk) approuvée avec une nouvelle clé \(fingerprint) : époque \(epoch). "
                + "Ses numéros de touches repartent de 1 ; les touches reçues avec ses clés précédentes sont gardées "
                + "et comptent toujours dans les rapports."
        case .restartedEpoch(let epoch):
            return "borne office trust : \(kiosk) garde sa clé \(fingerprint) et passe à l'époque \(epoch) : "
                + "ses numéros de touches repartent de 1 ; relancez `borne office ingest` pour les lots refusés."
        }
    }
}
