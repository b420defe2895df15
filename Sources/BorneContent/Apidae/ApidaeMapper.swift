import Foundation
import BorneCore

/// Turns one APIDAE object into a kiosk item, or says why it cannot.
///
/// Every string is sanitized as `ContentLoader` would, so the item equals
/// what loading the written content directory gives back.
struct ApidaeMapper {
    let tables: ApidaeTables
    let options: ApidaeImport.Options

    enum Outcome {
        case item(ContentItem, gpx: (relative: String, source: URL)?, warnings: [ImportReport.Warning])
        case skipped(reason: String, warnings: [ImportReport.Warning])
        /// Left out on purpose (state, type): a note, not a problem.
        case filtered(reason: String)
    }

    /// APIDAE type → kiosk section. `PATRIMOINE_NATUREL` (gorges, waterfalls)
    /// joins `visites` with the cultural heritage; an `EQUIPEMENT` with an
    /// itinerary goes to `randonnees` instead (see `section(for:)`).
    static let sections: [String: SectionID] = [
        "HOTELLERIE": .dormir, "HEBERGEMENT_LOCATIF": .dormir, "HEBERGEMENT_COLLECTIF": .dormir,
        "HOTELLERIE_PLEIN_AIR": .dormir, "RESTAURATION": .manger, "DEGUSTATION": .manger,
        "FETE_ET_MANIFESTATION": .agenda, "COMMERCE_ET_SERVICE": .commerces,
        "PATRIMOINE_CULTUREL": .visites, "PATRIMOINE_NATUREL": .visites, "ACTIVITE": .visites, "EQUIPEMENT": .visites,
    ]

    /// The type-specific block of each type, to recognise an object whose
    /// `type` was left out of an API response (`responseFields`).
    static let informationBlocks: [String: String] = [
        "informationsHotellerie": "HOTELLERIE", "informationsHebergementLocatif": "HEBERGEMENT_LOCATIF",
        "informationsHebergementCollectif": "HEBERGEMENT_COLLECTIF", "informationsHotelleriePleinAir": "HOTELLERIE_PLEIN_AIR",
        "informationsRestauration": "RESTAURATION", "informationsDegustation": "DEGUSTATION",
        "informationsFeteEtManifestation": "FETE_ET_MANIFESTATION", "informationsCommerceEtService": "COMMERCE_ET_SERVICE",
        "informationsPatrimoineCulturel": "PATRIMOINE_CULTUREL", "informationsPatrimoineNaturel": "PATRIMOINE_NATUREL",
        "informationsActivite": "ACTIVITE", "informationsEquipement": "EQUIPEMENT", "informationsStructure": "STRUCTURE",
        "informationsTerritoire": "TERRITOIRE", "informationsDomaineSkiable": "DOMAINE_SKIABLE",
        "informationsSejourPackage": "SEJOUR_PACKAGE",
    ]

    /// Element references that make an item's category, by type, in order.
    static let categoryReferences: [String: [String]] = [
        "HOTELLERIE": ["informationsHotellerie.hotellerieType", "informationsHotellerie.classement"],
        "HEBERGEMENT_LOCATIF": ["informationsHebergementLocatif.hebergementLocatifType", "informationsHebergementLocatif.classementPrefectoral"],
        "HEBERGEMENT_COLLECTIF": ["informationsHebergementCollectif.hebergementCollectifType", "informationsHebergementCollectif.classementPrefectoral"],
        "HOTELLERIE_PLEIN_AIR": ["informationsHotelleriePleinAir.hotelleriePleinAirType", "informationsHotelleriePleinAir.classement"],
        "RESTAURATION": ["informationsRestauration.restaurationType"],
        "DEGUSTATION": ["informationsDegustation.typesProduit"],
        "FETE_ET_MANIFESTATION": ["informationsFeteEtManifestation.typesManifestation"],
        "COMMERCE_ET_SERVICE": ["informationsCommerceEtService.commerceEtServiceType"],
        "PATRIMOINE_CULTUREL": ["informationsPatrimoineCulturel.patrimoineCulturelType"],
        "PATRIMOINE_NATUREL": ["informationsPatrimoineNaturel.categories"],
        "ACTIVITE": ["informationsActivite.activiteType"],
        "EQUIPEMENT": ["informationsEquipement.rubrique"],
    ]

    static func contentID(_ apidaeID: Int) -> String { "apidae-\(apidaeID)" }

    func map(_ o: JSONValue, id: Int) -> Outcome {
        let log = ApidaeLog(id: id)
        guard o.object != nil else { return .skipped(reason: "not a JSON object", warnings: []) }
        if let state = o["state"]?.string, state != "PUBLISHED" {
            return .filtered(reason: "state \(state): only PUBLISHED objects are shown")
        }
        guard let type = type(of: o, log: log) else {
            return .skipped(reason: "no type, and no informations… block to tell it", warnings: log.entries)
        }
        guard var section = Self.sections[type] else {
            return .filtered(reason: "type \(type) is not shown on the kiosk")
        }
        if type == "EQUIPEMENT", let itinerary = o.at("informationsEquipement.itineraire"), !itinerary.isEmptyContainer {
            section = .randonnees
        }
        let (name, nameFrom) = ApidaeText.text(o["nom"], multiline: false)
        guard !name.french.isEmpty else {
            return .skipped(reason: "no name in any of the kiosk's languages (nom.libelleFr...)", warnings: log.entries)
        }
        if let nameFrom { log.add("nom", "no French name: the \(nameFrom.rawValue) one is used in French") }

        var item = ContentItem(id: Self.contentID(id), section: section, name: name)
        item.category = category(o, type: type, log: log)
        item.summary = text(o, "presentation.descriptifCourt", log: log)
        item.description = text(o, "presentation.descriptifDetaille", multiline: true, log: log)
        readPlace(o, into: &item, log: log)
        readContacts(o, into: &item, log: log)
        item.hoursText = text(o, "ouverture.periodeEnClair", log: log)
        if section != .agenda {
            let hours = ApidaeHours.convert(o["ouverture"], dayLevelOpen: section == .dormir)
            for note in hours.notes { log.add("ouverture", note) }
            if let e = hours.expression { item.openingHours = try? OpeningHours(e) }
        }
        item.tags = tags(o, id: id)
        if section == .agenda {
            item.dates = dates(o, log: log)
            guard !item.dates.isEmpty else {
                return .skipped(reason: "an event without any valid date (ouverture.periodesOuvertures)", warnings: log.entries)
            }
        }
        var gpx: (relative: String, source: URL)?
        if section == .randonnees {
            switch hike(o, id: id, log: log) {
            case .success(let (info, file)):
                item.hike = info
                gpx = file
            case .failure(let reason):
                return .skipped(reason: reason.message, warnings: log.entries)
            }
        }
        return .item(item, gpx: gpx, warnings: log.entries)
    }

    // MARK: - Fields

    private func type(of o: JSONValue, log: ApidaeLog) -> String? {
        if let t = o["type"]?.string { return t }
        let blocks = (o.object ?? [:]).keys.compactMap { Self.informationBlocks[$0] }
        guard blocks.count == 1 else { return nil }
        log.add("type", "absent: \(blocks[0]) inferred from the object's informations block")
        return blocks[0]
    }

    func text(_ o: JSONValue, _ path: String, multiline: Bool = false, log: ApidaeLog) -> LocalizedText {
        let (t, from) = ApidaeText.text(o.at(path), multiline: multiline)
        if let from { log.add(path, "no French text: the \(from.rawValue) one is used in French") }
        return t
    }

    /// The labels of an element reference: inline (API responses) or from
    /// `elements_reference.json` (exports give only `{elementReferenceType, id}`).
    func label(_ ref: JSONValue, field: String, log: ApidaeLog) -> LocalizedText? {
        let inline = ApidaeText.labels(ref, multiline: false)
        if !inline.french.isEmpty { return inline }
        guard let id = ref["id"]?.int else { return nil }
        if let known = tables.references[id], !known.french.isEmpty { return known }
        let kind = ref["elementReferenceType"]?.string.map { "\($0) " } ?? ""
        log.add(field, "element reference \(kind)\(id) has no French label here nor in elements_reference.json: left out")
        return nil
    }

    private func category(_ o: JSONValue, type: String, log: ApidaeLog) -> LocalizedText {
        var parts: [LocalizedText] = []
        for path in Self.categoryReferences[type] ?? [] {
            guard let v = o.at(path) else { continue }
            // A list (types of event, products): its first entry names the item.
            guard let ref = v.array?.first ?? (v.object != nil ? v : nil) else { continue }
            if let l = label(ref, field: path, log: log) { parts.append(l) }
        }
        return ApidaeText.join(parts)
    }

    private func readPlace(_ o: JSONValue, into item: inout ContentItem, log: ApidaeLog) {
        let address = o.at("localisation.adresse")
        var commune: String?
        if let c = address?["commune"] {
            if let nom = c["nom"]?.string, !Sanitizer.line(nom).isEmpty {
                commune = Sanitizer.line(nom)
            } else if let cid = c["id"]?.int {
                commune = tables.communes[cid]
                if commune == nil { log.add("localisation.adresse.commune", "commune \(cid) is not in communes.json: left out") }
            }
        }
        item.commune = commune
        let lines = ["adresse1", "adresse2", "adresse3"].compactMap { address?[$0]?.string }.map(Sanitizer.line).filter { !$0.isEmpty }
        var town = [address?["codePostal"]?.string.map(Sanitizer.line), commune].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        if lines.isEmpty && town == commune { town = "" } // the commune alone is no address
        let full = (lines + [town]).filter { !$0.isEmpty }.joined(separator: ", ")
        item.address = full.isEmpty ? nil : full

        if let g = o.at("localisation.geolocalisation") {
            if g["valide"]?.bool == false {
                log.add("localisation.geolocalisation", "marked not valid: no map position")
            } else if let c = g.at("geoJson.coordinates")?.array, c.count >= 2, let lon = c[0].number, let lat = c[1].number {
                if (-90...90).contains(lat) && (-180...180).contains(lon) {
                    item.geo = GeoPoint(lat: lat, lon: lon)
                } else {
                    log.add("localisation.geolocalisation.geoJson", "coordinates out of range: no map position")
                }
            }
        }
    }

    /// `informations.moyensCommunication`: 201 phone, 204 e-mail, 205 website;
    /// the first valid one of each. Other means (fax 202, social networks) are not shown.
    private func readContacts(_ o: JSONValue, into item: inout ContentItem, log: ApidaeLog) {
        for (i, m) in (o.at("informations.moyensCommunication")?.array ?? []).enumerated() {
            guard let kind = m["type"]?["id"]?.int, [201, 204, 205].contains(kind) else { continue }
            let coordonnees = m["coordonnees"]
            guard let raw = coordonnees?["fr"]?.string ?? coordonnees?.object?.values.compactMap(\.string).first else { continue }
            let field = "informations.moyensCommunication[\(i)]"
            switch kind {
            case 201 where item.phone == nil:
                let s = Sanitizer.line(raw)
                if let p = Validate.phoneProblem(s) { log.add(field, p) } else { item.phone = s }
            case 204 where item.email == nil:
                let s = Sanitizer.line(raw)
                if let p = Validate.emailProblem(s) { log.add(field, p) } else { item.email = s }
            case 205 where item.website == nil:
                let s = raw.trimmingCharacters(in: .whitespaces)
                if let p = Validate.websiteProblem(s) { log.add(field, p) } else { item.website = Sanitizer.line(s) }
            default: break
            }
        }
    }

    /// `hiver` for a winter aspect, `pluie` for the rainy-day selections,
    /// `animaux` when pets are accepted, `gratuit` when it is free.
    private func tags(_ o: JSONValue, id: Int) -> [String] {
        var tags: [String] = []
        if options.rainyDaySelections.contains(where: { tables.selections[$0]?.contains(id) == true }) { tags.append("pluie") }
        if (o["aspects"]?.array ?? []).contains(where: { $0["aspect"]?.string == "HIVER" }) { tags.append("hiver") }
        if o.at("prestations.animauxAcceptes")?.string == "ACCEPTES" { tags.append("animaux") }
        if o.at("descriptionTarif.gratuit")?.bool == true || o.at("descriptionTarif.indicationTarif")?.string == "GRATUIT" {
            tags.append("gratuit")
        }
        return tags
    }

    /// An event's occurrences: one per opening period, with its opening time.
    private func dates(_ o: JSONValue, log: ApidaeLog) -> [EventDate] {
        var out: [EventDate] = []
        for (i, p) in (o.at("ouverture.periodesOuvertures")?.array ?? []).enumerated() {
            let field = "ouverture.periodesOuvertures[\(i)]"
            guard let start = p["dateDebut"]?.string.flatMap(LocalDate.init(iso:)) else {
                log.add(field, "no valid dateDebut: occurrence left out"); continue
            }
            let end = p["dateFin"]?.string.flatMap(LocalDate.init(iso:)) ?? start
            guard end >= start else { log.add(field, "dateFin before dateDebut: occurrence left out"); continue }
            let time = (try? p["horaireOuverture"]?.string.map(ApidaeHours.time)) ?? nil
            out.append(EventDate(start: start, end: end, time: time))
        }
        return out.sorted { ($0.start, $0.end) < ($1.start, $1.end) }
    }
}

/// The warnings of one object.
final class ApidaeLog {
    let id: Int
    private(set) var entries: [ImportReport.Warning] = []
    init(id: Int) { self.id = id }
    func add(_ field: String?, _ message: String, problem: Bool = false) {
        entries.append(.init(id: id, field: field, message: message, isProblem: problem))
    }
}
