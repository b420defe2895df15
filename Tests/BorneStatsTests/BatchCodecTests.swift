import BorneStats
import BorneCore
import Foundation
import XCTest

final class BatchCodecTests: XCTestCase {
    func testRoundTripGivesBackEveryRow() throws {
        let rows = sampleRows(700, from: 41)
        let batch = try Batch(kiosk: "vic-sur-cere", rows: rows)
        let bytes = batch.encode(key: testKey)
        let decoded = try Batch.decode(bytes, fileName: batch.name.path, key: testKey)
        XCTAssertEqual(decoded.rows, rows)
        XCTAssertEqual(decoded.kiosk, "vic-sur-cere")
        XCTAssertEqual(decoded.name, BatchName(kiosk: "vic-sur-cere", first: 41, last: rows.last!.seq))
    }

    func testOddButLegalRowsRoundTrip() throws {
        // Clock stepped back (to 1970: a lost clock, flagged at the office),
        // monotonic reset (reboot), an empty content version first, a
        // session id from long ago, an empty screen, huge seq.
        let rows = [
            BatchRow(seq: 999_999_999_990, sessionID: nil, wallMs: 1_000, monoMs: 50, screen: "attract", section: nil,
                     target: "wake", x: 0, y: 0, language: "fr", contentVersion: "", flags: 2),
            BatchRow(seq: 999_999_999_991, sessionID: 999_999_999_991, wallMs: 500, monoMs: 10, screen: "", section: "manger",
                     target: nil, x: 0, y: 44, language: "en", contentVersion: "", flags: 0),
            BatchRow(seq: 1_000_000_000_500, sessionID: 12, wallMs: 0, monoMs: 0, screen: "détail:été \"q\" \\",
                     section: "manger", target: "item:crêperie", x: 159, y: 44, language: "nl", contentVersion: "v/2", flags: 31),
        ]
        let batch = try Batch(kiosk: "a", rows: rows)
        XCTAssertEqual(batch.name.fileName, "a-999999999990-1000000000500.batch")
        let decoded = try Batch.decode(batch.encode(key: testKey), fileName: batch.name.fileName, key: testKey)
        XCTAssertEqual(decoded.rows, rows)
    }

    func testSameRowsGiveSameBytes() throws {
        let rows = sampleRows(1000)
        let a = try Batch(kiosk: "thiezac", rows: rows).encode(key: testKey)
        let b = try Batch(kiosk: "thiezac", rows: Array(rows)).encode(key: testKey)
        XCTAssertEqual(a, b)
        // The gzip header carries no time and no name: mtime (bytes 4-7) is 0, FLG is 0.
        let payload = Array(a.drop(while: { $0 != 0x0a }).dropFirst().drop(while: { $0 != 0x0a }).dropFirst())
        XCTAssertEqual(Array(payload.prefix(4)), [0x1f, 0x8b, 8, 0])
        XCTAssertEqual(Array(payload[4..<8]), [0, 0, 0, 0])
    }

    func testFileLayoutIsMagicMACPayload() throws {
        let batch = try Batch(kiosk: "thiezac", rows: sampleRows(3))
        let bytes = batch.encode(key: testKey)
        let lines = bytes.split(separator: 0x0a, maxSplits: 2, omittingEmptySubsequences: false)
        XCTAssertEqual(String(decoding: lines[0], as: UTF8.self), "BORNE-BATCH 1")
        XCTAssertEqual(lines[1].count, 64)
        XCTAssertEqual(Hex.decode(String(decoding: lines[1], as: UTF8.self)), HMACSHA256.mac(key: testKey, Array(lines[2])))
        let text = String(decoding: try Gzip.decompress(Array(lines[2]), limit: 1 << 20), as: UTF8.self)
        let first = try XCTUnwrap(text.split(separator: "\n").first)
        XCTAssertEqual(first, #"{"format":1,"kiosk":"thiezac","first":1,"last":3,"count":3}"#)
    }

    func testEveryTamperedByteIsDetected() throws {
        let batch = try Batch(kiosk: "pailherols", rows: sampleRows(50))
        let bytes = batch.encode(key: testKey)
        var rng = SplitMix(seed: 7)
        // The MAC line and payload, byte by byte where it matters, sampled elsewhere.
        var positions = Array(14..<(14 + 65)) + Array(bytes.count - 12..<bytes.count)
        for _ in 0..<200 { positions.append(79 + rng.next(bytes.count - 79)) }
        for p in positions {
            var bad = bytes
            bad[p] ^= UInt8(1 + rng.next(255))
            let reason = batchErrorReason { try Batch.decode(bad, fileName: batch.name.fileName, key: testKey) }
            XCTAssertTrue(reason == .macMismatch || reason == .badMACLine, "byte \(p): \(String(describing: reason))")
        }
        var badMagic = bytes
        badMagic[0] = UInt8(ascii: "b")
        XCTAssertEqual(batchErrorReason { try Batch.decode(badMagic, fileName: batch.name.fileName, key: testKey) }, .notABatch)
    }

    func testWrongKeyIsRefused() throws {
        let batch = try Batch(kiosk: "raulhac", rows: sampleRows(10, gaps: false))
        let error = try XCTUnwrap(catching { try Batch.decode(batch.encode(key: testKey), fileName: batch.name.fileName, key: otherKey) })
        XCTAssertEqual(error.reason, .macMismatch)
        XCTAssertEqual(error.file, "raulhac-000000000001-000000000010.batch")
        XCTAssertTrue(error.description.contains("raulhac-000000000001-000000000010.batch : le MAC ne se vérifie pas"), error.description)
    }

    func testNameMustMatchHeader() throws {
        let batch = try Batch(kiosk: "raulhac", rows: sampleRows(10, gaps: false))
        let bytes = batch.encode(key: testKey)
        XCTAssertEqual(batchErrorReason { try Batch.decode(bytes, fileName: "raulhac-000000000001-000000000011.batch", key: testKey) },
                       .nameMismatch(header: "kiosk raulhac, 1-10"))
        XCTAssertEqual(batchErrorReason { try Batch.decode(bytes, fileName: "thiezac-000000000001-000000000010.batch", key: testKey) },
                       .nameMismatch(header: "kiosk raulhac, 1-10"))
        // In another kiosk's folder, not zero-padded, not a batch name at all.
        for name in ["thiezac/raulhac-000000000001-000000000010.batch", "raulhac-1-10.batch", "raulhac.batch",
                     "raulhac-000000000010-000000000001.batch", "Raulhac-000000000001-000000000010.batch"] {
            XCTAssertEqual(batchErrorReason { try Batch.decode(bytes, fileName: name, key: testKey) }, .badName, name)
        }
        XCTAssertNoThrow(try Batch.decode(bytes, fileName: "/stick/borne/stats/raulhac/raulhac-000000000001-000000000010.batch", key: testKey))
    }

    func testRowsMustMatchTheRangeEvenWithAValidMAC() throws {
        // A writer with the key but a bug: the header says 1-10, the rows say otherwise.
        let rows = sampleRows(10)
        func signed(_ text: String) -> [UInt8] {
            let payload = Gzip.compress(Array(text.utf8))
            return Array("BORNE-BATCH 1\n\(Hex.encode(HMACSHA256.mac(key: testKey, payload)))\n".utf8) + payload
        }
        let batch = try Batch(kiosk: "k", rows: rows)
        let good = String(decoding: batch.payloadText(), as: UTF8.self)
        let name = batch.name.fileName
        XCTAssertNoThrow(try Batch.decode(signed(good), fileName: name, key: testKey))
        let lines = good.split(separator: "\n").map(String.init)
        XCTAssertEqual(batchErrorReason { try Batch.decode(signed(lines.dropLast().joined(separator: "\n") + "\n"), fileName: name, key: testKey) },
                       .countMismatch(header: 10, rows: 9))
        XCTAssertEqual(batchErrorReason { try Batch.decode(signed(good.replacingOccurrences(of: "\"count\":10", with: "\"count\":9")
                .split(separator: "\n").dropLast().joined(separator: "\n") + "\n"), fileName: name, key: testKey) },
                       .rangeMismatch(first: 1, last: rows[8].seq))
        XCTAssertEqual(batchErrorReason { try Batch.decode(signed(String(good.dropLast())), fileName: name, key: testKey) },
                       .badLine(line: 11, reason: "la dernière ligne n'a pas de saut de ligne"))
        var fields = lines[3].split(separator: "\t", omittingEmptySubsequences: false)
        fields[0] = "0"
        var broken = lines
        broken[3] = fields.joined(separator: "\t")
        XCTAssertEqual(batchErrorReason { try Batch.decode(signed(broken.joined(separator: "\n") + "\n"), fileName: name, key: testKey) },
                       .badLine(line: 4, reason: "les numéros doivent croître"))
        broken[3] = "1\t\t"
        XCTAssertEqual(batchErrorReason { try Batch.decode(signed(broken.joined(separator: "\n") + "\n"), fileName: name, key: testKey) },
                       .badLine(line: 4, reason: "3 champs au lieu de 12"))
        let format2 = good.replacingOccurrences(of: "\"format\":1", with: "\"format\":2")
        XCTAssertEqual(batchErrorReason { try Batch.decode(signed(format2), fileName: name, key: testKey) }, .unsupportedFormat("2"))
    }

    /// A MAC proves who wrote a file, not that it is sane: rows whose text
    /// could act on a terminal, a spreadsheet or a browser, or whose
    /// numbers no kiosk writes, are refused with the line and the reason.
    func testDecoderRefusesRowsThatBreakTheFormatsRulesEvenWithAValidMAC() throws {
        let rows = sampleRows(5, gaps: false)
        func signed(_ text: String) -> [UInt8] {
            let payload = Gzip.compress(Array(text.utf8))
            return Array("BORNE-BATCH 1\n\(Hex.encode(HMACSHA256.mac(key: testKey, payload)))\n".utf8) + payload
        }
        let batch = try Batch(kiosk: "k", rows: rows)
        let name = batch.name.fileName
        let lines = String(decoding: batch.payloadText(), as: UTF8.self).split(separator: "\n").map(String.init)
        /// The batch with field `field` (0-based) of payload line `line` (1-based, header = 1) replaced.
        func with(line: Int, field: Int, _ value: String) -> [UInt8] {
            var l = lines
            var f = l[line - 1].split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            f[field] = value
            l[line - 1] = f.joined(separator: "\t")
            return signed(l.joined(separator: "\n") + "\n")
        }
        func reason(_ bytes: [UInt8]) -> String? {
            guard case .badLine(_, let r)? = batchErrorReason({ try Batch.decode(bytes, fileName: name, key: testKey) }) else {
                return nil
            }
            return r
        }
        XCTAssertNoThrow(try Batch.decode(signed(lines.joined(separator: "\n") + "\n"), fileName: name, key: testKey))
        let unsafe = "un caractère de contrôle, bidirectionnel ou de format (tabulation et saut de ligne compris)"
        // Text: an OSC title sequence, a right-to-left override, a spreadsheet formula is plain text (allowed).
        XCTAssertEqual(reason(with(line: 3, field: 6, "item:\u{1B}]0;pwned\u{07}")),
                       "touche 2 : target contient U+001B, \(unsafe)")
        XCTAssertEqual(reason(with(line: 2, field: 4, "detail:\u{202E}cod.exe")),
                       "touche 1 : screen contient U+202E, \(unsafe)")
        XCTAssertEqual(reason(with(line: 4, field: 10, "v\u{85}2")),
                       "touche 3 : content_version contient U+0085, \(unsafe)")
        XCTAssertEqual(reason(with(line: 2, field: 9, "fr-FR")), "touche 1 : language « fr-FR » n'est pas deux lettres minuscules")
        XCTAssertEqual(reason(with(line: 2, field: 6, String(repeating: "a", count: 600))),
                       "touche 1 : target dépasse 512 octets")
        XCTAssertNoThrow(try Batch.decode(with(line: 2, field: 6, "=cmd|' /C calc'!A0"), fileName: name, key: testKey),
                         "a formula is text: the office's CSV neutralises it")
        // Numbers: two 64-bit wall deltas once made wall_ms = -2.
        XCTAssertEqual(reason(with(line: 3, field: 2, String(Int64.max))), "écart de wall \(Int64.max) : la somme déborde")
        XCTAssertEqual(reason(with(line: 2, field: 2, String(Int64.max))),
                       "touche 1 : wall \(Int64.max) ms hors de 1970-2100 (0...4102444800000)")
        XCTAssertEqual(reason(with(line: 3, field: 2, "-\(rows[0].wallMs + 2)")),
                       "touche 2 : wall -2 ms hors de 1970-2100 (0...4102444800000)")
        XCTAssertEqual(reason(with(line: 3, field: 3, String(Int64.max))), "écart de mono \(Int64.max) : la somme déborde")
        XCTAssertEqual(reason(with(line: 2, field: 3, "-5")), "touche 1 : mono -5 ms négatif ou au-delà d'un siècle")
        XCTAssertEqual(reason(with(line: 2, field: 7, "-1")), "touche 1 : x, y (-1, \(rows[0].y)) hors de 0...65535")
        XCTAssertEqual(reason(with(line: 2, field: 11, "-8")), "touche 1 : flags -8 hors de 0...65535")
        XCTAssertEqual(reason(with(line: 3, field: 1, "-3")), "écart de session_id -3 hors de 0 … seq − 1")
        XCTAssertEqual(reason(with(line: 3, field: 1, "2")), "écart de session_id 2 hors de 0 … seq − 1")
    }

    func testTruncatedFilesAreRefused() throws {
        let batch = try Batch(kiosk: "polminhac", rows: sampleRows(200))
        let bytes = batch.encode(key: testKey)
        for cut in [0, 5, 14, 40, 79, 80, bytes.count / 2, bytes.count - 1] {
            let reason = batchErrorReason { try Batch.decode(Array(bytes.prefix(cut)), fileName: batch.name.fileName, key: testKey) }
            XCTAssertTrue([.notABatch, .badMACLine, .macMismatch].contains(reason), "cut at \(cut): \(String(describing: reason))")
        }
        // A truncated gzip stream that was signed as such (a writer cut short before signing).
        let payload = Gzip.compress(batch.payloadText())
        let cutPayload = Array(payload.prefix(payload.count - 20))
        let signedCut = Array("BORNE-BATCH 1\n\(Hex.encode(HMACSHA256.mac(key: testKey, cutPayload)))\n".utf8) + cutPayload
        XCTAssertEqual(batchErrorReason { try Batch.decode(signedCut, fileName: batch.name.fileName, key: testKey) }, .payload(.truncated))
    }

    func testEncoderRefusesWhatTheFormatCannotCarry() throws {
        var rows = sampleRows(3)
        func refused(_ rs: [BatchRow], kiosk: String = "k") -> String? {
            do { _ = try Batch(kiosk: kiosk, rows: rs); return nil } catch { return "\(error)" }
        }
        XCTAssertNil(refused(rows))
        XCTAssertNotNil(refused([]))
        XCTAssertNotNil(refused(rows, kiosk: "Vic sur Cère"))
        XCTAssertNotNil(refused(sampleRows(5001)))
        XCTAssertNil(refused(sampleRows(5000)))
        var r = rows; r[1].target = "item:a\tb"
        XCTAssertEqual(refused(r), "touch \(r[1].seq) cannot be put in a batch: target contient U+0009, "
                       + "un caractère de contrôle, bidirectionnel ou de format (tabulation et saut de ligne compris)")
        // The decoder's rules, so the office never refuses what a kiosk built.
        r = rows; r[0].target = "item:\u{1B}]0;pwned\u{07}"
        XCTAssertNotNil(refused(r))
        r = rows; r[0].screen = "detail:\u{202E}fdp.exe"
        XCTAssertNotNil(refused(r))
        r = rows; r[0].wallMs = -2
        XCTAssertNotNil(refused(r))
        r = rows; r[0].x = -1
        XCTAssertNotNil(refused(r))
        r = rows; r[0].language = "fr-FR"
        XCTAssertNotNil(refused(r))
        r = rows; r[2].screen = "home\n"
        XCTAssertNotNil(refused(r))
        r = rows; r[0].section = ""
        XCTAssertNotNil(refused(r))
        r = rows; r[0].target = ""
        XCTAssertNotNil(refused(r))
        r = rows; r[1].contentVersion = ""
        XCTAssertNotNil(refused(r))
        r = rows; r[2].seq = r[1].seq
        XCTAssertNotNil(refused(r))
        rows[0].seq = 0
        XCTAssertNotNil(refused(rows))
    }

    /// For docs/STATISTICS.md: what 1,000 touches cost on the link.
    func testThousandRowBatchSize() throws {
        let rows = sampleRows(1000)
        let batch = try Batch(kiosk: "vic-sur-cere", rows: rows)
        let bytes = batch.encode(key: testKey)
        let text = batch.payloadText()
        print("BATCH SIZE: 1000 touches: \(bytes.count) bytes gzip'd (\(String(format: "%.1f", Double(bytes.count) / 1000)) bytes per touch); "
              + "\(text.count) bytes of text (\(String(format: "%.1f", Double(text.count) / 1000)) per touch)")
        XCTAssertLessThan(bytes.count, 25_000)
        let full = try Batch(kiosk: "vic-sur-cere", rows: sampleRows(5000)).encode(key: testKey)
        print("BATCH SIZE: 5000 touches: \(full.count) bytes gzip'd")
        XCTAssertLessThan(full.count, 1 << 20, "a full batch must fit nginx's default client_max_body_size")
    }

    func testBatchNames() {
        let n = BatchName(kiosk: "vic-sur-cere", first: 1, last: 500)
        XCTAssertEqual(n.path, "vic-sur-cere/vic-sur-cere-000000000001-000000000500.batch")
        XCTAssertEqual(BatchName(fileName: n.fileName), n)
        XCTAssertEqual(BatchName(fileName: n.path), n)
        XCTAssertNil(BatchName(fileName: "vic-sur-cere-000000000001-000000000500.batch.tmp"))
        XCTAssertNil(BatchName(fileName: ".vic-sur-cere-000000000001-000000000500.batch.tmp-12"))
        XCTAssertNil(BatchName(fileName: "-000000000001-000000000500.batch"))
        XCTAssertNil(BatchName(fileName: "x-000000000000-000000000500.batch"))
        XCTAssertEqual(BatchName(fileName: "x-1000000000000-1000000000001.batch")?.last, 1_000_000_000_001)
        XCTAssertLessThan(BatchName(kiosk: "a", first: 2, last: 3), BatchName(kiosk: "a", first: 10, last: 11))
    }

    private func catching(_ body: () throws -> Any) -> BatchError? {
        do { _ = try body(); return nil } catch { return error as? BatchError }
    }
}
