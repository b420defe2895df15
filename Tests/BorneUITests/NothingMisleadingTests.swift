import BorneCore
import BorneUI
import XCTest

/// Hours said for what they are, the phone before the website, events into
/// the phone's calendar (read back with zbarimg).
final class NothingMisleadingTests: XCTestCase {
    func at(_ time: String, size: Size = Size(width: 80, height: 24)) throws -> Driver {
        Driver(env: try UITestSupport.loadEnv(), size: size, now: KioskTime.parseLocal(time)!)
    }

    /// A campsite at 13:00 (08:30–12:00, 14:00–19:30) and a hotel at 21:00 (07:00–22:30).
    func testLodgingHoursAreTheReceptions() throws {
        var d = try at("2027-07-13T13:00")
        d.tap("tile:dormir"); d.tap("item:camping-prairie-de-la-cere")
        XCTAssertTrue(d.text.contains("Accueil : fermé · arrivée possible à partir de 14:00"), d.text)
        XCTAssertFalse(d.text.contains("Fermé · ouvre"), d.text)
        var h = try at("2027-07-13T21:00")
        h.tap("lang:en"); h.tap("tile:dormir"); h.tap("item:hotel-les-ombrelles")
        XCTAssertTrue(h.text.contains("Reception: open until 22:30"), h.text)
        // Restaurants keep the ordinary wording.
        var m = try at("2027-07-13T13:00")
        m.tap("tile:manger")
        XCTAssertFalse(m.text.contains("Accueil :"), m.text)
    }

    /// The restaurant's phone first, in international form, then its website.
    func testRestaurantOffersPhoneThenWebsite() throws {
        var d = try at("2027-07-13T10:30")
        d.tap("tile:manger"); d.tap("item:auberge-du-buron-fleuri"); d.tap("nav:qr")
        XCTAssertEqual(d.app.route, .qr("tel:+33465712002", .scanPhone))
        d.tap("qr:scanWebsite")
        XCTAssertEqual(d.app.route, .qr("https://exemple.carlades.fr/auberge-du-buron-fleuri", .scanWebsite))
        d.tap("nav:back")
        XCTAssertEqual(d.app.route, .detail("auberge-du-buron-fleuri"), "the second code replaced the first: one Retour")
        var wide = try at("2027-07-13T10:30", size: Size(width: 160, height: 45))
        wide.tap("tile:manger"); wide.tap("item:auberge-du-buron-fleuri")
        let call = try XCTUnwrap(wide.text.range(of: "Scannez : appeler")), web = try XCTUnwrap(wide.text.range(of: "Scannez : site web"))
        XCTAssertLessThan(call.lowerBound, web.lowerBound, "phone above website")
    }

    /// An event's calendar entry at 160×45: the code on screen is a VEVENT of its next date.
    func testEventOffersACalendarEntry() throws {
        let zbarimg = try QRTests.zbarimg()
        var d = try at("2027-07-13T10:30", size: Size(width: 160, height: 45))
        d.tap("tile:agenda")
        let first = try XCTUnwrap(d.app.targets.first { $0.id.hasPrefix("item:") }?.id)
        d.tap(first)
        XCTAssertTrue(d.text.contains("Scannez : dans l'agenda"), d.text)
        // The first code of the side panel: from its first finder row down to the caption.
        let lines = d.text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
        let top = try XCTUnwrap(lines.firstIndex { String($0).contains("█▀▀▀▀▀█") })
        let left = String(lines[top]).range(of: "█▀▀▀▀▀█").map { String(lines[top])[..<$0.lowerBound].count }!
        let bottom = try XCTUnwrap(lines.indices.first { $0 > top && String(lines[$0]).contains("Scannez : dans l'agenda") })
        var bitmap: QRTests.Bitmap = []
        for row in lines[top..<bottom] {
            let cells = (left..<d.canvas.width).map { $0 < row.count ? row[$0] : " " }
            bitmap.append(cells.map { $0 == "█" || $0 == "▀" })
            bitmap.append(cells.map { $0 == "█" || $0 == "▄" })
        }
        let decoded = try QRTests.decode(bitmap, zbarimg: zbarimg)
        XCTAssertTrue(decoded.hasPrefix("BEGIN:VEVENT\nSUMMARY:"), decoded)
        XCTAssertTrue(decoded.contains("DTSTART"), decoded)
        XCTAssertTrue(decoded.hasSuffix("END:VEVENT"), decoded)
    }
}
