"""How far two people labelling the same real texts agree: the ceiling of extract_quality.py.

Usage::

    python benchmarks/extract_agreement.py [--first-form-only]

``tests/data/extract/real/second/labels_b15_b16_sample.jsonl`` holds a second, blind labelling of
20 texts of the held-out batches 15 and 16 (13 English, 7 Persian; drawn with ``random.seed(22)``),
made by an engineer who saw only the texts and the labelling conventions of the set's README,
never the reference labels or the extractor's output. The reference labels are scored against
it with the rules of ``benchmarks/extract_quality.py`` (a claim is *found* when value and
outcome agree; a source or speaker agrees when either labelling's acceptable forms name the
same actor), and the extractor on the same 20 texts is printed beside it: if people agree
where the extractor does not, the targets of issue 16 measure the extractor, not the labels.

``--first-form-only`` keeps only the first of the second labelling's acceptable forms (a
stricter comparison: a list of forms makes agreement easier).

Both labellings come from engineers who read the same README, so this measures how
reproducible the conventions are, not how far independent annotators from different
organisations would agree.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.extract_quality import (  # noqa: E402
    _options,
    _quote_found,
    _text_norm,
    _value,
    evaluate,
    load_real,
    match,
    same_actor,
)

SECOND = ROOT / "tests" / "data" / "extract" / "real" / "second" / "labels_b15_b16_sample.jsonl"


def agreement(
    reference: dict[str, dict[str, Any]], second: list[dict[str, Any]], first_form_only: bool
) -> dict[str, float]:
    """Agreement of ``second`` with ``reference`` (as recall and precision of its items)."""

    def forms(x: Any) -> list[Any]:
        return _options(x)[:1] if first_form_only else _options(x)

    def claim_found(e: dict[str, Any], p: dict[str, Any]) -> bool:
        return _value(e) == _value(p) and bool(
            set(_options(e["outcome"])) & set(_options(p["outcome"]))
        )

    def claim_ok(e: dict[str, Any], p: dict[str, Any]) -> bool:
        return claim_found(e, p) and any(
            same_actor(e["attributed_to"], x) for x in forms(p["attributed_to"])
        )

    def quote_ok(e: dict[str, Any], p: dict[str, Any]) -> bool:
        return _quote_found(e, p) and any(same_actor(e["speaker"], x) for x in forms(p["speaker"]))

    def name_ok(e: Any, p: Any) -> bool:
        return any(_text_norm(x) == _text_norm(y) for x in _options(e) for y in forms(p))

    n: dict[str, int] = dict.fromkeys(
        ["ca", "cb", "cf", "cr", "qa", "qb", "qf", "qr", "pa", "pb", "pf", "va", "vb", "vf"], 0
    )
    for b in second:
        a = reference[b["id"]]
        n["ca"] += len(a["claims"])
        n["cb"] += len(b["claims"])
        n["cf"] += match(a["claims"], b["claims"], claim_found)[0]
        n["cr"] += match(a["claims"], b["claims"], claim_ok)[0]
        n["qa"] += len(a["quotes"])
        n["qb"] += len(b["quotes"])
        n["qf"] += match(a["quotes"], b["quotes"], _quote_found)[0]
        n["qr"] += match(a["quotes"], b["quotes"], quote_ok)[0]
        for k, key in (("p", "people"), ("v", "victims")):
            n[k + "a"] += len(a.get(key, []))
            n[k + "b"] += len(b.get(key, []))
            n[k + "f"] += match(a.get(key, []), b.get(key, []), name_ok)[0]

    def r(x: int, y: int) -> float:
        return x / y if y else float("nan")

    return {
        "claims P": r(n["cr"], n["cb"]),
        "claims R": r(n["cr"], n["ca"]),
        "found P": r(n["cf"], n["cb"]),
        "found R": r(n["cf"], n["ca"]),
        "attribution": r(n["cr"], n["cf"]),
        "speakers": r(n["qr"], n["qa"]),
        "people P": r(n["pf"], n["pb"]),
        "people R": r(n["pf"], n["pa"]),
        "victims P": r(n["vf"], n["vb"]),
        "victims R": r(n["vf"], n["va"]),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--first-form-only", action="store_true")
    args = ap.parse_args()
    second = [json.loads(x) for x in SECOND.read_text(encoding="utf-8").splitlines() if x.strip()]
    real = load_real()
    reference = {p["id"]: p for p in real}
    ids = {b["id"] for b in second}
    sample = [p for p in real if p["id"] in ids]
    res = evaluate(sample)["heldout/all"]
    base = evaluate(sample, system="baseline")["heldout/all"]

    def row(d: dict[str, Any]) -> dict[str, float]:
        c, q, pp, v = d["claims"], d["quotes"], d["people"], d["victims"]
        return {
            "claims P": c["precision"],
            "claims R": c["recall"],
            "found P": c["found_precision"],
            "found R": c["found_recall"],
            "attribution": c["attribution"],
            "speakers": q["speaker"],
            "people P": pp["precision"],
            "people R": pp["recall"],
            "victims P": v["precision"],
            "victims R": v["recall"],
        }

    rows = {
        "second labeller": agreement(reference, second, args.first_form_only),
        "extractor": row(res),
        "trivial baseline": row(base),
    }
    cols = list(rows["extractor"])
    print(f"{len(second)} held-out texts labelled twice (reference = batches 15 and 16's labels)")
    print(f"{'':<18}" + "".join(f"{c:>12}" for c in cols))
    for name, vals in rows.items():
        print(f"{name:<18}" + "".join(f"{vals[c]:>12.2f}" for c in cols))
    print("targets (issue 16): claims P 0.95, R 0.85, attribution 0.90, speakers 0.95")


if __name__ == "__main__":
    main()
