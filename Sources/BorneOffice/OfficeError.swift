import Foundation

/// What the office commands can fail on, with where and what to do.
public enum OfficeError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidKioskID(String)
    case badKeyFile(path: String, reason: String)
    case unknownKiosk(String)
    case noSuchSource(String)
    case unreadable(path: String, reason: String)
    case cannotWrite(path: String, reason: String)
    case badURL(String)
    case http(url: String, reason: String)
    /// `trust` with a key the kiosk had in an earlier epoch.
    case pastKey(kiosk: String, epoch: Int64)

    public var description: String {
        switch self {
        case .invalidKioskID(let id):
            return "« \(id) » n'est pas un identifiant de borne : minuscules, chiffres et tirets intérieurs, 64 au plus (ex. vic-sur-cere)"
        case let .badKeyFile(path, reason):
            return "\(path) : \(reason) ; la clé de la borne est DATA/keys/stats.key, 64 chiffres hexadécimaux"
        case .unknownKiosk(let id):
            return "la borne « \(id) » n'est pas approuvée : lancer `borne office trust \(id) --key FILE --db FILE` avec sa clé"
        case .noSuchSource(let s):
            return "\(s) : dossier introuvable (racine d'un collecteur, point de montage d'une clé USB ou URL http(s))"
        case let .unreadable(path, reason):
            return "impossible de lire \(path) : \(reason)"
        case let .cannotWrite(path, reason):
            return "impossible d'écrire \(path) : \(reason)"
        case .badURL(let u):
            return "\(u) : pas une URL http(s)"
        case let .http(url, reason):
            return "\(url) : \(reason)"
        case let .pastKey(kiosk, epoch):
            return "cette clé était celle de la borne « \(kiosk) » à l'époque \(epoch), avant l'actuelle : une borne revenue à une ancienne clé ne se distingue pas de cette époque ; lui donner une nouvelle clé (supprimer DATA/keys/stats.key sur la borne, elle en refait une) et approuver celle-ci"
        }
    }
}

import BorneStats

/// Kiosk ids name directories on the collector and the stick: the codec's rule.
public enum KioskID {
    public static func isValid(_ id: String) -> Bool { BatchName.isValidKiosk(id) }
}
