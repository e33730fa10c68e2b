"""Review queue and decisions."""

from __future__ import annotations

import json

import pytest

from undercount.errors import LinkageError
from undercount.link.review import decisions, pair_priority, record_decision, review_queue


def test_queue_has_both_records_and_scores(linked_small):
    queue = review_queue(linked_small, limit=5)
    assert 0 < len(queue) <= 5
    q = queue[0]
    assert {
        "record_id_l",
        "record_id_r",
        "match_probability",
        "priority",
        "same_person",
        "left",
        "right",
    } <= set(q)
    assert q["left"]["id"] == q["record_id_l"] and q["right"]["id"] == q["record_id_r"]
    assert q["left"]["source"] and "name" in q["left"]
    json.dumps(queue)  # plain types only (the web app returns it as is)
    prios = [x["priority"] for x in queue]
    assert prios == sorted(prios, reverse=True)


def test_priority_is_expected_change():
    import pandas as pd

    pairs = pd.DataFrame(
        {"record_id_l": [1, 3], "record_id_r": [2, 4], "match_probability": [0.9, 0.5]}
    )
    person = {1: 10, 2: 10, 3: 30, 4: 40, 5: 40}
    pr = pair_priority(pairs, person)
    assert pr[0] == pytest.approx(0.1 * 1)  # same person of 2: (1 - p) * 1
    assert pr[1] == pytest.approx(0.5 * 1 * 2)  # merge 1 x 2 records


def test_decision_is_stored_audited_and_validated(linked_small):
    p = linked_small
    ids = [
        int(r[0]) for r in p.con.execute("SELECT id FROM records ORDER BY id LIMIT 2").fetchall()
    ]
    did = record_decision(p, ids[1], ids[0], "unsure", note="same photo?")
    d = decisions(p)
    row = d[d["id"] == did].iloc[0]
    assert (row["record_id_l"], row["record_id_r"]) == (ids[0], ids[1])
    assert row["user_name"] == "tester" and row["decision"] == "unsure"
    entry = p.audit_log(limit=1).iloc[0]
    assert entry["action"] == "link_decision"
    assert "same photo" not in entry["details"]
    assert p.verify_audit().ok
    with pytest.raises(LinkageError):
        record_decision(p, ids[0], ids[1], "maybe")
    with pytest.raises(LinkageError):
        record_decision(p, ids[0], ids[0], "match")
    with pytest.raises(LinkageError):
        record_decision(p, ids[0], 10**9, "match")


def test_match_labels_feed_the_model(linked_small, monkeypatch):
    from undercount.link import train

    p = linked_small
    monkeypatch.setattr(train, "MIN_MATCH_LABELS", 3)
    persons = p.persons()
    pairs = [r for r in persons["record_ids"] if len(r) >= 2][:4]
    for ids in pairs:
        record_decision(p, int(ids[0]), int(ids[1]), "match")
    s: dict = {}
    p.link(incremental=False, summary=s)
    run = json.loads(
        p.con.execute("SELECT settings FROM link_runs ORDER BY id DESC LIMIT 1").fetchone()[0]
    )
    assert run["training"]["match_labels"] == 4
    assert run["training"]["m_from_labels"] is True
