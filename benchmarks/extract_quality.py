"""Precision and recall of extraction against the labelled evaluation set.

Usage::

    python benchmarks/extract_quality.py [--split dev|heldout|all] [--errors] [--json]

The evaluation set (tests/data/extract/eval_en.jsonl, eval_fa.jsonl) holds synthetic passages
in the style of news and NGO reports, each with the expected claims, named victims and quotes.
Every third passage is held out (``"split": "heldout"``): rules were tuned on ``dev`` only.

Scoring:

- a claim is right when value (bounds for a range), outcome and attribution are all right;
  attributions compare after alias resolution, case-folding, dropping articles and plural
  ``s``; an expected attribution that ends the predicted one also counts ("police chief" in
  "the city's police chief");
- a named victim is right when the name matches (case-insensitive);
- a quote is right when its text matches (punctuation-insensitive, or one contains the
  other) and its speaker matches as attributions do.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from undercount.extract import extract, load_actors  # noqa: E402

DATA = ROOT / "tests" / "data" / "extract"
ACTORS = load_actors()


def load(paths: list[Path] | None = None) -> list[dict[str, Any]]:
    out = []
    for p in paths or sorted(DATA.glob("eval_*.jsonl")):
        with p.open(encoding="utf-8") as f:
            out.extend(json.loads(line) for line in f if line.strip())
    return out


def _norm_name(s: str | None) -> str:
    if not s:
        return ""
    r = ACTORS.resolve(s)
    if r:
        s = r
    s = s.lower().replace("’", "'").replace("\u200c", " ")
    s = re.sub(r"'s\b", "", s)
    s = re.sub(r"[^\w\s]", " ", s)
    words = [w for w in s.split() if w not in ("the", "a", "an", "one", "two", "three", "some")]
    if words:
        w = words[-1]
        if w.endswith("sses"):
            w = w[:-2]
        elif w.endswith("s") and not w.endswith("ss") and len(w) > 3:
            w = w[:-1]
        words[-1] = w
    return " ".join(words)


def same_actor(expected: str | None, predicted: str | None) -> bool:
    e, p = _norm_name(expected), _norm_name(predicted)
    if not e or not p:
        return e == p
    return e == p or p.endswith(" " + e)


def _value(d: dict[str, Any]) -> Any:
    v = d["value"]
    return tuple(v) if isinstance(v, list) else float(v)


def _pred_value(c: dict[str, Any]) -> Any:
    if c["qualifier"] == "range":
        return (float(c["low"]), float(c["high"]))
    return float(c["value"])


def _claim_ok(e: dict[str, Any], p: dict[str, Any]) -> bool:
    ev, pv = _value(e), _pred_value(p)
    if isinstance(ev, tuple) != isinstance(pv, tuple):
        return False
    if isinstance(ev, tuple):
        if tuple(map(float, ev)) != pv:
            return False
    elif ev != pv:
        return False
    return e["outcome"] == p["outcome"] and same_actor(e["attributed_to"], p["attributed_to"])


def _text_norm(s: str) -> str:
    return re.sub(r"[\W_]+", " ", s.lower()).strip()


def _quote_ok(e: dict[str, Any], p: dict[str, Any]) -> bool:
    et, pt = _text_norm(e["text"]), _text_norm(p["text"])
    text_ok = et == pt or (et and pt and (et in pt or pt in et))
    sp = same_actor(e["speaker"], p.get("speaker")) or same_actor(
        e["speaker"], p.get("speaker_canonical")
    )
    return bool(text_ok) and sp


def _victim_ok(e: str, p: dict[str, Any]) -> bool:
    return _text_norm(e) == _text_norm(p["name"])


def match(expected: list[Any], predicted: list[Any], ok: Any) -> tuple[int, list[Any], list[Any]]:
    """Greedy one-to-one matching: (true positives, missed expected, wrong predicted)."""
    used = [False] * len(predicted)
    missed = []
    tp = 0
    for e in expected:
        for i, p in enumerate(predicted):
            if not used[i] and ok(e, p):
                used[i] = True
                tp += 1
                break
        else:
            missed.append(e)
    wrong = [p for i, p in enumerate(predicted) if not used[i]]
    return tp, missed, wrong


def evaluate(passages: list[dict[str, Any]], show_errors: bool = False) -> dict[str, Any]:
    counts: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    for ps in passages:
        x = extract(ps["text"], published_on=ps.get("published_on"), publisher=ps.get("publisher"))
        d = x.to_dict()
        victims = [p for p in d["people"] if p["role"] == "victim"]
        groups = [
            (ps["split"], ps["lang"]),
            ("all", ps["lang"]),
            (ps["split"], "all"),
            ("all", "all"),
        ]
        for kind, exp, pred, ok in (
            ("claims", ps["claims"], d["claims"], _claim_ok),
            ("victims", ps["victims"], victims, _victim_ok),
            ("quotes", ps["quotes"], d["quotes"], _quote_ok),
        ):
            tp, missed, wrong = match(exp, pred, ok)
            for g in groups:
                c = counts[f"{g[0]}/{g[1]}"][kind]
                c[0] += tp
                c[1] += len(pred)
                c[2] += len(exp)
            if show_errors and (missed or wrong):
                print(f"--- {ps['id']} [{ps['split']}] {kind}")
                print("    text:", ps["text"][:300])
                for m in missed:
                    print("    MISSED:", m)
                for w in wrong:
                    short = {
                        k: w.get(k)
                        for k in (
                            "value",
                            "low",
                            "high",
                            "qualifier",
                            "outcome",
                            "attributed_to",
                            "name",
                            "role",
                            "text",
                            "speaker",
                        )
                        if k in w
                    }
                    print("    WRONG: ", short)
    result: dict[str, Any] = {}
    for group, kinds in sorted(counts.items()):
        result[group] = {}
        for kind, (tp, npred, nexp) in kinds.items():
            prec = tp / npred if npred else 1.0
            rec = tp / nexp if nexp else 1.0
            result[group][kind] = {
                "precision": round(prec, 3),
                "recall": round(rec, 3),
                "tp": tp,
                "predicted": npred,
                "expected": nexp,
            }
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=["dev", "heldout", "all"], default="all")
    ap.add_argument("--errors", action="store_true", help="print every miss and false hit")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    passages = load()
    if args.split != "all":
        passages = [p for p in passages if p["split"] == args.split]
    res = evaluate(passages, show_errors=args.errors)
    if args.json:
        print(json.dumps(res, indent=2))
        return
    n_en = sum(p["lang"] == "en" for p in passages)
    n_fa = sum(p["lang"] == "fa" for p in passages)
    print(f"passages: {len(passages)} ({n_en} English, {n_fa} Persian)")
    print(f"{'group':<16}{'kind':<9}{'precision':>10}{'recall':>8}{'tp':>5}{'pred':>6}{'exp':>5}")
    for group, kinds in res.items():
        for kind, m in kinds.items():
            print(
                f"{group:<16}{kind:<9}{m['precision']:>10.3f}{m['recall']:>8.3f}{m['tp']:>5}"
                f"{m['predicted']:>6}{m['expected']:>5}"
            )


if __name__ == "__main__":
    main()
