import Foundation

/// `KIOSK/heartbeat.json`: how a kiosk is doing, overwritten each round
/// (HTTP) or each stick visit (USB). Signed like a receipt (`SignedJSON`).
public struct Heartbeat: Equatable, Sendable {
    /// A batch the collector refused (4xx), waiting for a fix (docs/STATISTICS.md, "Shipping").
    public struct Parked: Equatable, Sendable {
        public var name: String
        /// HTTP status, or 0 when the refusal was not HTTP's.
        public var status: Int64
        public var reason: String
        public var sinceUTC: String

        public init(name: String, status: Int64, reason: String, sinceUTC: String) {
            self.name = name; self.status = status; self.reason = reason; self.sinceUTC = sinceUTC
        }
    }

    public static let fileName = "heartbeat.json"

    public var kiosk: String
    /// When this round (or stick visit) started, kiosk clock.
    public var sentUTC: String
    /// `borne --version`.
    public var software: String
    /// The installed content's `bundle.json` version and creation time; nil when unknown.
    public var contentVersion: String?
    public var contentCreatedUTC: String?
    /// Last content sync (`DATA/sync/state.json`); nil when never.
    public var lastSyncUTC: String?
    /// Touches not yet acknowledged, and the acknowledged cursor.
    public var rowsPending: Int64
    public var lastAckedSeq: Int64
    /// Free bytes on the data partition; nil when unknown.
    public var diskFreeBytes: Int64?
    /// The kiosk's clock when the heartbeat was written: against the
    /// office's receiving time it shows a clock that drifted.
    public var clockUTC: String
    /// "ok", or what is wrong with the touch store.
    public var store: String
    /// Batches the collector refused, oldest first.
    public var parked: [Parked]
    /// Why the last round stopped early (5xx, timeout, budget...), nil when it did not.
    public var uploadError: String?

    public init(kiosk: String, sentUTC: String, software: String, contentVersion: String? = nil,
                contentCreatedUTC: String? = nil, lastSyncUTC: String? = nil, rowsPending: Int64, lastAckedSeq: Int64,
                diskFreeBytes: Int64? = nil, clockUTC: String, store: String, parked: [Parked] = [], uploadError: String? = nil) {
        self.kiosk = kiosk; self.sentUTC = sentUTC; self.software = software; self.contentVersion = contentVersion
        self.contentCreatedUTC = contentCreatedUTC; self.lastSyncUTC = lastSyncUTC; self.rowsPending = rowsPending
        self.lastAckedSeq = lastAckedSeq; self.diskFreeBytes = diskFreeBytes; self.clockUTC = clockUTC
        self.store = store; self.parked = parked; self.uploadError = uploadError
    }

    /// `KIOSK/heartbeat.json`.
    public var path: String { "\(kiosk)/\(Self.fileName)" }

    public func encode(key: StatsKey) -> [UInt8] {
        func n(_ v: String?) -> Any { SignedJSON.null(v) }
        func n(_ v: Int64?) -> Any { SignedJSON.null(v) }
        let object: [String: Any] = [
            "format": BorneStats.format, "kiosk": kiosk, "sent_utc": sentUTC, "software": software,
            "content_version": n(contentVersion), "content_created_utc": n(contentCreatedUTC),
            "last_sync_utc": n(lastSyncUTC), "rows_pending": rowsPending, "last_acked_seq": lastAckedSeq,
            "disk_free_bytes": n(diskFreeBytes), "clock_utc": clockUTC, "store": store,
            "parked": parked.map { ["name": $0.name, "status": $0.status, "reason": $0.reason, "since_utc": $0.sinceUTC] as [String: Any] },
            "upload_error": n(uploadError),
        ]
        return SignedJSON.sign(object, key: key)
    }

    /// Verifies the MAC with the kiosk's key, then reads the members.
    public static func decode(_ bytes: [UInt8], key: StatsKey, file: String) throws -> Heartbeat {
        let o = try SignedJSON.verify(bytes, key: key, file: file)
        let S = SignedJSON.self
        var parked: [Parked] = []
        if let list = o["parked"], !(list is NSNull) {
            guard let items = list as? [Any] else { throw SignedFileError(file: file, reason: .wrongType("parked")) }
            for item in items {
                guard let p = item as? [String: Any] else { throw SignedFileError(file: file, reason: .wrongType("parked")) }
                parked.append(Parked(name: try S.string(p, "name", file: file), status: try S.int(p, "status", file: file),
                                     reason: try S.string(p, "reason", file: file), sinceUTC: try S.string(p, "since_utc", file: file)))
            }
        }
        return Heartbeat(
            kiosk: try S.string(o, "kiosk", file: file), sentUTC: try S.string(o, "sent_utc", file: file),
            software: try S.string(o, "software", file: file),
            contentVersion: try S.optionalString(o, "content_version", file: file),
            contentCreatedUTC: try S.optionalString(o, "content_created_utc", file: file),
            lastSyncUTC: try S.optionalString(o, "last_sync_utc", file: file),
            rowsPending: try S.int(o, "rows_pending", file: file), lastAckedSeq: try S.int(o, "last_acked_seq", file: file),
            diskFreeBytes: try S.optionalInt(o, "disk_free_bytes", file: file), clockUTC: try S.string(o, "clock_utc", file: file),
            store: try S.string(o, "store", file: file), parked: parked,
            uploadError: try S.optionalString(o, "upload_error", file: file))
    }
}
