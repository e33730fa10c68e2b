"""Direct quotations and who said them.

Quotations are text between “…”, "…" or «…» of at least three words (shorter ones are scare
quotes: "rioters"). The speaker is found, in this order, in:

1. the words after the quotation: ``"…," X said`` / ``"…," said X`` / ``"…," he said``;
2. the words before it in the same sentence: ``X said: "…"`` / ``X told reporters that
   "…"`` / ``according to X, "…"`` / ``X گفت: «…»``;
3. the sentence before: a quotation that stands alone continues the previous quotation's
   speaker, or is introduced by a person in the previous sentence ("X told reporters on
   Tuesday." then the quote).

Pronouns ("he said") resolve to the last person or role named before the quotation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from undercount.extract.actors import ActorIndex
from undercount.extract.text import (
    PRONOUNS,
    REPORT_VERBS_EN,
    REPORT_VERBS_FA,
    ROLE_NOUNS,
    Sentence,
    clean_np,
    np_after,
    subject_before,
)

MAX_QUOTE_CHARS = 2000

_PAIRS = [("“", "”"), ("«", "»"), ("„", "“")]
_AFTER_PRON = re.compile(
    rf"^\s*[,،]?\s*(?P<np>he|she|they|it|we|I)\s+(?:{REPORT_VERBS_EN})\b", re.I
)
_AFTER_INV = re.compile(rf"^\s*[,،]?\s*(?:{REPORT_VERBS_EN})\s+(?P<rest>.{{1,120}})", re.I | re.S)
_AFTER_NP = re.compile(
    rf"^\s*[,،]?\s*(?P<np>[^,.;:\"“”«»\n]{{1,80}}?)\s+(?:{REPORT_VERBS_EN})\b", re.I
)
_BEFORE_VERB = re.compile(
    rf"(?<![\w\u200c-])(?P<verb>{REPORT_VERBS_EN}|{REPORT_VERBS_FA})(?![\w\u200c-])(?P<tail>[^\"“”«».!?]{{0,80}}?)\s*[:,،]?\s*$",
    re.I,
)
_BEFORE_ACCORDING = re.compile(
    r"(?:according to|به گفته)\s+(?P<np>[^,،\"“”«»]{2,80}?)\s*[,،]\s*$", re.I
)
_ROLE_NP = re.compile(
    rf"(?:(?:the|a|an|one)\s+)?(?:[\w'’-]+\s+){{0,3}}?(?:{ROLE_NOUNS})\b(?:\s+(?:of|for)\s+"
    rf"(?:the\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){{0,3}})?",
    re.I,
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

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "span": [self.start, self.end],
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
) -> list[Quote]:
    """Quotations of ``text`` with their speakers.

    ``persons`` lists ``(offset, name)`` of people named in the text (for pronouns and
    speakers introduced in the previous sentence).
    """
    quotes: list[Quote] = []
    persons = sorted(persons)
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
        floor = sent.start if sent else max(0, a - 300)
        after = text[b + 1 : min(len(text), b + 160)]
        speaker = cue = None
        m = _AFTER_PRON.match(after)
        if m:
            speaker, cue = _pronoun(m.group("np"), a, persons, quotes, text, sentences), "pronoun"
        if speaker is None and not m:
            m2 = _AFTER_INV.match(after)
            if m2:
                np = np_after(m2.group("rest"), 0)
                if np and (np[0].isupper() or np.split()[0].lower() in ("the", "a", "an", "one")):
                    speaker, cue = np, "said X"
            if speaker is None:
                m3 = _AFTER_NP.match(after)
                if m3:
                    np = clean_np(m3.group("np"))
                    if np and len(np.split()) <= 8 and not re.search(r"\d", np):
                        speaker, cue = np, "X said"
        if speaker is None:
            before = text[floor : a - 1] if a - 1 > floor else ""
            mb = _BEFORE_ACCORDING.search(before)
            if mb:
                speaker, cue = clean_np(mb.group("np")), "according to X"
            else:
                mv = _BEFORE_VERB.search(before)
                if mv:
                    verb_pos = floor + mv.start("verb")
                    if re.match(REPORT_VERBS_FA, mv.group("verb")):
                        speaker = _fa_subject(text, floor, verb_pos)
                    else:
                        speaker = subject_before(text, verb_pos, floor=floor)
                    cue = "X said: ..."
                    if speaker and speaker.lower() in PRONOUNS:
                        speaker = _pronoun(speaker, a, persons, quotes, text, sentences)
        if speaker is None and sent is not None and text[sent.start : a - 1].strip() == "":
            # A quotation that opens its sentence: continue the previous quotation, or take
            # the person the previous sentence introduced.
            speaker, cue = _previous(sent, sentences, quotes, persons, text), "previous sentence"
        if speaker is not None:
            speaker = re.sub(r"^the\s+", "", clean_np(speaker), flags=re.I) or None
        if speaker and " " not in speaker:
            full = [n for _, n in persons if n.split()[-1] == speaker and n != speaker]
            if full:
                speaker = full[-1]
        canonical = None
        if speaker:
            found = actors.resolve(speaker) or (
                actors.search(speaker).name  # type: ignore[union-attr]
                if actors.search(speaker)
                else None
            )
            canonical = found
        quotes.append(Quote(inner.strip(), a, b, speaker, canonical, cue if speaker else None))
    return quotes


def _sentence_at(sentences: Sequence[Sentence], pos: int) -> Sentence | None:
    for s in sentences:
        if s.start <= pos < s.end:
            return s
    return None


def _fa_subject(text: str, floor: int, verb_pos: int) -> str | None:
    left = text[floor:verb_pos]
    cut = max(left.rfind(c) for c in '،,.:؛«»"')
    seg = left[cut + 1 :]
    seg = re.split(r"(?:^|\s)(?:که|و)\s", seg)[-1]
    seg = re.sub(r"\s+به\s+\S+(?:\s+\S+)?\s*$", "", seg).strip()
    seg = re.sub(r"^(?:یک)\s+", "", seg)
    return " ".join(seg.split()[-5:]) or None


def _pronoun(
    pron: str,
    pos: int,
    persons: Sequence[tuple[int, str]],
    quotes: Sequence[Quote],
    text: str,
    sentences: Sequence[Sentence],
) -> str | None:
    if pron.lower() in ("it", "they", "we"):
        return None
    last_person = None
    for off, name in persons:
        if off < pos:
            last_person = (off, name)
    # A role noun phrase ("The judiciary spokesman denied ...") nearer than the last name wins.
    window_start = max(0, pos - 400)
    role = None
    for m in _ROLE_NP.finditer(text, window_start, pos):
        role = (m.start(), m.group(0))
    if role and (last_person is None or role[0] > last_person[0] + 40):
        np = re.sub(r"^(?:the|a|an)\s+", "", role[1], flags=re.I)
        return np
    return last_person[1] if last_person else None


def _previous(
    sent: Sentence,
    sentences: Sequence[Sentence],
    quotes: Sequence[Quote],
    persons: Sequence[tuple[int, str]],
    text: str,
) -> str | None:
    idx = sentences.index(sent)
    if idx == 0:
        return None
    prev = sentences[idx - 1]
    for q in reversed(quotes):
        if prev.start <= q.start < prev.end and q.speaker:
            return q.speaker
    in_prev = [name for off, name in persons if prev.start <= off < prev.end]
    if in_prev and re.search(rf"\b(?:{REPORT_VERBS_EN})\b|:\s*$", prev.text, re.I):
        return in_prev[0]
    return None
