import Foundation

/// What one GET left behind. Validators are kept verbatim, as the server
/// sent them, so that the next conditional request echoes them exactly.
public struct HTTPResult: Equatable, Sendable {
    /// The final status (after redirects). 416 appears only when the part
    /// was already complete (see `HTTPClient.get`).
    public var status: Int
    /// `ETag`, quotes and `W/` included.
    public var etag: String?
    /// `Last-Modified`, verbatim (an IMF-fixdate).
    public var lastModified: String?
    /// Body bytes written to the file by this call (error bodies and bytes
    /// already in a resumed part are not counted).
    public var bytesReceived: Int64
    /// Where the body was appended from: the resumed offset, or 0 when the
    /// file was written from its start (fresh, or restarted).
    public var resumedFrom: Int64
    /// The file's length when the call returned; nil on 304 (file untouched).
    public var fileLength: Int64?

    /// 304: the copy the validators described is still current; the file was not touched.
    public var notModified: Bool { status == 304 }

    public init(status: Int, etag: String? = nil, lastModified: String? = nil, bytesReceived: Int64 = 0,
                resumedFrom: Int64 = 0, fileLength: Int64? = nil) {
        self.status = status; self.etag = etag; self.lastModified = lastModified
        self.bytesReceived = bytesReceived; self.resumedFrom = resumedFrom; self.fileLength = fileLength
    }
}

/// Limits of every transfer made by one `HTTPClient`.
public struct HTTPLimits: Equatable, Sendable {
    /// Seconds to establish TCP (and TLS).
    public var connectTimeout: Double
    /// Seconds for the whole transfer, connection included; 0 = none.
    public var overallTimeout: Double
    /// Abort when slower than `lowSpeedBytesPerSecond` for `lowSpeedSeconds`:
    /// a 4G link that has gone to 2 bytes/s must not hold a sync for hours.
    public var lowSpeedBytesPerSecond: Int
    public var lowSpeedSeconds: Int
    /// Redirects followed (only to http and https).
    public var maxRedirects: Int

    public init(connectTimeout: Double = 15, overallTimeout: Double = 600,
                lowSpeedBytesPerSecond: Int = 512, lowSpeedSeconds: Int = 60, maxRedirects: Int = 5) {
        self.connectTimeout = connectTimeout; self.overallTimeout = overallTimeout
        self.lowSpeedBytesPerSecond = lowSpeedBytesPerSecond; self.lowSpeedSeconds = lowSpeedSeconds
        self.maxRedirects = maxRedirects
    }
}
