import Foundation

/// `borne simulate`: plans every kiosk of a profile and writes each into
/// `out/<kiosk>/` (its `sessions.db` and `stats/seq-floor`).
public enum SimRun {
    public static func plans(_ profile: SimProfile, scale: Double = 1, only: Set<String>? = nil) -> [KioskPlan] {
        let days = (profile.year % 4 == 0 && profile.year % 100 != 0) || profile.year % 400 == 0 ? 366 : 365
        return profile.kiosks.filter { only?.contains($0.id) ?? true }.map { k in
            SimPlanner.plan(k.scaled(scale, daysInYear: days), year: profile.year, seed: profile.seed)
        }
    }

    @discardableResult
    public static func run(_ profile: SimProfile, scale: Double = 1, only: Set<String>? = nil, out: String,
                           progress: (SimEmitter.Result) -> Void = { _ in }) throws -> [SimEmitter.Result] {
        var results: [SimEmitter.Result] = []
        for plan in plans(profile, scale: scale, only: only) {
            let r = try SimEmitter.emit(plan, dataDir: (out as NSString).appendingPathComponent(plan.profile.id))
            progress(r)
            results.append(r)
        }
        return results
    }
}
