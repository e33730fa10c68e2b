"""Resolve place names (Persian or Latin) against a gazetteer of Iran's provinces and cities.

The gazetteer (``data/iran_gazetteer.json``, built by ``data/build_gazetteer.py``; sources
and licences in ``data/PROVENANCE.md``) holds the 31 provinces and about 1,300 cities, with
Persian and English names, common variants and GeoNames coordinates.

Matching, from most to least certain:

1. the written form (accents, case, spaces, hyphens and ZWNJ ignored) equals a known name or
   variant: confidence 1.0;
2. the phonetic key of :mod:`undercount.normalize.translit` equals a known name's (so
   ``Mahshar``/``Mahshahr``/``ماهشهر``): 0.9;
3. a close spelling (rapidfuzz ratio >= 90, clearly better than the runner-up): 0.6.

A name shared by cities in several provinces (Nurabad, Mahabad...) is settled by a province
written alongside (``"Nurabad, Fars"``) or passed as ``province=``; otherwise the most
populous is returned with confidence 0.5. Text that names only a province (``"Khuzestan"``,
``"استان تهران"``) resolves to the province, with the coordinates of its capital. Anything else
returns an unresolved :class:`~undercount.model.Place` (confidence 0): never a confident guess.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from rapidfuzz import fuzz, process

from undercount.model import Place
from undercount.normalize.script import as_text, is_arabic_script, normalize_text
from undercount.normalize.translit import fold_latin, key_fa, key_latin

__all__ = ["Province", "provinces", "resolve_place", "resolve_places"]


@dataclass(frozen=True, slots=True)
class Province:
    """One of Iran's 31 provinces (ostan). ``lat``/``lon`` are those of its capital."""

    code: str
    name: str
    name_fa: str
    capital: str
    capital_fa: str
    lat: float
    lon: float
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _City:
    name: str
    name_fa: str | None
    province: str
    lat: float | None
    lon: float | None
    population: int
    aliases: tuple[str, ...]


_GENERIC_LAT = frozenset(
    "province provinces prov ostan ostane state region city county shahrestan shahrestane town"
    " village district iran the of in near rural".split()
)
_GENERIC_FA = frozenset("استان شهرستان شهر روستای روستا بخش ایران کشور منطقه حومه".split())
# Words of facilities, dropped only when the text does not match with them ("Zahedan prison").
_FACILITY = frozenset(
    "central prison jail detention centre center hospital cemetery square street university"
    " زندان بازداشتگاه بیمارستان میدان خیابان دانشگاه مرکزی".split()
)
_PROVINCE_WORDS = frozenset({"province", "ostan", "ostane", "prov", "استان"})
_PARTS = re.compile(r"\s*(?:[,،/()|;\[\]]|\s-\s|\s–\s)\s*")
_BANDAR = ("bandare", "bandar")


@dataclass
class _Gazetteer:
    provinces: list[Province]
    cities: list[_City]
    by_code: dict[str, Province]
    exact: dict[str, list[tuple[str, int]]]
    phon: dict[str, list[tuple[str, int]]]
    fuzzy_lat: list[str]
    fuzzy_fa: list[str]


def _form(text: str) -> tuple[str, bool]:
    """Comparable written form: Persian without spaces/ZWNJ, or folded Latin letters."""
    if is_arabic_script(text):
        t = normalize_text(text)
        return "".join(c for c in t if c.isalpha()), True
    return "".join(c for c in fold_latin(text) if "a" <= c <= "z"), False


def _phon(form: str, arabic: bool) -> str:
    return key_fa(form) if arabic else key_latin(form)


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    ref = resources.files("undercount.normalize").joinpath("data/iran_gazetteer.json")
    data = json.loads(ref.read_text(encoding="utf-8"))
    provs = [
        Province(
            p["code"],
            p["name"],
            p["name_fa"],
            p["capital"],
            p["capital_fa"],
            p["lat"],
            p["lon"],
            tuple(p["aliases"]),
        )
        for p in data["provinces"]
    ]
    cities = [
        _City(
            c["name"],
            c["name_fa"],
            c["province"],
            c["lat"],
            c["lon"],
            c["population"] or 0,
            tuple(c["aliases"]),
        )
        for c in data["cities"]
    ]
    exact: dict[str, list[tuple[str, int]]] = {}
    phon: dict[str, list[tuple[str, int]]] = {}

    def add(kind: str, i: int, name: str | None) -> None:
        if not name:
            return
        form, arabic = _form(name)
        variants = {form}
        for pre in _BANDAR:
            if not arabic and form.startswith(pre) and len(form) > len(pre) + 2:
                variants.add(form[len(pre) :])
                break
        if arabic and form.startswith("بندر") and len(form) > 6:
            variants.add(form[4:])
        for v in variants:
            if len(v) < 2:
                continue
            lst = exact.setdefault(v, [])
            if (kind, i) not in lst:
                lst.append((kind, i))
            pk = _phon(v, arabic)
            if len(pk) >= 2:
                lst = phon.setdefault(pk, [])
                if (kind, i) not in lst:
                    lst.append((kind, i))

    for i, p in enumerate(provs):
        for n in (p.name, p.name_fa, *p.aliases):
            add("province", i, n)
    for i, c in enumerate(cities):
        for n in (c.name, c.name_fa, *c.aliases):
            add("city", i, n)
    fuzzy_lat = sorted(k for k in exact if k.isascii())
    fuzzy_fa = sorted(k for k in exact if not k.isascii())
    return _Gazetteer(provs, cities, {p.code: p for p in provs}, exact, phon, fuzzy_lat, fuzzy_fa)


def provinces() -> list[Province]:
    """Iran's 31 provinces, ordered by ISO 3166-2 code.

    Returns
    -------
    list of Province
        ``code`` (ISO 3166-2, e.g. ``IR-06``), English and Persian names, capital, the
        capital's coordinates, and known variants of the name.

    Examples
    --------
    >>> len(provinces()), provinces()[6].name
    (31, 'Khuzestan')
    """
    return list(_gazetteer().provinces)


@lru_cache(maxsize=100_000)
def _lookup(part: str) -> tuple[list[tuple[str, int]], float, bool]:
    """Candidates for one part of the text, their confidence, and whether it said 'province'.

    Cached: texts repeat their parts ("Tehran" with each way of writing the province). The
    lists returned are shared and must not be changed.
    """
    words = part.split()
    said_province = any(
        fold_latin(w).replace("-", "") in _PROVINCE_WORDS or w in _PROVINCE_WORDS for w in words
    )
    kept = [
        w
        for w in words
        if fold_latin(w).replace("-", "") not in _GENERIC_LAT and w not in _GENERIC_FA
    ]
    found = _match(kept)
    if not found[0] and any(fold_latin(w) in _FACILITY or w in _FACILITY for w in kept):
        found = _match([w for w in kept if fold_latin(w) not in _FACILITY and w not in _FACILITY])
    return found[0], found[1], said_province


def _match(kept: list[str]) -> tuple[list[tuple[str, int]], float]:
    g = _gazetteer()
    if not kept:
        return [], 0.0
    form, arabic = _form(" ".join(kept))
    if len(form) < 2:
        return [], 0.0
    hit = g.exact.get(form)
    if hit:
        return hit, 1.0
    pk = _phon(form, arabic)
    hit = g.phon.get(pk) if len(pk) >= 3 else None
    if hit:
        return hit, 0.9
    if len(form) >= 5:
        choices = g.fuzzy_fa if arabic else g.fuzzy_lat
        best = process.extract(form, choices, scorer=fuzz.ratio, limit=2, score_cutoff=88)
        if best and best[0][1] >= 90:
            cands = g.exact[best[0][0]]
            if len(best) == 1 or best[1][1] < best[0][1] - 3 or g.exact[best[1][0]] == cands:
                return cands, 0.6
    return [], 0.0


def _province_place(p: Province, conf: float, text: str) -> Place:
    return Place(
        province=p.name, province_fa=p.name_fa, lat=p.lat, lon=p.lon, confidence=conf, text=text
    )


def _city_place(c: _City, conf: float, text: str) -> Place:
    p = _gazetteer().by_code[c.province]
    return Place(
        city=c.name,
        province=p.name,
        lat=c.lat,
        lon=c.lon,
        confidence=conf,
        city_fa=c.name_fa,
        province_fa=p.name_fa,
        text=text,
    )


@lru_cache(maxsize=20_000)
def _province_code(value: str) -> str | None:
    g = _gazetteer()
    if value.upper() in g.by_code:
        return value.upper()
    cands, _, _ = _lookup(value)
    codes = {g.provinces[i].code for kind, i in cands if kind == "province"}
    return codes.pop() if len(codes) == 1 else None


_BRACKETED = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")
# Words that introduce where a person came from, not where the event took place.
_ORIGIN = re.compile(
    r"(?:^|[\s,،;(])(?:originally\s+from|native\s+of|born\s+in|hailing\s+from|resident\s+of|"
    r"from|اهل|زاده|متولد|ساکن|أصله\s+من|من\s+أهالي|من)(?=\s)",
    re.I,
)


@lru_cache(maxsize=100_000)
def _resolve(text: str, province: str | None) -> Place:
    """Resolve ``text``; a part in brackets or after 'originally from' names where the
    person came from: the place itself (the place of death) is read first."""
    outer = _BRACKETED.sub(" ", text)
    m = _ORIGIN.search(outer)
    if m:
        outer = outer[: m.start()]
    if outer != text and not _ORIGIN.search(text):
        # "Nurabad (Lorestan)": a bracket naming only a province qualifies the place.
        inner = " ".join(b.group(1) or b.group(2) or "" for b in _BRACKETED.finditer(text))
        qualifier = _resolve_plain(inner, None) if inner.strip() else None
        if qualifier is not None and qualifier.resolved and qualifier.city is None:
            return _resolve_plain(text, province)
    if outer.strip(" ,،;") and outer != text:
        first = _resolve_plain(outer, province)
        if first.resolved:
            return dataclasses.replace(first, text=text)
    if outer != text:
        rest = text if not outer.strip(" ,،;") else text[len(outer) :]
        inner = " ".join(
            _BRACKETED.sub(lambda b: f" {b.group(1) or b.group(2) or ''} ", rest).split()
        )
        inner = _ORIGIN.sub(" ", inner)
        if inner.strip(" ,،;"):
            place = _resolve_plain(inner, province)
            if place.resolved:
                return dataclasses.replace(place, text=text)
    return _resolve_plain(text, province)


def _resolve_plain(text: str, province: str | None) -> Place:
    g = _gazetteer()
    norm = normalize_text(text)
    parts = [p for p in _PARTS.split(norm) if p and p.strip()]
    looked = [_lookup(p) for p in parts]
    prov_code = _province_code(province) if province else None
    # A part that names only provinces (or says "province") constrains the others.
    city_parts = []
    for (cands, conf, said), _part in zip(looked, parts, strict=True):
        provs = [i for kind, i in cands if kind == "province"]
        cities = [i for kind, i in cands if kind == "city"]
        if provs and cities and not said:
            # "Golestan" is a province (and a small town of Tehran): a city only wins when it
            # lies in the province of the same name (Tehran, Kerman, Hamadan...).
            codes = {g.provinces[i].code for i in provs} | {prov_code} - {None}
            cities = [i for i in cities if g.cities[i].province in codes]
        if provs and (said or not cities or (len(parts) > 1 and len(city_parts) > 0)):
            if prov_code is None and len(provs) == 1:
                prov_code = g.provinces[provs[0]].code
            if said or not cities:
                continue
        if cands:
            city_parts.append((cities, conf, provs))
    if not city_parts:
        if prov_code is not None:
            conf = max((c for cands, c, _ in looked if cands), default=1.0)
            return _province_place(g.by_code[prov_code], conf, text)
        return Place(text=text)
    cities, conf, provs = city_parts[0]
    if not cities:
        return _province_place(g.provinces[provs[0]], conf, text)
    if prov_code is not None:
        inside = [i for i in cities if g.cities[i].province == prov_code]
        if not inside:
            return _province_place(g.by_code[prov_code], conf * 0.5, text)
        cities = inside
    if len(cities) == 1:
        return _city_place(g.cities[cities[0]], conf, text)
    ranked = sorted(cities, key=lambda i: -g.cities[i].population)
    same = {g.cities[i].province for i in cities}
    if len(same) == 1:  # duplicates inside one province: take the most populous, still sure
        return _city_place(g.cities[ranked[0]], conf * 0.95, text)
    top, second = g.cities[ranked[0]], g.cities[ranked[1]]
    if top.population >= 15000 and top.population > 10 * max(second.population, 1):
        share = 0.7
    elif top.population > 3 * max(second.population, 1):
        share = 0.5
    else:
        share = 0.3
    return _city_place(top, min(conf, share), text)


def resolve_place(text: str | None, province: str | None = None) -> Place:
    """Resolve a place name to a city and province of Iran, with coordinates.

    Parameters
    ----------
    text : str or None
        The place as written: ``"Bandar-e Mahshahr"``, ``"ماهشهر"``, ``"Mahshahr, Khuzestan"``,
        ``"استان تهران"``. Parts separated by commas or parentheses are read together.
    province : str, optional
        A province known from another column (English, Persian or ISO code): restricts
        the cities considered.

    Returns
    -------
    Place
        City and province (English and Persian), coordinates and a confidence in [0, 1]
        (see the module docstring); ``county`` is not filled yet. Unknown text gives
        ``Place(text=text)`` with confidence 0.

    Examples
    --------
    >>> p = resolve_place("Bandar-e Mahshahr")
    >>> p.city, p.province, p.confidence
    ('Mahshahr', 'Khuzestan', 1.0)
    >>> resolve_place("Atlantis").resolved
    False
    """
    if text is None or not str(text).strip():
        return Place(text="" if text is None else str(text))
    return _resolve(str(text), province)


def resolve_places(
    values: Sequence[str | None], province: Sequence[str | None] | None = None
) -> list[Place]:
    """Resolve a column of place names (each distinct value once).

    Parameters
    ----------
    values : sequence of str or None
        Places as written.
    province : sequence of str or None, optional
        Province column aligned with ``values``.

    Returns
    -------
    list of Place
        Aligned with ``values``.
    """
    provs: Sequence[str | None] = province if province is not None else [None] * len(values)
    cache: dict[tuple[Any, Any], Place] = {}
    out = []
    for value, prov in zip(values, provs, strict=True):
        v, p = as_text(value), as_text(prov)
        key = (v, p)
        hit = cache.get(key)
        if hit is None:
            hit = resolve_place(v, p)
            cache[key] = hit
        out.append(hit)
    return out
