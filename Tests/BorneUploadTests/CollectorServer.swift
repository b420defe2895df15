import BorneTestSupport
import Foundation

/// A collector as the kiosks' uploader meets it: `BorneTestSupport.Nginx`
/// with these locations (the old name is kept so tests written against it
/// still build):
///
/// - `/collect/`  WebDAV PUT with basic auth (`user`/`password`), other methods refused;
/// - `/open/`     WebDAV PUT without auth;
/// - `/small/`    WebDAV PUT, `client_max_body_size 4k` (a real 413);
/// - `/fail/`     `return 500`;
/// - `/static/`   no WebDAV: a PUT is a real 405.
typealias CollectorServer = Nginx

extension Nginx {
    convenience init() throws {
        try self.init([
            .upload("/collect/", maxBody: "16m", auth: true),
            .upload("/open/", maxBody: "16m"),
            .upload("/small/", maxBody: "4k"),
            .answer("/fail/", status: 500),
            .files("/static/"),
        ], auth: BasicAuth(user: "vic-sur-cere", password: "p@ss:wörd 42"))
    }

    var user: String { auth?.user ?? "" }
    var password: String { auth?.password ?? "" }
}
