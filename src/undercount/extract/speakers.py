"""Who said a quotation: the speaker of a direct quotation found by :mod:`.quotes`.

The speaker is found, in this order, in:

1. the words after the quotation: ``"…," X said`` / ``"…," said X`` / ``"…," he said``;
2. the words before it in the same sentence: ``X said: "…"`` / ``X told reporters that
   "…"`` / ``according to X, "…"`` / ``X گفت: «…»``;
3. the sentence before: a quotation that stands alone continues the previous quotation's
   speaker, or is introduced by a person in the previous sentence ("X told reporters on
   Tuesday." then the quote).

Pronouns ("he said") resolve to the last person or role named before the quotation; "it",
"the report" and "the group" to the organisation or document's issuer named before.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from undercount.extract.actors import ActorMention
from undercount.extract.anaphora import (
    _DOC_WORDS,
    _FA_PERSON_ANAPHOR,
    _FUNCTION_START,
    _GENERIC_ORG,
    _ROLE_PLURAL,
    _body_subject,
    _doc_owner,
    _document_goes_on,
    _holder_of,
    _introduced_body,
    _last_actor,
    _pronoun,
    _sentence_index,
)
from undercount.extract.attribution import fa_subject_segment, is_noun_use
from undercount.extract.names import full_name_for
from undercount.extract.text import (
    ANAPHORS,
    ENDS_IN_ROLE,
    FA_ROLE_WORDS,
    PRONOUNS,
    REPORT_VERBS_EN,
    REPORT_VERBS_FA,
    ROLE_NOUNS,
    Sentence,
    clean_np,
    fa_apposed_subject,
    np_after,
    subject_before,
)

if TYPE_CHECKING:
    from undercount.extract.quotes import Quote

# Speech verbs of quotations: the reporting verbs of claims and those of posts and chants
# ('"…," tweeted X', '"…," the protesters chanted', 'عفو بین‌الملل در گزارش خود آورده است: «…»').
# Verbs that only introduce speech ("Hook maintained", "the envoy remarked") join them: they
# never state a figure, so they are quotation cues only.
_SPEECH_EN = (
    rf"{REPORT_VERBS_EN}|tweeted|tweets|posted|posts|chanted|shouted|spoke|speaks|maintained|"
    r"maintains|remarked|commented|emphasi[sz]ed|underlined|affirmed|reiterated|urged|pleaded|"
    # present tense after a plural subject: "They note that this has “…”" (not "continued",
    # "observed", "add": "The protests continued after “…”" names no speaker)
    r"note|stress|warn|insist|argue|explain"
)
# Persian text is often typed without the zero-width non-joiner, or with a space in its place
# ("می نویسد", "مینویسد" for "می‌نویسد"): the verbs of writing and adding in every spelling
# (those of saying are in the shared list), and the colloquial participle "نوشته".
_SPEECH_FA = (
    rf"{REPORT_VERBS_FA}|آورده است|آورده|یادآور شد|خاطرنشان کرد|"
    r"می[\u200c ]?(?:نویسد|نویسند|افزاید)|اضافه (?:کرد|کردند|کرده است)|نوشته"
)
_AFTER_PRON = re.compile(
    rf"^\s*[,،]?\s*(?:[^\"“”.;]{{0,80}}?,\s*)?(?P<np>he|she|they|it|we|I)\s+(?:{_SPEECH_EN})\b",
    re.I,
)
# '"…," Philip Luther, Middle East Research Director at Amnesty International, said'
_AFTER_NAME_APPOS = re.compile(
    r"^\s*[,،]?\s*(?P<np>(?:(?:Mr|Mrs|Ms|Dr)\.?\s+)?[A-Z][\w'’-]+(?:\s+[A-Z]\.)?"
    r"(?:\s+[A-Z][\w'’-]+){0,3}),"
    rf"[^\"“”;]{{2,160}}?,\s*(?:{_SPEECH_EN})\b"
)
# the role may carry its complement: '"…," UN High Commissioner for Human Rights, Michelle
# Bachelet, said'
_ROLE_COMPLEMENT = (
    r"(?:\s+(?:of|for|on|at|to)\s+(?:the\s+)?(?-i:[A-Z][\w'’-]+)"
    r"(?:\s+(?:(?-i:[A-Z][\w'’-]+)|of|for|on|and|the|in)){0,6})?"
)
# "said the director of Iran Human Rights, X": a role and its complement
_ROLE_WITH_COMPLEMENT = re.compile(rf"\b(?:{ROLE_NOUNS}){_ROLE_COMPLEMENT}$", re.I)
# the complement may run in lower case up to the name: "UN Special Rapporteur on the situation
# of human rights in Iran, Javaid Rehman, told reporters"
_AFTER_TITLE_NAME = re.compile(
    rf"^\s*[,،]?\s*(?:the\s+|a\s+)?(?:[\w'’-]+\s+){{0,4}}?(?:{ROLE_NOUNS})"
    r"(?:\s+(?:of|for|on|at|to|in)\s+[^,.;:\"“”«»\n]{1,80}?)?"
    r"\s*,\s*"
    r"(?P<np>(?-i:(?:(?:Mr|Mrs|Ms|Dr)\.?\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3}))\s*,\s*"
    rf"(?:{_SPEECH_EN})\b",
    re.I,
)
_AFTER_ACCORDING = re.compile(r"^\s*[,،]?\s*according to\s+(?P<np>[^,.;:\"“”\n]{2,80})", re.I)
_AFTER_NP_FA = re.compile(
    rf"^\s*[،,]?\s*(?P<np>[^«»\"“”\n.،,:؛]{{2,80}}?)\s+(?:{_SPEECH_FA})(?![\w\u200c])"
)
_FA_VERB_RIGHT_AFTER = re.compile(rf"^\s*[،,]?\s*(?:را\s+)?(?:{_SPEECH_FA})(?![\w\u200c])")
_VERB_ANY = re.compile(
    rf"(?<![\w\u200c-])(?:{_SPEECH_EN}|{_SPEECH_FA}|claiming|saying|noting|stating|"
    r"adding|writing|maintained|stressed|noted|explained|urged|"
    # "protests that he called \"the worst crisis …\"": naming words introduce a quotation
    r"called|calling|described as|describing|dubbed|termed|branded|"
    r"chanted|chanting|shouted|shouting|"
    # verbs whose object is the quoted words: 'Amnesty demanded “an immediate end to …”'
    r"demanded|demands|expressed|expresses|vowed|vows|pledged|appealed|denounced|decried|"
    r"deplored|lamented|critici[sz]ed|welcomed|rejected|dismissed|"
    # Persian chants: "مادران دادخواه شعار می‌دهند: «…»"
    r"شعار\s*(?:می[\u200c ]?)?(?:دادند|دهند|داد|دهد)|سر\s*دادند)(?![\w\u200c-])",
    re.I,
)
# a verb or auxiliary inside a would-be subject shows a clause, not a noun phrase
_CLAUSE_WORD = re.compile(r"\b(?:said|says|told|tells|had|has|have|was|were|is|are|will|would)\b")
_ARABIC = re.compile(r"[\u0600-\u06FF]")
_PARTICIPLE = re.compile(r"^(?:claiming|saying|noting|stating|adding|writing)$", re.I)
# The subject that opens a sentence: "The UN Special Rapporteur further highlighted …",
# "In another section of her report, she addressed …", "It also reported …".
_OPENING_SUBJECT = re.compile(
    r"^\s*(?:(?:In|On|At|During|After|Before|Meanwhile|Earlier|Later)\b[^,]{0,80},\s*)?"
    r"(?P<np>(?:[Tt]he\s+)?(?:[A-Z][\w'’.-]*\s+){0,6}?[A-Z][\w'’.-]*|[Hh]e|[Ss]he|It|They)"
    r"\s+(?:also\s+|further\s+|then\s+|later\s+)?[a-z]+(?:ed|s)\b"
)
# '"…," reads the statement (issued by X)'
_AFTER_DOC_READS = re.compile(
    rf"^\s*[,،]?\s*(?:reads|read|said|says)\s+(?:the|a|its|their)\s+(?P<doc>{_DOC_WORDS})\b"
    r"(?:\s+(?:issued|released|published|signed|posted)\s+(?:on\s+\w+\s+)?by\s+"
    r"(?P<by>[A-Z][^,.;:\"“”]{1,60}))?",
    re.I,
)
# 'The statement read: "…"'
_DOC_READ_BEFORE = re.compile(
    rf"(?:^|[.;]\s+)(?:the|its|their|a)\s+(?P<doc>{_DOC_WORDS})\s+(?:read|reads|said|says|"
    r"stated)\s*:?\s*$",
    re.I,
)
_AFTER_NP_SAID = re.compile(
    r"^\s*[,،]?\s*(?P<np>[^,.;:\"“”«»\n]{1,80}?)\s+(?:said|says|told|added|stated|wrote|"
    r"noted|explained)\b",
    re.I,
)
# '"…," said X', and past a participle clause: '"…," killing five and wounding 25, said X'
_AFTER_INV = re.compile(
    rf"^\s*[,،]?\s*(?:[a-z]+ing\b[^\"“”.;]{{0,80}}?,\s*)?(?:{_SPEECH_EN})\s+(?P<rest>.{{1,120}})",
    re.I | re.S,
)
_AFTER_NP = re.compile(
    rf"^\s*[,،]?\s*(?P<np>(?:(?:Mr|Mrs|Ms|Dr|Prof)\.\s+)?[^,.;:\"“”«»\n]{{1,80}}?)\s+"
    rf"(?:{_SPEECH_EN})\b",
    re.I,
)
_BEFORE_ACCORDING = re.compile(
    r"(?:according to|به[\u200c ]?گفته)\s+(?P<np>[^,،\"“”«»]{2,80}?)\s*[,،]\s*$", re.I
)
# "به گفته NAME، TITLE «…»": the Persian quotation follows the apposition with no comma
_BEFORE_ACCORDING_FA = re.compile(
    r"(?<![\w\u200c])به[\u200c ]?گفته\s+(?P<np>[^,،\"“”«».:]{2,60}?)"
    r"(?:\s*[،,]\s*[^,،\"“”«».:]{2,80}?)?\s*[,،]?\s*$"
)


def _inner_starts_lower(text: str, a: int) -> bool:
    """Whether the quotation starting at ``a`` opens with a lower-case letter (a fragment)."""
    m = re.match(r"[\s\[(]*(\w)", text[a : a + 20])
    return bool(m and m.group(1).islower())


def speaker_of(
    text: str,
    a: int,
    b: int,
    sent: Sentence | None,
    sentences: Sequence[Sentence],
    quotes: Sequence[Quote],
    persons: Sequence[tuple[int, str]],
    mentions: Sequence[ActorMention],
    holders: dict[str, str | None],
) -> tuple[str | None, str | None]:
    """(speaker, cue) of the quotation ``text[a:b]`` of sentence ``sent``.

    The speaker the words around the quotation name (:func:`_find_speaker`), cleaned and
    resolved: a pronoun, "it" or "the report" to whom it refers, a role to the person the text
    named with it, a family name alone to the full name. ``quotes`` are the quotations before
    (with their speakers), ``persons`` the sorted ``(offset, name)`` of the people named,
    ``holders`` a cache of the holder of each role word, shared by the quotations of a text.
    """
    speaker, cue = _find_speaker(text, a, b, sent, sentences, quotes, persons, mentions)
    if speaker is not None:
        speaker = _clean_speaker(speaker)
    if speaker:
        speaker = _person_in(speaker, persons)
    if (
        speaker
        and speaker.lower() in PRONOUNS | {"it", "they"}
        or (speaker and ANAPHORS.match(speaker.lower()) or speaker in _GENERIC_ORG)
    ):
        doc = re.sub(r"^(?:the|its)\s+", "", speaker.lower())
        owner = (
            _doc_owner(text, a, doc, persons, mentions) if doc in ("statement", "report") else None
        )  # "a report compiled by X" … '"…," the report said': X
        if owner is None and speaker.lower() == "it":
            owner = _document_goes_on(text, a, quotes, mentions) or _body_subject(
                text, sentences, a, mentions
            )
        if owner is None and not _ARABIC.search(speaker):
            owner = _introduced_body(text, a, mentions)
        speaker = (
            owner
            or _last_actor(
                mentions,
                a if cue != "X said" else b + 40,
                people_too=speaker.lower() in ("they", "آنها"),
            )
            or (speaker if speaker in ("statement", "report") else None)
        )  # '"…," the statement said' with no one named before: the statement
    if speaker and ENDS_IN_ROLE.search(speaker) and not _ROLE_PLURAL.search(speaker):
        # "the UN Human Rights spokesperson said" after "spokesperson Jeremy Laurence"
        head = speaker.split()[-1].lower()
        if head not in holders:  # once per role word and document (linear, not per quote)
            holders[head] = _holder_of(head, persons, text)
        speaker = holders[head] or speaker
    if speaker and re.fullmatch(r"[a-z]+s", speaker):
        # '"…," the experts said' after "UN experts today expressed alarm": UN experts
        named = re.findall(
            r"\b((?!(?:The|A|An|Many|Some|Several|Other|Both|All|These|Those|Most|Local)\s)"
            rf"(?:[A-Z][\w'’.-]*\s+){{1,4}}){speaker}\b",
            text[:a],
        )
        if named:
            speaker = named[-1] + speaker
    if speaker and _FA_PERSON_ANAPHOR.match(speaker):
        # "این فعال حقوق بشر گفت": the person named before, when one is
        i = bisect.bisect_left(persons, (a, ""))
        speaker = persons[i - 1][1] if i > 0 else speaker
    if speaker and " " not in speaker:  # "Thalduwa told media": Nihal Talduwa
        speaker = full_name_for(speaker, [n for _, n in persons]) or speaker
    return speaker, cue


def _find_speaker(
    text: str,
    a: int,
    b: int,
    sent: Sentence | None,
    sentences: Sequence[Sentence],
    quotes: Sequence[Quote],
    persons: Sequence[tuple[int, str]],
    mentions: Sequence[ActorMention],
) -> tuple[str | None, str | None]:
    """(speaker, cue) of the quotation ``text[a:b]``, from the most reliable construction."""
    floor = sent.start if sent else max(0, a - 300)
    after = text[b + 1 : min(len(text), b + 220)].split("\n", 1)[0]  # not past the paragraph
    if re.search(r"[.!?]\s*$", text[a:b]) and re.match(r"\s*[A-Z]", after):
        # '"… tortured for weeks." Police said on Monday …': a new sentence, not a cue
        after = ""
    m = _AFTER_PRON.match(after)
    if m:
        return _pronoun(m.group("np"), a, persons, quotes, text, sentences), "pronoun"
    m = _AFTER_NAME_APPOS.match(after)
    if m:
        return m.group("np"), "X, title, said"
    m = _AFTER_TITLE_NAME.match(after)
    if m:
        return m.group("np"), "title, X, said"  # '"…," the minister, Ali Rezaei, said'
    m = _AFTER_ACCORDING.match(after)
    if m:
        return clean_np(m.group("np")), "according to X"  # '"…," according to Jane Doe.
    md = _AFTER_DOC_READS.match(after)
    if md:  # '"…," reads the statement issued by Amnesty International'
        return (md.group("by") or md.group("doc")).strip(), "said X"
    m2 = _AFTER_INV.match(after)
    if m2 and not re.match(r"\s*[,،]?\s*(?:told|tells|tell)\b", after, re.I):
        np = np_after(m2.group("rest"), 0)
        titled = _titled_name(np, persons) if np else None
        if titled:
            return titled, "said X"  # '"…," said its spokesperson Jane Doe'
        if np and (
            np[0].isupper()
            or np.split()[0].lower() in ("the", "a", "an", "one", "his", "her", "their")
        ):  # '"…," said his uncle'
            named = re.match(
                r"\s*,\s*((?:[A-Z][\w'’-]+\s+){1,3}[A-Z][\w'’-]+)\s*(?:[,.;]|$)",
                m2.group("rest")[len(np) :],
            )
            if named and (ENDS_IN_ROLE.search(np) or _ROLE_WITH_COMPLEMENT.search(np)):
                return named.group(1), "said X"  # "said the group's director, Jane Doe"
            return np, "said X"
    if _FA_VERB_RIGHT_AFTER.match(after):
        sp = _fa_subject(text, floor, a - 1)  # "این نهاد ضمن «…» می‌گوید": the subject before
        if sp:
            return sp, "X «…» گفت"
    m4 = _AFTER_NP_FA.match(after)
    if m4 and not re.match(r"\s*[،,]?\s*(?:و|که|اما)\s", after):
        np = re.sub(r"\s+(?:روز|در|به|نیز|هم)(?:\s+\S+)*$", "", m4.group("np")).strip()
        if np and len(np.split()) <= 7:
            return np, "X گفت"  # '«…»، سخنگوی قوه قضاییه گفت'
    m3 = _AFTER_NP.match(after)
    if m3 and is_noun_use(after, m3.end() - len(m3.group(0).split()[-1]), m3.group(0).split()[-1]):
        # '"…," the report said': "report" is the noun, "said" the verb
        m3 = _AFTER_NP_SAID.match(after)
    if m3:
        raw = m3.group("np")
        of_doc = re.match(
            rf"\s*(?:a|the|its)\s+(?:{_DOC_WORDS})\s+(?:from|by|of)\s+(.+)$", raw, re.I
        )
        np = clean_np(of_doc.group(1) if of_doc else raw)  # "a statement from the ministry"
        titled = _titled_name(np, persons)
        if titled:  # '"…," Amnesty's Middle East and North Africa Research Director X said'
            return titled, "X said"
        if np and len(np.split()) <= 8 and not re.search(r"\d", np) and _clean_speaker(np):
            return np, "X said"
    before = text[floor : a - 1] if a - 1 > floor else ""
    mb = _BEFORE_ACCORDING.search(before) or _BEFORE_ACCORDING_FA.search(before)
    if mb:
        return clean_np(mb.group("np")), "according to X"

    # A fragment that starts in lower case is part of the reported clause: its speech verb
    # may stand further back ('in which it cited … arrests "to stop [demonstrators] from …"').
    reach = 250 if _inner_starts_lower(text, a) else 90
    verbs = [
        v
        for v in _VERB_ANY.finditer(before)
        if not is_noun_use(before, v.start(), v.group(0))
        # an infinitive has no subject of its own: "He went on to note “…”"
        and not before[max(0, v.start() - 3) : v.start()].lower() == "to "
        and len(before) - v.end() <= reach
        and not re.search(r"[.!?]\s", before[v.end() :])
    ]
    # The speech verb nearest the quotation whose subject can be read; an earlier one when
    # the nearest is embedded: "X said the UN had information that suggests “…”" gives X.
    for v in reversed(verbs):
        verb_pos = floor + v.start()
        if _PARTICIPLE.match(v.group(0)):
            sp = _opening_subject(text[floor:verb_pos]) or _main_subject(text, floor, verb_pos)
            if sp is None:
                break  # the participle's subject is the main clause's: never a nearer verb's
        elif _ARABIC.search(v.group(0)):
            sp = _fa_subject(text, floor, verb_pos)
        else:
            sp = subject_before(text, verb_pos, floor=floor)
            if sp is None:
                q = re.search(r"[\"“]([^\"“”]{2,40})[\"”]\s*$", text[floor:verb_pos])
                if q and len(q.group(1).split()) <= 4:
                    sp = q.group(1)  # '"independent sources" told Amnesty that "…"'
        if sp and sp.lower() in PRONOUNS:
            sp = _pronoun(sp, a, persons, quotes, text, sentences)
            if not sp:
                return None, None  # "وی در ادامه گفت: «…»" with no one named before: empty
        elif sp and (not _clean_speaker(sp) or _CLAUSE_WORD.search(sp)):
            continue  # "Colville said the UN had information that suggests": not a subject
        if sp and not _ARABIC.search(v.group(0)):
            sp = _apposed_name(text, floor, verb_pos, persons) or sp
        if sp:
            return sp, "X said: ..."
    for q in reversed(quotes):  # a second quotation of the sentence, with no cue of its own
        if sent is not None and q.start >= sent.start and q.speaker:
            return q.speaker, "same sentence"
    mr = _DOC_READ_BEFORE.search(before)
    if mr:  # 'The statement read: "…"': whoever issued it
        return mr.group("doc"), "X: ..."
    if _FA_DOC_STATES.search(before):  # "در این گزارش آمده است: «…»": who issued the report
        return "این گزارش", "X: ..."
    mc = re.fullmatch(r"\s*(?P<np>[^:\"“”«»\n.]{2,60}?)\s*:\s*", before)
    if mc and len(mc.group("np").split()) <= 6:
        return mc.group("np"), "X: ..."  # 'عفو بین الملل: «…»', 'HRANA: "…"'
    if sent is not None and text[sent.start : a - 1].strip() == "":
        # A quotation that opens its sentence: continue the previous quotation, or take
        # the one the previous sentence introduced ("X told reporters:", "…, noting:").
        return _previous(sent, sentences, quotes, persons, text, mentions), "previous sentence"
    return None, None


_TITLE_WORD = re.compile(
    r"(?:MEP|MP|Minister|Secretary|Senator|Ambassador|Director|Spokes(?:man|woman|person)|"
    r"Rapporteur|Commissioner|Envoy|Representative|President|Chief|Commander|Prosecutor|"
    r"Judge|Governor|Chairperson|Chairman|Affairs|Defen[cs]e|Interior|Justice|"
    r"Ombuds(?:man|woman|person)|[A-Z][a-z]+-General)$"
)


_KIN_HEAD = re.compile(
    r"(?:مادر|پدر|خواهر|برادر|همسر|فرزند|دختر|پسر|خانواده|بستگان)\s|"
    r"(?:the\s+)?(?:mother|father|sister|brother|wife|husband|widow|son|daughter|family|"
    r"relatives?|cousin|uncle|aunt)\s+of\s",
    re.I,
)


def _titled_name(np: str, persons: Sequence[tuple[int, str]]) -> str | None:
    """The person's name that ends a titled noun phrase ("its spokesperson Jane Doe", "Amnesty's
    Middle East Research Director Jane Doe"), when the text names that person.

    A long title would fail the length test of a speaker; the name it ends in is the speaker,
    never the organisation that opens the title.
    """
    for name in sorted({n for _, n in persons}, key=len, reverse=True):
        if np.endswith(name) and len(np) > len(name) and np[-len(name) - 1] == " ":
            title = np[: -len(name)].strip()
            if _TITLE_WORD.search(title) or ENDS_IN_ROLE.search(title):
                return name
    return None


# ", Amnesty International's deputy director for the Middle East and North Africa, said":
# an apposition after a name, up to the verb (no quotation, clause end or verb inside)
_APPOSITION_TO_VERB = re.compile(r"\s*,(?P<app>[^,;:\"“”«».!?]{2,120}),\s*$")


def _apposed_name(
    text: str, floor: int, verb_pos: int, persons: Sequence[tuple[int, str]]
) -> str | None:
    """The person whose apposition runs up to the speech verb ("NAME, TITLE OF ORG, said").

    The subject read back from the verb is then the apposition's tail ("North Africa",
    "the Lagos state commissioner for information"); the name before it speaks. The name must
    open its clause or follow "from"/"by" ("a statement from NAME, …, said"), so that
    "the lawyer of NAME, who was executed, said" still gives the lawyer.
    """
    lo = bisect.bisect_left(persons, (floor, ""))
    for off, name in reversed(persons[lo:]):
        # a mention may be the family name alone ("Doe" for "Jane Doe")
        said = name if text.startswith(name, off) else name.split()[-1]
        end = off + len(said)
        if end >= verb_pos or not text.startswith(said, off):
            continue
        m = _APPOSITION_TO_VERB.fullmatch(text, end, verb_pos)
        if not m or _CLAUSE_WORD.search(m.group("app")) or _VERB_ANY.search(m.group("app")):
            return None
        lead = text[floor:off]
        given = name[: -len(said)].strip()
        if given and lead.rstrip().endswith(given):  # the family name of a full mention
            lead = lead.rstrip()[: -len(given)]
        if re.search(r"(?:^|[,;:—]\s*|\b(?:from|by)\s+)$", lead) or not lead.strip():
            return name
        return None
    return None


def _person_in(speaker: str, persons: Sequence[tuple[int, str]]) -> str:
    """A speaker's name without its title or a word run on after it.

    "Slovakian MEP Miriam Lexmann explicitly" -> "Miriam Lexmann"; "Interior Minister Ahmad
    Vahidi" -> "Ahmad Vahidi"; the name named in the text wins when the speaker holds it.
    """
    speaker = re.sub(r"(?:\s+(?:[a-z]+ly|also|then|later|again|further|once|too))+$", "", speaker)
    if _KIN_HEAD.match(speaker):
        return speaker  # "مادر پژمان قلی‌پور", "the mother of X": the relative speaks
    # "the lawyer of Ali Rezaei": a name after "of" is the complement of the role, not the
    # speaker ("Secretary of State Mike Pompeo" keeps its name: "State" comes before it)
    names = sorted(
        {
            n
            for _, n in persons
            if n in speaker and not re.search(rf"\b(?:of|for|to)\s+{re.escape(n)}", speaker)
        },
        key=len,
        reverse=True,
    )
    if names:
        return names[0]
    toks = speaker.split()
    last_title = max((i for i, t in enumerate(toks) if _TITLE_WORD.match(t)), default=-1)
    rest = toks[last_title + 1 :]
    if last_title >= 0 and len(rest) >= 2 and all(t[:1].isupper() for t in rest):
        return " ".join(rest)
    return speaker


def _main_subject(text: str, floor: int, verb_pos: int) -> str | None:
    """The subject of the first speech verb of the clause before a participle.

    "Amnesty said on Friday that the number confirmed killed has risen, adding that “…”":
    who adds is who said, not "the number" before the nearer verb "confirmed".
    """
    for v in _VERB_ANY.finditer(text, floor, verb_pos):
        if is_noun_use(text, v.start(), v.group(0)) or _PARTICIPLE.match(v.group(0)):
            continue
        sp = subject_before(text, v.start(), floor=floor)
        if sp and _clean_speaker(sp) and not _CLAUSE_WORD.search(sp):
            return sp
        return None
    return None


def _opening_subject(sentence: str) -> str | None:
    m = _OPENING_SUBJECT.match(sentence)
    return m.group("np") if m else None


def _clean_speaker(speaker: str) -> str | None:
    speaker = re.sub(r"^(?:the|an?)\s+", "", clean_np(speaker), flags=re.I)
    # "an activist in the neighbourhood of Barzeh": the activist (where they are is no name)
    speaker = re.sub(
        r"^((?:[\w'’-]+\s+)?(?:activist|witness|resident|doctor|medic|official|source|lawyer|"
        r"journalist|relative|villager|nurse)s?)\s+(?:in|from|at|near|inside)\s+.*$",
        r"\1",
        speaker,
        flags=re.I,
    )
    speaker = re.sub(r"^(?:Mr|Mrs|Ms|Dr|Prof)\.?\s+(?=[A-Z])", "", speaker)
    # "protesters in the square chanted": where a crowd stood is no part of who spoke
    speaker = re.sub(
        r"(?<=[a-z])\s+(?:in|at|near|outside)\s+the\s+(?:square|streets?|city|town|village|"
        r"capital|area|neighbou?rhood|camp)$",
        "",
        speaker,
    )
    if not speaker or _FUNCTION_START.match(speaker):
        return None  # "used the event to", "and", "even after the police"
    if re.match(r"(?:In|On|At|From|By|After|Before|During|Since)\s", speaker):
        return None  # "In a new report"
    rel = re.search(r"\s(?:that|which|who|whose)\b", speaker)
    if rel:
        # "a witness who asked not to be named": the head before the relative clause
        head = speaker[: rel.start()].strip()
        return head if head and len(head.split()) <= 5 else None
    return speaker


# An adverbial phrase between a Persian subject and its verb, with no comma before it:
# "X، مدیر این سازمان با اشاره به … گفت", "این نهاد ضمن «…» می‌گوید".
_FA_ADVERBIAL_PP = re.compile(
    r"\s(?:ضمن|با (?:اشاره|تاکید|تأکید|بیان|انتشار|ارسال|استناد)|در (?:واکنش|پاسخ|مصاحبه|"
    r"گفت[\u200c ]?و[\u200c ]?گو|گفتگو|ادامه|پیام|توییت|توییتر|ایکس|اینستاگرام|تلگرام|صفحه|"
    r"حساب|نامه|یادداشت|بیانیه|نشست|کنفرانس|جلسه|گزارش)[\w\u200c]*)(?=\s)"
)


# "در این گزارش سالانه درباره ایران آمده است: «…»": the report states it
_FA_DOC_STATES = re.compile(
    r"در\s+(?:این|همین|آن)\s+(?:گزارش|بیانیه|نامه)[^«»\"“”.:]{0,60}?\s"
    r"(?:آمده(?:[\u200c ]?است)?|می[\u200c ]?خوانیم)\s*:?\s*$"
)
_FA_ONE_OF = re.compile(r"\s*(?:یکی|یک تن|یک نفر)\s+از\s")


def _fa_subject(text: str, floor: int, verb_pos: int) -> str | None:
    # a quoted phrase inside the clause is its object, not a break: "X ضمن «…» می‌گوید"
    left = re.sub(r"«[^«»]*»", "", text[floor:verb_pos])
    # Adverbial phrases between the subject and its verb, one after another ("X در ادامه
    # اظهارات خود، با بیان این که … گفت"), and an apposition ("X، یکی از جانباختگان … گفت").
    for _ in range(4):
        trimmed = left.rstrip(" ،,\u200c") + " "
        last_break = max(trimmed.rfind(c) for c in "،,.:؛")
        if last_break >= 0 and _FA_ONE_OF.match(trimmed[last_break + 1 :]):
            left = trimmed[:last_break]
            continue
        pp = _FA_ADVERBIAL_PP.search(trimmed, max(0, last_break))
        if not pp:
            break
        named = fa_apposed_subject(trimmed[: pp.start()].rstrip() + "، ")
        if named:
            return named  # "NAME، مدیر این سازمان با اشاره به … گفت": the name
        left = trimmed[: pp.start()]
    named = fa_apposed_subject(left)
    if named:
        return named  # "فیلیپ لوتر، مدیر تحقیقات …، روز دوشنبه گفت": the name, not the title
    seg, _ = fa_subject_segment(left)  # "گروه X که …، در این گزارش نوشته است": X
    # "گروه حقوق بشری موسوم به ههنگاو": the name it is known by
    seg = re.split(r"(?:موسوم|معروف|مشهور)\s+به\s|(?<![\w\u200c])به نام\s", seg)[-1]
    seg = re.split(r"(?:^|\s)(?:که|و)\s", seg)[-1]
    seg = re.sub(r"(?<!موسوم)(?<!به نام)\s+به\s+\S+(?:\s+\S+)?\s*$", "", seg).strip()
    seg = re.sub(r"^(?:یک|آقای|خانم)\s+", "", seg)
    seg = re.sub(r"\s+(?:در|روز)\s+\S+(?:\s+\S+)?\s*$", "", seg)  # "… در پیامی نوشت"
    words = seg.split()
    if len(words) <= 9 and words and re.match(rf"(?:{FA_ROLE_WORDS})$", words[0]):
        return seg  # "نماینده ویژه وزارت خارجه آمریکا در امور ایران": the whole office
    return " ".join(words[-5:]) or None


def _previous(
    sent: Sentence,
    sentences: Sequence[Sentence],
    quotes: Sequence[Quote],
    persons: Sequence[tuple[int, str]],
    text: str,
    mentions: Sequence[ActorMention] = (),
) -> str | None:
    idx = _sentence_index(sentences, sent.start)
    if idx == 0:
        return None
    prev = sentences[idx - 1]
    for q in reversed(quotes):
        # a quotation of the previous sentence, or one of several sentences that ends there
        if q.start < prev.end and q.end > prev.start and q.speaker:
            return q.speaker
    if prev.text.rstrip().endswith(":"):  # "The rapporteur highlighted …, noting:" then "…"
        sp = _opening_subject(prev.text)
        if sp and sp.lower() in PRONOUNS:
            return _pronoun(sp, prev.start, persons, quotes, text, sentences)
        if sp:
            return sp
    # "X told reporters on Tuesday." then the quotation: the person named before the speech
    # verb (not one named after it: 'Amnesty said it was "horrified" by X's execution.')
    cue = re.search(rf"\b(?:{REPORT_VERBS_EN})\b|:\s*$", prev.text, re.I)
    in_prev = [
        name
        for off, name in persons
        if prev.start <= off < prev.end and cue and off - prev.start < cue.start()
    ]
    if in_prev:
        return in_prev[0]
    # "X said that six more people died." then "“One person died on April 5 …”": the
    # organisation that is the subject of the previous sentence's speech verb continues.
    for v in _VERB_ANY.finditer(prev.text):
        if is_noun_use(prev.text, v.start(), v.group(0)) or _PARTICIPLE.match(v.group(0)):
            continue
        subj = subject_before(prev.text, v.start())
        if not subj:
            break
        for m in mentions:
            if prev.start <= m.start and m.end <= prev.start + v.start() and m.text in subj:
                return m.name if m.kind != "other" else None
        name = re.sub(r"^[Tt]he\s+", "", subj)
        if re.fullmatch(r"[A-Z][\w'’&-]*(?:\s+(?:[A-Z][\w'’&-]*|of|for|on|and|the)){1,7}", name):
            return name  # a named body the lexicon does not know
        break
    return None
