"""Synthetic victim lists with known truth: the test bed for linkage and estimation.

:func:`simulate` draws a population of victims of a crackdown (names in Persian script and in
Latin transliteration, father's name, sex, age, date, province and city), lets ``K``
documenting organisations find them with heterogeneous and dependent capture probabilities,
and writes what each list would contain: names in differing scripts and transliterations,
typos, Jalali and Gregorian dates in several formats, Persian digits, missing fields and
within-list duplicates. The ground truth (which row of which list is which victim) comes
with it, so that linkage can be scored (``undercount link-evaluate --truth truth.csv``) and
estimators checked against the true total.

Everything is drawn from one :class:`numpy.random.Generator` seeded with ``seed``: the same
arguments give byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import jdatetime
import numpy as np
import pandas as pd

from undercount.vocab import VIOLATIONS

__all__ = ["Simulation", "simulate", "DEFAULT_OPTIONS", "MAX_LISTS"]

_DATA = Path(__file__).with_name("simulate_data")
MAX_LISTS = 26
FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ZWNJ = "\u200c"
_NON_JOINING = set("اآأدذرزژو")

DEFAULT_OPTIONS: dict[str, Any] = {
    "start": "2019-11-15",  # first day of the event window (ISO)
    "end": "2019-11-19",  # last day of the event window (ISO)
    "peak": "2019-11-16",  # the day with most deaths
    "female_share": 0.08,
    "child_share": 0.07,  # share of victims under 18
    "violation": "killing",  # one of vocab.VIOLATIONS, or {violation: share}
    "capture": None,  # baseline capture probability per list (sequence of K floats)
    "heterogeneity": 0.5,  # scale of the latent-visibility effect on capture (1: strong)
    "covariate_effects": 1.0,  # scale of the province/child/sex/date effects on capture
    "dependence": 2.0,  # log-odds boost list_a and list_b share through common informants
    "informant_share": 0.3,  # share of victims known to the informants list_a and list_b share
    "noise": 1.0,  # scale of every noise rate (0: clean lists)
    "duplicate_rate": 0.02,  # share of a list's victims listed twice
    "typo_rate": 0.03,  # share of records with a one-letter typo in a name
    "province_intensity": None,  # {province slug: multiplier}; default: a Nov-2019-like pattern
}


@lru_cache(maxsize=1)
def _scenario() -> dict[str, Any]:
    """The scenario file: crackdown, capture model, list templates, spelling rules."""
    with open(_DATA / "scenario.json", encoding="utf-8") as f:
        raw: dict[str, Any] = json.load(f)
    raw["rules"] = [(n, re.compile(p), tuple(a)) for n, p, a in raw["transliteration_rules"]]
    return raw


_N_VARIANTS = 6


def _apply_rule(name: str, rule: str, pattern: re.Pattern[str], alt: str, idx: int) -> str:
    if rule == "double":
        return pattern.sub(r"\1", name) if idx == 1 else name
    if rule == "space":
        if alt == "":
            return re.sub(r"(?<=[a-z]) ([A-Z])", lambda m: m.group(1).lower(), name)
        return pattern.sub(alt, name)

    def repl(m: re.Match[str]) -> str:
        s = alt
        if s and s[0].isalpha():
            s = (s[0].upper() if m.group(0)[0].isupper() else s[0].lower()) + s[1:]
        return s

    out = pattern.sub(repl, name)
    if rule in ("pour_pre", "zadeh", "nejad", "pour_suf"):
        out = re.sub(r"([ -])([a-z])", lambda m: m.group(1) + m.group(2).upper(), out)
    return out


def _latin_variant(name: str, style: Mapping[str, int], rnd: random.Random | None) -> str:
    """Spell ``name`` in a house style; with ``rnd``, deviate from it rule by rule."""
    for rule, pattern, alts in _scenario()["rules"]:
        if not pattern.search(name):
            continue
        idx = style.get(rule, 0)
        if rnd is not None and rnd.random() < 0.4:
            idx = rnd.randrange(len(alts))
        name = _apply_rule(name, rule, pattern, alts[idx], idx)
    return name


def _fa_variant(name: str, rnd: random.Random | None) -> str:
    """Persian spelling: house form (ZWNJ after joining letters) or a writer's variant."""
    parts = name.split("|")
    out = parts[0]
    for part in parts[1:]:
        if rnd is None:
            sep = "" if (out and out[-1] in _NON_JOINING) or out == "پور" else ZWNJ
        else:
            sep = rnd.choice(("", ZWNJ, " "))
        out += sep + part
    if rnd is not None:
        if rnd.random() < 0.5:
            out = out.replace("ی", "ي").replace("ک", "ك")
        if out.endswith("ایی") and rnd.random() < 0.5:
            out = out[:-3] + "ائی"
    return out


@lru_cache(maxsize=1)
def _names() -> dict[str, Any]:
    with open(_DATA / "names.json", encoding="utf-8") as f:
        raw = json.load(f)
    male, female, fam = raw["male"], raw["female"], raw["family"]
    given_lat = [r[0] for r in male] + [r[0] for r in female]
    given_fa = [r[1] for r in male] + [r[1] for r in female]
    wm = np.array([r[2] for r in male], float)
    wf = np.array([r[2] for r in female], float)
    wfam = 1.0 / (np.arange(len(fam)) + 5.0)
    sayyid = set(raw["sayyid_families"])
    return {
        "given_lat": given_lat,
        "given_fa": given_fa,
        "n_male": len(male),
        "p_male": wm / wm.sum(),
        "p_female": wf / wf.sum(),
        "family_lat": [r[0] for r in fam],
        "family_fa": [r[1] for r in fam],
        "p_family": wfam / wfam.sum(),
        "sayyid": np.array([r[0] in sayyid for r in fam]),
    }


@cache
def _latin_table(kind: str, style: str) -> np.ndarray:
    """(n names, variants) spellings of one name list; column 0 is the house style."""
    names = ["Seyed"] if kind == "honorific" else _names()[f"{kind}_lat"]
    rnd = random.Random(f"latin-{kind}-{style}")
    house = _scenario()["house_styles"][style]
    rows = [
        [_latin_variant(n, house, None)]
        + [_latin_variant(n, house, rnd) for _ in range(_N_VARIANTS - 1)]
        for n in names
    ]
    return np.array(rows, dtype=object)


@cache
def _fa_table(kind: str) -> np.ndarray:
    names = ["سید"] if kind == "honorific" else _names()[f"{kind}_fa"]
    rnd = random.Random(f"fa-{kind}")
    rows = [
        [_fa_variant(n, None)] + [_fa_variant(n, rnd) for _ in range(_N_VARIANTS - 1)]
        for n in names
    ]
    return np.array(rows, dtype=object)


@lru_cache(maxsize=1)
def _places() -> dict[str, Any]:
    with open(_DATA / "places.json", encoding="utf-8") as f:
        provinces = json.load(f)["provinces"]
    cities = [(i, c) for i, p in enumerate(provinces) for c in p["cities"]]
    prov = np.array([i for i, _ in cities])
    w = np.array([c[3] for _, c in cities], float)
    return {
        "slugs": [p["slug"] for p in provinces],
        "prov_en": [p["en"] for p in provinces],
        "prov_fa": [p["fa"] for p in provinces],
        "prov_pop": np.array([p["population"] for p in provinces], float),
        "city_en": [c[1] for _, c in cities],
        "city_fa": [c[2] for _, c in cities],
        "city_w": w / np.bincount(prov, weights=w)[prov],  # share within the province
        "city_prov": prov,
    }


def _city_variants(en: str, fa: str) -> tuple[list[str], list[str]]:
    """Four spellings of a city in English and four in Persian (the first is the standard)."""
    out_en, out_fa = [en], [fa]
    short = re.sub(r"^Bandar(-e)? ", "", en)
    if short in _scenario()["bandar_short"]:  # Bandar-e Mahshahr -> Mahshahr, not Abbas
        out_en += [short, "Bandar " + short]
        out_fa.append(re.sub(r"^بندر ?", "", fa))
    if "-e " in en:
        out_en += [
            en.replace("-e ", " "),
            en.replace("-e ", "-e-"),
            en.replace("-e ", "e", 1).capitalize(),
        ]
    elif " " in en:
        out_en += [en.replace(" ", "", 1).capitalize(), en.replace(" ", "-")]
    out_en += [en.upper(), en.lower()]
    if " " in fa:
        out_fa += [fa.replace(" ", "", 1), fa.replace(" ", ZWNJ, 1)]
    out_fa.append(fa.replace("ی", "ي").replace("ک", "ك"))
    out_en, out_fa = list(dict.fromkeys(out_en)), list(dict.fromkeys(out_fa))
    return (out_en * 4)[:4], (out_fa * 4)[:4]


@lru_cache(maxsize=1)
def _place_tables() -> dict[str, np.ndarray]:
    pl = _places()
    prov_en = [
        [p, p.replace(" and ", "-"), p + " Province", p.replace(" and ", " & ")]
        for p in pl["prov_en"]
    ]
    variants = [_city_variants(en, fa) for en, fa in zip(pl["city_en"], pl["city_fa"], strict=True)]
    prov_fa = [[p, "استان " + p, p.replace("ی", "ي").replace("ک", "ك"), p] for p in pl["prov_fa"]]
    return {
        "city_en": np.array([v[0] for v in variants], dtype=object),
        "city_fa": np.array([v[1] for v in variants], dtype=object),
        "prov_en": np.array(prov_en, dtype=object),
        "prov_fa": np.array(prov_fa, dtype=object),
    }


# ---------------------------------------------------------------------------------------------
# Dates: one string per (day, format), computed once per distinct day.
_DATE_FORMATS: dict[str, Any] = {  # format name -> f(gregorian date, jalali date)
    "iso": lambda g, j: g.isoformat(),
    "dmy_text": lambda g, j: f"{g.day} {g.strftime('%b')} {g.year}",
    "slash_dmy": lambda g, j: f"{g.day:02d}/{g.month:02d}/{g.year}",
    "us_text": lambda g, j: f"{g.strftime('%B')} {g.day}, {g.year}",
    "j_slash": lambda g, j: f"{j.year}/{j.month:02d}/{j.day:02d}",
    "j_slash_nopad": lambda g, j: f"{j.year}/{j.month}/{j.day}",
    "j_dash": lambda g, j: f"{j.year}-{j.month:02d}-{j.day:02d}",
    "j_text_fa": lambda g, j: f"{j.day} {_scenario()['jalali_months_fa'][j.month - 1]} {j.year}",
    "j_month_fa": lambda g, j: f"{_scenario()['jalali_months_fa'][j.month - 1]} {j.year}",
    "j_month_lat": lambda g, j: f"{_scenario()['jalali_months_latin'][j.month - 1]} {j.year}",
}


def _format_date(d: dt.date, fmt: str, persian_digits: bool = False) -> str:
    text = str(_DATE_FORMATS[fmt](d, jdatetime.date.fromgregorian(date=d)))
    return text.translate(FA_DIGITS) if persian_digits else text


# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _ListSpec:
    name: str
    lang: str  # "en" or "fa": headers, sex and province words
    columns: tuple[tuple[str, str], ...]  # (header, field)
    style: str  # Latin house style
    latin_share: float  # share of records with Latin-script names
    dates: tuple[tuple[str, float, bool], ...]  # (format, weight, Persian digits)
    fa_age_digits: float  # share of ages written in Persian digits
    missing: Mapping[str, float]
    honorific_kept: float = 0.7


def _list_spec(j: int) -> _ListSpec:
    """The design of list number ``j`` (0-based): the four templates, cycled beyond the fourth."""
    t = _scenario()["list_templates"][j % 4]
    late = j >= 4
    return _ListSpec(
        name=f"list_{chr(ord('a') + j)}",
        lang=t["lang"],
        columns=tuple((h, f) for h, f in t["columns_from_fifth" if late else "columns"]),
        style=t["styles"][(j // 4) % len(t["styles"])],
        latin_share=t["latin_share_from_fifth" if late else "latin_share"],
        dates=tuple((f, w, fa) for f, w, fa in t["dates"]),
        fa_age_digits=t["fa_age_digits"],
        missing=t["missing"],
        honorific_kept=t["honorific_kept"],
    )


# ---------------------------------------------------------------------------------------------
@dataclass
class Simulation:
    """A simulated population, the lists that documented it and the truth linking them.

    Attributes
    ----------
    population : pandas.DataFrame
        One row per victim (``victim_id`` 1..N) with the true attributes: names (Latin and
        Persian), ``sex``, ``age``, ``date`` (ISO), ``province``/``city`` (English and Persian),
        ``violation``, and the latent ``visibility`` and ``informant`` that drive capture.
    lists : dict of str to pandas.DataFrame
        Each list as written to ``<name>.csv`` (all columns text, ``""`` for missing).
    truth : pandas.DataFrame
        Columns ``source``, ``row`` (1-based data row in the list's file) and ``victim_id``.
    true_total : int
        Number of victims, documented or not.
    capture_probabilities : pandas.DataFrame
        The true probability that each list documents each victim (``victim_id`` plus one
        column per list).
    seed : int
        Seed the simulation was drawn with.
    options : dict
        The options used (``DEFAULT_OPTIONS`` updated with the caller's).
    """

    population: pd.DataFrame
    lists: dict[str, pd.DataFrame]
    truth: pd.DataFrame
    true_total: int
    capture_probabilities: pd.DataFrame
    seed: int = 0
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def documented(self) -> int:
        """Number of distinct victims on at least one list."""
        return int(self.truth["victim_id"].nunique())

    @property
    def duplicates(self) -> dict[str, int]:
        """Per list, the number of records that repeat a victim already on that list."""
        out = dict.fromkeys(self.lists, 0)
        for name, group in self.truth.groupby("source", sort=False):
            out[str(name)] = int(len(group) - group["victim_id"].nunique())
        return out

    def capture_histories(self, by: Sequence[str] | None = None) -> pd.DataFrame:
        """True capture histories: one 0/1 column per list and ``count`` (optionally by strata).

        Parameters
        ----------
        by : sequence of str, optional
            Population columns to stratify by (e.g. ``["province"]``).
        """
        names = list(self.lists)
        flags = (
            self.truth.drop_duplicates(["source", "victim_id"])
            .assign(seen=1)
            .pivot(index="victim_id", columns="source", values="seen")
            .reindex(columns=names)
            .fillna(0)
            .astype(int)
        )
        if by:
            strata = self.population.set_index("victim_id").loc[flags.index, list(by)]
            flags = pd.concat([flags, strata], axis=1)
        keys = names + list(by or [])
        return (
            flags.groupby(keys, sort=True)
            .size()
            .rename("count")
            .reset_index()
            .sort_values(keys, ascending=False, kind="stable")
            .reset_index(drop=True)
        )

    def summary(self) -> dict[str, Any]:
        """Counts a person reads first: records and duplicates per list, true and documented."""
        dups = self.duplicates
        return {
            "seed": self.seed,
            "true_total": self.true_total,
            "documented": self.documented,
            "lists": {
                n: {"records": len(df), "duplicates": dups.get(n, 0), "columns": list(df.columns)}
                for n, df in self.lists.items()
            },
        }

    def write(self, out_dir: str | Path) -> Path:
        """Write ``list_*.csv``, ``truth.csv``, ``population.csv`` and ``simulation.json``.

        Parameters
        ----------
        out_dir : str or pathlib.Path
            Folder to write into (created if missing; files in it are overwritten).

        Returns
        -------
        pathlib.Path
            The folder.
        """
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        for name, df in self.lists.items():
            df.to_csv(out / f"{name}.csv", index=False, encoding="utf-8", lineterminator="\n")
        self.truth.to_csv(out / "truth.csv", index=False, lineterminator="\n")
        self.population.to_csv(
            out / "population.csv",
            index=False,
            encoding="utf-8",
            lineterminator="\n",
            float_format="%.4f",
        )
        meta = {
            **self.summary(),
            "options": self.options,
            "files": {
                "truth": "truth.csv",
                "population": "population.csv",
                "lists": {n: f"{n}.csv" for n in self.lists},
            },
        }
        (out / "simulation.json").write_text(
            json.dumps(meta, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8"
        )
        return out


# ---------------------------------------------------------------------------------------------
def _check(victims: Any, lists: Any, seed: Any, options: Mapping[str, Any]) -> dict[str, Any]:
    problems = []
    if isinstance(victims, bool) or not isinstance(victims, (int, np.integer)) or victims < 1:
        problems.append(f"victims must be a whole number >= 1, got {victims!r}")
    if (
        isinstance(lists, bool)
        or not isinstance(lists, (int, np.integer))
        or not 2 <= lists <= MAX_LISTS
    ):
        problems.append(
            f"lists must be a whole number from 2 to {MAX_LISTS} "
            f"(capture-recapture needs at least two lists), got {lists!r}"
        )
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        problems.append(f"seed must be a whole number >= 0, got {seed!r}")
    unknown = sorted(set(options) - set(DEFAULT_OPTIONS))
    if unknown:
        problems.append(
            f"unknown option(s) {', '.join(unknown)}; known: {', '.join(sorted(DEFAULT_OPTIONS))}"
        )
    opts = {**DEFAULT_OPTIONS, **options}
    for key in ("female_share", "child_share", "informant_share", "duplicate_rate", "typo_rate"):
        v = opts[key]
        if not isinstance(v, (int, float)) or not 0 <= v <= 1:
            problems.append(f"{key} must be a number from 0 to 1, got {v!r}")
    for key in ("heterogeneity", "covariate_effects"):
        v = opts[key]
        if not isinstance(v, (int, float)) or v < 0:
            problems.append(f"{key} must be a number >= 0, got {v!r}")
    if not isinstance(opts["noise"], (int, float)) or not 0 <= opts["noise"] <= 3:
        problems.append(f"noise must be a number from 0 (clean) to 3, got {opts['noise']!r}")
    if not isinstance(opts["dependence"], (int, float)):
        problems.append(f"dependence must be a number, got {opts['dependence']!r}")
    try:
        start, end, peak = (dt.date.fromisoformat(str(opts[k])) for k in ("start", "end", "peak"))
        if not start <= peak <= end:
            problems.append(f"need start <= peak <= end, got {start}, {peak}, {end}")
    except ValueError as exc:
        problems.append(f"start, end and peak must be ISO dates (YYYY-MM-DD): {exc}")
    viol = opts["violation"]
    shares = {viol: 1.0} if isinstance(viol, str) else dict(viol)
    bad = sorted(set(shares) - set(VIOLATIONS))
    if bad:
        problems.append(f"violation must be among {', '.join(VIOLATIONS)}; got {', '.join(bad)}")
    cap = opts["capture"]
    if cap is not None and not problems:
        cap = list(cap)
        if len(cap) != lists or not all(0 < float(c) < 1 for c in cap):
            problems.append(
                f"capture must be {lists} probabilities strictly between 0 and 1, got {cap!r}"
            )
    if problems:
        raise ValueError("cannot simulate: " + "; ".join(problems))
    return opts


def _draw_population(
    rng: np.random.Generator, n: int, opts: Mapping[str, Any]
) -> dict[str, np.ndarray]:
    nm, pl = _names(), _places()
    female = rng.random(n) < opts["female_share"]
    given = np.where(
        female,
        nm["n_male"] + rng.choice(len(nm["p_female"]), n, p=nm["p_female"]),
        rng.choice(nm["n_male"], n, p=nm["p_male"]),
    )
    family = rng.choice(len(nm["p_family"]), n, p=nm["p_family"])
    sayyid = rng.random(n) < np.where(nm["sayyid"][family], 0.5, 0.04)
    seyed = sayyid & ~female
    father = rng.choice(nm["n_male"], n, p=nm["p_male"])
    u = rng.random(n)
    child = u < opts["child_share"]
    age = np.where(
        child,
        rng.integers(6, 18, n),
        np.where(
            u > 0.9, rng.integers(40, 76, n), np.clip(18 + np.round(rng.gamma(2.2, 5.0, n)), 18, 60)
        ),
    ).astype(int)
    start = dt.date.fromisoformat(str(opts["start"]))
    ndays = (dt.date.fromisoformat(str(opts["end"])) - start).days + 1
    peak = (dt.date.fromisoformat(str(opts["peak"])) - start).days
    wd = np.exp(-0.8 * np.abs(np.arange(ndays) - peak))
    day = rng.choice(ndays, n, p=wd / wd.sum())
    intensity = opts["province_intensity"]
    intensity = dict(_scenario()["province_intensity"] if intensity is None else intensity)
    pw = pl["prov_pop"] * np.array([float(intensity.get(s, 1.0)) for s in pl["slugs"]])
    cw = pw[pl["city_prov"]] / pw.sum() * pl["city_w"]
    city = rng.choice(len(cw), n, p=cw / cw.sum())
    viol = opts["violation"]
    shares = {viol: 1.0} if isinstance(viol, str) else dict(viol)
    vnames = sorted(shares)
    vp = np.array([float(shares[k]) for k in vnames])
    violation = np.array(vnames, dtype=object)[rng.choice(len(vnames), n, p=vp / vp.sum())]
    return {
        "female": female,
        "given": given,
        "family": family,
        "seyed": seyed,
        "father": father,
        "age": age,
        "day": day,
        "city": city,
        "province": pl["city_prov"][city],
        "violation": violation,
        "visibility": rng.standard_normal(n),
        "informant": rng.random(n) < opts["informant_share"],
        "start": np.array(start),
        "ndays": np.array(ndays),
    }


def _capture(
    rng: np.random.Generator, pop: Mapping[str, np.ndarray], k: int, opts: Mapping[str, Any]
) -> np.ndarray:
    """True capture probabilities, shape (N, k)."""
    pl = _places()
    sc = _scenario()
    periph = np.isin(np.array(pl["slugs"]), sc["peripheral_provinces"])[pop["province"]]
    child = pop["age"] < 18
    h, c = float(opts["heterogeneity"]), float(opts["covariate_effects"])
    cap = sc["capture"]
    base = opts["capture"] or [cap["base"][j % 8] for j in range(k)]
    out = np.empty((len(child), k))
    for j in range(k):
        b, e = float(base[j]), {key: float(v[j % 8]) for key, v in cap.items()}
        covariates = (
            e["child"] * child
            + e["peripheral"] * periph
            + e["day"] * pop["day"]
            + e["female"] * pop["female"]
        )
        logit = np.log(b / (1 - b)) + h * e["visibility"] * pop["visibility"] + c * covariates
        if j < 2:
            logit = logit + float(opts["dependence"]) * (pop["informant"] - opts["informant_share"])
        out[:, j] = 1.0 / (1.0 + np.exp(-logit))
    return out


def _pick(rng: np.random.Generator, n: int, dev: float, width: int) -> np.ndarray:
    """Variant index per record: 0 (house form) unless the writer deviates."""
    return np.where(rng.random(n) < dev, rng.integers(1, width, n), 0)


def _missing(rng: np.random.Generator, values: np.ndarray, rate: float) -> np.ndarray:
    if rate <= 0:
        return values
    return np.where(rng.random(len(values)) < rate, "", values).astype(object)


def _typo(s: str, rnd: random.Random) -> str:
    """One edit (substitution, deletion or insertion) inside a letter run of ``s``."""
    pos = [i for i, ch in enumerate(s) if ch.isalpha()]
    if len(pos) < 4:
        return s
    i = rnd.choice(pos[1:])
    ch = s[i]
    op = rnd.random()
    if op < 0.45:
        groups = _scenario()["typo_similar_letters"]
        group = next((g for g in groups if ch.lower() in g), None)
        if group is None or len(group) < 2:
            return s[:i] + s[i] + s[i:]
        new: str = rnd.choice([g for g in group if g != ch.lower()])
        return s[:i] + (new.upper() if ch.isupper() else new) + s[i + 1 :]
    if op < 0.75:
        return s[:i] + s[i + 1 :]
    return s[:i] + ch.lower() + s[i:]


def _render(
    spec: _ListSpec,
    rows: np.ndarray,
    pop: Mapping[str, np.ndarray],
    rng: np.random.Generator,
    opts: Mapping[str, Any],
) -> pd.DataFrame:
    """Write the records ``rows`` (population indices) the way the list ``spec`` writes them."""
    n = len(rows)
    noise = float(opts["noise"])
    fields = {f for _, f in spec.columns}
    latin = rng.random(n) < spec.latin_share
    lat_dev, fa_dev = 0.25 * noise, 0.2 * noise

    def name_part(kind: str, idx: np.ndarray) -> np.ndarray:
        lt, ft = _latin_table(kind, spec.style), _fa_table(kind)
        vl, vf = _pick(rng, n, lat_dev, lt.shape[1]), _pick(rng, n, fa_dev, ft.shape[1])
        out: np.ndarray = np.where(latin, lt[idx, vl], ft[idx, vf])
        return out

    given = name_part("given", pop["given"][rows])
    family = name_part("family", pop["family"][rows])
    zero = np.zeros(n, dtype=int)
    keep_hon = pop["seyed"][rows] & (rng.random(n) < 1 - (1 - spec.honorific_kept) * min(noise, 1))
    hon = np.where(keep_hon, name_part("honorific", zero) + " ", "")
    if "given" in fields:  # split names: the honorific goes with either part
        to_family = rng.random(n) < 0.3
        given = np.where(to_family, given, hon + given)
        family = np.where(to_family, hon + family, family)
    else:
        given = hon + given
    cols: dict[str, np.ndarray] = {}
    if "name" in fields:
        cols["name"] = given + " " + family
    if "given" in fields:
        cols["given"], cols["family"] = given, family
    name_cols = [f for f in ("name", "given", "family") if f in cols]
    typo_rows = np.flatnonzero(rng.random(n) < float(opts["typo_rate"]) * noise)
    if len(typo_rows):
        rnd = random.Random(int(rng.integers(2**31)))
        which = rng.integers(0, len(name_cols), len(typo_rows))
        for r, w in zip(typo_rows.tolist(), which.tolist(), strict=True):
            col = cols[name_cols[w]]
            col[r] = _typo(col[r], rnd)
    if "father" in fields:
        cols["father"] = name_part("given", pop["father"][rows])
    miss = {k: v * noise for k, v in spec.missing.items()}
    female = pop["female"][rows]
    sexes = ("male", "female") if spec.lang == "en" else ("مرد", "زن")
    cols["sex"] = np.where(female, sexes[1], sexes[0]).astype(object)
    # Age: off by one now and then, in Latin or Persian digits.
    off = rng.choice(np.array([-1, 0, 1]), n, p=[0.04 * noise, 1 - 0.08 * noise, 0.04 * noise])
    age = np.clip(pop["age"][rows] + off, 0, 120)
    age_lat = np.array([str(a) for a in range(121)], dtype=object)
    age_fa = np.array([str(a).translate(FA_DIGITS) for a in range(121)], dtype=object)
    cols["age"] = np.where(rng.random(n) < spec.fa_age_digits, age_fa[age], age_lat[age])
    # Date: one string per (day, format); off by a day now and then.
    start = pop["start"].item()
    ndays = int(pop["ndays"])
    doff = rng.choice(np.array([-1, 0, 1]), n, p=[0.03 * noise, 1 - 0.06 * noise, 0.03 * noise])
    day = pop["day"][rows] + doff + 1  # table row 0 is the day before the window
    fmt_w = np.array([w for _, w, _ in spec.dates])
    fmt = rng.choice(len(spec.dates), n, p=fmt_w / fmt_w.sum())
    table = np.array(
        [
            [_format_date(start + dt.timedelta(days=d - 1), f, fa) for f, _, fa in spec.dates]
            for d in range(ndays + 2)
        ],
        dtype=object,
    )
    cols["date"] = table[day, fmt]
    # Places.
    pt = _place_tables()
    lang = spec.lang
    city_i, prov_i = pop["city"][rows], pop["province"][rows]
    ct, prt = pt[f"city_{lang}"], pt[f"prov_{lang}"]
    city = ct[city_i, _pick(rng, n, 0.2 * noise, ct.shape[1])]
    prov = prt[prov_i, _pick(rng, n, 0.15 * noise, prt.shape[1])]
    cols["city"], cols["province"] = city, prov
    if "place" in fields:
        sep = np.array([", ", "، ", " - "] if lang == "fa" else [", ", ", ", " / "], dtype=object)
        joined = city + sep[rng.integers(0, 3, n)] + pt[f"prov_{lang}"][prov_i, 0]
        cols["place"] = np.where(rng.random(n) < 0.35, city, joined)
    if "violation" in fields:
        vt = np.empty(n, dtype=object)
        viol = pop["violation"][rows]
        for v in np.unique(viol):
            m = viol == v
            texts = np.array(_scenario()["violation_text"][v], dtype=object)
            vt[m] = texts[_pick(rng, int(m.sum()), 0.3 * noise, len(texts))]
        cols["violation"] = vt
    if "notes" in fields:
        notes = np.array(_scenario()["notes"], dtype=object)
        cols["notes"] = notes[rng.integers(0, len(notes), n)]
    out = {}
    for header, f in spec.columns:
        rate = miss.get(f, 0.0) if f != "notes" else spec.missing.get("notes", 0.0)
        out[header] = _missing(rng, cols[f], min(rate, 1.0))
    return pd.DataFrame(out)


def simulate(
    out_dir: str | Path | None = None,
    *,
    victims: int = 2000,
    lists: int = 4,
    seed: int = 0,
    **options: Any,
) -> Simulation:
    """Simulate a crackdown, the lists that documented it and the truth linking them.

    Parameters
    ----------
    out_dir : str or pathlib.Path, optional
        When given, write the files there (see :meth:`Simulation.write`).
    victims : int, default 2000
        True number of victims (documented or not).
    lists : int, default 4
        Number of documenting lists, 2 to 26; named ``list_a``, ``list_b``, ...
    seed : int, default 0
        Seed; the same arguments give byte-identical files.
    **options
        Overrides of :data:`DEFAULT_OPTIONS`: event window (``start``, ``end``, ``peak``),
        ``female_share``, ``child_share``, ``violation``, per-list baseline ``capture``
        probabilities, ``heterogeneity``, ``covariate_effects``, ``dependence`` (0 makes
        list_a and list_b independent given the covariates), ``informant_share``, ``noise``
        (0 gives clean lists), ``duplicate_rate``, ``typo_rate`` and ``province_intensity``.

    Returns
    -------
    Simulation

    Notes
    -----
    List *j* documents victim *i* with probability
    ``logit p_ij = logit(capture_j) + heterogeneity * v_j * z_i + covariate_effects * (c_j *
    child_i + r_j * peripheral_i + d_j * day_i + f_j * female_i) [+ dependence * (u_i -
    informant_share) for list_a and list_b]``, where ``z_i`` is a latent visibility (standard
    normal) and ``u_i`` marks victims known to the informants list_a and list_b share. The
    latent visibility makes every pair of lists positively dependent, so estimators that assume
    homogeneous capture (Lincoln-Petersen, Chapman, log-linear independence) fall short of
    ``true_total``; ``heterogeneity=0, covariate_effects=0, dependence=0`` gives independent,
    homogeneous lists.

    Raises
    ------
    ValueError
        On a bad argument (all problems named in one message).

    Examples
    --------
    >>> sim = simulate(victims=500, lists=3, seed=1)
    >>> sim.true_total, sorted(sim.lists)
    (500, ['list_a', 'list_b', 'list_c'])
    >>> sim.documented <= sim.true_total
    True
    """
    opts = _check(victims, lists, seed, options)
    n, k = int(victims), int(lists)
    rng = np.random.default_rng(int(seed))
    pop = _draw_population(rng, n, opts)
    probs = _capture(rng, pop, k, opts)
    captured = rng.random(probs.shape) < probs
    dup_rate = float(opts["duplicate_rate"]) * float(opts["noise"])
    list_frames: dict[str, pd.DataFrame] = {}
    truth_parts = []
    for j in range(k):
        spec = _list_spec(j)
        found = np.flatnonzero(captured[:, j])
        twice = found[rng.random(len(found)) < dup_rate]
        rows = rng.permutation(np.concatenate([found, twice]))
        list_frames[spec.name] = _render(spec, rows, pop, rng, opts)
        truth_parts.append(
            pd.DataFrame(
                {"source": spec.name, "row": np.arange(1, len(rows) + 1), "victim_id": rows + 1}
            )
        )
    truth = pd.concat(truth_parts, ignore_index=True)
    simulation = Simulation(
        population=_population_frame(pop),
        lists=list_frames,
        truth=truth,
        true_total=n,
        capture_probabilities=pd.DataFrame(
            {
                "victim_id": np.arange(1, n + 1),
                **{_list_spec(j).name: probs[:, j] for j in range(k)},
            }
        ),
        seed=int(seed),
        options={k2: v for k2, v in opts.items()},
    )
    if out_dir is not None:
        simulation.write(out_dir)
    return simulation


def _population_frame(pop: Mapping[str, np.ndarray]) -> pd.DataFrame:
    nm, pl = _names(), _places()
    given_lat = np.array(nm["given_lat"], dtype=object)
    given_fa = _fa_table("given")[:, 0]
    family_lat = np.array(nm["family_lat"], dtype=object)
    family_fa = _fa_table("family")[:, 0]
    seyed = pop["seyed"]
    hon_lat = np.where(seyed, "Seyed ", "")
    hon_fa = np.where(seyed, "سید ", "")
    start = pop["start"].item()
    days = np.array(
        [(start + dt.timedelta(days=int(d))).isoformat() for d in range(int(pop["ndays"]))],
        dtype=object,
    )
    g, f = pop["given"], pop["family"]
    return pd.DataFrame(
        {
            "victim_id": np.arange(1, len(g) + 1),
            "name": hon_lat + given_lat[g] + " " + family_lat[f],
            "name_fa": hon_fa + given_fa[g] + " " + family_fa[f],
            "honorific": np.where(seyed, "Seyed", ""),
            "given_name": given_lat[g],
            "family_name": family_lat[f],
            "father_name": given_lat[pop["father"]],
            "given_name_fa": given_fa[g],
            "family_name_fa": family_fa[f],
            "father_name_fa": given_fa[pop["father"]],
            "sex": np.where(pop["female"], "female", "male"),
            "age": pop["age"],
            "date": days[pop["day"]],
            "province": np.array(pl["prov_en"], dtype=object)[pop["province"]],
            "province_fa": np.array(pl["prov_fa"], dtype=object)[pop["province"]],
            "city": np.array(pl["city_en"], dtype=object)[pop["city"]],
            "city_fa": np.array(pl["city_fa"], dtype=object)[pop["city"]],
            "violation": pop["violation"],
            "visibility": pop["visibility"].round(4),
            "informant": pop["informant"].astype(int),
        }
    )
