"""Extraction from documents: claims (aggregate figures), named people, quotations, actors.

Rule-based and offline (regular expressions and lexicons; no model weights). English is the
strong language; Persian gets figures, outcomes, dates and attribution.

Examples
--------
>>> from undercount.extract import extract
>>> x = extract("Amnesty International said at least 304 people were killed.")
>>> c = x.claims[0]
>>> (c.quantity.value, c.quantity.qualifier, c.outcome, c.attributed_to)
(304.0, 'at_least', 'killed', 'Amnesty International')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from undercount.extract.actors import ActorIndex, load_actors
from undercount.extract.chooser import FigureContext, SourceCandidate, load_chooser
from undercount.extract.claims import canonical_actor, extract_claims
from undercount.extract.people import NamedPerson, antecedents, extract_people
from undercount.extract.quotes import Quote, extract_quotes
from undercount.extract.scope import Scope
from undercount.extract.text import detect_language, split_sentences
from undercount.model import Claim

if TYPE_CHECKING:
    import pandas as pd

    from undercount.store.project import Project

__all__ = ["Extraction", "claims_table", "detect_language", "extract", "load_actors"]

MAX_EXTRACT_CHARS = 2_000_000
"""Extraction reads at most this many characters of a text (about 300,000 words)."""


@dataclass
class Extraction:
    """What :func:`extract` found in one text.

    Attributes
    ----------
    claims : list of Claim
        Aggregate figures, in text order.
    scopes : list of Scope
        Resolved scope of each claim (same order as ``claims``).
    people : list of NamedPerson
        Persons named, with role (victim / official / speaker / other) and evidence.
    quotes : list of Quote
        Direct quotations with their speaker.
    actors : list of dict
        Organisations and offices mentioned: canonical name, kind, aliases seen, mentions.
    language : str
        ``fa``, ``en`` or ``other``.
    truncated : bool
        True when the text was longer than :data:`MAX_EXTRACT_CHARS` and only its start was read.
    """

    claims: list[Claim] = field(default_factory=list)
    scopes: list[Scope] = field(default_factory=list)
    people: list[NamedPerson] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    actors: list[dict[str, Any]] = field(default_factory=list)
    language: str = "en"
    truncated: bool = False

    @property
    def victims(self) -> list[NamedPerson]:
        """The people named as victims."""
        return [p for p in self.people if p.role == "victim"]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict: ``{"claims", "people", "quotes", "actors"}``."""
        claims = []
        for c, s in zip(self.claims, self.scopes, strict=True):
            q = c.quantity
            claims.append(
                {
                    "value": q.value,
                    "low": q.low,
                    "high": q.high,
                    "qualifier": q.qualifier,
                    "outcome": c.outcome,
                    "victims": c.victims,
                    "attributed_to": c.attributed_to,
                    **s.to_dict(),
                    "stated_on": c.stated_on.isoformat() if c.stated_on else None,
                    "sentence": c.sentence,
                    "span": list(c.span),
                }
            )
        return {
            "claims": claims,
            "people": [p.to_dict() for p in self.people],
            "quotes": [q.to_dict() for q in self.quotes],
            "actors": self.actors,
            "language": self.language,
            "truncated": self.truncated,
        }


def extract(
    text: str,
    *,
    published_on: dt.date | str | None = None,
    publisher: str | None = None,
    language: str | None = None,
    actors: ActorIndex | str | Path | None = None,
    sources: Literal["rules", "learned"] = "rules",
) -> Extraction:
    """Extract claims, named people, quotations and actors from ``text``.

    Parameters
    ----------
    text : str
        The document's text (character offsets in the result refer to it).
    published_on : date or ISO string, optional
        Publication date: relative dates ("last week") resolve against it, and it is the
        ``stated_on`` of every claim.
    publisher : str, optional
        Who published the text; figures attributed to no one are attributed to it.
    language : str, optional
        ``fa``/``en``/``other``; detected when not given.
    actors : ActorIndex or path, optional
        Alias lexicon; a path is a project's JSON/CSV alias file added to the bundled one.
    sources : {"rules", "learned"}
        How a figure's source is chosen: by the rules alone, or by the learned chooser
        (:mod:`undercount.extract.chooser`) among candidates that include the rules' choice.
        The rules are the default: the chooser, refitted on all 169 texts of batches 1 to 14,
        did not beat them in cross-validation grouped by text nor on the fresh held-out
        batches (attribution 0.80 both; docs/extraction.md).

    Returns
    -------
    Extraction
    """
    return _extract(
        text,
        published_on=published_on,
        publisher=publisher,
        language=language,
        actors=actors,
        chooser=load_chooser() if sources == "learned" else None,
    )


def _extract(
    text: str,
    *,
    published_on: dt.date | str | None,
    publisher: str | None,
    language: str | None,
    actors: ActorIndex | str | Path | None,
    chooser: Callable[[FigureContext, list[SourceCandidate]], str | None] | None,
) -> Extraction:
    """:func:`extract` with any ``chooser`` of sources (a recording one, for training)."""
    if isinstance(published_on, str):
        published_on = dt.date.fromisoformat(published_on[:10])
    index = actors if isinstance(actors, ActorIndex) else load_actors(actors)
    truncated = len(text) > MAX_EXTRACT_CHARS
    text = text[:MAX_EXTRACT_CHARS]
    lang = language or detect_language(text)
    sentences = split_sentences(text)
    people = extract_people(text, sentences, published_on=published_on)
    persons = antecedents(people, text)  # sorted; names nested in an apposition left out
    doc_mentions = index.find(text)
    quotes = extract_quotes(text, sentences, index, persons, doc_mentions)
    speakers = [(q.start, q.end, q.speaker) for q in quotes if q.speaker]
    for q in quotes:  # quoted people are speakers unless something stronger is known
        for p in people:
            if (
                q.speaker
                and p.role == "other"
                and (q.speaker == p.name or q.speaker.endswith(p.name.split()[-1]))
            ):
                p.role = "speaker"
    pub = canonical_actor(publisher, index) if publisher else None
    found = extract_claims(
        text,
        sentences,
        index,
        publisher=pub,
        published_on=published_on,
        quote_speakers=speakers,
        mentions=doc_mentions,
        persons=persons,
        chooser=chooser,
    )
    mentions: dict[str, dict[str, Any]] = {}
    for m in doc_mentions:
        d = mentions.setdefault(
            m.name, {"name": m.name, "kind": m.kind, "aliases": [], "mentions": 0, "spans": []}
        )
        if m.text not in d["aliases"]:
            d["aliases"].append(m.text)
        d["mentions"] += 1
        d["spans"].append([m.start, m.end])
    return Extraction(
        claims=[c for c, _ in found],
        scopes=[s for _, s in found],
        people=people,
        quotes=quotes,
        actors=list(mentions.values()),
        language=lang,
        truncated=truncated,
    )


_LO = "greatest(c.span_start - length(c.sentence), 0)"
_POS = f"strpos(substr(d.text, {_LO} + 1, 2 * length(c.sentence) + 1), c.sentence)"
_SENT_START = f"CASE WHEN {_POS} > 0 THEN {_LO} + {_POS} - 1 END"


def claims_table(project: Project, event: str | None = None) -> pd.DataFrame:
    """Claims of a project side by side, with source name and reliability grade.

    ``event`` filters (case-insensitively) on the claim's event, period, place or sentence.
    Columns: id, event, outcome, value, low, high, qualifier, victims, attributed_to, source,
    reliability, stated_on, period, place, province, document_id, filename, sentence, and
    mark_start/mark_end: where the figure sits in ``sentence`` (null when it cannot be found).
    """
    sql = (
        "SELECT c.id, c.event, c.outcome, c.value, c.low, c.high, c.qualifier, c.victims, "
        "c.attributed_to, s.name AS source, s.reliability, c.stated_on, c.period, "
        "c.period_start, c.period_end, c.place, c.province, c.document_id, d.filename, "
        "c.span_start, c.span_end, c.sentence, "
        # Where the figure sits in its sentence, for showing it highlighted (evidence).
        f"c.span_start - ({_SENT_START}) AS mark_start, "
        f"c.span_end - ({_SENT_START}) AS mark_end "
        "FROM claims c LEFT JOIN sources s ON s.id = c.source_id "
        "LEFT JOIN documents d ON d.id = c.document_id"
    )
    params: list[Any] = []
    if event:
        sql += " WHERE c.event ILIKE ? OR c.period ILIKE ? OR c.place ILIKE ? OR c.sentence ILIKE ?"
        like = f"%{event}%"
        params = [like, like, like, like]
    sql += " ORDER BY c.outcome, c.stated_on NULLS LAST, c.id"
    return project.con.execute(sql, params).df()
