"""Quality of ``name_key`` (and ``name_skeleton``) on the hand-written pair corpus.

Usage::

    PYTHONPATH=src python benchmarks/names_quality.py [--show-misses]

Corpus: ``tests/data/names/name_pairs.csv`` (true variants and hard negatives; see its
README). Prints, against two peers in the same run:

* ``naive``: NFKD ASCII fold + Persian letter normalisation, exact string equality;
* ``rules only``: our key with the frequent-name table disabled (phonetic rules alone);
* ``name_key``: the shipped key;
* ``name_skeleton``: the blocking key (expected: high recall, many false-equal).

Recall = share of true variant pairs with equal keys; false-equal rate = share of hard
negative pairs with equal keys. Targets: recall >= 0.95, false-equal <= 0.02.
"""

from __future__ import annotations

import argparse
import csv
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from undercount.normalize import name_key, name_skeleton, normalize_text, translit
from undercount.normalize import names as names_mod

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "names"
CORPUS = DATA / "name_pairs.csv"
HOLDOUT = DATA / "name_pairs_holdout.csv"


def naive(text: str) -> str:
    t = unicodedata.normalize("NFKD", normalize_text(text).lower())
    return " ".join("".join(c for c in t if not unicodedata.combining(c)).split())


def _clear() -> None:
    for mod in (names_mod, translit):
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show-misses", action="store_true")
    args = ap.parse_args(argv)
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
    print(f"\ntargets (recall >= 0.95, false-equal <= 0.02): {'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
