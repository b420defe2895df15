import BorneCore

/// Exit codes from sysexits.h, so scripts and systemd can tell failures apart.
enum ExitCode {
    static let ok: Int32 = 0
    static let usage: Int32 = 64        // EX_USAGE: bad command line
    static let dataErr: Int32 = 65      // EX_DATAERR: bad input data
    static let noInput: Int32 = 66      // EX_NOINPUT: input file missing or unreadable
    static let unavailable: Int32 = 69  // EX_UNAVAILABLE: a service (terminal...) is unavailable
    static let software: Int32 = 70     // EX_SOFTWARE: internal error
    /// EX_OSFILE: a system library cannot be loaded. Exited by the loaders of
    /// Sources/CCurl and Sources/CCrypto (libcurl, libssl, libcrypto are opened on first use).
    static let osFile: Int32 = 72
    static let canCreate: Int32 = 73    // EX_CANTCREAT: an output exists or cannot be created
    static let ioErr: Int32 = 74        // EX_IOERR
    static let tempFail: Int32 = 75     // EX_TEMPFAIL: try again later
    static let config: Int32 = 78       // EX_CONFIG: configuration error
    /// Not in sysexits.h: the kiosk left from the maintenance screen's
    /// "Quitter". borne-kiosk.service has Restart=always and
    /// RestartPreventExitStatus=10, so this one exit stays stopped.
    static let maintenanceQuit: Int32 = 10
}

enum BorneVersion {
    static let string = BorneCore.version
}

/// Writes a line to stderr (journald picks it up on a kiosk).
func printError(_ s: String) {
    FileHandle.standardError.write(Data((s + "\n").utf8))
}

import Foundation
