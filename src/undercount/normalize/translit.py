"""Phonetic keys shared by Persian script and Latin spellings, and Persian -> Latin transliteration.

The key of one word is a string of symbols that both scripts can produce:

* consonants that Persian merges in speech are merged (``ث س ص`` -> ``s``, ``ذ ز ض ظ`` -> ``z``,
  ``ت ط`` -> ``t``, ``ح ه`` -> ``h``, ``غ ق`` -> ``q``; Latin ``gh``/``q`` -> ``q``, ``kh``/``x`` ->
  ``kh``, ``zh``/``j`` -> ``j``, ``w``/``v`` -> ``v``, ``c`` -> ``k``);
* short vowels, which Persian script does not write, are dropped (Latin ``a e o``, Persian ``ا``
  inside a word, ``ع`` and hamza);
* long vowels, which both scripts write, are kept: ``ی`` and Latin ``i y ee ei ey ai ie`` -> ``i``;
  ``و`` and Latin ``u ou oo w v`` -> ``v``. This keeps Hosseini (حسینی) apart from Hassani (حسنی)
  and Ahmad apart from Ahmadi;
* word endings: a final ``ا``/``a`` is kept (Zahra is not Zohreh), a final vowel ``ه`` and Latin
  ``-eh``/``-e`` are dropped, a final ``اه``/``-ah`` and ``الله``/``-llah`` keep their ``h``, a final
  ``و`` after a consonant and Latin ``-o``/``-ou``/``-ow`` are dropped (Khosrow, Shamlou);
* doubled symbols are collapsed (Hassan, Hasan);
* in the key of a whole word (:func:`close_word`), the endings real lists write in every way
  are one: a final vowel ``ه``/``-e``/``-eh``, ``اه``/``اح``/``-ah`` and ``ح``/``-h`` all end in
  ``h`` (Hamzah = حمزة, Saleh = صالح, Fatemeh = فاطمه), while a final ``ا``/``-a`` stays apart.

Latin spelling habits the rules cannot bring together (Arabic-style short vowels such as
Muhammad, Hussein, Fatima) come from a small table of frequent names (``_name_data.py``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from undercount.normalize._name_data import NAMES
from undercount.normalize.script import ZWNJ

__all__ = [
    "close_word",
    "fold_latin",
    "key_fa",
    "key_latin",
    "render",
    "skeleton_of",
    "transliterate_token",
]

# fmt: off
_FA_MAP: dict[str, str] = {
    "ب": "b", "پ": "p", "ت": "t", "ط": "t", "ث": "s", "س": "s", "ص": "s", "ج": "j", "ژ": "j",
    "چ": "c", "ح": "h", "ه": "h", "خ": "x", "د": "d", "ذ": "z", "ز": "z", "ض": "z", "ظ": "z",
    "ر": "r", "ش": "S", "ع": "", "غ": "q", "ق": "q", "ف": "f", "ک": "k", "گ": "g", "ل": "l",
    "م": "m", "ن": "n", "و": "V", "ی": "I", "ا": "", "آ": "", "ئ": "", "ؤ": "V", "ء": "",
    "ێ": "I", "ۆ": "V", "ڕ": "r", "ڵ": "l", "ڤ": "V", "ۋ": "V", "ې": "I", "ڭ": "g",
}
# fmt: on
_CONSONANTS = frozenset("bptsjchxdzrSqfkglmnV")
_SUN_LETTERS = frozenset("تثدذرزسشصضطظلن")
_SUN_NOT_LAM = _SUN_LETTERS - {"ل"}  # after عبدال: عبدالله keeps its article
# Second halves of compound names that begin with the article (شمس الدین = Shamsoddin).
ARTICLE_TAILS_FA = tuple("الدین الدوله الملک الاسلام الزمان الحق السلطنه الشریعه العابدین".split())
_RENDER = str.maketrans({"S": "sh", "c": "ch", "x": "kh", "I": "i", "V": "v", "A": "a", "E": "e"})
# Arabic alef maqsura written with ی but spoken as a final "a".
_FA_FINAL_A = (
    "مصطفی",
    "مرتضی",
    "مجتبی",
    "موسی",
    "عیسی",
    "یحیی",
    "کبری",
    "صغری",
    "هدی",
    "مولی",
    "عظمی",
)

_FA_FINAL_A_PART = tuple("\u200c" + w for w in _FA_FINAL_A)
_FA_FINAL_A_HEAD = tuple(w + "\u200c" for w in _FA_FINAL_A)

_LATIN_SPECIAL = str.maketrans(
    {
        "ß": "ss",
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "đ": "d",
        "ð": "d",
        "ł": "l",
        "ı": "i",
        "þ": "th",
        "ʿ": "",
        "ʾ": "",
        "'": "",
        "’": "",
        "‘": "",
        "`": "",
        "´": "",
        "ʼ": "",
    }
)
_NON_LETTER = re.compile(r"[^a-z]+")


def collapse(symbols: str) -> str:
    if len(symbols) < 2:
        return symbols
    out = [symbols[0]]
    for ch in symbols[1:]:
        if ch != out[-1]:
            out.append(ch)
    return "".join(out)


@lru_cache(maxsize=200_000)
def fold_latin(text: str) -> str:
    """ASCII-fold Latin text: lower case, accents stripped, apostrophes dropped.

    Parameters
    ----------
    text : str
        Latin-script text.

    Returns
    -------
    str
        Lower-case ASCII (letters, digits, spaces and hyphens are kept).

    Examples
    --------
    >>> fold_latin("José Müller"), fold_latin("Reżā'ī")
    ('jose muller', 'rezai')
    """
    text = text.lower().translate(_LATIN_SPECIAL)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
        text = text.encode("ascii", "ignore").decode("ascii")
    return text


def key_fa(token: str, final: bool = True) -> str:
    """Phonetic symbols of one Persian word (normalised text, no spaces; a ZWNJ inside marks
    the boundary of a compound: ``فاطمه‌زهرا``). ``final=False`` keys it as the first part of
    a longer word (no word-final rules)."""
    if final and (token in _FA_FINAL_A or token.endswith(_FA_FINAL_A_PART)):
        # Only the names themselves (or the last part of a compound): جاهدی ends in هدی
        # but is Jahedi, not Jaheda.
        token = token[:-1] + "ا"
    if ZWNJ in token and token.startswith(_FA_FINAL_A_HEAD):
        # The same names as the first part of a compound: عیسی‌پور = Eesapur, Isapour.
        head, rest = token.split(ZWNJ, 1)
        if head in _FA_FINAL_A:
            token = head[:-1] + "ا" + ZWNJ + rest
    if "ال" in token[2:]:
        # Written as one word (صلاحالدین, also before a suffix: نورالدین‌وند): keyed as the
        # compound it is (صلاح‌الدین).
        for tail in ARTICLE_TAILS_FA:
            at = token.find(tail, 2)
            if at > 0 and token[at - 1] != ZWNJ:
                token = token[:at] + ZWNJ + token[at:]
                break
        if token.startswith("عبدال") and len(token) > 6 and token[5] in _SUN_NOT_LAM:
            # عبدالرحیم: the article before a "sun" letter, as in عبد الرحیم (below); Latin
            # writes it Abdorrahim as often as Abdolrahim (see names._ABD_ARTICLE).
            token = "عبد" + ZWNJ + token[3:]
    if final and token.endswith(("اء", "آء")) and len(token) > 2:
        # A hamza after a final alef is not written in Latin: علاء Alaa, سناء Sanaa.
        token = token[:-1]
    if token.startswith(("ابوال", "ذوال")):  # Abol-, Zol-: the vav is a short o
        token = token[0] + "ب" + token[3:] if token[0] == "ا" else "ذ" + token[2:]
    n = len(token)
    out: list[str] = []
    for i, ch in enumerate(token):
        last = i == n - 1
        if ch == ZWNJ:
            continue
        if (
            ch == "ل"
            and i >= 2
            and token[i - 2 : i] == ZWNJ + "ا"
            and i + 1 < n
            and token[i + 1] in _SUN_LETTERS
        ):
            # The article of a compound's second half before a "sun" letter is not heard
            # nor written in Latin: شمس‌الدین = Shamsoddin, Shamseddin.
            continue
        if i == 0 and ch in "اآعأإ":
            out.append("A")  # a word that starts with a vowel (Ahmad is not Hamed)
            continue
        if ch == "و" and i > 0 and token[i - 1] == "خ" and i + 1 < n and token[i + 1] in "اآ":
            continue  # silent vav: خواه, خواجه
        if ch == "ا" or ch == "آ":
            if final and (last or (i == n - 2 and token[-1] in "هح" and n > 2)):
                # Shah (شاه), and Fallah, Salah (فلاح، صلاح): Latin writes the a.
                out.append("A")
            continue
        if ch == "ه":
            if not last and token[i + 1] == ZWNJ and i > 0 and token[i - 1] not in "اآو":
                # Vowel -e before a ZWNJ (فاطمه‌زهرا): the same ending as at the end of a
                # word (close_word), so a compound keys as its words run together. Not the
                # h of Allah (عبدالله‌پور), which Latin writes -ollah-/-olla- in compounds.
                if not (i >= 2 and token[i - 2 : i] == "لل"):
                    out.append("h")
                continue
            if last and final and n > 1:
                prev = token[i - 1]
                if prev in "اآ" or (prev == "و" and (i < 2 or token[i - 2] not in "اآ")):
                    out.append("h")  # شاه, شکوه; but کاوه (Kaveh) ends in a vowel
                elif token.endswith("لله") or (token.endswith("اله") and n > 5):
                    out.append("Ah")
                else:
                    out.append("E")  # final vowel -e/-eh: Hamideh is not Hamid
                continue
            if i == n - 3 and token.endswith("ای") and final:
                continue  # خامنه‌ای: -e'i
            out.append("h")
            continue
        if ch == "و" and last and final and n > 1 and token[i - 1] not in "اآوی":
            continue
        sym = _FA_MAP.get(ch)
        if sym is None:
            if ch.isalpha():
                out.append(ch)
            continue
        out.append(sym)
    return collapse("".join(out))


# fmt: off
_DIGRAPHS = {
    "kh": "x", "gh": "q", "sh": "S", "ch": "c", "zh": "j", "jh": "j", "dj": "j", "ph": "f",
    "ck": "k", "ee": "I", "ei": "I", "ey": "I", "ai": "I", "ay": "I", "ie": "I", "ii": "I",
    "iy": "I", "yi": "I", "ou": "U", "oo": "U", "uu": "U", "aa": "",
}
# fmt: on
_SINGLE = {
    "a": "",
    "e": "",
    "o": "",
    "i": "I",
    "y": "I",
    "u": "U",
    "w": "V",
    "v": "V",
    "q": "q",
    "c": "k",
    "x": "x",
}


def key_latin(token: str, final: bool = True) -> str:
    """Phonetic symbols of one folded Latin word (lower-case ASCII letters; a hyphen inside
    marks the boundary of a compound: ``fatemeh-zahra``)."""
    n = len(token)
    out: list[str] = ["A"] if token[:1] in ("a", "e", "i", "o", "u") else []
    i = 0
    while i < n:
        ch = token[i]
        if final and ch == "a" and token[i + 1 :] in ("", "h", "a", "ah") and i > 0:
            out.append("A")
            i = n - 1 if token[-1] == "h" else n
            continue
        if (
            ch == "e"
            and i > 0
            and token[i - 1].isalpha()
            and token[i - 1] not in "aeiouy"
            and (token[i + 1 : i + 2] == "-" or token[i + 1 : i + 3] == "h-")
        ):
            # Vowel -e/-eh ending a part of a compound (Fatemeh-Zahra, Zayandeh-rud): keyed
            # as the ending of a word (close_word), as Persian keys ه before a ZWNJ.
            out.append("h")
            i += 1 if token[i + 1] == "-" else 2
            continue
        if (
            ch == "h"
            and i > 1
            and token[i - 1] == "e"
            and ((final and i == n - 1) or token[i + 1 : i + 2] == "-")
        ):
            i += 1
            continue  # vowel -eh at the end of a word or part: Fatemeh, Fatemeh-Zahra
        if ch == "-":
            i += 1
            continue
        if (
            final
            and i > 0
            and (
                (ch == "e" and token[i - 1] not in "ie" and (i == n - 1 or token[i + 1 :] == "h"))
                or token[i:] == "ieh"
            )
        ):
            # Final vowel -e/-eh (Fatemeh, Zade, Razieh); "-aie" is -ایی (Rezaie).
            out.append("IE" if ch == "i" else "E")
            i = n
            continue
        pair = token[i : i + 2]
        sym = _DIGRAPHS.get(pair) if len(pair) == 2 else None
        if sym is not None:
            out.append(sym)
            i += 2
            continue
        out.append(_SINGLE.get(ch, ch))
        i += 1
    # A final long-o/u after a consonant (Khosrow, Shamlou) is dropped, as Persian does.
    if final and len(out) > 1 and out[-1] == "U" and out[-2] in _CONSONANTS:
        out.pop()
    elif final and token.endswith("ow") and len(out) > 1 and out[-1] == "V":
        out.pop()
    return collapse("".join(out).replace("U", "V"))


def render(symbols: str) -> str:
    """Symbols -> the printable ASCII key."""
    return symbols.translate(_RENDER)


def close_word(symbols: str) -> str:
    """The symbols of a whole word with its ending folded: a final vowel ``-e``/``-eh``
    (ه), ``-ah`` (اه, اح, Arabic ة written -ah) and a final ``h`` (ح) are one ending ``h``.

    Real lists write these endings in every way: ة/ه as -ah (Gaza lists: Hamzah, Shhdah),
    -eh or -e (Persian usage: Fatemeh, Zade), ح after a as -ah (Salah, Fallah) and after
    another vowel as -eh (Saleh, صالح). A final ``a`` (ا) stays apart: Zahra is not Zohreh,
    Sara is not Sareh.
    """
    if len(symbols) > 2 and symbols.endswith("Ah"):
        symbols = symbols[:-2] + "h"
    elif len(symbols) > 1 and symbols.endswith("E"):
        symbols = symbols[:-1] + "h"
    return collapse(symbols)


_K_NOT_KH = re.compile("k(?!h)")
_TH = re.compile("th(?!(?:[AEI]|Ah)$)")


def skeleton_of(symbols: str, latin: bool = False) -> str:
    """Consonant skeleton: long vowels and final ``a`` dropped, then doubles collapsed.

    Letters that romanisations of Arabic and Persian write in several ways share one
    symbol (measured on the dev half of the real Arabic/Latin pairs,
    benchmarks/names_quality.py): a final ``h`` is dropped (ة/ه written -ah/-eh or not at
    all, Saleh/صالح); ``d`` and ``z`` are one symbol (ض is d in Arabic romanisation, z in
    Persian: Ramadan/Ramezan/رمضان), and so are ``g``, ``q`` and ``k`` (غ/ق: Ghazi, Qazi,
    Gaza; ق written k: al-Akkad/العقاد, Shawki/شوقی), but not the ``k`` of ``kh`` (ک + ح,
    الكحلوت = Alkhilot). Latin ``th`` is the ``s`` of ث, and ``dh`` the ``d`` of ض/ذ
    (also when a vowel stood between, Daher/ضاهر, or the h is doubled, Dhhir/ضهير). A ``th``
    right before a final vowel or -ah is a t and an h (Taha = طه = طاها, Abotohah = ابوتوهه; not ث); a word-final
    Latin ``th`` keeps its h (Yhth = يحث), while an Arabic-script final ح/ه after ت is
    dropped as any final h (Totah = طوطح). ``latin`` says the symbols come from Latin
    letters (:func:`key_latin`).
    """
    if latin:
        s = _TH.sub("s", symbols)
        s = s[:-1] if len(s) > 1 and s.endswith("h") else s
    else:
        s = symbols[:-1] if len(symbols) > 1 and symbols.endswith("h") else symbols
        s = _TH.sub("s", s)
    s = s.replace("I", "").replace("V", "").replace("A", "").replace("E", "")
    s = _K_NOT_KH.sub("q", s.replace("z", "d").replace("g", "q"))
    s = collapse(s.replace("dh", "d"))
    if len(s) > 1 and s.endswith("h"):
        s = s[:-1]
    return s.translate(_RENDER)


# --- the table of frequent names -----------------------------------------------------------


def _parse_names() -> list[tuple[str, list[str], str]]:
    rows = []
    for line in NAMES.strip().splitlines():
        fa, latin, kind = (part.strip() for part in line.split("|"))
        variants = [v.strip() for v in latin.split(",") if v.strip()]
        rows.append((fa.replace("\u200c", ""), variants, kind))
    return rows


NAME_ROWS = _parse_names()
FA_TO_LATIN: dict[str, str] = {}
LATIN_ALIAS: dict[str, str] = {}
LATIN_ALIAS_STEM: dict[str, str] = {}
GIVEN_KEYS: set[str] = set()
ALIAS_CONFLICTS: list[tuple[str, str, str]] = []


def _build_aliases() -> None:
    owned = {key_fa(fa) for fa, _, _ in NAME_ROWS}
    owned_stems = {key_fa(fa + ZWNJ + "ب")[:-1] for fa, _, _ in NAME_ROWS}
    for fa, variants, kind in NAME_ROWS:
        FA_TO_LATIN.setdefault(fa, variants[0])
        pk = key_fa(fa)
        if kind == "g":
            GIVEN_KEYS.add(pk)
        # Key of the name as the first part of a compound (Fatemeh-Zahra, Muhammad-Reza).
        pk_stem = key_fa(fa + ZWNJ + "ب")[:-1]
        for v in variants:
            folded = _NON_LETTER.sub("", fold_latin(v))
            lk = key_latin(folded)
            if lk != pk:
                if lk in owned or LATIN_ALIAS.get(lk, pk) != pk:
                    ALIAS_CONFLICTS.append((v, LATIN_ALIAS.get(lk, lk), pk))
                else:
                    LATIN_ALIAS[lk] = pk
            lks = key_latin(folded + "-b")[:-1]
            if lks != pk_stem and len(lks) >= 3 and lks not in owned_stems:
                LATIN_ALIAS_STEM.setdefault(lks, pk_stem)


_build_aliases()
_STEMS_BY_LENGTH = sorted(LATIN_ALIAS_STEM, key=len, reverse=True)
# The stems of 4 symbols or more, longest first, under their first 4 symbols: a word is
# tried only against the stems it starts with (not every stem of the table).
_STEMS_BY_PREFIX: dict[str, list[str]] = {}
for _stem in _STEMS_BY_LENGTH:
    if len(_stem) >= 4:
        _STEMS_BY_PREFIX.setdefault(_stem[:4], []).append(_stem)
_OWNED = frozenset(key_fa(fa) for fa, _, _ in NAME_ROWS)
_OWNED_INNER = frozenset(k.removeprefix("A") for k in _OWNED)


_SUFFIX_SYMBOLS = frozenset({"I", "zd", "pVr", "njd", "In", "fr", "lV", "Vnd"})


def alias_latin(symbols: str) -> str:
    """Map the key of an unusual Latin spelling of a frequent name to the Persian key.

    A whole-word alias is tried first; then a glued compound or suffixed form whose first
    part is a known spelling (``Muhammadreza``, ``Husseini``), when the rest is itself a known
    name or a usual suffix.
    """
    hit = LATIN_ALIAS.get(symbols)
    if hit is not None or symbols in _OWNED:
        return hit or symbols
    for stem in _STEMS_BY_PREFIX.get(symbols[:4], ()):
        if len(stem) < len(symbols) and symbols.startswith(stem):
            target = LATIN_ALIAS_STEM.get(stem)
            if target is None or (target.endswith("h") and not stem.endswith("h")):
                # Not a stem that gains the h of a vowel -e the Latin does not write
                # (Masuma -> معصومه): Masoomnejad is معصوم‌نژاد.
                continue
            rest = symbols[len(stem) :]
            rest = LATIN_ALIAS.get("A" + rest, LATIN_ALIAS.get(rest, rest)).removeprefix("A")
            if rest in _SUFFIX_SYMBOLS or rest in _OWNED_INNER:
                return collapse(target + rest)
    return symbols


def alias_latin_stem(symbols: str) -> str:
    """Alias of the first part of a hyphenated compound (``Fatima-`` in ``Fatima-Zahra``)."""
    return LATIN_ALIAS_STEM.get(symbols, symbols)


# --- transliteration -------------------------------------------------------------------------

# fmt: off
_TR = {
    "ب": "b", "پ": "p", "ت": "t", "ط": "t", "ث": "s", "س": "s", "ص": "s", "ج": "j", "ژ": "zh",
    "چ": "ch", "ح": "h", "خ": "kh", "د": "d", "ذ": "z", "ز": "z", "ض": "z", "ظ": "z", "ر": "r",
    "ش": "sh", "غ": "gh", "ق": "gh", "ف": "f", "ک": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n",
    "ه": "h",
}
# fmt: on
# Honorifics and the words that introduce a father's name.
_WORDS = {
    "سید": "Seyed",
    "سیده": "Seyedeh",
    "سادات": "Sadat",
    "حاج": "Haj",
    "حاجی": "Haji",
    "حاجیه": "Hajieh",
    "میر": "Mir",
    "میرزا": "Mirza",
    "شیخ": "Sheikh",
    "شهید": "Shahid",
    "فرزند": "child of",
    "ولد": "son of",
    "بن": "bin",
    "بنت": "bint",
    "دکتر": "Dr",
}
_TR_SUFFIXES = (
    ("زادگان", "zadegan"),
    ("زاده", "zadeh"),
    ("نژاد", "nejad"),
    ("پور", "pour"),
    ("پناه", "panah"),
    ("فر", "far"),
    ("یان", "ian"),
    ("ی", "i"),
)
_TR_PREFIXES = (("پور", "Pour"), ("میر", "Mir"))
# Word-final consonant pairs that Persian allows without a vowel between them.
_FINAL_CLUSTERS = frozenset(
    "st sht rd ft nd rz rg rk rs rf kht zd shk ng nj rt rkh rb hr hd hm hn rm rn rv rsh bt"
    " kr".split()
)


def _units(token: str) -> list[tuple[str, bool]]:
    """Letters -> (Latin, is_vowel) units, long vowels read from ا و ی."""
    out: list[tuple[str, bool]] = []
    n = len(token)
    for i, ch in enumerate(token):
        prev_vowel = not out or out[-1][1]
        if ch in "اآ":
            out.append(("a", True))
        elif ch in "عئء":
            if i == 0 and i + 1 < n and token[i + 1] not in "اآوی":
                out.append(("a", True))
            elif i == 0 or (out and out[-1][1]):
                continue
            else:
                out.append(("'", False))
        elif ch == "ؤ":
            out.append(("o", True))
        elif ch == "و":
            nxt = token[i + 1] if i + 1 < n else ""
            if i == 0 or (nxt and nxt in "اآیو") or (out and out[-1][0] == "a"):
                out.append(("v", False))
            elif i == n - 1 and not prev_vowel:
                out.append(("o", True))
            else:
                out.append(("ou", True))
        elif ch == "ی":
            nxt = token[i + 1] if i + 1 < n else ""
            if i == 0 or (nxt and nxt in "اآو"):
                out.append(("y", False))
            elif out and out[-1][1] and out[-1][0] in ("a", "ou", "o"):
                out.append(("yi" if i == n - 1 else "y", i == n - 1))
            else:
                out.append(("i", True))
        elif ch == "ه" and i == n - 1 and i > 0 and token[i - 1] not in "اآو":
            out.append(("eh", True))
        elif ch in _TR:
            out.append((_TR[ch], False))
        elif ch.isalpha():
            out.append((ch, False))
    return out


def _translit_letters(token: str) -> str:
    """Rule-based fallback: consonants as written, long vowels from the letters, and short
    vowels guessed where Persian syllables need one (a vowel after a word's first consonant,
    one inside runs of three consonants, one inside a final pair that is not a usual cluster)."""
    units = _units(token)
    out: list[str] = []
    run: list[str] = []
    started = False

    def flush(at_end: bool) -> None:
        nonlocal run, started
        if not started and len(run) >= 2:
            out.extend([run[0], "a"])
            run = run[1:]
        while len(run) >= 3:
            out.extend([run[0], run[1], "a"])
            run = run[2:]
        if at_end and len(run) == 2 and run[0] + run[1] not in _FINAL_CLUSTERS and run[0] != "'":
            out.extend([run[0], "a", run[1]])
        else:
            out.extend(run)
        run = []

    for lat, vowel in units:
        if vowel:
            flush(False)
            out.append(lat)
            started = True
        else:
            run.append(lat)
    flush(True)
    return "".join(out).replace("''", "'").strip("'")


@lru_cache(maxsize=200_000)
def transliterate_token(token: str) -> str:
    """Readable Latin form of one Persian word (no spaces), capitalised."""
    token = token.strip(ZWNJ)
    if not token:
        return ""
    plain = token.replace(ZWNJ, "")
    hit = _WORDS.get(plain) or FA_TO_LATIN.get(plain)
    if hit is not None:
        return hit
    if ZWNJ in token:
        parts = [transliterate_token(p) for p in token.split(ZWNJ) if p]
        return "".join(p if i == 0 else p.lower() for i, p in enumerate(parts))
    for fa, lat in _TR_PREFIXES:
        if plain.startswith(fa) and len(plain) > len(fa) + 2:
            rest = plain[len(fa) :]
            if rest in FA_TO_LATIN:
                return lat + FA_TO_LATIN[rest].lower()
    for fa, lat in _TR_SUFFIXES:
        if plain.endswith(fa) and len(plain) > len(fa) + 1:
            stem = plain[: -len(fa)]
            base = FA_TO_LATIN.get(stem)
            if base is None and len(stem) >= 3 and lat != "i":
                base = _translit_letters(stem).capitalize()
            if base is not None:
                if lat == "i" and base.endswith("a"):
                    lat = "ei"
                elif lat == "i" and base.endswith("eh"):
                    base = base[:-2]
                return base + lat
    for cut in range(2, len(plain) - 1):  # two known names written as one (علیرضا)
        a, b = FA_TO_LATIN.get(plain[:cut]), FA_TO_LATIN.get(plain[cut:])
        if a and b:
            return a + b.lower()
    return _translit_letters(plain).capitalize()
