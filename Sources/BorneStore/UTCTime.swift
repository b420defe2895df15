import Foundation

/// ISO 8601 UTC with milliseconds, "2020-07-14T10:00:00.123Z": sorts as
/// text, and SQLite's date functions read it. Thread-safe (no formatter).
enum UTCTime {
    static func string(_ date: Date) -> String {
        let totalMs = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var secs = time_t(totalMs >= 0 ? totalMs / 1000 : (totalMs - 999) / 1000)
        let ms = Int(totalMs - Int64(secs) * 1000)
        var tm = tm()
        gmtime_r(&secs, &tm)
        return "\(pad(Int(tm.tm_year) + 1900, 4))-\(pad(Int(tm.tm_mon) + 1, 2))-\(pad(Int(tm.tm_mday), 2))T"
            + "\(pad(Int(tm.tm_hour), 2)):\(pad(Int(tm.tm_min), 2)):\(pad(Int(tm.tm_sec), 2)).\(pad(ms, 3))Z"
    }

    /// Compact form for file names: "20200714T100000Z".
    static func fileStamp(_ date: Date) -> String {
        string(date).filter { $0 != "-" && $0 != ":" }.replacingOccurrences(of: ".", with: "")
            .dropLast(4) + "Z"
    }

    private static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
