import BorneCore
import Foundation

/// What a visitor's phone can take from an item, and hours said for what
/// they are. Nothing misleading: a lodging's hours are its reception's; a
/// restaurant's phone matters more than its website; an event goes into the
/// phone's calendar.
extension Renderer {
    /// The item's QR codes, most useful first: restaurants and shops the
    /// phone (international `tel:+33…`) then the website; events a calendar
    /// entry then the website; others the website, else the phone, else the
    /// place on a map (an https link: cameras often ignore `geo:`).
    func qrCodes(for item: ContentItem) -> [(String, L10n.Key)] {
        var codes: [(String, L10n.Key)] = []
        let tel = item.phone.flatMap(Renderer.telURI).map { ($0, L10n.Key.scanPhone) }
        let web = item.website.map { ($0, L10n.Key.scanWebsite) }
        switch item.section {
        case .manger, .commerces:
            codes = [tel, web].compactMap { $0 }
        case .agenda:
            codes = [calendarCode(item).map { ($0, L10n.Key.scanCalendar) }, web].compactMap { $0 }
        default:
            codes = [web ?? tel].compactMap { $0 }
        }
        if codes.isEmpty, let g = item.hike?.track?.start.map({ GeoPoint(lat: $0.lat, lon: $0.lon) }) ?? item.geo {
            codes.append((Renderer.mapLink(g), .scanMap))
        }
        return codes
    }

    /// "04 71 47 50 68" → "tel:+33471475068"; "+32 …" and "0032 …" kept
    /// international. Nil when there are no digits.
    static func telURI(_ phone: String) -> String? {
        var digits = phone.filter { $0.isNumber || $0 == "+" }
        guard digits.contains(where: \.isNumber) else { return nil }
        if digits.hasPrefix("00") { digits = "+" + digits.dropFirst(2) }
        else if digits.hasPrefix("0") { digits = "+33" + digits.dropFirst() }
        else if !digits.hasPrefix("+") { digits = "+33" + digits }
        return "tel:" + digits
    }

    /// The event's calendar entry, as big as the screen can show whole (a
    /// calendar entry is a big code): the full entry (`calendarEntry`) where
    /// it fits at error correction M; else (80×24) the compact one — name and
    /// start only — at M or L, its name shortened to 24 then 16 characters if
    /// need be. Nil when none fits: the event then offers its website only.
    func calendarCode(_ item: ContentItem) -> String? {
        guard let full = calendarEntry(item) else { return nil }
        if fitsScreen(env.qr?(full)) { return full }
        for limit in [nil, 24, 16] as [Int?] {
            guard let entry = calendarEntry(item, compactName: limit ?? Int.max) else { continue }
            if fitsScreen(env.qr?(entry)) || fitsScreen(env.qrLow?(entry)) { return entry }
        }
        return nil
    }

    /// The code for a calendar entry: at M when it fits the screen, else at
    /// L (the compact entry `calendarCode` chose for this screen).
    func calendarMatrix(_ text: String) -> QRMatrix? {
        if let m = env.qr?(text), fitsScreen(m) { return m }
        return env.qrLow?(text) ?? env.qr?(text)
    }

    /// The QR code for `text` as offered under `caption`.
    func qrMatrix(_ text: String, _ caption: L10n.Key) -> QRMatrix? {
        caption == .scanCalendar ? calendarMatrix(text) : env.qr?(text)
    }

    private func fitsScreen(_ m: QRMatrix?) -> Bool {
        m.map { QRCodeView.size(for: $0).height <= size.height - 4 } ?? false
    }

    /// The event's next date as an iCalendar VEVENT (what phone cameras
    /// offer to add to the calendar): all-day dates, or the start time when
    /// the content gives one ("21:00", two hours long by default).
    /// `compactName`: the compact entry, the name cut to that many characters
    /// at a word ("…"), the start only (local time, no end: the phone's
    /// default length), no place nor website.
    func calendarEntry(_ item: ContentItem, compactName: Int? = nil) -> String? {
        guard let d = item.nextDate(onOrAfter: today) else { return nil }
        func ymd(_ x: LocalDate) -> String { String(format: "%04d%02d%02d", x.year, x.month, x.day) }
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ";", with: "\\;")
                .replacingOccurrences(of: ",", with: "\\,").replacingOccurrences(of: "\n", with: "\\n")
        }
        var name = item.name.text(lang)
        if let limit = compactName, name.count > limit {
            let cut = name.prefix(limit - 1)
            name = String(cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut) + "…"
        }
        var lines = ["BEGIN:VEVENT", "SUMMARY:" + esc(name)]
        let parts = d.time?.split(separator: ":").compactMap { Int($0) } ?? []
        let timed = parts.count == 2 && (0..<24).contains(parts[0]) && (0..<60).contains(parts[1])
        if compactName != nil {
            lines.append(timed ? "DTSTART:\(ymd(d.start))T" + String(format: "%02d%02d00", parts[0], parts[1])
                               : "DTSTART;VALUE=DATE:\(ymd(d.start))")
            lines.append("END:VEVENT")
            return lines.joined(separator: "\n")
        }
        if timed {
            let start = String(format: "%02d%02d00", parts[0], parts[1])
            let endHour = min(23, parts[0] + 2)
            lines.append("DTSTART;TZID=Europe/Paris:\(ymd(d.start))T\(start)")
            lines.append("DTEND;TZID=Europe/Paris:\(ymd(d.start))T" + String(format: "%02d%02d00", endHour, endHour == 23 ? 59 : parts[1]))
        } else {
            lines.append("DTSTART;VALUE=DATE:\(ymd(d.start))")
            lines.append("DTEND;VALUE=DATE:\(ymd(d.end.adding(days: 1)))")
        }
        let place = [item.address, item.commune].compactMap { $0 }.filter { !$0.isEmpty }
        if !place.isEmpty { lines.append("LOCATION:" + esc(place.joined(separator: ", "))) }
        if let w = item.website { lines.append("URL:" + w) }
        lines.append("END:VEVENT")
        return lines.joined(separator: "\n")
    }

    /// An item's hours, said for what they are: a lodging's are its
    /// reception's ("Accueil : ouvert jusqu'à 22:30", "Accueil : fermé ·
    /// arrivée possible à partir de 14:00"); other items as `hoursLine`.
    func itemHoursLine(_ item: ContentItem) -> (String, Role)? {
        guard item.section == .dormir, let h = item.openingHours else { return hoursLine(item.openingHours, unreadable: item.hoursUnreadable) }
        let s = h.status(at: now)
        if s.isUnknown { return hoursLine(h, unreadable: item.hoursUnreadable) }
        var text = t(.reception) + t(.colon)
        if let next = s.nextChange {
            let (day, minute) = KioskTime.local(next)
            let when = (day == today ? "" : DateText.weekday(day, lang) + " ") + DateText.time(minute: minute)
            text += s.isOpen ? "\(t(.receptionOpenUntil)) \(when)" : "\(t(.receptionClosed)) · \(t(.arrivalFrom)) \(when)"
        } else {
            text += s.isOpen ? t(.receptionAlwaysOpen) : t(.receptionClosed)
        }
        return (text, s.isOpen ? .open : .closed)
    }
}
