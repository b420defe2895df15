import BorneSystem
import Foundation

/// A directory as collector (`file://DIR`): `DIR/KIOSK/NAME`, each file
/// written atomically and durably (temporary file, fsync, rename, fsync of
/// the folder), so a reader sees whole files only. For a share mounted from
/// the office, or tests.
public final class FileCollector: CollectorTransport {
    public let directory: URL

    public init(directory: URL) { self.directory = directory }

    public var displayName: String { "file://" + directory.path }

    public func put(_ path: String, _ bytes: [UInt8], contentType: String) throws {
        let file = directory.appendingPathComponent(path)
        do {
            try AtomicFile.makeDirectories(file.deletingLastPathComponent().path)
            try AtomicFile.write(bytes, to: file.path)
        } catch let e as IOError {
            throw DeliveryError.failed(e.description)
        }
    }
}
