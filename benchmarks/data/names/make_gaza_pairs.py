"""Build the Arabic <-> Latin name-pair corpus from the Gaza Ministry of Health lists.

Usage::

    python benchmarks/data/names/make_gaza_pairs.py /path/to/shared/data/real/gaza

Reads both releases, keeps one (Arabic ``name``, Latin ``en_name``) pair per identity (rows
whose id is all digits; the id itself is not written out), draws 6,000 identities with a
fixed seed and splits them in two halves: ``gaza_ar_latin_dev.csv`` (for tuning) and
``gaza_ar_latin_holdout.csv`` (for reporting only). The split was made before any tuning.
Also writes ``gaza_ar_ar_{dev,holdout}.csv``: every identity whose Arabic name differs
between the two releases (raw, as the ministry wrote it), split in two halves the same way.
"""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
N = 6000
SEED = 15


def main(folder: str) -> None:
    pairs: dict[str, tuple[str, str]] = {}
    releases: list[dict[str, str]] = [{}, {}]
    for k, f in enumerate(("20240413killed-in-gaza.csv", "20240808killed-in-gaza.csv")):
        with (Path(folder) / f).open(encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                name, latin = " ".join(r["name"].split()), " ".join(r["en_name"].split())
                if r["id"].isdigit() and name and latin:
                    pairs.setdefault(r["id"], (name, latin))
                    releases[k][r["id"]] = r["name"]
    ids = sorted(pairs)
    random.Random(SEED).shuffle(ids)
    chosen = ids[:N]
    for part, rows in (("dev", chosen[: N // 2]), ("holdout", chosen[N // 2 :])):
        with (HERE / f"gaza_ar_latin_{part}.csv").open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["pair", "arabic", "latin"])
            for i, k in enumerate(rows, start=1):
                w.writerow([i, *pairs[k]])
    print(f"{len(pairs)} identities; wrote {N // 2} dev and {N - N // 2} hold-out pairs")
    # Arabic <-> Arabic: the same identity written differently in the two releases.
    changed = sorted(
        k for k in releases[0].keys() & releases[1].keys() if releases[0][k] != releases[1][k]
    )
    random.Random(SEED).shuffle(changed)
    half = len(changed) // 2
    for part, rows in (("dev", changed[:half]), ("holdout", changed[half:])):
        with (HERE / f"gaza_ar_ar_{part}.csv").open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["pair", "release_2", "release_4"])
            for i, k in enumerate(rows, start=1):
                w.writerow([i, releases[0][k], releases[1][k]])
    print(f"{len(changed)} identities written differently in the two releases: split in two")


if __name__ == "__main__":
    main(sys.argv[1])
