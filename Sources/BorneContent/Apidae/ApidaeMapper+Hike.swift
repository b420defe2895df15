import Foundation
import BorneCore

/// Hikes: `EQUIPEMENT` objects with an itinerary.
extension ApidaeMapper {
    struct HikeFailure: Error { var message: String }

    /// The hike block and, when the PLAN's GPX is in the GPX folder, the file
    /// to copy as `gpx/apidae-<id>.gpx`.
    func hike(_ o: JSONValue, id: Int, log: ApidaeLog)
        -> Result<(HikeInfo, (relative: String, source: URL)?), HikeFailure> {
        let it = o.at("informationsEquipement.itineraire")
        let distance = it?["distance"]?.number.flatMap { (0.01...2000).contains($0) ? $0 : nil }
        let climb = it?["denivellationPositive"]?.number.flatMap { (0...50000).contains($0) ? $0 : nil }
        let descent = it?["denivellationNegative"]?.number.flatMap { (0...50000).contains($0) ? $0 : nil }

        var loop = true
        switch it?["itineraireType"]?.string {
        case "BOUCLE": loop = true
        case "ALLER_RETOUR": loop = false
        case "ALLER_ITINERANCE":
            loop = false
            log.add("informationsEquipement.itineraire.itineraireType", "one-way route (ALLER_ITINERANCE): shown as not a loop")
        case let other?:
            log.add("informationsEquipement.itineraire.itineraireType", "unknown value \(Quote.value(other)): shown as a loop")
        case nil:
            log.add("informationsEquipement.itineraire.itineraireType", "absent: shown as a loop")
        }

        var file: (relative: String, source: URL)?
        var track: Track?
        if let (name, source) = planGPX(o, id: id, log: log) {
            do {
                let text = try String(contentsOf: source, encoding: .utf8)
                let t = try GPX.parse(text)
                if t.pointCount > 0 {
                    track = t
                    file = ("gpx/\(Self.contentID(id)).gpx", source)
                } else {
                    log.add("multimedias", "GPX \(name) has no point: the hike has no track", problem: true)
                }
            } catch {
                log.add("multimedias", "GPX \(name) cannot be read (\(error)): the hike has no track", problem: true)
            }
        }

        var duration = it?["dureeJournaliere"]?.int ?? o.at("ouverture.dureeSeance")?.int
            ?? o.at("informationsActivite.dureeSeance")?.int
        if let d = duration, !(1...(14 * 24 * 60)).contains(d) {
            log.add("informationsEquipement.itineraire.dureeJournaliere", "\(d) minutes is not a plausible duration: estimated instead")
            duration = nil
        }
        if duration == nil {
            if let t = track, let estimate = t.estimatedWalkingMinutes {
                duration = estimate
                log.add("informationsEquipement.itineraire.dureeJournaliere", "absent: \(estimate) minutes estimated from the GPX (DIN 33466)")
            } else if let distance {
                let estimate = WalkingTime.minutes(distanceKm: distance, ascentM: climb ?? 0, descentM: descent ?? climb ?? 0)
                duration = estimate
                log.add("informationsEquipement.itineraire.dureeJournaliere", "absent: \(estimate) minutes estimated from the distance and climb (DIN 33466)")
            }
        }
        guard let duration else {
            return .failure(HikeFailure(message: "a hike without duration, distance or GPX track: nothing to show visitors"))
        }
        let info = HikeInfo(activity: activity(o, log: log), difficulty: difficulty(o, log: log), durationMinutes: duration,
                            gpxPath: file?.relative, track: track, distanceKm: distance, climbM: climb, loop: loop)
        return .success((info, file))
    }

    /// The GPX of `multimedias[type=PLAN]`: its file name, looked up in the
    /// GPX folder (the build never downloads).
    private func planGPX(_ o: JSONValue, id: Int, log: ApidaeLog) -> (name: String, source: URL)? {
        var names: [String] = []
        for m in o["multimedias"]?.array ?? [] where m["type"]?.string == "PLAN" {
            for f in m["traductionFichiers"]?.array ?? [] {
                let url = f["url"]?.string ?? ""
                let isGPX = f["extension"]?.string?.lowercased() == "gpx" || url.lowercased().hasSuffix(".gpx")
                guard isGPX else { continue }
                if let last = URL(string: url)?.lastPathComponent, last.lowercased().hasSuffix(".gpx") {
                    names.append(last.removingPercentEncoding ?? last)
                }
                if let base = f["fileName"]?.string, !base.isEmpty {
                    names.append(base.lowercased().hasSuffix(".gpx") ? base : base + ".gpx")
                }
            }
        }
        guard !names.isEmpty else { return nil }
        names.append("\(id).gpx")
        names = names.filter { !$0.contains("/") && !$0.hasPrefix(".") }
        guard let dir = options.gpxDirectory else {
            log.add("multimedias", "PLAN names \(names[0]); give --gpx DIR holding it to show the track", problem: true)
            return nil
        }
        for name in names {
            let url = dir.appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: url.path) { return (name, url) }
        }
        log.add("multimedias", "PLAN file \(names[0]) is not in \(dir.path): the hike has no track", problem: true)
        return nil
    }

    /// From the French labels of `informationsEquipement.activites`.
    private func activity(_ o: JSONValue, log: ApidaeLog) -> HikeActivity {
        let labels = (o.at("informationsEquipement.activites")?.array ?? []).compactMap {
            label($0, field: "informationsEquipement.activites", log: log)?.french.lowercased()
        }
        let rules: [(String, HikeActivity)] = [
            ("raquette", .winter), ("ski", .winter), ("vtt", .vtt), ("trail", .trail),
            ("cyclo", .cycling), ("vélo", .cycling), ("pédestre", .walking), ("randonnée", .walking), ("marche", .walking),
        ]
        for (word, activity) in rules where labels.contains(where: { $0.contains(word) }) { return activity }
        log.add("informationsEquipement.activites", "no recognised activity: shown as walking")
        return .walking
    }

    /// From `prestations.typesClientele`'s colour levels ("Niveau rouge - Difficile"):
    /// vert easy, bleu medium, rouge hard, noir expert (the FFRandonnée scale).
    private func difficulty(_ o: JSONValue, log: ApidaeLog) -> HikeDifficulty {
        let labels = (o.at("prestations.typesClientele")?.array ?? []).compactMap {
            label($0, field: "prestations.typesClientele", log: log)?.french.lowercased()
        }
        let rules: [(String, HikeDifficulty)] = [
            ("niveau noir", .expert), ("niveau rouge", .hard), ("niveau bleu", .medium), ("niveau vert", .easy),
        ]
        for (word, difficulty) in rules where labels.contains(where: { $0.contains(word) }) { return difficulty }
        log.add("prestations.typesClientele", "no difficulty level (Niveau vert/bleu/rouge/noir): shown as medium")
        return .medium
    }
}
