internal import CZlib

/// gzip through zlib. Compression is deterministic — level 9, no name, no
/// comment, mtime 0 (zlib's default header), so the same bytes in give the
/// same bytes out with the same zlib. Decompression is bounded: a gzip
/// stream is untrusted input and may expand a thousandfold (a zip bomb).
public enum Gzip {
    /// deflateInit2 / inflateInit2 window bits: 15 (32 KiB) + 16 for the gzip wrapper.
    static let gzipWindowBits: Int32 = 31

    public static func compress(_ input: [UInt8]) -> [UInt8] {
        var s = z_stream()
        let rc = borne_deflate_init2(&s, 9, gzipWindowBits)
        precondition(rc == Z_OK, "deflateInit2 failed (\(rc)): out of memory")
        defer { deflateEnd(&s) }
        // deflateBound covers the gzip wrapper too, so one call finishes.
        var out = [UInt8](repeating: 0, count: Int(deflateBound(&s, uLong(input.count))) + 64)
        var inputCopy = input.isEmpty ? [0] : input
        let produced: Int = inputCopy.withUnsafeMutableBufferPointer { inp in
            out.withUnsafeMutableBufferPointer { o in
                s.next_in = inp.baseAddress
                s.avail_in = uInt(input.count)
                s.next_out = o.baseAddress
                s.avail_out = uInt(o.count)
                let r = deflate(&s, Z_FINISH)
                precondition(r == Z_STREAM_END, "deflate did not finish in deflateBound bytes (\(r))")
                return o.count - Int(s.avail_out)
            }
        }
        out.removeSubrange(produced...)
        return out
    }

    /// Inflates one gzip member, checking its CRC and length; refuses output
    /// beyond `limit` bytes, a stream that stops short, and bytes after it.
    public static func decompress(_ input: [UInt8], limit: Int) throws -> [UInt8] {
        guard input.count >= 18, input[0] == 0x1f, input[1] == 0x8b else { throw GzipError.notGzip }
        var s = z_stream()
        guard borne_inflate_init2(&s, gzipWindowBits) == Z_OK else { throw GzipError.corrupt("inflateInit2 failed") }
        defer { inflateEnd(&s) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var inputCopy = input
        return try inputCopy.withUnsafeMutableBufferPointer { inp in
            s.next_in = inp.baseAddress
            s.avail_in = uInt(inp.count)
            while true {
                let (rc, n) = chunk.withUnsafeMutableBufferPointer { c -> (Int32, Int) in
                    s.next_out = c.baseAddress
                    s.avail_out = uInt(c.count)
                    let rc = inflate(&s, Z_NO_FLUSH)
                    return (rc, c.count - Int(s.avail_out))
                }
                if out.count + n > limit { throw GzipError.tooLarge(limit: limit) }
                out += chunk[0..<n]
                switch rc {
                case Z_STREAM_END:
                    if s.avail_in != 0 { throw GzipError.trailingData(bytes: Int(s.avail_in)) }
                    return out
                case Z_OK:
                    continue
                case Z_BUF_ERROR:
                    // No progress possible: the input ran out before the end of the stream.
                    if s.avail_in == 0 { throw GzipError.truncated }
                    continue
                case Z_DATA_ERROR, Z_NEED_DICT:
                    throw GzipError.corrupt(s.msg.map { String(cString: $0) } ?? "invalid deflate data")
                default:
                    throw GzipError.corrupt("inflate returned \(rc)")
                }
            }
        }
    }
}

public enum GzipError: Error, Equatable, Sendable, CustomStringConvertible {
    case notGzip
    /// The stream stops before its end (a copy cut short).
    case truncated
    case corrupt(String)
    /// It would inflate past the limit (a zip bomb, or not one of our files).
    case tooLarge(limit: Int)
    /// Bytes after the end of the gzip member.
    case trailingData(bytes: Int)

    public var description: String {
        switch self {
        case .notGzip: return "not gzip data"
        case .truncated: return "gzip data cut short (incomplete copy?)"
        case .corrupt(let m): return "corrupt gzip data: \(m)"
        case .tooLarge(let limit): return "gzip data inflates past \(limit) bytes: refused"
        case .trailingData(let n): return "\(n) unexpected bytes after the gzip data"
        }
    }
}
