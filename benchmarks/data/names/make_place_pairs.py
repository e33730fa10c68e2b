"""Build the Persian <-> Latin place-name corpus from the MIT-licensed province/city list.

Usage::

    python benchmarks/data/names/make_place_pairs.py /path/to/shared/data/places

Reads ``iran_province_city_fa_en.json`` (31 provinces, 1,253 cities, each with a Persian and
an English name; ``amyrmahdy/provinces_cities_iran``, MIT), keeps one (Persian, Latin) pair
per distinct pair, shuffles them with a fixed seed and splits them in two halves:
``iran_places_fa_latin_dev.csv`` (for tuning) and ``iran_places_fa_latin_holdout.csv`` (for
reporting only). The split was made before any tuning on it.

These are place names, not person names: real romanisations of Persian words (compounds,
-abad, ezafe, the vowel و), used because no openly licensed Persian/Latin corpus of person
names was found (see README.md).
"""

from __future__ import annotations

import csv
import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 15


def main(folder: str) -> None:
    data = json.loads((Path(folder) / "iran_province_city_fa_en.json").read_text("utf-8"))
    pairs: dict[tuple[str, str], None] = {}
    for prov in data:
        pairs[(prov["province-fa"].strip(), prov["province-en"].strip())] = None
        for city in prov["cities"]:
            fa, en = city["city-fa"].strip(), city["city-en"].strip()
            if fa and en:
                pairs[(" ".join(fa.split()), en)] = None
    rows = sorted(pairs)
    random.Random(SEED).shuffle(rows)
    half = len(rows) // 2
    for part, chunk in (("dev", rows[:half]), ("holdout", rows[half:])):
        path = HERE / f"iran_places_fa_latin_{part}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["pair", "persian", "latin"])
            for i, (fa, en) in enumerate(chunk, start=1):
                w.writerow([i, fa, en])
    print(f"{len(rows)} distinct place-name pairs; wrote {half} dev, {len(rows) - half} hold-out")


if __name__ == "__main__":
    main(sys.argv[1])
