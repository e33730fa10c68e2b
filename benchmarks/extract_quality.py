"""Precision and recall of extraction: the real evaluation set first, the synthetic one beside it.

Usage::

    python benchmarks/extract_quality.py [--set real|synthetic|all] [--split dev|heldout|all]
                                         [--errors] [--json] [--sources rules|learned]

The **real** set (``tests/data/extract/real/``) holds excerpts of published texts (news,
NGO, UN, VOA; English and Persian) labelled by hand; its dev/held-out split was fixed before
the rules saw each batch (see its README); each batch's parts are also scored on their own
(``dev/bN``, ``heldout/bN``). Texts once held out and later retired into dev (``was_heldout``:
the held-out parts of batches 1 to 14, read for rules from stop 22 on) are also scored
together as ``retired/*``, so their figures stay comparable with those published while they
were held out. The **synthetic** set (``tests/data/extract/eval_*``)
holds passages written for the tests. Every run prints, for each set and split, the extractor
and, in the same run, a trivial baseline: every number within four words of an outcome word
is a claim, attributed to the publisher.

Scoring:

- claims are *found* when value (bounds for a range) and outcome match; *right* when the
  attribution matches too. ``claims P/R`` count right claims, ``fndP/fndR`` found ones, and
  ``attr`` is the share of found claims whose attribution is right.
  Attributions compare after alias resolution, case-folding, dropping articles and plural
  ``s``; an expected attribution that ends the predicted one also counts ("police chief" in
  "the city's police chief"). A label may list several acceptable answers.
- ``bad`` counts extracted claims whose number is a percentage, a year or a population;
  ``src_err`` the found claims given a wrong source (``--json``: ``source_errors``; found
  claims left with no source are ``source_empty``: a miss, but not a wrong statement).
- quotes are found when the text matches (one contains the other, punctuation aside);
  ``spk`` is the share of expected quotes found with the right speaker (an empty speaker is a
  miss), ``spk_err`` the count found with a wrong, non-empty speaker.
- people (real set) and victims compare names case-insensitively, punctuation aside.
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
from undercount.extract.numbers import ascii_digits  # noqa: E402

DATA = ROOT / "tests" / "data" / "extract"
ACTORS = load_actors()


def load(paths: list[Path] | None = None) -> list[dict[str, Any]]:
    """Synthetic passages (``eval_*.jsonl``), or the files given."""
    out = []
    for p in paths or sorted(DATA.glob("eval_*.jsonl")):
        with p.open(encoding="utf-8") as f:
            out.extend(json.loads(line) for line in f if line.strip())
    return out


def load_real() -> list[dict[str, Any]]:
    """The real evaluation set (``real/real_*.jsonl``)."""
    return load(sorted((DATA / "real").glob("real_*.jsonl")))


def _options(x: Any) -> list[Any]:
    return list(x) if isinstance(x, list) else [x]


def _norm_name(s: str | None) -> str:
    if not s:
        return ""
    r = ACTORS.resolve(s)
    if r:
        s = r
    s = s.lower().replace("’", "'").replace("\u200c", "")
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


def same_actor(expected: Any, predicted: str | None) -> bool:
    """Whether ``predicted`` names the expected actor (or any of a list of them)."""
    for e_raw in _options(expected):
        e, p = _norm_name(e_raw), _norm_name(predicted)
        if not e or not p:
            if e == p:
                return True
            continue
        if e == p or p.endswith(" " + e):
            return True
    return False


def _value(d: dict[str, Any]) -> Any:
    v = d["value"]
    return tuple(map(float, v)) if isinstance(v, list) else float(v)


def _pred_value(c: dict[str, Any]) -> Any:
    if c["qualifier"] == "range":
        return (float(c["low"]), float(c["high"]))
    return float(c["value"]) if c["value"] is not None else None


def _claim_found(e: dict[str, Any], p: dict[str, Any]) -> bool:
    return _value(e) == _pred_value(p) and p["outcome"] in _options(e["outcome"])


def _claim_ok(e: dict[str, Any], p: dict[str, Any]) -> bool:
    return _claim_found(e, p) and same_actor(e["attributed_to"], p["attributed_to"])


def _text_norm(s: str) -> str:
    return re.sub(r"[\W_]+", " ", s.lower().replace("\u200c", "")).strip()


def _quote_found(e: dict[str, Any], p: dict[str, Any]) -> bool:
    et, pt = _text_norm(e["text"]), _text_norm(p["text"])
    return bool(et and pt and (et == pt or et in pt or pt in et))


def _speaker_ok(e: dict[str, Any], p: dict[str, Any]) -> bool:
    return same_actor(e["speaker"], p.get("speaker")) or same_actor(
        e["speaker"], p.get("speaker_canonical")
    )


def _quote_ok(e: dict[str, Any], p: dict[str, Any]) -> bool:
    return _quote_found(e, p) and _speaker_ok(e, p)


def _name_ok(e: Any, p: dict[str, Any]) -> bool:
    return any(_text_norm(x) == _text_norm(p["name"]) for x in _options(e))


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


_BAD_CONTEXT = re.compile(r"population|residents|inhabitants|جمعیت|ساکن", re.I)


def is_forbidden(text: str, c: dict[str, Any]) -> bool:
    """A claim whose number is a percentage, a year or a population."""
    a, b = c["span"]
    around = ascii_digits(text[a : min(len(text), b + 12)])
    if re.search(r"\d\s*(?:%|٪|percent|per cent|درصد)", around, re.I):
        return True
    v = c.get("value")
    if v is not None and 1900 <= v <= 2100 and v == int(v) or v is not None and 1300 <= v <= 1410:
        return bool(re.search(r"\b(?:19|20)\d\d\b|\b1[34]\d\d\b", ascii_digits(text[a:b])))
    return bool(_BAD_CONTEXT.search(c.get("sentence") or ""))


# ----------------------------------------------------------------- trivial baseline

_OUTCOME_WORDS = {
    "killed": r"killed|killing|dead|deaths?|died|murder(?:ed|s)?|killings|fatalities|"
    r"کشته|جان باخت|قتل|جانباخت",
    "executed": r"executed|executions?|hanged|اعدام",
    "arrested": r"arrested|arrests?|detained|detention|بازداشت|دستگیر",
    "injured": r"injured|wounded|hurt|زخمی|مجروح",
    "tortured": r"tortured|torture|شکنجه",
    "disappeared": r"disappeared|disappearance|ناپدید",
}
_OUT_RX = [(k, re.compile(rf"^(?:{v})", re.I)) for k, v in _OUTCOME_WORDS.items()]


def baseline(text: str, publisher: str | None) -> dict[str, Any]:
    """Every number within four words of an outcome word is a claim by the publisher."""
    t = ascii_digits(text)
    tokens = [(m.start(), m.group(0)) for m in re.finditer(r"[\w,.'-]+", t)]
    claims = []
    for i, (start, tok) in enumerate(tokens):
        digits = re.fullmatch(r"\d[\d,]*(?:\.\d+)?", tok.rstrip(".,"))
        if not digits:
            continue
        for _, w in tokens[max(0, i - 4) : i + 5]:
            outcome = next((k for k, rx in _OUT_RX if rx.match(w)), None)
            if outcome:
                value = float(digits.group(0).replace(",", ""))
                claims.append(
                    {
                        "value": value,
                        "low": value,
                        "high": value,
                        "qualifier": "exact",
                        "outcome": outcome,
                        "attributed_to": publisher,
                        "span": [start, start + len(digits.group(0))],
                        "sentence": "",
                    }
                )
                break
    return {"claims": claims, "people": [], "quotes": []}


# ----------------------------------------------------------------- scoring


def _new() -> dict[str, int]:
    return defaultdict(int)


def evaluate(
    passages: list[dict[str, Any]],
    show_errors: bool = False,
    system: str = "extract",
    sources: str = "rules",
) -> dict[str, Any]:
    """Scores by ``split/lang`` group (``all`` for either; ``split/bN`` for batch N of the real set), for ``extract`` or ``baseline``."""
    counts: dict[str, dict[str, int]] = defaultdict(_new)
    for ps in passages:
        if system == "baseline":
            d = baseline(ps["text"], ps.get("publisher"))
        else:
            x = extract(
                ps["text"],
                published_on=ps.get("published_on"),
                publisher=ps.get("publisher"),
                sources=sources,  # type: ignore[arg-type]
            )
            d = x.to_dict()
        groups = [f"{s}/{lang}" for s in (ps["split"], "all") for lang in (ps["lang"], "all")]
        if ps.get("was_heldout"):
            groups += [f"retired/{ps['lang']}", "retired/all"]
        if "batch" in ps:
            # each batch's held-out part on its own: a fresh batch is the honest check
            groups.append(f"{ps['split']}/b{ps['batch']}")
        n: dict[str, int] = defaultdict(int)
        tp, missed, wrong = match(ps["claims"], d["claims"], _claim_ok)
        ftp, fmissed, fwrong = match(ps["claims"], d["claims"], _claim_found)
        n["claims_tp"], n["claims_found"] = tp, ftp
        n["claims_pred"], n["claims_exp"] = len(d["claims"]), len(ps["claims"])
        n["claims_bad"] = sum(is_forbidden(ps["text"], c) for c in fwrong)
        # of the claims found, how many carry no source, and how many a wrong one (the risk)
        _, _, unright = match(ps["claims"], d["claims"], _claim_ok)
        for e in [e for e in ps["claims"] if e not in fmissed]:
            p = next((p for p in unright if _claim_found(e, p)), None)
            if p is not None and not same_actor(e["attributed_to"], p["attributed_to"]):
                unright.remove(p)
                n["claims_src_empty" if not p["attributed_to"] else "claims_src_err"] += 1
                if p["attributed_to"]:
                    n[f"src_{_source_error_kind(e, p, ps.get('publisher'))}"] += 1
        for e in fmissed:
            n[f"miss_{_miss_kind(e, d['claims'])}"] += 1
        qtp, qmissed, qwrong = match(ps["quotes"], d["quotes"], _quote_ok)
        qfound, _, _ = match(ps["quotes"], d["quotes"], _quote_found)
        n["quotes_tp"], n["quotes_found"] = qtp, qfound
        n["quotes_pred"], n["quotes_exp"] = len(d["quotes"]), len(ps["quotes"])
        # speakers: of the expected quotes found, how many carry a wrong non-empty speaker
        for e in qmissed:
            p = next((p for p in qwrong if _quote_found(e, p)), None)
            if p is not None and (p.get("speaker") or p.get("speaker_canonical")):
                n["quotes_spk_err"] += 1
        victims = [p for p in d["people"] if p["role"] == "victim"]
        vtp, vmissed, vwrong = match(ps.get("victims", []), victims, _name_ok)
        n["victims_tp"], n["victims_pred"], n["victims_exp"] = vtp, len(victims), len(ps["victims"])
        if "people" in ps:
            ptp, pmissed, pwrong = match(ps["people"], d["people"], _name_ok)
            n["people_tp"], n["people_pred"], n["people_exp"] = (
                ptp,
                len(d["people"]),
                len(ps["people"]),
            )
        for g in groups:
            for k, v in n.items():
                counts[g][k] += v
        if show_errors and system == "extract":
            _print_errors(ps, missed, wrong, qmissed, qwrong, vmissed, vwrong, d, n)
    return {g: _summarise(c) for g, c in sorted(counts.items())}


def _named_in(name: Any, sentence: str) -> bool:
    """Whether ``sentence`` names ``name`` (or any of a list), directly or by an alias."""
    low = sentence.lower()
    for opt in _options(name):
        if opt and opt.lower() in low:
            return True
    return any(same_actor(name, m.name) for m in ACTORS.find(sentence))


def _source_error_kind(e: dict[str, Any], p: dict[str, Any], publisher: str | None) -> str:
    """Why a found claim has a wrong source, in counts only (no text is shown).

    ``publisher``: the publisher was given, the label names someone else; ``carried``: a
    source from an earlier sentence; ``sentence``: another source of the same sentence.
    The suffix says whether the right source is named in the claim's sentence (``_here``)
    or only elsewhere (``_away``).
    """
    sent = p.get("sentence") or ""
    if same_actor(publisher, p["attributed_to"]):
        kind = "publisher"
    elif _named_in(p["attributed_to"], sent):
        kind = "sentence"
    else:
        kind = "carried"
    return kind + ("_here" if _named_in(e["attributed_to"], sent) else "_away")


def _miss_kind(e: dict[str, Any], predicted: list[dict[str, Any]]) -> str:
    """A missed figure: read with another ``outcome``, with other ``bounds``, or ``not_read``."""
    v = _value(e)
    if any(_pred_value(p) == v for p in predicted):
        return "outcome"
    vals = v if isinstance(v, tuple) else (v,)
    for p in predicted:
        if any(x in (p.get("value"), p.get("low"), p.get("high")) for x in vals):
            return "bounds"
    return "not_read"


_KINDS = (
    "src_publisher_here",
    "src_publisher_away",
    "src_sentence_here",
    "src_sentence_away",
    "src_carried_here",
    "src_carried_away",
    "miss_outcome",
    "miss_bounds",
    "miss_not_read",
)


def _ratio(a: int, b: int) -> float:
    return round(a / b, 3) if b else 1.0


def _summarise(c: dict[str, int]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "claims": {
            "precision": _ratio(c["claims_tp"], c["claims_pred"]),
            "recall": _ratio(c["claims_tp"], c["claims_exp"]),
            "found_precision": _ratio(c["claims_found"], c["claims_pred"]),
            "found_recall": _ratio(c["claims_found"], c["claims_exp"]),
            "attribution": _ratio(c["claims_tp"], c["claims_found"]),
            "forbidden": c["claims_bad"],
            "source_empty": c["claims_src_empty"],
            "source_errors": c["claims_src_err"],
            "tp": c["claims_tp"],
            "predicted": c["claims_pred"],
            "expected": c["claims_exp"],
        },
        "quotes": {
            "precision": _ratio(c["quotes_tp"], c["quotes_pred"]),
            "recall": _ratio(c["quotes_tp"], c["quotes_exp"]),
            "found": c["quotes_found"],
            "speaker": _ratio(c["quotes_tp"], c["quotes_exp"]),
            "speaker_errors": c["quotes_spk_err"],
            "predicted": c["quotes_pred"],
            "expected": c["quotes_exp"],
        },
        "victims": {
            "precision": _ratio(c["victims_tp"], c["victims_pred"]),
            "recall": _ratio(c["victims_tp"], c["victims_exp"]),
            "tp": c["victims_tp"],
            "predicted": c["victims_pred"],
            "expected": c["victims_exp"],
        },
    }
    out["error_kinds"] = {k: c.get(k, 0) for k in _KINDS}
    if c.get("people_exp") or c.get("people_pred"):
        out["people"] = {
            "precision": _ratio(c["people_tp"], c["people_pred"]),
            "recall": _ratio(c["people_tp"], c["people_exp"]),
            "tp": c["people_tp"],
            "predicted": c["people_pred"],
            "expected": c["people_exp"],
        }
    return out


_SHORT = ("value", "low", "high", "qualifier", "outcome", "attributed_to", "name", "role")


def _print_errors(ps: dict[str, Any], *lists: Any) -> None:
    missed, wrong, qmissed, qwrong, vmissed, vwrong, d, n = lists
    if not (missed or wrong or qmissed or qwrong or vmissed or vwrong):
        return
    print(f"--- {ps['id']} [{ps['split']}]")
    for m in missed:
        print("    MISSED claim:", m)
    for w in wrong:
        print("    WRONG claim: ", {k: w.get(k) for k in _SHORT if k in w}, "|", w.get("sentence"))
    for m in qmissed:
        print("    MISSED quote:", m)
    for w in qwrong:
        print("    WRONG quote: ", w["text"][:60], "| speaker:", w.get("speaker"))
    for m in vmissed:
        print("    MISSED victim:", m)
    for w in vwrong:
        print("    WRONG victim:", w["name"])
    if "people" in ps:
        _, pm, pw = match(ps["people"], d["people"], _name_ok)
        for m in pm:
            print("    MISSED person:", m)
        for w in pw:
            print("    WRONG person:", w["name"], f"({w['role']})")


def _print_kinds(res: dict[str, Any], groups: list[str]) -> None:
    """Counts of wrong sources and missed figures by kind (counts only: held-out texts stay
    unread). Sources: pub = the publisher given, sent = another source of the sentence,
    carr = carried from an earlier sentence; /here = the right source is in the sentence,
    /away = it is not. Misses: outcome = read with another outcome, bounds = other bounds."""
    print("\nextract: wrong sources and missed figures by kind")
    print(
        f"{'group':<14}{'pub/here':>9}{'pub/away':>9}{'sent/here':>10}{'sent/away':>10}"
        f"{'carr/here':>10}{'carr/away':>10}{'miss outc':>10}{'bounds':>7}{'unread':>7}"
    )
    for g in groups:
        if g not in res:
            continue
        k = res[g]["error_kinds"]
        print(
            f"{g:<14}"
            + "".join(
                f"{k[x]:>{w}}"
                for x, w in zip(_KINDS, (9, 9, 10, 10, 10, 10, 10, 7, 7), strict=True)
            )
        )


def _print_table(title: str, res: dict[str, Any], groups: list[str]) -> None:
    print(f"\n{title}")
    print(
        f"{'group':<14}{'claims P':>9}{'R':>6}{'fndP':>6}{'fndR':>6}{'attr':>6}{'err':>4}{'bad':>4}"
        f"{'n':>5}"
        f"{'quotes spk':>11}{'err':>4}{'n':>4}{'people P':>9}{'R':>6}{'victims P':>10}{'R':>6}"
    )
    for g in groups:
        if g not in res:
            continue
        c, q, v = res[g]["claims"], res[g]["quotes"], res[g]["victims"]
        pp = res[g].get("people")
        people = f"{pp['precision']:>9.2f}{pp['recall']:>6.2f}" if pp else f"{'-':>9}{'-':>6}"
        print(
            f"{g:<14}{c['precision']:>9.2f}{c['recall']:>6.2f}{c['found_precision']:>6.2f}"
            f"{c['found_recall']:>6.2f}{c['attribution']:>6.2f}{c['source_errors']:>4}"
            f"{c['forbidden']:>4}{c['expected']:>5}{q['speaker']:>11.2f}{q['speaker_errors']:>4}"
            f"{q['expected']:>4}{people}{v['precision']:>10.2f}{v['recall']:>6.2f}"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", choices=["real", "synthetic", "all"], default="all")
    ap.add_argument("--split", choices=["dev", "heldout", "all"], default="all")
    ap.add_argument("--errors", action="store_true", help="print every miss and false hit")
    ap.add_argument("--json", action="store_true")
    ap.add_argument(
        "--sources",
        choices=["rules", "learned"],
        default="rules",
        help="choose each figure's source by the rules or by the learned chooser",
    )
    args = ap.parse_args()
    sets = {"real": load_real(), "synthetic": load()}
    if args.set != "all":
        sets = {args.set: sets[args.set]}
    out: dict[str, Any] = {}
    for name, passages in sets.items():
        if args.split != "all":
            passages = [p for p in passages if p["split"] == args.split]
        out[name] = {
            "extract": evaluate(passages, show_errors=args.errors, sources=args.sources),
            "baseline": evaluate(passages, system="baseline"),
            "passages": {
                "en": sum(p["lang"] == "en" for p in passages),
                "fa": sum(p["lang"] == "fa" for p in passages),
            },
        }
    if args.json:
        print(json.dumps(out, indent=2))
        return
    for name, r in out.items():
        batches = sorted(g for g in r["extract"] if g.split("/")[1].startswith("b"))
        splits = ("dev", "retired", "heldout")
        groups = [f"{s}/{lang}" for s in splits for lang in ("en", "fa", "all")]
        groups += batches
        n = r["passages"]
        print(f"\n=== {name} set: {n['en']} English, {n['fa']} Persian texts")
        _print_table("extract", r["extract"], groups)
        _print_table(
            "baseline (number next to an outcome word, by the publisher)", r["baseline"], groups
        )
        _print_kinds(r["extract"], [g for g in groups if g.endswith("/all")])


if __name__ == "__main__":
    main()
