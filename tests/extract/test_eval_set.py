"""The labelled evaluation set: its shape, and no regression below the targets on it."""

from __future__ import annotations

import json
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data" / "extract"


def _passages() -> list[dict]:
    out = []
    for p in sorted(DATA.glob("eval_*.jsonl")):
        out += [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines() if line]
    return out


def test_eval_set_shape() -> None:
    ps = _passages()
    assert sum(p["lang"] == "en" for p in ps) >= 40
    assert sum(p["lang"] == "fa" for p in ps) >= 15
    assert {p["split"] for p in ps} == {"dev", "heldout"}
    assert len({p["id"] for p in ps}) == len(ps)
    for p in ps:
        assert set(p) >= {"id", "text", "claims", "victims", "quotes", "lang", "split"}
        for c in p["claims"]:
            assert c["outcome"] in {
                "killed",
                "executed",
                "arrested",
                "injured",
                "tortured",
                "disappeared",
            }
            assert c["qualifier"] in {"exact", "at_least", "about", "at_most", "range"}


def test_quality_targets_hold() -> None:
    from benchmarks.extract_quality import evaluate

    res = evaluate(_passages())
    for split in ("dev/all", "heldout/all"):
        claims = res[split]["claims"]
        assert claims["precision"] >= 0.90, (split, claims)
        assert claims["recall"] >= 0.85, (split, claims)


def _real() -> list[dict]:
    out = []
    for p in sorted((DATA / "real").glob("real_*.jsonl")):
        out += [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines() if line]
    return out


def test_real_set_shape() -> None:
    ps = _real()
    assert len(ps) >= 30
    assert {p["lang"] for p in ps} == {"en", "fa"}
    assert {p["split"] for p in ps} == {"dev", "heldout"}
    assert len({p["id"] for p in ps}) == len(ps)
    assert {p["batch"] for p in ps} == set(range(1, 17))
    # the held-out parts of batches 1 to 14 were retired into dev (stop 22); the held-out
    # set is the two batches labelled blind after that, and nothing else
    assert all(p["split"] == "dev" for p in ps if p.get("was_heldout")), "retired but held out"
    assert {p["batch"] for p in ps if p["split"] == "heldout"} == {15, 16}
    assert sum(bool(p.get("was_heldout")) for p in ps) == 75
    readme = (DATA / "real" / "README.md").read_text(encoding="utf-8")
    for p in ps:
        assert p["url"].startswith("http") and p["licence"], p["id"]
        assert p["id"] in readme and p["url"] in readme
        for q in p["quotes"]:
            assert q["text"] in p["text"], (p["id"], q["text"])


def test_baseline_reads_numbers_next_to_outcome_words() -> None:
    from benchmarks.extract_quality import baseline, is_forbidden

    text = "Police said 12 people were killed in 2019, 40 percent of them students."
    claims = baseline(text, "Example News")["claims"]
    assert [c["value"] for c in claims] == [12.0, 2019.0, 40.0]
    assert {c["outcome"] for c in claims} == {"killed"}
    assert [is_forbidden(text, c) for c in claims] == [False, True, True]


def test_real_set_does_not_regress() -> None:
    """Floors at or just under the figures measured at the end of issue 16, sixth round
    (docs/extraction.md), so a regression fails. The held-out targets of the issue (claims
    P 0.95, R 0.85, attribution 0.90, speakers 0.95) are not reached on fresh text.

    Sixth round: the held-out parts of batches 1 to 14 were retired into dev (``was_heldout``;
    scored together as ``retired/all``) and their errors read; batches 15 and 16 (54 texts,
    labelled blind) are the held-out set. Start of the round -> end: retired attribution
    0.78 -> 0.92, speakers 0.65 (11 wrong) -> 0.96 (none wrong); held-out (fresh) claims
    0.71 / 0.61 -> 0.74 / 0.62, attribution 0.78 -> 0.80, speakers 0.54 -> 0.56 (9 wrong
    both), victims P 0.72 -> 0.76: the rules fixed what was read and barely moved fresh text."""
    from benchmarks.extract_quality import evaluate

    res = evaluate(_real())
    dev, retired, held = res["dev/all"], res["retired/all"], res["heldout/all"]
    assert dev["claims"]["precision"] >= 0.92 and dev["claims"]["recall"] >= 0.88, dev
    assert dev["claims"]["attribution"] >= 0.94 and retired["claims"]["attribution"] >= 0.91
    assert held["claims"]["precision"] >= 0.73 and held["claims"]["recall"] >= 0.61, held
    assert held["claims"]["attribution"] >= 0.79, held["claims"]
    assert held["claims"]["found_precision"] >= 0.91 and held["claims"]["found_recall"] >= 0.76
    # speakers: a wrong speaker is worse than none; dev (all read texts) has none wrong
    assert dev["quotes"]["speaker"] >= 0.95 and retired["quotes"]["speaker"] >= 0.95
    assert dev["quotes"]["speaker_errors"] == 0
    assert held["quotes"]["speaker"] >= 0.55 and held["quotes"]["speaker_errors"] <= 9
    assert dev["claims"]["forbidden"] == 0 and held["claims"]["forbidden"] == 0
    assert dev["people"]["precision"] >= 0.98 and dev["people"]["recall"] >= 0.91
    assert held["people"]["precision"] >= 0.88 and held["people"]["recall"] >= 0.72
    assert dev["victims"]["recall"] >= 0.80 and held["victims"]["recall"] >= 0.30
    # Naming someone a victim who is not one is the worst error of this stage. On the texts
    # the rules were written on it stays 1.00; on the fresh batches it is 0.76 (0.72 with the
    # start-of-round code): a finding of the fresh batches, not a relaxation of the old
    # held-out floor (0.95, on texts now retired).
    assert dev["victims"]["precision"] >= 0.95, dev["victims"]
    assert held["victims"]["precision"] >= 0.75, held["victims"]


def test_fresh_batches_do_not_regress() -> None:
    """Batches 15 and 16 on their own, labelled blind and held out whole: each at or just
    under its figures at the end of the sixth round (start of the round in brackets)."""
    from benchmarks.extract_quality import evaluate

    res = evaluate([p for p in _real() if p["split"] == "heldout"])
    b15, b16 = res["heldout/b15"]["claims"], res["heldout/b16"]["claims"]
    # b15: 0.67 / 0.56, attribution 0.73 (0.65 / 0.54, 0.70)
    assert b15["precision"] >= 0.66 and b15["recall"] >= 0.55 and b15["attribution"] >= 0.72
    # b16: 0.81 / 0.70, attribution 0.89 (0.79 / 0.69, 0.87)
    assert b16["precision"] >= 0.80 and b16["recall"] >= 0.69 and b16["attribution"] >= 0.88


def test_second_labelling_agrees_with_the_reference() -> None:
    """The blind second labelling of 20 held-out texts (benchmarks/extract_agreement.py):
    the reference against itself agrees fully, and against the second labelling far above
    the extractor (claims found R 0.97, attribution 1.00, speakers 0.96 when measured)."""
    from benchmarks.extract_agreement import SECOND, agreement

    second = [json.loads(x) for x in SECOND.read_text(encoding="utf-8").splitlines() if x]
    reference = {p["id"]: p for p in _real()}
    assert len(second) == 20 and {b["id"] for b in second} <= set(reference)
    assert all(reference[b["id"]]["split"] == "heldout" for b in second)
    itself = agreement(reference, [reference[b["id"]] for b in second], first_form_only=False)
    assert all(v == 1.0 for v in itself.values()), itself
    strict = agreement(reference, second, first_form_only=True)
    assert strict["found R"] >= 0.95 and strict["attribution"] >= 0.95, strict
    assert strict["speakers"] >= 0.95, strict
