import BorneCore
import Foundation
import XCTest

/// `WebHost.host(of:)` answers as `URLComponents.host` did (the content
/// validation's check of web addresses), without ICU for plain hosts.
final class WebHostTests: XCTestCase {
    private static let repoRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every string of the bundled content's JSON files that looks like an address.
    private static func contentAddresses() throws -> [String] {
        let content = repoRoot.appendingPathComponent("content")
        guard let walk = FileManager.default.enumerator(at: content, includingPropertiesForKeys: nil) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: content.path])
        }
        var found: [String] = []
        func collect(_ v: Any) {
            if let s = v as? String, s.contains("://") || s.hasPrefix("www.") { found.append(s) }
            if let a = v as? [Any] { a.forEach(collect) }
            if let d = v as? [String: Any] { d.values.forEach(collect) }
        }
        for case let url as URL in walk where url.pathExtension == "json" {
            collect(try JSONSerialization.jsonObject(with: Data(contentsOf: url)))
        }
        return found
    }

    private static let edgeHosts = [
        "www.example.com", "WWW.Example.COM", "a..b.com", "-a.com", "a-.com", "ab--c.com", "a_b.com", "example.com.",
        ".example.com", String(repeating: "a", count: 70) + ".com", "xn--bcher-kva.de", "XN--BCHER-KVA.de", "Xn--bcher-kva.de",
        "xn--invalid-.com", "xn--.com", "a%2Eb", "a%2eb.com", "a%41.com", "1.2.3.4", "[::1]", "exa*mple.com", "b\u{fc}cher.de",
        "a\u{3002}b", "\u{ff21}.com", "a.b:80", "", "a", "a.b-", "a!b.c", "a$b.c", "a'b.c", "a(b).c", "a;b.c", "a=b.c", "a~b.c",
        "caf\u{e9}.fr", "CAF\u{c9}.fr", "\u{1f600}.fr",
    ]

    func testSameHostAsURLComponentsOnEveryContentAddressAndEdgeCases() throws {
        let content = try Self.contentAddresses()
        XCTAssertGreaterThan(content.count, 15, "the bundled content's addresses were not found")
        var addresses = content
        for h in Self.edgeHosts {
            addresses += ["https://\(h)/x", "http://user@\(h)", "https://\(h)", "http://\(h)?q=1#f"]
        }
        var compared = 0
        for s in addresses {
            guard let c = URLComponents(string: s) else { continue }
            compared += 1
            XCTAssertEqual(WebHost.host(of: c), c.host, "host of \(s.debugDescription)")
        }
        XCTAssertGreaterThan(compared, 150)
    }
}
