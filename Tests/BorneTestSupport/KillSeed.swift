import Foundation

/// The random numbers of a kill test (when to kill), replayable: the seed
/// is `BORNE_KILL_SEED` when set, else drawn; either way it is printed, so a
/// failing run's output says how to replay it. SplitMix64.
/// Shared by the kill tests of BorneBundleTests, BorneStoreTests and BorneUploadTests.
public struct KillSeed: RandomNumberGenerator, CustomStringConvertible {
    public struct BadSeed: Error, CustomStringConvertible {
        public let text: String
        public var description: String { "BORNE_KILL_SEED=\(text) is not a number from 0 to \(UInt64.max)" }
    }

    public let seed: UInt64
    private var state: UInt64

    public init(_ test: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        if let text = environment["BORNE_KILL_SEED"] {
            guard let s = UInt64(text) else { throw BadSeed(text: text) }
            seed = s
        } else {
            seed = UInt64.random(in: 0...UInt64.max)
        }
        state = seed
        print("\(test): random kill delays from seed \(seed) (BORNE_KILL_SEED=\(seed) replays them)")
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public var description: String { "BORNE_KILL_SEED=\(seed)" }
}
