import Foundation

/// `DATA/sync/state.json`: what the last runs learnt. Written atomically
/// (temporary file, rename) after each step that changes it. A file that
/// cannot be parsed is replaced by an empty state: the cost is one full
/// manifest fetch, never a wrong skip.
struct SyncState: Codable, Equatable {
    /// Validators of the manifest stored in `DATA/sync/manifest.json`.
    var etag: String?
    var lastModified: String?
    /// SHA-256 of the manifest of the installed version (HTTP or USB).
    var installedManifestSHA256: String?
    var installedId: String?
    /// ISO 8601 instants, for people reading the file.
    var lastCheck: String?
    var lastInstall: String?

    enum CodingKeys: String, CodingKey {
        case etag
        case lastModified = "last_modified"
        case installedManifestSHA256 = "installed_manifest_sha256"
        case installedId = "installed_id"
        case lastCheck = "last_check"
        case lastInstall = "last_install"
    }

    static func load(_ file: URL) -> SyncState {
        guard let data = try? Data(contentsOf: file),
              let s = try? JSONDecoder().decode(SyncState.self, from: data) else { return SyncState() }
        return s
    }

    func save(_ file: URL) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            try enc.encode(self).write(to: file, options: .atomic)
        } catch {
            throw SyncError.file(path: file.path, message: "cannot save the sync state: \(error.localizedDescription)")
        }
    }

    static func now() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: Date())
    }
}
