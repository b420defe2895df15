/// BorneQR — QR codes through libqrencode: the only module that links it.
/// It turns text into a `QRMatrix` (BorneUI draws it); it must never draw,
/// do I/O or keep state. The app hands `QR.provider` to the UI.
import BorneUI
internal import CQRencode

public enum QR {
    /// The QR code for `text` (UTF-8, byte mode, error correction M, the
    /// smallest version that fits), or nil when libqrencode cannot encode it:
    /// empty text, text with a NUL (C would cut it short and the phone would
    /// open a truncated address), or more than a QR code holds (~2 300 bytes at M).
    public static func matrix(for text: String) -> QRMatrix? { matrix(for: text, lowCorrection: false) }

    /// The same at error correction L (7 % of the code can be lost instead
    /// of 15 %, for about a quarter more bytes per version): for a payload
    /// that must stay small, a calendar entry on a 80×24 screen.
    public static func matrix(for text: String, lowCorrection: Bool) -> QRMatrix? {
        guard !text.isEmpty, !text.utf8.contains(0) else { return nil }
        guard let code = QRcode_encodeString(text, 0, lowCorrection ? QR_ECLEVEL_L : QR_ECLEVEL_M, QR_MODE_8, 1) else { return nil }
        defer { QRcode_free(code) }
        let size = Int(code.pointee.width)
        guard size > 0, let data = code.pointee.data else { return nil }
        // Each byte describes one module; bit 0 is dark/light, the others say
        // which function pattern the module belongs to.
        let modules = (0..<size * size).map { data[$0] & 1 == 1 }
        return QRMatrix(size: size, modules: modules)
    }

    /// `matrix(for:)` as the closure the UI takes.
    public static let provider: QRProvider = { matrix(for: $0) }
    /// `matrix(for:lowCorrection: true)` as the closure the UI takes.
    public static let lowCorrectionProvider: QRProvider = { matrix(for: $0, lowCorrection: true) }
}
