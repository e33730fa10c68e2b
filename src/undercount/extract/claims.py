"""Claims: aggregate figures about violations, with outcome, victims, scope and attribution.

A number in a sentence is a claim when it counts victims of a violation:

- a victims noun follows it ("304 *people*", "23 *children*", "۳۰۴ *نفر*") and the sentence
  says what happened to them ("were killed", "arrested", "کشته شدند");
- an outcome noun follows it ("481 *deaths*", "12 *cases of enforced disappearance*");
- an outcome verb follows it directly ("7,000 *had been detained*", "1,200 *injured*");
- an outcome verb precedes it ("*executed* at least 576", "*killed* dozens of protesters");
- it completes a toll ("the *death toll* rose to 41", "put the *number of dead* at 12").

Years, dates, ages ("22-year-old", "Name, 22,"), durations, prices, percentages, page and
article numbers, and counts of things (cities, banks) are not claims.

The figure is attributed to the nearest reporting source of its clause ("according to X",
"X said", "said X", "به گزارش X", "X اعلام کرد"), to the speaker when the figure sits inside a
quotation, to the organisation a pronoun ("it", "the group") refers to, and otherwise to the
publisher of the document.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections.abc import Callable, Sequence

from undercount.extract.actors import ActorIndex, ActorMention
from undercount.extract.attribution import (
    _Attribution,
    _pick,
    canonical_actor,
    find_attributions,
    plausible_source,
)
from undercount.extract.chooser import FigureContext, SourceCandidate, describe
from undercount.extract.names import full_name_for
from undercount.extract.numbers import (
    QuantityMatch,
    ascii_digits,
    find_quantities,
    persian_letters,
)
from undercount.extract.outcomes import _COORDINATED, _is_excluded, classify, find_cues
from undercount.extract.scope import Scope, find_events, find_period, find_place
from undercount.extract.text import Sentence, clause_bounds
from undercount.model import Claim

__all__ = ["canonical_actor", "classify", "extract_claims", "find_cues"]

# ----------------------------------------------------------------- claims


def extract_claims(
    text: str,
    sentences: Sequence[Sentence],
    actors: ActorIndex,
    *,
    publisher: str | None = None,
    published_on: dt.date | None = None,
    quote_speakers: Sequence[tuple[int, int, str]] = (),
    mentions: Sequence[ActorMention] | None = None,
    persons: Sequence[tuple[int, str]] = (),
    chooser: Callable[[FigureContext, list[SourceCandidate]], str | None] | None = None,
) -> list[tuple[Claim, Scope]]:
    """Every claim of ``text`` with its resolved scope, in text order.

    ``quote_speakers`` lists ``(start, end, speaker)`` of quotations whose speaker is known; a
    figure inside one is attributed to its speaker. ``persons`` lists ``(offset, name)`` of
    the people named: "he said" is the last one named, "Shaheed said" the full name.
    ``chooser``, when given, picks each figure's source among the candidates that
    :func:`undercount.extract.chooser.describe` lists (the rules' choice is one of them).
    """
    out: list[tuple[Claim, Scope]] = []
    doc_mentions = list(mentions) if mentions is not None else actors.find(text)
    starts = [a.start for a in doc_mentions]
    anaphor: dict[str, str | None] = {"publisher": publisher}
    prev_cues: str | None = None
    doc_event: str | None = None
    persons = sorted(persons)
    p_offsets = [o for o, _ in persons]
    names = sorted({n for _, n in persons})
    story_start = 0
    for n_sent, sent in enumerate(sentences):
        s = persian_letters(ascii_digits(sent.text))
        if n_sent and _DATELINE.match(sent.text):
            # "Dubai — Iran released …": a new story begins (news summaries run on in one
            # text); nothing said before it is carried into it
            story_start = sent.start
            for key in ("org", "body", "last", "previous"):
                anaphor[key] = None
            prev_cues = None
            doc_event = None
        i = bisect_left(p_offsets, sent.end)
        p_lo, p_hi = bisect_left(p_offsets, sent.start), i
        anaphor["person"] = persons[i - 1][1] if i and p_offsets[i - 1] >= story_start else None
        events = find_events(sent.text)
        if events:
            doc_event = events[0][2]
        in_sent = [
            ActorMention(a.start - sent.start, a.end - sent.start, a.text, a.name, a.kind)
            for a in doc_mentions[bisect_left(starts, sent.start) : bisect_left(starts, sent.end)]
            if a.end <= sent.end
        ]
        sent_org = [a for a in in_sent if a.kind != "other"]
        bodies = [a for a in sent_org if a.kind != "state"]
        if bodies:
            # "HRW accused the police of …. The NGO said …": a group, organisation or NGO
            # is the last body named that is not the state
            anaphor["body"] = bodies[-1].name
        if not _might_have_claim(s):
            if sent_org:
                anaphor["org"] = sent_org[-1].name
                speaker = _speaker_before_verb(s, sent_org)
                if speaker:
                    # "The Human Rights Watch said that Oromia …" then "It said …": the body
                    # that spoke last, not the source of an earlier figure
                    anaphor["last"] = speaker
            anaphor["previous"] = None
            if s.rstrip().endswith(":"):  # "Key figures from the HRANA report:" then a list
                intro = find_attributions(sent.text, actors, anaphor, in_sent)
                anaphor["previous"] = intro[-1].name if intro else None
            last_cues = find_cues(s)
            prev_cues = last_cues[-1][2] if last_cues else None
            continue
        cues = find_cues(s)
        clauses = clause_bounds(s)
        quantities = find_quantities(s)[:MAX_QUANTITIES_PER_SENTENCE]
        attributions = find_attributions(sent.text, actors, anaphor, in_sent) if quantities else []
        period_cache: tuple[str | None, dt.date | None, dt.date | None] | None = None
        place_cache: tuple[str | None, str | None, str | None] | None = None
        last_outcome: str | None = None
        governing: str | None = None
        carried = False
        results = [classify(q, s, cues, clauses) for q in quantities]
        for i in range(len(quantities) - 2, -1, -1):
            # "۳۳ و ۳۶ نفر اعدام شده بودند", "12 and 15 people were killed": one noun and verb
            if results[i] is None and results[i + 1] is not None:
                gap = s[quantities[i].end : quantities[i + 1].start]
                if _COORDINATED.fullmatch(gap) and not _is_excluded(quantities[i], s):
                    results[i] = results[i + 1]
        for i in range(1, len(quantities)):
            # "including at least six political prisoners and seven women": a list after
            # "including" goes on counting part of the figure before
            if results[i] is None and results[i - 1] is not None and results[i - 1][0] == "case":
                gap = s[quantities[i - 1].end : quantities[i].start]
                if _LIST_GAP.fullmatch(gap) and not _is_excluded(quantities[i], s):
                    results[i] = results[i - 1]
        for q, res in zip(quantities, results, strict=True):
            if res is None:
                continue
            outcome, victims = res
            if outcome == "case":  # "۷ مورد": the outcome of the list, else the nearest cue's
                outcome, victims = last_outcome or victims, None  # type: ignore[assignment]
                if outcome is None:
                    continue
            if outcome == "same":
                if last_outcome is None:
                    continue
                outcome = last_outcome
            elif outcome == "previous":
                if last_outcome is None and prev_cues is None:
                    continue
                outcome = last_outcome or prev_cues  # type: ignore[assignment]
            start, end = sent.start + q.start, sent.start + q.end
            attributed = None
            for qa, qb, speaker in quote_speakers:
                if qa <= start and end <= qb:
                    attributed = canonical_actor(speaker, actors)
                    break
            unsure = False
            usable = attributions
            quoted = _quotation_around(s, q.start, q.end)
            if quoted is not None and attributed is None:
                # A figure inside a quotation is its speaker's: a source named inside the
                # quotation ('He added: "In nine murders, witnesses identified …"') is part of
                # what is quoted; the speech frame outside it speaks
                outside = [a for a in attributions if not quoted[0] <= a.start < quoted[1]]
                usable = outside or attributions
            picked = _pick(usable, q, clauses, s) if attributed is None and usable else None
            if (
                attributed is None
                and picked is None
                and any(a.after > q.start for a in attributions)
            ):
                # The sentence's only sources speak inside a relative clause after the figure
                # ("…, which X said …"): the figure is the publisher's, not carried on. (A
                # source bound to a contrastive clause of its own leaves the figure to the
                # sentence before or the publisher, as a sentence with no source does.)
                attributed = anaphor.get("publisher")
            if picked is not None:
                governing = picked
                attributed = picked
                if " " not in attributed:  # "Shaheed said": Ahmed Shaheed
                    attributed = full_name_for(attributed, names) or attributed
                else:  # "Prosecutor-General Berik Asylov said": the person, title stripped
                    attributed = _title_stripped(attributed, names)
                if not plausible_source(attributed, actors, names):
                    # the clause names a source but it could not be read: no source, not a guess
                    attributed, unsure = None, True
            if attributed is None and not unsure:
                # Reports go on about the source of the sentence before; a sentence that
                # narrates an act ("Police arrested 200 people", "security forces shot and
                # killed three more") is the publisher's, not a continuation.
                previous = anaphor.get("previous")
                if previous and (
                    _ACT_BEFORE.search(s[max(0, q.start - 80) : q.start])
                    or _UNNAMED_REPORTS.search(s)
                ):
                    # "According to unconfirmed reports, there have been more than 1,000
                    # arrests": the clause says its source is unnamed; nothing is carried
                    previous = None
                attributed = previous or anaphor.get("publisher")
                carried = carried or previous is not None
            if chooser is not None:
                attributed = _choose(
                    chooser,
                    s,
                    q,
                    clauses,
                    attributions,
                    in_sent,
                    [(o - sent.start, n) for o, n in persons[p_lo:p_hi]],
                    attributed,
                    anaphor,
                    next((sp for qa, qb, sp in quote_speakers if qa <= start and end <= qb), None),
                    quoted,
                    actors,
                    names,
                )
            if period_cache is None:
                period_cache = find_period(sent.text, published_on)
                place_cache = find_place(sent.text)
            assert place_cache is not None
            period, p_start, p_end = period_cache
            place, province, city = place_cache
            event = events[0][2] if events else doc_event
            claim = Claim(
                quantity=q.quantity,
                outcome=outcome,
                sentence=sent.text,
                span=(start, end),
                attributed_to=attributed,
                victims=victims,
                event=event,
                place=place,
                period=period,
                stated_on=published_on,
            )
            out.append((claim, Scope(event, place, province, city, period, p_start, p_end)))
            last_outcome = outcome
        if attributions:
            anaphor["last"] = attributions[-1].name
        elif not quantities:
            speaker = _speaker_before_verb(s, sent_org)
            if speaker:
                anaphor["last"] = speaker  # a body that speaks without a figure
        if attributions:
            # a report goes on with the source of the figures of the sentence before (not with
            # a speaker of a subordinate clause after them)
            anaphor["previous"] = governing or attributions[-1].name
        elif not carried:
            anaphor["previous"] = None
        prev_cues = cues[-1][2] if cues else None
        if sent_org:
            anaphor["org"] = sent_org[-1].name
    return out


def _choose(
    chooser: Callable[[FigureContext, list[SourceCandidate]], str | None],
    s: str,
    q: QuantityMatch,
    clauses: Sequence[tuple[int, int]],
    attributions: Sequence[_Attribution],
    in_sent: Sequence[ActorMention],
    persons: Sequence[tuple[int, str]],
    rules: str | None,
    anaphor: dict[str, str | None],
    speaker: str | None,
    quoted: tuple[int, int] | None,
    actors: ActorIndex,
    names: Sequence[str],
) -> str | None:
    """The source ``chooser`` picks for figure ``q`` of sentence ``s`` among its candidates."""

    def finish(name: str) -> str | None:
        # what the rules would report for a name read from the sentence
        full = (full_name_for(name, names) or name) if " " not in name else None
        full = full or _title_stripped(name, names)
        return full if plausible_source(full, actors, names) else None

    ctx = FigureContext(
        sentence=s,
        figure=q,
        clauses=clauses,
        cues=attributions,
        mentions=in_sent,
        persons=persons,
        rules=rules,
        publisher=anaphor.get("publisher"),
        carried=anaphor.get("previous"),
        last_org=anaphor.get("org"),
        quote_speaker=canonical_actor(speaker, actors) if speaker else None,
        quotation=quoted,
        act_before=_ACT_BEFORE.search(s[max(0, q.start - 80) : q.start]) is not None,
        persian=re.search(r"[\u0600-\u06FF]", s) is not None,
    )
    return chooser(ctx, describe(ctx, finish))


# A source the clause leaves unnamed on purpose.
_UNNAMED_REPORTS = re.compile(
    r"\baccording to (?:(?:unconfirmed|unverified|credible|some|several|other|media|local|"
    r"press|news|initial|early)\s+){1,2}(?:reports|sources|accounts)\b(?!\s+(?:from|by|of)\b)|"
    # unnamed reports as the subject: "Previous reports indicated that …", "…, news reports
    # said", "There are reports suggesting …", "گزارش‌ها از … حکایت دارد", "گزارش شده که"
    r"(?:^|[,;:]\s*|\b(?:and|but|while|that|there (?:are|were|have been))\s+)"
    r"(?:(?:unconfirmed|unverified|credible|some|several|other|media|local|press|news|initial|"
    r"early|previous|earlier|increasing|further|multiple|new)\s+){0,2}reports\s+(?:had\s+|have\s+)?"
    r"(?:said|say|indicated|indicate|suggested|suggest|suggesting|showed|show|stated)\b|"
    r"(?<![\w\u200c])گزارش(?:[\u200c ]?(?:ها|هایی|ات))(?:\s+\S+){0,20}?\s+(?:حکایت|حاکی)|"
    r"(?<![\w\u200c])گزارش شده(?:\s+است)?\s+که",
    re.I,
)
# A speech or report verb of a sentence without figures.
_SPEAKS = re.compile(
    r"\b(?:said|says|told|reported|stated|added|announced|warned|wrote)\b|"
    r"(?:گفت|اعلام کرد|گزارش داد|نوشت|افزود|اظهار داشت)"
)


def _speaker_before_verb(s: str, orgs: Sequence[ActorMention]) -> str | None:
    """The organisation named before the first speech verb of a sentence without figures
    ("HRANA said security forces fired …": HRANA, not the forces named after the verb)."""
    if not orgs:
        return None
    verb = _SPEAKS.search(s)
    if verb is None:
        return None
    before = [a for a in orgs if a.end <= verb.start()]
    return before[-1].name if before else None


# Between two items of a list: "six political prisoners and seven", "۳ کودک و ۵"
_LIST_GAP = re.compile(
    r"\s+(?:[\w'’\u200c-]+\s+){0,3}?[\w'’\u200c-]+\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s+و\s+)"
    r"(?:at least\s+|some\s+|about\s+|دست[\u200c ]?کم\s+)?"
)
# A dateline opens a story: "Dubai — ", "BEIRUT, March 3 (Reuters) - ", "Mae Sot, MINA – "
_DATELINE = re.compile(
    r"\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2}(?:,\s*[\w.'’ ]{2,25})?"
    r"(?:\s*\([A-Z][\w ]{1,20}\))?\s+(?:—|–|--|-)\s+[A-Z\"“]"
)
_QUOTE_PAIRS = {"“": "”", '"': '"', "«": "»"}


def _quotation_around(s: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of the quotation of ``s`` that holds ``start:end``, if any."""
    for op, cl in _QUOTE_PAIRS.items():
        if op == cl:
            if s.count(op, 0, start) % 2 == 0:
                continue  # an even number of '"' before: outside every quotation
            a = s.rfind(op, 0, start)
        else:
            a = s.rfind(op, 0, start)
            if a < 0 or s.find(cl, a + 1, start) >= 0:
                continue  # no quotation opened, or it closed before the figure
        b = s.find(cl, end)
        if b >= 0:
            return a, b + 1
    return None


# The subject and active verb of an act whose object is the figure.
_ACT_BEFORE = re.compile(
    r"(?:^|[,;]\s*|\s(?:as|when|after)\s+)(?:[Tt]he\s+)?(?:[\w'’-]+\s+){0,2}"
    r"(?:police|forces|troops|soldiers|guards|authorities|gunmen|officers|militias?|agents|army|"
    r"military|regime)\s+(?:also\s+|reportedly\s+|later\s+)?(?:shot and killed|shot dead|"
    r"killed|arrested|detained|executed|hanged|wounded|injured|rounded up|shot)\s+"
    r"(?:at least\s+|more than\s+|some\s+|about\s+|another\s+)?$",
    re.I,
)


def _title_stripped(source: str, names: Sequence[str]) -> str:
    """The person named in the text that ``source`` holds, its title and filler stripped
    ("Prosecutor-General Berik Asylov", "Secretary of State Jane Doe", "Jane Doe of Amnesty");
    not a "name" that is the tail of an organisation's name ("Committee to Protect
    Journalists", "Council of Teachers' Unions")."""
    for n in sorted(names, key=len, reverse=True):
        i = source.find(n)
        if i < 0 or n == source:
            continue
        before = source[:i].split()
        if before and before[-1] in ("to", "of", "for", "the", "and", "on", "in"):
            continue
        return n
    return source


# A sentence (at most 2,000 characters) with more numbers than this is a table or noise.
MAX_QUANTITIES_PER_SENTENCE = 60

_MAYBE = re.compile(
    r"\d|"
    + "|".join(
        [
            "dozen",
            "score",
            "hundred",
            "thousand",
            "million",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "teen",
            "twenty",
            "thirty",
            "forty",
            "fifty",
            "sixty",
            "seventy",
            "eighty",
            "ninety",
            "یک",
            "دو",
            "سه",
            "چهار",
            "پنج",
            "شش",
            "هفت",
            "هشت",
            "نه",
            "ده",
            "یازده",
            "دوازده",
            "بیست",
            "سی",
            "چهل",
            "پنجاه",
            "شصت",
            "هفتاد",
            "هشتاد",
            "نود",
            "صد",
            "هزار",
        ]
    ),
    re.IGNORECASE,
)


def _might_have_claim(s: str) -> bool:
    return _MAYBE.search(s) is not None
