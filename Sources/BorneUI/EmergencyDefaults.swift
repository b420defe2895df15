import BorneCore

/// The national emergency numbers, built in: whatever happens to the content,
/// the Urgences screen and tile always show them. Content may add numbers
/// (pharmacie de garde, poison centre) or reword these.
public enum EmergencyDefaults {
    static func r(_ fr: String, _ en: String, _ de: String, _ nl: String, _ es: String) -> LocalizedText {
        LocalizedText([.fr: fr, .en: en, .de: de, .nl: nl, .es: es])
    }

    public static let numbers: [EmergencyNumber] = [
        EmergencyNumber(number: "112", label: r("Numéro d'urgence européen", "European emergency number",
                                                "Europäischer Notruf", "Europees alarmnummer", "Emergencias (Europa)")),
        EmergencyNumber(number: "15", label: r("SAMU – urgence médicale", "Ambulance – medical emergency",
                                               "Notarzt – medizinischer Notfall", "Ambulance – medisch noodgeval",
                                               "Urgencias médicas")),
        EmergencyNumber(number: "17", label: r("Police – Gendarmerie", "Police", "Polizei", "Politie", "Policía")),
        EmergencyNumber(number: "18", label: r("Pompiers", "Fire brigade", "Feuerwehr", "Brandweer", "Bomberos")),
        EmergencyNumber(number: "114", label: r("Urgence pour personnes sourdes ou malentendantes (SMS)",
                                                "Emergency for deaf or hard-of-hearing people (text)",
                                                "Notruf für Gehörlose (SMS)", "Noodnummer voor doven (sms)",
                                                "Emergencias para personas sordas (SMS)")),
    ]

    /// Content's numbers in content order, then any built-in number content lacks.
    public static func merged(with content: [EmergencyNumber]) -> [EmergencyNumber] {
        let have = Set(content.map { $0.number.filter(\.isNumber) })
        return content + numbers.filter { !have.contains($0.number) }
    }
}
