"""Direct quotations: where they are in a text, and the :class:`Quote` records of them.

Quotations are text between “…”, "…" or «…» (and single quotation marks, see
:func:`find_quote_spans`) of at least three words (shorter ones are scare quotes:
"rioters"). Who said each is read by :mod:`.speakers` (the words around it) and
:mod:`.anaphora` (what "he", "it" or "the report" refers to); the speaker is then matched to
the actor lexicon.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from undercount.extract.actors import ActorIndex, ActorMention
from undercount.extract.anaphora import _sentence_at
from undercount.extract.speakers import speaker_of
from undercount.extract.text import Sentence

MAX_QUOTE_CHARS = 2000

_PAIRS = [("“", "”"), ("«", "»"), ("„", "“")]


_SINGLE_QUOTE = re.compile(
    r"(?:^|(?<=[\s:(]))['‘](?P<q>[A-Z](?:[^'’‘\n]|['’](?=[a-z]))"
    r"{8," + str(MAX_QUOTE_CHARS) + r"}?[.,!?])['’](?=\s|$)"
    # after a colon, a quotation may start in lower case: chanted: 'the people want …'
    r"|(?<=:\s)'(?P<q2>[a-z](?:[^'’‘\n]|['’](?=[a-z])){8," + str(MAX_QUOTE_CHARS) + r"}?)'"
    r"(?=[\s.,;!?]|$)"
)


_CURLY_SINGLE = re.compile(
    r"(?<=[\s:(])‘(?P<q>[a-z](?:[^‘’\n]|’(?=[a-z]))"
    r"{8," + str(MAX_QUOTE_CHARS) + r"}?)’(?=[\s.,;:!?)]|$)"
)


# Curly marks typed the wrong way round: a right mark that opens a quotation after a space
# (”We have asked for accountability,” said X), and a left single mark that opens a capitalised
# quotation closed by a right single mark before punctuation (‘It has been reported …’.).
_RIGHT_AS_OPENER = re.compile(
    r"(?:(?<=\s)|^)”(?P<q>[A-Z0-9][^“”\n]{8," + str(MAX_QUOTE_CHARS) + r"}?\S)”"
)
_CURLY_SINGLE_CAP = re.compile(
    r"(?<=[\s:(])‘(?P<q>[A-Z](?:[^‘’\n]|’(?=[a-z]))"
    r"{8," + str(MAX_QUOTE_CHARS) + r"}?)’(?=[.,;:!?)])"
)


@dataclass
class Quote:
    """One direct quotation: its text, span (offsets of the quoted words) and speaker."""

    text: str
    start: int
    end: int
    speaker: str | None = None
    speaker_canonical: str | None = None
    cue: str | None = None
    sentence: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "span": [self.start, self.end],
            "sentence": self.sentence,
            "speaker": self.speaker,
            "speaker_canonical": self.speaker_canonical,
            "cue": self.cue,
        }


def find_quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the inner text of each quotation, in order."""
    spans: list[tuple[int, int]] = []
    for o, c in _PAIRS:
        rx = (
            re.escape(o)
            + "([^"
            + re.escape(o + c)
            + "]{1,"
            + str(MAX_QUOTE_CHARS)
            + "})"
            + re.escape(c)
        )
        for m in re.finditer(rx, text):
            spans.append((m.start(1), m.end(1)))
    # Straight double quotes pair up left to right within a paragraph.
    for para in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text):
        pos = [m.start() + para.start() for m in re.finditer('"', para.group(0))]
        for a, b in zip(pos[0::2], pos[1::2], strict=False):
            if b - a - 1 <= MAX_QUOTE_CHARS:
                spans.append((a + 1, b))
    # Single quotes (British style): 'Two were killed by head shots,' said a witness. Only
    # a capitalised opening after a space or a colon and a closing after punctuation, so that
    # apostrophes ("don't", "Iran's") never pair up.
    for m in _SINGLE_QUOTE.finditer(text):
        g = "q" if m.group("q") is not None else "q2"
        spans.append((m.start(g), m.end(g)))
    # A left single quotation mark (never an apostrophe) may open a quotation that starts in
    # lower case: "said the deaths were ‘one of the world’s largest killings …’."
    for m in _CURLY_SINGLE.finditer(text):
        spans.append((m.start("q"), m.end("q")))
    for rx in (_RIGHT_AS_OPENER, _CURLY_SINGLE_CAP):
        spans.extend((m.start("q"), m.end("q")) for m in rx.finditer(text))
    spans.sort()
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out and a < out[-1][1]:
            continue
        out.append((a, b))
    return out


def _words(s: str) -> int:
    return len(s.split())


def extract_quotes(
    text: str,
    sentences: Sequence[Sentence],
    actors: ActorIndex,
    persons: Sequence[tuple[int, str]] = (),
    mentions: Sequence[ActorMention] = (),
) -> list[Quote]:
    """Quotations of ``text`` with their speakers.

    ``persons`` lists ``(offset, name)`` of people named in the text (for pronouns and
    speakers introduced in the previous sentence); ``mentions`` the actor mentions of the text
    (for "it" and "the organization"). A speaker that is neither a name, a role nor an actor
    ("used the event to") is left empty rather than guessed.
    """
    quotes: list[Quote] = []
    persons = sorted(persons)
    holders: dict[str, str | None] = {}
    for a, b in find_quote_spans(text):
        inner = text[a:b]
        if _words(inner) < 3:
            continue
        opener = text[max(0, a - 3) : a - 1].rstrip()
        sentence_start = not text[: a - 1].strip() or text[: a - 1].rstrip()[-1:] in ".!?\n:;،"
        if (
            _words(inner) < 6
            and not re.search(r"[.!?,،؟]\s*$", inner)
            and not sentence_start
            and not opener.endswith((":", ","))
        ):
            continue  # a scare quote or a quoted term: "waging war against God"
        sent = _sentence_at(sentences, a)
        speaker, cue = speaker_of(text, a, b, sent, sentences, quotes, persons, mentions, holders)
        canonical = None
        if speaker:
            found = actors.resolve(speaker) or (
                actors.search(speaker).name  # type: ignore[union-attr]
                if actors.search(speaker)
                else None
            )
            canonical = found
        lo = sent.start if sent else a
        last = _sentence_at(sentences, max(a, b - 1))
        hi = last.end if last else b
        quotes.append(
            Quote(inner.strip(), a, b, speaker, canonical, cue if speaker else None, text[lo:hi])
        )
    _share_forward(quotes, text)
    return quotes


_AFTER_CUES = {"X said", "said X", "pronoun", "X, title, said", "title, X, said", "X گفت"}


def _share_forward(quotes: list[Quote], text: str) -> None:
    """'“A”, where many face “B,” the group added': A has the speaker named after B.

    A quotation left without a speaker takes that of the next quotation of the same sentence
    when the next one's speaker is named after it and no sentence ends between them.
    """
    for q, nxt in zip(quotes, quotes[1:], strict=False):
        if q.speaker or not nxt.speaker or nxt.cue not in _AFTER_CUES:
            continue
        between = text[q.end + 1 : nxt.start - 1]
        if nxt.sentence == q.sentence and not re.search(r"[.!?؟]\s|\n", between):
            q.speaker, q.speaker_canonical, q.cue = (
                nxt.speaker,
                nxt.speaker_canonical,
                "same sentence",
            )
