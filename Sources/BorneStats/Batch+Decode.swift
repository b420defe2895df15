import BorneCore
import Foundation

extension Batch {
    /// Reads a batch file, trusting nothing until its MAC verifies with
    /// `key`: checks the name, the magic line, the MAC, the gzip payload
    /// (bounded), the header against the name, the rows against the range,
    /// and every row against the format's rules (`BatchRow.ruleProblem`:
    /// text without control or bidi characters, numbers in their ranges,
    /// deltas that do not overflow). A MAC proves who wrote a file, not
    /// that its content is sane.
    ///
    /// - Parameter fileName: the file's name (`KIOSK-FIRST-LAST.batch`), or
    ///   its path ending in `KIOSK/KIOSK-FIRST-LAST.batch`.
    public static func decode(_ bytes: [UInt8], fileName: String, key: StatsKey) throws -> Batch {
        let shown = fileName
        func fail(_ r: BatchError.Reason) -> BatchError { BatchError(file: shown, reason: r) }

        guard let name = BatchName(fileName: fileName) else { throw fail(.badName) }
        guard bytes.count <= maxFileBytes else { throw fail(.tooLarge(bytes: bytes.count)) }
        guard let nl1 = bytes.firstIndex(of: 0x0a) else { throw fail(.notABatch) }
        let magicLine = String(decoding: bytes[..<nl1], as: UTF8.self)
        guard magicLine == magic else {
            if magicLine.hasPrefix("BORNE-BATCH ") { throw fail(.unsupportedFormat(String(magicLine.dropFirst(12).prefix(20)))) }
            throw fail(.notABatch)
        }
        let macStart = nl1 + 1
        let macEnd = macStart + HMACSHA256.length * 2
        guard bytes.count > macEnd, bytes[macEnd] == 0x0a,
              let mac = Hex.decode(String(decoding: bytes[macStart..<macEnd], as: UTF8.self)) else {
            throw fail(.badMACLine)
        }
        let payload = Array(bytes[(macEnd + 1)...])
        guard HMACSHA256.verify(mac, key: key, payload) else { throw fail(.macMismatch) }

        let text: [UInt8]
        do {
            text = try Gzip.decompress(payload, limit: maxPayloadBytes)
        } catch let e as GzipError {
            throw fail(.payload(e))
        }
        return try text.withUnsafeBufferPointer { buf in
            try decodePayload(buf, name: name, fail)
        }
    }

    /// The payload's lines, parsed as bytes: no `String` per line or field,
    /// no `split` (the office ingests millions of rows; splitting strings
    /// was most of its CPU). Refuses exactly what the line-and-field parser
    /// before it refused, with the same reasons, in the same order.
    private static func decodePayload(_ buf: UnsafeBufferPointer<UInt8>, name: BatchName,
                                      _ fail: (BatchError.Reason) -> BatchError) throws -> Batch {
        let n = buf.count
        // UTF-8 first: every byte belongs to some field, and ASCII needs no validation.
        if !isASCII(buf), String(validating: buf, as: UTF8.self) == nil { throw fail(.notUTF8) }
        var lineCount = 1
        for b in buf where b == 0x0a { lineCount += 1 }
        guard lineCount >= 2, buf[n - 1] == 0x0a else {
            throw fail(.badLine(line: lineCount, reason: "la dernière ligne n'a pas de saut de ligne"))
        }
        var headerEnd = 0
        while buf[headerEnd] != 0x0a { headerEnd += 1 }
        let header = try parseHeader(Data(UnsafeBufferPointer(rebasing: buf[0..<headerEnd])), fail)
        guard header.kiosk == name.kiosk, header.first == name.first, header.last == name.last else {
            throw fail(.nameMismatch(header: "kiosk \(header.kiosk), \(header.first)-\(header.last)"))
        }
        let rowCount = lineCount - 2
        guard rowCount <= maxRows else { throw fail(.tooManyRows(rowCount)) }
        guard rowCount == header.count else { throw fail(.countMismatch(header: header.count, rows: rowCount)) }
        guard header.count >= 1 else { throw fail(.badHeader("count doit valoir au moins 1")) }

        var rows: [BatchRow] = []
        rows.reserveCapacity(rowCount)
        var parser = RowParser(buf: buf, prevSeq: header.first - 1)
        var lineStart = headerEnd + 1
        var lineNo = 2
        while lineStart < n {
            var lineEnd = lineStart
            while buf[lineEnd] != 0x0a { lineEnd += 1 }
            let row = try parser.parse(lineStart, lineEnd) { fail(.badLine(line: lineNo, reason: $0)) }
            rows.append(row)
            lineStart = lineEnd + 1
            lineNo += 1
        }
        guard rows.first!.seq == header.first, rows.last!.seq == header.last else {
            throw fail(.rangeMismatch(first: rows.first!.seq, last: rows.last!.seq))
        }
        return Batch(checkedKiosk: header.kiosk, rows: rows)
    }

    private static func isASCII(_ buf: UnsafeBufferPointer<UInt8>) -> Bool {
        var acc: UInt8 = 0
        for b in buf { acc |= b }
        return acc < 0x80
    }

    private struct Header { var kiosk: String; var first: Int64; var last: Int64; var count: Int }

    private static func parseHeader(_ line: Data, _ fail: (BatchError.Reason) -> BatchError) throws -> Header {
        guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any] else {
            throw fail(.badHeader("pas un objet JSON"))
        }
        guard let format = object["format"] as? Int else { throw fail(.badHeader("pas de format")) }
        guard format == BorneStats.format else { throw fail(.unsupportedFormat(String(format))) }
        guard let kiosk = object["kiosk"] as? String else { throw fail(.badHeader("pas de kiosk")) }
        guard let first = (object["first"] as? NSNumber)?.int64Value, let last = (object["last"] as? NSNumber)?.int64Value,
              let count = object["count"] as? Int else { throw fail(.badHeader("first, last et count doivent être des nombres")) }
        return Header(kiosk: kiosk, first: first, last: last, count: count)
    }

    /// Parses one row line after another, each against the one before
    /// (seq, wall and mono are deltas; an empty content version repeats the
    /// previous one). Text fields equal to the previous row's reuse its
    /// strings: screens, sections and languages repeat row after row.
    private struct RowParser {
        let buf: UnsafeBufferPointer<UInt8>
        var prevSeq: Int64
        /// The previous row's values that the next one reads (kept apart,
        /// not as a `BatchRow?`: reading one field of an optional row copied
        /// the whole row, 144 bytes, and retained its strings, at every row).
        var hasPrev = false
        var prevWall: Int64 = 0, prevMono: Int64 = 0
        var prevScreenText = "", prevSectionText: String? = nil, prevTargetText: String? = nil
        var prevLanguageText = "", prevVersion = ""
        /// Field boundaries of the current line: field i is lo[i]..<hi[i].
        var lo = [Int](repeating: 0, count: 12)
        var hi = [Int](repeating: 0, count: 12)
        /// The previous row's screen, section, target and language ranges.
        var prevScreen = (0, 0), prevSection = (0, 0), prevTarget = (0, 0), prevLanguage = (0, 0)

        init(buf: UnsafeBufferPointer<UInt8>, prevSeq: Int64) {
            self.buf = buf
            self.prevSeq = prevSeq
        }

        /// `Int64(Substring)`'s grammar: an optional sign, then one or more
        /// decimal digits, nothing else; nil on overflow.
        func int(_ i: Int) -> Int64? {
            var p = lo[i]
            let end = hi[i]
            guard p < end else { return nil }
            var negative = false
            if buf[p] == 0x2d { negative = true; p += 1 } else if buf[p] == 0x2b { p += 1 }
            guard p < end else { return nil }
            // Accumulated as a negative number, so that Int64.min parses.
            var v: Int64 = 0
            while p < end {
                let d = buf[p] &- 0x30
                guard d < 10 else { return nil }
                let (m, o1) = v.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.subtractingReportingOverflow(Int64(d))
                guard !o1, !o2 else { return nil }
                v = s
                p += 1
            }
            if negative { return v }
            let (r, o) = Int64(0).subtractingReportingOverflow(v)
            return o ? nil : r
        }

        func string(_ i: Int) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: buf[lo[i]..<hi[i]]), as: UTF8.self)
        }

        func sameBytes(_ i: Int, _ other: (Int, Int)) -> Bool {
            let len = hi[i] - lo[i]
            guard len == other.1 - other.0 else { return false }
            guard len > 0 else { return true }
            return memcmp(buf.baseAddress! + lo[i], buf.baseAddress! + other.0, len) == 0
        }

        /// Printable ASCII only, within the length limit: such a field keeps every text rule.
        func plainASCII(_ i: Int) -> Bool {
            guard hi[i] - lo[i] <= BatchRow.maxTextBytes else { return false }
            var p = lo[i]
            while p < hi[i] {
                let b = buf[p]
                guard b >= 0x20, b < 0x7f else { return false }
                p += 1
            }
            return true
        }

        mutating func parse(_ start: Int, _ end: Int, _ fail: (String) -> BatchError) throws -> BatchRow {
            var fields = 0
            var p = start
            lo[0] = start
            while p < end {
                if buf[p] == 0x09 {
                    if fields < 11 { hi[fields] = p; lo[fields + 1] = p + 1 }
                    fields += 1
                }
                p += 1
            }
            fields += 1
            guard fields == 12 else { throw fail("\(fields) champs au lieu de 12") }
            hi[11] = end

            func int(_ i: Int, _ name: String) throws -> Int64 {
                guard let v = self.int(i) else { throw fail("\(name) n'est pas un nombre") }
                return v
            }
            let seqDelta = try int(0, "seq")
            guard seqDelta >= 1 else { throw fail("les numéros doivent croître") }
            let (seq, overflow) = prevSeq.addingReportingOverflow(seqDelta)
            guard !overflow else { throw fail("seq déborde") }
            var sessionID: Int64? = nil
            if lo[1] < hi[1] {
                let back = try int(1, "session_id")
                guard back >= 0, back < seq else { throw fail("écart de session_id \(back) hors de 0 … seq − 1") }
                sessionID = seq - back
            }
            // Deltas add up without wrapping: two huge deltas must not make a
            // plausible-looking time (they once gave wall_ms = -2).
            func add(_ base: Int64?, _ delta: Int64, _ name: String) throws -> Int64 {
                guard let base else { return delta }
                let (v, overflow) = base.addingReportingOverflow(delta)
                guard !overflow else { throw fail("écart de \(name) \(delta) : la somme déborde") }
                return v
            }
            let wall = try add(hasPrev ? prevWall : nil, try int(2, "wall"), "wall")
            let mono = try add(hasPrev ? prevMono : nil, try int(3, "mono"), "mono")
            let x = try int(7, "x"), y = try int(8, "y")
            guard let xi = Int(exactly: x), let yi = Int(exactly: y) else { throw fail("x ou y hors limites") }

            let screen = hasPrev && sameBytes(4, prevScreen) ? prevScreenText : string(4)
            let section: String? = lo[5] == hi[5] ? nil
                : (prevSectionText != nil && sameBytes(5, prevSection) ? prevSectionText : string(5))
            let target: String? = lo[6] == hi[6] ? nil
                : (prevTargetText != nil && sameBytes(6, prevTarget) ? prevTargetText : string(6))
            let language = hasPrev && sameBytes(9, prevLanguage) ? prevLanguageText : string(9)
            let cvRepeats = lo[10] == hi[10]
            let cv = cvRepeats ? (hasPrev ? prevVersion : "") : string(10)
            let row = BatchRow(seq: seq, sessionID: sessionID, wallMs: wall, monoMs: mono,
                               screen: screen, section: section, target: target, x: xi, y: yi,
                               language: language, contentVersion: cv, flags: try int(11, "flags"))
            // Every value within the format's rules (docs/BATCHES.md, "What a row may hold").
            // The common row (numbers in range, printable ASCII text) is
            // checked here on bytes; any other goes through `ruleProblem`,
            // which gives the reason.
            let langOK = hi[9] - lo[9] == 2 && (0x61...0x7a).contains(buf[lo[9]]) && (0x61...0x7a).contains(buf[lo[9] + 1])
            let plain = BatchRow.wallMsRange.contains(wall) && BatchRow.monoMsRange.contains(mono)
                && BatchRow.cellRange.contains(xi) && BatchRow.cellRange.contains(yi)
                && BatchRow.flagsRange.contains(row.flags) && langOK
                && plainASCII(4) && plainASCII(5) && plainASCII(6) && (cvRepeats ? hasPrev : plainASCII(10))
            if !plain, let problem = row.ruleProblem { throw fail("touche \(seq) : \(problem)") }
            prevScreen = (lo[4], hi[4]); prevSection = (lo[5], hi[5])
            prevTarget = (lo[6], hi[6]); prevLanguage = (lo[9], hi[9])
            prevSeq = seq
            hasPrev = true
            prevWall = wall; prevMono = mono
            prevScreenText = screen; prevSectionText = section; prevTargetText = target
            prevLanguageText = language; prevVersion = cv
            return row
        }
    }
}

/// Why a batch file was refused: the file and the reason. Nothing of a
/// refused file may be stored.
public struct BatchError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Reason: Equatable, Sendable {
        /// The name is not `KIOSK-FIRST-LAST.batch` (12-digit, FIRST ≤ LAST), or its folder is another kiosk.
        case badName
        case tooLarge(bytes: Int)
        /// No `BORNE-BATCH 1` line: not a batch file.
        case notABatch
        /// A batch of another format number than this code reads.
        case unsupportedFormat(String)
        case badMACLine
        /// Altered, cut, or made with another key than this kiosk's.
        case macMismatch
        case payload(GzipError)
        case notUTF8
        case badHeader(String)
        /// The header's kiosk or range is not the file name's.
        case nameMismatch(header: String)
        case countMismatch(header: Int, rows: Int)
        case tooManyRows(Int)
        /// The rows' first and last sequence numbers are not the range.
        case rangeMismatch(first: Int64, last: Int64)
        case badLine(line: Int, reason: String)
    }

    public var file: String
    public var reason: Reason

    public init(file: String, reason: Reason) { self.file = file; self.reason = reason }

    public var description: String { "\(file) : \(reasonText)" }

    public var reasonText: String {
        switch reason {
        case .badName: return "pas un nom de lot (KIOSK-FIRST-LAST.batch attendu, numéros sur 12 chiffres, dans le dossier de la borne)"
        case .tooLarge(let n): return "\(n) octets : plus gros que tout lot (\(Batch.maxFileBytes))"
        case .notABatch: return "pas un fichier de lot (pas de ligne « \(Batch.magic) »)"
        case .unsupportedFormat(let f): return "format de lot \(f) non pris en charge (ce Borne lit le format \(BorneStats.format))"
        case .badMACLine: return "pas de ligne de MAC (64 chiffres hexadécimaux) après la première ligne"
        case .macMismatch: return "le MAC ne se vérifie pas : fichier modifié, tronqué, ou pas fait avec la clé approuvée de cette borne"
        case .payload(let e): return "contenu : \(e)"
        case .notUTF8: return "le contenu n'est pas du texte UTF-8"
        case .badHeader(let m): return "ligne d'en-tête invalide : \(m)"
        case .nameMismatch(let h): return "l'en-tête (\(h)) ne correspond pas au nom du fichier"
        case let .countMismatch(header, rows): return "l'en-tête annonce \(header) lignes, le fichier en contient \(rows)"
        case .tooManyRows(let n): return "\(n) lignes (\(Batch.maxRows) au plus)"
        case let .rangeMismatch(first, last): return "les lignes vont de \(first) à \(last), pas la plage du fichier"
        case let .badLine(line, reason): return "ligne \(line) du contenu : \(reason)"
        }
    }
}
