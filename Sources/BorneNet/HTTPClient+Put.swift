internal import CCurl
import Foundation

extension HTTPClient {
    /// PUTs `data` to `url`. Returns the 2xx status (201 created, 204
    /// replaced for nginx's WebDAV); anything else throws `http(status:url:)`.
    @discardableResult
    public func put(_ url: String, data: Data, contentType: String? = nil) throws -> Int {
        try budget?.ensureAllows(Int64(data.count) + Self.wireAllowance(body: Int64(data.count)))
        let t = CurlTransfer(url: NetError.redact(url), path: nil, resumeFrom: 0, budget: budget)
        t.upload = .data(data)
        return try upload(t, url: url, size: Int64(data.count), contentType: contentType)
    }

    /// PUTs the contents of `file` to `url`, streaming it.
    @discardableResult
    public func put(_ url: String, from file: URL, contentType: String? = nil) throws -> Int {
        guard let size = Self.fileLength(file) else {
            throw NetError.file(path: file.path, message: "not a readable regular file")
        }
        try budget?.ensureAllows(size + Self.wireAllowance(body: size))
        let fd = open(file.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw NetError.file(path: file.path, message: "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        let t = CurlTransfer(url: NetError.redact(url), path: nil, resumeFrom: 0, budget: budget)
        t.upload = .file(fd: fd, path: file.path)
        return try upload(t, url: url, size: size, contentType: contentType)
    }

    private func upload(_ t: CurlTransfer, url: String, size: Int64, contentType: String?) throws -> Int {
        // "Expect:" drops curl's 100-continue wait (a second lost per batch on
        // servers that ignore it); nginx reads bodies as they come anyway.
        let headers = ["Expect:", Self.header("Content-Type", contentType)].compactMap { $0 }
        try perform(t, url: url, headers: headers) { o in
            try o.set(CURLOPT_UPLOAD, "CURLOPT_UPLOAD", 1)
            try o.check(borne_curl_setopt_read(o.handle, borneCurlRead), "CURLOPT_READFUNCTION")
            try o.check(borne_curl_setopt_pointer(o.handle, CURLOPT_READDATA, Unmanaged.passUnretained(t).toOpaque()), "CURLOPT_READDATA")
            try o.setOff(CURLOPT_INFILESIZE_LARGE, "CURLOPT_INFILESIZE_LARGE", curl_off_t(size))
        }
        let status = responseCode()
        guard (200..<300).contains(status) else { throw NetError.http(status: status, url: t.url) }
        return status
    }
}
