import BorneNet
import BorneTestSupport
import Foundation
import XCTest

/// A test with its own nginx and a scratch directory for downloads.
class NginxTestCase: XCTestCase {
    var server: Nginx!
    var work: URL!

    override func setUpWithError() throws {
        try super.setUpWithError()
        server = try NginxServer()
        work = FileManager.default.temporaryDirectory.appendingPathComponent("borne-net-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        server?.stop()
        server = nil
        if let work { try? FileManager.default.removeItem(at: work) }
        try super.tearDownWithError()
    }

    /// Deterministic bytes that do not compress (nothing here asks for gzip, but still).
    static func bytes(_ count: Int, seed: UInt64 = 42) -> Data {
        var state = seed &+ 0x9E37_79B9_7F4A_7C15
        var out = Data(capacity: count)
        while out.count < count {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            withUnsafeBytes(of: state) { out.append(contentsOf: $0.prefix(count - out.count)) }
        }
        return out
    }

    /// Lines of nginx's access log that mention `path`.
    func accessLines(_ path: String) -> [String] { server.requests(path) }
}
