import XCTest
@testable import BorneCore

/// The GPX samples in Fixtures/gpx (see PROVENANCE.txt there). XCTest
/// resources are not declared in Package.swift, so they are read by path.
enum GPXFixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/gpx")

    static func text(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    static func track(_ name: String) throws -> Track {
        try GPX.parse(text(name))
    }
}

/// A GPX 1.1 document around `body` (the content of `<gpx>`).
func gpx11(_ body: String) -> String {
    """
    <?xml version="1.0" encoding="UTF-8"?>
    <gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
    \(body)
    </gpx>
    """
}

final class GPXParserTests: XCTestCase {

    // MARK: - Real samples

    func testReadsAGPX10TrackWithBogusTimes() throws {
        let t = try GPXFixture.track("gpxpy_Mojstrovka.gpx")
        XCTAssertEqual(t.segments.count, 1)
        XCTAssertEqual(t.pointCount, 184)
        XCTAssertNil(t.name)
        XCTAssertEqual(t.start, TrackPoint(lat: 46.434981, lon: 13.748273, ele: 1614.678))
    }

    func testKeepsEverySegmentOfSeveralTracksAndDropsEmptyOnes() throws {
        let t = try GPXFixture.track("gpxpy_cerknicko-jezero.gpx")
        XCTAssertEqual(t.segments.count, 7) // 8 <trk>, one with an empty segment
        XCTAssertEqual(t.pointCount, 296)
        XCTAssertEqual(t.name, "ACTIVE LOG") // the first track's name
        XCTAssertTrue(t.segments.allSatisfy { !$0.isEmpty })
    }

    func testWaypointsAreNotTrackPoints() throws {
        let text = try GPXFixture.text("gpxpy_cerknicko-jezero.gpx")
        XCTAssertTrue(text.contains("<wpt"))
        let t = try GPX.parse(text)
        let waypoint = TrackPoint(lat: 45.772163216, lon: 14.357652292)
        XCTAssertFalse(t.segments.joined().contains { $0.lat == waypoint.lat && $0.lon == waypoint.lon })
    }

    func testReadsTrackWithOnlyPartOfTheTimes() throws {
        let t = try GPXFixture.track("gpxpy_korita-zbevnica.gpx")
        XCTAssertEqual(t.segments.count, 3)
        XCTAssertEqual(t.pointCount, 871)
        XCTAssertEqual(t.name, "03-OCT-10")
    }

    func testReadsGarminGPX11WithNamespacedExtensionsOnOneLine() throws {
        let t = try GPXFixture.track("gpxpy_around-visnjan-with-car.gpx")
        XCTAssertEqual(t.name, "2020-12-18 07:24:29")
        XCTAssertEqual(t.pointCount, 104)
        XCTAssertEqual(t.segments[0][0], TrackPoint(lat: 45.2735188510, lon: 13.7142099626, ele: 211.15))
    }

    func testRouteOnlyFileBecomesOneSegment() throws {
        let t = try GPXFixture.track("gpxpy_route.gpx")
        XCTAssertEqual(t.segments.count, 1)
        XCTAssertEqual(t.pointCount, 55)
        XCTAssertNil(t.name) // <rtept><name>#001</name> is a point's name, not the route's
        XCTAssertFalse(t.stats.hasElevation)
    }

    func testRoutesAreIgnoredWhenTheFileHasATrack() throws {
        for file in ["gpxpy_gpx1.0_with_all_fields.gpx", "gpxpy_gpx1.1_with_all_fields.gpx"] {
            let t = try GPXFixture.track(file)
            XCTAssertEqual(t.segments, [[TrackPoint(lat: 10.1, lon: -20.2, ele: 11.1)]], file)
            XCTAssertEqual(t.name, "example name t", file)
        }
    }

    func testEmptySegmentIsDropped() throws {
        let t = try GPXFixture.track("gpxpy_track-with-empty-segment.gpx")
        XCTAssertEqual(t.segments.count, 1)
        XCTAssertEqual(t.pointCount, 9)
        XCTAssertEqual(t.name, "2013-07-06T14:59:00Z")
    }

    func testElevationOnOnlySomePoints() throws {
        let t = try GPXFixture.track("gpxpy_first_and_last_elevation.gpx")
        let eles = t.segments[0].map(\.ele)
        XCTAssertEqual(eles.count, 10)
        XCTAssertEqual(eles.first, 140.0)
        XCTAssertEqual(eles.last, 140.0)
        XCTAssertEqual(eles.compactMap { $0 }.count, 2)
        XCTAssertNil(t.name) // <name/> is no name
    }

    func testCDATANameAndCommentAfterAPoint() throws {
        let t = try GPXFixture.track("gpxpy_gpx-with-node-with-comments.gpx")
        XCTAssertEqual(t.name, "2014-05-06_132925")
        XCTAssertEqual(t.segments, [[TrackPoint(lat: 51.519402, lon: -0.134462, ele: 81)]])
    }

    func testSmallFloatsAndMultiLineRootTag() throws {
        let t = try GPXFixture.track("gpxpy_track-with-small-floats.gpx")
        XCTAssertEqual(t.name, "Untitled Path")
        XCTAssertEqual(t.segments[0].map(\.lat), [0.000091697, 0.084886217, 0.084886217])
        XCTAssertEqual(t.segments[0][2].ele, 0.000005)
    }

    func testCRLFLineEndsAndGpxWithoutNamespace() throws {
        let t = try GPXFixture.track("gpxpy_track_with_speed.gpx")
        XCTAssertEqual(t.pointCount, 3)
        XCTAssertEqual(t.segments[0][1].ele, 58.166437)
    }

    func testWaypointOnlyFileIsRejectedSayingWhy() throws {
        for file in ["gpxpy_unicode_with_bom.gpx", "gpxpy_gpx_with_garmin_extension.gpx", "gpxpy_gpx1.1_with_extensions.gpx"] {
            XCTAssertThrowsError(try GPXFixture.track(file), file) { error in
                let e = error as? GPXError
                XCTAssertTrue(e?.message.contains("no track or route points") == true, "\(file): \(error)")
                XCTAssertTrue(e?.message.contains("1 waypoint") == true, "\(file): \(error)")
            }
        }
    }

    // MARK: - XML tolerance

    func testByteOrderMarkIsSkipped() throws {
        let t = try GPX.parse("\u{FEFF}" + gpx11(#"<trk><trkseg><trkpt lat="45" lon="2.7"/></trkseg></trk>"#))
        XCTAssertEqual(t.pointCount, 1)
    }

    func testAttributesInEitherQuoteStyleAnyOrderAndSpacing() throws {
        let t = try GPX.parse(gpx11("""
            <trk><trkseg>
            <trkpt lon='2.70' lat="45.10"/>
            <trkpt
                lat = '45.11'
                lon =  "2.71" ></trkpt>
            <trkpt lat=45.12 lon=2.72 />
            </trkseg></trk>
            """))
        XCTAssertEqual(t.segments[0].map(\.lat), [45.10, 45.11, 45.12])
        XCTAssertEqual(t.segments[0].map(\.lon), [2.70, 2.71, 2.72])
    }

    func testEntitiesInNamesAreDecoded() throws {
        let t = try GPX.parse(gpx11("""
            <trk><name>Puy Mary &amp; Br&#232;che de Rolland &lt;GR&#x34;00&gt; &quot;l&apos;&#xE9;t&#233;&quot; &nbsp;</name>
            <trkseg><trkpt lat="45.1" lon="2.68"/></trkseg></trk>
            """))
        XCTAssertEqual(t.name, "Puy Mary & Brèche de Rolland <GR400> \"l'été\" &nbsp;")
    }

    func testCommentsProcessingInstructionsAndDoctypeAreSkipped() throws {
        let t = try GPX.parse("""
            <?xml version="1.0"?>
            <!DOCTYPE gpx [ <!ENTITY x "y"> ]>
            <?xml-stylesheet href="a.xsl"?>
            <gpx version="1.0">
            <!-- <trk><trkseg><trkpt lat="1" lon="1"/></trkseg></trk> -->
            <trk><name>Le <!-- pas ça -->Lioran</name><trkseg>
            <trkpt lat="45.08" lon="2.75"><?garmin x?><ele><!-- -->1230<![CDATA[.5]]></ele></trkpt>
            </trkseg></trk>
            </gpx>
            """)
        XCTAssertEqual(t.name, "Le Lioran")
        XCTAssertEqual(t.segments, [[TrackPoint(lat: 45.08, lon: 2.75, ele: 1230.5)]])
    }

    func testExtensionsAndForeignNamespacesAreIgnored() throws {
        let t = try GPX.parse(gpx11("""
            <trk>
              <extensions><gpxx:TrackExtension xmlns:gpxx="x"><name>not this</name></gpxx:TrackExtension></extensions>
              <name>Plomb du Cantal</name>
              <trkseg>
                <trkpt lat="45.06" lon="2.76"><ele>1855</ele>
                  <extensions><gpxtpx:TrackPointExtension><gpxtpx:ele>1</gpxtpx:ele><gpxtpx:hr>120</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions>
                </trkpt>
                <gpxtpx:trkpt lat="1" lon="1"/>
              </trkseg>
            </trk>
            """))
        XCTAssertEqual(t.name, "Plomb du Cantal")
        XCTAssertEqual(t.segments, [[TrackPoint(lat: 45.06, lon: 2.76, ele: 1855)]])
    }

    func testGPXElementsWithAPrefixBoundToTheGPXNamespace() throws {
        let t = try GPX.parse("""
            <g:gpx xmlns:g="http://www.topografix.com/GPX/1/1" version="1.1">
            <g:metadata><g:name>Salers</g:name></g:metadata>
            <g:trk><g:trkseg><g:trkpt lat="45.14" lon="2.49"><g:ele>950</g:ele></g:trkpt></g:trkseg></g:trk>
            </g:gpx>
            """)
        XCTAssertEqual(t.name, "Salers")
        XCTAssertEqual(t.segments, [[TrackPoint(lat: 45.14, lon: 2.49, ele: 950)]])
    }

    func testMetadataNameIsUsedWhenTheTrackHasNone() throws {
        let t = try GPX.parse(gpx11("""
            <metadata><name> Tour du
              lac </name><author><name>Office</name></author></metadata>
            <trk><trkseg><trkpt lat="45" lon="2"/></trkseg></trk>
            """))
        XCTAssertEqual(t.name, "Tour du lac")
    }

    func testGPX10NameUnderTheRoot() throws {
        let t = try GPX.parse("""
            <gpx version="1.0"><name>Cascade</name><wpt lat="1" lon="1"><name>wp</name></wpt>
            <trk><trkseg><trkpt lat="45" lon="2"/></trkseg></trk></gpx>
            """)
        XCTAssertEqual(t.name, "Cascade")
    }

    func testElementAndCoordinateNamesIgnoreCase() throws {
        let t = try GPX.parse(#"<GPX><Trk><Name>Murat</Name><TrkSeg><TrkPt LAT="45.11" Lon="2.87"><Ele>930</Ele></TrkPt></TrkSeg></Trk></GPX>"#)
        XCTAssertEqual(t.name, "Murat")
        XCTAssertEqual(t.segments, [[TrackPoint(lat: 45.11, lon: 2.87, ele: 930)]])
    }

    func testTrackPointsDirectlyInTrkFormASegment() throws {
        let t = try GPX.parse(gpx11(#"<trk><trkpt lat="45" lon="2"/><trkpt lat="45.1" lon="2"/></trk>"#))
        XCTAssertEqual(t.segments.count, 1)
        XCTAssertEqual(t.pointCount, 2)
    }

    func testElevationThatIsMissingUnreadableOrASentinelIsNil() throws {
        let t = try GPX.parse(gpx11("""
            <trk><trkseg>
            <trkpt lat="45" lon="2"><ele>abc</ele></trkpt>
            <trkpt lat="45" lon="2"><ele></ele></trkpt>
            <trkpt lat="45" lon="2"><ele>-9999</ele></trkpt>
            <trkpt lat="45" lon="2"><ele>nan</ele></trkpt>
            <trkpt lat="45" lon="2"></trkpt>
            <trkpt lat="45" lon="2"><ele> 1023,5 </ele></trkpt>
            <trkpt lat="45" lon="2"><ele>.5</ele></trkpt>
            </trkseg></trk>
            """))
        XCTAssertEqual(t.segments[0].map(\.ele), [nil, nil, nil, nil, nil, 1023.5, 0.5])
    }

    func testTruncatedFileKeepsThePointsRead() throws {
        let t = try GPX.parse("""
            <gpx><trk><trkseg>
            <trkpt lat="45" lon="2"><ele>1000</ele></trkpt>
            <trkpt lat="45.01" lon="2"><ele>1010</ele></trkpt>
            <trkpt lat="45.02" lon="2"><ele>10
            """)
        XCTAssertEqual(t.pointCount, 3)
        XCTAssertEqual(t.segments[0][1].ele, 1010)
    }

    func testStrayEndTagsAndUnclosedChildrenAreTolerated() throws {
        let t = try GPX.parse(gpx11("""
            </foo><trk><name>A < B</name><desc><b>bold</desc><trkseg>
            <trkpt lat="45" lon="2"><ele>900</trkpt>
            <trkpt lat="45.01" lon="2"><ele>910</ele></trkpt></trkseg></trk>
            """))
        XCTAssertEqual(t.name, "A < B")
        XCTAssertEqual(t.segments[0].map(\.ele), [900, 910])
    }

    func testTextAfterTheRootIsIgnored() throws {
        let t = try GPX.parse(gpx11(#"<trk><trkseg><trkpt lat="45" lon="2"/></trkseg></trk>"#) + "\n<trk><trkpt lat=\"x\"/></trk>garbage")
        XCTAssertEqual(t.pointCount, 1)
    }

    // MARK: - Errors

    func testNonGPXDocumentIsRejectedWithItsLine() {
        XCTAssertThrowsError(try GPX.parse("<?xml version=\"1.0\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\"><Document/></kml>")) { error in
            XCTAssertEqual(error as? GPXError, GPXError(line: 2, message: "not a GPX file: the document starts with <kml>, expected <gpx>"))
        }
    }

    func testEmptyOrTextOnlyInputIsRejected() {
        for input in ["", "   \n", "lat,lon\n45,2\n", "\u{FEFF}"] {
            XCTAssertThrowsError(try GPX.parse(input)) { error in
                XCTAssertTrue((error as? GPXError)?.message.hasPrefix("not a GPX file") == true, "\(input): \(error)")
            }
        }
    }

    func testTrackWithoutPointsIsRejectedAtTheLastLine() {
        XCTAssertThrowsError(try GPX.parse("<gpx>\n<trk>\n<trkseg></trkseg>\n</trk>\n</gpx>")) { error in
            let e = error as? GPXError
            XCTAssertEqual(e?.line, 5)
            XCTAssertTrue(e?.message.hasPrefix("no track or route points") == true, "\(error)")
        }
    }

    func testLatitudeOutOfRangeNamesThePointAndLine() {
        let text = gpx11("""
            <trk><trkseg>
            <trkpt lat="45" lon="2"/>
            <trkpt lat="95.5" lon="2"/>
            </trkseg></trk>
            """)
        XCTAssertThrowsError(try GPX.parse(text)) { error in
            XCTAssertEqual(error as? GPXError, GPXError(line: 5, message:
                "<trkpt> #2: lat=\"95.5\" is out of range (latitude must be within -90…90)"))
        }
    }

    func testUnparsableLongitudeNamesThePoint() {
        let text = gpx11(#"<rte><rtept lat="45" lon="2,5"/></rte>"#)
        XCTAssertThrowsError(try GPX.parse(text)) { error in
            XCTAssertEqual(error as? GPXError, GPXError(line: 3, message: "<rtept> #1: lon=\"2,5\" is not a number"))
        }
    }

    func testBadValueInAnErrorIsSanitizedAndShortened() {
        let text = gpx11("<trk><trkseg><trkpt lat=\"\u{1B}[2J45.123456789012345678901234\" lon=\"2\"/></trkseg></trk>")
        XCTAssertThrowsError(try GPX.parse(text)) { error in
            let message = (error as? GPXError)?.message ?? ""
            XCTAssertFalse(message.unicodeScalars.contains { $0.value < 0x20 }, message)
            XCTAssertTrue(message.contains("…\" is not a number"), message)
        }
    }

    func testMissingLatitudeNamesThePoint() {
        let text = "<gpx><trk><trkseg>\n<trkpt lat=\"45\" lon=\"2\"/>\n<trkpt lon=\"2\"/>"
        XCTAssertThrowsError(try GPX.parse(text)) { error in
            XCTAssertEqual(error as? GPXError, GPXError(line: 3, message: "<trkpt> #2 has no lat attribute (latitude is required)"))
        }
    }

    func testErrorDescriptionStartsWithTheLine() {
        XCTAssertEqual(GPXError(line: 7, message: "x").description, "line 7: x")
    }

    // MARK: - Tokenizer

    func testTokenizerReportsLinesAndDecodesAttributeEntities() {
        var t = XMLTokenizer("<a x='1 &amp; 2'>\n<b/>\r\n</a>")
        var out: [(XMLTokenizer.Token, Int)] = []
        while let next = t.next() { out.append(next) }
        XCTAssertEqual(out.map(\.1), [1, 1, 2, 2, 3])
        XCTAssertEqual(out[0].0, .start(name: "a", attributes: [.init(name: "x", value: "1 & 2")], selfClosing: false))
        XCTAssertEqual(out[2].0, .start(name: "b", attributes: [], selfClosing: true))
        XCTAssertEqual(out[4].0, .end(name: "a"))
    }

    func testTokenizerNeverCrashesOnJunk() {
        let junk = ["<", "<<>>", "<a", "<a b", "<a b=", "<a b='", "</", "<!--", "<![CDATA[", "<?", "<!DOCTYPE [",
                    "&", "&#;", "&#xFFFFFFFF;", "&#0;", "<a/ >", "<a =\"x\">", "<é>"]
        for j in junk {
            var t = XMLTokenizer(j)
            var n = 0
            while t.next() != nil { n += 1; if n > 100 { XCTFail("no progress on \(j)"); break } }
            XCTAssertThrowsError(try GPX.parse(j))
        }
    }
}
