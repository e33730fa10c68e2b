"""Other names of one person written in the same cell: ``Mahsa (Zhina) Amini``,
``Zakaria Khayal (Soleimani)``, ``Ali Rezaei aka Ali Tehrani``, ``علی رضایی معروف به علی تهرانی``.
"""

from __future__ import annotations

import re

__all__ = ["name_aliases"]

# "also known as" words, Latin, Persian and Arabic (written before the other name).
_AKA_WORDS = (
    r"a\.?\s?k\.?\s?a\.?|also\s+known\s+as|known\s+as|alias|"
    r"معروف\s+به|مشهور\s+به|ملقب\s+به|با\s+نام|"
    r"المعروف\s+باسم|المعروف\s+ب|الملقب\s+ب|الشهير\s+ب|الملقب|المعروف|الشهير"
)
_AKA = re.compile(rf"(?:^|\s|,|،)(?:{_AKA_WORDS})(?=\s|:|$)\s*:?\s*", re.I)
_AKA_START = re.compile(rf"^\s*(?:{_AKA_WORDS})(?=\s|:|$)\s*:?\s*", re.I)
_BRACKET = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")


def _spaced(text: str) -> str:
    return " ".join(text.split())


def name_aliases(text: str | None) -> tuple[str, list[str]]:
    """The name without its alternates, and each alternate as a full name.

    A name in brackets stands for the words just before it (as many words as it has):
    ``Mahsa (Zhina) Amini`` -> ``Zhina Amini``; ``Zakaria Khayal (Soleimani)`` ->
    ``Zakaria Soleimani``; in front of the name, for the words after it. A bracket that
    starts with ``aka`` (or ``معروف به``, ``المعروف``...) holds a whole other name, as does
    the text after ``aka`` outside brackets.

    Examples
    --------
    >>> name_aliases("Mahsa (Zhina) Amini")
    ('Mahsa Amini', ['Zhina Amini'])
    >>> name_aliases("Zakaria Khayal (Soleimani)")
    ('Zakaria Khayal', ['Zakaria Soleimani'])
    >>> name_aliases("Ali Rezaei aka Ali Tehrani")
    ('Ali Rezaei', ['Ali Tehrani'])
    """
    if not text or not text.strip():
        return "", []
    pieces = _AKA.split(text)
    main, others = pieces[0], [p for p in pieces[1:] if p.strip()]
    if not main.strip() and others:
        main, others = others[0], others[1:]
    alternates: list[str] = []
    spans = list(_BRACKET.finditer(main))
    bare = _spaced(_BRACKET.sub(" ", main))
    if not bare:  # the whole name is in brackets
        return _spaced(main.replace("(", " ").replace(")", " ")), [_spaced(o) for o in others]
    for m in spans:
        inner = _spaced(m.group(1) if m.group(1) is not None else m.group(2) or "")
        if not inner:
            continue
        whole = _AKA_START.match(inner)
        if whole:
            alternates.append(_spaced(inner[whole.end() :]))
            continue
        before = _spaced(_BRACKET.sub(" ", main[: m.start()])).split()
        after = _spaced(_BRACKET.sub(" ", main[m.end() :])).split()
        k = len(inner.split())
        if before:
            k = min(k, len(before))
            alternates.append(" ".join([*before[:-k], inner, *after]))
        else:
            k = min(k, len(after))
            alternates.append(" ".join([inner, *after[k:]]))
    for o in others:
        o_main, o_alts = name_aliases(o)
        alternates += [o_main, *o_alts]
    bare = bare.strip(" ,،;؛")
    out: list[str] = []
    for a in alternates:
        a = a.strip(" ,،;؛")
        if a and a != bare and a not in out:
            out.append(a)
    return bare, out


def cut_aka(text: str) -> str:
    """``text`` up to an ``aka`` (the person's own name, without the other names)."""
    m = _AKA.search(text)
    return text[: m.start()] if m and m.start() > 0 else text
