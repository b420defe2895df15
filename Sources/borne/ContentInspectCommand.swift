import Foundation
import BorneBundle
import BorneCore

/// `borne content inspect FILE.gpx [--json]`: the figures the kiosk computes
/// for a track (points, segments, distance, D+ / D−, altitudes, walking
/// time), to check a GPX before it goes into content.
///
/// Exit codes (sysexits.h): 0 ok, 64 usage error, 65 not a readable GPX
/// track, 66 the file is missing.
enum ContentInspectCommand {
    static let usage = """
        usage: borne content inspect FILE.gpx [--json]
               borne content inspect BUNDLE [--json]

        For a bundle (a directory with manifest.json): its id, creation date,
        source, and the number of items of each section.

        Prints what the kiosk computes for a GPX track: points and segments,
        distance (haversine, km), D+ and D− (m, gpxpy's smoothing, see
        docs/CONTENT.md "GPX figures"), lowest and highest altitude, and the
        estimated walking time (DIN 33466: 4 km/h, 300 m/h up, 500 m/h down).

          --json   one JSON object: file, name, points, segments, distance_km, ascent_m,
                   descent_m, min_ele_m, max_ele_m, estimated_minutes (null when unknown)
          --help   this help

        exit status: 0 ok, 64 usage error, 65 not a readable GPX track, 66 no such file.
        """

    static let maxBytes = 64 << 20

    static let spec = ArgumentSpec(flags: ["--json"], positionals: 1...Int.max, positionalName: "the GPX file")

    static func run(_ args: [String]) -> Int32 {
        Arguments.run(args, command: "content inspect", spec: spec, help: usage) { a in
            guard a.positionals.count == 1 else { throw UsageError("give one file; extra argument: \(a.positionals[1])") }
            return inspect(a.positionals[0], json: a.has("--json"))
        }
    }

    static func inspect(_ path: String, json: Bool) -> Int32 {
        let url = URL(fileURLWithPath: path)
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), isDir.boolValue,
           FileManager.default.fileExists(atPath: url.appendingPathComponent("manifest.json").path) {
            return inspectBundle(url, json: json)
        }
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), !isDir.boolValue else {
            printError("borne content inspect: \(path): no such file")
            return ExitCode.noInput
        }
        let track: Track
        do {
            let data = try Data(contentsOf: url)
            guard data.count <= maxBytes else {
                printError("borne content inspect: \(path): larger than \(maxBytes >> 20) MiB")
                return ExitCode.dataErr
            }
            guard let text = String(data: data, encoding: .utf8) else {
                printError("borne content inspect: \(path): not UTF-8 text (only GPX files can be inspected)")
                return ExitCode.dataErr
            }
            track = try GPX.parse(text)
        } catch let e as GPXError {
            printError("borne content inspect: \(path): \(e)")
            return ExitCode.dataErr
        } catch {
            printError("borne content inspect: \(path): \(error.localizedDescription)")
            return ExitCode.noInput
        }
        print(json ? jsonLine(file: path, track: track) : textLines(file: path, track: track).joined(separator: "\n"))
        return ExitCode.ok
    }

    /// A bundle's id, date and item counts per section, read from its objects
    /// (nothing is installed; the signature is `borne content verify`'s job).
    static func inspectBundle(_ bundle: URL, json: Bool) -> Int32 {
        let manifestURL = bundle.appendingPathComponent("manifest.json")
        let manifest: BundleManifest
        do {
            manifest = try BundleManifest.parse(Data(contentsOf: manifestURL), path: manifestURL.path)
        } catch {
            printError("borne content inspect: \(error)")
            return ExitCode.dataErr
        }
        var counts: [(String, Int)] = []
        for file in manifest.files where file.path.hasPrefix("items/") && file.path.hasSuffix(".json") {
            let object = bundle.appendingPathComponent(BundlePath.objectPath(file.sha256))
            guard let data = try? Data(contentsOf: object),
                  let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let items = root["items"] as? [Any] else {
                printError("borne content inspect: \(file.path): object \(file.sha256) missing or not an items file")
                return ExitCode.dataErr
            }
            counts.append((String(file.path.dropFirst(6).dropLast(5)), items.count))
        }
        let created = ISO8601DateFormatter().string(from: manifest.created)
        if json {
            let sections = counts.map { "\(quote($0.0)): \($0.1)" }.joined(separator: ", ")
            print("{\"id\": \(quote(manifest.id)), \"created\": \(quote(created)), \"files\": \(manifest.files.count), \"sections\": {\(sections)}}")
        } else {
            print("bundle \(manifest.id)")
            print("created \(created), source \(manifest.source)")
            print("\(manifest.files.count) files, \(manifest.files.reduce(Int64(0)) { $0 + $1.size }) bytes")
            for (s, n) in counts { print("  \(s): \(n) items") }
        }
        return ExitCode.ok
    }

    /// One JSON object; figures rounded for reading (km to the metre, metres to the decimetre).
    static func jsonLine(file: String, track: Track) -> String {
        let s = track.stats
        func num(_ d: Double?, _ places: Int) -> String {
            guard let d else { return "null" }
            let p = pow(10, Double(places))
            let r = (d * p).rounded() / p
            return r == r.rounded() ? String(Int(r)) : "\(r)"
        }
        let fields: [(String, String)] = [
            ("file", quote(file)), ("name", track.name.map(quote) ?? "null"),
            ("points", "\(track.pointCount)"), ("segments", "\(track.segments.count)"),
            ("distance_km", num(s.distanceM / 1000, 3)),
            ("ascent_m", s.hasElevation ? num(s.ascentM, 1) : "null"),
            ("descent_m", s.hasElevation ? num(s.descentM, 1) : "null"),
            ("min_ele_m", num(s.minEleM, 1)), ("max_ele_m", num(s.maxEleM, 1)),
            ("estimated_minutes", track.estimatedWalkingMinutes.map { "\($0)" } ?? "null"),
        ]
        return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }

    static func textLines(file: String, track: Track) -> [String] {
        let s = track.stats
        var lines = [file + (track.name.map { ": \($0)" } ?? "")]
        let segs = track.segments.count
        lines.append("  points     \(track.pointCount) in \(segs) segment\(segs == 1 ? "" : "s")")
        lines.append("  distance   " + String(format: "%.2f km", s.distanceM / 1000))
        if let lo = s.minEleM, let hi = s.maxEleM {
            lines.append("  D+ / D−    " + String(format: "%.0f m / %.0f m", s.ascentM, s.descentM))
            lines.append("  altitude   " + String(format: "%.0f – %.0f m", lo, hi))
        } else {
            lines.append("  D+ / D−    unknown (no elevation in the file)")
        }
        if let m = track.estimatedWalkingMinutes {
            lines.append("  walking    \(m / 60) h \(String(format: "%02d", m % 60)) (DIN 33466 estimate, no breaks)")
        }
        return lines
    }

    private static func quote(_ s: String) -> String { JSONString.literal(s) }
}
