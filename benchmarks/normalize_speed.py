"""How fast ``normalize_names`` (and ``parse_dates``) process a million rows.

Usage::

    PYTHONPATH=src python benchmarks/normalize_speed.py [--rows 1000000] [--workers 2]

Two inputs, reported separately:

* realistic: 1,000,000 rows drawn (Zipf-like) from 60,000 distinct full names, half in
  Persian script, half in Latin spellings, some with honorifics and a father's name;
* worst case: 1,000,000 rows that are all distinct full names (given x family x father).

All names are synthetic, built from the frequent-name table and generated family names.
Prints wall-clock and CPU seconds, single-process and with ``--workers`` processes, and
asserts nothing: the test suite checks the thresholds on smaller inputs.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time

from undercount.normalize import normalize_names, parse_dates
from undercount.normalize.translit import NAME_ROWS

ROOTS_FA = (
    "رحیم",
    "کریم",
    "حسین",
    "احمد",
    "محمد",
    "علی",
    "جعفر",
    "قاسم",
    "صادق",
    "کاظم",
    "نور",
    "امین",
    "شریف",
    "رستم",
    "بهرام",
    "اکبر",
    "یزدان",
    "فرهاد",
    "منصور",
    "نجف",
    "باقر",
)
SUFFIX_FA = ("ی", "زاده", "پور", "نژاد", "یان", "فر", "لو", "وند", "ی‌نیا", "خانی")
PREFIX_FA = ("", "", "", "پور", "میر", "حاجی", "شاه")
HONOR = ("", "", "", "", "سید ", "Seyed ", "حاج ", "Haj ")


def _pools(rng: random.Random) -> tuple[list[tuple[str, list[str]]], list[str]]:
    given = [(fa, variants) for fa, variants, kind in NAME_ROWS if kind == "g"]
    families = {p + r + s for p in PREFIX_FA for r in ROOTS_FA for s in SUFFIX_FA}
    families |= {fa for fa, _, kind in NAME_ROWS if kind == "f"}
    return given, sorted(families)


def _full_name(rng: random.Random, given, families) -> str:
    g_fa, g_lat = rng.choice(given)
    fam = rng.choice(families)
    if rng.random() < 0.5:
        name = f"{rng.choice(HONOR)}{g_fa} {fam}"
        if rng.random() < 0.3:
            name += f" فرزند {rng.choice(given)[0]}"
        return name
    from undercount.normalize import transliterate

    name = f"{rng.choice(HONOR)}{rng.choice(g_lat)} {transliterate(fam)}"
    if rng.random() < 0.3:
        name += f" son of {rng.choice(rng.choice(given)[1])}"
    return name


def realistic(rows: int, distinct: int, seed: int = 1) -> list[str | None]:
    rng = random.Random(seed)
    given, families = _pools(rng)
    names = list(dict.fromkeys(_full_name(rng, given, families) for _ in range(distinct * 2)))
    names = names[:distinct]
    weights = [1 / (i + 1) ** 0.8 for i in range(len(names))]
    out: list[str | None] = list(rng.choices(names, weights=weights, k=rows))
    for i in rng.sample(range(rows), rows // 50):
        out[i] = None
    return out


def all_unique(rows: int, seed: int = 2) -> list[str]:
    rng = random.Random(seed)
    given, families = _pools(rng)
    seen: dict[str, None] = {}
    while len(seen) < rows:
        g_fa, g_lat = rng.choice(given)
        f = rng.choice(families)
        father = rng.choice(given)
        if rng.random() < 0.5:
            name = f"{g_fa} {f} فرزند {father[0]}"
        else:
            name = f"{rng.choice(g_lat)} {f} son of {rng.choice(father[1])}"
        if rng.random() < 0.5:
            other = rng.choice(given)
            name = name.replace(" ", f" {other[0] if name[0] > 'z' else other[1][0]} ", 1)
        seen[name] = None
    return list(seen)


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def _time(label: str, fn, n: int) -> None:
    t0, c0, k0 = time.perf_counter(), time.process_time(), _children_cpu()
    fn()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    kids = _children_cpu() - k0
    print(
        f"{label:46} {wall:7.2f} s wall {cpu + kids:7.2f} s CPU "
        f"({cpu:.2f} here + {kids:.2f} in workers)  {wall / n * 1e6:6.1f} us/row wall"
    )


def _fresh_caches() -> None:
    from undercount.normalize import names, script, translit

    for mod in (names, script, translit):
        for obj in vars(mod).values():
            if hasattr(obj, "cache_clear"):
                obj.cache_clear()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    n = args.rows
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs visible, "
        f"affinity {len(os.sched_getaffinity(0))} CPUs, load average {os.getloadavg()[0]:.1f} "
        "(wall-clock figures are only meaningful when the load is below the CPU count)"
    )
    real = realistic(n, distinct=min(60_000, n))
    uniq = all_unique(n)
    print(
        f"realistic: {n:,} rows, {len(set(real)) - 1:,} distinct; worst case: {len(uniq):,} "
        "distinct rows"
    )
    _fresh_caches()
    _time("normalize_names, realistic, 1 process", lambda: normalize_names(real), n)
    _fresh_caches()
    _time("normalize_names, all distinct, 1 process", lambda: normalize_names(uniq), n)
    if args.workers > 1:
        _fresh_caches()
        _time(
            f"normalize_names, all distinct, {args.workers} processes",
            lambda: normalize_names(uniq, workers=args.workers),
            n,
        )
    rng = random.Random(3)
    dates = [
        rng.choice(
            [
                "۲۴ آبان ۱۳۹۸",
                "1398/08/24",
                "2019-11-15",
                "Aban 1398",
                "15/11/2019",
                f"1401/{rng.randrange(1, 13):02d}/{rng.randrange(1, 29):02d}",
            ]
        )
        for _ in range(n)
    ]
    _time("parse_dates, 1,000,000 rows", lambda: parse_dates(dates), n)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
