"""A learned chooser of a figure's source: candidates described by features, ranked by weights.

The rules of :mod:`undercount.extract.attribution` give each figure one source. This module
lists every source the figure could have — each reporting cue of its sentence ("according to
X", "X said"), each organisation or person named in it, the source the sentence before went
on with, the organisation named last, the publisher, the rules' own choice, and no source —
and describes each with general features: same clause or not, word distance and direction,
the kind of cue, whether the candidate sits inside the figure's quotation, whether its verb is
negated, and so on. A conditional logit (one softmax over the candidates of a figure) scores
them; the highest wins.

The weights are fitted on the real evaluation set (all its texts since the sixth round of
issue 16; its dev texts before) by ``benchmarks/train_attribution.py``, which measures them
by cross-validation grouped by text against the rules on the same folds, and are shipped in
``data/source_chooser.json`` with a record of how they were made. Whether the chooser runs
by default is decided on texts it has not seen (see docs/extraction.md).

Examples
--------
>>> c = SourceCandidate("Amnesty International", {"cue": 1.0, "same_clause": 1.0})
>>> chooser = SourceChooser({"cue": 2.0, "same_clause": 1.0, "publisher": 0.5})
>>> chooser.choose([c, SourceCandidate("Reuters", {"publisher": 1.0})])
'Amnesty International'
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from undercount.extract.actors import ActorMention
from undercount.extract.attribution import _Attribution, _bound_to_own_clause
from undercount.extract.numbers import QuantityMatch
from undercount.extract.text import REPORT_VERBS_EN, REPORT_VERBS_FA

FEATURES: tuple[str, ...] = (
    "rules",  # the rules' own choice
    "none",  # no source at all
    "publisher",  # the publisher of the document
    "carried",  # the source the sentence before went on with
    "last_org",  # the organisation named last before this sentence
    "quote_speaker",  # the speaker of the quotation that holds the figure
    "cue",  # linked to a figure by a reporting cue of the sentence
    "according",  # the cue is "according to X" / "به گزارش X" (not a verb)
    "agent",  # a passive agent or owner of the figure ("by X", "X's tally of")
    "mention",  # an organisation named in the sentence, with no cue of its own
    "person",  # a person named in the sentence
    "state",  # an organ of a state (ministry, police, judiciary)
    "same_clause",  # the candidate sits in the figure's clause
    "before",  # the candidate comes before the figure
    "log_dist",  # log(1 + words between candidate and figure), in-sentence candidates
    "nearest_cue",  # the cue nearest the figure
    "verb_between",  # a reporting verb between the candidate and the figure
    "in_quote",  # the candidate is inside the quotation that holds the figure
    "fig_quoted",  # the figure is inside a quotation (given to cue candidates)
    "speaks_later",  # the cue opens a relative clause after the figure
    "own_clause",  # the cue is bound to a contrastive clause of its own
    "negated",  # a negation right before the candidate's verb
    "opens_sentence",  # the candidate opens the sentence
    "speaks",  # a reporting verb follows the candidate within four words (its subject)
    "verb_later",  # a reporting verb follows the candidate later in its clause (Persian order)
    "said_before",  # "said X", "according to X", "به گفته X" right before the candidate
    "listener",  # the one told: "told X", "to X"
    "by_before",  # "by X" (an agent: the source of a tally, or the perpetrator of an act)
    "no_cue_sentence",  # the sentence names no cue (given to carried/publisher/none)
    "act_before",  # an act with forces as subject precedes the figure (to carried/publisher)
    "fa_cue",  # a cue of a Persian sentence
    "implausible",  # the name does not read as a source
)
"""Feature names, in the order of the weight vector."""

_REPORT = re.compile(
    rf"(?<![\w\u200c-])(?:{REPORT_VERBS_EN}|{REPORT_VERBS_FA})(?![\w\u200c-])", re.I
)
_ACCORDING = re.compile(
    r"\s*(?:according to|as reported by|reported by|per\b|به نقل از|به گزارش|به گفته|طبق|"
    r"بنا بر|بنابر|بنا به|بر اساس|براساس|بر پایه|به نوشته|به اعلام)",
    re.I,
)
_NEGATION = re.compile(
    r"\b(?:not|never|denied|denies|rejected|disputed)\b|n['’]t\b|(?<![\w\u200c])ن(?:کرد|گفت)", re.I
)
_WORD = re.compile(r"\w+")
_SPEAKS_SOON = re.compile(
    rf"[\s,،]*(?:[\w'’\u200c-]+[\s,،]+){{0,3}}?(?:{REPORT_VERBS_EN}|{REPORT_VERBS_FA})(?![\w\u200c-])",
    re.I,
)
_CUE_BEFORE = re.compile(
    r"(?:\b(?:said|says|according to|reported by|stated|added)|به گفته|به گزارش|به نقل از|"
    r"به نوشته|طبق|بنا بر)\s+(?:the\s+)?$",
    re.I,
)
_TOLD_BEFORE = re.compile(r"\b(?:told|tells|tell|to)\s+(?:the\s+)?$", re.I)
_BY_BEFORE = re.compile(r"(?:\bby|توسط)\s+(?:the\s+)?$", re.I)

MAX_CANDIDATES = 16
"""At most this many candidates are described per figure (the rest are the farthest)."""


@dataclass(slots=True)
class SourceCandidate:
    """One possible source of a figure, with its features (absent features are 0)."""

    name: str | None
    features: dict[str, float] = field(default_factory=dict)

    def vector(self) -> list[float]:
        """The features in the order of :data:`FEATURES`."""
        return [self.features.get(f, 0.0) for f in FEATURES]


@dataclass(frozen=True, slots=True)
class FigureContext:
    """What the chooser may read about one figure: its sentence and the sources around it."""

    sentence: str
    figure: QuantityMatch
    clauses: Sequence[tuple[int, int]]
    cues: Sequence[_Attribution]
    mentions: Sequence[ActorMention]
    persons: Sequence[tuple[int, str]]  # offsets relative to the sentence
    rules: str | None
    publisher: str | None
    carried: str | None
    last_org: str | None
    quote_speaker: str | None
    quotation: tuple[int, int] | None
    act_before: bool
    persian: bool


def _words_between(s: str, a: int, b: int) -> int:
    lo, hi = (a, b) if a <= b else (b, a)
    return len(_WORD.findall(s, lo, hi))


def describe(ctx: FigureContext, finish: Callable[[str], str | None]) -> list[SourceCandidate]:
    """Every candidate source of the figure in ``ctx``, with its features.

    ``finish`` turns a name read from the sentence into what would be reported (a surname
    into the full name, a title stripped), or None when it does not read as a source.
    """
    s, q = ctx.sentence, ctx.figure

    def clause_of(pos: int) -> int:
        for i, (a, b) in enumerate(ctx.clauses):
            if a <= pos < b:
                return i
        return -1

    qc = clause_of(q.start)
    out: list[SourceCandidate] = []

    def located(name: str | None, start: int, end: int, extra: dict[str, float]) -> None:
        f = dict(extra)
        before = end <= q.start
        lo, hi = (end, q.start) if before else (q.end, start)
        f["before"] = 1.0 if before else 0.0
        f["same_clause"] = 1.0 if clause_of(start) == qc else 0.0
        f["log_dist"] = math.log1p(_words_between(s, lo, hi)) if hi > lo else 0.0
        f["verb_between"] = 1.0 if hi > lo and _REPORT.search(s, lo, hi) else 0.0
        f["opens_sentence"] = 1.0 if not s[:start].strip(' "“«') else 0.0
        if ctx.quotation and ctx.quotation[0] <= start < ctx.quotation[1]:
            f["in_quote"] = 1.0
        if _NEGATION.search(s, max(0, start), min(len(s), end + 1)) or _NEGATION.search(
            s, max(0, start - 12), start
        ):
            f["negated"] = 1.0
        window = s[end : min(len(s), end + 40)]
        head = _REPORT.match(window, len(window) - len(window.lstrip(" ,،")))
        if head or _SPEAKS_SOON.match(window):
            f["speaks"] = 1.0
        c_end = ctx.clauses[clause_of(start)][1] if clause_of(start) >= 0 else len(s)
        if _REPORT.search(s, end, c_end):
            f["verb_later"] = 1.0
        lead = s[max(0, start - 24) : start]
        if _CUE_BEFORE.search(lead):
            f["said_before"] = 1.0
        if _TOLD_BEFORE.search(lead):
            f["listener"] = 1.0
        if _BY_BEFORE.search(lead):
            f["by_before"] = 1.0
        reported = finish(name) if name else None
        if name and reported is None:
            f["implausible"] = 1.0
        out.append(SourceCandidate(reported, f))

    def dist(a: _Attribution) -> int:
        return a.start - q.end if a.start >= q.end else max(0, q.start - a.end)

    nearest = min(ctx.cues, key=dist) if ctx.cues else None
    for a in ctx.cues:
        f = {"cue": 1.0, "fa_cue": 1.0 if ctx.persian else 0.0}
        if _ACCORDING.match(s, a.start):
            f["according"] = 1.0
        if a.agent:
            f["agent"] = 1.0
        if a is nearest:
            f["nearest_cue"] = 1.0
        if a.after > q.start:
            f["speaks_later"] = 1.0
        if _bound_to_own_clause(a, qc, clause_of, ctx.clauses, s):
            f["own_clause"] = 1.0
        if ctx.quotation is not None:
            f["fig_quoted"] = 1.0
        located(a.name, a.start, a.end, f)
    for m in ctx.mentions:
        f = {"mention": 1.0, "state": 1.0 if m.kind == "state" else 0.0}
        located(m.name, m.start, m.end, f)
    for off, name in ctx.persons:
        located(name, off, off + len(name), {"person": 1.0})
    if len(out) > MAX_CANDIDATES:
        out.sort(key=lambda c: c.features.get("log_dist", 0.0))
        del out[MAX_CANDIDATES:]
    bare = 0.0 if ctx.cues else 1.0
    act = 1.0 if ctx.act_before else 0.0
    if ctx.quote_speaker:
        out.append(SourceCandidate(ctx.quote_speaker, {"quote_speaker": 1.0}))
    if ctx.carried:
        out.append(SourceCandidate(ctx.carried, {"carried": 1.0, "no_cue_sentence": bare}))
    if ctx.last_org:
        out.append(SourceCandidate(ctx.last_org, {"last_org": 1.0}))
    if ctx.publisher:
        out.append(
            SourceCandidate(
                ctx.publisher, {"publisher": 1.0, "no_cue_sentence": bare, "act_before": act}
            )
        )
    out.append(SourceCandidate(None, {"none": 1.0, "no_cue_sentence": bare}))
    ruled = False
    for c in out:
        if c.name == ctx.rules:
            c.features["rules"] = 1.0
            ruled = True
    if not ruled:
        out.append(SourceCandidate(ctx.rules, {"rules": 1.0}))
    return out


class SourceChooser:
    """Ranks the candidate sources of a figure with a linear score; the highest wins.

    Parameters
    ----------
    weights : mapping of feature name to weight
        Features not named weigh 0.

    Examples
    --------
    >>> SourceChooser({"publisher": 1.0}).choose([SourceCandidate("AP", {"publisher": 1.0})])
    'AP'
    """

    def __init__(self, weights: Mapping[str, float]) -> None:
        self.weights = dict(weights)

    def score(self, candidate: SourceCandidate) -> float:
        """The linear score of one candidate."""
        return sum(self.weights.get(k, 0.0) * v for k, v in candidate.features.items())

    def choose(self, candidates: Sequence[SourceCandidate]) -> str | None:
        """The name of the best-scoring candidate (the first of equals); None when empty."""
        best: SourceCandidate | None = None
        best_score = -math.inf
        for c in candidates:
            sc = self.score(c)
            if sc > best_score:
                best, best_score = c, sc
        return best.name if best is not None else None

    def __call__(self, ctx: FigureContext, candidates: Sequence[SourceCandidate]) -> str | None:
        return self.choose(candidates)


class RecordingChooser:
    """Keeps the candidates of every figure and returns the rules' choice (for training)."""

    def __init__(self) -> None:
        self.records: list[tuple[FigureContext, list[SourceCandidate]]] = []

    def __call__(self, ctx: FigureContext, candidates: Sequence[SourceCandidate]) -> str | None:
        self.records.append((ctx, list(candidates)))
        return ctx.rules


@lru_cache(maxsize=1)
def load_chooser() -> SourceChooser:
    """The chooser with the shipped weights (``data/source_chooser.json``)."""
    raw: dict[str, Any] = json.loads(
        resources.files("undercount.extract")
        .joinpath("data/source_chooser.json")
        .read_text(encoding="utf-8")
    )
    return SourceChooser({k: float(v) for k, v in raw["weights"].items()})
