"""Quality of the name keys on real and hand-written name pairs.

Usage::

    PYTHONPATH=src python benchmarks/names_quality.py [--show-misses] [--dev]

**Headline key: ``name_skeleton``.** It is the key linkage relies on across scripts
(``src/undercount/link/settings.py``): the name comparison's level "same words reordered,
same skeleton, or another spelling agrees" asks ``name_skel_l = name_skel_r`` (or equal
with spaces removed: the "skel level" column, the "name_skeleton, spaces removed" line
below), the blocking rule ``blk_skel`` pairs records whose skeletons share their first and
last words, and ``blk_skel_flat`` pairs them on the skeleton without spaces. The target
of issue 15 is judged on the skeleton as written (the stricter of the two) on the two
person-name corpora across scripts; Arabic/Arabic and places are diagnostics.
``name_key`` (the level above it, and the ``blk_name_*`` rules) keeps long vowels and holds
between spellings of one convention; a Latin rendering of an Arabic-script name rarely
reproduces them, so across scripts linkage reaches the skeleton level, not the key.

Real pairs (``benchmarks/data/names/``, see its README): Arabic/Latin and Arabic/Arabic
same-person pairs from the Gaza Ministry of Health lists (public domain), Persian/Latin
same-person pairs from the Iran Memorial victim records (CC BY-SA 4.0), and Persian/Latin
pairs of Iranian place names (MIT; a second, smaller corpus of place names).
Printed on the hold-out half (``--dev``: on the tuning half) per script pair and per failure
class: agreement (share of same-person pairs whose keys are equal) and collision rate (share
of pairs of different people, one name from each side, whose keys are equal), against a
trivial baseline (lower-case exact match) and two peers a user would pick (``anyascii``, the
permissive ``unidecode``, then lower-case, letters only; and the same with vowels and
doubled letters dropped, a consonant skeleton built on the peer). Targets on real pairs:
agreement >= 0.95, collisions <= 1e-4.

Corpus: ``tests/data/names/name_pairs.csv`` (true variants and hard negatives; see its
README). Prints, against two peers in the same run:

* ``naive``: NFKD ASCII fold + Persian letter normalisation, exact string equality;
* ``rules only``: our key with the frequent-name table disabled (phonetic rules alone);
* ``name_key``: the shipped key;
* ``name_skeleton``: the cross-script and blocking key (expected: high recall, many
  false-equal on the written hard negatives, which differ only in vowels).

Recall = share of true variant pairs with equal keys; false-equal rate = share of hard
negative pairs with equal keys. Targets: recall >= 0.95, false-equal <= 0.02.
"""

from __future__ import annotations

import argparse
import csv
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

from undercount.normalize import (
    name_batch,
    name_key,
    name_skeleton,
    normalize_names,
    normalize_text,
    translit,
)
from undercount.normalize import names as names_mod

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "names"
REAL = Path(__file__).resolve().parent / "data" / "names"
CORPUS = DATA / "name_pairs.csv"
HOLDOUT = DATA / "name_pairs_holdout.csv"


def naive(text: str) -> str:
    t = unicodedata.normalize("NFKD", normalize_text(text).lower())
    return " ".join("".join(c for c in t if not unicodedata.combining(c)).split())


def _clear() -> None:
    for mod in (names_mod, name_batch, translit):
        for obj in vars(mod).values():
            if hasattr(obj, "cache_clear"):
                obj.cache_clear()


def rules_only(text: str) -> str:
    return name_key(text)


def score(rows: list[dict[str, str]], fn: Callable[[str], str]) -> dict[str, object]:
    by_kind: dict[str, list[bool]] = defaultdict(list)
    misses = []
    for r in rows:
        equal = fn(r["name_a"]) == fn(r["name_b"])
        by_kind[f"{r['label']}:{r['kind']}"].append(equal)
        if (r["label"] == "variant") != equal:
            misses.append((r["label"], r["name_a"], r["name_b"], fn(r["name_a"]), fn(r["name_b"])))
    var = [e for k, v in by_kind.items() if k.startswith("variant") for e in v]
    neg = [e for k, v in by_kind.items() if k.startswith("negative") for e in v]
    return {
        "recall": sum(var) / len(var),
        "false_equal": sum(neg) / len(neg),
        "by_kind": {k: sum(v) / len(v) for k, v in sorted(by_kind.items())},
        "misses": misses,
    }


def lower_exact(text: str) -> str:
    return " ".join(text.lower().split())


def anyascii_key(text: str) -> str | None:
    """The peer: transliterate to ASCII with ``anyascii`` (ISC licence; what ``unidecode``
    does, without its GPL), lower-case, letters only."""
    try:
        from anyascii import anyascii
    except ImportError:
        return None
    t = anyascii(text).lower()
    return " ".join("".join(c if c.isalpha() else " " for c in t).split())


def anyascii_consonants(text: str) -> str | None:
    """The peer's consonant skeleton: :func:`anyascii_key` with the vowels (and ``y``,
    ``w``) dropped and doubled letters collapsed, word by word."""
    t = anyascii_key(text)
    if t is None:
        return None
    words = (re.sub(r"(.)\1+", r"\1", re.sub("[aeiouyw]", "", w)) for w in t.split())
    return " ".join(w for w in words if w)


def _abd_alone(latin: str) -> bool:
    """``Abd`` written as a word of its own, not followed by an article: the Gaza English
    list writes عبدالكريم as ``Abd`` (the rest of the compound is lost)."""
    words = latin.lower().replace("-", " ").split()
    return any(
        w == "abd" and (i + 1 == len(words) or words[i + 1] not in ("al", "el", "ul", "ar"))
        for i, w in enumerate(words)
    )


# Failure classes of real Arabic-script names: a pair is in a class when its Arabic side
# shows the feature (a pair can be in several).
_AR_CLASSES: dict[str, Callable[[str, str], bool]] = {
    "final ة/ه (ta marbuta)": lambda a, b: any(w[-1] in "ةه" for w in a.split()),
    "alef maksura ى/ي": lambda a, b: "ى" in a or "ى" in b,
    "hamza on alef أ/إ/آ": lambda a, b: any(c in a + b for c in "أإآ"),
    "article ال": lambda a, b: any(w.startswith("ال") for w in a.split()),
    "abd/abu compounds": lambda a, b: "عبد" in a or "ابو" in a or "أبو" in a,
    "ض ذ ظ ث (d/dh/z/th)": lambda a, b: any(c in a for c in "ضذظث"),
    "و/ي as vowels": lambda a, b: any(c in w[1:-1] for w in a.split() for c in "وي"),
    "four words or more": lambda a, b: len(a.split()) >= 4,
    "spacing differs": lambda a, b: a.replace(" ", "") == b.replace(" ", "") and a != b,
    "letters lost (one side a subsequence)": lambda a, b: _lost_letters(a, b),
    "dots lost (شراب/سراب)": lambda a, b: _dots_lost(a, b),
    "child of (ابن/ابنه/بنت)": lambda a, b: a.split()[0].split("/")[0] in ("ابن", "ابنه", "ابنة"),
    "ع ء ئ ؤ (ʿayn, hamza)": lambda a, b: any(c in a for c in "عءئؤ"),
    "ق (Latin q, k, g)": lambda a, b: "ق" in a,
    "-allah, -din compounds": lambda a, b: "الله" in a or "الدين" in a,
    "Latin th / dh": lambda a, b: "th" in b.lower() or "dh" in b.lower(),
    "Latin kh / gh / sh": lambda a, b: any(d in b.lower() for d in ("kh", "gh", "sh")),
    "Latin doubled consonant": lambda a, b: bool(re.search(r"([b-df-hj-np-tv-z])\1", b.lower())),
    "Latin ee / oo / ou (long vowels)": lambda a, b: any(
        d in b.lower() for d in ("ee", "oo", "ou")
    ),
    "Latin Abd written alone": lambda a, b: _abd_alone(b),
}


# Letters that differ only in their dots (the June 2024 Gaza release lost dots: شراب ->
# سراب): each letter mapped to its dotless shape.
_DOTLESS = {  # letter -> its dotless shape
    **dict.fromkeys("بتثنيىیئپ", "ٮ"),
    **dict.fromkeys("جچخ", "ح"),
    "ذ": "د",
    **dict.fromkeys("زژ", "ر"),
    "ش": "س",
    "ض": "ص",
    "ظ": "ط",
    "غ": "ع",
    "ف": "ڡ",
    "ق": "ٯ",
    "ة": "ه",
}
_RASM = str.maketrans(_DOTLESS)


def _dots_lost(a: str, b: str) -> bool:
    """True when the two names are the same letters once dots are taken off."""
    a, b = normalize_text(a), normalize_text(b)  # ي/ى/ی, ة/ه, ك/ک are one letter already
    return a != b and a.translate(_RASM) == b.translate(_RASM)


def _lost_letters(a: str, b: str) -> bool:
    """True when one name is the other with letters dropped (the June 2024 Gaza release lost
    letters such as ر ز ى in some names: منير -> مني); no key can undo that."""
    x, y = "".join(a.split()), "".join(b.split())
    if len(x) == len(y) or x == y:
        return False
    short, long_ = (x, y) if len(x) < len(y) else (y, x)
    it = iter(long_)
    return all(c in it for c in short)


# Failure classes of real Persian-script words (place names) against their Latin spelling.
_FA_CLASSES: dict[str, Callable[[str, str], bool]] = {
    "compound: space in Persian, not in Latin": lambda a, b: " " in a and " " not in b,
    "compound: joined in Persian, split in Latin": lambda a, b: (
        " " not in a and ("-" in b or " " in b)
    ),
    "ezafe written in Latin (-e-)": lambda a, b: "-e-" in b or " e " in b,
    "-abad (آباد)": lambda a, b: "آباد" in a,
    "و inside a word": lambda a, b: any("و" in w[1:-1] for w in a.split()),
    "final ه": lambda a, b: any(w.endswith("ه") for w in a.split()),
    "final ی": lambda a, b: any(w.endswith("ی") for w in a.split()),
    "ZWNJ in the Persian": lambda a, b: "\u200c" in a,
    "ق غ (Latin q, gh, g)": lambda a, b: "ق" in a or "غ" in a,
    "Latin kh / gh / sh / zh / ch": lambda a, b: any(
        d in b.lower() for d in ("kh", "gh", "sh", "zh", "ch")
    ),
    "Latin doubled consonant": lambda a, b: bool(re.search(r"([b-df-hj-np-tv-z])\1", b.lower())),
}


_HONORIFIC_WORDS = frozenset(
    "سید سیده سادات حاج حاجی میر میرزا شیخ ملا seyed seyyed sayed sayyed seyedeh sadat haj haji"
    " hajj mir mirza sheikh molla mulla".split()
)
_AFFIXES_FA = ("پور", "زاده", "نژاد", "نیا", "فر", "وند", "ان", "لو", "زهی")


# Failure classes of real Persian person names against their Latin spelling (the Iran
# Memorial corpus): a pair is in a class when either side shows the feature.
_FA_PERSON_CLASSES: dict[str, Callable[[str, str], bool]] = {
    "compound: space in Persian, not in Latin": lambda a, b: (
        a.replace(" ", "") != a and len(a.split()) > len(b.replace("-", " ").split())
    ),
    "compound: joined in Persian, split in Latin": lambda a, b: (
        len(a.split()) < len(b.replace("-", " ").split())
    ),
    "ZWNJ in the Persian": lambda a, b: "\u200c" in a,
    "article: -od-din, -ol-lah, -ol-eslam (ال)": lambda a, b: any(
        "ال" in w[1:] or w.startswith("ال") for w in a.split()
    ),
    "و inside a word (o, u, ou, oo, v)": lambda a, b: any("و" in w[1:-1] for w in a.split()),
    "final ه": lambda a, b: any(w.endswith("ه") for w in a.split()),
    "final ی (-i, -ee, -y)": lambda a, b: any(w.endswith("ی") for w in a.split()),
    "affix -pour, -zadeh, -nejad, -nia, -far, -vand, -an, -lu": lambda a, b: any(
        w.endswith(x) or w.startswith("پور") for w in a.split() for x in _AFFIXES_FA
    ),
    "initials (M. / م.)": lambda a, b: "." in a or "." in b,
    "honorific (Seyed, Haj, Mir, ...)": lambda a, b: any(
        w in _HONORIFIC_WORDS for w in (a + " " + b).lower().replace("-", " ").split()
    ),
    "ع ء ئ أ (ʿayn, hamza)": lambda a, b: any(c in a for c in "عءئأؤ"),
    "Latin ' or ` (ʿayn, hamza written)": lambda a, b: "'" in b or "`" in b or "’" in b,
    "ق غ (Latin q, gh, g)": lambda a, b: "ق" in a or "غ" in a,
    "ث س ص / ذ ز ض ظ / ت ط / ح ه": lambda a, b: any(c in a for c in "ثصذضظطح"),
    "Latin doubled consonant": lambda a, b: bool(re.search(r"([b-df-hj-np-tv-z])\1", b.lower())),
    "Latin ee / oo / ou (long vowels)": lambda a, b: any(
        d in b.lower() for d in ("ee", "oo", "ou")
    ),
    "one word only": lambda a, b: len(a.split()) == 1 or len(b.split()) == 1,
    "three words or more": lambda a, b: len(a.split()) >= 3,
}


def real_scores(
    pairs: list[tuple[str, str]],
    fn: Callable[[str], str | None],
    classes: dict[str, Callable[[str, str], bool]] | None = None,
) -> dict[str, object] | None:
    """Agreement on same-person pairs, collisions across different people, per class."""
    ka = [fn(a) for a, _ in pairs]
    kb = [fn(b) for _, b in pairs]
    if any(k is None for k in ka):
        return None
    same = [x == y and bool(x) for x, y in zip(ka, kb, strict=True)]
    ca, cb = Counter(ka), Counter(kb)
    n = len(pairs)
    cross = sum(ca[k] * cb[k] for k in ca if k) - sum(same)
    by_class = {}
    for cls, has in (_AR_CLASSES if classes is None else classes).items():
        hits = [s for (a, b), s in zip(pairs, same, strict=True) if has(a, b)]
        if hits:
            by_class[cls] = (sum(hits) / len(hits), len(hits))
    misses = [(a, b, x, y) for (a, b), x, y, s in zip(pairs, ka, kb, same, strict=True) if not s]
    return {
        "agree": sum(same) / n,
        "collide": cross / (n * (n - 1)),
        "by_class": by_class,
        "misses": misses,
    }


def _read_pairs(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    return [(r[1], r[2]) for r in rows[1:]]


def part_scores(pairs: list[tuple[str, str]]) -> list[tuple[str, float, int]]:
    """Agreement of the keys of the given, father's and family names (what linkage compares
    part by part), over the pairs where both sides have that part."""
    from undercount.normalize.name_batch import _part_key

    out = []
    sides = [
        normalize_names([a for a, _ in pairs], parts=True),
        normalize_names([b for _, b in pairs], parts=True),
    ]
    for part in ("given", "father", "family"):
        both = [
            (_part_key(x), _part_key(y))
            for x, y in zip(sides[0][part], sides[1][part], strict=True)
            if x and y
        ]
        out.append((part, sum(x == y for x, y in both) / max(len(both), 1), len(both)))
    return out


def flat_key(text: str) -> str:
    """``name_key`` with the spaces taken out: what linkage compares as ``name_flat``
    (a compound written in one word or two keys the same)."""
    return name_key(text).replace(" ", "")


def flat_skeleton(text: str) -> str:
    """``name_skeleton`` with the spaces taken out (not compared by linkage today: shows
    what a comparison that forgives word boundaries would gain)."""
    return name_skeleton(text).replace(" ", "")


_REAL = (
    ("Arabic/Latin", "gaza_ar_latin", "Gaza MoH lists, person names, public domain", None),
    ("Arabic/Arabic", "gaza_ar_ar", "Gaza MoH releases, person names, public domain", None),
    (
        "Persian/Latin",
        "iran_memorial_fa_latin",
        "Iran Memorial victim records, person names, CC BY-SA 4.0",
        _FA_PERSON_CLASSES,
    ),
    (
        "Persian/Latin places",
        "iran_places_fa_latin",
        "Iranian provinces and cities, PLACE names, MIT",
        _FA_CLASSES,
    ),
)


HEADLINE = "name_skeleton (cross-script key)"
# the corpora issue 15 sets its target on: person names across scripts
_TARGETED = ("Arabic/Latin", "Persian/Latin")


def real_report(part: str, show_misses: bool) -> bool:
    """Print the real-pair figures; True when the headline key meets the targets on every
    script pair."""
    methods: list[tuple[str, Callable[[str], str | None]]] = [
        ("lower-case exact (trivial)", lower_exact),
        ("anyascii, lower-case (peer)", anyascii_key),
        ("anyascii, consonants (peer)", anyascii_consonants),
        (HEADLINE, name_skeleton),
        ("name_key (same-spelling key)", name_key),
        ("name_key, spaces removed (flat)", flat_key),
        ("name_skeleton, spaces removed", flat_skeleton),
    ]
    print(f"\nREAL pairs ({part} half; benchmarks/data/names/README.md)")
    scored = []
    for label, stem, what, classes in _REAL:
        pairs = _read_pairs(REAL / f"{stem}_{part}.csv")
        results = {}
        for name, fn in methods:
            res = real_scores(pairs, fn, classes)
            if res is not None:
                results[name] = res
        scored.append((label, stem, what, classes, pairs, results))

    print(
        "\nHEADLINE: name_skeleton, the key linkage compares across scripts (see the module"
        " docstring).\nTarget (issue 15): agreement >= 0.95 and collisions <= 1e-4 on the"
        " person-name corpora across scripts\n(Arabic/Latin, Persian/Latin); Arabic/Arabic"
        " (damaged releases) and places are diagnostics."
    )
    peers = [m for m, _ in methods[:3]]
    short = {peers[0]: "trivial", peers[1]: "anyascii", peers[2]: "anyascii-cons"}
    print(
        f"  {'script pair':21} {'pairs':>6} "
        + " ".join(f"{short[p]:>13}" for p in peers)
        + f" {'name_skeleton':>13} {'collisions':>11} {'skel level':>10} {'collisions':>11}  target"
    )
    ok = True
    for label, _stem, _what, _classes, pairs, results in scored:
        head = results[HEADLINE]
        level = results["name_skeleton, spaces removed"]
        met = head["agree"] >= 0.95 and head["collide"] <= 1e-4  # type: ignore[operator]
        targeted = label in _TARGETED
        if targeted:
            ok = ok and met
        verdict = ("met" if met else "NOT met") if targeted else "(diagnostic)"
        cells = " ".join(
            f"{results[p]['agree']:13.3f}" if p in results else f"{'(missing)':>13}" for p in peers
        )
        print(
            f"  {label:21} {len(pairs):6d} {cells} {head['agree']:13.3f}"
            f" {head['collide']:11.1e} {level['agree']:10.3f} {level['collide']:11.1e}  {verdict}"
        )
    print(
        "  (name_skeleton: skeletons equal as written; skel level: equal as written or once spaces"
        " are removed,\n  what linkage's skeleton level accepts and what blocking pairs on)"
    )

    for label, _stem, what, classes, pairs, results in scored:
        print(f"\n{label}: {len(pairs)} same-person pairs ({what})")
        print(f"  {'method':34} {'agreement':>10} {'collisions':>11}")
        for name, _fn in methods:
            if name not in results:
                print(f"  {name:34} {'(not installed)':>22}")
                continue
            res = results[name]
            print(f"  {name:34} {res['agree']:10.3f} {res['collide']:11.1e}")
        skel = results[HEADLINE]
        key = results["name_key (same-spelling key)"]
        flat = results["name_key, spaces removed (flat)"]
        level = results["name_skeleton, spaces removed"]
        peer = results.get(peers[2])  # the peer's consonant skeleton (None: not installed)
        print(
            f"  by failure class (agreement; pairs):    {'skeleton':>9} {'key':>6} {'flat':>6}"
            f" {'skel level':>10} {'trivial':>8} {'anyascii-cons':>13}"
        )
        for cls, (share, k) in skel["by_class"].items():  # type: ignore[attr-defined]
            k_share = key["by_class"][cls][0]  # type: ignore[index]
            f_share = flat["by_class"][cls][0]  # type: ignore[index]
            l_share = level["by_class"][cls][0]  # type: ignore[index]
            t_share = results[peers[0]]["by_class"][cls][0]  # type: ignore[index]
            p_cell = f"{peer['by_class'][cls][0]:13.3f}" if peer else f"{'-':>13}"  # type: ignore[index]
            print(
                f"    {cls:38} {share:9.3f} {k_share:6.3f} {f_share:6.3f} {l_share:10.3f}"
                f" {t_share:8.3f} {p_cell}  ({k})"
            )
        if classes is None:
            print("  name parts (share of pairs whose part keys agree, where both have it):")
            print(
                "    " + "   ".join(f"{p} {share:.3f} ({k})" for p, share, k in part_scores(pairs))
            )
        if show_misses:
            for miss in skel["misses"][:80]:  # type: ignore[index]
                print("    miss:", *miss, sep=" | ")
    print(
        "\nPersian/Latin places are one or two words, so their collision rate is higher than"
        " for full names of people."
    )
    return ok


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show-misses", action="store_true")
    ap.add_argument("--dev", action="store_true", help="report the tuning half, not hold-out")
    args = ap.parse_args(argv)
    real_ok = real_report("dev" if args.dev else "holdout", args.show_misses)
    print("\nWRITTEN pairs (tests/data/names, Persian/Latin, written for the tests):")
    with CORPUS.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    n_var = sum(r["label"] == "variant" for r in rows)
    print(f"corpus: {len(rows)} pairs, {n_var} true variants, {len(rows) - n_var} hard negatives")
    results = {"naive": score(rows, naive)}
    saved = (dict(translit.LATIN_ALIAS), dict(translit.LATIN_ALIAS_STEM))
    translit.LATIN_ALIAS.clear()
    translit.LATIN_ALIAS_STEM.clear()
    _clear()
    results["rules only (no name table)"] = score(rows, rules_only)
    translit.LATIN_ALIAS.update(saved[0])
    translit.LATIN_ALIAS_STEM.update(saved[1])
    _clear()
    results["name_key"] = score(rows, name_key)
    results["name_skeleton (blocking)"] = score(rows, name_skeleton)
    print(f"{'method':32} {'recall':>8} {'false-equal':>12}")
    for name, res in results.items():
        print(f"{name:32} {res['recall']:8.3f} {res['false_equal']:12.3f}")
    print("\nname_key by pair kind (share with equal keys):")
    for kind, share in results["name_key"]["by_kind"].items():  # type: ignore[union-attr]
        print(f"  {kind:24} {share:.3f}")
    if args.show_misses:
        for miss in results["name_key"]["misses"]:  # type: ignore[union-attr]
            print("  miss:", *miss)
    with HOLDOUT.open(encoding="utf-8") as fh:
        hold = list(csv.DictReader(fh))
    h_naive, h_key = score(hold, naive), score(hold, name_key)
    print(f"\nhold-out corpus ({len(hold)} pairs, written after the rules; see its README):")
    print(f"{'naive':32} {h_naive['recall']:8.3f} {h_naive['false_equal']:12.3f}")
    print(f"{'name_key':32} {h_key['recall']:8.3f} {h_key['false_equal']:12.3f}")
    if args.show_misses:
        for miss in h_key["misses"]:  # type: ignore[union-attr]
            print("  miss:", *miss)
    ok = results["name_key"]["recall"] >= 0.95 and results["name_key"]["false_equal"] <= 0.02
    print(f"\nwritten targets (recall >= 0.95, false-equal <= 0.02): {'met' if ok else 'NOT met'}")
    print(
        "real targets (name_skeleton: agreement >= 0.95, collisions <= 1e-4 on every"
        " script pair): " + ("met" if real_ok else "NOT met")
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
