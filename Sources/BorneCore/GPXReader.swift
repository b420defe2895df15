/// Turns the tokens of a GPX 1.0 or 1.1 file into a `Track`.
///
/// What it keeps: `<trk>/<trkseg>/<trkpt>` (each non-empty segment of each
/// track, in file order) with `lat`, `lon` and `<ele>`; routes
/// (`<rte>/<rtept>`, one segment per route) only when the file has no track
/// point, since a file holding both usually has the planned route *and* the
/// recorded track of the same walk; the name (see `name`). What it ignores:
/// waypoints, times, everything in `<extensions>` and any element in another
/// namespace (`<gpxtpx:hr>`), unknown elements.
///
/// Elements are matched by their path from the root, so a `<name>` inside an
/// extension or a waypoint is never taken for the track's name.
struct GPXReader {
    private var tokenizer: XMLTokenizer
    /// Open elements, as GPX local names; a foreign (other-namespace) element
    /// is pushed as `Self.foreign` so no path through it matches.
    private var path: [String] = []
    /// The qualified names of the open elements, to match end tags.
    private var openTags: [String] = []
    /// Prefixes bound to a GPX namespace (`xmlns:gpx="http://www.topografix.com/GPX/1/1"`).
    /// Unprefixed names are always GPX, whatever the default namespace says.
    private var gpxPrefixes: Set<String> = [""]

    private var trackSegments: [[TrackPoint]] = []
    private var routeSegments: [[TrackPoint]] = []
    /// Where the next `<trkpt>` goes: nil until a `<trkseg>` opens (a `<trkpt>`
    /// directly in `<trk>`, which some exporters write, opens one implicitly).
    private var openTrackSegment: Int?
    private var pendingPoint: PendingPoint?
    private var capture: String?
    private var trackPointCount = 0
    private var routePointCount = 0
    private var waypointCount = 0

    private var trackName: String?
    private var routeName: String?
    private var fileName: String?

    private static let foreign = "\u{0}"

    private struct PendingPoint {
        var lat: Double
        var lon: Double
        var ele: Double?
        var isRoute: Bool
    }

    init(_ text: String) {
        tokenizer = XMLTokenizer(text)
    }

    mutating func read() throws -> Track {
        var sawRoot = false
        while let (token, line) = tokenizer.next() {
            switch token {
            case let .start(name, attributes, selfClosing):
                if !sawRoot {
                    sawRoot = true
                    try checkRoot(name, line: line)
                }
                try open(name, attributes, line: line)
                if selfClosing { close(through: openTags.count - 1) }
            case let .end(name):
                if let i = openTags.lastIndex(of: name) { close(through: i) } // else a stray end tag
            case let .text(text):
                capture?.append(text)
            }
            if sawRoot, openTags.isEmpty { break } // the root closed: ignore trailing junk
        }
        if !openTags.isEmpty { close(through: 0) } // a truncated file: keep what was read
        let lastLine = tokenizer.currentLine()
        guard sawRoot else {
            throw GPXError(line: lastLine, message: "not a GPX file: no XML element found (expected <gpx>)")
        }
        let hasTrackPoints = trackSegments.contains { !$0.isEmpty }
        let segments = (hasTrackPoints ? trackSegments : routeSegments).filter { !$0.isEmpty }
        guard !segments.isEmpty else {
            var message = "no track or route points: the file has no <trkpt> or <rtept>"
            if waypointCount > 0 {
                message += " (only \(waypointCount) waypoint(s) <wpt>, which are places, not a path)"
            }
            throw GPXError(line: lastLine, message: message + "; export the hike as a track")
        }
        return Track(name: name(usingRoutes: !hasTrackPoints), segments: segments)
    }

    /// The first track `<name>`; for a route-only file the first route's;
    /// else the file's (`<metadata><name>` in GPX 1.1, `<gpx><name>` in 1.0).
    private func name(usingRoutes: Bool) -> String? {
        (usingRoutes ? routeName : trackName) ?? fileName
    }

    private func checkRoot(_ qualifiedName: String, line: Int) throws {
        let local = Self.localName(qualifiedName)
        guard local.lowercased() == "gpx" else {
            throw GPXError(line: line, message: "not a GPX file: the document starts with <\(qualifiedName)>, expected <gpx>")
        }
    }

    // MARK: - Elements

    private mutating func open(_ qualifiedName: String, _ attributes: [XMLTokenizer.Attribute], line: Int) throws {
        for a in attributes where a.name.hasPrefix("xmlns:") && a.value.contains("topografix.com/GPX") {
            gpxPrefixes.insert(String(a.name.dropFirst(6)))
        }
        let name = gpxLocalName(qualifiedName) ?? Self.foreign
        openTags.append(qualifiedName)
        path.append(name)

        switch path {
        case ["gpx", "trk"]:
            openTrackSegment = nil
        case ["gpx", "trk", "trkseg"]:
            trackSegments.append([])
            openTrackSegment = trackSegments.count - 1
        case ["gpx", "trk", "trkseg", "trkpt"], ["gpx", "trk", "trkpt"]:
            trackPointCount += 1
            let (lat, lon) = try coordinates(attributes, element: "trkpt", number: trackPointCount, line: line)
            pendingPoint = PendingPoint(lat: lat, lon: lon, isRoute: false)
        case ["gpx", "rte"]:
            routeSegments.append([])
        case ["gpx", "rte", "rtept"]:
            routePointCount += 1
            let (lat, lon) = try coordinates(attributes, element: "rtept", number: routePointCount, line: line)
            pendingPoint = PendingPoint(lat: lat, lon: lon, isRoute: true)
        case ["gpx", "wpt"]:
            waypointCount += 1
        case ["gpx", "trk", "trkseg", "trkpt", "ele"], ["gpx", "trk", "trkpt", "ele"],
             ["gpx", "rte", "rtept", "ele"],
             ["gpx", "trk", "name"], ["gpx", "rte", "name"], ["gpx", "metadata", "name"], ["gpx", "name"]:
            capture = ""
        default:
            break
        }
    }

    /// Closes the open elements from the innermost down to index `index`.
    private mutating func close(through index: Int) {
        while openTags.count > index {
            closeInnermost()
        }
    }

    private mutating func closeInnermost() {
        let text = capture
        switch path {
        case ["gpx", "trk", "trkseg", "trkpt", "ele"], ["gpx", "trk", "trkpt", "ele"], ["gpx", "rte", "rtept", "ele"]:
            if let text { pendingPoint?.ele = GPX.elevation(text) }
        case ["gpx", "trk", "trkseg", "trkpt"], ["gpx", "trk", "trkpt"], ["gpx", "rte", "rtept"]:
            if let p = pendingPoint { append(p) }
            pendingPoint = nil
        case ["gpx", "trk"]:
            openTrackSegment = nil
        case ["gpx", "trk", "name"]:
            // The first named track names the walk; later tracks are more of it.
            trackName = trackName ?? text.flatMap(GPX.cleanName)
        case ["gpx", "rte", "name"]:
            routeName = routeName ?? text.flatMap(GPX.cleanName)
        case ["gpx", "metadata", "name"], ["gpx", "name"]:
            fileName = fileName ?? text.flatMap(GPX.cleanName)
        default:
            break
        }
        if path.last.map({ ["ele", "name"].contains($0) }) == true { capture = nil }
        path.removeLast()
        openTags.removeLast()
    }

    private mutating func append(_ p: PendingPoint) {
        let point = TrackPoint(lat: p.lat, lon: p.lon, ele: p.ele)
        if p.isRoute {
            if routeSegments.isEmpty { routeSegments.append([]) }
            routeSegments[routeSegments.count - 1].append(point)
        } else {
            if openTrackSegment == nil {
                trackSegments.append([])
                openTrackSegment = trackSegments.count - 1
            }
            trackSegments[openTrackSegment!].append(point)
        }
    }

    // MARK: - Names and numbers

    /// The local name of a GPX element, lowercased (XML is case-sensitive,
    /// hand-edited files are not), or nil for an element of another namespace.
    private func gpxLocalName(_ qualified: String) -> String? {
        guard let colon = qualified.firstIndex(of: ":") else { return qualified.lowercased() }
        let prefix = String(qualified[..<colon])
        return gpxPrefixes.contains(prefix) ? qualified[qualified.index(after: colon)...].lowercased() : nil
    }

    static func localName(_ qualified: String) -> String {
        guard let colon = qualified.lastIndex(of: ":") else { return qualified }
        return String(qualified[qualified.index(after: colon)...])
    }

    private func coordinates(_ attributes: [XMLTokenizer.Attribute], element: String, number: Int,
                             line: Int) throws -> (Double, Double) {
        func value(_ key: String, range: ClosedRange<Double>, label: String) throws -> Double {
            let what = "<\(element)> #\(number)"
            guard let raw = attributes.first(where: { $0.name.lowercased() == key })?.value else {
                throw GPXError(line: line, message: "\(what) has no \(key) attribute (\(label) is required)")
            }
            guard let v = GPX.number(raw) else {
                throw GPXError(line: line, message: "\(what): \(key)=\"\(Self.excerpt(raw))\" is not a number")
            }
            guard range.contains(v) else {
                throw GPXError(line: line, message: "\(what): \(key)=\"\(Self.excerpt(raw))\" is out of range (\(label) must be within \(Int(range.lowerBound))…\(Int(range.upperBound)))")
            }
            return v
        }
        let lat = try value("lat", range: -90...90, label: "latitude")
        let lon = try value("lon", range: -180...180, label: "longitude")
        return (lat, lon)
    }

    /// A bad value for an error message: sanitized (it comes from the file and
    /// ends up on a terminal), at most 20 characters.
    private static func excerpt(_ raw: String) -> String {
        let s = Sanitizer.line(raw)
        return s.count <= 20 ? s : String(s.prefix(20)) + "…"
    }
}
