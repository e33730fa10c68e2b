"""Recompute the name columns of records already stored, after the name rules changed.

Name keys, skeletons, Latin forms and alias keys are derived from the name as written when a
list is imported. When :mod:`undercount.normalize` changes (a better key for real spellings),
records imported before keep their old keys, and linkage would compare old keys with new
ones. :func:`recompute_names` derives them again from what is stored (``name``, the parts and
``aliases``), in one transaction, and updates each changed record's hash and the audit log.

The text of the name parts (``given_name``, ``family_name``, ``father_name``) is kept as
stored (it may come from the list's own columns); their keys are recomputed from it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pyarrow as pa

if TYPE_CHECKING:
    from undercount.store.project import Project

# Columns derived from the full name (in the order of ``_normalize_chunk``'s first five).
_NAME_COLUMNS = ("name_norm", "name_script", "name_key", "name_latin", "name_skeleton")
_PART_COLUMNS = (("given_name", "given_key"), ("family_name", "family_key"))
_PART_COLUMNS += (("father_name", "father_key"),)
_ALL = (*_NAME_COLUMNS, *(k for _, k in _PART_COLUMNS), "alias_keys")
_CHUNK = 20_000


@dataclass(frozen=True)
class RecomputeResult:
    """What :func:`recompute_names` changed.

    Attributes
    ----------
    records : int
        Records read.
    changed : int
        Records with at least one column changed (their hash was recomputed).
    by_column : dict of str to int
        Records changed per column.
    """

    records: int
    changed: int
    by_column: dict[str, int]

    @property
    def message(self) -> str:
        if not self.changed:
            return f"{self.records:,} records read; every name column was already up to date."
        cols = ", ".join(f"{c} {n:,}" for c, n in self.by_column.items() if n)
        return f"{self.records:,} records read; {self.changed:,} updated ({cols})."


def _normalized(names: list[str], step: Callable[[str], None]) -> dict[str, tuple[Any, ...]]:
    """``_normalize_chunk`` of each distinct name, in chunks (announced through ``step``)."""
    from undercount.normalize.name_batch import _normalize_chunk

    out: dict[str, tuple[Any, ...]] = {}
    for i in range(0, len(names), _CHUNK):
        step(f"normalising names {i:,}/{len(names):,}")
        chunk = names[i : i + _CHUNK]
        out.update(zip(chunk, _normalize_chunk(chunk), strict=True))
    return out


def recompute_names(project: Project, *, progress: bool = False) -> RecomputeResult:
    """Derive the name columns of every stored record again with the current rules.

    Parameters
    ----------
    project : Project
        An open project (needs write access).
    progress : bool, default False
        Show a Rich progress line on the terminal.

    Returns
    -------
    RecomputeResult
        How many records changed, per column. All or nothing: an error rolls back.
    """
    from undercount.normalize.name_batch import _part_key
    from undercount.store.audit import record_hash_sql
    from undercount.store.progress import stage_progress

    part_names = ", ".join(p for p, _ in _PART_COLUMNS)
    with stage_progress(progress, "Recomputing name keys") as step, project.transaction() as con:
        step("reading records")
        current = con.execute(
            f"SELECT id, name, {part_names}, aliases, {', '.join(_ALL)} FROM records ORDER BY id"
        ).fetch_arrow_table()
        rows = current.to_pylist()
        distinct = list(dict.fromkeys(r["name"] for r in rows if r["name"]))
        info = _normalized(distinct, step)
        step("normalising aliases")
        alias_set = {a for r in rows for a in (r["aliases"] or ()) if a}
        alias_info = _normalized(sorted(alias_set), step)
        new_rows: list[dict[str, Any]] = []
        by_column = dict.fromkeys(_ALL, 0)
        for r in rows:
            derived = info.get(r["name"]) if r["name"] else None
            new: dict[str, Any] = dict(
                zip(_NAME_COLUMNS, derived[:5] if derived else (None,) * 5, strict=True)
            )
            for part, key in _PART_COLUMNS:
                new[key] = _part_key(r[part])
            aliases = r["aliases"]
            new["alias_keys"] = None if aliases is None else [alias_info[a][2] for a in aliases]
            diff = [c for c in _ALL if new[c] != r[c]]
            if diff:
                for c in diff:
                    by_column[c] += 1
                new_rows.append({"id": r["id"], **new})
        if new_rows:
            step(f"writing {len(new_rows):,} records")
            table = pa.Table.from_pylist(
                new_rows,
                schema=pa.schema(
                    [("id", pa.int64())]
                    + [(c, pa.string()) for c in _ALL if c != "alias_keys"]
                    + [("alias_keys", pa.list_(pa.string()))]
                ),
            )
            con.register("_renorm", table)
            try:
                sets = ", ".join(f"{c} = n.{c}" for c in _ALL)
                con.execute(f"UPDATE records SET {sets} FROM _renorm n WHERE records.id = n.id")
                con.execute(
                    f"UPDATE records SET row_hash = {record_hash_sql()} "
                    "WHERE id IN (SELECT id FROM _renorm)"
                )
            finally:
                con.unregister("_renorm")
            project.audit(
                "recompute_names",
                "records",
                None,
                details={"records": len(rows), "changed": len(new_rows), "by_column": by_column},
            )
    return RecomputeResult(records=len(rows), changed=len(new_rows), by_column=by_column)
