import BorneNet
import Foundation
import XCTest

final class HTTPClientPutTests: NginxTestCase {
    func testPutCreatesWith201ThenReplacesWith204() throws {
        let client = HTTPClient()
        let url = server.url("collect/pas-de-cere/batch-000001.json")
        XCTAssertEqual(try client.put(url, data: Data("{\"n\":1}".utf8), contentType: "application/json"), 201)
        XCTAssertEqual(try client.put(url, data: Data("{\"n\":2}".utf8), contentType: "application/json"), 204)
        let stored = server.root.appendingPathComponent("collect/pas-de-cere/batch-000001.json")
        XCTAssertEqual(try Data(contentsOf: stored), Data("{\"n\":2}".utf8))
    }

    func testPutStreamsAFile() throws {
        let body = Self.bytes(2_500_000)
        let file = work.appendingPathComponent("big.bin")
        try body.write(to: file)
        let budget = ByteBudget(limit: 100_000_000, dataDir: work)
        XCTAssertEqual(try HTTPClient(budget: budget).put(server.url("collect/big.bin"), from: file), 201)
        XCTAssertEqual(try Data(contentsOf: server.root.appendingPathComponent("collect/big.bin")), body)
        XCTAssertGreaterThanOrEqual(budget.used, 2_500_000, "uploads are charged too")
        XCTAssertLessThan(budget.used, 2_500_000 + HTTPClient.wireAllowance(body: 2_500_000))
    }

    func testPutWhereWritingIsNotAllowedThrows405() throws {
        XCTAssertThrowsError(try HTTPClient().put(server.url("readonly.json"), data: Data("x".utf8))) { error in
            XCTAssertEqual(error as? NetError, .http(status: 405, url: server.url("readonly.json")))
        }
    }
}
