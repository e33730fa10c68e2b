"""Finding the names of people in a text: the name lexicons and the rules that find names.

Names are found by rule: runs of capitalised words that start with a known given name, or
that sit in a person context (a title before them, an age after them, a reporting verb after
them, a possessive only a person has, an item of a naming list "the names of the victims are
A, B and C"); Persian-script names by the rules of :mod:`.persian_names`. Given and family
names come from the built-in name table, a few given names more, and the bundled Persian
lexicon (:func:`fa_name_lexicon`). The role a name plays (victim, official, speaker) is read
in :mod:`.people`.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from importlib import resources

from undercount.extract.numbers import ascii_digits, persian_letters
from undercount.extract.persian_names import (
    _FA_NAME_AGE,
    _FA_NAME_QUOTED,
    _FA_NAME_ROLE,
    _FA_NAME_SAYS,
    _FA_OFFICE,
    _FA_STOP,
    _FA_STOP_WORDS,
    _fa_more_candidates,
)
from undercount.extract.scope import MONTHS_EN
from undercount.extract.text import FA_NOT_NAME, Sentence

_GIVEN_EXTRA = """
Mohammad Mohammed Muhammad Ali Reza Hossein Hassan Mehdi Amir Ahmad Mahmoud Mostafa Morteza
Mojtaba Saeed Javad Hamid Rasoul Sajjad Omid Yousef Dariush Kian Arman Navid Pouya Nima Babak
Behnam Behrouz Farhad Farshid Kourosh Cyrus Kamran Majid Masoud Milad Mohsen Peyman Ramin
Shahin Siavash Vahid Hadi Hamed Abbas Ebrahim Ismail Esmail Jafar Karim Nasser Naser Rahim
Abdollah Abdullah Hamidreza Mohammadreza Alireza Gholamreza Amirhossein Sina Arash Aydin
Sara Sarah Nasrin Fatemeh Zahra Maryam Mahsa Nika Hadis Ghazaleh Shirin Narges Leila Layla
Mina Neda Parisa Roya Shadi Shima Somayeh Soheila Elham Azadeh Atena Golrokh Sepideh Nazanin
Niloufar Hengameh Farideh Fariba Mahnaz Minoo Zeynab Zeinab Masoumeh Kobra Diana Javaid
Sakineh Bahareh Armita Asra Hanieh Negin Yalda Ayda Mona Elnaz Jina Zhina Nikta Saman Toomaj
Hossein Majidreza Mohsen Saleh Danial Yasin Abolfazl Amin Erfan Mahan Ali-Reza
John James David Michael Peter Paul Mary Jane Anna Maria Thomas Robert William Richard
"""
_STOP = set(
    """
The A An In On At By For From With Without According After Before During Since Until As
Amnesty International Human Rights Watch Iran Iranian Islamic Republic Revolutionary Guard
Guards Corps Interior Ministry Minister Intelligence United Nations News Agency Red Crescent
Special Rapporteur State Police Network Center Centre Organisation Organization Council Court
Supreme Leader President Ayatollah Prison Hospital University Province City Street Square
Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mr Mrs Ms Dr Gen General Judge
Reuters BBC Persian Radio Farda Fars Tasnim Mehr ISNA IRNA HRANA Hengaw Kurdistan Kurdish
Baluch Tehran Shiraz Mahshahr Karaj Sanandaj Zahedan Izeh Sadra Qezelhesar Evin Khuzestan
Isfahan Tabriz Mashhad Ahvaz Kermanshah Rasht Qom Europe Europen UN EU US USA UK Twitter
Instagram Telegram Facebook Internet Office Commissioner Committee Bloody Woman Life Freedom
Although However Meanwhile Separately Earlier Later Both His Her Their Its They He She It We
This That These Those There Security Forces Judiciary Justice Parliament Majlis Basij Sepah
Protests Protesters Witnesses Officials Activists Twelve Eleven Forty Twenty
Thirty Fifty Sixty One Two Three Four Five Six Seven Eight Nine Ten Hundreds Thousands Dozens
Some Several Many Most All No Nearly About Around Over More Less At Least Between Up
Iraq Turkey Afghanistan Syria Lebanon Israel America American Europe European Western
Affairs Foreign Defense Defence Deputy Secretary Director Research Middle East North Africa
Asia Assembly Department Representative Envoy Spokesperson Spokesman Spokeswoman Rapporteur
Act Law Code Decree Constitution Article Colonel Brigadier Lieutenant Captain
""".split()
) | {m.rstrip(".") for m in MONTHS_EN.replace("\\.?", "").split("|")}

_TITLE_STATE = (
    r"interior minister|minister(?: of [A-Z][\w ]+)?|government spokes(?:man|woman|person)|"
    r"judiciary spokes(?:man|woman|person)|spokes(?:man|woman|person) (?:of|for) the "
    r"(?:judiciary|government|IRGC|Revolutionary Guards|Basij|police)|police chief|"
    r"chief of police|commander|prosecutor(?:-general)?|judge|governor(?:-general)?|president|"
    r"ayatollah|supreme leader|general|brigadier|colonel|IRGC (?:commander|general|officer)|"
    r"member of parliament|MP|lawmaker|official|head of the judiciary|chief justice|"
    r"interrogator|warden|officer"
)
_TITLE_BEFORE = re.compile(rf"(?:{_TITLE_STATE})\s+(?:[A-Z][\w'-]+\s+)?$", re.I)
_VICTIM_AFTER = re.compile(
    r"^(?:\s*,[^,.;]{0,80}(?=,)|\s+and\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3}){0,3}\s*"
    r"(?:,\s*\d{1,3}(?=\s+(?:was|were)\s))?\s*"  # "A and B, 28 were shot": an age
    r"(?:\(\d+\)\s*)?(?:\s*(?:who|was|were|had been|has been|is|got|reportedly|allegedly|later|"
    # any adverb between: "X was also briefly detained"
    r"also|then|both|[a-z]+ly|,))*\s*"
    r"(?P<verb>shot dead|shot|killed|executed|hanged|arrested|detained|tortured|beaten|"
    r"injured|wounded|disappeared|forcibly disappeared|abducted|died in custody|died|"
    r"sentenced to death|sentenced|taken into custody|summoned|held|imprisoned|jailed|"
    r"murdered|blinded|run over|lost (?:his|her) life|buried|laid to rest|poisoned|"
    r"among the (?:\w+ )?(?:victims|dead|killed|detainees)|taken from|has not been seen|"
    r"went missing)\b",
    re.I,
)
# "29-year-old", also typed "29 year-old" and "16-year old"
_AGE_BEFORE = re.compile(r"(\d{1,3})[- ]year[- ]old\s+(?:[\w-]+\s+){0,3}$")
_AGE_AFTER = re.compile(
    r"^\s*[,(]\s*(?:aged\s+)?(\d{1,3})\s*(?:[,)]|(?=\s+(?:was|were|and)\s))"
    r"|^\s*,?\s*aged\s+(\d{1,3})\b"
    r"|^\s*،\s*(\d{1,3})\s*ساله"
)

# a capitalised word, accented letters included ("Türk", "Gómez", "Łukaszenka")
_UP = r"[A-ZÀ-ÖØ-Þ\u0100-\u017f]"
_LOW = r"[a-zß-öø-ÿ\u0100-\u017f'’]"
_CAP = rf"{_UP}{_LOW}+(?:-{_UP}?{_LOW}+)?"
# a particle inside a name: "Bashar al-Assad", "Ali al Bayati", "Ursula von der Leyen"
_PARTICLE = r"(?:(?:al|el|bin|ibn|van|von|der|de|da|di|del)\s+|(?:al|el|ad|as|ash)-)"
# a middle initial after the first name: "Stephen J. Adler"
_NAME_RE = re.compile(
    rf"(?<![\w'’-])(?:{_CAP})(?:\s+{_UP}\.(?=\s+{_UP}{_LOW}))?"
    rf"(?:\s+{_PARTICLE}{{0,2}}(?:{_CAP})){{0,5}}(?![\w'’-])"
)
_HONORIFIC = re.compile(r"(?:Mr|Mrs|Ms|Dr|Miss)\.?\s+$")
# Roles that mark the capitalised words next to them as a person's name (not organisations).
_ROLE_WORDS = (
    r"director|researcher|spokes(?:man|woman|person)|rapporteur|representative|envoy|"
    r"secretary|secretary-general|commissioner|minister|commander|chief|head|prosecutor|judge|"
    r"governor|lawyer|activist|journalist|leaders?|prisoner|defender|advisor|adviser|"
    r"president|officer|official|deputy|doctor|professor|founder|chair(?:man|woman|person)?|"
    r"mep|mp|senator|lawmaker|ambassador|legislator|councillor|mayor|"
    # people reported on: "Protester Majidreza Rahnavard", "X, a 23-year-old student"
    r"protester|demonstrator|student|teenager|detainee|dissident|blogger|rapper|teacher|"
    r"organi[sz]er|candidate|member|coordinator|laureate"
)
# A title token, hyphenated compounds included ("Prosecutor-General", "Vice-President").
_ROLE_TOKEN = re.compile(
    rf"(?:[a-z]+-)?(?:{_ROLE_WORDS}|ombuds(?:man|woman|person)|attorney)"
    r"(?:-(?:general|in-chief|elect))?$",
    re.I,
)
_ROLE_APPOS_AFTER = re.compile(
    rf"^(?:\s*,|\s+(?:is|was)\s)\s*(?:the\s+|a\s+|an\s+)?(?:[\w'’.-]+\s+){{0,7}}?(?:{_ROLE_WORDS})\b",
    re.I,
)
# "Joe Stork of Human Rights Watch said", "Jane Doe told": a speaker is a person unless the
# words name an organisation.
_SAYS_AFTER = re.compile(
    r"^(?:\s+of\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,4})?\s+"
    r"(?:said|says|told|added|wrote|writes|noted|stressed|warned|explained)\b"
)
_ORG_WORD = re.compile(
    r"(?:Commission|Office|Ministry|Network|Organi[sz]ation|Group|Council|Agency|Watch|"
    r"International|Centre|Center|Committee|Association|Union|Party|Front|Army|Forces|Police|"
    r"Court|Media|News|Times|Post|Radio|TV|Television|Press|Institute|Foundation|University|"
    r"Department|Mission|Programme|Program|Fund|Bank|Government|Authorities|Officials|Guards?|"
    r"Corps|Campaign|Coalition|Movement|Society|Service|Services|Project|Monitor|Observatory|"
    r"Board|Parliament|Assembly|Senate|Congress|Embassy|Daily|Journal|Tribune|Herald|Agencies|"
    r"Rights|Human|Amnesty|Reporters|Doctors|Physicians|Lawyers|Activists|Sources|Officers|"
    r"Residents|Witnesses|Families|Relatives|Protesters|Students|Workers|State|Republic|"
    r"Kingdom|Nations|Authority|Administration|Directorate|Bureau|Tribunal|Prosecutor)"
)
_PLACE_BEFORE = re.compile(
    r"\b(?:town|city|village|province|district|region|neighbou?rhood|camp|port|capital)\s+of\s+$",
    re.I,
)
# "the rapporteur X", "said X", and an apposition after a role: "one of the organizers, X"
_ROLE_BEFORE = re.compile(
    rf"(?:\b(?:{_ROLE_WORDS})|\b(?:said|told|says|according to|declared|added|noted|stated|"
    rf"stressed|explained|warned|maintained|insisted|wrote)|\b(?:{_ROLE_WORDS})s?\s*,|"
    # a role with its complement: "Secretary of State Mike Pompeo", "UN High Commissioner for
    # Human Rights, Michelle Bachelet"
    rf"\b(?:{_ROLE_WORDS})\s+(?:of|for|on|to|at|in)\s+(?:the\s+)?(?-i:(?:[A-Z][\w'’-]*\s+){{0,4}}"
    r"[A-Z][\w'’-]*)\s*,?)\s+$",
    re.I,
)
# A possessive that only a person has: "Muammar Gaddafi's four decades in power", "Aung San
# Suu Kyi's government", "Mahsa Amini's death"
_PERSON_POSSESSIVE = re.compile(
    r"^['’]s\s+(?:[\w-]+\s+){0,2}?(?:government|regime|rule|administration|presidency|"
    r"premiership|decades|son|daughter|wife|husband|family|mother|father|brother|sister|"
    r"lawyer|death|killing|arrest|execution|funeral|body|grave)\b"
)
# "Badri Hosseini Khamenei, who lives in Iran": a relative clause of a person
_WHO_AFTER = re.compile(r"^\s*,\s*who\s")


@functools.cache
def fa_name_lexicon() -> tuple[frozenset[str], frozenset[str]]:
    """Given names (Persian and Latin script) and Persian family names of the bundled lexicon
    (``normalize/data/fa_names.tsv``, shared with the name keys).

    Single name parts borne by several of 6,000 real Iranian victims (Iran Memorial, CC BY-SA
    4.0) and the given names of the ``persian-names`` package (MIT); built by
    ``scripts/build_fa_names.py``, which says how they were chosen and cleaned.

    Returns
    -------
    (given, family) : tuple of frozenset of str

    Examples
    --------
    >>> given, family = fa_name_lexicon()
    >>> "مهسا" in given and "کریمی" in family
    True
    """
    given: set[str] = set()
    family: set[str] = set()
    text = resources.files("undercount.normalize").joinpath("data/fa_names.tsv").read_text("utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        kind, name = line.split("\t")[:2]
        (family if kind == "f" else given).add(name)  # "g" Persian, "gl" Latin given names
    return frozenset(given), frozenset(family)


@functools.lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Given names that cue a person: the built-in table, the Persian lexicon, a few more."""
    from undercount.normalize import known_names

    return frozenset(set(_GIVEN_EXTRA.split()) | known_names("g") | fa_name_lexicon()[0])


@functools.cache
def _curated_names() -> tuple[frozenset[str], frozenset[str]]:
    """Given and family names of the curated lists alone (the built-in name table and
    ``_GIVEN_EXTRA``), without the bundled Persian lexicon: what a name needs to be more than
    a lexicon-only person (see :func:`extract_people`)."""
    from undercount.normalize import known_names

    given = frozenset(set(_GIVEN_EXTRA.split()) | known_names("g"))
    family = frozenset(w for w in known_names("f") if len(w) > 3)
    return given, family


@functools.cache
def _lexicon_only_words() -> frozenset[str]:
    """Name parts that only the Persian lexicon knows: a sentence without one of them yields
    the same candidates with or without the lexicon."""
    given, family = fa_name_lexicon()
    old_given, old_family = _curated_names()
    return frozenset((given - old_given) | (family - old_family))


_ANY_WORD = re.compile(r"[\w\u200c'’]+")


def _curated_spans(
    sentences: Sequence[Sentence],
) -> tuple[set[int], list[tuple[int, int]]]:
    """Where the curated name lists alone find names: the starts of the sentences the lexicon
    cannot change (no lexicon-only name part in them) and, for the others, the name spans
    found without the lexicon, sorted and none inside another (so their ends are sorted too).

    Only the sentences holding a lexicon-only word are read a second time: linear.
    """
    lex = _lexicon_only_words()
    unchanged: set[int] = set()
    changed: list[Sentence] = []
    for sent in sentences:
        words = _ANY_WORD.findall(persian_letters(sent.text))
        if any(w in lex or w.removesuffix("'s").removesuffix("’s") in lex for w in words):
            changed.append(sent)
        else:
            unchanged.add(sent.start)
    spans = sorted({(a, b) for a, b, _, _ in _candidates("", changed, lexicon=False)})
    return unchanged, spans


def _overlaps(spans: list[tuple[int, int]], ends: list[int], a: int, b: int) -> bool:
    """Whether ``(a, b)`` overlaps one of ``spans`` (sorted, none inside another; ``ends``
    their ends): the first span ending after ``a`` is the only one to check."""
    i = bisect.bisect_right(ends, a)
    return i < len(spans) and spans[i][0] < b


def mention_key(name: str) -> str:
    """The key by which mentions of one person merge: the project's name key, joined, without
    vowels or h (a looser cousin of :func:`undercount.normalize.name_skeleton`, for mentions
    within one text).

    "Mohseni-Ejei", "Mohseni Ejei" and "Mohseniejei" share one; so do "Talduwa" and
    "Thalduwa", and "محمد رضایی" and "Mohammad Rezaei".
    """
    from undercount.normalize import name_key

    key = name_key(name).replace(" ", "")
    return key[:1] + re.sub(r"[aeiouh]", "", key[1:]) if key else ""


def full_name_for(word: str, names: Sequence[str]) -> str | None:
    """The full name among ``names`` that a family name alone refers to, if exactly one does."""
    sk = _skeleton_cached(word)
    if not sk:
        return None
    found = {
        n
        for n in names
        if len(n.split()) >= 2
        and n != word
        and sk
        in (
            _skeleton_cached(n.split()[-1]),
            _skeleton_cached(" ".join(n.split()[-2:])),
            _skeleton_cached(n),
        )
    }
    return found.pop() if len(found) == 1 else None


def _candidates(
    text: str, sentences: Sequence[Sentence], *, lexicon: bool = True
) -> list[tuple[int, int, str, Sentence]]:
    """Name spans ``(start, end, name, sentence)`` of ``sentences``.

    With ``lexicon=False`` the Persian name lexicon is left out (curated name lists only): the
    names found then are those found before the lexicon, which alone may become victims on a
    violation anywhere later in their sentence (see :func:`extract_people`).
    """
    given, family = (given_names(), _family_names()) if lexicon else _curated_names()
    out = []
    for sent in sentences:
        s = sent.text
        for m in _NAME_RE.finditer(s):
            toks = m.group(0).split()
            a = m.start()
            # Drop leading and trailing words that are not name words.
            while toks and (toks[0] in _STOP or toks[0].rstrip("'’s") in _STOP):
                a += len(toks[0]) + 1
                toks = toks[1:]
            while toks and toks[-1] in _STOP:
                toks = toks[:-1]
            role_at = max((i for i, t in enumerate(toks) if _ROLE_TOKEN.match(t)), default=-1)
            titled = False
            if role_at >= 0 and len(toks) - role_at - 1 >= 2:
                # "Research Director Philip Luther": the name follows its title
                a += sum(len(t) + 1 for t in toks[: role_at + 1])
                toks = toks[role_at + 1 :]
                titled = True
                while len(toks) > 2 and toks[0] in _STOP:
                    # "Prosecutor General Berik Asylov": a rank after the title is a title too
                    a += len(toks[0]) + 1
                    toks = toks[1:]
            elif role_at >= 0:
                continue
            if not toks or len(toks) > 4:
                continue
            name = " ".join(toks)
            if name.endswith(("'s", "’s")):
                name = name[:-2]
                toks = name.split()
            b = a + len(name)
            before = s[max(0, a - 60) : a]
            after = s[b : b + 100]
            if _PLACE_BEFORE.search(before):
                continue  # "the nearby town of Al Bayda": a place, not a person
            context = (
                _HONORIFIC.search(before)
                or _AGE_AFTER.match(after)
                or _AGE_BEFORE.search(before)
                or _TITLE_BEFORE.search(before)
                or (len(toks) >= 2 and (titled or _ROLE_BEFORE.search(before)))
                or (len(toks) >= 2 and _ROLE_APPOS_AFTER.match(after))
                or (
                    len(toks) in (2, 3, 4)
                    and _PERSON_POSSESSIVE.match(after) is not None
                    and not any(_ORG_WORD.fullmatch(t) or _PLACE_WORD.fullmatch(t) for t in toks)
                )
                or (
                    len(toks) in (2, 3, 4)
                    and _WHO_AFTER.match(after) is not None
                    and not any(_ORG_WORD.fullmatch(t) or _PLACE_WORD.fullmatch(t) for t in toks)
                )
                or (
                    len(toks) in (2, 3)
                    and _SAYS_AFTER.match(after)
                    and not any(_ORG_WORD.fullmatch(t) for t in toks)
                )
                # the subject of a violation suffered: "Omar Bashir Hamid was detained" (not
                # "Zurmat District, Paktiya Province, killed a civilian": the one who killed)
                or (
                    len(toks) in (2, 3)
                    and _suffers_after(after)
                    and not any(_ORG_WORD.fullmatch(t) or _PLACE_WORD.fullmatch(t) for t in toks)
                )
                # an outlet's reporter: "as VOA's Zlatica Hoke reports"
                or (
                    len(toks) in (2, 3)
                    and re.search(r"[A-Za-z]['’]s\s+$", before) is not None
                    and re.match(r"\s+report(?:s|ed)\b", after) is not None
                )
                # an item of the list a naming phrase opens: "The names of the protesters
                # are A B, C D and E F"
                or (
                    len(toks) in (2, 3)
                    and _in_naming_list(s, a)
                    and not any(_ORG_WORD.fullmatch(t) or _PLACE_WORD.fullmatch(t) for t in toks)
                )
            )
            if len(toks) >= 2 and (toks[0] in given or context):
                out.append((sent.start + a, sent.start + b, name, sent))
            elif len(toks) == 1 and _HONORIFIC.search(before):
                out.append((sent.start + a, sent.start + b, name, sent))
        s = persian_letters(s)  # "دستگير" is "دستگیر": same length, same offsets
        for m in _FA_NAME_ROLE.finditer(s):
            g = "name" if m.group("name") else "name2"
            words = m.group(g).split()
            while words and words[0] in _FA_STOP:
                words = words[1:]
            if m.group("hon") is not None:
                # "آقای صالحی اما …": the surname alone, a first name only when it is known
                words = words[:3] if words and words[0] in given else words[:1]
            name = " ".join(words)
            if m.group("hon") is None and (
                len(words) < 2 or not (words[0] in given or _FA_OFFICE.match(m.group("role")))
            ):
                continue  # an unknown first name with a weak role: not sure it is a name
            if FA_NOT_NAME.match(name) or (words and words[-1] in _FA_STOP_WORDS):
                continue  # "محمود امیری مقدم، مدیر …", "آقای رحمان", "از سوی دیگر، دادستان"
            a = m.start(g) + m.group(g).rfind(name)
            out.append((sent.start + a, sent.start + a + len(name), name, sent))
        for m in _FA_NAME_SAYS.finditer(s):
            g = "a" if m.group("a") else "b"
            words = m.group(g).split()
            if words[0] not in given or FA_NOT_NAME.match(m.group(g)):
                continue
            a = m.start(g)
            out.append((sent.start + a, sent.start + a + len(m.group(g)), m.group(g), sent))
        for m in _FA_NAME_QUOTED.finditer(s):
            g = "name" if m.group("name") else "name2"
            name = m.group(g)
            if g == "name2" and FA_NOT_NAME.match(name):
                continue
            out.append((sent.start + m.start(g), sent.start + m.end(g), name, sent))
        if _ARABIC_SCRIPT.search(s):
            out += _fa_more_candidates(s, sent, given, family, lexicon=lexicon)
        for m in _FA_NAME_AGE.finditer(ascii_digits(s)):
            words = m.group("name").split()
            while words and words[0] in _FA_STOP:
                words = words[1:]
            if len(words) > 2:
                words = words[-2:] if words[-3] not in given else words[-3:]
            if len(words) < 2:
                continue
            name = " ".join(words)
            a = m.start("name") + m.group("name").rfind(name)
            out.append((sent.start + a, sent.start + a + len(name), name, sent))
    # a name found by two rules, once cut short ("محمود امیری" in "محمود امیری مقدم"): the longer
    inside = _contained_spans({(a, b) for a, b, _, _ in out})
    return [c for c in out if (c[0], c[1]) not in inside]


def _contained_spans(spans: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """The spans that lie inside another, different span of ``spans``.

    One sweep in (start, longest first) order: every span seen before this one is different
    and starts no later, so this one is inside one of them exactly when the furthest end seen
    so far reaches its end (linear after the sort; a long document has thousands of spans).
    """
    inside: set[tuple[int, int]] = set()
    furthest = -1
    for a, b in sorted(spans, key=lambda s: (s[0], -s[1])):
        if furthest >= b:
            inside.add((a, b))
        furthest = max(furthest, b)
    return inside


_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF]")
_PLACE_WORD = re.compile(
    r"District|Province|Region|County|Governorate|City|Town|Village|Square|Street|Prison|"
    r"Camp|Township|State"
)


def _suffers_after(after: str) -> bool:
    """Whether a violation verb after a name is suffered ('was detained', 'died')."""
    vm = _VICTIM_AFTER.match(after)
    return bool(
        vm and re.search(r"\b(?:was|were|been|died|disappeared|missing)\b", vm.group(0), re.I)
    )


@functools.cache
def _family_names() -> frozenset[str]:
    from undercount.normalize import known_names

    return frozenset(w for w in known_names("f") if len(w) > 3) | fa_name_lexicon()[1]


# "The names of the protesters are A, B and C", "the names of those detained were …"
_EN_NAME_LIST = re.compile(
    r"\bnames\s+of\s+(?:the\s+|these\s+|those\s+)?"
    # of people, not of places or bodies: "the names of the cities are …"
    r"(?!(?:[\w-]+\s+){0,2}(?:cities|towns|villages|provinces|regions|districts|prisons|"
    r"streets|places|groups|organi[sz]ations|companies|newspapers|parties|units|camps)\b)"
    r"(?:[\w-]+\s+){0,3}?(?:are|were|include|included)\b"
)
_LIST_SO_FAR = re.compile(
    r"\s*(?:[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,2}\s*(?:,\s*(?:and\s+)?|and\s+))*"
)


def _in_naming_list(s: str, a: int) -> bool:
    """Whether ``s[a:]`` starts an item of the list that a naming phrase of ``s`` opens
    ("The names of the protesters are A B, C D and E F": every item, known names or not)."""
    cue = _EN_NAME_LIST.search(s, 0, a)
    return bool(cue and _LIST_SO_FAR.fullmatch(s, cue.end(), a))


@functools.lru_cache(maxsize=4096)
def _skeleton_cached(form: str) -> str:
    return mention_key(form)
