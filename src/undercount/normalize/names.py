"""Matching keys, blocking skeletons, transliteration and parts of personal names.

The batch path used by the list importer is :mod:`undercount.normalize.name_batch`.

A name is cut into words; honorifics (Seyyed, Sadat, Haj, Mir, ...) are set aside; affixes
written apart are attached to their word (``Hossein Zadeh`` = ``Hosseinzadeh`` = ``حسین‌زاده``,
``Pour Mohammadi`` = ``پورمحمدی``); compound given names written in two words are joined
(``Ali Reza`` = ``Alireza`` = ``علیرضا``), and other pairs of given names written as one word
are cut (``حیدرعلی`` = ``Heydar Ali``). Each word then gets the phonetic key of
:mod:`undercount.normalize.translit`, and the keys are joined with one space in written order;
the skeleton runs the family name's words together (``فرح منش`` = ``Farahmanesh``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from undercount.normalize.aliases import cut_aka
from undercount.normalize.script import (
    ZWNJ,
    is_arabic_script,
    normalize_text,
)
from undercount.normalize.translit import (
    ARTICLE_TAILS_FA,
    GIVEN_KEYS,
    alias_latin,
    alias_latin_stem,
    close_word,
    collapse,
    fold_latin,
    key_fa,
    key_latin,
    render,
    skeleton_of,
    transliterate_token,
)

__all__ = [
    "NameParts",
    "name_key",
    "name_skeleton",
    "split_name",
    "transliterate",
]


@dataclass(frozen=True, slots=True)
class NameParts:
    """A name cut into its parts, each as written (normalised); None where absent."""

    given: str | None = None
    family: str | None = None
    father: str | None = None
    honorifics: tuple[str, ...] = ()


_HONOR_FA = frozenset(
    "سید سیده سادات حاج حاجی حاجیه میر میرزا شیخ دکتر مهندس آقای شهید مرحوم مرحومه زنده‌یاد"
    " زندهیاد آیت‌الله آیتالله حجت‌الاسلام حجتالاسلام ملا".split()
)
_HONOR_LAT = frozenset(
    "seyed seyyed sayed sayyed seyd sayyid seyyid sayid syed sied seied seyyad seyedeh seyyedeh"
    " sayyedeh seyede sadat saadat haj haji hajj hajji hadj hajie hajiyeh mir mirza sheikh shaikh"
    " sheykh shaykh dr mr mrs ms miss mullah molla mulla ayatollah hojatoleslam martyr shahid"
    " late".split()
)
# Honorifics joined by a hyphen or ZWNJ that are dropped (not Mir: Mir-Hosseini; not Haj,
# Haji: joined, they begin family names, حاجی‌زاده = Hajizadeh, حاج‌محمدی = Hajmohammadi, as
# the Iran Memorial records write them, benchmarks/names_quality.py).
_HYPHEN_HONOR = frozenset(
    "سید سیده سادات seyed seyyed sayed sayyed sayyid seyedeh seyyedeh sadat".split()
)
# Glued honorifics stripped when the rest of the word is a known given name (Mirhossein).
_GLUED_HONOR_FA = ("میر", "سید")
_GLUED_HONOR_LAT = ("mir", "seyyed", "seyed", "sayyed", "sayed")
_SEYED = frozenset({"سید", "seyyed", "seyed", "sayyed", "sayed"})

# The second halves of compound names that begin with the article (شمس الدین = Shamsoddin,
# طریق الاسلام = Tariqoleslam) are suffixes too: written apart, they are attached.
# Also the second halves of family names that never stand alone and that Persian script
# writes apart as often as joined (measured on the dev half of the Iran Memorial records,
# benchmarks/names_quality.py): -nia, -bakhsh, -panah (حیدر بخش = Heidarbakhsh, مهر پناه =
# Mehrpanah). Not the Baluch -zehi (بلوچ زهی = Baluchzehi): زهي (Zahi) is an Arabic given
# name, a father's name in the Gaza lists.
_SUFFIX_FA = frozenset(
    "زاده زادگان نژاد فر وند لو الله اله ی یان آباد آبادی نیا بخش پناه".split()
    + list(ARTICLE_TAILS_FA)
)
_SUFFIX_LAT = frozenset(
    "zadeh zade zada zadegan nejad nezhad nejhad nejaad far vand lou loo lu allah ollah ullah"
    " olah ulla i ian abad abadi eddin oddin uddin addin eddine oleslam oldoleh odowleh"
    " oddoleh addeen eddeen uddeen oddeen aldeen eldeen uldeen aldin eldin nia niya"
    " bakhsh baksh panah".split()
)
_DIN = frozenset({"din", "deen", "dine", "dean"})
_ALLAH = frozenset({"الله", "اله", "allah", "ollah", "ullah", "olah", "alah"})
_ARTICLE_PARTS = frozenset("al el ul ol ud ad ed od ar ur as us ash az an at".split())
# Shah begins compounds that Persian script writes apart and Latin joins (شه بخش =
# Shahbakhsh, شاه مرادی = Shahmoradi): a prefix too.
_PREFIX_FA = frozenset("ابو ابوال عبد عبدال ال شاه شه".split())
_PREFIX_LAT = frozenset("abu abou abo abol abul abdol abdul abd al el ol ul shah".split())
_POUR = frozenset({"پور", "pour", "poor", "pur", "por"})

# First halves of compound given names (گل, شیر, یار: Persian only, Golmohammad, Shirmohammad,
# Yarali written joined or apart; no Gaza name has them).
_HEADS_FA = "محمد علی امیر غلام حسین حمید فاطمه ام گل شیر یار".split()
_TAILS_FA = (
    "رضا علی حسین حسن محمد تقی نقی صادق جواد مهدی هادی باقر کاظم اکبر اصغر حمید کریم رحیم"
    " عباس جعفر مجید امین ابراهیم اسماعیل یوسف قاسم ناصر منصور مسعود سعید زهرا کلثوم البنین"
    " صالح طاهر حسام رسول".split()
)
_HEAD_KEYS = frozenset(key_fa(w) for w in _HEADS_FA)
_TAIL_KEYS = frozenset(key_fa(w) for w in _TAILS_FA)


_VOWELS = frozenset("aeiouy")
_VOWELS_FA = frozenset("اآویىأإ")


@cache
def _given_symbols() -> frozenset[str]:
    """Phonetic symbols of Persian given names: the built-in table's and those of the
    ``persian-names`` package (MIT) bundled in ``normalize/data/fa_names.tsv`` (source ``p``).

    Only that source: the file's other given names (source ``m``) were taken from the Iran
    Memorial records that ``benchmarks/names_quality.py`` measures on, hold-out half included.
    """
    text = resources.files("undercount.normalize").joinpath("data/fa_names.tsv").read_text("utf-8")
    out = set(GIVEN_KEYS)
    for line in text.splitlines():
        fields = line.split("\t")
        if len(fields) == 3 and fields[0] == "g" and "p" in fields[2]:
            out.add(key_fa(fields[1]))
    # Not names of two symbols (Rad, Bil, San): a Latin word holds them almost anywhere.
    return frozenset(k for k in out if len(k) >= 3)


_FATHER = re.compile(
    r"(?:^|\s)(?:فرزند|ولد|بن|بنت|نام پدر|نام‌پدر|son of|daughter of|child of|s/o|d/o|bin|ibn"
    r"|bint|bn|bnt|father(?:'s name)?\s*(?=:))(?:\s*:)?(?:\s|$)",
    re.IGNORECASE,
)
_BRACKETS = re.compile(r"\([^)]*(?:\)|$)|\[[^\]]*(?:\]|$)")  # also one left open at the end
# The Gaza lists' English names write بن and بنت without vowels, "Bn" and "Bnt" (Yousef Bn Bial
# Naiam Yunus = يوسف بن بيال نعيم يونس): read as bin and bint, so both scripts key alike.
_BIN = frozenset({"bin", "ibn", "bint", "bn", "bnt", "بن", "بنت"})
_SPLIT = re.compile(r"[\s,،;؛:/\\()\[\]{}.\"«»|_+*#0-9۰-۹]+")
_HYPHENS = re.compile("[-\u2010\u2011\u2012\u2013\u2014\u2212\u00ad]")
_BOUNDARY_FA = re.compile(f"{ZWNJ}{{2,}}")
_BOUNDARY_LAT = re.compile("-{2,}")


class _Tok:
    """One word of a name (or a group of words read as one), with everything derived from it."""

    __slots__ = ("text", "form", "arabic", "sym", "key", "skel", "role", "head", "tail")

    def __init__(self, text: str, form: str, arabic: bool, sym: str) -> None:
        self.text = text  # as written (normalised)
        self.form = form  # Persian letters (ZWNJ inside), or folded Latin letters and hyphens
        self.arabic = arabic
        self.sym = sym  # phonetic symbols
        other = not arabic and not form.isascii()
        self.key = sym if other else render(close_word(sym))
        self.skel = sym if other else skeleton_of(sym, latin=not arabic)
        if form in (_HONOR_FA if arabic else _HONOR_LAT):
            self.role = "honorific"
        elif form in _POUR:
            self.role = "pour"
        elif form in (_PREFIX_FA if arabic else _PREFIX_LAT):
            self.role = "prefix"
        elif form in (_SUFFIX_FA if arabic else _SUFFIX_LAT):
            self.role = "suffix"
        else:
            self.role = ""
        self.head = sym in _HEAD_KEYS
        self.tail = sym in _TAIL_KEYS


# The article of a compound before a "sun" consonant, which Latin writes assimilated or
# not (Abdorrahim, Abdolrahim, Abdul-Rahman; Shamsoddin, Shamsoldin): the l is left out, as
# Persian script's ل is there (translit.key_fa).
_ABD_ARTICLE = re.compile(r"^(ab[aeiou]?d-?[aeiou])l-?(?=[tdrzsn])")  # also Abadalrahamun
_LLAH_INSIDE = re.compile(r"llah(?=-?[a-z])(?!(?:i|y|ee|ie|ian|yan|iyan)$)")  # not Abdollahi
_DIN_ARTICLE = re.compile(r"(?<=[a-z]{3}[aeiou])l-?(?=d{1,2}(?:in|een|ine)(?:$|-))")


def _symbols(form: str, arabic: bool) -> str:
    if arabic:
        # The letter alef written out as an initial (م. الف. رضایی = M. A. Rezaei).
        return "A" if form == "الف" else key_fa(form)
    if form.startswith("ab") or "ld" in form or "l-d" in form:
        form = _DIN_ARTICLE.sub("", _ABD_ARTICLE.sub(r"\1", form))
    if "llah" in form:
        # Allah inside a word keyed without its h, as Persian script's الله‌ is
        # (translit.key_fa): Allahverdi = الله‌وردی, Sa'dollah-Zadeh = سعدالله‌زاده.
        form = _LLAH_INSIDE.sub("lla", form)
    if "-" not in form:
        return alias_latin(key_latin(form))
    # A hyphenated word: each part keyed (and aliased) as it sits in the compound; an ezafe
    # left at its end (Shahr-e) is not written in Persian script (one between two words is a
    # word boundary: _EZAFE).
    parts = [p for p in form.split("-") if p not in ("e", "ye")] or [form]
    # The article glued to the first half (Nooral-deen, Emadal-deen: نورالدین) is left out
    # before the sun letter d; only when it is glued there (Jamal-al-din keeps Jamal's l).
    parts = [
        p[:-1]
        if j < len(parts) - 1 and len(p) > 3 and p.endswith(("al", "ul")) and parts[j + 1] in _DIN
        else p
        for j, p in enumerate(parts)
    ]
    # The article inside a compound (Salah-ud-din, Dia-al-din, Abd-ar-Rahman) is keyed as
    # Persian keys it: left out before a "sun" consonant (صلاح‌الدین = Salahoddin).
    parts = [
        p
        for j, p in enumerate(parts)
        if not (0 < j < len(parts) - 1 and p in _ARTICLE_PARTS and parts[j + 1][:1] in "dtszrnl")
    ] or parts
    # ... also glued to the second half (Nour-aldeen, Ali-addeen, Shams-eldin).
    parts = [
        p[2:]
        if j > 0 and p[:2] in ("al", "el", "ul", "ad", "ed", "ud", "od") and p[2:] in _DIN
        else p
        for j, p in enumerate(parts)
    ]
    syms = []
    for j, part in enumerate(parts):
        if j < len(parts) - 1:
            k = alias_latin_stem(key_latin(part + "-b")[:-1])
        else:
            k = alias_latin(key_latin(part))
        syms.append(k.removeprefix("A") if j > 0 else k)
    return collapse("".join(syms))


@lru_cache(maxsize=500_000)
def _token(text: str) -> _Tok | None:
    arabic = is_arabic_script(text)
    if arabic:
        form = _HYPHENS.sub(ZWNJ, text)
        form = _BOUNDARY_FA.sub(ZWNJ, "".join(c for c in form if c.isalpha() or c == ZWNJ))
        form = form.strip(ZWNJ)
    else:
        form = _HYPHENS.sub("-", fold_latin(text))
        form = "".join(c for c in form if c.isalpha() or c == "-")
        form = _BOUNDARY_LAT.sub("-", form).strip("-")
    if not form:
        return None
    if not arabic and not form.isascii():  # another script: keep its letters, case-folded
        return _Tok(text, form.casefold(), False, form.casefold())
    return _strip_glued_honorific(_Tok(text, form, arabic, _symbols(form, arabic)))


def _split_given(tok: _Tok) -> tuple[_Tok, ...]:
    """Two given names written as one word, cut in two (حیدرعلی = Heydar Ali, Mohammad-Mehran
    = محمد مهران, Yousef-Ali = یوسفعلی).

    Persian script glues a compound given name or writes it apart, and Latin does either
    independently, so the word boundary is made the same in both: apart. Not the compounds
    that :func:`_group` joins (a head and a tail: علیرضا = Ali Reza), and only where both
    halves, three letters or more, are given names of the name lists (:func:`_given_symbols`);
    where a hyphen or ZWNJ marks the cut (Eid-Mohammad), the first half need not be.
    """
    if tok.role or len(tok.form) < 6:
        return (tok,)
    sep = ZWNJ if tok.arabic else "-"
    form = tok.form
    given = _given_symbols()
    if sep in form:
        cuts = [form.index(sep)] if form.count(sep) == 1 else []
    else:
        # Vowel letters fall on either side of a cut (Soleiman is not Sole + Iman, بهرامیان
        # not بهر + امیان): cut only between two consonant letters, in both scripts, and
        # before Latin Ali (Heydarali; Persian علی begins with the consonant ع).
        vowels = _VOWELS_FA if tok.arabic else _VOWELS
        cuts = [
            i
            for i in range(3, len(form) - 2)
            if form[i - 1] not in vowels
            and (form[i] not in vowels or (not tok.arabic and i > 3 and form[i:] == "ali"))
        ]
    affixes = (_SUFFIX_FA | _POUR) if tok.arabic else (_SUFFIX_LAT | _POUR)
    for i in cuts:
        left, right = form[:i], form[i:].lstrip(sep)
        a, b = _symbols(left, tok.arabic), _symbols(right, tok.arabic)
        if (
            (
                a in given
                # Where a hyphen or ZWNJ marks the cut, any first half will do but Abd's
                # compounds (Abdal-Hadi = عبدالهادی) and a prefix.
                or (
                    sep in form
                    and len(a) >= 2
                    and not left.startswith(("abd", "عبد"))
                    and left not in (_PREFIX_FA if tok.arabic else _PREFIX_LAT)  # al-Abd
                )
            )
            and b in given
            and right not in affixes  # Hassanvand is Hassan + the suffix -vand
            and not (a in _HEAD_KEYS and b in _TAIL_KEYS)
        ):
            return (_Tok(left, left, tok.arabic, a), _Tok(right, right, tok.arabic, b))
    return (tok,)


def _strip_glued_honorific(tok: _Tok) -> _Tok:
    """``Mirhossein`` -> ``Hossein`` (only when the rest is a known given name)."""
    if tok.role:
        return tok
    sep = ZWNJ if tok.arabic else "-"
    if sep in tok.form:  # Seyed-Ali, Sadat-Hosseini: an honorific joined by a hyphen
        first, rest = tok.form.split(sep, 1)
        if first in _HYPHEN_HONOR and rest not in (_SUFFIX_FA if tok.arabic else _SUFFIX_LAT):
            # Not before a suffix: سیدزاده, Seyed-Zadeh are a family name.
            return _Tok(tok.text, rest, tok.arabic, _symbols(rest, tok.arabic))
    for p in _GLUED_HONOR_FA if tok.arabic else _GLUED_HONOR_LAT:
        if tok.form.startswith(p) and len(tok.form) > len(p) + 2:
            rest = tok.form[len(p) :].lstrip("-" + ZWNJ)
            sym = _symbols(rest, tok.arabic)
            if sym in GIVEN_KEYS or (
                # Seyed glued to any given name (سیدکاوه, سیدهاشم: Seyed Kaveh), not to a
                # suffix (سیدزاده, Seyedan); Mir only to a known name (Mirahmadi is a name).
                p in _SEYED
                and len(rest) >= 3
                and not rest.startswith(("ان", "زاد", "an", "zad", "i"))
                and rest not in (_SUFFIX_FA if tok.arabic else _SUFFIX_LAT)
            ):
                return _Tok(tok.text, rest, tok.arabic, sym)
    return tok


def _join(parts: list[_Tok]) -> _Tok:
    if len(parts) == 1:
        return parts[0]
    text = " ".join(p.text for p in parts)
    if all(p.arabic == parts[0].arabic for p in parts):
        form = (ZWNJ if parts[0].arabic else "-").join(p.form for p in parts)
        return _Tok(text, form, parts[0].arabic, _symbols(form, parts[0].arabic))
    syms = "".join(
        key_fa(p.form, final=False) if p.arabic else key_latin(p.form, final=False)
        for p in parts[:-1]
    )
    return _Tok(text, "".join(p.form for p in parts), parts[-1].arabic, syms + parts[-1].sym)


_ANYWHERE_HONOR = frozenset({"سادات", "sadat", "saadat"})


def _set_aside(tokens: Sequence[_Tok]) -> list[bool]:
    """Which tokens are honorifics to set aside: those before the given name (Seyed Ali,
    Haj Hossein), and Sadat wherever it stands. An honorific word after the given name is a
    name (Gaza lists: سيد, شيخ العيد are given and family names)."""
    out = []
    leading = True
    for t in tokens:
        if t.role == "honorific" and (leading or t.form in _ANYWHERE_HONOR):
            out.append(True)
        else:
            out.append(False)
            leading = False
    return out


def _group(tokens: list[_Tok]) -> tuple[list[_Tok], list[str]]:
    """Set honorifics aside, attach affixes, join compound given names."""
    if not any(t.role for t in tokens) and not (len(tokens) > 1 and tokens[0].head):
        return tokens, []
    aside = _set_aside(tokens)
    honorifics = [t.text for t, a in zip(tokens, aside, strict=True) if a]
    rest = [t for t, a in zip(tokens, aside, strict=True) if not a]
    if not rest:
        return tokens, []
    groups: list[list[_Tok]] = []
    pending: list[_Tok] = []  # prefixes waiting for their word
    n = len(rest)
    for i, tok in enumerate(rest):
        role = "" if tok.role == "honorific" else tok.role
        if pending:
            pending.append(tok)
            if role == "prefix" or (role == "pour" and i < n - 1):
                continue
            groups.append(pending)
            pending = []
            continue
        if groups and (role == "suffix" or (role == "pour" and i == n - 1)):
            groups[-1].append(tok)
            continue
        if i < n - 1 and (role in ("prefix", "pour") or (not groups and tok.form in _ALLAH)):
            # Allah with no word before it begins a compound: الله وردی = Allahverdi.
            pending = [tok]
            continue
        if len(groups) == 1 and len(groups[0]) == 1 and groups[0][0].head and tok.tail:
            groups[0].append(tok)
            continue
        groups.append([tok])
    if pending:
        groups.append(pending)
    return [_join(g) for g in groups], honorifics


# ``normalize_text`` attaches a detached verbal prefix می/نمی to the next word (right in
# prose); no name starts with it, but مي/می is a given name (Mai, Mey) that must stay a word
# of its own (Gaza lists: مي ابراهيم لبد = Mai Ibrahem Labad).
_VERB_PREFIX = re.compile(f"(?<![\u0600-\u06ff{ZWNJ}])(ن?می){ZWNJ}")


# An ezafe written out in Latin joins two words that Persian script writes apart
# (Eslamabad-e-Gharb = اسلام آباد غرب, Torbat-e Heydarieh = تربت حیدریه): a word boundary.
_EZAFE = re.compile(r"(?<=[a-z])-y?e(?:-|\s+)(?=[a-z])", re.IGNORECASE)


def _words(text: str) -> list[_Tok]:
    if ZWNJ in text and "می" in text:
        text = _VERB_PREFIX.sub(r"\1 ", text)
    if "e-" in text or "e " in text:
        text = _EZAFE.sub(" ", text)
    out = []
    for piece in _SPLIT.split(text):
        if piece:
            out.extend(_piece_tokens(piece))
    return out


@lru_cache(maxsize=500_000)
def _piece_tokens(piece: str) -> tuple[_Tok, ...]:
    """The tokens of one space-free piece of a name: none, one, or two given names."""
    tok = _token(piece)
    return () if tok is None else _split_given(tok)


def _strip_brackets(norm: str) -> str:
    if "(" in norm or "[" in norm:
        bare = " ".join(_BRACKETS.sub(" ", norm).split())
        if bare:
            return bare
    return norm


# An unnamed child written as its parent's child ("ابنه نضال جلال البنا" = "Daughter of Nidal
# Jalal al-Banna" in the Gaza lists): the words before the parent's name are left out.
_CHILD_OF = re.compile(
    r"^(?:ابن|ابنه|بنت|طفل|طفله|فرزند|son of|daughter of|child of|baby of|infant of"
    r"|ibn|abn|bint|bnt)"  # the Arabic words as the Gaza lists' English names write them
    r"(?:\s*[/:]\s*|\s+)(?=\S)",
    re.IGNORECASE,
)


def _own_name(norm: str) -> str:
    """The person's own name: without a father's name, and without alternative names in
    brackets (``Mahsa (Jina) Amini`` -> ``Mahsa Amini``)."""
    norm = _strip_brackets(cut_aka(norm))
    m = _CHILD_OF.match(norm)
    if m:
        norm = norm[m.end() :]
    m = _FATHER.search(norm)
    if m and m.start() > 0:
        own = norm[: m.start()]
        if m.group().strip().lower() in _BIN and len(own.split()) == 1:
            # Arabic order "Ali bin Hossein Rezaei": the family name follows the father's.
            after = norm[m.end() :].split()
            return " ".join([own.strip(), *after[1:]])
        return own
    return norm


@lru_cache(maxsize=300_000)
def _grouped(text: str) -> tuple[tuple[_Tok, ...], tuple[str, ...]]:
    """Words of ``text`` grouped (affixes attached, compounds joined), and its honorifics."""
    groups, honorifics = _group(_words(text))
    return tuple(groups), tuple(honorifics)


def _groups_of_norm(norm: str) -> tuple[_Tok, ...]:
    return _grouped(_own_name(norm))[0]


def _key_of_groups(groups: Sequence[_Tok]) -> str:
    return " ".join([g.key for g in groups if g.key])


def _skeleton_of_groups(groups: Sequence[_Tok]) -> str:
    """The given name's skeleton, one space, then the family name's (every later word group)
    run together.

    Persian script and Latin do not part a family name's words alike (فرح منش = Farahmanesh,
    Pursafar Jahromi = پورصفرجهرمی), and nothing in either spelling tells where the other
    parts them; so the skeleton keeps one word boundary only, the one between given and
    family name that :func:`split_name` draws. Two given names are parted alike in both
    scripts by :func:`_split_given` and :func:`_group`. Linkage's ``blk_skel`` (first and
    last words) thus blocks on the given name and the whole family name.
    """
    skels = [g.skel for g in groups if g.skel]
    if len(skels) < 3:
        return " ".join(skels)
    return skels[0] + " " + "".join(skels[1:])


def _key_of_norm(norm: str) -> str:
    return _key_of_groups(_groups_of_norm(norm))


def _skeleton_of_norm(norm: str) -> str:
    return _skeleton_of_groups(_groups_of_norm(norm))


def name_key(text: str | None) -> str:
    """One matching key shared by a Persian name and its common Latin spellings.

    Parameters
    ----------
    text : str or None
        A personal name as written, in Persian, Arabic or Latin script (or mixed).

    Returns
    -------
    str
        Lower-case ASCII key: one key per word, joined with a single space in written order;
        honorifics and a father's name ("فرزند", "son of", "bin") are left out. ``""`` for
        empty input. Names in other scripts keep their letters (case-folded).

    Examples
    --------
    >>> name_key("محمد رضایی") == name_key("Mohammad Rezaei") == name_key("Muhammad Rezayi")
    True
    >>> name_key("Seyed Ali-Reza Hosseinzadeh") == name_key("علیرضا حسین زاده")
    True
    >>> name_key("Hosseini") == name_key("Hassani")
    False
    """
    if not text:
        return ""
    return _key_of_norm(normalize_text(text))


def name_skeleton(text: str | None) -> str:
    """Consonant skeleton of a name, for blocking (coarser than :func:`name_key`).

    Parameters
    ----------
    text : str or None
        A personal name as written.

    Returns
    -------
    str
        The key with long vowels dropped (so Hossein, Hosseini and Hassani share ``hsn``),
        the given name's, a space and the rest run together (``Farah Manesh`` = ``Farahmanesh``):
        use it to choose candidate pairs, never to decide a match.

    Examples
    --------
    >>> name_skeleton("Hussein Mousavi") == name_skeleton("حسین موسوی")
    True
    """
    if not text:
        return ""
    return _skeleton_of_norm(normalize_text(text))


def transliterate(text: str | None) -> str:
    """A readable Latin form of a Persian or Arabic name (Latin text is returned as it is).

    Parameters
    ----------
    text : str or None
        Text in any script.

    Returns
    -------
    str
        Words in Arabic script are romanised (frequent names from a table, others by rule,
        with short vowels guessed); other words are kept.

    Examples
    --------
    >>> transliterate("محمد رضایی")
    'Mohammad Rezaei'
    >>> transliterate("José Müller")
    'José Müller'
    """
    if not text:
        return ""
    return _transliterate_norm(normalize_text(text))


def _transliterate_norm(norm: str) -> str:
    if not is_arabic_script(norm):
        return norm
    return " ".join(_transliterate_word(w) for w in norm.split(" "))


@lru_cache(maxsize=200_000)
def _transliterate_word(word: str) -> str:
    if not is_arabic_script(word):
        return word
    word = word.replace("،", ",").replace("؛", ";")
    core = word.strip("".join(c for c in word if not (c.isalpha() or c == ZWNJ)))
    i = word.find(core) if core else 0
    return word[:i] + transliterate_token(core) + word[i + len(core) :]


def split_name(text: str | None) -> NameParts:
    """Cut a name into given name, family name, father's name and honorifics.

    Parameters
    ----------
    text : str or None
        A full name as written. A father's name is recognised after "فرزند", "ولد", "بن",
        "son of", "daughter of", "s/o", "bin", "ibn" or "bn"; ``"Family, Given"`` (one comma) is
        read family first.

    Returns
    -------
    NameParts
        The first word (or compound such as "Ali Reza") is the given name, the rest the
        family name. "Son of"/"ابن" before a name (an unnamed child) gives the parent's
        given name as the father's name, and the last word as the family name. Honorifics are listed apart. Parts are normalised text as
        written.

    Examples
    --------
    >>> split_name("سید علی رضایی فرزند حسین")
    NameParts(given='علی', family='رضایی', father='حسین', honorifics=('سید',))
    >>> split_name("Rezaei, Mohammad Ali")
    NameParts(given='Mohammad Ali', family='Rezaei', father=None, honorifics=())
    """
    if not text or not text.strip():
        return NameParts()
    return _split_norm(normalize_text(text))


def _parts_of_groups(groups: Sequence[_Tok]) -> tuple[str | None, str | None, str | None]:
    """(given, family, father) of a name's word groups, without a father's-name marker.

    The first group is the given name and the rest the family name, also for the four-part
    names of Arabic lists (given, father's, grandfather's, family name): reading those as
    (given, father, family) was tried for issue 15 and lowered linkage F1 on the Gaza lists
    (benchmarks/link_real.py: s500-ar-en 0.987 -> 0.959), with the linkage model as it is.
    """
    return (
        groups[0].text if groups else None,
        " ".join([t.text for t in groups[1:]]) or None,
        None,
    )


def _split_norm(norm: str) -> NameParts:
    """:func:`split_name` of a name already passed through ``normalize_text``."""
    norm = _strip_brackets(norm)
    father: str | None = None
    own = norm
    m = _FATHER.search(norm)
    marker = ""
    if m and m.start() > 0:
        own, father, marker = norm[: m.start()], norm[m.end() :].strip(" :,") or None, m.group()
    if father is None and own.count(",") == 1 and "،" not in own:
        fam, giv = (p.strip() for p in own.split(","))
        g_groups, g_hon = _grouped(giv)
        f_groups, f_hon = _grouped(fam)
        return NameParts(
            given=" ".join(t.text for t in g_groups) or None,
            family=" ".join(t.text for t in f_groups) or None,
            honorifics=g_hon + f_hon,
        )
    m = _CHILD_OF.match(own)
    if m and father is None:
        # An unnamed child written as its parent's child: the parent's given name is the
        # father's (or mother's) name, the last word the family name.
        groups, honorifics = _grouped(own[m.end() :])
        return NameParts(
            given=None,
            family=groups[-1].text if len(groups) > 1 else None,
            father=groups[0].text if groups else None,
            honorifics=honorifics,
        )
    groups, honorifics = _grouped(own)
    if father is None:
        given, family, father = _parts_of_groups(groups)
        return NameParts(given=given, family=family, father=father, honorifics=honorifics)
    given = groups[0].text if groups else None
    family = " ".join(t.text for t in groups[1:]) or None
    if father is not None:
        f_groups, _ = _grouped(father)
        if marker.strip().lower() in _BIN and family is None:
            father = f_groups[0].text if f_groups else None
            family = " ".join(t.text for t in f_groups[1:]) or None
        else:
            father = " ".join(t.text for t in f_groups) or None
    return NameParts(given=given, family=family, father=father, honorifics=honorifics)


def known_names(kind: str = "g") -> frozenset[str]:
    """Spellings (Persian and Latin) of the frequent names in the built-in name table.

    Parameters
    ----------
    kind : {'g', 'f', 'a'}
        Given names, family names or affixes.

    Examples
    --------
    >>> {"Mohammad", "محمد"} <= known_names("g")
    True
    """
    from undercount.normalize import _name_data

    out: set[str] = set()
    for line in _name_data.NAMES.strip().splitlines():
        parts = [p.strip() for p in line.split("|")]
        if len(parts) == 3 and parts[2] == kind:
            out.add(parts[0])
            out.update(v.strip() for v in parts[1].split(",") if v.strip())
    return frozenset(out)
