/// BorneContent — reads what the kiosk shows from disk: the content directory
/// (`bundle.json`, `office.json`, `urgences.json`, `weather.json`,
/// `items/<section>.json`, `gpx/*.gpx`, described in docs/CONTENT.md) and the
/// kiosk configurations (`kiosk-config/<id>.json`).
///
/// It owns validation: every string that leaves this module has gone through
/// `Sanitizer`, every field has been checked, and whatever is wrong is named
/// (file, item, field) in a `ContentProblem` or a thrown error. One bad item
/// never hides the others.
///
/// Loading must never write files, reach the network or the terminal, or read
/// the clock: it is a pure function of the directory's bytes. Building
/// content (`ContentWriter`, `ApidaeImport`, `ContentBuild`, run on the
/// contractor's laptop, never on a kiosk) writes only the output directory it
/// is given, reads only the sources it is given, and never downloads.
public enum BorneContent {
    /// The content format this loader reads (`bundle.json` "format").
    public static let contentFormat = 1
}
