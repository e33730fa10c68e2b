"""Build the Persian <-> Latin person-name corpus from the Iran Memorial victim records.

Usage::

    python benchmarks/data/names/make_memorial_pairs.py /path/to/iran-memorial/data/victims

Reads the victim records of ``pedramholi/iran-memorial`` (one YAML file per person, with
``name_latin`` and ``name_farsi``; the files as of commit 712eca0a, the last one that holds
them; **CC BY-SA 4.0**, see README.md), keeps the pairs where both names are written,
drops names in parentheses (aliases: the importer keeps them apart, see
``undercount.normalize.aliases``) and the names that say "unknown", and groups the records
into identities: two records whose Persian spellings are equal (spaces, ZWNJ and the
Arabic/Persian forms of ی and ک aside) or whose Latin spellings are equal (case and
punctuation aside) are one identity, so a person recorded twice, by two sources, is never
split across the halves nor counted as two different people. One pair is kept per identity
(drawn with a fixed seed), 6,000 identities are drawn with the same seed and split in two
halves **before any tuning**: ``iran_memorial_fa_latin_dev.csv`` (for tuning) and
``iran_memorial_fa_latin_holdout.csv`` (for reporting only). Only names are written: no
date, place, story or link.

Known quirk, kept so that the split stays reproducible: 43 records whose Latin name is a
YAML null followed by a comment (``name_latin: null  # needs transliteration``) are read
with that text as their Latin name; sharing it, they form one identity (56 records with
the ones chained to them), whose drawn pair falls outside the 6,000: no row of the two
files comes from it.
"""

from __future__ import annotations

import csv
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
N = 6000
SEED = 15

_FIELD = re.compile(r'^(name_latin|name_farsi|updated_by):[ \t]*"?(.*?)"?[ \t]*$', re.M)
_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_UNKNOWN = {"unknown", "unnamed", "ناشناس", "نامعلوم", "نامشخص", "null"}
# The importers that wrote the records: two romanisation conventions.
_CONVENTION = {
    "boroumand-import": "boroumand",
    "boroumand-photo-import": "boroumand",
    "iranvictims-csv-import": "iranvictims",
}


def _clean(text: str) -> str:
    """The name without aliases in parentheses, YAML escapes or stray backslashes (a
    scraping artefact: ``Bakhsha\\'i``)."""
    text = text.replace('\\"', '"').replace("\\", "")
    return " ".join(_PAREN.sub(" ", text).split())


def _fa_id(text: str) -> str:
    t = text.replace("\u200c", "").replace("ي", "ی").replace("ك", "ک").replace("ى", "ی")
    return "fa:" + "".join(t.split())


def _latin_id(text: str) -> str:
    return "la:" + "".join(c for c in text.lower() if c.isalpha())


def read_records(folder: Path) -> list[tuple[str, str, str]]:
    """(Persian, Latin, convention) for every record with both names usable."""
    out = []
    for path in sorted(folder.rglob("*.yaml")):
        fields = dict(_FIELD.findall(path.read_text("utf-8")))
        fa = _clean(fields.get("name_farsi", ""))
        la = _clean(fields.get("name_latin", ""))
        if not fa or not la or fa.lower() in _UNKNOWN or la.lower() in _UNKNOWN:
            continue
        if not _ARABIC.search(fa) or _ARABIC.search(la) or re.search("[A-Za-z]", fa):
            continue
        if not re.search("[A-Za-z]", la):
            continue
        out.append((fa, la, _CONVENTION.get(fields.get("updated_by", ""), "other")))
    return out


def identities(records: list[tuple[str, str, str]]) -> list[list[tuple[str, str, str]]]:
    """Records grouped by shared Persian or shared Latin spelling (union-find)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for fa, la, _ in records:
        a, b = find(_fa_id(fa)), find(_latin_id(la))
        if a != b:
            parent[a] = b
    groups: dict[str, set[tuple[str, str, str]]] = {}
    for rec in records:
        groups.setdefault(find(_fa_id(rec[0])), set()).add(rec)
    return [sorted(g) for _, g in sorted(groups.items())]


def main(folder: str) -> None:
    records = read_records(Path(folder))
    groups = identities(records)
    rng = random.Random(SEED)
    chosen = [rng.choice(g) for g in groups]
    rng.shuffle(chosen)
    chosen = chosen[:N]
    for part, rows in (("dev", chosen[: N // 2]), ("holdout", chosen[N // 2 :])):
        path = HERE / f"iran_memorial_fa_latin_{part}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["pair", "persian", "latin", "convention"])
            for i, row in enumerate(rows, start=1):
                w.writerow([i, *row])
    print(
        f"{len(records)} records with both names, {len(groups)} identities;"
        f" wrote {N // 2} dev and {N - N // 2} hold-out pairs"
    )


if __name__ == "__main__":
    main(sys.argv[1])
