// Floor: `import Foundation` and one Europe/Paris date question through a
// DateFormatter, the kind of call the kiosk's clock made before ParisRule:
// ICU's code and its zone, locale and calendar data are linked in and paged in.
import Glibc
import Foundation

let formatter = DateFormatter()
formatter.locale = Locale(identifier: "fr_FR")
formatter.timeZone = TimeZone(identifier: "Europe/Paris")
formatter.dateFormat = "EEEE d MMMM y HH:mm"
print("floor: Foundation + DateFormatter", formatter.string(from: Date(timeIntervalSince1970: 1_800_000_000)))
usleep(300_000)  // stay alive for bench/treerss.py's samples
