"""Named people: whether each person named in a text is a victim, an official or a speaker.

The names are found by :mod:`.names` (English) and :mod:`.persian_names`; here their mentions
become one :class:`NamedPerson` each (a later mention by family name alone, "Dehghan said", or
spelt another way is the same person) and each mention is read for the role it shows.

Roles, strongest first:

- ``victim``: the sentence says something was done to them ("X, 22, was shot", "the
  execution of X", "X died in custody"), or a naming list after a violation gives their name
  ("The names of the protesters are A, B and C"), or they are listed right after a victim;
- ``official``: a state title names them ("Interior Minister X", "X, the judiciary
  spokesman") — officials and alleged perpetrators;
- ``speaker``: they are quoted or say something; ``other`` otherwise.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from undercount.extract.names import (
    _AGE_AFTER,
    _AGE_BEFORE,
    _ARABIC_SCRIPT,
    _EN_NAME_LIST,
    _ROLE_WORDS,
    _SAYS_AFTER,
    _TITLE_BEFORE,
    _TITLE_STATE,
    _VICTIM_AFTER,
    _candidates,
    _curated_spans,
    _overlaps,
    _skeleton_cached,
    mention_key,
)
from undercount.extract.names import fa_name_lexicon as fa_name_lexicon
from undercount.extract.names import full_name_for as full_name_for
from undercount.extract.names import given_names as given_names
from undercount.extract.numbers import ascii_digits, persian_letters
from undercount.extract.persian_names import (
    _FA_NAME_LIST,
    _FA_OFFICE,
    _FA_SPEECH,
    _FA_SPEECH_VERBS,
    _FA_VICTIM_CUE,
)
from undercount.extract.scope import find_period, find_place
from undercount.extract.text import REPORT_VERBS_EN, Sentence

_APPOSITIVE = re.compile(r"^\s*,\s*(?P<app>[^,.;\"“”]{2,80}?)\s*,")
_VICTIM_BEFORE_STRICT = re.compile(
    r"(?:killing|death|execution|hanging|arrest|detention|torture|disappearance|funeral|"
    r"body|murder|shooting) of\s+(?:\d{1,3}[- ]year[- ]old\s+(?:[a-z-]+\s+){0,2})?$|"
    # "the death of 22-year-old X": the age between the violation and the name
    r"(?:victims? (?:include|included|were|named)|named as|"
    r"identified as)\s*$|"
    # "Those executed included X and Y", "… include X, 19, and Y": every name of the list
    r"\b(?:executed|killed|arrested|detained|dead|victims?|hanged) (?:include|included|were|are)"
    r"\s+(?:\d{1,3}-year-old\s+(?:[a-z-]+\s+){0,2})?"
    r"(?:(?:[A-Z][\w'’-]+\s*){1,4}(?:,\s*\d{1,3}\s*)?(?:,|and)\s*(?:and\s+)?){0,6}$|"
    # the object of a violation: "Police shot dead Ali Hassan", "killed protester Ahmed Salah"
    r"\b(?:killed|shot dead|executed|hanged|arrested|detained|abducted|kidnapped|tortured|"
    r"murdered)\s+(?:(?:the\s+)?(?:protester|demonstrator|activist|student|journalist|teenager|"
    r"blogger|lawyer|teacher|worker|dissident|prisoner|detainee)\s+)?$",
    re.I,
)
# "The family of Nika Shakarami said she was killed": the relative speaks, the one named is
# the victim (when the sentence names a violation)
_KIN_OF_BEFORE = re.compile(
    r"\b(?:family|families|relatives?|mother|father|brother|sister|widow|son|daughter|parents)"
    r"\s+of\s*$",
    re.I,
)
_SPEAK_AFTER = re.compile(rf"^(?:\s*,[^,.;]{{0,80}},)?\s*,?\s*(?:{REPORT_VERBS_EN})\b", re.I)
_VIOLATION = [
    ("death_in_custody", r"died in custody|death in custody|died in detention|died in prison"),
    ("execution", r"executed|hanged|execution|hanging|اعدام"),
    (
        "killing",
        r"shot dead|killed|murdered|died|killing|death|shot|run over|lost (?:his|her) "
        r"life|کشته|جان باخت|جان‌باخت|جانباخت",
    ),
    ("torture", r"tortured|beaten|torture|شکنجه"),
    ("enforced_disappearance", r"disappeared|abducted|disappearance|ناپدید"),
    ("injury", r"injured|wounded|blinded|زخمی|مجروح"),
    (
        "arbitrary_detention",
        r"arrested|detained|taken into custody|held|imprisoned|jailed|"
        r"summoned|sentenced|arrest|detention|بازداشت|دستگیر",
    ),
]
_FA_OFFICE_AFTER = re.compile(
    r"\s*،\s*(?:مدیر|سخنگو|سخنگوی|رئیس|رییس|گزارشگر|دبیر|دبیرکل|نماینده|وزیر|دادستان|"
    r"فرمانده|معاون|کمیسر)(?![\w\u200c])"
)
# The object of a violation behind its title: "Gunmen killed Oscar Foundation director X",
# "police arrested opposition leader X"
_VICTIM_OBJECT_TITLED = re.compile(
    # a verb in lower case: "Detained opposition leaders X and Y" opens with an adjective
    r"\b(?-i:killed|shot dead|executed|hanged|arrested|detained|abducted|kidnapped|tortured|"
    rf"murdered)\s+(?:the\s+)?(?:[\w'’-]+\s+){{0,4}}?(?:{_ROLE_WORDS})\s+$",
    re.I,
)
# "Mahsa Amini's death", "Navalny's arrest": what was done to the one named
_VICTIM_POSSESSIVE = re.compile(
    r"^['’]s\s+(?:[\w-]+\s+)?(?:death|killing|murder|arrest|detention|execution|hanging|"
    r"torture|disappearance|abduction|funeral|body|grave)\b"
)
# An apposition that counts the one named among the victims: "X، از جانباختگان خیزش", "X, one
# of those killed"
_VICTIM_OF_GROUP = re.compile(
    r"^\s*[،,]\s*(?:(?:یکی|یک تن)\s+)?از\s+(?:جان[\u200c ]?باختگان|کشته[\u200c ]?شدگان|"
    r"قربانیان|اعدام[\u200c ]?شدگان|بازداشت[\u200c ]?شدگان)(?![\w\u200c])|"
    r"^\s*,\s*(?:one|among)\s+(?:of\s+)?(?:the|those)\s+(?:victims|killed|dead|executed|"
    r"detained|arrested)\b"
)


@dataclass
class NamedPerson:
    """A person named in the text, with the mentions and the evidence of their role."""

    name: str
    role: str = "other"
    evidence: str = ""
    sentence: str = ""
    span: tuple[int, int] = (0, 0)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    age: int | None = None
    date: Any = None
    date_text: str | None = None
    place: str | None = None
    province: str | None = None
    city: str | None = None
    violation: str | None = None
    variants: list[str] = field(default_factory=list)
    # found only thanks to the Persian name lexicon (no mention found by the curated lists):
    # a victim only on a direct construction (see ``extract_people``); not exported
    lexicon_only: bool = field(default=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "variants": self.variants,
            "role": self.role,
            "evidence": self.evidence,
            "sentence": self.sentence,
            "span": list(self.span),
            "mentions": [list(m) for m in self.mentions],
            "age": self.age,
            "date": self.date.iso() if self.date is not None else None,
            "date_text": self.date_text,
            "place": self.place,
            "province": self.province,
            "city": self.city,
            "violation": self.violation,
        }


MAX_MENTIONS = 200  # per person: enough for any article, bounded for hostile input
_RANK = {"victim": 3, "official": 2, "speaker": 1, "other": 0}


# An office just before a Persian name, within its clause ("وزیر کشور احمد وحیدی",
# "فرمانده انتظامی استان حسن کریمی"): the holder of the office, not a victim of the violation
# the sentence reports.
_FA_OFFICE_BEFORE = re.compile(
    r"(?<![\w\u200c])(?P<office>مدیر|سخنگوی?|رئیس|رییس|دبیرکل|نماینده|وزیر|دادستان|فرمانده|"
    r"معاون|قاضی|استاندار|فرماندار|بازپرس|رئیس‌جمهور|رییس‌جمهور)"
    r"(?:\s+[\u0621-\u06cc\u200c]+){0,3}\s+$"
)
# Offices of the state among them: their holders are officials.
_FA_STATE_OFFICE = frozenset(
    "وزیر دادستان فرمانده قاضی استاندار فرماندار بازپرس رئیس‌جمهور رییس‌جمهور".split()
)
# Verbs of saying and reporting: a Persian name they follow is the one who speaks or reports
_FA_REPORTS = (
    _FA_SPEECH_VERBS + r"|گزارش داد|گزارش کرد|خبر داد|تایید کرد|"
    r"تأیید کرد|اظهار داشت|اظهار کرد|ادعا کرد|تاکید کرد|تأکید کرد|هشدار داد|توضیح داد|"
    r"اعلام کرده|خبر داده|گزارش داده"
)
# Direct victim constructions for a name only the lexicon finds. After the name, within its
# clause: at most six words (no punctuation; no "که" or "و" opening another clause; no "از",
# "درباره", "برای", "علیه" opening a phrase about someone else's fate, "از سوی" aside), then
# the violation as the clause's verb ("X در زندان قزلحصار اعدام شد", "X را بازداشت کردند",
# "X به اعدام محکوم شد", "X در زندان درگذشت"), not as a noun ("X از بازداشت دو معترض انتقاد
# کرد").
_FA_DIRECT_AFTER = re.compile(
    r"(?:\s*،\s*[^،.]{0,20}?ساله\s*،)?"  # an age between commas: "X، ۲۳ ساله، اعدام شد"
    r"\s*(?:(?!(?:که|و|درباره|برای|علیه)(?![\w\u200c]))(?!از\s+(?!سوی|طرف))"
    r"[\u0621-\u06cc\u200c\d۰-۹]+\s+){0,6}?"
    rf"(?:به\s+(?:{_FA_VICTIM_CUE.pattern})[\w\u200c]*\s+محکوم|"
    r"(?:جان[\u200c ]?باخت|جانباخت|درگذشت)|"
    rf"(?:{_FA_VICTIM_CUE.pattern})[\w\u200c]*\s+"
    r"(?:شد|شده|شدند|گردید|گردیده|کردند|کرده|کرد|شود|شوند|است|بود|اند)(?![\w\u200c]))"
)
# Before the name: a violation or victim noun right before it or before "به نام" and its list
# ("اعدام X", "زندانی سیاسی X", "زندانیان به نام‌های A، B و X").
_FA_DIRECT_BEFORE = re.compile(
    rf"(?:{_FA_VICTIM_CUE.pattern}|زندانی|زندانیان|قربانی|قربانیان|محکوم|متهم)[\w\u200c]*"
    r"(?:\s+(?:سیاسی|عقیدتی|بهایی|کرد|بلوچ|معترض))?\s+"
    r"(?:(?:به|با)\s+نام(?:[\u200c ]?(?:های|ها))?\s+(?:[^.،,؛:!؟«»()]*?(?:،|\sو)\s*)?)?$"
)


def extract_people(
    text: str, sentences: Sequence[Sentence], *, published_on: dt.date | None = None
) -> list[NamedPerson]:
    """Persons named in ``text`` (one entry per person), with role and victim details.

    A victim needs stronger evidence than a person. A person whom only the Persian name
    lexicon finds (``normalize/data/fa_names.tsv``: no mention of theirs is found with the curated name
    lists alone) is a victim only on a direct construction: the violation verb in the name's
    own clause ("مهسا کریمی در زندان اعدام شد", "X را اعدام کردند"), a violation or victim
    noun right before the name or its list ("اعدام X", "زندانیان به نام‌های X، Y و Z"), or
    the English rules that read the words next to the name. A violation elsewhere in the
    sentence, which is enough for a name the curated lists know, is not.
    """
    people: dict[str, NamedPerson] = {}
    order: list[str] = []
    surname_to: dict[str, str] = {}
    unchanged, curated = _curated_spans(sentences)
    curated_ends = [b for _, b in curated]
    for a, b, name, sent in _candidates(text, sentences):
        lexicon_only = sent.start not in unchanged and not _overlaps(curated, curated_ends, a, b)
        key = name
        toks = name.split()
        if len(toks) == 1 and toks[0] in surname_to:
            key = surname_to[toks[0]]
        if key not in people:
            # A longer form of a known single-word mention ("Rabiei" then "Ali Rabiei").
            people[key] = NamedPerson(
                name=key, sentence=sent.text, span=(a, b), lexicon_only=lexicon_only
            )
            order.append(key)
            if len(toks) >= 2:
                surname_to.setdefault(toks[-1], key)
        p = people[key]
        p.lexicon_only = p.lexicon_only and lexicon_only
        if len(p.mentions) >= MAX_MENTIONS:
            continue
        p.mentions.append((a, b))
        _classify_mention(p, text, a, b, sent, published_on, direct_only=lexicon_only)
    # Bare family-name mentions ("Dehghan said") of people named in full earlier.
    seen = {k: {a for a, _ in p.mentions} for k, p in people.items()}
    if surname_to:
        rx = re.compile(
            r"(?<![\w'-])(" + "|".join(re.escape(s) for s in surname_to) + r")(?![\w'-])"
        )
        for sent in sentences:
            for m in rx.finditer(persian_letters(sent.text)):
                a, b = sent.start + m.start(), sent.start + m.end()
                p = people[surname_to[m.group(1)]]
                if a in seen[p.name] or len(p.mentions) >= MAX_MENTIONS:
                    continue
                seen[p.name].add(a)
                p.mentions.append((a, b))
                _classify_mention(p, text, a, b, sent, published_on, direct_only=p.lexicon_only)
    merged = _merge_variants([people[k] for k in order])
    _add_variant_mentions(merged, text, sentences, published_on)
    _victims_in_lists(merged, text)
    _named_victims(merged, sentences)
    return merged


# offices whose holders a naming phrase may list: "the names of the commanders were …"
_LIST_OF_HOLDERS = re.compile(
    r"\b(?:officials?|officers?|commanders?|judges?|prosecutors?|ministers?|governors?|"
    r"spokes(?:man|men|woman|women|person|persons)|directors?|heads|chiefs?|lawyers?|"
    r"perpetrators?|suspects?)\b",
    re.I,
)
_EN_VICTIM_CUE = re.compile("|".join(rx for viol, rx in _VIOLATION if viol != "other"), re.I)


def _named_victims(people: list[NamedPerson], sentences: Sequence[Sentence]) -> None:
    """The names a naming phrase gives after a violation are its victims.

    "دو زندانی … اعدام شدند. … نامشان A و B عنوان شده است", "چهار کولبر … زخمی شدند. هویت این
    چهار کولبر A، B … احراز شده است", "Security forces detained eight civilians. The names of
    the protesters are A, B and C": the phrase names the people the sentence or the one
    before reports the violation of. Not when an office stands in the phrase ("نام قاضی
    این پرونده X است") or the name speaks.
    """
    if not people:
        return
    for i, sent in enumerate(sentences):
        s = persian_letters(sent.text)
        cue = _FA_NAME_LIST.search(s) or _EN_NAME_LIST.search(s)
        if cue is None:
            continue
        context = s if i == 0 else persian_letters(sentences[i - 1].text) + " " + s
        if not (_FA_VICTIM_CUE.search(context) or _EN_VICTIM_CUE.search(context)):
            continue
        lo = sent.start + cue.end()
        for p in people:
            if p.role in ("victim", "official", "speaker"):
                continue
            for a, b in p.mentions:
                if not lo <= a < sent.end:
                    continue
                phrase = s[cue.start() : a - sent.start]
                if (
                    _FA_OFFICE.search(phrase)
                    or _LIST_OF_HOLDERS.search(phrase)
                    or _FA_SPEECH.search(s[b - sent.start :][:40])
                    or _SPEAK_AFTER.match(s[b - sent.start :])
                ):
                    continue
                p.role, p.evidence, p.sentence = "victim", s[cue.start() : b - sent.start], s
                for viol, rx in _VIOLATION:
                    if re.search(rx, context, re.I):
                        p.violation = viol
                        break
                break


# What may stand between two names of one list: ", ", " and ", ", and ", and a few words of a
# role ("killed director Kamau Kingara and programmes coordinator Paul Oulo").
_LIST_LINK = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)(?P<role>(?:[\w'’-]+\s+){0,3})")
_NOT_ROLE = re.compile(
    r"\b(?:was|were|is|are|has|have|had|be|been|said|says|told|who|which|that|by|after|before|"
    r"when|while|but|the|his|her|their|its|of|to|in|on|at|with|from|\d+)\b",
    re.I,
)


def _victims_in_lists(people: list[NamedPerson], text: str) -> None:
    """A name listed right after a victim's name is a victim too.

    "Among the dead were A, B and C", "killed director A and programmes coordinator B": the
    list's first name carries the evidence, the others share it. One pass over the mentions
    in text order, each compared with the one before (linear after the sort).
    """
    spans = sorted(((a, b, p) for p in people for a, b in p.mentions), key=lambda m: (m[0], m[1]))
    for (_, b0, p0), (a1, b1, p1) in zip(spans, spans[1:], strict=False):
        if p0.role != "victim" or p1.role == "victim" or p1 is p0:
            continue
        link = _LIST_LINK.fullmatch(text, b0, a1)
        if link is None or _NOT_ROLE.search(link.group("role")):
            continue
        after = text[b1 : b1 + 200]
        if _SPEAK_AFTER.match(after) or _SAYS_AFTER.match(after):
            continue  # "… and lawyer B said": B speaks
        p1.role, p1.evidence = "victim", text[b0:b1]
        p1.violation = p0.violation
        p1.sentence = p0.sentence


_CAP_RUN = re.compile(r"(?<![\w'’-])[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?(?![\w'’-])")


def _add_variant_mentions(
    people: list[NamedPerson],
    text: str,
    sentences: Sequence[Sentence],
    published_on: dt.date | None,
) -> None:
    """Mentions spelt another way ("Mohseniejei" for "Mohseni-Ejei") join their person."""
    keys: dict[str, NamedPerson] = {}
    for p in people:
        toks = p.name.split()
        if len(toks) >= 2 and not re.search(r"[\u0600-\u06FF]", p.name):
            for form in (p.name, toks[-1], " ".join(toks[-2:])):
                sk = mention_key(form)
                if len(sk) >= 4:
                    keys.setdefault(sk, p)
    if not keys:
        return
    for sent in sentences:
        for m in _CAP_RUN.finditer(sent.text):
            for form, off in ((m.group(0), m.start()), (m.group(0).split()[-1], None)):
                if off is None:
                    off = m.start() + m.group(0).rfind(form)
                p = keys.get(_skeleton_cached(form))
                if p is None:
                    continue
                a, b = sent.start + off, sent.start + off + len(form)
                if any(x <= a < y or a <= x < b for x, y in p.mentions):
                    break
                if len(p.mentions) < MAX_MENTIONS:
                    p.mentions.append((a, b))
                    p.mentions.sort()
                    if form != p.name and form not in p.variants and " " in form:
                        p.variants.append(form)
                    _classify_mention(p, text, a, b, sent, published_on, direct_only=p.lexicon_only)
                break


def _merge_variants(people: list[NamedPerson]) -> list[NamedPerson]:
    """One entry per person: spellings of one name (joined, hyphenated, transliterated,
    Persian and Latin) and a family name alone merge into the first full form."""
    out: list[NamedPerson] = []
    by_key: dict[str, NamedPerson] = {}
    for p in people:
        target = by_key.get(mention_key(p.name))
        toks = p.name.split()
        if target is None and (len(toks) == 1 or (len(toks) == 2 and toks[0] not in given_names())):
            # a family name alone, or a two-word family name ("Amiry Moghaddam" after
            # "Mahmood Amiry-Moghaddam"): the one longer name it ends
            # among the names kept so far, so that two spellings of one full name ("Mahmood
            # Amiry-Moghaddam", "Mahmoud Amiri Moghadam") do not make it ambiguous
            longer = [q.name for q in out if len(q.name) > len(p.name) and " " in q.name]
            full = full_name_for(p.name, longer)
            target = next((q for q in out if q.name == full), None) if full else None
        if target is None:
            by_key[mention_key(p.name)] = p
            out.append(p)
            continue
        if p.name not in target.variants and p.name != target.name:
            target.variants.append(p.name)
        target.lexicon_only = target.lexicon_only and p.lexicon_only
        target.mentions = sorted(set(target.mentions) | set(p.mentions))[:MAX_MENTIONS]
        if _RANK[p.role] > _RANK[target.role]:
            target.role, target.evidence = p.role, p.evidence
            target.sentence, target.span = p.sentence, p.span
    return out


def _classify_mention(
    p: NamedPerson,
    text: str,
    a: int,
    b: int,
    sent: Sentence,
    published_on: dt.date | None,
    *,
    direct_only: bool = False,
) -> None:
    """Give ``p`` the strongest role this mention shows (victim, official, speaker).

    With ``direct_only`` (a name only the lexicon finds) a victim needs a direct construction
    (:data:`_FA_DIRECT_AFTER`, :data:`_FA_DIRECT_BEFORE`, the English rules next to the
    name), not a violation elsewhere in the sentence nor a kin word.
    """
    s = sent.text
    s = persian_letters(s)  # the cues are spelt with Persian ی and ک; offsets kept
    la, lb = a - sent.start, b - sent.start
    before = s[max(0, la - 60) : la]
    after = s[lb : lb + 160]
    role = "other"
    evidence = ""
    vm = _VICTIM_AFTER.match(after)
    fa_speaks = bool(
        _FA_OFFICE_AFTER.match(after)
        or re.search(r"(?:اظهارات|سخنان|گفته‌های|گفته های|به گفته)\s+(?:\S+\s+){0,2}$", before)
        or re.search(r"(?:به گزارش|به نقل از)\s+(?:\S+\s+){0,2}$", before)
        or re.match(rf"[^.،«»]{{0,40}}?(?:{_FA_REPORTS})", after)
    )  # "X، سخنگوی …"، "اظهارات X", "X گفت": the one who speaks, not a victim
    fa_office = _FA_OFFICE_BEFORE.search(before) if _ARABIC_SCRIPT.search(p.name) else None
    fa_victim = (
        not fa_speaks
        and fa_office is None
        and bool(re.search(r"[\u0600-\u06FF]", p.name))
        and (
            (_FA_DIRECT_AFTER.match(s, lb) or _FA_DIRECT_BEFORE.search(before))
            if direct_only
            else (
                _FA_VICTIM_CUE.search(s[lb:])
                or (s[la - 1 : la] == "«" and _FA_VICTIM_CUE.search(s))  # "… را «X»"
            )
        )
    )
    kin = (
        not direct_only
        and _KIN_OF_BEFORE.search(before)
        and any(re.search(rx, s[lb:], re.I) for _, rx in _VIOLATION)
    )
    titled_object = (
        _VICTIM_OBJECT_TITLED.search(before)
        or _VICTIM_POSSESSIVE.match(after)
        or _VICTIM_OF_GROUP.match(after)
    )
    if vm or _VICTIM_BEFORE_STRICT.search(before) or titled_object or fa_victim or kin:
        role = "victim"
        evidence = (
            s[la : lb + vm.end()] if vm else s[max(0, la - 30) : lb] if not fa_victim else s[la:]
        )
    elif _TITLE_BEFORE.search(before) or (
        fa_office is not None and fa_office.group("office") in _FA_STATE_OFFICE
    ):
        role = "official"
        evidence = s[max(0, la - 40) : lb]
    else:
        app = _APPOSITIVE.match(after)
        if (
            app
            and re.search(rf"\b(?:{_TITLE_STATE})\b", app.group("app"), re.I)
            and not re.search(
                r"Amnesty|Human Rights|HRANA|rapporteur|United Nations|UN\b|lawyer|activist|"
                r"researcher|director",
                app.group("app"),
                re.I,
            )
        ):
            role = "official"
            evidence = s[la : lb + app.end()]
        elif _SPEAK_AFTER.match(after):
            role = "speaker"
            evidence = s[la : min(len(s), lb + 40)]
    if _RANK[role] <= _RANK[p.role]:
        return
    p.role = role
    p.evidence = evidence.strip()
    p.sentence = s
    p.span = (a, b)
    if role != "victim":
        return
    ascii_s = ascii_digits(s)
    ma = _AGE_AFTER.match(ascii_digits(after))
    mb = _AGE_BEFORE.search(ascii_digits(before))
    age = None
    if ma:
        age = int(next(g for g in ma.groups() if g))
    elif mb:
        age = int(mb.group(1))
    else:
        mg = re.search(r"\baged\s+(\d{1,3})\b", ascii_s[lb : lb + 40])
        age = int(mg.group(1)) if mg else None
    p.age = age if age is not None and age <= 120 else None
    period, start, end = find_period(s, published_on)
    if period and start is not None:
        from undercount.model import PartialDate

        precision = "day" if start == end else ("month" if start.month == end.month else "year")
        cal = (
            "jalali"
            if re.search(r"[\u0600-\u06FF]", period)
            and not re.search(
                r"ژانویه|فوریه|مارس|آوریل|ژوئن|ژوئیه|اوت|سپتامبر|اکتبر|نوامبر|دسامبر", period
            )
            else "gregorian"
        )
        p.date = PartialDate(start, precision, cal, period)  # type: ignore[arg-type]
        p.date_text = period
    place, province, city = find_place(s)
    p.place, p.province, p.city = place, province, city
    verb_text = evidence if evidence else s
    for viol, rx in _VIOLATION:
        if re.search(rx, verb_text, re.I):
            p.violation = viol
            break


_APPOS_OPEN = re.compile(r"\s*,[^,.;:!?\"“”«»()\n]*")
_APPOS_CLOSE = re.compile(r"\s*,")


def antecedents(people: Sequence[NamedPerson], text: str) -> list[tuple[int, str]]:
    """``(offset, name)`` of the mentions a later "he", "she" or family name may refer to.

    A name inside another person's apposition is left out: in "Brian Hook, special
    representative … and senior advisor to Secretary of State Mike Pompeo, told reporters …"
    the one who told is Hook, so a later "he said" is Hook, not Pompeo. Linear after a sort.
    """
    spans = sorted((a, b, p.name) for p in people for a, b in p.mentions)
    out: list[tuple[int, str]] = []
    prev: tuple[int, int, str] | None = None
    for a, b, name in spans:
        nested = (
            prev is not None
            and prev[2] != name
            and _APPOS_OPEN.fullmatch(text, prev[1], a) is not None
            and _APPOS_CLOSE.match(text, b) is not None
        )
        if not nested:
            out.append((a, name))
            prev = (a, b, name)
    return out
