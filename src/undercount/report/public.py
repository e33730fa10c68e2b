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
    # Sources of kind 'testimony' may be named after a witness: publish an alias.
    return C.replace_names(out, C.testimony_aliases(project))  # type: ignore[no-any-return]
