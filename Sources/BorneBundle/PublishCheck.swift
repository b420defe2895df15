import Foundation
import BorneCore
import BorneContent

/// What `borne content publish` checks before a bundle reaches the published
/// tree: pure decisions, so each refusal is tested on its own.
public enum PublishCheck {
    /// The kiosks (of the bundle's scope) whose `trusted_keys` lack the key
    /// that signed it: each would refuse the bundle at every sync.
    public static func untrustingKiosks(signer: Ed25519PublicKey, manifest: BundleManifest,
                                        kiosks: [KioskConfig]) -> [String] {
        kiosks.filter { k in manifest.scope.map { $0.contains(k.id) } ?? true }
            .filter { !$0.trustedKeys.contains(signer.hex) }
            .map(\.id)
    }

    /// A section that becomes empty or loses more than half its items.
    public struct Shrink: Equatable, Sendable, CustomStringConvertible {
        public var section: SectionID
        public var before: Int
        public var after: Int

        public var description: String {
            after == 0 ? "\(section.rawValue): \(before) item\(before == 1 ? "" : "s") → none (the section would be empty)"
                : "\(section.rawValue): \(before) items → \(after) (loses \(before - after), more than half)"
        }
    }

    public static func shrinks(from old: ContentLoadResult, to new: ContentLoadResult) -> [Shrink] {
        let a = BundleContent.counts(old), b = BundleContent.counts(new)
        return SectionID.allCases.compactMap { s in
            let before = a[s] ?? 0, after = b[s] ?? 0
            guard before > 0, after == 0 || (before - after) * 2 > before else { return nil }
            return Shrink(section: s, before: before, after: after)
        }
    }
}
