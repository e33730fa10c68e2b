"""Attribution: who states a figure or says a quotation, read from the words around it.

"according to X", "X said", "said X", "X, the spokesman, said", "به گزارش X", "X اعلام کرد";
pronouns and anaphors ("it", "the group") resolve to the organisation or person named before.
A noun phrase that names no one ("new figures", "In Kermanshah") is not a source: the actor or
name inside or after it is, or nobody.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from undercount.extract.actors import ActorIndex, ActorMention
from undercount.extract.numbers import QuantityMatch, ascii_digits
from undercount.extract.text import (
    ANAPHORS,
    FA_ROLE_WORDS,
    PRONOUNS,
    REPORT_VERBS_EN,
    REPORT_VERBS_FA,
    clean_np,
    fa_apposed_subject,
    np_after,
    subject_before,
)

_ACCORDING_EN = re.compile(
    r"\b(?:according to|as reported by|reported by|a report by|figures from|data from|"
    r"statistics from|tally by|a statement (?:from|by)|per(?=\s+(?:the\s+)?(?-i:[A-Z])))\s+",
    re.I,
)
# "Amnesty's tally of 304 deaths", "the ministry's figure of 12": the owner of the figure
_POSSESSIVE = re.compile(r"\w['’]s\s|s['’]\s")
_OWNED_FIGURE = re.compile(
    r"(?<![\w'’-])(?P<owner>(?:[A-Z][\w'’&-]*\s+){0,5}[A-Z][\w&-]*|(?:[Tt]he\s+)?(?:[\w-]+\s+)?"
    r"(?:ministry|office|commission|group|monitor|agency|government|police|army|authorities)"
    r")(?:['’]s|(?<=s)['’])\s+"
    r"(?:own\s+|latest\s+|new\s+|official\s+|updated\s+|last\s+)?"
    r"(?:tally|count|figures?|toll|death toll|estimates?|data|numbers?)\s+(?:of|at|stands at|is|"
    # "the authorities' official death toll has remained at 41"
    r"was|(?:has |had )?(?:remained|risen|rose|climbed|reached|stood|increased)(?: at| to)?)\s+$"
)
_ACCORDING_FA = re.compile(
    r"(?<![\w\u200c])(?:(?:^|(?<=[،,.:]\s))به نقل از|به گزارش|به گفته|طبق|بنا بر|بنابر|بنا به|بر اساس|براساس|بر پایه|به نوشته|"
    r"به اعلام|(?:^|(?<=[،,]\s))در(?=\s+(?:این|همین)\s+(?:گزارش|بیانیه)))\s+"
)
_NP_PREFIX = re.compile(
    r"^(?:(?:the|a|an|estimates by|estimates from|figures from|figures by|a statement from|"
    r"statement from|a report by|report by|data from|data compiled by|information from|"
    r"a tally by|the semi-official|semi-official|state-run|"
    r"the state-run|semi-state|two|three|four|five|several|some|many|one|unnamed|"
    r"an unnamed|یک|چند|برخی)\s+)+",
    re.I,
)
_FA_ADVERBIAL = re.compile(
    r"(?:در این گزارش|در گزارش خود|در بیانیه(?:\u200c| )?ای|در گزارشی|در این بیانیه|"
    r"در وب(?:\u200c| )?سایت خود|روز \S+|همچنین)?"
)
# A comma-separated piece between a Persian subject and its verb that names no one: where or
# when ("مستقر در نروژ", "امروز پنجشنبه ۱۸ دی"), in which document ("در گزارشی", "با انتشار
# گزارشی"), or an adverb ("همچنین"). The subject is the piece before it.
_FA_ASIDE = re.compile(
    r"(?:در (?:این |همین )?(?:گزارش|بیانیه|اطلاعیه|پیام|نامه|وب[\u200c ]?سایت|گفت[\u200c ]?و[\u200c ]?گو)"
    r"[\w\u200c]*(?:\s+(?:خود|خویش|تازه|جدید|جداگانه(?:\u200c?ای)?))?|"
    r"با (?:انتشار|صدور|ارسال)\s.*|(?:مستقر|مقیم|واقع|ساکن) در\s.*|(?:وابسته|نزدیک|متعلق) به\s.*|"
    r"(?:به\s+)?(?:امروز|دیروز|روز|شامگاه|صبح|عصر|بامداد|ظهر|شب|امشب|هفته|ماه)(?:\s+\S+){0,4}|"
    r"(?:\S*[\d۰-۹٠-٩]\S*)(?:\s+\S+){0,2}|همچنین|نیز|پیش(?:\u200c| )?تر|اخیرا|اخیراً)"
)
_FA_TRAIL_ADVERB = re.compile(
    r"(?:\s+(?:همچنین|نیز|هم|پیش(?:\u200c| )?تر|قبلا|قبلاً|اخیرا|اخیراً|بار دیگر|بارها))+\s*$"
)
_FA_PUNCT = '،,.:؛«»"'


def fa_subject_segment(left: str) -> tuple[str, int]:
    """The piece of ``left`` (the words before a Persian reporting verb) holding its subject,
    and the offset of the punctuation before it (-1 at the start).

    "سازمان حقوق بشر ایران، مستقر در نروژ، امروز پنجشنبه ۱۸ دی، در گزارشی" -> the
    organisation: asides of place, time and document are skipped back over.
    """
    cut = max(left.rfind(c) for c in _FA_PUNCT)
    seg = left[cut + 1 :]
    walked = False
    while cut > 0:
        bare = re.sub(
            r"^(?:(?:در (?:این |همین )?(?:گزارش|بیانیه)[\w\u200c]*(?:\s+خود)?|"
            r"روز \S+|همچنین|نیز)\s*)+",
            "",
            seg.strip(),
        )
        if bare and not _FA_ASIDE.fullmatch(bare):
            break
        prev_cut = max(left[:cut].rfind(c) for c in _FA_PUNCT)
        seg, cut, walked = left[prev_cut + 1 : cut], prev_cut, True
    if walked:
        seg = re.split(r"(?:^|\s)که\s", seg)[0]
    return _FA_TRAIL_ADVERB.sub("", seg), cut


_DOC_NOUN = re.compile(
    r"\b(?:figures?|reports?|statements?|data|estimates?|tally|count|toll|information|numbers|"
    r"statistics|records|analysis|research|investigation)\b",
    re.I,
)
# Before a word that is a noun as often as a verb ("continued reports", "its own estimate").
_NOUN_VERBS = {"report", "reports", "estimate", "estimates", "claim", "claims", "count", "records"}
_NOUN_BEFORE = re.compile(
    r"(?:\b(?:previous|earlier|own|continued|recent|further|media|news|unconfirmed|such|"
    r"several|many|some|numerous|these|those|other|credible|reliable|unverified|multiple|"
    r"independent|conflicting|widespread|local|initial|preliminary|detailed|joint|separate|"
    r"comprehensive)[\"”]?)\s*$|[\"“]\w+\s+$",
    re.I,
)
# Speech and report verbs read for figures only, beside the shared list: the forms of
# "maintain", "highlight", "emphasise", "place (the toll at)" it lacks.
_MORE_VERBS_EN = (
    r"maintained|maintains|highlights|emphasi[sz]ed|emphasi[sz]es|underlined|underlines|"
    r"pointed out|points out|insists|placed|places"
)
_REPORT_EN = re.compile(rf"(?<![\w-])(?:{REPORT_VERBS_EN}|{_MORE_VERBS_EN})(?![\w-])", re.I)
_REPORT_FA = re.compile(rf"(?<![\w\u200c])(?:{REPORT_VERBS_FA})(?![\w\u200c])")
_BAD_SUBJECT = re.compile(
    r"\d|^(?:there|this|which|who|what|it is|that|officials? did not|an?|the|"
    r"officially|unofficially)$",
    re.I,
)
_NEGATED = re.compile(
    r"\b(?:did|does|do|has|have|had|could|would|can|will|was|were)\s+not$|\bnever$|n['’]t$",
    re.I,
)
_NOT_VERB_BEFORE = re.compile(
    r"(?:\b(?:an?|the|officially|unofficially|been|be|its|their|his|her|this|that|these|those|"
    r"annual|latest|new|monthly|weekly|same|official|first|second|final|interim|special)|\d"
    # a participle after a figure is an adjective: "at least nine documented murders"
    r"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|"
    r"thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|dozens?|hundreds|"
    r"thousands|scores))\s*$"
    r"|\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\s*$",
    re.I,
)


# Between a named source and its verb: auxiliaries, adverbs of time, a date, its short name
# ("Amnesty International has today released", "the Office of the High Commissioner (OHCHR),
# said on Tuesday")
_NAME_TO_VERB = re.compile(
    r"(?:\s*\([A-Z][\w.&-]{1,12}\),?)?\s*(?:(?:has|have|had|also|on \w+|in a statement|today|"
    r"yesterday|now|recently|previously|earlier|already|later|again|too|further|separately)"
    r"\s*)*"
)
# The longest subject read before a verb: a title and its office run long ("the head of the
# criminal prosecution service at the Prosecutor General's Office said"), and a subject cut
# to its last words loses its head.
_SUBJECT_WORDS = 12
# A verb whose subject is left out because it is shared with the verb before it.
_COORDINATED_VERB = re.compile(
    r"\b(?:and|but)\s+(?:(?:also|later|so far|then|yet|has|have|had)\s+)*$", re.I
)
# The subject of a sentence's first verb: "But the daily Example called …", "Authorities
# restored …", "The group has documented …".
_FIRST_SUBJECT = re.compile(
    r"^\s*(?:(?:But|And|However|Yet),?\s+)?(?P<np>(?:[Tt]he\s+)?(?:[\w'’-]+\s+){0,5}?[\w'’-]+)"
    r"\s+(?:(?:has|have|had|also|later|not|never)\s+)*(?:[a-z]+ed|called|put|said|says|told|gave|found|"
    r"made|took|sent|held)\b"
)
# A title, then the subject after a comma: "in a report titled Chaos and Fire, the NGO X"
_TITLED_BEFORE = re.compile(
    r"\b(?:titled|entitled|dubbed|called)\s+(?P<title>[\"“‘']?[A-Z][^,;:]{0,60}?)[\"”’']?,\s*"
    r"(?P<np>[^,;:\"“”]{2,80}?)\s*$"
)
# A document of a source as the subject: "a report given by X", "figures provided by X"
_DOC_BY = re.compile(
    r"(?:(?:the|a|an|its|their)\s+)?(?:[\w-]+\s+)?(?:report|statement|figures?|data|tally|"
    r"count|estimates?|numbers|study|survey)\s+(?:given|published|released|compiled|issued|"
    r"provided|prepared|produced|presented)\s+by\s+(?P<np>.+)",
    re.I,
)
# Words that are only verbs: "a local official told" is a noun and its verb.
_ONLY_VERBS = {"said", "says", "told", "tells", "added", "stated"}


@dataclass
class _Attribution:
    start: int
    end: int
    name: str
    agent: bool = False  # a passive agent ("by X", "توسط X") right after the figure
    after: int = 0  # the source speaks only from here on (a relative clause: ", which X said")


_POSSESSED_DOC = re.compile(
    r"(?<=\w)['’]s?\s+(?:own\s+|latest\s+|new\s+|official\s+|updated\s+|last\s+)?"
    r"(?:tally|figures?|report|statement|data|count|estimates?|toll|records|numbers|"
    r"statistics|death toll)$",
    re.I,
)


def canonical_actor(np: str, actors: ActorIndex) -> str:
    """Canonical name of a noun phrase naming a source ('the semi-official Fars news agency')."""
    # "the health ministry's tally", "Hengaw's latest figures": the body, not its document
    np = _POSSESSED_DOC.sub("", np) or np
    np = re.sub(r"(?<=\w)['’]s$", "", np)  # "the Syrian Observatory's" (its count …)
    if re.match(r"(?:the\s+)?[A-Z]", np):  # "UNAMA data", "HRANA figures": the body
        np = re.sub(r"\s+(?:data|figures|statistics|tally|count|numbers|records)$", "", np) or np
    name = actors.resolve(np)
    if name:
        return name
    found = actors.search(np)
    if found is not None:
        tail = re.sub(r"^['’]s\b", "", np[found.end :]).split()
        head_words = {
            "officials",
            "official",
            "news",
            "agency",
            "office",
            "group",
            "rights",
            "organisation",
            "organization",
            "report",
            "statement",
            "figures",
            "data",
            "spokesman",
            "spokesperson",
            "sources",
            "human",
            "network",
            "chief",
            "head",
            "commissioner",
            "experts",
            "expert",
            "investigators",
            "mission",
            "council",
            "body",
            "team",
            "staff",
            "spokeswoman",
            "researchers",
        }
        lead = _NP_PREFIX.sub("", np[: found.start]).strip()
        if found.kind == "state" and lead and not re.fullmatch(r"(?:Iran's|Iranian|یک)", lead):
            return _NP_PREFIX.sub("", np).strip() or np  # "the deputy interior minister"
        doc_words = {
            "figures",
            "data",
            "statistics",
            "report",
            "statement",
            "tally",
            "count",
            "numbers",
            "records",
            "website",
        }
        tail_l = [w.lower().strip(".,") for w in tail]
        if (
            len(tail) == 0
            or all(w in doc_words for w in tail_l)
            or (found.kind != "state" and all(w in head_words | doc_words for w in tail_l))
        ):
            return found.name
    return _NP_PREFIX.sub("", np).strip() or np


# ----------------------------------------------------------------- attribution


def find_attributions(
    sentence: str,
    actors: ActorIndex,
    resolve_anaphor: dict[str, str | None],
    mentions: Sequence[ActorMention] | None = None,
) -> list[_Attribution]:
    """Reporting sources named in a sentence, with the span of their cue.

    ``mentions`` are the actor mentions of the sentence (offsets into it), when known.
    """
    out: list[_Attribution] = []
    s = sentence
    if mentions is None:
        mentions = actors.find(s)
    head = re.match(r"^\s*([^:\d\n]{2,60}?)\s*:\s", s)
    if head:
        mention = actors.resolve(head.group(1)) or (
            actors.search(head.group(1)).name  # type: ignore[union-attr]
            if actors.search(head.group(1))
            else None
        )
        if mention:
            out.append(_Attribution(head.start(1), head.end(1), mention))  # "HRANA: 481 deaths"
    for m in _ACCORDING_EN.finditer(s):
        np = np_after(s, m.end())
        if np:  # "a human rights organization based in Norway": the organisation
            np = re.sub(r"\s+(?:based|located|headquartered|operating)$", "", np)
            # "According to the ministry another 6 400 had been injured": the figure's own
            # determiner starts after the source
            np = re.sub(
                r"\s+(?:another|a further|some|more|at least|over|nearly|about|around|almost|"
                r"up to|as many as|dozens|hundreds|thousands|scores)\b.*$",
                "",
                np,
                flags=re.I,
            )
        if not np:
            continue
        known = _known_over(mentions, m.end(), m.end() + len(np))
        if known is not None:
            # "according to the Human Rights Activists in Iran": a known name is read whole,
            # not cut where a trimmed noun phrase would end ("… in Iran" as a place)
            out.append(_Attribution(m.start(), known.end, known.name))
            continue
        if re.match(r"(?:its|their)\s+\w+", np, re.I):
            # "according to its tally": the body named before, in the sentence or earlier
            owner = (
                out[-1].name if out else resolve_anaphor.get("org") or resolve_anaphor.get("last")
            )
            if owner:
                out.append(_Attribution(m.start(), m.end() + len(np), owner))
            continue
        name = canonical_actor(np, actors)
        nxt = re.match(r"\s+(\w+)", s[m.end() + len(np) :])
        if nxt and _DOC_NOUN.fullmatch(nxt.group(1)) and np[:1].islower():
            np = np + nxt.group(0)  # "according to credible reports": the noun it stopped at
        doc = _DOC_NOUN.search(np)
        if _weak_source(name, actors) or (doc and np[:1].islower()):
            # "according to new figures published by X", "a November 5 UNAMI report"
            inside = _source_inside(s, m.end(), mentions, actors)
            if (
                inside is None
                and doc
                and not re.match(r"(?:the|this|that|its|their|his|her)\s", np, re.I)
                and not re.match(
                    r"\s+(?:from|by|of|published|compiled|released)\b", np[doc.end() :]
                )
            ):
                continue  # "according to credible reports" names no one ("reports from X" does)
            name = inside or name
        out.append(_Attribution(m.start(), m.end() + len(np), name))
    for m in _ACCORDING_FA.finditer(s):
        rest = s[m.end() :]
        quoted = re.match(r"\s*[\"“«]([^\"”»«\d]{2,60})[\"”»]", rest)
        if quoted:  # 'به گزارش "کمپین حقوق بشر در ایران"': the quoted name, whole
            name = actors.resolve(quoted.group(1)) or canonical_actor(quoted.group(1), actors)
            out.append(_Attribution(m.start(), m.end() + quoted.end(), name))
            continue
        head_cut = re.search(r"[،,.:؛]|\d", rest)
        mention = actors.find(rest[: head_cut.start() if head_cut else 60][:80])
        if mention and mention[0].kind != "state" or mention and mention[0].start < 3:
            out.append(_Attribution(m.start(), m.end() + mention[0].end, mention[0].name))
            continue
        cut = re.search(
            # the clause goes on after the source: a figure, "in", "that", or a time
            # ("به گزارش کولبرنیوز روز پنجشنبه …")
            r"[،,.:؛]|\s(?:دست[\u200c ]?کم|حداقل|بیش از|حدود|نزدیک|بین|در|که|"
            r"ده[\u200c ]?ها|صد[\u200c ]?ها|هزاران|چندین|شماری|روز|امروز|دیروز|شامگاه|صبح|"
            r"بامداد|عصر|شب)(?=\s)|\d",
            rest,
        )
        np = rest[: cut.start()] if cut else rest[:40]
        np = re.split(rf"\s(?:{REPORT_VERBS_FA})(?![\w\u200c])", " " + np)[0].strip()
        # "بر اساس آخرین گزارش سالانه X", "بر اساس تحقیقات این نهاد": the document is the
        # body's; the body is read past it (before the name is cut to five words)
        doc = _FA_DOC_PREFIX.match(np.strip())
        rest = np.strip()[doc.end() :] if doc else ""
        if doc and (
            _FA_BODY_HEAD.match(rest)
            or any(a.start == 0 for a in actors.find(rest))
            or len(rest.split()) >= 2  # "گزارش منابع محلی": a described source
        ):
            np = rest
        np = " ".join(np.split()[:5])
        words = np.split()
        lead = next(
            (" ".join(words[:k]) for k in (4, 3, 2) if ANAPHORS.fullmatch(" ".join(words[:k]))),
            None,
        )
        if lead and lead != np.strip() and re.match(r"در\s", s[m.start() :]):
            np = lead  # "در این گزارش به اتهام شش …": in this report
        if ANAPHORS.fullmatch(np.strip()):
            # "بر اساس این گزارش", "به گفته سازمان مذکور", "طبق گزارش سالانه این سازمان":
            # the organisation named before (a report is from its source, not the last body)
            if re.search(r"گزارش|بیانیه", np):
                name = resolve_anaphor.get("last") or resolve_anaphor.get("org")
            else:
                name = resolve_anaphor.get("org") or resolve_anaphor.get("last")
            if name:
                out.append(_Attribution(m.start(), m.end() + len(np), name))
            continue
        if re.fullmatch(
            r"(?:گزارش|گزارشات|گزارش(?:\u200c)?ها|اخبار|خبرها|معلومات|اطلاعات|آمار)", np.strip()
        ):
            continue  # "بنا به گزارشات": reports, no one named
        if np:
            out.append(_Attribution(m.start(), m.end() + len(np), canonical_actor(np, actors)))
    for m in _REPORT_EN.finditer(s):
        verb = m.group(0).lower()
        nv = _NOT_VERB_BEFORE.search(s[max(0, m.start() - 16) : m.start()])
        if nv and not (
            verb in _ONLY_VERBS and re.match(r"officials?\s*$", nv.group(0).strip(), re.I)
        ):
            continue  # "an estimated 4,000", "the reported deaths" (not "a local official told")
        if verb in ("claimed", "claims", "claim") and re.match(
            r"\s+(?:the\s+lives|(?:[\w,.-]+\s+){1,3}lives)\b", s[m.end() : m.end() + 60]
        ):
            continue  # "The crackdown has claimed 80 lives": no one speaks
        if verb in _NOUN_VERBS and _NOUN_BEFORE.search(s[max(0, m.start() - 16) : m.start()]):
            continue  # "the group's previous estimate", "continued reports of executions"
        if verb in (
            "put",
            "puts",
            "placed",
            "places",
            "raised",
            "revised",
            "updated",
            "lowered",
        ) and not re.match(r"\s+(?:the|its|their|it)\s", s[m.end() : m.end() + 8]):
            continue  # "put the toll at", "put it in the hundreds" (not "put on trial")
        co = _COORDINATED_VERB.search(s, 0, m.start())
        if co is not None:
            # "X restored order, but so far has confirmed five deaths", "X called it a massacre
            # and said 49 were killed": the verb shares the subject of the clause's first verb
            first = _FIRST_SUBJECT.match(s, 0, co.start())
            if first is not None:
                name = _resolve_subject(first.group("np"), actors, resolve_anaphor)
                if name:
                    out.append(_Attribution(first.start("np"), m.end(), name))
            continue
        near = [
            a
            for a in mentions
            if a.end <= m.start()
            and a.start >= m.start() - 80
            and _NAME_TO_VERB.fullmatch(s, a.end, m.start())
        ]
        near = [
            a
            for a in near
            if a.kind != "state"
            or re.search(
                r"(?:^|[,;:\"“(]|\b(?:the|a|an|Iran's|Iranian|that|and))\s*$",
                s[max(0, a.start - 20) : a.start],
            )
        ]
        if near:
            a0 = near[-1]
            out.append(_Attribution(a0.start, m.end(), a0.name))
            continue
        by = re.match(r"\s+by\s+", s[m.end() :])
        if by and re.search(
            r"\b(?:were|was|been|be|being)\s+$", s[max(0, m.start() - 12) : m.start()]
        ):
            np = np_after(s, m.end() + by.end())  # "were documented by the Media Council"
            described = (
                np is not None
                and re.fullmatch(r"the\s+(?:[\w'’-]+\s+){0,3}[\w'’-]+", np, re.I) is not None
                and _SOURCE_HEAD_EN.fullmatch(np.split()[-1]) is not None
            )  # "were confirmed by the commission"
            if np and (np[0].isupper() or described):
                out.append(
                    _Attribution(
                        m.start(), m.end() + by.end() + len(np), canonical_actor(np, actors)
                    )
                )
            continue
        if re.search(r"\b(?:are|is|were|was)(?:\s+(?:now|also|all|still))?\s+$", s[: m.start()]):
            continue  # "(865) people are now confirmed killed": a passive, no agent named
        subj = subject_before(s, m.start(), max_words=_SUBJECT_WORDS)
        if subj:
            titled = _TITLED_BEFORE.search(s, 0, m.start())
            if titled and subj in titled.group("title"):
                # "a report titled Chaos and Fire, the NGO X said": the title is not a name
                # apposed to the subject; the subject follows the comma
                subj = titled.group("np")
            by = _DOC_BY.fullmatch(subj)
            if by:  # "A previous report given by an association of doctors had reported"
                subj = by.group("np")
        inverted = (
            verb in ("said", "says", "added")
            and re.search(r",\s*$", s[max(0, m.start() - 3) : m.start()]) is not None
            and (
                re.match(
                    r"\s+(?:the\s+)?[A-Z][\w'’-]+(?:\s+(?:[A-Z][\w'’-]+|of|for|on|and)){1,7}\s*"
                    r"(?:[,.;]|$)",
                    s[m.end() :],
                )
                is not None
                # "…, said Oslo-based group Iran Human Rights.": a description, then the name
                or re.match(
                    r"\s+(?:the\s+)?(?:[A-Z][\w'’]*-based|[a-z][\w'’-]*)(?:\s+[a-z][\w'’-]*){0,2}"
                    r"\s+[A-Z][\w'’-]+(?:\s+(?:[A-Z][\w'’-]+|of|for|on|and)){0,6}\s*(?:[,.;]|$)",
                    s[m.end() :],
                )
                is not None
            )
        )
        if subj is not None and _NEGATED.search(subj):
            continue  # "but the government did not confirm the data": no one states a figure
        if (
            subj is None
            or _BAD_SUBJECT.search(subj)
            or len(subj.split()) > _SUBJECT_WORDS
            or inverted
        ):
            # Inversion: '"...," said Diana Eltahawy' / ', said X'.
            if verb in ("told", "tells", "tell"):
                continue  # '"…" told Amnesty': the one after 'told' is the listener
            if re.search(r"[,\"”]\s*$", s[max(0, m.start() - 3) : m.start()]) or not subj:
                np = np_after(s, m.end())
                if np and inverted:
                    # "said Geneva-based group Relief Network": the name, not its description
                    np = re.sub(
                        r"^(?:the\s+)?(?:[A-Z][\w'’]*-based\s+)?(?:[a-z][\w'’-]*\s+){1,3}(?=[A-Z])",
                        "",
                        np,
                    )
                if np and (re.match(r"[A-Z]", np) or (inverted and re.match(r"the [A-Z]", np))):
                    out.append(
                        _Attribution(m.start(), m.end() + len(np), canonical_actor(np, actors))
                    )
            continue
        inner = [
            v
            for v in _REPORT_EN.finditer(subj)
            if v.start() > 0
            and not _NOT_VERB_BEFORE.search(subj[max(0, v.start() - 16) : v.start()])
        ]
        if inner:
            # "X said it had recorded": the pronoun after the first verb is X again.
            subj = subj[inner[-1].end() :].strip()
            if subj.lower() not in PRONOUNS:
                continue
        if re.match(r"according to\b", subj, re.I) or (
            verb in ("published", "released", "issued", "compiled") and _DOC_NOUN.search(subj)
        ):
            continue  # "new figures published by X": a participle, not a source
        if (
            re.match(r"\s+by\b", s[m.end() : m.end() + 4])
            and len(subj.split()) <= 3
            and _DOC_NOUN.search(subj.split()[-1])
        ):
            continue  # "…, a figure confirmed by hospital staff": an aside on the figure
        name = _resolve_subject(
            subj, actors, resolve_anaphor, [a for a in out if a.end <= m.start()]
        )
        if name:
            out.append(_Attribution(m.start() - len(subj) - 1, m.end(), name))
    for m in re.finditer(r"\d", s) if _POSSESSIVE.search(s) else ():
        if m.start() and s[m.start() - 1].isdigit():
            continue
        ow = _OWNED_FIGURE.search(s, max(0, m.start() - 120), m.start())
        if ow:  # "Amnesty's tally of 304 deaths was disputed": the owner's figure
            name = canonical_actor(ow.group("owner"), actors)
            out.append(_Attribution(ow.start(), ow.end(), name, agent=True))
    for m in _SAYING.finditer(s):
        # "Activists disputed the figure, saying the toll was at least 40": the subject of
        # the sentence speaks in the participle clause
        earlier = [a for a in out if a.end <= m.start()]
        if earlier:  # "HRANA said, adding that six had died": HRANA again
            out.append(_Attribution(m.start(), m.end(), earlier[-1].name))
            continue
        opening = _OPENING_NP.match(s)
        if opening and opening.end("np") < m.start():
            name = _resolve_subject(opening.group("np"), actors, resolve_anaphor)
            if name:
                out.append(_Attribution(m.start(), m.end(), name))
    for m in re.finditer(
        r"(?<![\w\u200c])توسط\s+(?P<np>(?:[\w\u200c]+\s+){0,5}?[\w\u200c]+)\s+"
        r"(?:به تایید|به تأیید|به ثبت|تایید|تأیید|ثبت|مستند|اعلام|گزارش)",
        s,
    ):
        # "۲۵ اعدام دیگر توسط گروه‌های حقوق بشری به تایید رسیده": the agent after توسط
        np = m.group("np")
        if _FA_FORCES.match(np):
            continue  # "زخمی شدن ۳۵۳ تن توسط نیروهای مرزبانی … ثبت شده": the perpetrators
        mention = actors.find(np)
        out.append(
            _Attribution(m.start(), m.end("np"), mention[0].name if mention else np, agent=True)
        )
    for m in _FA_IN_REPORT.finditer(s):
        np = m.group("np").strip()
        if ANAPHORS.fullmatch(np):
            name = resolve_anaphor.get("org") or resolve_anaphor.get("last")
        else:
            found = actors.find(np)
            name = found[0].name if found else canonical_actor(np, actors)
        if name:
            out.append(_Attribution(m.start(), m.end(), name))
    for m in _REPORT_FA.finditer(s):
        left = s[: m.start()]
        if re.search(r"[\"»]\s*$", left):
            # 'کانون حقوق بشر "نه به زندان، نه به اعدام" اعلام کرد': the quoted name is the subject
            q = re.search(r"([^،,.:؛«»\"]{2,40})\s*[\"«]([^\"«»]{2,60})[\"»]\s*$", left)
            if q:
                name = canonical_actor(f"{q.group(1).strip()} {q.group(2).strip()}", actors)
                out.append(_Attribution(q.start(), m.end(), name))
                continue
        named = fa_apposed_subject(left)
        if named:  # "NAME، سخنگوی قوه قضاییه، گفت": the name, not its title
            out.append(_Attribution(left.rfind(named), m.end(), named))
            continue
        # "گروه X که …، در این گزارش نوشته است": the subject opens the sentence
        seg, cut = fa_subject_segment(left)
        joined = _fa_joined_subject(seg, actors)
        if joined is not None:
            # "۳۶ نفر بازداشت شده‌اند و سازمان عفو بین‌الملل از اعدام ۱۲ نفر خبر داد": a second
            # clause joined by "و" has a subject of its own
            out.append(_Attribution(cut + 1 + joined.start, m.end(), joined.name))
            continue
        seg = re.split(r"\s+(?:تنها|فقط|\S*\d)", ascii_digits(seg))[0]
        seg = re.sub(
            r"^\s*(?:از این (?:بین|میان|تعداد)|همچنین|در این میان|اما|ولی|در حالی که|"
            r"پیش از این|قبل از این|پیش[\u200c ]?تر)\s+",
            "",
            seg,
        )
        also = re.search(r"\sنیز\s", seg)
        if also:
            # "X نیز …": "also" closes the subject, unless what stands before it is a place
            # or a time ("در مشهد نیز سرپرست دادسرا اعلام کرد": the subject comes after it)
            head = seg[: also.start()]
            seg = seg[also.end() :] if re.match(r"\s*(?:در|از)\s", head) else head
        seg = re.split(r"\s(?:تعداد|شمار|آمار|رقم)\s", seg)[0]  # "X تعداد بازداشت شدگان را …"
        seg = re.sub(r"\s+(?:این|آن|همین)$", "", seg)  # "X این رقم را …": X
        rel = actors.find(seg[:80])
        if (
            rel
            and rel[0].kind != "state"
            and not seg[: rel[0].start].strip(" …")
            and re.match(r"\s+که\s", seg[rel[0].end :])
        ):
            # "خبرگزاری هرانا که اخبار حقوق بشری را پوشش می‌دهد گزارش داده": the body named
            # before the relative clause is the subject
            out.append(_Attribution(cut + 1 + rel[0].start, m.end(), rel[0].name))
            continue
        parts = re.split(r"(?:^|\s)(?:که|و)\s", seg)
        office = next(
            (
                i
                for i, p in enumerate(parts)
                if re.match(rf"\s*(?:{FA_ROLE_WORDS})(?![\w\u200c])", p)
            ),
            None,
        )
        # "سخنگوی کمیسیون امنیت ملی و سیاست خارجی مجلس": an office keeps its 'و'
        seg = " و ".join(p.strip() for p in parts[office:]) if office is not None else parts[-1]
        seg = re.sub(r"\s*به نقل از.*$", "", seg)
        in_seg = actors.find(seg)
        if in_seg and in_seg[0].start <= 2 and in_seg[0].kind != "state":
            out.append(_Attribution(cut + 1 + in_seg[0].start, m.end(), in_seg[0].name))
            continue
        short = re.search(r"\(([^()\d]{2,30})\)\s*$", seg)
        if short:  # "ارگان خبری فعالان حقوق بشر در ایران (هرانا) اعلام کرده": the short name
            name = actors.resolve(short.group(1).strip()) or canonical_actor(seg, actors)
            out.append(_Attribution(m.start() - len(seg) - 1, m.end(), name))
            continue
        seg = re.sub(r"\s+از\s+.*$", "", seg)
        seg = re.sub(r"\s+به\s+\S+(?:\s+\S+)?\s*$", "", seg).strip()
        seg = re.sub(r"\s+(?:روز|در)\s+.*$", "", seg).strip()
        # "X با انتشار بیانیه‌ای اعلام کرد": how X spoke, not part of its name
        seg = re.sub(r"\s+با\s+(?:انتشار|صدور|ارسال)(?:\s+\S+){0,3}$", "", seg).strip()
        if re.search(r"\d", ascii_digits(seg)):
            continue
        seg = " ".join(seg.split()[-(10 if office is not None else 6) :])
        if not seg or not re.search(r"[\u0600-\u06FF]{3}", seg) or re.match(r"(?:از|با|در)\s", seg):
            opening = actors.find(s[: min(len(s), 40)])
            if opening and opening[0].start <= 2 and opening[0].kind != "state":
                # "سازمان حقوق بشر ایران، مستقر در نروژ، … از اعدام ۱۶۸ نفر خبر داده است"
                out.append(_Attribution(opening[0].start, m.end(), opening[0].name))
            continue
        name = _resolve_subject(seg, actors, resolve_anaphor)
        if name:
            out.append(_Attribution(m.start() - len(seg) - 1, m.end(), name))
    for a in out:
        # "Thousands were detained after the protests, which President X said were caused by
        # …": a speech verb inside a relative clause speaks for that clause, not for the
        # figures of the main clause before it.
        rel = _RELATIVE_BEFORE.search(s, 0, a.end)
        if rel and rel.start() > 0:
            a.after = rel.start()
    return out


_FA_DOC_PREFIX = re.compile(
    r"(?:(?:آخرین|تازه[\u200c ]?ترین|جدیدترین)\s+)?(?:(?:اعلام|آمار|امار|گزارش|بیانیه|اطلاعات|"
    r"تحقیقات|تحقیق|بررسی[\u200c ]?(?:ها|های)?|یافته[\u200c ]?(?:ها|های))"
    r"(?:\s+(?:سالانه|سالیانه|سالیانە|جدید|تازه|اخیر|ماهانه|ماهیانه|آخر))?\s+)+"
)
_FA_BODY_HEAD = re.compile(
    r"(?:سازمان|نهاد|گروه|این|همین|کمپین|مرکز|دفتر|خبرگزاری|کانون|انجمن)(?:\s|$)"
)
_FA_FORCES = re.compile(
    r"(?:نیروهای|نیروی|ماموران|مأموران|پلیس|سپاه|بسیج|ارتش|هنگ[\u200c ]?مرزی|مرزبانان|"
    r"مرزبانی|یگان|گارد)(?![\w\u200c])"
)
# "در گزارش این سازمان آمده است که …", "در بیانیه عفو بین‌الملل آمده": the report's author
_FA_IN_REPORT = re.compile(
    r"(?<![\w\u200c])در\s+(?:گزارش|بیانیه|اطلاعیه)\s+(?P<np>[^،,.:؛«»\"\d]{2,60}?)\s+"
    r"آمده(?:\s+است)?(?![\w\u200c])"
)
_FA_CLAUSE_END = re.compile(
    r"(?:است|اند|‌اند|بود|بودند|شد|شدند|کرد|کردند|داد|دادند|دارد|رسید|رسیدند)\s+و\s+$"
)


def _fa_joined_subject(seg: str, actors: ActorIndex) -> ActorMention | None:
    """The actor opening a Persian clause joined by "و" after a finished clause, in ``seg``."""
    if " و " not in seg:
        return None
    off = max(0, len(seg) - 300)  # a subject stands near its verb; bounded on long run-ons
    for a in reversed(actors.find(seg[off:])):
        a = ActorMention(a.start + off, a.end + off, a.text, a.name, a.kind)
        if a.kind != "state" and _FA_CLAUSE_END.search(seg, 0, a.start):
            return a
    return None


_SAYING = re.compile(r",\s*(?:saying|adding|noting|stating|claiming|insisting)\b", re.I)
_OPENING_NP = re.compile(
    r"^\s*(?P<np>(?:[Tt]he\s+)?(?:[A-Z][\w'’.-]*\s+){0,4}?[A-Za-z][\w'’.-]*)"
    r"\s+(?:also\s+|later\s+|(?:have|has|had)(?:\s+not)?\s+)?(?!said\b)[a-z]+ed\b"
)
_RELATIVE_BEFORE = re.compile(r"[,،]\s*(?:which|who|whom|whose|where|when)\b[^,;:.\"“”،؛]*$", re.I)


_ANAPHOR_MODIFIERS = re.compile(
    r"^the\s+(?:(?:[\w'’]+-based|human|rights|kurdish|iranian|independent|international|"
    r"local|opposition|non-governmental)\s+){1,3}(?=(?:group|organisation|organization|agency|"
    r"ngo|rights group|monitor|watchdog|campaign|network|centre|center|outlet)$)",
    re.I,
)


_BODY_ANAPHOR = re.compile(
    r"\b(?:group|organi[sz]ation|ngo|monitor|watchdog|campaign|network)$|"
    r"(?:سازمان|نهاد|گروه|کمپین)(?:\s+(?:حقوق[\u200c ]?بشری|مدافع حقوق بشر|مذکور|"
    r"یاد[\u200c ]?شده|نام[\u200c ]?برده))?$"
)


def _resolve_subject(
    subj: str,
    actors: ActorIndex,
    anaphor: dict[str, str | None],
    earlier: Sequence[_Attribution] = (),
) -> str | None:
    subj = clean_np(subj)
    low = subj.lower()
    if not actors.resolve(subj):
        # "The Oslo-based group said": the group named before
        low = _ANAPHOR_MODIFIERS.sub("the ", low)
    if re.search(r"\b(?:said|says|told)\b", low):
        return None  # "said its total only included": a clause, not a source
    word = re.fullmatch(r"(?:[Tt]he\s+)?([A-Z][a-z]+)", subj)
    if word and not actors.resolve(subj):
        # "The Commission further reported": the organisation named before in full
        for name in (anaphor.get("last"), anaphor.get("org")):
            if name and word.group(1).lower() in name.lower().split():
                return name
    if earlier and (low in PRONOUNS or ANAPHORS.match(low)):
        return earlier[-1].name  # "X said it had recorded ..."
    if low in PRONOUNS:
        return anaphor.get("person") or anaphor.get("last")
    if ANAPHORS.match(low):
        if re.search(r"report|statement|گزارش|بیانیه", low) and anaphor.get("last"):
            return anaphor.get("last")  # "the report says": whoever the report was from
        if _BODY_ANAPHOR.search(low) and anaphor.get("body"):
            return anaphor.get("body")  # "the NGO said": not the police it accused
        if anaphor.get("org") or anaphor.get("last"):
            return anaphor.get("org") or anaphor.get("last")
        if re.match(
            r"^the (?:rights group|campaign|group|agency|monitor|watchdog|network|"
            r"centre|center|statement)$",
            low,
        ):
            return subj[4:]  # a described source with no name given earlier
        return anaphor.get("publisher")
    return canonical_actor(subj, actors)


_CONTRAST_OPEN = re.compile(r"[,;؛،]?\s*(?:while|whereas|but|اما|ولی)\s", re.I)


def _bound_to_own_clause(
    a: _Attribution,
    qc: int,
    clause_of: Callable[[int], int],
    clauses: Sequence[tuple[int, int]],
    sentence: str,
) -> bool:
    """Whether a source speaks only for its own contrastive clause, not for the figure's.

    "A rights group listed 36 dead, while an official told Reuters that 37 bodies …": the
    official opens a clause of its own ("while …") and goes on to say what the clause says;
    the figure of the main clause is not theirs. A source that closes the sentence
    ("…, while 40 were injured, the ministry said") still speaks for all of it.
    """
    ac = clause_of(a.start)
    if ac == qc or ac < 0 or not sentence:
        return False
    c_start, c_end = clauses[ac]
    if not _CONTRAST_OPEN.match(sentence, c_start):
        return False
    rest = sentence[a.end : c_end]
    return len(re.findall(r"\w+", rest)) >= 3


def _pick(
    attributions: Sequence[_Attribution],
    q: QuantityMatch,
    clauses: Sequence[tuple[int, int]],
    sentence: str = "",
) -> str | None:
    def clause_of(pos: int) -> int:
        for i, (a, b) in enumerate(clauses):
            if a <= pos < b:
                return i
        return -1

    qc = clause_of(q.start)
    attributions = [
        a
        for a in attributions
        if a.after <= q.start and not _bound_to_own_clause(a, qc, clause_of, clauses, sentence)
    ]
    if not attributions:
        return None
    for a in attributions:  # "۲۵ اعدام دیگر توسط X به تایید رسیده": the agent of its own figure
        if a.agent and 0 <= a.start - q.end <= 40:
            return a.name
    best = None
    for a in attributions:
        dist = a.start - q.end if a.start >= q.end else max(0, q.start - a.end)
        if clause_of(a.start) != qc and clause_of(max(a.start, a.end - 1)) != qc:
            dist += 1000
        if best is None or dist < best[0]:
            best = (dist, a.name)
    assert best is not None
    return best[1]


def _known_over(mentions: Sequence[ActorMention], start: int, end: int) -> ActorMention | None:
    """The known actor that opens the noun phrase ``start``..``end`` (past an article) and
    runs on beyond its end: the phrase was cut inside the name."""
    for a in mentions:
        if start <= a.start <= start + 4 and a.end > end:
            return a
    return None


def _weak_source(name: str | None, actors: ActorIndex) -> bool:
    """A noun phrase that names no source: 'new figures', 'November', 'In Kermanshah'."""
    if not name:
        return True
    if actors.resolve(name) or name in actors.kinds:
        return False
    words = name.split()
    if all(w.lower() in ("the", "a", "an", "this", "its", "their", "his", "her") for w in words):
        return True
    if re.match(r"(?:in|on|at|from|by|after|before|during|since|new|latest|recent)\b", name, re.I):
        return True
    if _DOC_NOUN.search(name) and not any(w[:1].isupper() for w in words[1:]):
        return True
    return bool(re.fullmatch(rf"(?:{_MONTHS_RX})\.?", name))


_MONTHS_RX = (
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_NAME_RUN = re.compile(
    r"(?:[A-Z][\w'’&-]*|of|for|in|on|and|the)(?:\s+(?:[A-Z][\w'’&-]*|of|for|in|on|and|the))*"
)


def _source_inside(
    s: str, pos: int, mentions: Sequence[ActorMention], actors: ActorIndex
) -> str | None:
    """The actor named after 'according to' past a weak noun phrase, within its clause."""
    end = len(s)
    # the phrase ends at its clause: "according to the report UNAMA released, police killed …"
    stop = re.search(r"[;:,]|\.\s", s[pos:])
    if stop:
        end = pos + stop.start()
    window = s[pos:end]
    lower_by = re.search(r"\bby\s+(?P<np>(?:the\s+)?(?:[a-z-]+\s+){0,3}[a-z-]+)", window)
    if (
        lower_by
        and not re.match(r"\s+[A-Z]", window[lower_by.end() :])
        and re.search(
            r"\b(?:body|office|group|organi[sz]ation|agency|commission|mission|ministry|council|"
            r"watchdog|monitor|experts?|authorities|police|government|activists)$",
            lower_by.group("np"),
        )
    ):
        return re.sub(r"^the\s+", "", lower_by.group("np"))  # "by the apex peacekeeping body"
    by = re.search(r"\bby\s+(?:the\s+)?(?:[a-z-]+\s+){0,4}?(?=[A-Z])", window)
    if by:
        run = _NAME_RUN.match(window, by.end())
        if run:
            name = run.group(0).rstrip()
            name = re.sub(r"\s+(?:of|for|in|on|and|the)$", "", name)
            return canonical_actor(name, actors)
    for run in _NAME_RUN.finditer(window):
        name = re.sub(
            r"^(?:(?:of|for|in|on|and|the)\s+)+|\s+(?:of|for|in|on|and|the)$", "", run.group(0)
        )
        words = name.split()
        if len(words) >= 2 and not re.match(_MONTHS_RX, words[0]):
            return canonical_actor(name, actors)
        if len(words) == 1 and (actors.resolve(name) or re.fullmatch(r"[A-Z]{3,}", name)):
            return canonical_actor(name, actors)  # "the annual report UNAMA released"
    return None


def is_noun_use(text: str, start: int, verb: str) -> bool:
    """Whether a reporting word at ``start`` is a noun here ('a new report', 'its estimate')."""
    before = text[max(0, start - 16) : start]
    v = verb.lower()
    if v in _NOUN_VERBS:
        return bool(_NOT_VERB_BEFORE.search(before) or _NOUN_BEFORE.search(before))
    return v.endswith("ed") and bool(_NOT_VERB_BEFORE.search(before))  # "an estimated"


_SOURCE_HEAD_EN = re.compile(
    r"(?:groups?|organi[sz]ations?|activists?|officials?|police|authorities|government|"
    r"witness(?:es)?|doctors?|medics?|sources?|media|residents?|office|commission|ministry|"
    r"agency|agencies|monitors?|watchdogs?|network|reports?|statements?|spokes(?:man|woman|person)|"
    r"experts?|researchers?|lawyers?|families|family|relatives?|campaigners?|journalists?|"
    r"prosecutors?|judiciary|army|military|council|committee|centre|center|NGO|body|team|"
    r"mission|observers?|survivors?|hospitals?|staff|nurses?|coroner|governor|mayor|minister|"
    r"chief|head|director|rapporteur|envoy|commissioner|tally|count|figures|data|newspaper|"
    r"channel|television|radio|site|website|press|union|association|coalition|movement|"
    r"campaign|project|institute|service|forces|troops|guards?|commanders?|analysts?|"
    r"villagers|locals|people|man|woman|mother|father|brother|sister|son|daughter|"
    r"officers?|physicians?|surgeons?|paramedics?|coordinators?|opposition|"
    r"official|victims?|detainees?|prisoners?|people's|students?|workers?)$",
    re.I,
)


def plausible_source(name: str | None, actors: ActorIndex, persons: Sequence[str] = ()) -> bool:
    """Whether a source read from a clause names someone (an actor, a person, a capitalised
    name, or a noun that stands for a source: 'activists', 'the city prosecutor'); a broken
    parse ('people are now', 'credible', 'خارجی مجلس تعداد … را') does not, and is better left
    empty than given to a reader as a source."""
    if not name:
        return False
    if actors.resolve(name) or name in actors.kinds or name in persons:
        return True
    if re.search(r"[\u0600-\u06FF]", name):
        # a subject that runs into its object ("… تعداد بازداشت شدگان را") is a broken parse,
        # and a verbal or document noun alone ("اعلام", "گزارش") names no one
        if re.fullmatch(
            r"(?:اعلام|گزارش|گزارشات|گزارش[\u200c ]?ها|آمار|رقم|خبر|اخبار)", name.strip()
        ):
            return False
        return not re.search(r"(?:^|\s)(?:را|تعداد|شمار)(?:\s|$)", name)
    # the head of "a spokesman for the opposition party" is "spokesman"
    words = re.findall(r"[\w'’&-]+", re.split(r"\s(?:of|for|at|in|with)\s", name)[0])
    if not words:
        return False
    if any(w[:1].isupper() for w in words):
        return True
    return bool(_SOURCE_HEAD_EN.fullmatch(words[-1]))
