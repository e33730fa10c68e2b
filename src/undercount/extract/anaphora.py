"""What a quotation's speaker refers to when the words name no one.

"he said", "she added": the person who spoke last or was named last before the quotation (or a
singular role named nearer); "they said": a group of people that opens the sentence; "it
said", "the group", "the report said": the body or the document's issuer named before; "the
spokesperson said": the person the text named with that role. Used by :mod:`.speakers`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from undercount.extract.actors import ActorMention
from undercount.extract.text import FA_ROLE_WORDS, PRONOUNS, ROLE_NOUNS, Sentence

if TYPE_CHECKING:
    from undercount.extract.quotes import Quote
_FUNCTION_START = re.compile(
    r"^(?:and|or|but|even|after|before|that|which|who|in|on|at|by|for|with|from|to|of|as|"
    r"if|when|while|because|so|then|reports?\s+that|used|has|have|had|was|were|is|are)\b",
    re.I,
)
_SINGULAR_ROLE = re.compile(
    r"\b(?:spokes(?:man|woman|person)|minister|official|chief|commander|prosecutor|judge|"
    r"governor|lawyer|witness|eyewitness|activist|director|head|president|rapporteur|"
    r"commissioner|envoy|representative|secretary|mp|lawmaker|doctor|nurse|mother|father|"
    r"brother|sister|son|daughter|husband|wife|researcher|officer|journalist|reporter)$",
    re.I,
)
# documents that speak for whoever issued them: '"…," the statement said'
_DOC_WORDS = r"statement|report|letter|message|communiqu[eé]|post|tweet"
_ROLE_NP = re.compile(
    rf"(?:(?:the|a|an|one)\s+)?(?:(?!(?:even|after|before|by|of|to|from|with|and|or|but|that|"
    rf"which|when|while|in|on|at|reports?|said|says)\b)[\w'’-]+\s+){{0,3}}?(?:{ROLE_NOUNS})\b"
    rf"(?:\s+(?:of|for)\s+"
    rf"(?:the\s+)?(?-i:[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){{0,3}}))?",
    re.I,
)


_ROLE_PLURAL = re.compile(
    r"(?:officials|witnesses|eyewitnesses|activists|relatives|families|sources|residents|"
    r"officers|authorities|police|government|ministry|office|agency|group|organi[sz]ation)$",
    re.I,
)


def _holder_of(head: str, persons: Sequence[tuple[int, str]], text: str) -> str | None:
    """The person the text named with the role ``head`` ("spokesperson Jeremy Laurence", "Mai
    Sato, the UN Special Rapporteur"), when exactly one was."""
    found = set()
    for off, name in persons:
        title = text[max(0, off - 60) : off].lower()
        appos = _appositive(text, off + len(name)).lower()
        if re.search(rf"\b{re.escape(head)}\b[^,.;]{{0,40}}$", title) or head in appos.split():
            found.add(name)
    return found.pop() if len(found) == 1 else None


_FA_PERSON_ANAPHOR = re.compile(
    rf"^(?:این|همین)\s+(?:{FA_ROLE_WORDS}|زندانی|زندانی سیاسی|معترض|شهروند)(?![\w\u200c])"
)

_GENERIC_ORG = {
    "organization",
    "organisation",
    "group",
    "rights group",
    "agency",
    "monitor",
    "statement",  # '"…," the statement said': whoever issued it
    "report",
}


# Groups of people the lexicon knows: "they" may be one, "it" and "the group" never are.
_PEOPLE_ACTOR = re.compile(
    r"^(?:witnesses|eyewitnesses|residents|relatives|families|activists|protesters|sources)$",
    re.I,
)


def _last_actor(
    mentions: Sequence[ActorMention], pos: int, *, people_too: bool = False
) -> str | None:
    """The organisation named last before ``pos`` ("the organization said", "it added")."""
    found = [
        m
        for m in mentions
        if m.end <= pos and m.kind != "state" and (people_too or not _PEOPLE_ACTOR.match(m.name))
    ]
    return found[-1].name if found else None


# "the non-governmental organization Provea", "the American NGO Physicians for Human Rights":
# a body the lexicon does not know, introduced by what it is
_INTRODUCED_BODY = re.compile(
    r"\b(?:organi[sz]ation|group|NGO|watchdog|monitor|charity|coalition|network)\s+"
    r"(?P<name>(?-i:[A-Z][\w'’&-]*)(?:\s+(?:(?-i:[A-Z][\w'’&-]*)|for|of|on|and|the)){0,6})",
    re.I,
)


def _introduced_body(text: str, pos: int, mentions: Sequence[ActorMention]) -> str | None:
    """The body last introduced by what it is ("the organization Provea") before ``pos``, when
    no body of the lexicon is named after it ("the group said" then refers to it)."""
    lo = max(0, pos - 1500)
    found = None
    for m in _INTRODUCED_BODY.finditer(text, lo, pos):
        found = m
    if found is None:
        return None
    if any(found.end() <= x.start < pos and x.kind != "state" for x in mentions):
        return None  # a body the lexicon knows was named later: the caller takes it
    name = re.sub(
        r"\s+(?:on|in|last|this)\s+(?:[A-Z][a-z]+day|January|February|March|April|May|June|"
        r"July|August|September|October|November|December)\b.*$",
        "",
        found.group("name"),
    )  # "Provea on Tuesday": a date is no part of the name
    name = re.sub(r"(?:\s+(?:for|of|on|and|the))+$", "", name)
    return name if not _FUNCTION_START.match(name) else None


_BODY_NOUN = (
    r"ministry|office|group|organi[sz]ation|agency|commission|council|committee|government|"
    r"army|police|court|watchdog|monitor|network|centre|center|coalition"
)
_BODY_OPENS = re.compile(rf"^\s*The\s+(?P<noun>{_BODY_NOUN})\b(?!\s+of\b)")


def _body_subject(
    text: str, sentences: Sequence[Sentence], pos: int, mentions: Sequence[ActorMention]
) -> str | None:
    """The body that opens the sentence before, for "It said …" opening the next one.

    "The ministry posted a photo …. It said they had collected “…”": the ministry (the
    organisation named in full before whose name holds the noun), not the last body named
    inside the sentence ("… editor in chief of Reuters").
    """
    idx = _sentence_index(sentences, pos)
    if idx <= 0 or not re.match(r"\s*It\s", sentences[idx].text):
        return None
    m = _BODY_OPENS.match(sentences[idx - 1].text)
    if not m:
        return None
    noun = m.group("noun").lower()
    lo = sentences[idx - 1].start
    for men in reversed([x for x in mentions if x.end <= lo]):
        if noun in men.text.lower() or noun in men.name.lower():
            return men.name
    # a body the lexicon does not know, named in full before: "The Ministry of Information"
    named = re.findall(
        rf"((?:[A-Z][\w'’-]*\s+){{0,3}}{noun[0].upper()}{noun[1:]}"
        r"(?:\s+(?:of|for|on)(?:\s+(?:the\s+)?[A-Z][\w'’-]+){1,4})?)",
        text[:lo],
    )
    return re.sub(r"^The\s+", "", named[-1]) if named else noun


def _document_goes_on(
    text: str, pos: int, quotes: Sequence[Quote], mentions: Sequence[ActorMention]
) -> str | None:
    """The speaker of the quotation before, when a document spoke it and "it" goes on.

    'A statement from X said only that “…”' then '“…,” it added': "it" is the statement, so
    X, when no organisation is named in between.
    """
    if not quotes or not quotes[-1].speaker or pos - quotes[-1].end > 300:
        return None
    prev = quotes[-1]
    lead = text[max(0, prev.start - 300) : prev.start]
    lead = re.split(r"[.!?]\s", lead)[-1]
    if not re.search(rf"\b(?:{_DOC_WORDS})\b", lead, re.I):
        return None
    if any(prev.end <= m.start < pos for m in mentions):
        return None
    return prev.speaker


# "a report compiled by X", "a statement from X", "a new UN report", "Amnesty's report"
_DOC_BY = re.compile(
    r"\s+(?:(?:[\w-]+\s+){0,2}?(?:compiled|prepared|written|published|released|issued|"
    r"presented|signed)\s+by|from|by)\s+(?:the\s+)?$"
)
_DOC_OWNER_GAP = re.compile(r"(?:['’]s)?\s+(?:(?:new|latest|annual|recent|short|joint)\s+)*$")


def _doc_owner(
    text: str,
    pos: int,
    doc: str,
    persons: Sequence[tuple[int, str]],
    mentions: Sequence[ActorMention],
) -> str | None:
    """Who issued the report or statement named last before ``pos`` that names its issuer.

    '"…," the report said' speaks for the one the report is by, not for whoever was named
    last ("The report, obtained by AFP, said …" names no issuer; "a report compiled by Ahmed
    Shaheed" does). Looked for in the 1,500 characters before, latest first.
    """
    lo = max(0, pos - 1500)
    owners = [(m.start, m.end, m.name) for m in mentions if lo <= m.start < pos]
    owners += [(off, off + len(n), n) for off, n in persons if lo <= off < pos]
    owners.sort()
    for d in reversed(list(re.finditer(rf"\b{doc}\b", text[lo:pos], re.I))):
        d_start, d_end = lo + d.start(), lo + d.end()
        for start, end, name in owners:
            if start >= d_end and start - d_end <= 60:
                if _DOC_BY.fullmatch(text, d_end, start):
                    return name
            elif end <= d_start and d_start - end <= 20:
                if _DOC_OWNER_GAP.fullmatch(text, end, d_start):
                    return name
    return None


def _appositive(text: str, end: int) -> str:
    """The apposition after a name ending at ``end``: ', the UN Special Rapporteur,'."""
    m = re.match(r"\s*,\s*([^,.;\n]{2,100})", text[end : end + 110])
    return m.group(1) if m else ""


def _sentence_index(sentences: Sequence[Sentence], pos: int) -> int:
    """Index of the sentence holding ``pos``, or -1 (binary search: sentences are in order)."""
    i = bisect.bisect_right(sentences, pos, key=lambda s: s.start) - 1
    return i if i >= 0 and sentences[i].start <= pos < sentences[i].end else -1


def _sentence_at(sentences: Sequence[Sentence], pos: int) -> Sentence | None:
    i = _sentence_index(sentences, pos)
    return sentences[i] if i >= 0 else None


def _pronoun(
    pron: str,
    pos: int,
    persons: Sequence[tuple[int, str]],
    quotes: Sequence[Quote],
    text: str,
    sentences: Sequence[Sentence],
) -> str | None:
    if pron.lower() == "they":
        group = _people_subject(text, sentences, pos)
        if group:
            return group  # "Relatives of the victims gathered …. “…,” they said"
    if pron.lower() in ("it", "they"):
        return pron.lower()  # an organisation: the caller looks for the last one named
    if pron.lower() == "we":
        return None
    if pron in ("او", "وی") and not any(off < pos for off, _ in persons):
        for s in reversed([s for s in sentences if s.end <= pos]):
            m = re.match(r"^\s*(?!او\b|وی\b)(\S+(?:\s+\S+){0,4}?)\s+(?:با|از|به|که|را)\s", s.text)
            if m:  # "زن جوانی در مشهد با ارسال پیام … روایت کرد. او گفت: «…»"
                return m.group(1)
        return None
    last_person = None
    for off, name in persons:
        if off < pos:
            last_person = (off, name)
    # He/she continues the speaker of a quotation just before.
    for q in reversed(quotes):
        if q.speaker_canonical:  # an organisation is not 'he' or 'she'
            continue
        if q.end < pos and pos - q.end < 500 and q.speaker and q.speaker.lower() not in PRONOUNS:
            if last_person is None or last_person[0] < q.start or q.speaker in last_person[1]:
                return q.speaker
            break
    # He/she is the person who spoke in this or the previous sentence ("Jane Doe said the
    # family of Ali Rezaei was threatened. “…,” she said": Doe, not Rezaei), when one did.
    spoke = _speech_subject(persons, text, sentences, pos)
    if spoke:
        return spoke
    # A singular role ("The judiciary spokesman denied ...") nearer than the last name wins.
    window_start = max(0, pos - 400)
    role = None
    for m in _ROLE_NP.finditer(text, window_start, pos):
        # "special envoy for Iran": the role noun before its complement
        if _SINGULAR_ROLE.search(re.sub(r"\s+(?:of|for)\s+.*$", "", m.group(0))):
            role = (m.start(), m.group(0))
    if role and last_person is not None:
        end = last_person[0] + len(last_person[1])
        app = _appositive(text, end)
        if app and role[0] < end + text[end:].find(app) + len(app):
            return last_person[1]  # "X, special envoy and adviser to the minister, said"
    if role and (last_person is None or role[0] > last_person[0] + 40):
        np = re.sub(r"^(?:the|a|an)\s+", "", role[1], flags=re.I)
        head = np.split()[-1].lower()
        for off, name in reversed(persons):  # "Mai Sato, the UN Special Rapporteur" … "she"
            if off < role[0] and head in _appositive(text, off + len(name)).lower().split():
                return name
        return np
    return last_person[1] if last_person else None


_SUBJECT_SPEAKS = re.compile(
    r"(?:\s*,[^.;!?\"“”«»]{0,120}?,)?\s+(?:also\s+|later\s+|then\s+)?"
    r"(?:said|says|told|tells|spoke|speaks|wrote|writes|added|explained|stressed|noted|"
    r"recalled|described|insisted|warned|testified)\b"
)


_PEOPLE_GROUP = re.compile(
    r"^\s*(?:(?:In|On|At|During|After|Before|Meanwhile|Earlier|Later)\b[^,]{0,60},\s*)?"
    r"(?P<np>(?:(?:The|Some|Many|Several|Dozens of|Hundreds of)\s+)?(?:[\w'’-]+\s+)?"
    r"(?:relatives|families|family members|protesters|demonstrators|witnesses|residents|"
    r"activists|students|mothers|fathers|parents|villagers|detainees|prisoners|survivors|"
    r"doctors|lawyers|workers|mourners)(?:\s+of\s+(?:the\s+)?(?:[\w'’-]+\s+)?"
    r"(?:victims|dead|detainees|prisoners|protesters|(?-i:[A-Z][\w'’-]+)))?)\b"
    r"(?![^.]{0,20}\b(?:said|told)\b[^.]*\b(?:it|its)\b)",
    re.I,
)


def _people_subject(text: str, sentences: Sequence[Sentence], pos: int) -> str | None:
    """A plural group of people that opens this or the previous sentence ("they")."""
    idx = _sentence_index(sentences, pos)
    if idx < 0:
        return None
    here = sentences[idx]
    for sent in (here, sentences[idx - 1] if idx > 0 else None):
        if sent is None or sent.start >= pos:
            continue
        m = _PEOPLE_GROUP.match(text[sent.start : min(sent.end, pos)])
        if m:
            return re.sub(r"^(?:the|some|many|several)\s+", "", m.group("np"), flags=re.I)
    return None


def _speech_subject(
    persons: Sequence[tuple[int, str]], text: str, sentences: Sequence[Sentence], pos: int
) -> str | None:
    """The last person named in this or the previous sentence as the subject of a speech verb
    ("Jane Doe, whose son was killed, spoke to VOA")."""
    idx = _sentence_index(sentences, pos)
    if idx < 0:
        return None
    here = sentences[idx]
    lo = sentences[idx - 1].start if idx > 0 else here.start
    found = None
    for off, name in persons[bisect.bisect_left(persons, (lo, "")) :]:
        if off >= pos:
            break
        if _SUBJECT_SPEAKS.match(text[off + len(name) : off + len(name) + 200]):
            found = name
    return found
