import BorneCore
import BorneSync
import Foundation

// The seam between the transport (BorneSync) and bundle verification
// (BorneBundle). REPLACE AT MERGE: return BorneBundle's gate, built from the
// kiosk's `trusted_keys` and its content directory under `dataDir`.

/// This build has no BorneBundle gate: `borne sync` and `borne usb` stop
/// with EX_UNAVAILABLE (69) rather than install anything unverified.
struct GateUnavailable: Error, CustomStringConvertible {
    var description: String { "bundle verification not available in this build" }
}

/// The gate the sync and usb commands hand manifests and objects to.
func makeGate(config: KioskConfig, dataDir: URL) throws -> BundleGate {
    throw GateUnavailable()
}

/// How the commands get a gate; tests pass their own.
typealias GateFactory = (KioskConfig, URL) throws -> BundleGate
