import BorneNet
import BorneStats
import Foundation

/// Ingest over HTTP from the WebDAV collector, without WebDAV: nginx's
/// `autoindex on; autoindex_format json;` lists `BASE/` (one directory per
/// kiosk) and `BASE/KIOSK/` (its files). Credentials may be in the URL
/// (`https://user:password@host/stats/`); they never appear in messages.
/// A batch name stored before is not downloaded again (its range is
/// stored; rows are never counted twice either way). No receipts: they
/// exist for sticks only.
extension OfficeIngest {
    func ingestHTTP(_ url: String) throws {
        guard let c = URLComponents(string: url), c.scheme == "http" || c.scheme == "https", c.host != nil else {
            throw OfficeError.badURL(NetError.redact(url))
        }
        let base = url.hasSuffix("/") ? url : url + "/"
        let client = HTTPClient(limits: HTTPLimits(connectTimeout: 15, overallTimeout: 120), userAgent: "borne-office")
        let tmp = NSTemporaryDirectory() + "borne-office-http-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        var n = 0
        func fetch(_ u: String) throws -> [UInt8] {
            n += 1
            let file = URL(fileURLWithPath: tmp + "/\(n)")
            do {
                _ = try client.get(u, to: file)
            } catch {
                throw OfficeError.http(url: NetError.redact(u), reason: (error as? NetError)?.officeReason ?? "\(error)")
            }
            defer { try? FileManager.default.removeItem(at: file) }
            return Array((try? Data(contentsOf: file)) ?? Data())
        }
        for dir in try Self.autoindex(fetch(base), url: base) where dir.isDirectory {
            let kioskURL = base + dir.name + "/"
            let files = try Self.autoindex(fetch(kioskURL), url: kioskURL).filter { !$0.isDirectory }
            let times = Dictionary(files.map { ($0.name, $0.modifiedMs) }, uniquingKeysWith: { a, _ in a })
            try ingestKiosk(dir.name, files: files.map(\.name).filter { !$0.hasPrefix(".") }.sorted(), via: .http,
                            skipStoredName: true) { name in
                (try fetch(kioskURL + name), times[name] ?? nil)
            }
        }
    }

    struct IndexEntry: Equatable {
        var name: String
        var isDirectory: Bool
        var modifiedMs: Int64?
    }

    /// Parses nginx's JSON autoindex: `[{"name":..., "type":"directory"|"file", "mtime":"<RFC 1123>", "size":N}]`.
    static func autoindex(_ bytes: [UInt8], url: String) throws -> [IndexEntry] {
        guard let list = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [[String: Any]] else {
            throw OfficeError.http(url: NetError.redact(url),
                                   reason: "pas une liste de dossier JSON : le collecteur doit avoir `autoindex on; autoindex_format json;`")
        }
        return list.compactMap { e in
            guard let name = e["name"] as? String, !name.contains("/"), name != "..", name != "." else { return nil }
            return IndexEntry(name: name, isDirectory: (e["type"] as? String) == "directory",
                              modifiedMs: (e["mtime"] as? String).flatMap(httpDate))
        }
    }

    /// "Tue, 14 Jul 2020 10:00:00 GMT" → UTC ms.
    static func httpDate(_ s: String) -> Int64? {
        let p = s.split(separator: " ")
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard p.count == 6, p[5] == "GMT", let d = Int(p[1]), let m = months.firstIndex(of: String(p[2])),
              let y = Int(p[3]) else { return nil }
        let iso = String(format: "%04d-%02d-%02dT%@Z", y, m + 1, d, String(p[4]))
        return OfficeTime.parseISO(iso)
    }
}

extension NetError {
    /// Why a collector could not be read, in French for `borne office
    /// ingest` (the URL, credentials removed, is said before it).
    var officeReason: String {
        switch self {
        case .timeout:
            return "pas de réponse à temps (ou trop lente) ; la liaison est peut-être coupée : relancer l'importation plus tard"
        case .couldNotConnect:
            return "connexion impossible (refusée, injoignable ou nom inconnu) ; vérifier le réseau et l'adresse du collecteur"
        case .http(let status, _):
            return "le serveur a répondu HTTP \(status)"
                + (status >= 500 ? " ; le serveur est en panne : relancer plus tard" : " ; vérifier l'adresse du collecteur et ses identifiants")
        case let .budgetExceeded(used, limit):
            return "budget d'octets du jour atteint (\(used) sur \(limit))"
        case .diskFull(let path):
            return "\(path) : disque plein ; libérer de la place puis relancer"
        case let .file(path, message):
            return "\(path) : \(message)"
        case let .badResponse(_, reason):
            return "réponse invalide du serveur : \(reason)"
        case let .curl(code, message, _):
            return "erreur libcurl \(code) : \(message)"
        }
    }
}
