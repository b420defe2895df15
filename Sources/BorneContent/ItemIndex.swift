import BorneCore
#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The items of a content version as the loader made them, already
/// sanitized, so that a kiosk starts without parsing and sanitizing every
/// `items/*.json` again: written next to the content when a version is
/// installed (`.items`, BorneBundle's installer) or, for content installed
/// without it, into the kiosk's data directory (`DATA/cache/items`).
///
/// It is tied to the bytes it was built from: every `items/*.json`,
/// `office.json` (the hours' default position) and the school holidays,
/// each by size and FNV-1a 64 fingerprint (and its modification time: a
/// file whose size and time are those recorded is not read again; any
/// other is read and fingerprinted). When any of them changed, or a file
/// was added or removed, the index is stale and the items are parsed again.
///
/// The file is a *head* (the sources and, per item, what the home screen
/// counts: section, `pluie` tag, last day, `ItemIndex.Home`; the sizes of
/// the body's blocks), small, read before the first frame; then the *body*,
/// the items in blocks of `blockItems` (the problems in the last), read
/// after it one block at a time, or one item at a time (`IndexShelf`). Each part ends with the fingerprint of
/// its bytes, so a truncated or altered part is refused as a whole.
///
/// Opening hours are kept as their expression and parsed again on load
/// (with the same context, through the load's cache: one parse per distinct
/// expression); hikes' tracks come from the track index or their GPX file,
/// as in a full load; a hike whose track no longer loads as it did makes
/// the index stale.
public struct ItemIndex: Equatable, Sendable {
    /// A file the items depend on; `size` -1: the file was absent.
    public struct Source: Equatable, Sendable {
        public var path: String
        public var size: Int
        public var fingerprint: UInt64
        /// Modification time in nanoseconds since 1970 (0: unknown). Not
        /// part of equality: the same bytes copied elsewhere are the same.
        public var modified: Int64
        public init(path: String, size: Int, fingerprint: UInt64, modified: Int64 = 0) {
            self.path = path; self.size = size; self.fingerprint = fingerprint; self.modified = modified
        }
        public static func == (a: Self, b: Self) -> Bool {
            a.path == b.path && a.size == b.size && a.fingerprint == b.fingerprint
        }
    }

    /// What the home screen needs of an item (its tile counts): where it
    /// is listed and when it is over.
    public struct Home: Equatable, Sendable {
        public var section: SectionID
        /// Tagged `pluie`: also listed under "Il pleut ?".
        public var rainy: Bool
        /// The last day of its dates; nil: no dates (never over).
        public var lastDay: LocalDate?
        public init(section: SectionID, rainy: Bool, lastDay: LocalDate?) {
            self.section = section; self.rainy = rainy; self.lastDay = lastDay
        }
        public init(_ item: ContentItem) {
            self.init(section: item.section, rainy: item.tags.contains("pluie"),
                      lastDay: item.dates.map(\.end).max())
        }
        /// An item standing for this one on the home screen only: its
        /// section, tag and last day, nothing else.
        public var stand: ContentItem {
            ContentItem(id: "", section: section, name: LocalizedText([:]), tags: rainy ? ["pluie"] : [],
                        dates: lastDay.map { [EventDate(start: $0, end: $0)] } ?? [])
        }
    }

    public var sources: [Source]
    public var items: [ContentItem]
    /// The problems reading the items gave, in order.
    public var problems: [ContentProblem]

    public init(sources: [Source] = [], items: [ContentItem] = [], problems: [ContentProblem] = []) {
        self.sources = sources; self.items = items; self.problems = problems
    }

    static let magic = Array("BORNE-ITEMS-2\n".utf8)
    static let headMagic = Array("items-head\n".utf8)
    static let bodyMagic = Array("items-body\n".utf8)

    public typealias DecodeError = IndexDecodeError
}

// MARK: - Sources

extension ItemIndex {
    /// The files the items of `directory` depend on, as they are now. A
    /// file that `known` records with its present size and modification
    /// time keeps the recorded fingerprint (it is not read); any other is
    /// read and fingerprinted.
    static func currentSources(of directory: URL, known: [Source] = []) -> [Source] {
        var paths = ["office.json", ContentLoader.schoolHolidaysFile]
        let itemsDir = directory.appendingPathComponent("items")
        if let names = try? FileManager.default.contentsOfDirectory(atPath: itemsDir.path) {
            paths += names.sorted().filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.map { "items/" + $0 }
        } else {
            paths.append("items/")
        }
        let recorded = Dictionary(known.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        return paths.map { path in
            let url = directory.appendingPathComponent(path)
            var st = stat()
            guard stat(url.path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
                return Source(path: path, size: -1, fingerprint: 0)
            }
            let modified = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
            if let r = recorded[path], r.size == Int(st.st_size), r.modified == modified, modified != 0 {
                return r
            }
            guard let data = try? Data(contentsOf: url) else { return Source(path: path, size: -1, fingerprint: 0) }
            return Source(path: path, size: data.count, fingerprint: data.withUnsafeBytes { TrackIndex.fingerprint($0) },
                          modified: modified)
        }
    }

    /// Why this index does not describe `sources` (nil: it does).
    func staleness(against sources: [Source]) -> String? {
        let mine = Dictionary(self.sources.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        let now = Dictionary(sources.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        var changed: [String] = []
        for path in Set(mine.keys).union(now.keys).sorted() where mine[path] != now[path] {
            switch (mine[path]?.size ?? -1, now[path]?.size ?? -1) {
            case (-1, _): changed.append("\(path) added")
            case (_, -1): changed.append("\(path) removed")
            default: changed.append("\(path) changed")
            }
        }
        guard !changed.isEmpty else { return nil }
        return changed.prefix(3).joined(separator: ", ") + (changed.count > 3 ? ", …" : "")
    }
}

// MARK: - Encoding

extension ItemIndex {
    public func encoded() -> [UInt8] {
        var h = IndexWriter(Self.headMagic)
        h.u32(sources.count)
        for s in sources {
            h.str(s.path); h.u64(UInt64(bitPattern: Int64(s.size))); h.u64(s.fingerprint)
            h.u64(UInt64(bitPattern: s.modified))
        }
        h.u32(items.count)
        for item in items {
            let home = Home(item)
            h.str(home.section.rawValue); h.bool(home.rainy); h.opt(home.lastDay) { $0.day($1) }
        }
        // The body in blocks, each checksummed: a load holds one block's
        // bytes at a time, not the whole body's, beside the items it makes.
        var blocks: [[UInt8]] = []
        var start = 0
        repeat {
            let end = min(start + Self.blockItems, items.count)
            var w = IndexWriter(Self.bodyMagic)
            w.u32(end - start)
            for item in items[start..<end] { w.item(item) }
            let last = end == items.count
            w.u32(last ? problems.count : 0)
            for p in last ? problems : [] {
                w.str(p.file); w.optStr(p.itemID); w.opt(p.itemIndex) { $0.u32($1) }; w.optStr(p.field); w.str(p.message)
            }
            blocks.append(w.finished())
            start = end
        } while start < items.count
        h.u32(blocks.count)
        for b in blocks { h.u64(UInt64(b.count)) }
        let head = h.finished()
        var out = Self.magic
        withUnsafeBytes(of: UInt64(head.count).littleEndian) { out += $0 }
        out += head
        for b in blocks { out += b }
        return out
    }

    /// Items per block of the body: few, as a screen that shows one item
    /// reads and checks its whole block (`IndexShelf`; about 7 KB with the
    /// 10,000 generated items of bench/: with 32 items, checking the blocks
    /// of a list page's rows was most of a tap's time).
    static let blockItems = 8

    /// The index in `bytes`, or why it cannot be used. Opening hours and
    /// tracks are not in it: `ItemIndexSession` fills them in.
    static func decode(_ bytes: [UInt8]) throws -> (index: ItemIndex, hours: [String?], hadTrack: [Bool]) {
        let (head, bodyAt) = try decodeHead(bytes, fileSize: bytes.count)
        var at = bodyAt
        return try decodeBody(head: head) { length in
            defer { at += length }
            return Array(bytes[at..<(at + length)])
        }
    }

    /// The head at the start of `bytes` (at least the whole head; the file
    /// is `fileSize` bytes) and where the body starts.
    static func decodeHead(_ bytes: [UInt8], fileSize: Int) throws -> (head: Head, bodyAt: Int) {
        let prefix = magic.count + 8
        guard bytes.count >= magic.count, Array(bytes.prefix(magic.count)) == magic else {
            throw DecodeError(description: "not an item index (no BORNE-ITEMS-2 header)")
        }
        let truncated = DecodeError(description: "its checksum does not match its contents (truncated or altered)")
        guard bytes.count >= prefix, fileSize >= prefix else { throw truncated }
        let length = bytes[magic.count..<prefix].enumerated()
            .reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard length <= UInt64(fileSize - prefix), Int(length) <= bytes.count - prefix else {
            throw truncated
        }
        var r = try IndexReader(Array(bytes[prefix..<(prefix + Int(length))]), magic: headMagic,
                                notAnIndex: "its checksum does not match its contents (truncated or altered)")
        var head = Head()
        for _ in 0..<(try r.u32()) {
            let path = try r.str(), size = Int(Int64(bitPattern: try r.u64())), fp = try r.u64()
            let modified = Int64(bitPattern: try r.u64())
            head.sources.append(Source(path: path, size: size, fingerprint: fp, modified: modified))
        }
        let count = try r.u32()
        head.home.reserveCapacity(count)
        for _ in 0..<count {
            let section = try r.raw(SectionID.self), rainy = try r.bool(), last = try r.opt { try $0.day() }
            head.home.append(Home(section: section, rainy: rainy, lastDay: last))
        }
        var body = 0
        for _ in 0..<(try r.u32()) {
            let block = try r.u64()
            guard block <= UInt64(fileSize) else { throw truncated }
            head.blocks.append(Int(block))
            body += Int(block)
        }
        try r.end()
        guard prefix + Int(length) + body == fileSize else { throw truncated }
        return (head, prefix + Int(length))
    }

    /// The items and problems of the body, for the head read before it;
    /// `block(length)` gives the bytes of the next block.
    static func decodeBody(head: Head, block: (Int) throws -> [UInt8]) throws
        -> (index: ItemIndex, hours: [String?], hadTrack: [Bool]) {
        var index = ItemIndex(sources: head.sources)
        var hours: [String?] = [], hadTrack: [Bool] = []
        index.items.reserveCapacity(head.home.count)
        hours.reserveCapacity(head.home.count)
        hadTrack.reserveCapacity(head.home.count)
        var shared = SharedTexts()
        for length in head.blocks {
            var r = try IndexReader(try block(length), magic: bodyMagic,
                                    notAnIndex: "its checksum does not match its contents (truncated or altered)")
            for _ in 0..<(try r.u32()) {
                let (item, expression, track) = try r.item(sharing: &shared)
                index.items.append(item); hours.append(expression); hadTrack.append(track)
            }
            for _ in 0..<(try r.u32()) {
                let file = try r.str(), id = try r.optStr(), at = try r.opt { try $0.u32() }
                let field = try r.optStr(), message = try r.str()
                index.problems.append(ContentProblem(file: file, itemID: id, itemIndex: at, field: field, message: message))
            }
            try r.end()
        }
        guard index.items.count == head.home.count else {
            throw DecodeError(description: "its head lists \(head.home.count) items, its body \(index.items.count)")
        }
        return (index, hours, hadTrack)
    }

    /// What the head of an index holds.
    struct Head {
        var sources: [Source] = []
        var home: [Home] = []
        /// The body's blocks, in bytes, in order.
        var blocks: [Int] = []
    }
}

/// An index file read in two steps: its head (opened), then its body.
struct ItemIndexFile {
    let url: URL
    let head: ItemIndex.Head
    let bodyAt: Int

    /// Reads the head only (a few bytes per item).
    init(_ url: URL) throws {
        self.url = url
        let fd = try Self.open(url)
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw Self.ioError(url, "stat") }
        let size = Int(st.st_size)
        let prefix = try Self.read(fd, at: 0, count: min(size, ItemIndex.magic.count + 8), url: url)
        var headBytes = prefix
        if prefix.count == ItemIndex.magic.count + 8, Array(prefix.prefix(ItemIndex.magic.count)) == ItemIndex.magic {
            let length = prefix[ItemIndex.magic.count...].enumerated()
                .reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
            if length <= UInt64(size - prefix.count) {
                headBytes += try Self.read(fd, at: prefix.count, count: Int(length), url: url)
            }
        }
        (head, bodyAt) = try ItemIndex.decodeHead(headBytes, fileSize: size)
    }

    /// Reads and checks the body, a block at a time: the items and problems.
    func body() throws -> (index: ItemIndex, hours: [String?], hadTrack: [Bool]) {
        let fd = try Self.open(url)
        defer { close(fd) }
        var at = bodyAt
        return try ItemIndex.decodeBody(head: head) { length in
            defer { at += length }
            return try Self.read(fd, at: at, count: length, url: url)
        }
    }

    private static func open(_ url: URL) throws -> Int32 {
        let fd = Glibc.open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ioError(url, "open") }
        return fd
    }

    private static func ioError(_ url: URL, _ what: String) -> ItemIndex.DecodeError {
        ItemIndex.DecodeError(description: "cannot \(what) it: \(String(cString: strerror(errno)))")
    }

    /// `count` bytes at `offset`, straight into the array (no copy).
    static func read(_ fd: Int32, at offset: Int, count: Int, url: URL) throws -> [UInt8] {
        var failed: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, filled in
            filled = 0
            while filled < count {
                let n = pread(fd, buffer.baseAddress! + filled, count - filled, off_t(offset + filled))
                if n < 0, errno == EINTR { continue }
                if n <= 0 { failed = n < 0 ? errno : 0; break }
                filled += n
            }
        }
        guard bytes.count == count else {
            throw ItemIndex.DecodeError(description: failed != 0
                ? "cannot read it: \(String(cString: strerror(failed)))"
                : "its checksum does not match its contents (truncated or altered)")
        }
        return bytes
    }
}

extension IndexWriter {
    mutating func optStr(_ s: String?) { opt(s) { $0.str($1) } }
    mutating func optDouble(_ d: Double?) { opt(d) { $0.double($1) } }
    mutating func text(_ t: LocalizedText) {
        let values = t.values.sorted { $0.key.rawValue < $1.key.rawValue }
        u32(values.count)
        for (language, value) in values { str(language.rawValue); str(value) }
    }
    mutating func geo(_ g: GeoPoint?) { opt(g) { $0.double($1.lat); $0.double($1.lon) } }
    mutating func day(_ d: LocalDate) { u32(d.year); u8(UInt8(d.month)); u8(UInt8(d.day)) }

    /// The name comes fourth, after id, section and demo: `IndexShelf.forEachName` reads it alone.
    mutating func item(_ item: ContentItem) {
        str(item.id); str(item.section.rawValue); bool(item.demo)
        text(item.name); text(item.category); text(item.summary); text(item.description)
        optStr(item.commune); optStr(item.address); optStr(item.phone); optStr(item.email); optStr(item.website)
        geo(item.geo)
        optStr(item.openingHours?.expression); bool(item.hoursUnreadable); text(item.hoursText)
        u32(item.tags.count); for t in item.tags { str(t) }
        u32(item.dates.count)
        for d in item.dates {
            day(d.start); day(d.end)
            optStr(d.time)
        }
        opt(item.hike) { w, h in
            w.str(h.activity.rawValue); w.str(h.difficulty.rawValue); w.u32(h.durationMinutes)
            w.optStr(h.gpxPath); w.bool(h.track != nil)
            w.optDouble(h.distanceKm); w.optDouble(h.climbM); w.bool(h.loop)
            w.optStr(h.territory?.rawValue); w.optStr(h.season?.rawValue); w.text(h.notes)
            w.u32(h.pois.count)
            for p in h.pois { w.text(p.name); w.double(p.geo.lat); w.double(p.geo.lon); w.text(p.note) }
            w.optStr(h.gpxURL); w.optStr(h.pdfURL)
        }
    }
}

extension IndexReader {
    mutating func raw<E: RawRepresentable>(_: E.Type) throws -> E where E.RawValue == String {
        let s = try str()
        guard let v = E(rawValue: s) else { throw fail("unknown value \(Quote.value(s))") }
        return v
    }
    mutating func text() throws -> LocalizedText {
        let count = try u32()
        var text = LocalizedText([:])
        guard count > 0 else { return text }
        // Sized once, and set as is: `LocalizedText.init` would copy it to drop empty values.
        var values = [Language: String](minimumCapacity: min(count, Language.allCases.count))
        for _ in 0..<count {
            let language = try raw(Language.self), value = try str()
            if !value.isEmpty { values[language] = value }
        }
        text.values = values
        return text
    }
    mutating func geo() throws -> GeoPoint? {
        try u8() == 1 ? GeoPoint(lat: try double(), lon: try double()) : nil
    }
    mutating func day() throws -> LocalDate { LocalDate(year: try u32(), month: Int(try u8()), day: Int(try u8())) }

    mutating func item(sharing shared: inout SharedTexts) throws -> (ContentItem, hours: String?, hadTrack: Bool) {
        let id = try str(), section = try raw(SectionID.self), demo = try bool()
        let name = try text(), category = shared.one(try text()), summary = try text(), description = try text()
        let commune = try optStr(), address = try optStr(), phone = try optStr(), email = try optStr()
        let website = try optStr(), geo = try geo()
        let hours = try optStr(), unreadable = try bool(), hoursText = shared.one(try text())
        var tags: [String] = []
        for _ in 0..<(try u32()) { tags.append(try str()) }
        var dates: [EventDate] = []
        for _ in 0..<(try u32()) {
            let start = try day(), end = try day()
            dates.append(EventDate(start: start, end: end, time: try optStr()))
        }
        var hadTrack = false
        var hike: HikeInfo?
        if try u8() == 1 {
            let activity = try raw(HikeActivity.self), difficulty = try raw(HikeDifficulty.self)
            let duration = try u32(), gpx = try optStr()
            hadTrack = try bool()
            let distance = try optDouble(), climb = try optDouble(), loop = try bool()
            let territory = try opt { try $0.raw(Territory.self) }, season = try opt { try $0.raw(HikeSeason.self) }
            let notes = try text()
            var pois: [PointOfInterest] = []
            for _ in 0..<(try u32()) {
                let n = try text(), lat = try double(), lon = try double(), note = try text()
                pois.append(PointOfInterest(name: n, geo: GeoPoint(lat: lat, lon: lon), note: note))
            }
            hike = HikeInfo(activity: activity, difficulty: difficulty, durationMinutes: duration, gpxPath: gpx,
                            distanceKm: distance, climbM: climb, loop: loop, territory: territory, season: season,
                            notes: notes, pois: pois, gpxURL: try optStr(), pdfURL: try optStr())
        }
        var item = ContentItem(id: id, section: section, demo: demo, name: name, category: category,
                               summary: summary, description: description, commune: commune, address: address,
                               phone: phone, email: email, website: website, geo: geo, hoursText: hoursText,
                               tags: tags, dates: dates, hike: hike)
        item.hoursUnreadable = unreadable
        return (item, hours, hadTrack)
    }
}

/// Texts that many items repeat (categories, hours texts): one copy of
/// each kept for a whole load, not one per item (with 10,000 items from
/// about 70 categories, some 10,000 dictionaries and their strings fewer).
struct SharedTexts {
    private var seen: [[String]: LocalizedText] = [:]
    /// Distinct texts kept at most: past it, texts are not shared.
    static let limit = 4096

    mutating func one(_ text: LocalizedText) -> LocalizedText {
        guard !text.isEmpty else { return text }
        let key = Language.allCases.map { text.values[$0] ?? "" }
        if let kept = seen[key] { return kept }
        if seen.count < Self.limit { seen[key] = text }
        return text
    }
}

// MARK: - Use in a load

/// How a load used the item index (`ItemIndex`): the items are parsed only
/// when no index describes the exact bytes of the files they come from.
public struct ItemIndexUse: Sendable {
    /// The index the items were read from; nil when they were parsed.
    public var source: URL?
    /// Indexes found but not used: which, and why (damaged, stale).
    public var refused: [String] = []
    /// When the items were parsed: the index to write where the next load
    /// will find it.
    public var built: ItemIndex?

    public init() {}
}

/// One load's items: from the first usable index, else parsed.
final class ItemIndexSession {
    let directory: URL
    let candidates: [URL]
    var use = ItemIndexUse()
    private var sources: [ItemIndex.Source]?

    init(directory: URL, fallback: URL?) {
        self.directory = directory
        candidates = [directory.appendingPathComponent(ContentLoader.itemIndexName), fallback].compactMap { $0 }
            .filter { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// The files the items depend on, read once per load.
    var currentSources: [ItemIndex.Source] {
        if let sources { return sources }
        let s = ItemIndex.currentSources(of: directory)
        sources = s
        return s
    }

    /// The first index whose head is sound and describes the content as
    /// it is now (nil: none; `use.refused` says why).
    func freshHead() -> ItemIndexFile? {
        for url in candidates { if let file = freshHead(at: url) { return file } }
        return nil
    }

    /// The index at `url` if its head is sound and describes the content
    /// as it is now; else nil, and `use.refused` says why.
    func freshHead(at url: URL) -> ItemIndexFile? {
        do {
            let file = try ItemIndexFile(url)
            let now = ItemIndex.currentSources(of: directory, known: file.head.sources)
            if let why = ItemIndex(sources: file.head.sources).staleness(against: now) {
                use.refused.append("item index \(url.path) is stale (\(why))")
                return nil
            }
            return file
        } catch {
            use.refused.append("item index \(url.path) not used: \(error)")
            return nil
        }
    }

    /// The items and their problems from an index that describes the
    /// content exactly, with opening hours parsed and tracks loaded as a
    /// full load does; nil when none does (`use.refused` says why). An
    /// index whose body is refused gives way to the next one.
    func indexed(hoursCache: OpeningHoursCache, tracks: TrackIndexSession) -> ItemIndex? {
        for url in candidates {
            guard let file = freshHead(at: url) else { continue }
            do {
                // Filled in place: a second binding would copy all the items on the first change.
                var index: ItemIndex, hours: [String?], hadTrack: [Bool]
                (index, hours, hadTrack) = try file.body()
                if let why = fill(&index, hours: hours, hadTrack: hadTrack, hoursCache: hoursCache, tracks: tracks) {
                    use.refused.append("item index \(file.url.path) is stale (\(why))")
                    continue
                }
                use.source = file.url
                return index
            } catch {
                use.refused.append("item index \(file.url.path) not used: \(error)")
            }
        }
        return nil
    }

    /// Puts back what the index does not hold; why it cannot, if so.
    private func fill(_ index: inout ItemIndex, hours: [String?], hadTrack: [Bool],
                      hoursCache: OpeningHoursCache, tracks: TrackIndexSession) -> String? {
        let reader = ItemReader(file: "", section: .manger, directory: directory, hoursCache: hoursCache, tracks: tracks)
        for i in index.items.indices {
            if let expression = hours[i] {
                guard case .success(let h) = hoursCache.parse(expression, geo: index.items[i].geo) else {
                    return "opening hours of \(index.items[i].id) no longer parse"
                }
                index.items[i].openingHours = h
            }
            guard let path = index.items[i].hike?.gpxPath else { continue }
            let track = reader.loadTrack(path, log: IssueLog(), field: "hike.gpx")
            guard (track != nil) == hadTrack[i] else { return "\(path) changed" }
            index.items[i].hike?.track = track
        }
        return nil
    }

    /// Items parsed from the files: the index of them.
    func parsed(_ items: [ContentItem], problems: [ContentProblem]) {
        use.built = ItemIndex(sources: currentSources, items: items, problems: problems)
    }
}

extension ContentLoader {
    /// The item index inside a content version (a hidden name: content paths never are).
    public static let itemIndexName = ".items"
}
