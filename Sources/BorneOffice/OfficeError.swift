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
            return "'\(id)' is not a kiosk id: lowercase letters, digits and inner hyphens, at most 64 (e.g. vic-sur-cere)"
        case let .badKeyFile(path, reason):
            return "\(path): \(reason); the kiosk's key is DATA/keys/stats.key, 64 hex digits"
        case .unknownKiosk(let id):
            return "kiosk '\(id)' is not trusted: run `borne office trust \(id) --key FILE --db FILE` with its stats key"
        case .noSuchSource(let s):
            return "\(s): no such directory (a collector root, a USB stick's mount point or an http(s) URL)"
        case let .unreadable(path, reason):
            return "cannot read \(path): \(reason)"
        case let .cannotWrite(path, reason):
            return "cannot write \(path): \(reason)"
        case .badURL(let u):
            return "\(u): not an http(s) URL"
        case let .http(url, reason):
            return "\(url): \(reason)"
        case let .pastKey(kiosk, epoch):
            return "this key was kiosk '\(kiosk)''s key in epoch \(epoch), before its current one: a kiosk that goes back to an old key cannot be told from that epoch; give it a new key (remove DATA/keys/stats.key on the kiosk, it makes a new one) and trust that"
        }
    }
}

import BorneStats

/// Kiosk ids name directories on the collector and the stick: the codec's rule.
public enum KioskID {
    public static func isValid(_ id: String) -> Bool { BatchName.isValidKiosk(id) }
}
