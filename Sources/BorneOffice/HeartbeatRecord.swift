import BorneCore
import BorneStore

/// A kiosk's heartbeat (docs/BATCHES.md, "Heartbeat") once its MAC has
/// verified, with where and when the office got it.
public struct HeartbeatRecord: Equatable, Sendable {
    public enum Via: String, Sendable {
        /// A file on the WebDAV collector; received = the file's time (the server's clock).
        case collector
        /// Fetched over HTTP from the collector; received = its Last-Modified.
        case http
        /// Carried on a USB stick; received = when the office read the stick.
        case usb
    }

    public var kiosk: String
    public var sentMs: Int64
    public var receivedMs: Int64
    public var via: Via
    public var software: String?
    public var contentVersion: String?
    public var contentCreatedMs: Int64?
    public var lastSyncMs: Int64?
    public var rowsPending: Int64?
    public var lastAckedSeq: Int64?
    public var diskFreeBytes: Int64?
    /// The kiosk's wall clock when it wrote the heartbeat.
    public var clockMs: Int64?
    /// "ok" or the store's problem ("DISQUE PLEIN"...).
    public var store: String?
    /// Batches the collector refused (parked on the kiosk), and the first one.
    public var parked: Int64 = 0
    public var parkedFirst: String?
    /// Why the kiosk's last upload round stopped early.
    public var uploadError: String?

    public init(kiosk: String, sentMs: Int64, receivedMs: Int64, via: Via, software: String? = nil,
                contentVersion: String? = nil, contentCreatedMs: Int64? = nil, lastSyncMs: Int64? = nil,
                rowsPending: Int64? = nil, lastAckedSeq: Int64? = nil, diskFreeBytes: Int64? = nil,
                clockMs: Int64? = nil, store: String? = nil) {
        self.kiosk = kiosk; self.sentMs = sentMs; self.receivedMs = receivedMs; self.via = via
        self.software = software; self.contentVersion = contentVersion; self.contentCreatedMs = contentCreatedMs
        self.lastSyncMs = lastSyncMs; self.rowsPending = rowsPending; self.lastAckedSeq = lastAckedSeq
        self.diskFreeBytes = diskFreeBytes; self.clockMs = clockMs; self.store = store
    }

    /// Kiosk clock minus the office's, ms (the clock, else the sending time,
    /// against the receive time); nil when the receive time is the kiosk's
    /// own (USB).
    public var clockOffsetMs: Int64? {
        guard via != .usb else { return nil }
        return (clockMs ?? sentMs) - receivedMs
    }
}

extension OfficeStore {
    /// Stores a verified heartbeat (a repeat of the same one is ignored) and
    /// learns its content version's creation time (flagging earlier rows).
    /// Returns true when it was new.
    @discardableResult
    public func recordHeartbeat(_ h: HeartbeatRecord) throws -> Bool {
        func iso(_ v: Int64?) -> SQLValue { v.map { .text(UTCTime.string(ms: $0)) } ?? .null }
        try cached("""
            INSERT OR IGNORE INTO heartbeats (kiosk, sent_utc, received_utc, via, software, content_version,
                content_created_utc, last_sync_utc, rows_pending, last_acked_seq, disk_free_bytes, clock_utc, store,
                parked, parked_first, upload_error)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute([
                .text(h.kiosk), .text(UTCTime.string(ms: h.sentMs)), .text(UTCTime.string(ms: h.receivedMs)),
                .text(h.via.rawValue), SQLValue(h.software), SQLValue(h.contentVersion), iso(h.contentCreatedMs),
                iso(h.lastSyncMs), SQLValue(h.rowsPending), SQLValue(h.lastAckedSeq), SQLValue(h.diskFreeBytes),
                iso(h.clockMs), SQLValue(h.store), .integer(h.parked), SQLValue(h.parkedFirst), SQLValue(h.uploadError),
            ])
        let new = db.changes == 1
        if let v = h.contentVersion, let c = h.contentCreatedMs {
            try learnContentVersion(kiosk: h.kiosk, version: v, createdMs: c)
        }
        return new
    }

    /// Each kiosk's most recently received heartbeat.
    public func latestHeartbeats() throws -> [String: HeartbeatRecord] {
        var out: [String: HeartbeatRecord] = [:]
        let rows = try db.prepare("""
            SELECT kiosk, sent_utc, received_utc, via, software, content_version, content_created_utc,
                   last_sync_utc, rows_pending, last_acked_seq, disk_free_bytes, clock_utc, store,
                   parked, parked_first, upload_error
            FROM heartbeats ORDER BY kiosk, received_utc, sent_utc
            """).rows { s -> HeartbeatRecord in
            func ms(_ i: Int32) -> Int64? { s.text(i).flatMap(UTCTime.parseISO) }
            var h = HeartbeatRecord(kiosk: s.text(0) ?? "", sentMs: ms(1) ?? 0, receivedMs: ms(2) ?? 0,
                                    via: HeartbeatRecord.Via(rawValue: s.text(3) ?? "") ?? .collector,
                                    software: s.text(4), contentVersion: s.text(5), contentCreatedMs: ms(6),
                                    lastSyncMs: ms(7), rowsPending: s.int64OrNil(8), lastAckedSeq: s.int64OrNil(9),
                                    diskFreeBytes: s.int64OrNil(10), clockMs: ms(11), store: s.text(12))
            h.parked = s.int64(13)
            h.parkedFirst = s.text(14)
            h.uploadError = s.text(15)
            return h
        }
        for h in rows { out[h.kiosk] = h }     // ordered: the last one wins
        return out
    }
}
