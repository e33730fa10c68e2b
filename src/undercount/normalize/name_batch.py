"""Names of a whole column at once: the list importer's fast path (:func:`normalize_names`).

Same results as :func:`~undercount.normalize.names.name_key` and friends name by name (a
property test checks it), computed once per distinct word where names are plain words: a
list of a million rows holds ~10,000 distinct words but ~300,000 distinct names. Kept apart
from :mod:`undercount.normalize.names`, which holds the rules: this module changes for speed.
"""

from __future__ import annotations

import multiprocessing
import os
import re
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache, partial
from typing import Any

from undercount.normalize.names import (
    _grouped,
    _join,
    _key_of_groups,
    _own_name,
    _parts_of_groups,
    _set_aside,
    _skeleton_of_groups,
    _split_norm,
    _Tok,
    _transliterate_norm,
    _transliterate_word,
    _words,
    name_key,
)
from undercount.normalize.script import as_text, detect_script, is_arabic_script, normalize_text

__all__ = ["normalize_names"]


_COLUMNS = ("name_norm", "name_script", "name_key", "name_latin", "name_skeleton")
_PARALLEL_MIN = 50_000


_PART_COLUMNS = ("given", "family", "father")


def _normalize_one(v: str, parts: bool = False) -> tuple[Any, ...]:
    norm = normalize_text(v)
    if not norm:
        return (None,) * (len(_COLUMNS) + (len(_PART_COLUMNS) if parts else 0))
    own = _own_name(norm)
    groups = _grouped(own)[0]
    out: tuple[Any, ...] = (
        norm,
        detect_script(v),
        _key_of_groups(groups) or None,
        _transliterate_norm(norm),
        _skeleton_of_groups(groups) or None,
    )
    if parts:
        if own is norm and "," not in norm:
            # No brackets, no father's name, no "Family, Given": the groups are the parts.
            out += _parts_of_groups(groups)
        else:
            np_ = _split_norm(norm)
            out += (np_.given, np_.family, np_.father)
    return out


# Word-level fast path. Most names are words separated by single spaces, in one script,
# without affixes, father's name, brackets or commas. For those, every result of
# :func:`_normalize_one` is the words' own results joined with spaces (honorifics set aside,
# a compound given name joined), so each distinct word is worked out once: a list of a
# million rows holds ~10,000 distinct words but ~300,000 distinct names. Every other name
# takes the full path. A property test (tests/normalize/test_norm_names.py) checks that the
# two paths agree.
_FATHER_WORDS = frozenset(
    "فرزند ولد بن بنت ابن ابنه طفل طفله نام نام‌پدر son daughter child baby infant s/o d/o"
    " bin ibn bint bn bnt abn father father's"
    # Words that start another name of the person (normalize.aliases): full path.
    " aka a.k.a a.k.a. alias known معروف مشهور ملقب المعروف الملقب الشهير".split()
)
_WORD_PREFIX = re.compile("(?<![\u0600-\u06ff\u200c])(ن?می|پور)$")  # see _PREFIX_SPACE
_WORD_SUFFIX = re.compile("(ها|های|هایی|زاده|زادگان)(?![\u0600-\u06ff\u200c])")
_UNSAFE_CHARS = frozenset("()[],،:")
_SCRIPT_BITS = (  # the letter classes detect_script looks for
    (re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefe]"), 1),
    (re.compile("[A-Za-z\u00c0-\u024f\u1e00-\u1eff]"), 2),
    (re.compile("[\u067e\u0686\u0698\u06af\u06a9\u06cc]"), 4),
    (re.compile("[\u064a\u0643\u0629\u0649]"), 8),
)


_ARABIC_WORD, _OTHER_WORD, _HONORIFIC_WORD = 16, 32, 64  # more bits of a word's info


@lru_cache(maxsize=200_000)
def _word_info(word: str) -> tuple[str, str, int, _Tok] | None:
    """(norm, latin, bits, token) of one word as written; None when the word could change
    how its neighbours are read (its name then takes the full path). ``bits`` holds the
    letter classes ``detect_script`` looks for, the word's script and whether it is an
    honorific."""
    if not word or any(c.isspace() for c in word):
        return None
    norm = normalize_text(word)
    if not norm or any(c.isspace() for c in norm) or not _UNSAFE_CHARS.isdisjoint(norm):
        return None
    if norm.casefold() in _FATHER_WORDS:
        return None
    arabic = is_arabic_script(norm)
    if arabic != is_arabic_script(word):
        return None
    if arabic and (_WORD_PREFIX.search(norm) or _WORD_SUFFIX.match(norm)):
        return None
    toks = _words(norm)
    if len(toks) != 1:
        return None
    tok = toks[0]
    if tok.role not in ("", "honorific") or not tok.key or not tok.skel:
        return None
    bits = _ARABIC_WORD if arabic else _OTHER_WORD
    if tok.role:
        bits |= _HONORIFIC_WORD
    for rx, bit in _SCRIPT_BITS:
        if rx.search(word):
            bits |= bit
    return norm, _transliterate_word(norm) if arabic else norm, bits, tok


@lru_cache(maxsize=50_000)
def _compound(first: _Tok, second: _Tok) -> _Tok:
    return _join([first, second])


def _script_of_bits(bits: int) -> str:
    """:func:`detect_script` from the letter classes found (see ``_SCRIPT_BITS``)."""
    if bits & 1 and bits & 2:
        return "mixed"
    if bits & 1:
        return "ar" if bits & 8 and not bits & 4 else "fa"
    return "latin" if bits & 2 else "other"


_SCRIPTS_OF_BITS = tuple(_script_of_bits(b) for b in range(16))


@lru_cache(maxsize=200_000)
def _part_key(part: str | None) -> str | None:
    """``name_key`` of a name part (None for none or an empty key)."""
    return (name_key(part) or None) if part else None


def _normalize_full(v: str, parts: bool, keys: bool) -> tuple[Any, ...]:
    row = _normalize_one(v, parts)
    return row + (_part_key(row[5]), _part_key(row[6]), _part_key(row[7])) if keys else row


def _normalize_chunk(
    values: list[str], parts: bool = False, keys: bool = False
) -> list[tuple[Any, ...]]:
    """:func:`_normalize_one` of many names; plain ones word by word (same results).

    With ``keys`` (and ``parts``), each row also holds the ``name_key`` of the given,
    family and father's names.
    """
    keys = keys and parts
    out: list[tuple[Any, ...]] = []
    info = _word_info
    both = _ARABIC_WORD | _OTHER_WORD
    scripts = _SCRIPTS_OF_BITS
    for v in values:
        words = [info(w) for w in v.split(" ")]
        if len(words) == 2 and words[0] is not None and words[1] is not None:
            # Two plain words, the commonest name: the general case below, unrolled.
            (na, la, ba, ta), (nb, lb, bb, tb) = words
            bits = ba | bb
            if not bits & _HONORIFIC_WORD and bits & both != both and not (ta.head and tb.tail):
                row2: tuple[Any, ...] = (
                    na + " " + nb,
                    scripts[bits & 15],
                    ta.key + " " + tb.key,
                    la + " " + lb,
                    ta.skel + " " + tb.skel,
                )
                if parts:
                    row2 += (ta.text, tb.text, None)
                    if keys:
                        row2 += (ta.key, tb.key, None)
                out.append(row2)
                continue
        if None in words:
            out.append(_normalize_full(v, parts, keys))
            continue
        ws: list[tuple[str, str, int, _Tok]] = words  # type: ignore[assignment]
        bits = 0
        for w in ws:
            bits |= w[2]
        if bits & both == both:  # two scripts
            out.append(_normalize_full(v, parts, keys))
            continue
        if bits & _HONORIFIC_WORD:
            all_toks = [w[3] for w in ws]
            toks = [t for t, a in zip(all_toks, _set_aside(all_toks), strict=True) if not a]
        else:
            toks = [w[3] for w in ws]
        if not toks:
            out.append(_normalize_full(v, parts, keys))
            continue
        if len(toks) > 1 and toks[0].head and toks[1].tail:  # a compound given name
            toks = [_compound(toks[0], toks[1]), *toks[2:]]
            if not toks[0].key or not toks[0].skel:
                out.append(_normalize_full(v, parts, keys))
                continue
        row: tuple[Any, ...] = (
            " ".join([w[0] for w in ws]),
            scripts[bits & 15],
            " ".join([t.key for t in toks]),
            " ".join([w[1] for w in ws]),
            _skeleton_of_groups(toks),
        )
        if parts:
            family = " ".join([t.text for t in toks[1:]]) or None
            row += (toks[0].text, family, None)
            if keys:
                # One word's key is its token's; several words are keyed together (they
                # may join, as a compound does).
                fkey = toks[1].key if len(toks) == 2 else _part_key(family)
                row += (toks[0].key, fkey, None)
        out.append(row)
    return out


_INFO_COLUMNS = _COLUMNS + _PART_COLUMNS + ("given_key", "family_key", "father_key")


def _normalize_columns(values: Sequence[str]) -> list[Any]:
    """:func:`_normalize_chunk` of many names (with parts and part keys), as Arrow columns.

    The commonest name, two plain words, is worked out with Arrow kernels over the words'
    cached results (no Python per name); every other name goes through
    :func:`_normalize_chunk`. The results are the same (a test checks it). Returns one string
    array per column of ``_INFO_COLUMNS``, aligned with ``values`` (non-empty strings).
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    n = len(values)
    arr = values if isinstance(values, pa.Array) else pa.array(values, pa.string())
    words = pc.split_pattern(arr, " ")
    lengths = pc.list_value_length(words).to_numpy(zero_copy_only=False)
    starts = np.asarray(words.offsets)[:-1] - words.offsets[0].as_py()
    flat = pc.dictionary_encode(words.flatten())
    codes = flat.indices.to_numpy(zero_copy_only=False)
    infos = [_word_info(w) for w in flat.dictionary.to_pylist()]
    m = len(infos)
    ok = np.fromiter((i is not None for i in infos), dtype=bool, count=m)
    bits = np.fromiter((i[2] if i else 0 for i in infos), dtype=np.int64, count=m)
    head = np.fromiter((bool(i and i[3].head) for i in infos), dtype=bool, count=m)
    tail = np.fromiter((bool(i and i[3].tail) for i in infos), dtype=bool, count=m)
    two = np.flatnonzero(lengths == 2)
    a = codes[starts[two]]
    b = codes[starts[two] + 1]
    both = _ARABIC_WORD | _OTHER_WORD
    ab = bits[a] | bits[b]
    fast = ok[a] & ok[b] & (ab & _HONORIFIC_WORD == 0) & (ab & both != both) & ~(head[a] & tail[b])
    rows, a, b, ab = two[fast], a[fast], b[fast], ab[fast]
    rest = np.ones(n, dtype=bool)
    rest[rows] = False
    rest_rows = np.flatnonzero(rest)

    def word_column(field: Any) -> pa.Array:
        return pa.array([field(i) if i else None for i in infos], pa.string())

    norm, latin = word_column(lambda i: i[0]), word_column(lambda i: i[1])
    key, skel = word_column(lambda i: i[3].key), word_column(lambda i: i[3].skel)
    text = word_column(lambda i: i[3].text)
    ta, tb = pa.array(a), pa.array(b)

    def joined(col: pa.Array) -> pa.Array:
        return pc.binary_join_element_wise(col.take(ta), col.take(tb), " ")

    nulls = pa.nulls(len(rows), pa.string())
    fast_columns = [
        joined(norm),
        pa.array(_SCRIPTS_OF_BITS, pa.string()).take(pa.array(ab & 15)),
        joined(key),
        joined(latin),
        joined(skel),
        text.take(ta),
        text.take(tb),
        nulls,
        key.take(ta),
        key.take(tb),
        nulls,
    ]
    if not len(rest_rows):
        return fast_columns
    others = _normalize_chunk(arr.take(pa.array(rest_rows)).to_pylist(), parts=True, keys=True)
    rest_columns = [pa.array(c, pa.string()) for c in zip(*others, strict=True)]
    # Back to the order of ``values``: fast rows first, then the others.
    order = np.empty(n, dtype=np.int64)
    order[rows] = np.arange(len(rows))
    order[rest_rows] = np.arange(len(rows), n)
    where = pa.array(order)
    return [
        pa.concat_arrays([f, r]).take(where)
        for f, r in zip(fast_columns, rest_columns, strict=True)
    ]


def normalize_names(
    values: Sequence[str | None], *, workers: int = 1, parts: bool = False
) -> dict[str, list[Any]]:
    """Normalise a column of names at once (the list importer's fast path).

    Parameters
    ----------
    values : sequence of str or None
        Names as written; each distinct value is processed once.
    workers : int, default 1
        Processes to use when there are many distinct values (50,000 or more); ``0`` means
        one per CPU, at most 8. Results do not depend on it.
    parts : bool, default False
        Also cut each name into ``"given"``, ``"family"`` and ``"father"`` (as
        :func:`split_name` does), sharing the work already done for the key.

    Returns
    -------
    dict of str to list
        Lists aligned with ``values`` under ``"name_norm"``, ``"name_script"``,
        ``"name_key"``, ``"name_latin"`` and ``"name_skeleton"`` (and the parts when asked);
        None where the value is None or blank.

    Examples
    --------
    >>> out = normalize_names(["علي رضايي", None, "Ali Rezaei"])
    >>> out["name_key"]
    ['ali rzi', None, 'ali rzi']
    >>> normalize_names(["Seyed Ali Rezaei"], parts=True)["family"]
    ['Rezaei']
    """
    columns = _COLUMNS + (_PART_COLUMNS if parts else ())
    empty = (None,) * len(columns)
    texts = [as_text(v) for v in values]
    distinct = list(dict.fromkeys(t for t in texts if t is not None))
    if workers == 0:
        workers = min(os.cpu_count() or 1, 8)
    if workers > 1 and len(distinct) >= _PARALLEL_MIN:
        results = _parallel(distinct, workers, parts)
    else:
        results = _normalize_chunk(distinct, parts)
    cache = dict(zip(distinct, results, strict=True))
    rows = [empty if t is None else cache[t] for t in texts]
    return {c: [r[i] for r in rows] for i, c in enumerate(columns)}


def _parallel(distinct: list[str], workers: int, parts: bool) -> list[tuple[Any, ...]]:
    # "spawn": never fork a process that may hold DuckDB's threads and locks.
    ctx = multiprocessing.get_context("spawn")
    size = -(-len(distinct) // (workers * 4))
    chunks = [distinct[i : i + size] for i in range(0, len(distinct), size)]
    out: list[tuple[Any, ...]] = []
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        for part in pool.map(partial(_normalize_chunk, parts=parts), chunks):
            out.extend(part)
    return out
