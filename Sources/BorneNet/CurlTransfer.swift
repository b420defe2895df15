internal import CCurl
import Foundation

/// The state of one transfer, shared with libcurl's callbacks through an
/// unretained pointer: `HTTPClient.perform` keeps it alive for the whole
/// `curl_easy_perform`. Callbacks never throw; they park the first failure
/// in `failure` and return a short count, which makes curl abort.
final class CurlTransfer {
    /// Redacted, for messages.
    let url: String
    /// Where a 200/206 body goes; nil discards every body (PUT replies).
    let path: String?
    /// The Range start asked for; 0 when not resuming.
    let resumeFrom: Int64
    /// Bytes the budget still allows for this transfer (nil: no budget),
    /// with the figures for the error.
    let allowance: Int64?
    let budgetUsed: Int64
    let budgetLimit: Int64

    // The response being received. Reset on every status line, so after a
    // redirect or a `100 Continue` they describe the final response.
    var status = 0
    var headers: [String: String] = [:]

    // Counters.
    var headerBytes: Int64 = 0
    /// Every body byte curl handed over, written or discarded.
    var bodyBytesSeen: Int64 = 0
    /// Body bytes written to `path` by this transfer.
    var bytesWritten: Int64 = 0

    // The file.
    var fd: Int32 = -1
    var bodyStarted = false
    var writing = false
    /// Where this transfer's bytes start in the file.
    var writtenFrom: Int64 = 0

    // An upload's source.
    var upload: UploadSource?
    var uploadPosition = 0

    var failure: NetError?
    /// Bytes the client's connections moved on the link since the last
    /// charge (TLS and TCP/IP included); the budget's measure.
    var wireBytes: () -> Int64 = { 0 }

    enum UploadSource {
        case data(Data)
        case file(fd: Int32, path: String)
    }

    init(url: String, path: String?, resumeFrom: Int64, budget: ByteBudget?) {
        self.url = url
        self.path = path
        self.resumeFrom = resumeFrom
        if let budget {
            let used = budget.used
            budgetUsed = used
            budgetLimit = budget.limit
            allowance = max(0, budget.limit - used)
        } else {
            budgetUsed = 0; budgetLimit = 0; allowance = nil
        }
    }

    deinit { closeFile() }

    func closeFile() {
        if fd >= 0 { close(fd); fd = -1 }
    }

    /// Bytes this transfer moved in the direction it received.
    var bytesIn: Int64 { headerBytes + bodyBytesSeen }

    /// What the transfer has cost so far: the link's count, or HTTP's if larger.
    var spent: Int64 { max(bytesIn, wireBytes()) }

    // MARK: Headers

    func receiveHeader(_ line: String) -> Bool {
        if line.hasPrefix("HTTP/") {
            let parts = line.split(separator: " ", maxSplits: 2)
            status = parts.count >= 2 ? Int(parts[1]) ?? 0 : 0
            headers = [:]
            return true
        }
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return endOfHeaders() }
        guard let colon = trimmed.firstIndex(of: ":") else { return true }
        let name = trimmed[..<colon].lowercased()
        let value = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        headers[name] = value
        return true
    }

    /// At the end of a final 2xx header block, refuse a body the budget
    /// cannot pay for — before a single body byte crosses the link.
    private func endOfHeaders() -> Bool {
        guard let allowance, (200..<300).contains(status),
              let length = headers["content-length"].flatMap({ Int64($0) }) else { return true }
        // The body, its TCP/IP headers and ACKs, and the connection's close.
        if spent + length + length / 16 + WireMeter.closeAllowance > allowance {
            failure = .budgetExceeded(used: budgetUsed + spent, limit: budgetLimit)
            return false
        }
        return true
    }

    /// `Content-Range: bytes 100-999/1000` → (100, 1000); `bytes */1000` → (nil, 1000).
    var contentRange: (start: Int64?, total: Int64?) {
        guard let v = headers["content-range"], v.hasPrefix("bytes ") else { return (nil, nil) }
        let spec = v.dropFirst(6)
        let halves = spec.split(separator: "/", maxSplits: 1)
        let total = halves.count == 2 ? Int64(halves[1]) : nil
        let start = halves.first.flatMap { $0.split(separator: "-").first }.flatMap { Int64($0) }
        return (start, total)
    }

    // MARK: Body

    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bodyBytesSeen += Int64(bytes.count)
        if let allowance, spent > allowance {
            failure = .budgetExceeded(used: budgetUsed + spent, limit: budgetLimit)
            return false
        }
        if !bodyStarted {
            bodyStarted = true
            guard startBody() else { return false }
        }
        guard writing else { return true }
        return writeAll(bytes)
    }

    /// Decides, at the first body byte, where the body goes: 200 rewrites
    /// the file from its start (a server that ignored Range restarts it),
    /// 206 continues it at the asked offset, anything else is discarded.
    func startBody() -> Bool {
        guard let path else { return true }
        switch status {
        case 206:
            guard resumeFrom > 0 else {
                failure = .badResponse(url: url, reason: "206 Partial Content to a request without Range")
                return false
            }
            guard contentRange.start == resumeFrom else {
                let got = headers["content-range"] ?? "no Content-Range"
                failure = .badResponse(url: url, reason: "asked bytes from \(resumeFrom), got \(got)")
                return false
            }
            guard open(path, truncateTo: resumeFrom) else { return false }
            writtenFrom = resumeFrom
        case 200..<300:
            guard open(path, truncateTo: 0) else { return false }
            writtenFrom = 0
        default:
            return true
        }
        writing = true
        return true
    }

    /// Opens (creating) the file, cuts it at `length` and positions at its end.
    /// A fresh start uses O_TRUNC rather than ftruncate, which also lets the
    /// tests write to /dev/full.
    func open(_ path: String, truncateTo length: Int64) -> Bool {
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (length == 0 ? O_TRUNC : 0)
        let f = Glibc.open(path, flags, 0o644)
        guard f >= 0 else { return fail(path, errno, "cannot open for writing") }
        fd = f
        if length > 0 {
            guard ftruncate(f, off_t(length)) == 0 else { return fail(path, errno, "cannot truncate") }
        }
        guard lseek(f, off_t(length), SEEK_SET) >= 0 else { return fail(path, errno, "cannot seek") }
        return true
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var done = 0
        while done < bytes.count {
            let n = write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                return fail(path ?? "?", errno, "cannot write")
            }
            done += n
        }
        bytesWritten += Int64(bytes.count)
        return true
    }

    private func fail(_ path: String, _ err: Int32, _ what: String) -> Bool {
        if err == ENOSPC || err == EDQUOT {
            failure = .diskFull(path: path)
        } else {
            failure = .file(path: path, message: "\(what): \(String(cString: strerror(err)))")
        }
        return false
    }

    // MARK: Upload

    /// Fills curl's buffer; returns the count, 0 at the end, nil to abort.
    func readUpload(into buffer: UnsafeMutableRawBufferPointer) -> Int? {
        switch upload {
        case .data(let data):
            let n = min(buffer.count, data.count - uploadPosition)
            guard n > 0 else { return 0 }
            data.withUnsafeBytes { src in
                buffer.baseAddress!.copyMemory(from: src.baseAddress! + uploadPosition, byteCount: n)
            }
            uploadPosition += n
            return n
        case .file(let f, let p):
            while true {
                let n = read(f, buffer.baseAddress!, buffer.count)
                if n >= 0 { uploadPosition += n; return n }
                if errno == EINTR { continue }
                _ = fail(p, errno, "cannot read the upload")
                return nil
            }
        case nil:
            return 0
        }
    }
}

// The C callbacks: plain functions (no captures), so Swift hands curl a
// C function pointer; `context` is the unretained `CurlTransfer`.

func borneCurlHeader(_ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    let n = size * count
    guard let buffer, let context else { return n }
    let t = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    t.headerBytes += Int64(n)
    let line = String(decoding: UnsafeRawBufferPointer(start: buffer, count: n), as: UTF8.self)
    return t.receiveHeader(line) ? n : 0
}

func borneCurlWrite(_ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    let n = size * count
    guard let buffer, let context else { return n }
    let t = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    return t.receiveBody(UnsafeRawBufferPointer(start: buffer, count: n)) ? n : 0
}

func borneCurlRead(_ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    guard let buffer, let context else { return borne_curl_readfunc_abort() }
    let t = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    let out = UnsafeMutableRawBufferPointer(start: buffer, count: size * count)
    return t.readUpload(into: out) ?? borne_curl_readfunc_abort()
}
