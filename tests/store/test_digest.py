"""The state digest an import writes from what it knows equals the one computed anew."""

from __future__ import annotations

import hashlib

import duckdb
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

import undercount.store.audit as audit


@settings(max_examples=50, deadline=None)
@given(st.lists(st.binary(min_size=0, max_size=20), min_size=0, max_size=40))
def test_digest_lanes_equal_the_sql_sums(blobs):
    hexes = [hashlib.sha256(b).hexdigest() for b in blobs]
    con = duckdb.connect()
    con.execute("CREATE TABLE t (h VARCHAR)")
    if hexes:
        con.executemany("INSERT INTO t VALUES (?)", [[h] for h in hexes])
    n, a, b = audit.digest_lanes(pa.array(hexes, pa.string()))
    assert f"{n}:{a}:{b}" == audit._digest(con, "t", "h")
    # Rows added to an earlier digest (as an import adds its rows to the stored ones),
    # the new ones read at an offset into their buffers.
    half = len(hexes) // 2
    con.execute(f"CREATE TABLE first AS SELECT * FROM t LIMIT {half}")
    added = audit.digest_lanes(pa.array(hexes).slice(half))
    assert audit.add_to_digest(audit._digest(con, "first", "h"), added) == f"{n}:{a}:{b}"


def test_known_digests_given_by_imports_are_the_true_ones(
    project, sample_csv, tmp_path, monkeypatch
):
    """Every digest an import passes instead of a query equals the query's answer, for a new
    source and for an existing one, with records already stored."""
    real = audit.state_digest
    checked = []

    def checking(con, known=None):
        for table, digest in (known or {}).items():
            assert digest == audit._digest(con, table, dict(audit._STATE_TABLES)[table])
            checked.append(table)
        return real(con, known)

    monkeypatch.setattr(audit, "state_digest", checking)
    project.import_list(sample_csv, source="NGO A")
    other = tmp_path / "more.csv"
    other.write_text(sample_csv.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    project.import_list(other, source="NGO A")  # an existing source
    project.import_list(other, source="NGO B")  # a new source, records already stored
    assert checked.count("records") == 5  # 3 imports + 2 new sources
    assert project.verify_audit().ok
