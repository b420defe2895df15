import BorneCore
import Foundation

/// A batch: consecutive rows of one kiosk's `touches` table, at most
/// 5,000, as one file (docs/BATCHES.md):
///
///     BORNE-BATCH 1\n
///     <64 hex: HMAC-SHA256(key, payload)>\n
///     <payload: gzip of the header line and one tab-separated line per touch>
///
/// Encoding is deterministic: the same rows and key give the same bytes.
public struct Batch: Equatable, Sendable {
    public static let maxRows = 5000
    public static let magic = "BORNE-BATCH 1"
    /// Decoding refuses files and payload texts larger than these (a real
    /// 5,000-row batch is ~100 KB compressed, ~600 KB of text).
    public static let maxFileBytes = 8 << 20
    public static let maxPayloadBytes = 32 << 20

    public let kiosk: String
    /// Ascending by `seq`, 1 to `maxRows` of them.
    public let rows: [BatchRow]

    /// Checks what the format cannot carry: an invalid kiosk id, no rows or
    /// too many, sequence numbers not strictly increasing, a row that breaks
    /// `BatchRow.ruleProblem` (a text field with a control or bidi character,
    /// tab and newline included; an empty section or target, which would
    /// read back as null; a number out of its range), an empty content
    /// version after a non-empty one (it would read back as "same as the
    /// previous line").
    public init(kiosk: String, rows: [BatchRow]) throws {
        guard BatchName.isValidKiosk(kiosk) else { throw BatchEncodingError.badKiosk(kiosk) }
        guard !rows.isEmpty else { throw BatchEncodingError.noRows }
        guard rows.count <= Self.maxRows else { throw BatchEncodingError.tooManyRows(rows.count) }
        var previous: BatchRow?
        for r in rows {
            guard r.seq >= 1 else { throw BatchEncodingError.badRow(seq: r.seq, reason: "sequence numbers start at 1") }
            if let p = previous, r.seq <= p.seq {
                throw BatchEncodingError.badRow(seq: r.seq, reason: "after \(p.seq): sequence numbers must increase")
            }
            // The same rules as the decoder's: what one side writes, the other reads.
            if let problem = r.ruleProblem { throw BatchEncodingError.badRow(seq: r.seq, reason: problem) }
            if let p = previous, r.contentVersion.isEmpty, !p.contentVersion.isEmpty {
                throw BatchEncodingError.badRow(seq: r.seq, reason: "empty content_version after \"\(p.contentVersion)\" (would read back as the same)")
            }
            previous = r
        }
        self.kiosk = kiosk
        self.rows = rows
    }

    /// Built by the decoder, which has checked everything itself.
    init(checkedKiosk: String, rows: [BatchRow]) {
        self.kiosk = checkedKiosk
        self.rows = rows
    }

    public var first: Int64 { rows[0].seq }
    public var last: Int64 { rows[rows.count - 1].seq }
    public var name: BatchName { BatchName(kiosk: kiosk, first: first, last: last) }

    /// The file's bytes.
    public func encode(key: StatsKey) -> [UInt8] {
        let payload = Gzip.compress(payloadText())
        let mac = HMACSHA256.mac(key: key, payload)
        return Array("\(Self.magic)\n\(Hex.encode(mac))\n".utf8) + payload
    }

    /// The header line and the touch lines, before gzip.
    public func payloadText() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + rows.count * 48)
        out += Array("{\"format\":\(BorneStats.format),\"kiosk\":\"\(kiosk)\",\"first\":\(first),\"last\":\(last),\"count\":\(rows.count)}\n".utf8)
        var prevSeq = first - 1
        var prev: BatchRow?
        for r in rows {
            func field(_ s: String) { out += Array(s.utf8); out.append(0x09) }
            field(String(r.seq - prevSeq))
            field(r.sessionID.map { String(r.seq - $0) } ?? "")
            field(String(prev.map { r.wallMs - $0.wallMs } ?? r.wallMs))
            field(String(prev.map { r.monoMs - $0.monoMs } ?? r.monoMs))
            field(r.screen)
            field(r.section ?? "")
            field(r.target ?? "")
            field(String(r.x))
            field(String(r.y))
            field(r.language)
            field(prev != nil && prev!.contentVersion == r.contentVersion ? "" : r.contentVersion)
            out += Array(String(r.flags).utf8)
            out.append(0x0a)
            prevSeq = r.seq
            prev = r
        }
        return out
    }
}

/// Rows the batch format cannot carry (see `Batch.init`).
public enum BatchEncodingError: Error, Equatable, Sendable, CustomStringConvertible {
    case badKiosk(String)
    case noRows
    case tooManyRows(Int)
    case badRow(seq: Int64, reason: String)

    public var description: String {
        switch self {
        case .badKiosk(let k): return "cannot build a batch for kiosk id \"\(k)\": ids are lowercase letters, digits and hyphens"
        case .noRows: return "cannot build an empty batch"
        case .tooManyRows(let n): return "cannot build a batch of \(n) rows (at most \(Batch.maxRows))"
        case let .badRow(seq, reason): return "touch \(seq) cannot be put in a batch: \(reason)"
        }
    }
}
