import BorneCore
import BorneStore
import Foundation
@testable import BorneOffice

/// Copies a kiosk's `sessions.db` rows into the office database without
/// batches: for tests of the report that do not exercise the codec.
enum KioskDatabaseLoader {
    static func load(_ path: String, kiosk: String, into store: OfficeStore, ingestAt: String = "2026-01-01T00:00:00Z") throws -> Int {
        let kioskStore = try TouchStore(database: Database(path: path), kioskID: kiosk)
        let rows = try kioskStore.touches().map { t in
            OfficeTouch(seq: t.seq, sessionID: t.sessionID, wallMs: UTCTime.parseISO(t.wallUTC)!,
                        monoMs: t.monoNs / 1_000_000, screen: t.screen, section: t.section, target: t.target,
                        x: t.x, y: t.y, language: t.language, contentVersion: t.contentVersion, flags: t.flags.rawValue)
        }
        var added = 0
        try store.db.inTransaction {
            added = try store.insertTouches(kiosk: kiosk, rows, clock: ClockCheck(ingestMs: ms(ingestAt)))
            return .commit
        }
        return added
    }
}
