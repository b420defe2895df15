import XCTest
import BorneCore
import BorneOffice

/// Issue 15.4: the report's sections follow `SectionID.allCases`, so a
/// section added to the kiosk is never left out of the report.
final class SectionCoverageTests: XCTestCase {
    func testTheReportCountsEverySectionOnce() {
        let all = OfficeReport.sections2020 + OfficeReport.otherSections
        XCTAssertEqual(all.count, Set(all.map(\.rawValue)).count, "no section twice")
        XCTAssertEqual(Set(all.map(\.rawValue)), Set(SectionID.allCases.map(\.rawValue)))
        // The sections the 2020 table did not count keep SectionID's order.
        XCTAssertEqual(OfficeReport.otherSections, SectionID.allCases.filter { !OfficeReport.sections2020.contains($0) })
    }
}
