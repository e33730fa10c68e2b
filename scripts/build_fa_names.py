"""Build the Persian name lexicon of the extractor (``src/undercount/normalize/data/fa_names.tsv``; the extractor finds people with it and the name skeleton cuts glued given names with its ``p`` rows).

    python scripts/build_fa_names.py --persian-names WHEEL_OR_DIR [--min-given 3] [--min-family 3]

Sources (both openly licensed; only single name *parts* are kept, never a whole person):

* **Iran Memorial** victim records, the Persian side of
  ``benchmarks/data/names/iran_memorial_fa_latin_{dev,holdout}.csv`` (6,000 real names;
  Iran Memorial contributors, GitHub ``pedramholi/iran-memorial``, **CC BY-SA 4.0**, see
  that folder's README). The first word of a name is counted as a given name, the last word
  (of names with two or more words) as a family name; a part is kept when it is the given
  (family) name of at least ``--min-given`` (``--min-family``) different records. A part
  seen that often is a name many people bear, not a trace of one person.
  The first word of the Latin spelling of a name, kept on the same count, is a Latin given
  name (``gl``: ``Hossein``, ``Hosein``, ``Sa'id``; titles and month names aside).
* The PyPI package **persian-names** 1.5.1 (Arman Yazdi, **MIT**,
  https://github.com/armanyazdi/persian-names): its Persian-script given-name lists
  ``data/male_fa.txt`` and ``data/female_fa.txt`` (665 names). Pass the downloaded wheel
  (``pip download persian-names==1.5.1 --no-deps``) or an unpacked folder.

Cleaning (the same for both sources): Arabic ي/ك folded to Persian ی/ک; words with a dot
(initials) or under two letters dropped; honorifics that open names (سید, میر, حاج, …) are
not given names; family-name *fragments* (the suffix of a name whose space replaced a
zero-width non-joiner: زاده, پور, آبادی, …) and words of three letters or fewer are not
family names; and ``_COMMON_WORDS``, ordinary Persian words that are also names (ایران,
باران, آزاد, امید, …), are dropped from both lists, since as a cue they would turn prose into
a name. The output is sorted and deterministic.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MEMORIAL = [
    ROOT / "benchmarks" / "data" / "names" / f"iran_memorial_fa_latin_{p}.csv"
    for p in ("dev", "holdout")
]
OUT = ROOT / "src" / "undercount" / "normalize" / "data" / "fa_names.tsv"

_FOLD = str.maketrans({"ي": "ی", "ك": "ک", "ى": "ی"})
_HONORIFICS = frozenset("سید سیده میر حاج حاجی آقا شیخ ملا مولوی مولانا میرزا بی بیبی".split())
# the tail of a family name split at a lost zero-width non-joiner, never a family name alone
_FRAGMENTS = frozenset(
    "زاده پور نژاد آبادی نیا فر زهی بخش خانی ای وند لو زادگان آباد الدینی الاسلامی دوست "
    "پرور پیشه راد مهر منش کیا".split()
)
# Ordinary words (nouns, adjectives, place names) that are also given or family names.
_COMMON_WORDS = frozenset(
    "ایران باران بهار دریا طلا نور ستاره نسیم سحر صبا نفس پری گندم ساحل سایه عسل لاله گلی "
    "کمند هستی هما سما تابان آرزو امید آزاد جهان سلطان اسلام فردوس سعادت رستگار ایزد قادر "
    "اسد عوض ظاهر روح زین مقصود رحمت نعمت عزیز جمال کمال عادل صادق شجاع فاضل پاشا پروانه "
    "سلامت داور جانی خان پیشه کوچکی آرام بینا درنا ترنج ندا گوهر لادن مژده نگار نهال نیکو "
    "نیکی هدیه عاطفه خاطره شادی ستایش سوگند مروارید یاس غزل دلارام فرشته شبنم شکوفه "
    "تهرانی شیرازی اصفهانی کرمانی خراسانی عراقی ترک لر کرد عرب بلوچ حاجی مقدم مقدس امامی "
    "وکیل قاضی معلم الله شاه گل خیر صفر فتح فضل قدرت عزت حجت هدایت مراد ولی امان خورشید "
    "نوروز شمس فیض صلاح مظاهر توحید جمعه رمضان محرم آذر بهمن ایمان نبی ناجی مسلم عمر جاوید "
    "پیمان دارا پندار فراز فرهنگ گیتی آوا رها سنا سودا مهتاب کوثر معراج سیف آزادی خواه پرست "
    "پناه عربی فارسی روستایی رهبر کهنسال نجات براه علمی الهی اسلامی بشری".split()
)


# Latin first words of the memorial's names that are titles, honorifics or month names
_LATIN_NOT_GIVEN = frozenset(
    "Allah Aqa Agha Haj Haji Hajj Mir Mirza Seyed Seyyed Sayed Sayyed Sheikh Mulla Molla Mowlavi "
    "Azar Bahman Mehr Gol Khorshid Jom'eh Jomeh".split()
)
_LATIN_WORD = re.compile(r"[A-Z][a-z]+(?:['’-][a-z]+)*")


def _parts(name: str) -> list[str]:
    return [w for w in name.translate(_FOLD).split() if "." not in w and len(w) >= 2]


def memorial_counts() -> tuple[Counter[str], Counter[str], Counter[str]]:
    """Given- and family-name counts over the Iran Memorial names (one count per record), and
    the counts of the first word of their Latin spelling."""
    given: Counter[str] = Counter()
    family: Counter[str] = Counter()
    latin: Counter[str] = Counter()
    for path in MEMORIAL:
        with path.open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                lat = row["latin"].split()
                if len(lat) >= 2 and _LATIN_WORD.fullmatch(lat[0]):
                    latin[lat[0]] += 1
                words = _parts(row["persian"])
                while words and words[0] in _HONORIFICS:
                    words = words[1:]
                if len(words) < 2:
                    continue
                given[words[0]] += 1
                family[words[-1]] += 1
    return given, family, latin


def persian_names_given(source: Path) -> set[str]:
    """The Persian-script given names of the ``persian-names`` package (wheel or folder)."""
    texts = []
    files = ("persian_names/data/male_fa.txt", "persian_names/data/female_fa.txt")
    if source.is_file():
        with zipfile.ZipFile(source) as z:
            texts = [z.read(f).decode("utf-8") for f in files]
    else:
        texts = [(source / f).read_text(encoding="utf-8") for f in files]
    out: set[str] = set()
    for t in texts:
        for line in io.StringIO(t):
            w = line.strip().translate(_FOLD)
            if w and " " not in w and len(w) >= 2:
                out.add(w)
    return out


def build(persian_names: Path, min_given: int, min_family: int) -> list[tuple[str, str, str]]:
    """Rows ``(kind, name, source)``: kind ``g``, ``f`` or ``gl`` (a given name in Latin
    script), source ``m`` (memorial), ``p``
    (persian-names) or ``mp`` (both)."""
    given, family, latin = memorial_counts()
    pn = persian_names_given(persian_names)
    rows: list[tuple[str, str, str]] = []
    g_mem = {w for w, c in given.items() if c >= min_given}
    for w in sorted((g_mem | pn) - _COMMON_WORDS - _HONORIFICS):
        src = ("m" if w in g_mem else "") + ("p" if w in pn else "")
        rows.append(("g", w, src))
    for w, c in sorted(family.items()):
        if c < min_family or len(w) <= 3 or w in _FRAGMENTS or w in _COMMON_WORDS:
            continue
        if w in _HONORIFICS:
            continue
        rows.append(("f", w, "m"))
    for w, c in sorted(latin.items()):
        if c >= min_given and w not in _LATIN_NOT_GIVEN:
            rows.append(("gl", w, "m"))
    return rows


HEADER = """\
# Persian given (g) and family (f) names, and Latin given names (gl), for person detection; built by
# scripts/build_fa_names.py (see its docstring). Single name parts only, never whole persons.
# Sources: Iran Memorial victim records (pedramholi/iran-memorial, CC BY-SA 4.0; parts borne
# by >= {mg} (given) / >= {mf} (family) of 6,000 records in
# benchmarks/data/names/iran_memorial_fa_latin_{{dev,holdout}}.csv) = m; PyPI persian-names
# 1.5.1 (Arman Yazdi, MIT) Persian given-name lists = p. This file: CC BY-SA 4.0 (it adapts
# the memorial's names), attribution as above.
# kind\tname\tsource
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--persian-names", type=Path, required=True)
    ap.add_argument("--min-given", type=int, default=3)
    ap.add_argument("--min-family", type=int, default=3)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    rows = build(args.persian_names, args.min_given, args.min_family)
    with args.out.open("w", encoding="utf-8") as f:
        f.write(HEADER.format(mg=args.min_given, mf=args.min_family))
        for kind, name, src in rows:
            f.write(f"{kind}\t{name}\t{src}\n")


if __name__ == "__main__":
    main()
