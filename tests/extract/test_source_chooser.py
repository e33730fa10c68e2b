"""The learned source chooser: its candidates and features, its choice, its shipped weights.

Sentences are written for these tests; none is copied from the evaluation set.
"""

from __future__ import annotations

import json
from importlib import resources

import pytest

from undercount.extract import _extract, extract
from undercount.extract.chooser import (
    FEATURES,
    FigureContext,
    RecordingChooser,
    SourceCandidate,
    SourceChooser,
    load_chooser,
)


def _record(text: str, publisher: str | None = "Daily Ledger") -> RecordingChooser:
    rec = RecordingChooser()
    _extract(text, published_on=None, publisher=publisher, language=None, actors=None, chooser=rec)
    return rec


def _by_name(cands: list[SourceCandidate], name: str | None) -> list[SourceCandidate]:
    return [c for c in cands if c.name == name]


def test_candidates_of_a_figure_with_a_speech_verb_after_it() -> None:
    rec = _record("At least 41 people were killed in the port town, Hengaw said on Friday.")
    assert len(rec.records) == 1
    ctx, cands = rec.records[0]
    assert ctx.rules == "Hengaw"
    cue = [c for c in _by_name(cands, "Hengaw") if c.features.get("cue")]
    assert cue, "the speaker of the sentence is a candidate linked by its verb"
    f = cue[0].features
    assert f["same_clause"] == 1.0 and f["before"] == 0.0 and f["rules"] == 1.0
    assert f.get("nearest_cue") == 1.0 and f["log_dist"] > 0
    # the publisher and the empty source are always candidates, never the rules' choice here
    pub = _by_name(cands, "Daily Ledger")
    assert pub and pub[0].features["publisher"] == 1.0 and "rules" not in pub[0].features
    assert _by_name(cands, None)[0].features["none"] == 1.0
    # every feature a candidate carries is one the weight vector knows
    assert all(set(c.features) <= set(FEATURES) for c in cands)
    assert all(len(c.vector()) == len(FEATURES) for c in cands)


def test_according_to_before_the_figure_is_marked_as_such() -> None:
    rec = _record("According to Amnesty International, 17 protesters were shot dead in the city.")
    _, cands = rec.records[0]
    cue = [c for c in _by_name(cands, "Amnesty International") if c.features.get("cue")][0]
    assert cue.features["according"] == 1.0
    assert cue.features["before"] == 1.0
    assert cue.features["opens_sentence"] == 1.0


def test_a_sentence_without_a_cue_offers_the_carried_source() -> None:
    rec = _record(
        "HRANA said on Monday that 120 students had been arrested in Tabriz. "
        "Another 35 were detained in Urmia."
    )
    assert len(rec.records) == 2
    ctx, cands = rec.records[1]
    assert ctx.carried == "HRANA"
    carried = [c for c in cands if c.features.get("carried")]
    assert carried and carried[0].name == "HRANA"
    assert carried[0].features["no_cue_sentence"] == 1.0


def test_a_figure_inside_a_quotation_marks_its_cues() -> None:
    rec = _record(
        'The lawyer Sara Karimi said: "At least 9 detainees were tortured in the prison."',
        publisher=None,
    )
    ctx, cands = rec.records[0]
    assert ctx.quotation is not None
    assert all(c.features.get("fig_quoted") == 1.0 for c in cands if c.features.get("cue"))


def test_the_recording_chooser_changes_nothing() -> None:
    text = (
        "Police arrested 200 people on Sunday, the interior ministry said, while Amnesty "
        "International said at least 12 protesters were killed."
    )
    rules = [c.attributed_to for c in extract(text, publisher="Daily Ledger").claims]
    rec = RecordingChooser()
    x = _extract(
        text, published_on=None, publisher="Daily Ledger", language=None, actors=None, chooser=rec
    )
    assert [c.attributed_to for c in x.claims] == rules
    assert [ctx.rules for ctx, _ in rec.records] == rules


def test_chooser_picks_the_highest_score_first_of_equals() -> None:
    chooser = SourceChooser({"cue": 2.0, "publisher": 1.0, "none": -1.0})
    a = SourceCandidate("A", {"cue": 1.0})
    b = SourceCandidate("B", {"cue": 1.0})
    pub = SourceCandidate("P", {"publisher": 1.0})
    assert chooser.choose([pub, a, b]) == "A"
    assert chooser.choose([pub, SourceCandidate(None, {"none": 1.0})]) == "P"
    assert chooser.choose([]) is None
    assert chooser.score(SourceCandidate("X", {"cue": 1.0, "unknown": 5.0})) == 2.0


def test_the_chooser_is_called_with_the_context_and_its_candidates() -> None:
    seen: list[tuple[FigureContext, int]] = []

    def first_cue(ctx: FigureContext, cands: list[SourceCandidate]) -> str | None:
        seen.append((ctx, len(cands)))
        return "Somebody"

    x = _extract(
        "Rights groups said 30 people were executed in May.",
        published_on=None,
        publisher=None,
        language=None,
        actors=None,
        chooser=first_cue,
    )
    assert [c.attributed_to for c in x.claims] == ["Somebody"]
    assert seen and seen[0][1] >= 2


def test_shipped_weights_load_and_name_known_features() -> None:
    chooser = load_chooser()
    assert set(chooser.weights) <= set(FEATURES)
    # fitted without the rules' own choice: the ranking rests on the general features
    assert chooser.weights.get("rules", 0.0) == 0.0
    assert chooser.weights["cue"] > 0 > chooser.weights["none"]


def test_shipped_weights_say_how_they_were_made() -> None:
    raw = json.loads(
        resources.files("undercount.extract")
        .joinpath("data/source_chooser.json")
        .read_text(encoding="utf-8")
    )
    assert raw["made_by"].startswith("benchmarks/train_attribution.py")
    assert "texts" in raw["grouped_cv"]  # folds of texts, never figures of one text apart
    assert 0.0 < raw["cv_right"] <= 1.0 and 0.0 < raw["rules_right_same_folds"] <= 1.0
    assert raw["figures"] > 0 and raw["texts"] > 0


@pytest.mark.parametrize("sources", ["rules", "learned"])
def test_extract_with_either_chooser_finds_the_same_figures(sources: str) -> None:
    text = (
        "The judiciary said 14 men had been hanged since March. According to Iran Human "
        "Rights, the true number of executions was at least 31."
    )
    x = extract(text, publisher="Daily Ledger", sources=sources)  # type: ignore[arg-type]
    assert [(c.quantity.value, c.outcome) for c in x.claims] == [
        (14.0, "executed"),
        (31.0, "executed"),
    ]
    assert x.claims[1].attributed_to == "Iran Human Rights"
