import BorneTestSupport
import Foundation

/// A collector tree exposed as the office reads it for `borne office ingest
/// https://...`: `BorneTestSupport.Nginx` with `autoindex_format json` on
/// `/stats/` and plain files on `/plain/` (the old name is kept so tests
/// written against it still build).
typealias NginxAutoindex = Nginx

extension Nginx {
    convenience init() throws {
        try self.init([.autoindex("/stats/"), .files("/plain/")])
    }

    /// Files under here are served at `/stats/`.
    var stats: URL { directory("stats") }
    var statsURL: String { url("stats/") }
    var plainURL: String { url("plain/") }
}
