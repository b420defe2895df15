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
        guard let string = String(validating: text, as: UTF8.self) else { throw fail(.notUTF8) }
        var lines = string.split(separator: "\n", omittingEmptySubsequences: false)
        let lineCount = lines.count
        guard lineCount >= 2, lines.removeLast().isEmpty else { throw fail(.badLine(line: lineCount, reason: "la dernière ligne n'a pas de saut de ligne")) }

        let header = try parseHeader(lines[0], fail)
        guard header.kiosk == name.kiosk, header.first == name.first, header.last == name.last else {
            throw fail(.nameMismatch(header: "kiosk \(header.kiosk), \(header.first)-\(header.last)"))
        }
        let rowLines = lines.dropFirst()
        guard rowLines.count <= maxRows else { throw fail(.tooManyRows(rowLines.count)) }
        guard rowLines.count == header.count else { throw fail(.countMismatch(header: header.count, rows: rowLines.count)) }
        guard header.count >= 1 else { throw fail(.badHeader("count doit valoir au moins 1")) }

        var rows: [BatchRow] = []
        rows.reserveCapacity(rowLines.count)
        var prevSeq = header.first - 1
        var prev: BatchRow?
        for (i, line) in rowLines.enumerated() {
            let lineNo = i + 2
            let row = try parseRow(line, prevSeq: prevSeq, prev: prev) { fail(.badLine(line: lineNo, reason: $0)) }
            rows.append(row)
            prevSeq = row.seq
            prev = row
        }
        guard rows.first!.seq == header.first, rows.last!.seq == header.last else {
            throw fail(.rangeMismatch(first: rows.first!.seq, last: rows.last!.seq))
        }
        return Batch(checkedKiosk: header.kiosk, rows: rows)
    }

    private struct Header { var kiosk: String; var first: Int64; var last: Int64; var count: Int }

    private static func parseHeader(_ line: Substring, _ fail: (BatchError.Reason) -> BatchError) throws -> Header {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw fail(.badHeader("pas un objet JSON"))
        }
        guard let format = object["format"] as? Int else { throw fail(.badHeader("pas de format")) }
        guard format == BorneStats.format else { throw fail(.unsupportedFormat(String(format))) }
        guard let kiosk = object["kiosk"] as? String else { throw fail(.badHeader("pas de kiosk")) }
        guard let first = (object["first"] as? NSNumber)?.int64Value, let last = (object["last"] as? NSNumber)?.int64Value,
              let count = object["count"] as? Int else { throw fail(.badHeader("first, last et count doivent être des nombres")) }
        return Header(kiosk: kiosk, first: first, last: last, count: count)
    }

    private static func parseRow(_ line: Substring, prevSeq: Int64, prev: BatchRow?,
                                 _ fail: (String) -> BatchError) throws -> BatchRow {
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
        // Deltas add up without wrapping: two huge deltas must not make a
        // plausible-looking time (they once gave wall_ms = -2).
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
        // Every value within the format's rules (docs/BATCHES.md, "What a row may hold").
        if let problem = row.ruleProblem { throw fail("touche \(seq) : \(problem)") }
        return row
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
