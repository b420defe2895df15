#!/usr/bin/env python3
"""Generates an APIDAE v002 export (unzipped folder) for the content-pipeline
benchmarks, with the shapes of the office's samples
(Tests/BorneContentTests/ApidaeFixtures/: hotentic_*.json, export/).

    python3 bench/gen_apidae.py [--count 5000] [--out bench/out/apidae-5k]
                                [--seed 2027] [--change INDEX|TYPE]

Writes, under --out:

    export/objets_modifies/objets_modifies-N.json   500 objects per file
    export/objets_supprimes.json                    deleted ids (some of them in the export)
    export/elements_reference.json                  every element reference used, 9 languages
    export/communes.json                            the Carladès communes (ids as APIDAE's)
    export/selections.json                          selections, one of them "Il pleut ?"
    export/criteres_internes.json                   present in real exports, ignored by the import
    gpx/trace-<id>.gpx                              one track per hike with a PLAN (75 % of them),
                                                    derived from the demo tracks of content/gpx
                                                    (shifted, so every file differs, as real ones do)
    build-config.json                               {"rainy_day_selection": ..., "version": ..., "source": ...}
    summary.json                                    counts per type, which object --change edits

Objects are in the export form: element references compact
(`{"elementReferenceType", "id"}`, labels in elements_reference.json),
communes by id, French texts everywhere and English, German, Dutch, Spanish,
Italian... on part of them, contacts (phone, fax, e-mail, web), opening
periods of every shape the import handles (every day, weekdays, the
`horaires` time-period model, exceptional openings and closures, public
holidays, OUVERTURE_MOIS which falls back to text), events with dates in
2027, hikes with itinerary, difficulty and activity, illustrations, prices.

Mix of the 5,000 (scaled for another --count): HOTELLERIE 450,
HEBERGEMENT_LOCATIF 450, HEBERGEMENT_COLLECTIF 100, HOTELLERIE_PLEIN_AIR 150,
RESTAURATION 850, DEGUSTATION 150, FETE_ET_MANIFESTATION 900,
COMMERCE_ET_SERVICE 800, PATRIMOINE_CULTUREL 420, PATRIMOINE_NATUREL 150,
ACTIVITE 150, EQUIPEMENT 380 (300 with an itinerary: hikes), STRUCTURE 30,
TERRITOIRE 20 (skipped by the import); 0.5 % are not PUBLISHED.

--change makes the "one-item change" export: the same bytes except one
object, number INDEX (0-based, in export order) or the first object of TYPE
that the import keeps (published, not deleted; EQUIPEMENT_HIKE for a hike),
whose French name gets " — nouvelle adresse" appended and whose
gestion.dateModification moves on. GPX files are the same as without it.
The output is deterministic for a given seed and count.

Standard library only. --out is replaced.
"""

import argparse
import json
import os
import random
import re
import shutil
import sys
from datetime import date, timedelta

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_content import ADJ, DISHES, FIRST, NOUNS, NOUNS_M, PLACES, SURNAMES, THEMES, a_, de_  # noqa: E402

# Share of the export per APIDAE type (5,000 objects: the counts in the docstring).
MIX = [
    ("HOTELLERIE", 450), ("HEBERGEMENT_LOCATIF", 450), ("HEBERGEMENT_COLLECTIF", 100),
    ("HOTELLERIE_PLEIN_AIR", 150), ("RESTAURATION", 850), ("DEGUSTATION", 150),
    ("FETE_ET_MANIFESTATION", 900), ("COMMERCE_ET_SERVICE", 800), ("PATRIMOINE_CULTUREL", 420),
    ("PATRIMOINE_NATUREL", 150), ("ACTIVITE", 150), ("EQUIPEMENT", 80), ("EQUIPEMENT_HIKE", 300),
    ("STRUCTURE", 30), ("TERRITOIRE", 20),
]
PER_FILE = 500

# APIDAE commune ids are their own; these are made up but stable.
COMMUNES = [
    (15001, "15254", "Vic-sur-Cère", "15800"), (15002, "15236", "Thiézac", "15800"),
    (15003, "15190", "Saint-Jacques-des-Blats", "15800"), (15004, "15154", "Polminhac", "15800"),
    (15005, "15029", "Carlat", "15130"), (15006, "15015", "Badailhac", "15800"),
    (15007, "15081", "Jou-sous-Monjou", "15800"), (15008, "15159", "Raulhac", "15800"),
    (15009, "15058", "Cros-de-Ronesque", "15130"), (15010, "15255", "Vezels-Roussy", "15130"),
    (15011, "15180", "Saint-Clément", "15800"), (15012, "15147", "Pailherols", "15800"),
    (15013, "15090", "Lascelle", "15590"), (15014, "15268", "Yolet", "15130"),
    (15015, "15074", "Giou-de-Mamou", "15130"), (15016, "15084", "Labrousse", "15130"),
    (15017, "15235", "Teissières-lès-Bouliès", "15130"), (15018, "15185", "Saint-Étienne-de-Carlat", "15130"),
    (15019, "15252", "Velzic", "15590"), (15020, "15012", "Arpajon-sur-Cère", "15130"),
    (15021, "15101", "Laveissière", "15300"), (15022, "15114", "Mandailles-Saint-Julien", "15590"),
    (15023, "15253", "Vezac", "15130"), (15024, "15163", "Roannes-Saint-Mary", "15220"),
]

LANG_KEYS = ["libelleFr", "libelleEn", "libelleEs", "libelleIt", "libelleDe", "libelleNl", "libelleRu",
             "libelleZh", "libellePtBR"]


class Refs:
    """elements_reference.json: every reference an object points to, with its labels."""

    def __init__(self):
        self.entries = []
        self.next_id = 1000
        self.by_key = {}

    def add(self, kind, fr, en=None, de=None, nl=None, es=None, it=None):
        key = (kind, fr)
        if key in self.by_key:
            return self.by_key[key]
        self.next_id += 1
        rid = self.next_id
        e = {"elementReferenceType": kind, "id": rid, "libelleFr": fr}
        for k, v in (("libelleEn", en), ("libelleEs", es), ("libelleIt", it), ("libelleDe", de), ("libelleNl", nl)):
            if v:
                e[k] = v
        e["ordre"] = len(self.entries) + 1
        e["actif"] = True
        self.entries.append(e)
        self.by_key[key] = rid
        return rid


def ref(kind, rid):
    return {"elementReferenceType": kind, "id": rid}


# Per type: (reference kind of the category, labels fr/en/de/nl/es).
CATEGORIES = {
    "HOTELLERIE": ("HotellerieType", [("Hôtel", "Hotel", "Hotel", "Hotel", "Hotel"),
                                      ("Hôtel-restaurant", "Hotel and restaurant", "Hotel-Restaurant", "Hotel-restaurant", "Hotel-restaurante")]),
    "HEBERGEMENT_LOCATIF": ("HebergementLocatifType", [("Meublé de tourisme", "Holiday rental", "Ferienwohnung", "Vakantiewoning", "Alquiler turístico"),
                                                       ("Chambre d'hôtes", "Bed and breakfast", "Gästezimmer", "B&B", "Casa de huéspedes"),
                                                       ("Gîte", "Holiday cottage", "Ferienhaus", "Vakantiehuis", "Casa rural")]),
    "HEBERGEMENT_COLLECTIF": ("HebergementCollectifType", [("Gîte d'étape", "Walkers' hostel", "Wanderherberge", "Trekkershut", "Albergue"),
                                                           ("Centre de vacances", "Holiday centre", "Ferienzentrum", "Vakantiecentrum", "Centro vacacional")]),
    "HOTELLERIE_PLEIN_AIR": ("HotelleriePleinAirType", [("Camping", "Campsite", "Campingplatz", "Camping", "Camping"),
                                                        ("Aire de camping-cars", "Motorhome area", "Wohnmobilstellplatz", "Camperplaats", "Área de autocaravanas")]),
    "RESTAURATION": ("RestaurationType", [("Restaurant traditionnel", "Traditional restaurant", "Traditionelles Restaurant", "Traditioneel restaurant", "Restaurante tradicional"),
                                          ("Brasserie", "Brasserie", "Brasserie", "Brasserie", "Cervecería"),
                                          ("Ferme auberge", "Farm inn", "Bauernhof-Gasthaus", "Boerderijherberg", "Granja-posada"),
                                          ("Crêperie", "Pancake house", "Crêperie", "Pannenkoekenhuis", "Crepería"),
                                          ("Pizzeria", "Pizzeria", "Pizzeria", "Pizzeria", "Pizzería")]),
    "DEGUSTATION": ("DegustationTypeProduit", [("Fromages", "Cheese", "Käse", "Kaas", "Quesos"),
                                               ("Charcuterie", "Cured meats", "Wurstwaren", "Vleeswaren", "Embutidos"),
                                               ("Miel", "Honey", "Honig", "Honing", "Miel")]),
    "FETE_ET_MANIFESTATION": ("FeteEtManifestationType", [("Fête et manifestation", "Festival and event", "Fest", "Feest", "Fiesta"),
                                                          ("Marché", "Market", "Markt", "Markt", "Mercado"),
                                                          ("Concert", "Concert", "Konzert", "Concert", "Concierto"),
                                                          ("Exposition", "Exhibition", "Ausstellung", "Tentoonstelling", "Exposición")]),
    "COMMERCE_ET_SERVICE": ("CommerceEtServiceType", [("Commerce alimentaire", "Food shop", "Lebensmittelgeschäft", "Levensmiddelenwinkel", "Tienda de alimentación"),
                                                      ("Artisanat", "Crafts", "Kunsthandwerk", "Ambacht", "Artesanía"),
                                                      ("Service", "Service", "Dienstleistung", "Dienst", "Servicio"),
                                                      ("Location de matériel", "Equipment rental", "Verleih", "Verhuur", "Alquiler de material")]),
    "PATRIMOINE_CULTUREL": ("PatrimoineCulturelType", [("Château et demeure", "Castle and manor", "Schloss", "Kasteel", "Castillo"),
                                                       ("Église", "Church", "Kirche", "Kerk", "Iglesia"),
                                                       ("Musée", "Museum", "Museum", "Museum", "Museo"),
                                                       ("Moulin", "Mill", "Mühle", "Molen", "Molino")]),
    "PATRIMOINE_NATUREL": ("PatrimoineNaturelCategorie", [("Cascade", "Waterfall", "Wasserfall", "Waterval", "Cascada"),
                                                          ("Gorges", "Gorge", "Schlucht", "Kloof", "Garganta"),
                                                          ("Point de vue", "Viewpoint", "Aussichtspunkt", "Uitzichtpunt", "Mirador")]),
    "ACTIVITE": ("ActiviteType", [("Parapente", "Paragliding", "Gleitschirmfliegen", "Paragliden", "Parapente"),
                                  ("Visite de ferme", "Farm visit", "Hofbesichtigung", "Boerderijbezoek", "Visita a granja"),
                                  ("Canyoning", "Canyoning", "Canyoning", "Canyoning", "Barranquismo")]),
    "EQUIPEMENT": ("EquipementRubrique", [("Équipements de loisirs", "Leisure facilities", "Freizeitanlagen", "Recreatievoorzieningen", "Instalaciones de ocio"),
                                          ("Via ferrata", "Via ferrata", "Klettersteig", "Via ferrata", "Vía ferrata")]),
    "EQUIPEMENT_HIKE": ("EquipementRubrique", [("Itinéraires touristiques", "Tourist routes", "Touristische Routen", "Toeristische routes", "Rutas turísticas")]),
    "STRUCTURE": ("StructureType", [("Association", "Association", "Verein", "Vereniging", "Asociación")]),
    "TERRITOIRE": ("TerritoireType", [("Commune", "Town", "Gemeinde", "Gemeente", "Municipio")]),
}
INFO_BLOCK = {
    "HOTELLERIE": ("informationsHotellerie", "hotellerieType"),
    "HEBERGEMENT_LOCATIF": ("informationsHebergementLocatif", "hebergementLocatifType"),
    "HEBERGEMENT_COLLECTIF": ("informationsHebergementCollectif", "hebergementCollectifType"),
    "HOTELLERIE_PLEIN_AIR": ("informationsHotelleriePleinAir", "hotelleriePleinAirType"),
    "RESTAURATION": ("informationsRestauration", "restaurationType"),
    "DEGUSTATION": ("informationsDegustation", "typesProduit"),
    "FETE_ET_MANIFESTATION": ("informationsFeteEtManifestation", "typesManifestation"),
    "COMMERCE_ET_SERVICE": ("informationsCommerceEtService", "commerceEtServiceType"),
    "PATRIMOINE_CULTUREL": ("informationsPatrimoineCulturel", "patrimoineCulturelType"),
    "PATRIMOINE_NATUREL": ("informationsPatrimoineNaturel", "categories"),
    "ACTIVITE": ("informationsActivite", "activiteType"),
    "EQUIPEMENT": ("informationsEquipement", "rubrique"),
    "EQUIPEMENT_HIKE": ("informationsEquipement", "rubrique"),
    "STRUCTURE": ("informationsStructure", "structureType"),
    "TERRITOIRE": ("informationsTerritoire", "territoireType"),
}
LIST_REFS = {"typesProduit", "typesManifestation", "categories"}
KIND_WORD = {
    "HOTELLERIE": ["Hôtel", "Hôtel-restaurant", "Auberge"], "HEBERGEMENT_LOCATIF": ["Gîte", "Chambres d'hôtes", "Meublé"],
    "HEBERGEMENT_COLLECTIF": ["Gîte d'étape", "Centre de vacances", "Refuge"], "HOTELLERIE_PLEIN_AIR": ["Camping", "Aire naturelle"],
    "RESTAURATION": ["Restaurant", "Brasserie", "Auberge", "Crêperie", "Buron", "Ferme-auberge"],
    "DEGUSTATION": ["Fromagerie", "Miellerie", "Salaisons", "Cave"],
    "FETE_ET_MANIFESTATION": ["Fête", "Marché de pays", "Concert", "Festival", "Bal", "Exposition", "Vide-grenier"],
    "COMMERCE_ET_SERVICE": ["Boulangerie", "Boucherie", "Épicerie", "Pharmacie", "Garage", "Location de vélos", "Coiffure"],
    "PATRIMOINE_CULTUREL": ["Château", "Église", "Musée", "Moulin", "Maison de pays"],
    "PATRIMOINE_NATUREL": ["Cascade", "Gorges", "Point de vue", "Lac"], "ACTIVITE": ["Parapente", "Visite de ferme", "Canyoning"],
    "EQUIPEMENT": ["Piscine", "Via ferrata", "Aire de jeux", "Tennis"], "EQUIPEMENT_HIKE": ["Boucle", "Sentier", "Tour", "Chemin"],
    "STRUCTURE": ["Association", "Comité des fêtes"], "TERRITOIRE": ["Commune"],
}
PREFIX = {"HOTELLERIE": "HOT", "HEBERGEMENT_LOCATIF": "HLO", "HEBERGEMENT_COLLECTIF": "HCO", "HOTELLERIE_PLEIN_AIR": "HPA",
          "RESTAURATION": "RES", "DEGUSTATION": "DEG", "FETE_ET_MANIFESTATION": "FMA", "COMMERCE_ET_SERVICE": "COS",
          "PATRIMOINE_CULTUREL": "PCU", "PATRIMOINE_NATUREL": "PNA", "ACTIVITE": "ASC", "EQUIPEMENT": "EQU",
          "EQUIPEMENT_HIKE": "EQU", "STRUCTURE": "STR", "TERRITOIRE": "TER"}

HIKE_ACTIVITIES = [("Itinéraire de randonnée pédestre", "Hiking itinerary"), ("Itinéraire VTT", "Mountain bike route"),
                   ("Itinéraire de trail", "Trail running route"), ("Itinéraire cyclotouristique", "Cycling route"),
                   ("Itinéraire raquettes", "Snowshoe route")]
LEVELS = [("Niveau vert - Très facile", "Level green – very easy"), ("Niveau bleu - Facile", "Level blue – easy"),
          ("Niveau rouge - Difficile", "Level red – hard"), ("Niveau noir - Très difficile", "Level black – very hard")]
HOLIDAYS = ["PREMIER_JANVIER", "LUNDI_PAQUES", "PREMIER_MAI", "HUIT_MAI", "ASCENSION", "LUNDI_PENTECOTE",
            "QUATORZE_JUILLET", "QUINZE_AOUT", "PREMIER_NOVEMBRE", "ONZE_NOVEMBRE", "VINGT_CINQ_DECEMBRE"]
JOURS = ["LUNDI", "MARDI", "MERCREDI", "JEUDI", "VENDREDI", "SAMEDI", "DIMANCHE"]
WEEKDAYS = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"]


def multi(fr, rng, share=0.5, en=None):
    """A traductionLibelle: French, then other languages on `share` of them (as translated exports are)."""
    t = {"libelleFr": fr}
    if rng.random() < share:
        t["libelleEn"] = en or fr
        if rng.random() < 0.5:
            t["libelleDe"] = en or fr
            t["libelleNl"] = en or fr
            t["libelleEs"] = en or fr
            t["libelleIt"] = en or fr
    return t


def all_langs(fr, en):
    return {k: (fr if k == "libelleFr" else en) for k in LANG_KEYS}


def make_name(rng, kind_word, commune):
    t = rng.choice(["{k} {place}", "{k} Les {noun}", "{k} chez {surname}", "{k} {place} {a}", "La Table de {surname}",
                    "{k} Le {noun_m}", "{k} {de}", "Chez {first}"])
    return t.format(k=kind_word, place=rng.choice(PLACES), noun=rng.choice(NOUNS), surname=rng.choice(SURNAMES),
                    a=a_(commune), noun_m=rng.choice(NOUNS_M), de=de_(commune), first=rng.choice(FIRST))


def texts(rng, t, kind_word, commune):
    """Short and long descriptions, French first, as the office writes them."""
    adj = rng.choice(ADJ)
    if t.startswith("HOTEL") or t.startswith("HEBERGEMENT"):
        short = f"{kind_word} {adj} {a_(commune)}, {rng.randint(2, 40)} couchages, vue sur les monts du Cantal."
        long = (f"{kind_word} {adj} {a_(commune)}, au cœur du Carladès, à {rng.randint(1, 25)} km du Lioran.\n"
                f"{rng.randint(2, 40)} chambres ou emplacements, petit-déjeuner avec produits du terroir, parking privé "
                f"et local à vélos.\nVue sur les monts du Cantal ; idéal pour les randonneurs et les familles.")
    elif t in ("RESTAURATION", "DEGUSTATION"):
        d1, d2 = rng.sample(DISHES, 2)
        short = f"{kind_word} {a_(commune)} : {d1}, plats du jour et desserts maison."
        long = (f"{kind_word} {adj} {a_(commune)} : cuisine auvergnate de saison, {d1} et {d2}.\n"
                f"Menu du jour à {rng.randint(14, 22)} €, menu terroir à {rng.randint(25, 45)} €. Produits des fermes "
                f"voisines, desserts maison.\nRéservation conseillée le week-end et en juillet-août.")
    elif t == "FETE_ET_MANIFESTATION":
        short = f"{a_(commune).capitalize()} : {rng.choice(THEMES)}, pour toute la famille."
        long = (f"{kind_word} {a_(commune)} : animations pour toute la famille, buvette et restauration sur place.\n"
                f"Organisé par le comité des fêtes {de_(commune)}. Entrée {rng.choice(['libre', '5 €', '8 €', '12 €'])}.")
    elif t == "EQUIPEMENT_HIKE":
        short = f"Au départ {de_(commune)}, entre hêtraies et estives, vue sur la vallée de la Cère."
        long = (f"Départ du parking {de_(commune)}. Le sentier monte à travers la hêtraie puis les estives, avec une "
                f"vue dégagée sur la vallée de la Cère et le Plomb du Cantal.\nBalisage jaune. Prévoir de l'eau et de "
                f"bonnes chaussures ; attention aux troupeaux, refermez les barrières derrière vous.")
    else:
        short = f"{kind_word} {a_(commune)}, {rng.choice(['ouvert en saison', 'sur réservation', 'accès libre toute l’année'])}."
        long = (f"{kind_word} {a_(commune)} : {rng.choice(['site classé', 'panorama remarquable', 'visite guidée', 'activité encadrée'])}.\n"
                f"Durée conseillée : {rng.randint(1, 4)} h. Tarif réduit pour les enfants et les groupes. "
                f"Famille {rng.choice(SURNAMES)} depuis {rng.randint(1962, 2022)}.")
    return short, long


def hhmm(h, m=0):
    return f"{h:02d}:{m:02d}:00"


def periods(rng, t, pid):
    """ouverture.periodesOuvertures of every shape the import handles."""
    y = 2027
    shape = rng.choices(["every_day", "week_split", "horaires", "season_no_time", "mois", "sauf", "none"],
                        weights=[25, 25, 15, 10 if t.startswith("HOTEL") or t.startswith("HEBERGEMENT") else 2, 4, 6, 8])[0]
    start, end = (f"{y}-01-01", f"{y}-12-31") if rng.random() < 0.5 else (f"{y}-04-01", f"{y}-10-31")
    yearly = rng.random() < 0.6
    out, closures = [], []
    if shape == "every_day":
        out.append({"identifiant": pid, "dateDebut": start, "dateFin": end, "horaireOuverture": hhmm(rng.choice([8, 9, 10])),
                    "horaireFermeture": hhmm(rng.choice([18, 19, 22]), rng.choice([0, 30])), "type": "OUVERTURE_TOUS_LES_JOURS",
                    "tousLesAns": yearly})
    elif shape in ("week_split", "sauf"):
        days = sorted(rng.sample(range(7), rng.randint(1, 3) if shape == "sauf" else rng.randint(4, 6)))
        j = [{"jour": JOURS[d]} for d in days]
        typ = "OUVERTURE_SAUF" if shape == "sauf" else "OUVERTURE_SEMAINE"
        out.append({"identifiant": pid, "dateDebut": start, "dateFin": end, "horaireOuverture": hhmm(rng.choice([9, 10, 11]), 30),
                    "horaireFermeture": hhmm(rng.choice([12, 13, 14])), "type": typ, "tousLesAns": yearly, "ouverturesJournalieres": j})
        out.append({"identifiant": pid + 1, "dateDebut": start, "dateFin": end, "horaireOuverture": hhmm(rng.choice([14, 15, 19])),
                    "horaireFermeture": hhmm(rng.choice([18, 21, 22]), 30), "type": typ, "tousLesAns": yearly,
                    "ouverturesJournalieres": j,
                    **({"complementHoraire": {"libelleFr": "Dernière entrée 30 minutes avant la fermeture"}} if rng.random() < 0.2 else {})})
        if rng.random() < 0.3:
            out[0]["ouverturesExceptionnelles"] = [{"dateOuverture": f"{y}-0{rng.randint(5, 8)}-{rng.randint(10, 28)}"}]
    elif shape == "horaires":
        tps = [{"weekdays": WEEKDAYS[:5], "timeFrames": [{"startTime": "09:00", "endTime": "12:00"},
                                                          {"startTime": "14:00", "endTime": "18:30"}]},
               {"weekdays": ["SAT"], "timeFrames": [{"startTime": "09:00", "endTime": "12:30"}]},
               {"weekdays": ["SUN", "HOL"], "closed": True}]
        out.append({"identifiant": pid, "dateDebut": start, "dateFin": end, "type": "OUVERTURE_SEMAINE", "tousLesAns": yearly,
                    "horaires": [{"timePeriods": tps}]})
    elif shape == "season_no_time":
        out.append({"identifiant": pid, "dateDebut": f"{y}-05-01", "dateFin": f"{y}-09-30", "type": "OUVERTURE_TOUS_LES_JOURS",
                    "tousLesAns": True})
    elif shape == "mois":
        out.append({"identifiant": pid, "dateDebut": start, "dateFin": end, "type": "OUVERTURE_MOIS", "tousLesAns": yearly,
                    "ouverturesJourDuMois": [{"jour": "DIMANCHE", "jourDuMois": "D_1ER"}]})
    if out and rng.random() < 0.35:
        for h in rng.sample(HOLIDAYS, rng.randint(1, 3)):
            closures.append({"dateSpeciale": h})
        if rng.random() < 0.3:
            closures.append({"dateFermeture": f"{y}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"})
    return out, closures


def event_periods(rng, pid):
    out = []
    first = date(2027, 7, 13) + timedelta(days=rng.randint(-60, 150))
    for k in range(rng.choice([1, 1, 1, 2, 3])):
        s = first + timedelta(days=7 * k)
        e = s + timedelta(days=rng.choice([0, 0, 0, 1, 2]))
        p = {"identifiant": pid + k, "dateDebut": s.isoformat(), "dateFin": e.isoformat(), "type": "OUVERTURE_TOUS_LES_JOURS",
             "tousLesAns": False}
        if rng.random() < 0.7:
            p["horaireOuverture"] = hhmm(rng.choice([10, 14, 18, 20, 21]), rng.choice([0, 30]))
        out.append(p)
    return out


def clear_text_period(rng, periods_):
    if not periods_:
        fr = rng.choice(["Toute l'année, se renseigner.", "Sur réservation.", "D'avril à octobre."])
        return all_langs(fr, "Please ask.")
    p = periods_[0]
    fr = f"Du {p['dateDebut'][8:10]}/{p['dateDebut'][5:7]} au {p['dateFin'][8:10]}/{p['dateFin'][5:7]}/{p['dateFin'][:4]}."
    en = f"From {p['dateDebut'][8:10]}/{p['dateDebut'][5:7]} to {p['dateFin'][8:10]}/{p['dateFin'][5:7]}/{p['dateFin'][:4]}."
    return all_langs(fr, en)


def make_object(rng, refs, t, oid, n, gpx_names):
    real_type = "EQUIPEMENT" if t == "EQUIPEMENT_HIKE" else t
    cid, _, commune, cp = rng.choice(COMMUNES)
    kind_word = rng.choice(KIND_WORD[t])
    name = make_name(rng, kind_word, commune) if t != "EQUIPEMENT_HIKE" else f"{kind_word} {rng.choice(PLACES)}"
    short, long = texts(rng, t, kind_word, commune)
    o = {
        "type": real_type,
        "id": oid,
        "nom": multi(name, rng, share=0.6),
        "identifier": f"SITRA2_{PREFIX[t]}_{oid}",
        "state": "PUBLISHED" if rng.random() > 0.005 else rng.choice(["HIDDEN", "DELETED", "ARCHIVED"]),
        "gestion": {
            "dateCreation": f"20{rng.randint(15, 25)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}T0{rng.randint(7, 9)}:12:24.039+0000",
            "dateModification": "2027-06-2%dT10:03:21.304+0000" % rng.randint(0, 9),
            "membreProprietaire": {"type": ref("MembreSitraType", 233), "nom": "Office de Tourisme du Carladès",
                                   "dateCreation": "2016-07-19T13:30:36.933+0000", "id": 1333},
            "signalerUnProblemeMails": ["contact@example.fr"],
        },
        "informations": {"moyensCommunication": []},
        "presentation": {"descriptifCourt": multi(short, rng, 0.5, en=f"{kind_word} in {commune}."),
                         "descriptifDetaille": multi(long, rng, 0.35,
                                                     en="A warm welcome in the heart of the Carladès, between the Cère "
                                                        "valley and the Cantal mountains.\nAsk at the tourist office.")},
        "localisation": {
            "adresse": {"adresse1": f"{rng.randint(1, 40)} {rng.choice(['rue', 'place', 'route', 'chemin', 'avenue'])} "
                                    f"{rng.choice(['de la Mairie', 'du Couvent', 'des Écoles', 'de Carlat', 'du Lioran'])}",
                        "codePostal": cp, "commune": {"id": cid}},
            "geolocalisation": {"valide": rng.random() > 0.02, "geoJson": {
                "type": "Point", "coordinates": [round(2.62 + rng.uniform(-0.15, 0.15), 6), round(44.98 + rng.uniform(-0.12, 0.12), 6)]}},
            "perimetreGeographique": [{"id": cid}],
            "environnements": [ref("Environnement", refs.add("Environnement", e, en)) for e, en in
                               rng.sample([("A la campagne", "In the country"), ("En montagne", "In the mountains"),
                                           ("Au bord d'une rivière", "By a river"), ("Au village", "In the village")], 2)],
        },
        "liens": {},
        "prestations": {
            "equipements": [ref("PrestationEquipement", refs.add("PrestationEquipement", f"Équipement {k}", f"Facility {k}"))
                            for k in sorted(rng.sample(range(40), rng.randint(0, 8)))],
            "services": [ref("PrestationService", refs.add("PrestationService", f"Service {k}", f"Service {k}"))
                         for k in sorted(rng.sample(range(25), rng.randint(0, 4)))],
            "animauxAcceptes": rng.choice(["ACCEPTES", "NON_ACCEPTES", "NON_DISPONIBLE"]),
            "languesParlees": [ref("Langue", refs.add("Langue", l, l)) for l in rng.sample(["Français", "Anglais", "Espagnol", "Allemand"], rng.randint(1, 3))],
        },
        "ouverture": {},
        "descriptionTarif": {"indicationTarif": "PAYANT", "gratuit": False, "devise": "EUR"},
        "reservation": {},
    }
    if rng.random() < 0.05:
        o["localisation"]["adresse"]["adresse2"] = f"Lieu-dit {rng.choice(PLACES)[3:].strip()}"
    mc = o["informations"]["moyensCommunication"]
    slug_ = re.sub(r"[^a-z0-9]+", "-", name.lower().encode("ascii", "ignore").decode()).strip("-")[:30] or "site"
    if t != "EQUIPEMENT_HIKE" or rng.random() < 0.5:
        mc.append({"identifiant": 36500000 + n * 4, "type": ref("MoyenCommunicationType", 201),
                   "coordonnees": {"fr": "04 71 %02d %02d %02d" % (rng.randint(40, 49), rng.randint(0, 99), rng.randint(0, 99))}})
    if rng.random() < 0.2:
        mc.append({"identifiant": 36500001 + n * 4, "type": ref("MoyenCommunicationType", 202),
                   "coordonnees": {"fr": "04 71 %02d %02d %02d" % (rng.randint(40, 49), rng.randint(0, 99), rng.randint(0, 99))}})
    if rng.random() < 0.6:
        mc.append({"identifiant": 36500002 + n * 4, "type": ref("MoyenCommunicationType", 204),
                   "coordonnees": {"fr": f"contact@{slug_}-{n}.example.fr"}})
    if rng.random() < 0.5:
        mc.append({"identifiant": 36500003 + n * 4, "type": ref("MoyenCommunicationType", 205),
                   "coordonnees": {"fr": f"https://www.{slug_}-{n}.example.fr/"}})

    # The type's own block, with its category reference.
    block, field = INFO_BLOCK[t]
    kind, labels = CATEGORIES[t]
    lab = rng.choice(labels)
    r = ref(kind, refs.add(kind, *lab))
    info = {field: [r] if field in LIST_REFS else r}
    if t == "HOTELLERIE" and rng.random() < 0.8:
        stars = rng.randint(1, 4)
        info["classement"] = ref("HotellerieClassement", refs.add("HotellerieClassement", "★" * stars, "★" * stars))
    if t == "FETE_ET_MANIFESTATION":
        info["nomLieu"] = f"Salle des fêtes {de_(commune)}"
        info["portee"] = ref("FeteEtManifestationPortee", refs.add("FeteEtManifestationPortee", "Locale", "Local"))
    if t == "EQUIPEMENT_HIKE":
        act_fr, act_en = rng.choices(HIKE_ACTIVITIES, weights=[70, 10, 6, 6, 8])[0]
        info["activites"] = [ref("EquipementActivite", refs.add("EquipementActivite", act_fr, act_en))]
        it = {"itineraireType": rng.choices(["BOUCLE", "ALLER_RETOUR", "ALLER_ITINERANCE"], weights=[80, 15, 5])[0],
              "distance": round(rng.uniform(3, 28), 1), "denivellationPositive": rng.randint(50, 1200),
              "referencesCartographiques": multi("TOP 25 IGN 2435 OT", rng, 0.5, en="Map IGN 2435 OT Top 25"),
              "itineraireBalise": "BALISE", "precisionsBalisage": multi("Balisage jaune (PR).", rng, 0.5, en="Yellow markings.")}
        if rng.random() < 0.8:
            it["dureeJournaliere"] = rng.randint(4, 48) * 15
        if rng.random() < 0.3:
            it["passagesDelicats"] = multi("À éviter après de grosses pluies.", rng, 0.5, en="Avoid after heavy rain.")
        info["itineraire"] = it
        lv_fr, lv_en = rng.choice(LEVELS)
        o["prestations"]["typesClientele"] = [ref("TypeClientele", refs.add("TypeClientele", lv_fr, lv_en))]
        if n in gpx_names:
            o["multimedias"] = [{"identifiant": 9000000 + n, "type": "PLAN", "nom": {"libelleFr": "Tracé GPX"},
                                 "traductionFichiers": [{"locale": "fr", "url": f"https://static.apidae-tourisme.com/filestore/"
                                                         f"objets-touristiques/plans/{oid % 97}/{oid % 89}/{gpx_names[n]}",
                                                         "extension": "gpx", "fileName": gpx_names[n][:-4], "taille": 40000}]}]
    if t in ("EQUIPEMENT", "EQUIPEMENT_HIKE"):
        o[block] = info
    else:
        o[block] = info

    # Opening.
    if t == "FETE_ET_MANIFESTATION":
        ps = event_periods(rng, 14000000 + n * 8)
        o["ouverture"] = {"periodeEnClair": clear_text_period(rng, ps), "periodeEnClairGenerationMode": "AUTOMATIQUE",
                          "periodesOuvertures": ps}
    elif t != "EQUIPEMENT_HIKE" or rng.random() < 0.2:
        ps, closures = periods(rng, t, 14000000 + n * 8)
        o["ouverture"] = {"periodeEnClair": clear_text_period(rng, ps), "periodeEnClairGenerationMode": "AUTOMATIQUE",
                          "indicationsPeriode": [ref("IndicationPeriode", refs.add("IndicationPeriode", "Ouvert", "Open"))],
                          "periodesOuvertures": ps}
        if closures:
            o["ouverture"]["fermeturesExceptionnelles"] = closures
        if rng.random() < 0.01:
            o["ouverture"]["fermeTemporairement"] = "FERME_TEMPORAIREMENT"

    # Prices, illustrations, aspects.
    if rng.random() < 0.12:
        o["descriptionTarif"] = {"indicationTarif": "GRATUIT", "gratuit": True}
    elif rng.random() < 0.6:
        fr = f"Adulte : {rng.randint(5, 90)} €\nEnfant : {rng.randint(0, 9)} €\nGroupe (dès 10 pers.) : sur demande.\n"
        o["descriptionTarif"]["tarifsEnClair"] = all_langs(fr, "Adult: see French.\n")
    o["illustrations"] = [
        {"identifiant": 20000000 + n * 4 + k, "type": "IMAGE",
         "nom": multi(f"{name} — photo {k + 1}", rng, 0.3), "legende": multi(f"Vue {de_(commune)}", rng, 0.3),
         "copyright": {"libelleFr": f"© {rng.choice(SURNAMES)}"},
         "traductionFichiers": [{"locale": "fr", "url": f"https://static.apidae-tourisme.com/filestore/objets-touristiques/"
                                                         f"images/{oid % 211}/{k}/{oid}-{k}.jpg",
                                 "urlListe": f"https://static.apidae-tourisme.com/filestore/objets-touristiques/images/{oid % 211}/{k}/{oid}-{k}-liste.jpg",
                                 "urlFiche": f"https://static.apidae-tourisme.com/filestore/objets-touristiques/images/{oid % 211}/{k}/{oid}-{k}-fiche.jpg",
                                 "extension": "jpg", "fileName": f"{oid}-{k}.jpg", "taille": rng.randint(80000, 900000),
                                 "hauteur": 1200, "largeur": 1800}]}
        for k in range(rng.randint(0, 4))]
    if rng.random() < 0.12:
        o["aspects"] = [{"aspect": "HIVER", "champsAspect": ["presentation.descriptifCourt"],
                         "presentation": {"descriptifCourt": {"libelleFr": f"En hiver : {short}"}}}]
    o["formatVersion"] = "v002"
    return o


GPX_POINT = re.compile(r'<trkpt lat="([-0-9.]+)" lon="([-0-9.]+)">\s*<ele>([-0-9.]+)</ele>')


def demo_tracks(gpx_dir):
    tracks = []
    for name in sorted(os.listdir(gpx_dir)):
        if name.endswith(".gpx"):
            with open(os.path.join(gpx_dir, name), encoding="utf-8") as f:
                pts = [(float(a), float(b), float(c)) for a, b, c in GPX_POINT.findall(f.read())]
            if pts:
                tracks.append((name, pts))
    return tracks


def write_gpx(path, title, pts, dlat, dlon, dele):
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<gpx version="1.1" creator="bench/gen_apidae.py" xmlns="http://www.topografix.com/GPX/1/1">',
             f"  <metadata><name>{title}</name></metadata>", "  <trk>", f"    <name>{title}</name>", "    <trkseg>"]
    for lat, lon, ele in pts:
        lines.append(f'      <trkpt lat="{lat + dlat:.6f}" lon="{lon + dlon:.6f}">\n        <ele>{ele + dele:.1f}</ele>\n      </trkpt>')
    lines += ["    </trkseg>", "  </trk>", "</gpx>", ""]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=5000)
    ap.add_argument("--out", default=os.path.join(repo, "bench", "out", "apidae-5k"))
    ap.add_argument("--seed", type=int, default=2027)
    ap.add_argument("--gpx-src", default=os.path.join(repo, "content", "gpx"), help="demo tracks the hikes' tracks derive from")
    ap.add_argument("--change", metavar="INDEX|TYPE",
                    help="rename one object: number INDEX (0-based), or the first kept object of TYPE "
                         "(RESTAURATION...; EQUIPEMENT_HIKE for a hike): the one-item-change export")
    args = ap.parse_args()

    rng = random.Random(args.seed)
    out = os.path.abspath(args.out)
    if os.path.isdir(out):
        shutil.rmtree(out)
    exp = os.path.join(out, "export")
    os.makedirs(os.path.join(exp, "objets_modifies"))
    os.makedirs(os.path.join(out, "gpx"))

    scale = args.count / sum(c for _, c in MIX)
    plan = [(t, int(round(c * scale))) for t, c in MIX]
    plan[4] = (plan[4][0], plan[4][1] + args.count - sum(c for _, c in plan))  # rounding goes to RESTAURATION
    types = [t for t, c in plan for _ in range(c)]
    rng.shuffle(types)  # an export lists objects by modification, not by type

    # Hikes with a PLAN: 75 %, each its own GPX (a demo track shifted: every file differs).
    tracks = demo_tracks(args.gpx_src)
    if not tracks:
        sys.exit(f"gen_apidae: no GPX track in {args.gpx_src}")
    gpx_names = {}
    for n, t in enumerate(types):
        if t == "EQUIPEMENT_HIKE" and rng.random() < 0.75:
            gpx_names[n] = f"trace-{6000000 + n}.gpx"

    refs = Refs()
    for code, label in ((201, "Téléphone"), (202, "Fax"), (204, "Mél"), (205, "Site web (URL)")):
        refs.entries.append({"elementReferenceType": "MoyenCommunicationType", "id": code, "libelleFr": label,
                             "ordre": code, "actif": True})
    objects = []
    ids = []
    for n, t in enumerate(types):
        oid = 6000000 + n
        ids.append(oid)
        objects.append(make_object(rng, refs, t, oid, n, gpx_names))
        if n in gpx_names:
            src_name, pts = tracks[n % len(tracks)]
            write_gpx(os.path.join(out, "gpx", gpx_names[n]), objects[-1]["nom"]["libelleFr"], pts,
                      rng.uniform(-0.05, 0.05), rng.uniform(-0.05, 0.05), rng.uniform(-80, 80))

    # Deleted: 10 ids of this export (the import drops them) and 20 older ones.
    deleted = sorted(rng.sample(ids, min(10, len(ids))) + [5000000 + k for k in range(20)])
    pluie = sorted(oid for oid, t in zip(ids, types) if t in ("PATRIMOINE_CULTUREL", "ACTIVITE", "EQUIPEMENT") and rng.random() < 0.4)
    selections = [
        {"id": 88001, "libelle": {"libelleFr": "Il pleut ?"}, "nom": "Il pleut ?",
         "objetsTouristiques": [{"type": "X", "id": i} for i in pluie]},
        {"id": 88002, "libelle": {"libelleFr": "Coups de cœur"}, "nom": "Coups de cœur",
         "objetsTouristiques": [{"type": "X", "id": i} for i in sorted(rng.sample(ids, min(60, len(ids))))]},
    ]
    for s in selections:  # the real type, as exports give it
        for e in s["objetsTouristiques"]:
            e["type"] = "EQUIPEMENT" if types[e["id"] - 6000000] == "EQUIPEMENT_HIKE" else types[e["id"] - 6000000]
    changed = None
    if args.change is not None:
        if args.change.isdigit():
            index = int(args.change)
            if index >= len(objects):
                sys.exit(f"gen_apidae: --change {index}: the export has objects 0 to {len(objects) - 1}")
        else:  # the first object of that type the import keeps (published, not deleted)
            gone = set(deleted)
            index = next((n for n, o in enumerate(objects) if types[n] == args.change and o["state"] == "PUBLISHED"
                          and o["id"] not in gone), None)
            if index is None:
                sys.exit(f"gen_apidae: --change {args.change}: no published object of that type")
        o = objects[index]
        before = o["nom"]["libelleFr"]
        o["nom"]["libelleFr"] = before + " — nouvelle adresse"
        o["gestion"]["dateModification"] = "2027-07-01T08:00:00.000+0000"
        changed = {"index": index, "id": o["id"], "item_id": f"apidae-{o['id']}", "type": o["type"],
                   "name_before": before, "name_after": o["nom"]["libelleFr"]}

    for k in range(0, len(objects), PER_FILE):
        with open(os.path.join(exp, "objets_modifies", f"objets_modifies-{k // PER_FILE + 1}.json"), "w", encoding="utf-8") as f:
            json.dump(objects[k:k + PER_FILE], f, ensure_ascii=False, indent=2)

    communes = [{"id": cid, "code": code, "nom": nom, "pays": ref("Pays", 532), "codePostal": cp} for cid, code, nom, cp in COMMUNES]
    for name, data in (("objets_supprimes.json", deleted), ("elements_reference.json", refs.entries),
                       ("communes.json", communes), ("selections.json", selections),
                       ("criteres_internes.json", [{"id": 2060, "libelle": "Critère interne"}])):
        with open(os.path.join(exp, name), "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=2)
    with open(os.path.join(out, "build-config.json"), "w", encoding="utf-8") as f:
        json.dump({"rainy_day_selection": 88001, "version": "bench-apidae", "source": "bench/gen_apidae.py"}, f, indent=1)

    per_type = {}
    for t in types:
        per_type[t] = per_type.get(t, 0) + 1
    export_bytes = sum(os.path.getsize(os.path.join(dp, fn)) for dp, _, fns in os.walk(exp) for fn in fns)
    gpx_bytes = sum(os.path.getsize(os.path.join(out, "gpx", fn)) for fn in os.listdir(os.path.join(out, "gpx")))
    summary = {"count": len(objects), "seed": args.seed, "per_type": per_type, "gpx_files": len(gpx_names),
               "export_bytes": export_bytes, "gpx_bytes": gpx_bytes, "deleted_in_export": 10,
               "not_published": sum(1 for o in objects if o["state"] != "PUBLISHED"),
               "rainy_day_selection": len(pluie), "changed": changed}
    with open(os.path.join(out, "summary.json"), "w", encoding="utf-8") as f:
        json.dump(summary, f, ensure_ascii=False, indent=1)
    print(f"gen_apidae: {len(objects)} objects in {exp} ({export_bytes / 1e6:.1f} MB, "
          f"{(len(objects) + PER_FILE - 1) // PER_FILE} objets_modifies files), {len(gpx_names)} GPX "
          f"({gpx_bytes / 1e6:.1f} MB)" + (f"; object {changed['index']} (id {changed['id']}, {changed['type']}) renamed"
                                          if changed else ""))


if __name__ == "__main__":
    main()
