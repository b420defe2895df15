// swift-tools-version:6.0
// Borne — the runtime of the Carladès tourist-office touch kiosks.
// No Swift package dependencies: Foundation, Dispatch, XCTest and Debian C
// libraries through system-library targets (see Sources/C*/).
import PackageDescription

/// bench/kiosk-start.order, by absolute path (the linker's directory is not the package's).
let kioskStartOrder = String(#filePath.dropLast("Package.swift".count)) + "bench/kiosk-start.order"

let package = Package(
    name: "Borne",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "borne", targets: ["borne"]),
    ],
    targets: [
        // C libraries: the only places C is imported.
        .systemLibrary(name: "CNcursesw", pkgConfig: "ncursesw", providers: [.apt(["libncurses-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // Headers only: libcurl, libssl and libcrypto are loaded on first use (dlopen, see
        // their shim.h), so no pkgConfig, whose -lcurl / -lcrypto would link them again.
        .systemLibrary(name: "CCurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CCrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CQRencode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Kernel header only (linux/input.h): evdev ioctls, nothing to link.
        .systemLibrary(name: "CEvdev"),

        // Pure: content model, opening hours, holidays, GPX maths. No I/O.
        .target(name: "BorneCore"),
        // Edge: the system calls on files: syscall (EINTR, errno → IOError), AtomicFile, KeyFile.
        .target(name: "BorneSystem"),
        // Pure: canvas, widgets, screens, the app state machine.
        .target(name: "BorneUI", dependencies: ["BorneCore"]),
        // Edge: reading the content directory and kiosk configs from disk; APIDAE import.
        .target(name: "BorneContent", dependencies: ["BorneCore", "BorneSystem", "CZlib"]),
        // Edge: bundles, SHA-256 and Ed25519 (libcrypto), atomic install.
        // BORNE_TEST_HOOKS (debug builds only): FaultyFileSystem and the crash hook
        // BORNE_CRASH_AFTER_OPS exist only there, never in the release .deb.
        .target(name: "BorneBundle", dependencies: ["BorneCore", "BorneContent", "CCrypto", "BorneStats"],
                swiftSettings: [.define("BORNE_TEST_HOOKS", .when(configuration: .debug))]),
        // Edge: HTTP through libcurl.
        .target(name: "BorneNet", dependencies: ["CCurl"]),
        // Edge: paths on a USB stick, resolved one component at a time, never through a link.
        .target(name: "BorneStick", dependencies: ["BorneSystem"]),
        // Edge: content sync over HTTP and USB.
        .target(name: "BorneSync", dependencies: ["BorneNet", "BorneStick", "BorneStats"]),
        // Edge: the kiosk's touch and session store (SQLite, WAL), written off the UI path.
        .target(name: "BorneStore", dependencies: ["BorneCore", "BorneSystem", "CSQLite"]),
        // Pure codec (+ libcrypto, zlib): the statistics wire format of docs/BATCHES.md, kiosk and office;
        // its key file through BorneSystem.
        .target(name: "BorneStats", dependencies: ["BorneCore", "BorneSystem", "CCrypto", "CZlib"]),
        // Edge: shipping the touches: outbox, upload rounds (WebDAV, file://), parking, USB stats.
        .target(name: "BorneUpload", dependencies: ["BorneCore", "BorneStats", "BorneStore", "BorneNet", "BorneStick", "BorneSystem"]),
        // Edge: the office's statistics database: ingest, reports, fleet, and the
        // year simulator (writes kiosk databases through BorneStore).
        .target(name: "BorneOffice", dependencies: ["BorneCore", "BorneStore", "BorneStats", "BorneNet", "BorneStick", "BorneContent", "BorneSystem"]),
        // Edge: QR codes through libqrencode.
        .target(name: "BorneQR", dependencies: ["BorneUI", "CQRencode"]),
        // Edge: ncurses set-up, input decoding, flushing a canvas.
        .target(name: "BorneTerminal", dependencies: ["BorneUI", "CNcursesw"]),
        // Edge: the touchscreen read straight from /dev/input/event* (evdev), taps at cells.
        .target(name: "BorneTouch", dependencies: ["BorneCore", "BorneUI", "BorneSystem", "CEvdev"]),
        .executableTarget(
            name: "borne",
            dependencies: ["BorneCore", "BorneUI", "BorneContent", "BorneQR", "BorneTerminal",
                           "BorneBundle", "BorneNet", "BorneSync", "BorneStore", "BorneStats", "BorneUpload",
                           "BorneOffice", "BorneStick", "BorneTouch", "BorneSystem"],
            // Release builds (the .deb's, bench/run.sh's) link with lld and pack the binary's
            // ~79,000 relative relocations as DT_RELR (glibc >= 2.36, which the .deb requires):
            // the loader no longer pages in 1.8 MiB of .rela.dyn at every start; and they do not
            // export our 7,600 symbols (the toolchain's -export-dynamic: nothing looks them up),
            // which the loader searched first for every symbol it bound
            // (docs/BENCHMARKS.md, "Memory floor of the static binary"). The functions a kiosk
            // runs are placed together at the start of .text (bench/kiosk-start.order, written by
            // bench/orderfile.sh): its code then fills few pages instead of touching most of them.
            linkerSettings: [.unsafeFlags(["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
                                           "-Xlinker", "--no-export-dynamic",
                                           "-Xlinker", "--symbol-ordering-file=\(kioskStartOrder)",
                                           "-Xlinker", "--no-warn-symbol-ordering"],
                                          .when(platforms: [.linux], configuration: .release))]
        ),

        // Helpers shared by several test targets (a SwiftPM test target cannot share a file).
        .target(name: "BorneTestSupport", path: "Tests/BorneTestSupport"),

        .testTarget(name: "BorneCoreTests", dependencies: ["BorneCore"], exclude: ["Fixtures", "peer"]),
        .testTarget(name: "BorneUITests", dependencies: ["BorneUI", "BorneCore", "BorneContent", "BorneQR", "BorneTestSupport"], exclude: ["__snapshots__", "Fixtures"]),
        .testTarget(name: "BorneContentTests", dependencies: ["BorneContent", "BorneCore", "BorneSystem"], exclude: ["WeatherFixtures", "ApidaeFixtures", "ZipFixtures"]),
        .testTarget(name: "BorneTerminalTests", dependencies: ["BorneTerminal", "BorneUI"]),
        .testTarget(name: "BorneTouchTests", dependencies: ["BorneTouch", "BorneUI", "BorneCore", "BorneContent", "BorneTestSupport"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "BorneCLITests", dependencies: ["borne", "BorneCore", "BorneContent", "BorneBundle", "BorneSync", "BorneStore", "BorneSystem", "BorneUI", "CCrypto", "BorneTestSupport"],
                    exclude: ["__help__"]),
        .testTarget(name: "BorneKioskTests", dependencies: ["BorneTestSupport"]),
        // The nginx harness serves both: BorneNet's transfers and BorneSync's engine (Sync/).
        .testTarget(name: "BorneNetTests", dependencies: ["BorneNet", "BorneSync", "CCrypto", "BorneTestSupport"]),
        .testTarget(name: "BorneStoreTests", dependencies: ["BorneStore", "BorneCore", "CSQLite", "BorneTestSupport"]),
        .testTarget(name: "BorneBundleTests", dependencies: ["BorneBundle", "BorneContent", "BorneCore", "BorneTestSupport"]),
        .testTarget(name: "BorneStatsTests", dependencies: ["BorneStats", "BorneCore"]),
        .testTarget(name: "BorneUploadTests", dependencies: ["BorneUpload", "BorneStats", "BorneStore", "BorneNet", "BorneStick", "BorneSystem", "BorneTestSupport"]),
        // The .deb (dpkg-deb, dpkg --root, lintian) and the systemd units; fails without root or the tools.
        .testTarget(name: "BorneDeployTests", dependencies: ["BorneTestSupport"]),
        .testTarget(name: "BorneStickTests", dependencies: ["BorneStick", "BorneSystem"]),
        .testTarget(name: "BorneSystemTests", dependencies: ["BorneSystem"]),
        .testTarget(name: "BorneOfficeTests", dependencies: ["BorneOffice", "BorneStats", "BorneStore", "BorneCore", "BorneStick", "BorneTestSupport"],
                    exclude: ["Seed2020"]),
    ],
    swiftLanguageModes: [.v6]
)
