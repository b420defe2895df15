internal import CCurl
import Foundation

extension HTTPClient {
    /// GETs `url` into `file`, streaming.
    ///
    /// - Conditional: `ifNoneMatch` (an ETag) and `ifModifiedSince` (a
    ///   `Last-Modified` value, echoed verbatim as RFC 9110 advises rather
    ///   than re-formatted from a clock) may turn the answer into 304, which
    ///   leaves `file` untouched.
    /// - Resume: with `resumeFrom` > 0 the request asks `Range: bytes=N-`.
    ///   206 continues the file at N; 200 (a server ignoring Range) rewrites
    ///   it from the start; 416 means the part is already whole only if its
    ///   length equals the length known — `expectedLength`, else the total
    ///   in the 416's `Content-Range: bytes */LEN` — otherwise the file is
    ///   fetched again from the start. An offset past the file's length or
    ///   past `expectedLength` is not trusted: the file is fetched whole.
    /// - Budget: with a known `expectedLength`, a transfer the day's budget
    ///   cannot pay for (body and `wireAllowance`) is refused before connecting; otherwise it is
    ///   refused at the response's `Content-Length`, or cut when it passes.
    /// - Statuses other than 2xx, 304 and a handled 416 throw `http(status:url:)`;
    ///   their bodies are discarded, never written to `file`.
    public func get(_ url: String, to file: URL, ifNoneMatch: String? = nil, ifModifiedSince: String? = nil,
                    resumeFrom: Int64? = nil, expectedLength: Int64? = nil) throws -> HTTPResult {
        let have = Self.fileLength(file) ?? 0
        var offset = min(max(0, resumeFrom ?? 0), have)
        if let expectedLength, offset > expectedLength { offset = 0 }
        if let budget, let expectedLength { try budget.ensureAllows(expectedLength - offset + Self.wireAllowance(body: expectedLength - offset)) }

        let conditions = [Self.header("If-None-Match", ifNoneMatch), Self.header("If-Modified-Since", ifModifiedSince)]
            .compactMap { $0 }
        let first = try getOnce(url, to: file, headers: conditions, from: offset)
        guard first.status == 416, offset > 0 else { return try finish(first, url: url, file: file) }

        let known = expectedLength ?? first.contentRange.total
        if known == offset {
            return HTTPResult(status: 416, etag: first.headers["etag"], lastModified: first.headers["last-modified"],
                              bytesReceived: 0, resumedFrom: offset, fileLength: offset)
        }
        // The part does not match what the server holds: start again.
        let again = try getOnce(url, to: file, headers: conditions, from: 0)
        return try finish(again, url: url, file: file)
    }

    /// Continues `part` from its current length (or starts it): the way to
    /// download into a `.part` file that a failed run may have left.
    public func resume(_ url: String, into part: URL, expectedLength: Int64? = nil) throws -> HTTPResult {
        let have = Self.fileLength(part) ?? 0
        return try get(url, to: part, resumeFrom: have > 0 ? have : nil, expectedLength: expectedLength)
    }

    private func getOnce(_ url: String, to file: URL, headers: [String], from offset: Int64) throws -> CurlTransfer {
        let t = CurlTransfer(url: NetError.redact(url), path: file.path, resumeFrom: offset, budget: budget)
        try perform(t, url: url, headers: headers) { o in
            try o.set(CURLOPT_HTTPGET, "CURLOPT_HTTPGET", 1)
            // CURLOPT_RANGE, not RESUME_FROM: curl itself would fail a 200
            // answer to a resume; here a 200 restarts the file instead.
            if offset > 0 {
                try o.set(CURLOPT_RANGE, "CURLOPT_RANGE", "\(offset)-")
                // A range is of the plain file: never mix it with a compressed answer.
                try o.set(CURLOPT_ACCEPT_ENCODING, "CURLOPT_ACCEPT_ENCODING", nil as String?)
            } else {
                // gzip when the server offers it: curl decodes it, the file
                // holds the plain bytes that hashes check.
                try o.set(CURLOPT_ACCEPT_ENCODING, "CURLOPT_ACCEPT_ENCODING", Self.acceptEncoding)
            }
        }
        t.status = responseCode()
        return t
    }

    private func finish(_ t: CurlTransfer, url: String, file: URL) throws -> HTTPResult {
        switch t.status {
        case 304:
            return HTTPResult(status: 304, etag: t.headers["etag"], lastModified: t.headers["last-modified"])
        case 200..<300:
            if !t.bodyStarted {
                // An empty body never reached the write callback: the file
                // must still say so (created, or cut back).
                t.bodyStarted = true
                let ok = t.startBody()
                t.closeFile()
                if !ok, let failure = t.failure { throw failure }
            }
            return HTTPResult(status: t.status, etag: t.headers["etag"], lastModified: t.headers["last-modified"],
                              bytesReceived: t.bytesWritten, resumedFrom: t.writtenFrom,
                              fileLength: Self.fileLength(file))
        default:
            throw NetError.http(status: t.status, url: t.url)
        }
    }

    /// The length of a regular file, nil when there is none.
    public static func fileLength(_ file: URL) -> Int64? {
        var st = stat()
        guard stat(file.path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int64(st.st_size)
    }
}
