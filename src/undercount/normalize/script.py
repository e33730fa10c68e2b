"""Script detection and normalisation of Persian and Arabic text.

Why not hazm's ``Normalizer``? hazm does this job well, but installing it pulls in gensim,
nltk, fasttext and an old pinned numpy, which would fight the numeric stack the estimators
need. What we need from it is small and stable (a character table, diacritics, tatweel,
digits, a handful of ZWNJ rules), so this module implements it directly with ``str.translate``
and a few regular expressions, which is also faster for a million rows. The test suite may
cross-check against hazm where it is installed, but hazm is never a runtime dependency.

What :func:`normalize_text` does, in order:

1. Arabic presentation forms (U+FB50-U+FDFF, U+FE70-U+FEFF) are decomposed with NFKC.
2. Arabic letter forms become their Persian counterparts: ``ي ى`` -> ``ی``, ``ك`` -> ``ک``,
   ``ة ۀ ە ھ ہ`` -> ``ه``, ``أ إ ٱ`` -> ``ا``. ``آ``, ``ئ`` and ``ؤ`` are kept: Persian uses them.
3. Harakat, tanwin, shadda, sukun, superscript alef, Quranic marks and tatweel are removed;
   so are invisible marks (ZWJ, LRM/RLM, BOM, soft hyphen).
4. Persian (U+06F0..) and Arabic-Indic (U+0660..) digits become ASCII; ``٫`` -> ``.``.
5. ZWNJ is made consistent: removed at word edges, next to spaces and after letters that do
   not join to the left (where it changes nothing visible); repeated ZWNJ collapse to one; the
   detached prefixes and suffixes ``می``/``نمی``, ``ها``/``های``, ``زاده``, ``پور`` (written
   with a space) are attached with a ZWNJ.
6. Runs of whitespace become one space; leading and trailing space is dropped.

Latin-script text (``José Müller``, ``Nguyễn Văn An``) only goes through NFC composition and
whitespace folding: accents are never stripped here.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["ZWNJ", "as_text", "detect_script", "normalize_text", "to_ascii_digits"]

ZWNJ = "\u200c"

_CHAR_MAP: dict[int, str | None] = {}


def _build_char_map() -> None:
    pairs = {
        "\u064a": "\u06cc",  # ARABIC YEH -> FARSI YEH
        "\u0649": "\u06cc",  # ALEF MAKSURA -> FARSI YEH
        "\u06d2": "\u06cc",  # YEH BARREE
        "\u0643": "\u06a9",  # ARABIC KAF -> KEHEH
        "\u06aa": "\u06a9",  # SWASH KAF
        "\u0629": "\u0647",  # TEH MARBUTA -> HEH
        "\u06c0": "\u0647",  # HEH WITH YEH ABOVE
        "\u06d5": "\u0647",  # AE
        "\u06be": "\u0647",  # HEH DOACHASHMEE
        "\u06c1": "\u0647",  # HEH GOAL
        "\u06c2": "\u0647",
        "\u0623": "\u0627",  # ALEF WITH HAMZA ABOVE
        "\u0625": "\u0627",  # ALEF WITH HAMZA BELOW
        "\u0671": "\u0627",  # ALEF WASLA
        "\u0672": "\u0627",
        "\u0673": "\u0627",
        "\u066b": ".",  # ARABIC DECIMAL SEPARATOR
        "\u066c": ",",  # ARABIC THOUSANDS SEPARATOR
    }
    for src, dst in pairs.items():
        _CHAR_MAP[ord(src)] = dst
    for i in range(10):
        _CHAR_MAP[0x06F0 + i] = str(i)
        _CHAR_MAP[0x0660 + i] = str(i)
    # Diacritics (harakat, tanwin, shadda, sukun, maddah above, hamza marks), Quranic marks,
    # superscript alef, tatweel, invisible marks.
    # fmt: off
    drop = list(range(0x064B, 0x0660)) + [0x0670, 0x0640]
    drop += list(range(0x0610, 0x061B)) + list(range(0x06D6, 0x06DD)) + list(range(0x06DF, 0x06E5))
    drop += [0x06E7, 0x06E8] + list(range(0x06EA, 0x06EE))
    drop += [0x200D, 0x200E, 0x200F, 0xFEFF, 0x00AD, 0x2066, 0x2067, 0x2068, 0x2069, 0x202A,
             0x202B, 0x202C, 0x202D, 0x202E]
    for cp in drop:
        _CHAR_MAP[cp] = None
    # Every Unicode space and the ZW space become a plain space.
    for cp in (0x00A0, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008,
               0x2009, 0x200A, 0x200B, 0x202F, 0x205F, 0x3000, 0x0009, 0x000A, 0x000D):
        _CHAR_MAP[cp] = " "
    # fmt: on


_build_char_map()

_DIGITS = {0x06F0 + i: str(i) for i in range(10)} | {0x0660 + i: str(i) for i in range(10)}

_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]+")
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefe]")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
_PERSIAN_ONLY = re.compile("[\u067e\u0686\u0698\u06af\u06a9\u06cc]")  # پ چ ژ گ ک ی
_ARABIC_ONLY = re.compile("[\u064a\u0643\u0629\u0649]")  # ي ك ة ى
_ANY_LETTER = re.compile(r"[^\W\d_]")
_SPACES = re.compile(r"\s+")
# Letters that never join to the following letter: after them a ZWNJ changes nothing.
_NON_JOINING = "\u0627\u0622\u062f\u0630\u0631\u0632\u0698\u0648\u0623\u0625\u0624\u0621"
_ZWNJ_CLEAN = re.compile(
    f"{ZWNJ}{{2,}}|(?<=[ {_NON_JOINING}]){ZWNJ}|{ZWNJ}(?= )|^{ZWNJ}|{ZWNJ}$"
    f"|(?<![\u0600-\u06ff]){ZWNJ}|{ZWNJ}(?![\u0600-\u06ff])"
)
# Detached prefixes and suffixes, written with a space, are attached with a ZWNJ.
_PREFIX_SPACE = re.compile("(?<![\u0600-\u06ff\u200c])(ن?می|پور) (?=[\u0600-\u06ff])")
_SUFFIX_SPACE = re.compile(
    "(?<=[\u0600-\u06ff]) (ها|های|هایی|زاده|زادگان)(?![\u0600-\u06ff\u200c])"
)


def to_ascii_digits(text: str) -> str:
    """Replace Persian and Arabic-Indic digits with ASCII digits.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        The text with ``۰-۹`` and ``٠-٩`` replaced by ``0-9``.

    Examples
    --------
    >>> to_ascii_digits("۱۳۹۸/۰۸/۲۴")
    '1398/08/24'
    """
    return text.translate(_DIGITS)


def normalize_text(text: str) -> str:
    """Normalise Persian/Arabic text; leave other scripts as they are (NFC, single spaces).

    Parameters
    ----------
    text : str
        Text as written in a list or document.

    Returns
    -------
    str
        Normalised text (see the module docstring for the rules). Idempotent:
        ``normalize_text(normalize_text(s)) == normalize_text(s)``.

    Examples
    --------
    >>> normalize_text("علي  رضائي")
    'علی رضائی'
    >>> normalize_text("مُحَمَّد ۱۳۹۸")
    'محمد 1398'
    >>> normalize_text("José  Müller")
    'José Müller'
    """
    if not text:
        return ""
    if not text.isascii():
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        if max(text) >= "\ufb50" and _PRESENTATION.search(text):
            text = _PRESENTATION.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
        text = text.translate(_CHAR_MAP)
        if _ARABIC_SCRIPT.search(text):
            if ZWNJ in text:
                text = _ZWNJ_CLEAN.sub("", _SPACES.sub(" ", text))
            if "  " in text or text[:1] == " " or text[-1:] == " ":
                text = _SPACES.sub(" ", text).strip()
            if "می " in text or "پور " in text:
                text = _PREFIX_SPACE.sub(lambda m: m.group(1) + ZWNJ, text)
            if " ها" in text or " زاد" in text:
                text = _SUFFIX_SPACE.sub(lambda m: ZWNJ + m.group(1), text)
            if ZWNJ in text:
                # Twice: removing one ZWNJ can expose another (ZWNJ ZWNJ after a non-joiner).
                text = _ZWNJ_CLEAN.sub("", text)
                text = _ZWNJ_CLEAN.sub("", text)
            return text
    elif "\t" in text or "\n" in text or "\r" in text:
        text = text.translate(_CHAR_MAP)
    if "  " in text or text[:1] == " " or text[-1:] == " ":
        text = _SPACES.sub(" ", text).strip()
    return text


def detect_script(text: str | None) -> str:
    """Say which script a text is written in.

    Parameters
    ----------
    text : str or None
        Any text.

    Returns
    -------
    str
        ``"fa"`` (Arabic script with Persian letters, or Arabic script with no letter that
        tells Persian from Arabic: the project is Persian-first), ``"ar"`` (Arabic-only
        letters such as ``ي ك ة`` and no Persian-only letter), ``"latin"``, ``"mixed"``
        (Arabic script and Latin letters), ``"other"`` (letters of other scripts, or no
        letters at all) or ``"empty"`` (None or only whitespace).

    Examples
    --------
    >>> detect_script("محمد رضایی"), detect_script("علي کريمي"), detect_script("Ali")
    ('fa', 'fa', 'latin')
    >>> detect_script("عائشة"), detect_script("Ali علی"), detect_script("  ")
    ('ar', 'mixed', 'empty')
    """
    if text is None or not text.strip():
        return "empty"
    has_arabic = _ARABIC_SCRIPT.search(text) is not None
    has_latin = _LATIN.search(text) is not None
    if has_arabic and has_latin:
        return "mixed"
    if has_arabic:
        if _PERSIAN_ONLY.search(text) is None and _ARABIC_ONLY.search(text) is not None:
            return "ar"
        return "fa"
    if has_latin:
        return "latin"
    return "other"


def is_arabic_script(text: str) -> bool:
    """True when the text contains any Arabic-script letter (Persian included)."""
    return _ARABIC_SCRIPT.search(text) is not None


def has_letter(text: str) -> bool:
    """True when the text contains a letter of any script."""
    return _ANY_LETTER.search(text) is not None


def as_text(value: object) -> str | None:
    """A cell of a column as text: None for None, NaN and pandas' NA; str() of anything else."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, float) and value != value:
        return None
    if type(value).__name__ in ("NAType", "NaTType"):
        return None
    return str(value)
