import BorneCore
import BorneStats
import XCTest

/// The byte parser of `Batch.decode` against the line-and-field parser it
/// replaced (kept here, as it was, as the reference): the same rows or the
/// same refusal, line and reason, for every field of every line replaced by
/// each of many odd values (signs, spaces, overflow, non-ASCII, control
/// characters, empty fields, repeated fields).
final class BatchDecodeDifferentialTests: XCTestCase {
    enum Outcome: Equatable { case rows([BatchRow]), refused(BatchError.Reason) }

    static func decode(_ bytes: [UInt8], _ name: String) -> Outcome {
        do { return .rows(try Batch.decode(bytes, fileName: name, key: testKey).rows) } catch {
            return .refused((error as! BatchError).reason)
        }
    }

    /// The previous decoder's row parsing, from String.split (reference only).
    static func reference(_ text: String, first: Int64) -> Outcome {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        lines.removeLast()
        var rows: [BatchRow] = []
        var prevSeq = first - 1
        var prev: BatchRow?
        for (i, line) in lines.dropFirst().enumerated() {
            struct Refusal: Error { var reason: String }
            func fail(_ r: String) -> Refusal { Refusal(reason: r) }
            do {
                let f = line.split(separator: "\t", omittingEmptySubsequences: false)
                guard f.count == 12 else { throw fail("\(f.count) champs au lieu de 12") }
                func int(_ i: Int, _ name: String) throws -> Int64 {
                    guard let v = Int64(f[i]) else { throw fail("\(name) n'est pas un nombre") }
                    return v
                }
                func text(_ i: Int) -> String? { f[i].isEmpty ? nil : String(f[i]) }
                let seqDelta = try int(0, "seq")
                guard seqDelta >= 1 else { throw fail("les numéros doivent croître") }
                let (seq, overflow) = prevSeq.addingReportingOverflow(seqDelta)
                guard !overflow else { throw fail("seq déborde") }
                var sessionID: Int64? = nil
                if !f[1].isEmpty {
                    let back = try int(1, "session_id")
                    guard back >= 0, back < seq else { throw fail("écart de session_id \(back) hors de 0 … seq − 1") }
                    sessionID = seq - back
                }
                func add(_ base: Int64?, _ delta: Int64, _ name: String) throws -> Int64 {
                    guard let base else { return delta }
                    let (v, overflow) = base.addingReportingOverflow(delta)
                    guard !overflow else { throw fail("écart de \(name) \(delta) : la somme déborde") }
                    return v
                }
                let wall = try add(prev?.wallMs, try int(2, "wall"), "wall")
                let mono = try add(prev?.monoMs, try int(3, "mono"), "mono")
                let x = try int(7, "x"), y = try int(8, "y")
                guard let xi = Int(exactly: x), let yi = Int(exactly: y) else { throw fail("x ou y hors limites") }
                let cv = f[10].isEmpty ? (prev?.contentVersion ?? "") : String(f[10])
                let row = BatchRow(seq: seq, sessionID: sessionID, wallMs: wall, monoMs: mono,
                                   screen: String(f[4]), section: text(5), target: text(6), x: xi, y: yi,
                                   language: String(f[9]), contentVersion: cv, flags: try int(11, "flags"))
                if let problem = row.ruleProblem { throw fail("touche \(seq) : \(problem)") }
                rows.append(row)
                prevSeq = row.seq
                prev = row
            } catch let r as Refusal {
                return .refused(.badLine(line: i + 2, reason: r.reason))
            } catch {
                return .refused(.badLine(line: i + 2, reason: "\(error)"))
            }
        }
        return .rows(rows)
    }

    func testTheByteParserRefusesAndAcceptsExactlyWhatTheStringParserDid() throws {
        let rows = sampleRows(6, gaps: false)
        let batch = try Batch(kiosk: "k", rows: rows)
        let name = batch.name.fileName
        let lines = String(decoding: batch.payloadText(), as: UTF8.self).split(separator: "\n").map(String.init)
        func signed(_ text: String) -> [UInt8] {
            let payload = Gzip.compress(Array(text.utf8))
            return Array("BORNE-BATCH 1\n\(Hex.encode(HMACSHA256.mac(key: testKey, payload)))\n".utf8) + payload
        }
        let values = ["", "+", "-", "0", "-0", "+0", "+1", "+7", "007", "1 ", " 1", "1.0", "0x10", "1e3", "١",
                      "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
                      "99999999999999999999", "4102444800000", "4102444800001", "65535", "65536", "-1",
                      "fr", "FR", "é", "ée", "f", "frr", "home", "café", "list:été", "\u{7F}", "a\u{85}b",
                      "\u{202E}x", "\u{00A0}", "\u{2028}", "x\u{1B}[2J", String(repeating: "a", count: 512),
                      String(repeating: "a", count: 513), String(repeating: "é", count: 256), "=1+1", "tile:dormir",
                      "2026.11.26-1", "item:item-manger-3"]
        var compared = 0, accepted = 0
        for line in 2...lines.count {
            for field in 0..<12 {
                for v in values {
                    var l = lines
                    var f = l[line - 1].split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                    f[field] = v
                    l[line - 1] = f.joined(separator: "\t")
                    let text = l.joined(separator: "\n") + "\n"
                    let expected = Self.reference(text, first: rows[0].seq)
                    let got = Self.decode(signed(text), name)
                    // The range check comes after the rows: a changed first/last seq is refused there by both.
                    if case .rows(let r) = expected, r.first?.seq != rows[0].seq || r.last?.seq != rows.last!.seq {
                        XCTAssertEqual(got, .refused(.rangeMismatch(first: r.first!.seq, last: r.last!.seq)), "line \(line) field \(field) «\(v)»")
                    } else {
                        XCTAssertEqual(got, expected, "line \(line) field \(field) «\(v)»")
                    }
                    if case .rows = got { accepted += 1 }
                    compared += 1
                }
            }
        }
        XCTAssertEqual(compared, 6 * 12 * values.count)
        XCTAssertGreaterThan(accepted, 100, "the values include many that are legal")
        // Fewer or more fields than 12, and text that is not UTF-8.
        var l = lines
        l[2] += "\textra\tmore"
        XCTAssertEqual(Self.decode(signed(l.joined(separator: "\n") + "\n"), name),
                       .refused(.badLine(line: 3, reason: "14 champs au lieu de 12")))
        let payload = Gzip.compress(Array((lines.joined(separator: "\n") + "\n").utf8).map { $0 == 0x72 ? 0xFF : $0 })
        let bad = Array("BORNE-BATCH 1\n\(Hex.encode(HMACSHA256.mac(key: testKey, payload)))\n".utf8) + payload
        XCTAssertEqual(Self.decode(bad, name), .refused(.notUTF8))
    }
}
