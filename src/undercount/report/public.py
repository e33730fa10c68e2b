"""The one rule for everything public: what a public output may say, applied in one place.

Every public output (``undercount report --public``, ``/report.html?public=1``, the viewer's
``/estimates``, ``/api/estimates`` and the figures drawn from them) is built from the report
context, and :func:`publish` is the only function that turns the internal context into the
public one. The rule it applies:

1. **No person is named.** Public text comes only from fields that name no person:
   method labels, source names (sources are organisations; a source of kind ``testimony`` may be
   named after a witness and is published as "testimony N"), events, provinces, and who stated
   a figure *only when it is an organisation*. A claim's ``attributed_to`` is an organisation
   when it is in the actor lexicon (:mod:`undercount.extract.actors`) or is the name or
   publisher of a (non-testimony) source of the project; anything else (a witness, an
   official, any named individual) is published as :data:`INDIVIDUAL`. Sentences quoted from
   documents, notes, user names and the project's file name are never published. The rule is
   an allow-list by field, not a search for known names: a search would tell whoever controls
   some public text (any documenter, through a source name) whether a name is in the project.
2. **Small cells are suppressed, with complementary suppression** (:mod:`undercount.report.cells`):
   no count below :data:`MIN_CELL` is shown, nor can it be recovered from the totals and other
   views published beside it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from undercount.store.project import Project

PUBLIC_TITLE = "undercount report"
INDIVIDUAL = "an individual (name withheld)"


def organisations(project: Project) -> set[str]:
    """Folded names the project knows as organisations: its non-testimony sources and their
    publishers (the actor lexicon is checked separately)."""
    rows = project.con.execute(
        "SELECT name, publisher FROM sources WHERE kind IS DISTINCT FROM 'testimony'"
    ).fetchall()
    out = set()
    for name, publisher in rows:
        for v in (name, publisher):
            if isinstance(v, str) and v.strip():
                out.add(_fold(v))
    return out


def _fold(s: str) -> str:
    return " ".join(s.casefold().replace("\u200c", " ").split())


def speaker(attributed_to: Any, orgs: set[str]) -> str | None:
    """``attributed_to`` as published: the organisation's name, or :data:`INDIVIDUAL`."""
    if attributed_to is None:
        return None
    text = str(attributed_to).strip()
    if not text:
        return None
    if _fold(text) in orgs:
        return text
    try:
        from undercount.extract import load_actors

        canonical = load_actors().resolve(text)
    except Exception:  # noqa: BLE001 - no lexicon: only the project's own organisations
        canonical = None
    return canonical if canonical else INDIVIDUAL


def publish(ctx: dict[str, Any], project: Project) -> dict[str, Any]:
    """The public version of a report context (see the module docstring for the rule)."""
    from undercount.report import context as C

    out = dict(ctx)
    out["title"] = PUBLIC_TITLE
    out["public"] = True
    orgs = organisations(project)
    out["claims"] = [
        {**c, "attributed_to": speaker(c.get("attributed_to"), orgs), "sentence": None}
        for c in ctx.get("claims", [])
    ]
    out["estimates"] = [{**e, "user": None} for e in ctx.get("estimates", [])]
    if out.get("headline") is not None:
        out["headline"] = {**out["headline"], "user": None}
    out["stratified"] = [
        {**g, "rows": [{**r, "user": None} for r in g["rows"]]} for g in ctx.get("stratified", [])
    ]
    out = suppress_cells(out, project)
    # Raw counts never leave: only the suppressed ones above.
    out.pop("stratified_rows", None)
    out["estimates"] = [_no_raw(e) for e in out["estimates"]]
    out["stratified"] = [
        {**g, "rows": [_no_raw(r) for r in g["rows"]]} for g in out.get("stratified", [])
    ]
    head = ctx.get("headline")
    out["headline"] = next((e for e in out["estimates"] if head and e["id"] == head["id"]), None)
    out["persons"] = out["documented"]
    out["counts"] = {
        k: (v if not isinstance(v, int) or v == 0 or v >= C.MIN_CELL else None)
        for k, v in (ctx.get("counts") or {}).items()
    }
    # Sources of kind 'testimony' may be named after a witness: publish an alias.
    return C.replace_names(out, C.testimony_aliases(project))  # type: ignore[no-any-return]


def _no_raw(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k != "documented_raw"}


# ------------------------------------------------------------------ small cells


class _Cells:
    """Every count a public output shows, and what a reader knows about how they add up."""

    def __init__(self) -> None:
        self.values: list[float] = []
        self.relations: list[Any] = []
        self.keep: set[int] = set()
        self.hidden: set[int] = set()

    def add(self, value: Any, *, keep: bool = False, hidden: bool = False) -> int:
        self.values.append(float(value or 0))
        i = len(self.values) - 1
        if keep:
            self.keep.add(i)
        if hidden:
            self.hidden.add(i)
        return i

    def total(self, total: int, parts: list[int]) -> None:
        """``total`` is the sum of ``parts`` (added only when it really is)."""
        from undercount.report.cells import Relation

        if parts and abs(self.values[total] - sum(self.values[p] for p in parts)) < 0.5:
            self.relations.append(Relation({total: 1.0, **{p: -1.0 for p in parts}}))

    def same(self, a: int, b: int) -> None:
        """Two views show the same number (a reader may guess they are the same persons)."""
        from undercount.report.cells import Relation

        if a != b and abs(self.values[a] - self.values[b]) < 0.5:
            self.relations.append(Relation({a: 1.0, b: -1.0}))


def _patterns(project: Project, sources: list[str]) -> dict[tuple[int, ...], int]:
    hist = project.capture_histories()
    hist = hist.groupby(sources, as_index=False)["count"].sum()
    return {
        tuple(int(v) for v in row[:-1]): int(row[-1])
        for row in hist.itertuples(index=False)
        if int(row[-1]) > 0
    }


def _union_of(full: dict[tuple[int, ...], int], k: int, d: int) -> tuple[int, ...] | None:
    """The lists (indices) whose persons number ``d`` together, when one set does (<= 12
    lists; a larger project is searched over pairs only)."""
    from itertools import combinations

    sizes = range(1, k) if k <= 12 else range(2, 3)
    for size in sizes:
        for lists in combinations(range(k), size):
            if sum(n for p, n in full.items() if any(p[j] for j in lists)) == d:
                return lists
    return None


def suppress_cells(ctx: dict[str, Any], project: Project) -> dict[str, Any]:
    """``ctx`` (computed without suppression) with small cells and their complements hidden
    in every view at once: overlap, timeline, provinces, strata, sources, totals."""
    from undercount.report.cells import MIN_CELL, protect

    cells = _Cells()
    out = dict(ctx)
    persons = cells.add(ctx.get("documented") or 0, keep=True)

    # Overlap: every capture pattern (those not drawn are hidden), set sizes, total.
    ov = ctx.get("overlap")
    pat_cell: dict[tuple[int, ...], int] = {}
    set_cell: list[int] = []
    if ov:
        full = _patterns(project, list(ov["sources"]))
        drawn = {tuple(p) for p in ov["patterns"]}
        for p, n in full.items():
            pat_cell[p] = cells.add(n, hidden=p not in drawn)
        ov_total = cells.add(ov["persons"], keep=True)
        cells.same(ov_total, persons)
        cells.total(ov_total, list(pat_cell.values()))
        for j, _ in enumerate(ov["sources"]):
            parts = [c for p, c in pat_cell.items() if p[j]]
            set_cell.append(cells.add(sum(full[p] for p in full if p[j])))
            cells.total(set_cell[-1], parts)

    # Deaths: per day (+ undated) and per province (+ unknown) are two breakdowns of one total.
    tl, prov = ctx["timeline"], ctx["provinces"]
    day_cell = [cells.add(n) for n in tl["counts"]]
    tl_total = cells.add(sum(tl["counts"]))
    cells.total(tl_total, day_cell)
    undated = cells.add(tl["undated"] or 0)
    prov_cell = [cells.add(r["documented"]) for r in prov["rows"]]
    unknown = cells.add(prov["unknown"] or 0)
    deaths = cells.add(cells.values[tl_total] + cells.values[undated])
    cells.total(deaths, [tl_total, undated])
    cells.total(deaths, [*prov_cell, unknown])
    cells.same(deaths, persons)

    # Strata: documented persons per stratum of each stratified method (rows that could not
    # be fitted are not shown, but still add up to the total).
    strata_cell: dict[int, int] = {}
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for g in ctx.get("stratified_rows", []):
        groups.setdefault((g["label"], ",".join(sorted(g["fields"]))), []).append(g)
    prov_index = {
        r["province"]: cells_i for r, cells_i in zip(prov["rows"], prov_cell, strict=True)
    }
    for (_, by), rows in groups.items():
        parts = []
        for r in rows:
            c = cells.add(r["documented_raw"], hidden=r["estimate"] is None)
            strata_cell[r["id"]] = c
            parts.append(c)
            if by == "province" and r["fields"].get("province") in prov_index:
                cells.same(c, prov_index[r["fields"]["province"]])
            if by == "month":
                month = str(r["fields"].get("month", ""))[:7]
                in_month = [
                    d for d, day in zip(day_cell, tl["days"], strict=True) if day[:7] == month
                ]
                if in_month:
                    cells.total(c, in_month)
        cells.total(persons, parts)

    # Documented persons of each overall estimate: the total, or (a run on some of the lists,
    # or a run older than the last import) the persons on a union of lists, which a reader
    # can compare with the overlap table.
    est_cell: dict[int, int] = {}
    for e in ctx.get("estimates", []):
        d = e.get("documented_raw", e.get("documented"))
        if d is None:
            continue
        c = est_cell[e["id"]] = cells.add(d)
        cells.same(c, persons)
        if ov and d != cells.values[persons]:
            union = _union_of(full, len(ov["sources"]), int(d))
            if union is not None:
                cells.total(c, [pat_cell[p] for p in full if any(p[j] for j in union)])

    # Records per source and in all.
    src = ctx["sources"]
    src_cell = [cells.add(s["records"] or 0) for s in src]
    records = cells.add(ctx["quality"]["records"] or 0, keep=True)
    cells.total(records, src_cell)

    hide = protect(cells.values, cells.relations, cells.hidden, keep=cells.keep, min_cell=MIN_CELL)

    def shown(i: int, value: Any) -> Any:
        return None if i in hide else value

    out["documented"] = shown(persons, ctx.get("documented"))
    if ov:
        counts = [
            shown(pat_cell[tuple(p)], c) for p, c in zip(ov["patterns"], ov["counts"], strict=True)
        ]
        out["overlap"] = {
            **ov,
            "counts": counts,
            "set_sizes": [shown(c, v) for c, v in zip(set_cell, ov["set_sizes"], strict=True)],
            "table": [{**t, "count": c} for t, c in zip(ov["table"], counts, strict=True)],
            "persons": shown(persons, ov["persons"]),
            "suppressed": sum(1 for c in counts if c is None),
        }
    keep_days = [i for i, c in enumerate(day_cell) if c not in hide]
    out["timeline"] = {
        **tl,
        "days": [tl["days"][i] for i in keep_days],
        "counts": [tl["counts"][i] for i in keep_days],
        "suppressed_days": [],  # never named: the count of hidden days only
        "hidden_days": len(day_cell) - len(keep_days),
        "total": shown(tl_total, tl["total"]),
        "undated": shown(undated, tl["undated"]),
    }
    rows = []
    for r, c in zip(prov["rows"], prov_cell, strict=True):
        if c in hide:
            r = {**r, "documented": None, "estimate": None, "low": None, "high": None}
        rows.append(r)
    out["provinces"] = {**prov, "rows": rows, "unknown": shown(unknown, prov["unknown"])}
    out["stratified"] = [
        {
            **g,
            "rows": [r for r in g["rows"] if strata_cell.get(r["id"]) not in hide],
            "suppressed": g["suppressed"]
            + sum(1 for r in g["rows"] if strata_cell.get(r["id"]) in hide),
        }
        for g in ctx.get("stratified", [])
    ]

    def documented(e: dict[str, Any]) -> Any:
        d = e.get("documented")
        c = est_cell.get(e["id"])
        if d is None or (c is not None and c in hide) or (c is None and d < MIN_CELL):
            return None
        return d

    out["estimates"] = [{**e, "documented": documented(e)} for e in ctx.get("estimates", [])]
    out["sources"] = [
        {**s, "records": shown(c, s["records"])} for s, c in zip(src, src_cell, strict=True)
    ]
    out["quality"] = {**ctx["quality"], "records": shown(records, ctx["quality"]["records"])}
    if ctx.get("linkage"):
        lk = ctx["linkage"]
        out["linkage"] = {
            **lk,
            "n_records": shown(records, lk["n_records"]),
            "n_persons": shown(persons, lk["n_persons"]),
        }
    return out
