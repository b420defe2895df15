internal import CCurl
import Foundation

/// curl_global_init, once per process (a lazy global is initialised exactly
/// once, thread-safely), before the first handle.
let curlGlobalInit: Int = Int(borne_curl_global_init().rawValue)

/// One libcurl easy handle, reused from transfer to transfer so a kiosk keeps
/// its connection to each server for a round: every request of a round to
/// the same host rides one connection (HTTP/1.1 keep-alive; HTTP/2 with
/// `http2`), and `endRound()` closes them. TLS sessions and DNS answers
/// outlive the round in the process's `HTTPShare`: the next round resumes
/// the session instead of a full handshake.
///
/// HTTP/1.1 by default: Debian 12's libcurl (7.88.1) offers a cached TLS
/// session on an HTTP/2 connection that the server then refuses (measured
/// against nginx 1.22, docs/SYNC.md), so HTTP/2 would cost every round a
/// full handshake: 0.6 to 0.9 kB more a round than HTTP/1.1 resumed, for
/// 0.35 kB saved on the first round only.
///
/// The budget is charged with what the connections moved on the link
/// (`WireMeter`: TLS stream and TCP/IP headers), not only HTTP's bytes.
///
/// Not `Sendable`: one owner, one transfer at a time. Every buffer curl
/// borrows (the header list, the error buffer) is owned here and outlives the
/// handle's use of it; `deinit` cleans the handle up first, then frees them.
///
/// Policy on every transfer: HTTPS verification on, only http and https
/// (redirects too), `NOSIGNAL` (timeouts without SIGALRM, safe in threads),
/// `FAILONERROR` off — statuses are handled here, so a 404's body never lands
/// in a file and a 416 can be told apart from a failure.
public final class HTTPClient {
    public let limits: HTTPLimits
    /// Charged with every byte moved; nil for an unmetered link.
    public let budget: ByteBudget?
    public let userAgent: String
    /// A CA bundle to trust instead of the system's (a private sync server).
    public let caFile: String?
    /// Offer HTTP/2 (ALPN) over TLS; HTTP/1.1 otherwise (see above).
    public let http2: Bool

    private var handle: UnsafeMutableRawPointer
    /// Counts the bytes of every socket the handle opens; outlives the handle.
    private let meter = WireMeter()
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private let errorBufferSize: Int
    /// The request headers of the current transfer (curl borrows the list).
    private var headerList: UnsafeMutablePointer<curl_slist>?

    public init(limits: HTTPLimits = HTTPLimits(), budget: ByteBudget? = nil,
                userAgent: String = "borne", caFile: String? = nil, http2: Bool = false) {
        precondition(curlGlobalInit == 0, "curl_global_init failed (\(curlGlobalInit))")
        guard let h = borne_curl_easy_init() else { preconditionFailure("curl_easy_init returned NULL (out of memory)") }
        handle = h
        errorBufferSize = borne_curl_error_size()
        errorBuffer = .allocate(capacity: errorBufferSize)
        errorBuffer.initialize(repeating: 0, count: errorBufferSize)
        self.limits = limits
        self.budget = budget
        self.userAgent = userAgent
        self.caFile = caFile
        self.http2 = http2
    }

    deinit {
        // The close of a client dropped without `endRound()` is charged as
        // best we can: a deinit cannot throw (callers end their rounds).
        borne_curl_easy_cleanup(handle)
        try? budget?.record(meter.take())
        borne_curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    /// Ends a round: closes the client's connections (TLS close alerts, FIN)
    /// and charges the budget with their last bytes, so that an idle
    /// connection is neither held open on the link between rounds nor left
    /// uncounted. The client stays usable: the next transfer opens a new
    /// connection, resuming the TLS session kept in the process's share.
    public func endRound() throws {
        borne_curl_easy_cleanup(handle)
        guard let h = borne_curl_easy_init() else { preconditionFailure("curl_easy_init returned NULL (out of memory)") }
        handle = h
        try record(meter.take())
    }

    /// TCP connections this client opened (a new one per host per round when
    /// connections are reused; one per transfer when they are not).
    public var connectionsOpened: Int { meter.opened }

    /// Bytes this client has charged to its budget so far (nil budget: 0).
    public private(set) var bytesCharged: Int64 = 0

    /// Charges the budget and keeps the count.
    private func record(_ bytes: Int64) throws {
        guard let budget, bytes > 0 else { return }
        try budget.record(bytes)
        bytesCharged += bytes
    }

    // MARK: One transfer

    /// Runs one transfer: resets the handle, applies the client's policy,
    /// the request headers and `configure`, performs, charges the budget
    /// with what actually moved, and turns the outcome into a `NetError`.
    func perform(_ t: CurlTransfer, url: String, headers: [String],
                 configure: (CurlOptions) throws -> Void) throws {
        borne_curl_easy_reset(handle)
        // After the reset curl no longer holds the previous list.
        borne_curl_slist_free_all(headerList)
        headerList = nil
        for h in Self.baseHeaders + headers { headerList = borne_curl_slist_append(headerList, h) }
        errorBuffer.update(repeating: 0, count: errorBufferSize)

        // Every option is checked: a refused one (a TLS or protocol setting
        // above all) fails the transfer instead of running it weaker.
        let h = handle
        let o = CurlOptions(handle: h, url: t.url)
        try o.set(CURLOPT_URL, "CURLOPT_URL", url)
        try o.set(CURLOPT_PROTOCOLS_STR, "CURLOPT_PROTOCOLS_STR", "http,https")
        try o.set(CURLOPT_REDIR_PROTOCOLS_STR, "CURLOPT_REDIR_PROTOCOLS_STR", "http,https")
        try o.set(CURLOPT_FOLLOWLOCATION, "CURLOPT_FOLLOWLOCATION", 1)
        try o.set(CURLOPT_MAXREDIRS, "CURLOPT_MAXREDIRS", limits.maxRedirects)
        try o.set(CURLOPT_NOSIGNAL, "CURLOPT_NOSIGNAL", 1)
        try o.set(CURLOPT_FAILONERROR, "CURLOPT_FAILONERROR", 0)
        try o.set(CURLOPT_SSL_VERIFYPEER, "CURLOPT_SSL_VERIFYPEER", 1)
        try o.set(CURLOPT_SSL_VERIFYHOST, "CURLOPT_SSL_VERIFYHOST", 2)
        if let caFile { try o.set(CURLOPT_CAINFO, "CURLOPT_CAINFO", caFile) }
        try o.set(CURLOPT_CONNECTTIMEOUT_MS, "CURLOPT_CONNECTTIMEOUT_MS", Int(limits.connectTimeout * 1000))
        try o.set(CURLOPT_TIMEOUT_MS, "CURLOPT_TIMEOUT_MS", Int(limits.overallTimeout * 1000))
        try o.set(CURLOPT_LOW_SPEED_LIMIT, "CURLOPT_LOW_SPEED_LIMIT", limits.lowSpeedBytesPerSecond)
        try o.set(CURLOPT_LOW_SPEED_TIME, "CURLOPT_LOW_SPEED_TIME", limits.lowSpeedSeconds)
        try o.set(CURLOPT_USERAGENT, "CURLOPT_USERAGENT", userAgent)
        // A shorter ClientHello (docs/SYNC.md, "What a connection costs"):
        // TLS 1.2 only with ECDHE and an AEAD (what Mozilla's intermediate
        // and modern server profiles accept), three groups instead of ten;
        // TLS 1.3's suites are untouched.
        try o.set(CURLOPT_SSL_CIPHER_LIST, "CURLOPT_SSL_CIPHER_LIST", Self.tls12Ciphers)
        try o.set(CURLOPT_SSL_EC_CURVES, "CURLOPT_SSL_EC_CURVES", Self.tlsGroups)
        try o.set(CURLOPT_HTTP_VERSION, "CURLOPT_HTTP_VERSION",
                  http2 ? borne_curl_http_version_2tls() : borne_curl_http_version_1_1())
        // ALPN only to ask for HTTP/2: without it a TLS server speaks HTTP/1.1
        // (the extension costs ~15 bytes each way per connection).
        try o.set(CURLOPT_SSL_ENABLE_ALPN, "CURLOPT_SSL_ENABLE_ALPN", http2 ? 1 : 0)
        // No close_notify when a connection ends, and fewer signature
        // algorithms offered (shim.h, borne_ssl_ctx_setup): every request and
        // response is framed by HTTP, so the alert tells the server nothing.
        try o.check(borne_curl_setopt_ssl_ctx_setup(h), "CURLOPT_SSL_CTX_FUNCTION")
        try o.check(borne_curl_setopt_pointer(h, CURLOPT_SHARE, try HTTPShare.process().handle), "CURLOPT_SHARE")
        // Every socket's bytes, read from the kernel (the budget's count).
        let meterContext = Unmanaged.passUnretained(meter).toOpaque()
        try o.check(borne_curl_setopt_sockopt(h, borneCurlSockopt), "CURLOPT_SOCKOPTFUNCTION")
        try o.check(borne_curl_setopt_pointer(h, CURLOPT_SOCKOPTDATA, meterContext), "CURLOPT_SOCKOPTDATA")
        try o.check(borne_curl_setopt_closesocket(h, borneCurlCloseSocket), "CURLOPT_CLOSESOCKETFUNCTION")
        try o.check(borne_curl_setopt_pointer(h, CURLOPT_CLOSESOCKETDATA, meterContext), "CURLOPT_CLOSESOCKETDATA")
        try o.check(borne_curl_setopt_pointer(h, CURLOPT_ERRORBUFFER, errorBuffer), "CURLOPT_ERRORBUFFER")
        try o.check(borne_curl_setopt_slist(h, CURLOPT_HTTPHEADER, headerList), "CURLOPT_HTTPHEADER")

        t.wireBytes = { [meter] in meter.peek() }
        meter.receiveBuffer = t.allowance.flatMap(Self.receiveBuffer(allowance:))
        let context = Unmanaged.passUnretained(t).toOpaque()
        try o.check(borne_curl_setopt_header(h, borneCurlHeader), "CURLOPT_HEADERFUNCTION")
        try o.check(borne_curl_setopt_pointer(h, CURLOPT_HEADERDATA, context), "CURLOPT_HEADERDATA")
        try o.check(borne_curl_setopt_write(h, borneCurlWrite), "CURLOPT_WRITEFUNCTION")
        try o.check(borne_curl_setopt_pointer(h, CURLOPT_WRITEDATA, context), "CURLOPT_WRITEDATA")
        try configure(o)

        let code = withExtendedLifetime(t) { borne_curl_easy_perform(h) }
        t.closeFile()
        try charge(t)
        if let failure = t.failure { throw failure }
        guard code == CURLE_OK else { throw error(for: code, url: t.url) }
    }

    /// Records every byte this transfer moved, failed or not: what its
    /// connections moved on the link (TLS and TCP/IP included), and never
    /// less than HTTP's own count (a socket the kernel cannot count).
    private func charge(_ t: CurlTransfer) throws {
        let wire = meter.take()
        guard let budget else { return }
        var requestSize = 0
        _ = borne_curl_getinfo_long(handle, CURLINFO_REQUEST_SIZE, &requestSize)
        var uploaded: curl_off_t = 0
        _ = borne_curl_getinfo_off(handle, CURLINFO_SIZE_UPLOAD_T, &uploaded)
        try record(max(wire, t.bytesIn + Int64(requestSize) + Int64(uploaded)))
    }

    /// The receive buffer of a new connection when the day's budget has
    /// `allowance` bytes left: under 1 MB, an eighth of it (4 to 64 kB; the
    /// kernel doubles it), so that what is in flight when the budget stops
    /// a transfer stays well within it. nil (the kernel's own) otherwise.
    public static func receiveBuffer(allowance: Int64) -> Int32? {
        guard allowance < 1_000_000 else { return nil }
        return Int32(min(65_536, max(4_096, allowance / 8)))
    }

    /// What a transfer of `body` bytes may cost on the link beyond the body,
    /// counted before it starts so that the day's budget is never passed: a
    /// new connection (TCP and a full TLS handshake with its certificates,
    /// about 5 kB), request and response headers, and per segment of the
    /// body its TCP/IP headers and the ACKs coming back (a sixteenth).
    public static func wireAllowance(body: Int64) -> Int64 { 8_192 + max(0, body) / 16 }

    private func error(for code: CURLcode, url: String) -> NetError {
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            return .timeout(url: url)
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .couldNotConnect(url: url)
        default:
            var message = String(cString: errorBuffer)
            if message.isEmpty { message = String(cString: borne_curl_easy_strerror(code)) }
            return .curl(code: Int(code.rawValue), message: message, url: url)
        }
    }

    /// The final response status of the last transfer.
    func responseCode() -> Int {
        var code = 0
        _ = borne_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code)
        return code
    }

    /// Headers of every request: none of curl's defaults that buy nothing
    /// ("Accept: */*" says what no header says).
    static let baseHeaders = ["Accept:"]
    /// TLS 1.2 suites offered (OpenSSL's syntax): ECDHE key exchange, AEAD only.
    static let tls12Ciphers = "ECDHE+AESGCM:ECDHE+CHACHA20"
    /// Key-exchange groups offered: X25519 first (the key share sent), then the NIST curves servers accept.
    static let tlsGroups = "X25519:P-256:P-384"
    /// Compressed answers asked for: gzip, which every server that compresses
    /// speaks (curl's "" would list deflate, gzip, br, zstd: 19 bytes more a request).
    static let acceptEncoding = "gzip"

    /// A request header line, or nil when the value could smuggle another header.
    static func header(_ name: String, _ value: String?) -> String? {
        guard let value, !value.isEmpty, !value.contains(where: { $0 == "\r" || $0 == "\n" }) else { return nil }
        return "\(name): \(value)"
    }
}

/// Setting options on a handle, each result checked: a refused option
/// throws `NetError.curl` naming it, and the transfer does not run.
struct CurlOptions {
    let handle: UnsafeMutableRawPointer
    /// Redacted, for the error.
    let url: String

    func check(_ code: CURLcode, _ name: String) throws {
        guard code == CURLE_OK else {
            throw NetError.curl(code: Int(code.rawValue),
                                message: "libcurl refused \(name) (\(String(cString: borne_curl_easy_strerror(code)))); the transfer was not made",
                                url: url)
        }
    }

    func set(_ option: CURLoption, _ name: String, _ value: Int) throws {
        try check(borne_curl_setopt_long(handle, option, value), name)
    }

    /// nil unsets a string option (curl's default).
    func set(_ option: CURLoption, _ name: String, _ value: String?) throws {
        try check(borne_curl_setopt_string(handle, option, value), name)
    }

    func setOff(_ option: CURLoption, _ name: String, _ value: curl_off_t) throws {
        try check(borne_curl_setopt_off(handle, option, value), name)
    }
}
