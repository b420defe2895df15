#!/usr/bin/env python3
"""Generates a large content directory for the Borne benchmarks.

    python3 bench/gen_content.py [--count 10000] [--out bench/out/content-10k]
                                 [--src content] [--seed 2027]

Copies office.json, urgences.json, weather.json and bundle.json (version
rewritten to "bench-<count>") from the bundled content directory, and the demo
GPX files, then writes `--count` items spread over the 7 item sections
(items/<section>.json, format in docs/CONTENT.md): realistic French names and
descriptions, OpenStreetMap opening hours on most places, dated events around
the benchmark clock (2027-07-13), and hikes of which a few reuse the demo GPX
tracks. The output is deterministic for a given seed, so two runs of the
benchmark load the same bytes.

Standard library only. The output directory is replaced.
"""

import argparse
import json
import os
import random
import shutil
import sys
import unicodedata
from datetime import date, timedelta

# Share of the items per section (sums to 1).
SECTION_SHARE = {
    "dormir": 0.17,
    "manger": 0.20,
    "agenda": 0.18,
    "pluie": 0.06,
    "commerces": 0.17,
    "randonnees": 0.08,
    "visites": 0.14,
}

COMMUNES = [
    "Vic-sur-Cère", "Thiézac", "Saint-Jacques-des-Blats", "Polminhac", "Carlat", "Badailhac",
    "Jou-sous-Monjou", "Raulhac", "Cros-de-Ronesque", "Vezels-Roussy", "Saint-Clément",
    "Pailherols", "Lascelle", "Yolet", "Giou-de-Mamou", "Labrousse", "Teissières-lès-Bouliès",
    "Saint-Étienne-de-Carlat", "Velzic", "Arpajon-sur-Cère", "Le Lioran", "Mandailles-Saint-Julien",
    "Mur-de-Barrez", "Vezac", "Roannes-Saint-Mary",
]

PLACES = [
    "du Griou", "de la Cère", "du Plomb du Cantal", "des Tilleuls", "du Rocher de Carlat", "de la Vallée",
    "du Lioran", "des Burons", "du Pas de Compaing", "de la Font Sainte", "du Puy Mary", "des Estives",
    "du Col de Curebourse", "du Vieux Moulin", "de la Cascade", "des Gentianes", "du Château", "des Myrtilles",
    "de l'Élancèze", "du Puy de la Poche", "des Trois Sources", "du Carladès", "des Sapins", "de la Forge",
    "du Pont Romain", "des Genêts", "du Lac des Graves", "de la Source Salée", "du Pas de Cère",
]

SURNAMES = [
    "Delpech", "Fabre", "Vidal", "Lacoste", "Bonnal", "Cantuel", "Lafon", "Rouquier", "Teyssèdre", "Vermenouze",
    "Bouygues", "Cabrol", "Falgon", "Lavergne", "Malbec", "Veyrières", "Chambon", "Roux", "Besson", "Aurière",
]

DISHES = ["truffade", "aligot", "pounti", "potée auvergnate", "chou farci", "tripoux", "pâté aux pommes de terre",
          "fromages AOP Cantal et Salers", "Bleu d'Auvergne", "cornets de Murat", "viande de Salers", "flaune"]

ACCESS = ["ouvert en saison", "sur réservation", "accès libre toute l'année"]
ADJ = ["chaleureux", "familial", "calme", "lumineux", "authentique", "rénové", "confortable", "convivial"]

OPENING_HOURS = [
    "Tu-Su 12:00-14:00,19:00-21:30; PH off",
    "Mo-Sa 08:00-12:30,14:30-19:00",
    "Mo-Sa 07:00-13:00,15:00-19:30; Su 07:30-12:30",
    "Mo-Fr 09:00-12:00,14:00-18:00",
    "We-Su 12:00-14:00,19:00-21:00; Jul-Aug Mo-Su 12:00-14:30,19:00-22:00",
    "Apr-Oct Mo-Su 10:00-18:00",
    "Jul 01-Aug 31 Mo-Su 10:00-19:00; Sep-Jun Sa,Su 14:00-18:00",
    "Mo-Su 08:00-20:00",
    "24/7",
    "Tu-Sa 09:00-12:00,14:00-18:30; PH off",
    "Jun-Sep Mo-Su 09:30-12:30,14:00-18:30",
    "Th-Mo 11:30-14:00,18:30-22:00",
]

TAGS = ["enfants", "pluie", "accessible", "animaux", "gratuit", "terrasse", "groupes", "hiver", "produits-locaux", "wifi"]

SECTION_KINDS = {
    "dormir": ["Hôtel", "Gîte", "Chambres d'hôtes", "Camping", "Gîte d'étape", "Résidence", "Aire de camping-cars", "Auberge"],
    "manger": ["Restaurant", "Brasserie", "Auberge", "Crêperie", "Pizzeria", "Buron", "Ferme-auberge", "Salon de thé", "Bistrot"],
    "agenda": ["Fête", "Marché de pays", "Concert", "Festival", "Bal", "Balade accompagnée", "Exposition", "Vide-grenier",
               "Fête patronale", "Cinéma en plein air", "Feu d'artifice", "Conférence"],
    "pluie": ["Musée", "Médiathèque", "Cinéma", "Piscine couverte", "Atelier", "Salle d'escalade", "Bowling", "Ludothèque"],
    "commerces": ["Boulangerie", "Boucherie", "Fromagerie", "Épicerie", "Pharmacie", "Garage", "Coiffure", "Tabac-presse",
                  "Supérette", "Station-service", "Laverie", "Agence postale", "Cave", "Location de vélos"],
    "randonnees": ["Boucle", "Sentier", "Tour", "Chemin", "Circuit"],
    "visites": ["Château", "Église", "Cascade", "Point de vue", "Ferme", "Parc", "Via ferrata", "Canyoning",
                "Accrobranche", "Centre équestre", "Parapente", "Maison de pays", "Moulin"],
}


def slug(text):
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    out, dash = [], False
    for ch in s:
        if ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


def de_(commune):
    """'de' with French elision and contraction: d'Arpajon, du Lioran."""
    if commune.startswith("Le "):
        return "du " + commune[3:]
    if commune[0] in "AEIOUYÉÈÂÎ":
        return "d'" + commune
    return "de " + commune


def a_(commune):
    """'à' with contraction: au Lioran."""
    return "au " + commune[3:] if commune.startswith("Le ") else "à " + commune


def cap(text):
    return text[:1].upper() + text[1:]


def phone(rng):
    return "04 71 %02d %02d %02d" % (rng.randint(40, 49), rng.randint(0, 99), rng.randint(0, 99))


def summary(rng, section, kind, commune):
    if section == "manger":
        return f"{kind} {a_(commune)} : {rng.choice(DISHES)}, plats du jour et desserts maison."
    if section == "dormir":
        return f"{kind} {rng.choice(ADJ)} {a_(commune)}, {rng.randint(2, 40)} couchages, vue sur les monts du Cantal."
    if section == "agenda":
        return f"{cap(a_(commune))} : {rng.choice(THEMES)}, pour toute la famille."
    if section == "randonnees":
        return f"Au départ {de_(commune)}, entre hêtraies et estives, vue sur la vallée de la Cère."
    return f"{kind} {a_(commune)}, {rng.choice(ACCESS)}."


def description(rng, section, kind, name, commune):
    place = commune
    parts = []
    if section == "dormir":
        parts.append(f"{kind} {rng.choice(ADJ)} {a_(place)}, au cœur du Carladès, à {rng.randint(1, 25)} km du Lioran.")
        parts.append(f"{rng.randint(2, 40)} chambres ou emplacements, petit-déjeuner avec produits du terroir, "
                     f"parking privé et local à vélos.")
        parts.append("Vue sur les monts du Cantal ; idéal pour les randonneurs et les familles.")
    elif section == "manger":
        d1, d2 = rng.sample(DISHES, 2)
        parts.append(f"{kind} {rng.choice(ADJ)} {a_(place)} : cuisine auvergnate de saison, {d1} et {d2}.")
        parts.append(f"Menu du jour à {rng.randint(14, 22)} €, menu terroir à {rng.randint(25, 45)} €. "
                     "Produits des fermes voisines, desserts maison.")
        parts.append("Réservation conseillée le week-end et en juillet-août.")
    elif section == "agenda":
        parts.append(f"{kind} {a_(place)} : animations pour toute la famille, buvette et restauration sur place.")
        parts.append(f"Organisé par le comité des fêtes {de_(place)}. Entrée {rng.choice(['libre', '5 €', '8 €', '12 €'])}.")
    elif section == "pluie":
        parts.append(f"{kind} {de_(place)} : une sortie à l'abri quand le temps se gâte.")
        parts.append(f"Ouvert à tous, à partir de {rng.randint(3, 10)} ans. Visite de {rng.randint(45, 120)} minutes environ.")
    elif section == "commerces":
        parts.append(f"{kind} {a_(place)}, tenue par la famille {rng.choice(SURNAMES)} depuis {rng.randint(1962, 2022)}.")
        parts.append("Paiement par carte accepté. Livraison possible dans les villages voisins sur demande.")
    elif section == "randonnees":
        parts.append(f"Départ du parking {de_(place)}. Le sentier monte à travers la hêtraie puis les estives, "
                     "avec une vue dégagée sur la vallée de la Cère et le Plomb du Cantal.")
        parts.append("Balisage jaune. Prévoir de l'eau et de bonnes chaussures ; "
                     "attention aux troupeaux, refermez les barrières derrière vous.")
    else:  # visites
        parts.append(f"{kind} {a_(place)} : {rng.choice(['site classé', 'panorama remarquable', 'visite guidée', 'activité encadrée'])}, "
                     f"{rng.choice(ACCESS)}.")
        parts.append(f"Durée conseillée : {rng.randint(1, 4)} h. Tarif réduit pour les enfants et les groupes.")
    return "\n".join(parts)


NAME_TEMPLATES = {
    "dormir": ["{kind} {place}", "{kind} Les {noun}", "{kind} chez {surname}", "{kind} {place} {a_commune}"],
    "manger": ["{kind} {place}", "Le Relais {place}", "La Table de {surname}", "Chez {first}", "{kind} Le {noun_m}"],
    "agenda": ["{kind} {de_commune}", "{kind} {place}", "{n}e {kind} {de_commune}", "{kind} : {theme}"],
    "pluie": ["{kind} {place}", "{kind} {de_commune}", "{kind} Les {noun}"],
    "commerces": ["{kind} {surname}", "{kind} {de_commune}", "{kind} {place}", "{kind} chez {first}"],
    "randonnees": ["{kind} {place}", "{kind} {de_commune}", "{kind} {place} par {commune}"],
    "visites": ["{kind} {place}", "{kind} {de_commune}", "{kind} {place} {a_commune}"],
}
NOUNS = ["Tilleuls", "Sorbiers", "Gentianes", "Fougères", "Bruyères", "Myrtilles", "Noisetiers", "Jonquilles", "Burons"]
NOUNS_M = ["Fournil", "Cantou", "Grenier", "Moulin", "Chalet", "Four à pain", "Pré", "Buron"]
FIRST = ["Marinette", "Jeannot", "Odette", "Pierrot", "Germaine", "Fernand", "Josette", "Titou", "Mimi", "Lulu"]
THEMES = ["musiques d'Auvergne", "cabrette et accordéon", "la fête du fromage", "nuit des étoiles",
          "les métiers d'autrefois", "contes au coin du feu", "jazz en vallée", "l'estive en fête"]

# Category translations (en, de, nl, es); kinds not listed stay French-only,
# falling back to French on screen as real content does.
KIND_I18N = {
    "Hôtel": ("Hotel", "Hotel", "Hotel", "Hotel"),
    "Gîte": ("Holiday cottage", "Ferienhaus", "Vakantiehuis", "Casa rural"),
    "Chambres d'hôtes": ("Bed and breakfast", "Gästezimmer", "B&B", "Casa de huéspedes"),
    "Camping": ("Campsite", "Campingplatz", "Camping", "Camping"),
    "Restaurant": ("Restaurant", "Restaurant", "Restaurant", "Restaurante"),
    "Brasserie": ("Brasserie", "Brasserie", "Brasserie", "Cervecería"),
    "Auberge": ("Inn", "Gasthof", "Herberg", "Posada"),
    "Musée": ("Museum", "Museum", "Museum", "Museo"),
    "Château": ("Castle", "Burg", "Kasteel", "Castillo"),
    "Cascade": ("Waterfall", "Wasserfall", "Waterval", "Cascada"),
    "Boulangerie": ("Bakery", "Bäckerei", "Bakkerij", "Panadería"),
    "Pharmacie": ("Pharmacy", "Apotheke", "Apotheek", "Farmacia"),
    "Marché de pays": ("Farmers' market", "Bauernmarkt", "Boerenmarkt", "Mercado local"),
    "Concert": ("Concert", "Konzert", "Concert", "Concierto"),
    "Boucle": ("Loop walk", "Rundweg", "Rondwandeling", "Ruta circular"),
    "Sentier": ("Trail", "Pfad", "Pad", "Sendero"),
}
LANGS = ("en", "de", "nl", "es")


def make_name(rng, section, kind, commune):
    t = rng.choice(NAME_TEMPLATES[section])
    return t.format(kind=kind, place=rng.choice(PLACES), commune=commune, surname=rng.choice(SURNAMES),
                    first=rng.choice(FIRST), noun=rng.choice(NOUNS), noun_m=rng.choice(NOUNS_M),
                    n=rng.randint(2, 45), theme=rng.choice(THEMES),
                    de_commune=de_(commune), a_commune=a_(commune))


def make_item(rng, section, n, gpx_files, today):
    kind = rng.choice(SECTION_KINDS[section])
    commune = rng.choice(COMMUNES)
    name = make_name(rng, section, kind, commune)
    base = name
    item_id = f"{slug(base)[:60].strip('-')}-{n}"
    item = {
        "id": item_id,
        "name": {"fr": name},
        "category": {"fr": kind},
        "summary": {"fr": summary(rng, section, kind, commune)},
        "description": {"fr": description(rng, section, kind, name, commune)},
        "commune": commune,
    }
    # Most real items carry the name in every language, a translated category
    # and an English summary; about half have an English description.
    if rng.random() < 0.8:
        for lang in LANGS:
            item["name"][lang] = name
    if kind in KIND_I18N:
        for lang, text in zip(LANGS, KIND_I18N[kind]):
            item["category"][lang] = text
        item["summary"]["en"] = f"{KIND_I18N[kind][0]} in {commune}"
    elif rng.random() < 0.7:
        item["summary"]["en"] = f"{kind} in {commune}"
    if rng.random() < 0.5:
        item["description"]["en"] = ("A warm welcome in the heart of the Carladès, between the Cère valley and the "
                                     "Cantal mountains.\nAsk at the tourist office for directions and opening times.")
    if rng.random() < 0.15:
        item["demo"] = True
    if section != "randonnees":
        item["address"] = f"{rng.randint(1, 40)} {rng.choice(['rue', 'place', 'route', 'chemin', 'avenue'])} " \
                          f"{rng.choice(['de la Mairie', 'du Couvent', 'des Écoles', 'de Carlat', 'du Lioran', 'Pierre de Gorse'])}, " \
                          f"15800 {commune}"
        item["phone"] = phone(rng)
    if rng.random() < 0.6:
        item["email"] = f"contact@{slug(base)[:30].strip('-')}-{n}.example.fr"
    if rng.random() < 0.5:
        item["website"] = f"https://www.{slug(base)[:30].strip('-')}-{n}.example.fr/"
    item["geo"] = {"lat": round(44.98 + rng.uniform(-0.12, 0.12), 5), "lon": round(2.62 + rng.uniform(-0.15, 0.15), 5)}

    if section in ("dormir", "manger", "pluie", "commerces", "visites") and rng.random() < 0.8:
        item["opening_hours"] = rng.choice(OPENING_HOURS)
    elif section in ("dormir", "manger", "commerces", "visites"):
        item["hours_text"] = {"fr": rng.choice(["Sur réservation", "Toute l'année", "Se renseigner", "D'avril à octobre"])}

    tags = set(rng.sample(TAGS, rng.randint(0, 3)))
    if section == "visites" and kind in ("Château", "Ferme", "Maison de pays", "Moulin") and rng.random() < 0.5:
        tags.add("pluie")
    if section == "pluie":
        tags.add("pluie")
    if tags:
        item["tags"] = sorted(tags)

    if section == "agenda" or (section in ("visites", "pluie") and rng.random() < 0.05):
        dates = []
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            start = today + timedelta(days=rng.randint(-20, 90))
            end = start + timedelta(days=rng.choice([0, 0, 0, 1, 2, 6]))
            d = {"start": start.isoformat()}
            if end != start:
                d["end"] = end.isoformat()
            if rng.random() < 0.6:
                d["time"] = rng.choice(["10:00", "14:30", "18:00", "20:30", "21:00", "22:30"])
            dates.append(d)
        item["dates"] = dates

    if section == "randonnees":
        hike = {
            "activity": rng.choice(["walking"] * 6 + ["vtt", "trail", "cycling", "winter"]),
            "difficulty": rng.choice(["easy", "easy", "medium", "medium", "hard", "expert"]),
            "duration_minutes": rng.randint(4, 48) * 15,
            "distance_km": round(rng.uniform(3, 28), 1),
            "climb_m": rng.randint(50, 1200),
            "loop": rng.random() < 0.8,
        }
        # A few hikes reuse the demo tracks; parsing them is part of loading.
        if gpx_files and n % 50 == 0:
            hike["gpx"] = "gpx/" + gpx_files[(n // 50) % len(gpx_files)]
            hike["geometry"] = "demo"
        item["hike"] = hike
    return item


FALLBACK_BUNDLE = {"format": 1, "version": "bench", "created": "2027-07-01T06:00:00Z",
                   "source": "bench/gen_content.py", "demo": True}
FALLBACK_OFFICE = {
    "name": {"fr": "Office de Tourisme du Carladès", "en": "Carladès Tourist Office"},
    "address": "Avenue André Mercier, 15800 Vic-sur-Cère",
    "phone": "04 71 47 50 68",
    "email": "contact@example.fr",
    "opening_hours": "Mo-Sa 09:00-12:30,14:00-18:00; Jul-Aug Mo-Su 09:00-18:00; PH off",
    "geo": {"lat": 44.9797, "lon": 2.6262},
}
FALLBACK_URGENCES = {"numbers": [
    {"number": "112", "label": {"fr": "Urgences (Europe)"}},
    {"number": "15", "label": {"fr": "SAMU"}},
    {"number": "18", "label": {"fr": "Pompiers"}},
    {"number": "17", "label": {"fr": "Gendarmerie"}},
]}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=10000)
    ap.add_argument("--out", default=os.path.join(repo, "bench", "out", "content-10k"))
    ap.add_argument("--src", default=os.path.join(repo, "content"))
    ap.add_argument("--seed", type=int, default=2027)
    ap.add_argument("--today", default="2027-07-13", help="events are dated around this day")
    ap.add_argument("--allow-fallback", action="store_true",
                    help="write built-in office/urgences/bundle files when --src lacks them")
    args = ap.parse_args()

    rng = random.Random(args.seed)
    today = date.fromisoformat(args.today)
    out = os.path.abspath(args.out)
    src = os.path.abspath(args.src)
    if os.path.isdir(out):
        shutil.rmtree(out)
    os.makedirs(os.path.join(out, "items"))
    os.makedirs(os.path.join(out, "gpx"))

    # Files copied from the bundled content.
    for name, fallback in (("bundle.json", FALLBACK_BUNDLE), ("office.json", FALLBACK_OFFICE),
                           ("urgences.json", FALLBACK_URGENCES), ("weather.json", None)):
        path = os.path.join(src, name)
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as f:
                data = json.load(f)
        elif args.allow_fallback and fallback is not None:
            print(f"gen_content: {path} missing, using a built-in {name}", file=sys.stderr)
            data = fallback
        elif fallback is None:
            print(f"gen_content: {path} missing, no weather.json", file=sys.stderr)
            continue
        else:
            sys.exit(f"gen_content: {path} is missing (the bundled content directory is needed; "
                     f"--src DIR to point elsewhere, --allow-fallback to use built-in files)")
        if name == "bundle.json":
            data = dict(data)
            data["version"] = f"bench-{args.count}"
            data["source"] = "bench/gen_content.py"
        with open(os.path.join(out, name), "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)

    gpx_src = os.path.join(src, "gpx")
    gpx_files = sorted(n for n in os.listdir(gpx_src) if n.endswith(".gpx")) if os.path.isdir(gpx_src) else []
    for n in gpx_files:
        shutil.copyfile(os.path.join(gpx_src, n), os.path.join(out, "gpx", n))
    if not gpx_files:
        print(f"gen_content: no GPX files in {gpx_src}: hikes without tracks", file=sys.stderr)

    # Items: deterministic split of --count over the sections.
    sections = list(SECTION_SHARE)
    counts = {s: int(args.count * SECTION_SHARE[s]) for s in sections}
    counts["manger"] += args.count - sum(counts.values())
    n = gpx_used = 0
    for section in sections:
        items = []
        for _ in range(counts[section]):
            n += 1
            item = make_item(rng, section, n, gpx_files, today)
            gpx_used += 1 if "gpx" in item.get("hike", {}) else 0
            items.append(item)
        with open(os.path.join(out, "items", section + ".json"), "w", encoding="utf-8") as f:
            json.dump({"section": section, "items": items}, f, ensure_ascii=False, indent=1)

    total = sum(os.path.getsize(os.path.join(dp, fn)) for dp, _, fns in os.walk(out) for fn in fns)
    per = ", ".join(f"{s} {counts[s]}" for s in sections)
    print(f"gen_content: {n} items ({per}) in {out}, {total / 1e6:.1f} MB, "
          f"{gpx_used} hikes reuse {len(gpx_files)} GPX files")


if __name__ == "__main__":
    main()
