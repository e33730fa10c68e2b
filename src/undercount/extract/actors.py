"""Actors: organisations, offices and outlets, with their aliases resolved to one name.

The bundled lexicon (``data/actors.json``) knows the usual names of the Iranian state bodies,
rights groups and news outlets in English and Persian ("IRGC" = "Revolutionary Guards" =
"سپاه پاسداران"). A project extends it with a file of its own (``actors_file=`` /
``--actors FILE``):

- JSON: ``{"alias": "Canonical name", ...}``, or the bundled shape
  ``{"Canonical name": {"kind": "ngo", "aliases": ["alias", ...]}}``;
- CSV: columns ``alias,canonical`` (optionally ``kind``).

Entries of the project file win over the bundled ones.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from undercount.errors import ExtractionError

MAX_ACTORS_FILE = 5 * 1024**2


@dataclass(frozen=True, slots=True)
class ActorMention:
    """One mention of an actor in a text."""

    start: int
    end: int
    text: str
    name: str
    kind: str


_VARIANTS = {"ی": "[یيى]", "ي": "[یيى]", "ک": "[کك]", "ك": "[کك]", "ه": "[هةە]"}
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")


def _alias_pattern(alias: str) -> str:
    # Persian writers join or split the words of a name at will ("عفوبین الملل", "عفو
    # بینالملل", "عفو بین‌الملل"): between Arabic-script words any gap, or none, matches.
    persian = bool(_ARABIC_SCRIPT.search(alias))
    out = []
    for ch in alias:
        if ch in ("\u200c", " "):
            out.append(
                r"[\u200c\s]*" if persian else r"[\u200c\s]?" if ch == "\u200c" else r"[\u200c\s]+"
            )
        elif ch in _VARIANTS:
            out.append(_VARIANTS[ch])
        else:
            out.append(re.escape(ch))
    return "".join(out)


class ActorIndex:
    """Alias -> canonical name lookup over text, longest alias first.

    Parameters
    ----------
    entries : mapping of canonical name to ``(kind, aliases)``
    """

    def __init__(self, entries: Mapping[str, tuple[str, Iterable[str]]]) -> None:
        self.kinds: dict[str, str] = {}
        self.alias_to_name: dict[str, str] = {}
        self._exact_case: set[str] = set()
        spelled: set[str] = set()  # the aliases as written, folded but with their gaps
        for name, (kind, aliases) in entries.items():
            self.kinds[name] = kind
            for a in [name, *aliases]:
                a = a.strip()
                if not a:
                    continue
                self.alias_to_name[_fold(a)] = name
                spelled.add(_fold_spaced(a))
                if re.fullmatch(r"[A-Z][A-Z.']{1,7}", a):
                    self._exact_case.add(a)
        aliases_sorted = sorted(spelled, key=len, reverse=True)
        self._re = (
            re.compile(
                r"(?<![\w\u200c])(?:"
                + "|".join(_alias_pattern(a) for a in aliases_sorted)
                + r")(?![\w\u200c])",
                re.IGNORECASE,
            )
            if aliases_sorted
            else None
        )
        self._short_caps = {_fold(a) for a in self._exact_case}

    def find(self, text: str) -> list[ActorMention]:
        """Every actor mention in ``text`` (non-overlapping, left to right)."""
        if self._re is None:
            return []
        out = []
        for m in self._re.finditer(text):
            found = m.group(0)
            key = _fold(found)
            name = self.alias_to_name.get(key)
            if name is None:
                continue
            if key in self._short_caps and found != found.upper():
                continue  # "un" or "Ap" is not an abbreviation
            out.append(ActorMention(m.start(), m.end(), found, name, self.kinds.get(name, "other")))
        return out

    def resolve(self, text: str) -> str | None:
        """Canonical name of ``text`` when it is a known alias (whole text), else ``None``."""
        t = re.sub(r"^(?:the)\s+", "", text.strip(), flags=re.I)
        return self.alias_to_name.get(_fold(t)) or self.alias_to_name.get(_fold(text.strip()))

    def search(self, text: str) -> ActorMention | None:
        """The longest actor mention inside ``text`` (for noun phrases like 'a statement from X')."""
        found = self.find(text)
        return max(found, key=lambda a: a.end - a.start) if found else None


_FOLD_FA = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ە": "ه"})


def _fold_spaced(s: str) -> str:
    s = s.lower().replace("\u200c", " ").translate(_FOLD_FA).replace("’", "'")
    return re.sub(r"\s+", " ", s).strip()


def _fold(s: str) -> str:
    s = _fold_spaced(s)
    if _ARABIC_SCRIPT.search(s):
        return s.replace(" ", "")  # joined and split spellings of one Persian name
    return s


def _bundled() -> dict[str, tuple[str, list[str]]]:
    raw = json.loads(
        resources.files("undercount.extract")
        .joinpath("data/actors.json")
        .read_text(encoding="utf-8")
    )
    return {
        k: (v.get("kind", "other"), list(v.get("aliases", [])))
        for k, v in raw.items()
        if not k.startswith("_")
    }


def _parse_user(path: Path) -> dict[str, tuple[str, list[str]]]:
    name = path.name
    try:
        if path.stat().st_size > MAX_ACTORS_FILE:
            raise ExtractionError(
                f"The actors file {name} is over 5 MB; give a smaller alias list."
            )
        data = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ExtractionError(
            f"The actors file {path} does not exist. Check the path given to --actors."
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ExtractionError(
            f"The actors file {name} cannot be read ({exc}). Save it as UTF-8 JSON or CSV."
        ) from None
    out: dict[str, tuple[str, list[str]]] = {}

    def add(alias: str, canonical: str, kind: str = "other") -> None:
        canonical = canonical.strip()
        if not canonical:
            return
        k, aliases = out.get(canonical, (kind, []))
        if alias.strip():
            aliases.append(alias.strip())
        out[canonical] = (kind or k, aliases)

    if path.suffix.lower() == ".json":
        try:
            obj: Any = json.loads(data)
        except json.JSONDecodeError as exc:
            raise ExtractionError(
                f"The actors file {name} is not valid JSON (line {exc.lineno}: {exc.msg})."
            ) from None
        if not isinstance(obj, dict):
            raise ExtractionError(
                f"The actors file {name} must hold one JSON object: "
                '{"alias": "Canonical name", ...}.'
            )
        for k, v in obj.items():
            if str(k).startswith("_"):
                continue
            if isinstance(v, str):
                add(str(k), v)
            elif isinstance(v, dict) and isinstance(v.get("aliases", []), list):
                add("", str(k), str(v.get("kind", "other")))
                for a in v.get("aliases", []):
                    add(str(a), str(k), str(v.get("kind", "other")))
            else:
                raise ExtractionError(
                    f"The actors file {name}: the entry '{k}' must map to a "
                    "canonical name (a string)."
                )
        return out
    if path.suffix.lower() in (".csv", ".tsv", ".txt"):
        delim = "\t" if path.suffix.lower() == ".tsv" else ","
        reader = csv.DictReader(io.StringIO(data), delimiter=delim)
        fields = [f.strip().lower() for f in (reader.fieldnames or [])]
        if "alias" not in fields or "canonical" not in fields:
            raise ExtractionError(
                f"The actors file {name} needs the columns 'alias' and "
                "'canonical' (and optionally 'kind')."
            )
        for row in reader:
            r = {str(k).strip().lower(): (v or "") for k, v in row.items() if k}
            add(r.get("alias", ""), r.get("canonical", ""), r.get("kind", "") or "other")
        return out
    raise ExtractionError(f"The actors file {name} must be .json or .csv.")


_DEFAULT: ActorIndex | None = None


def load_actors(actors_file: str | Path | None = None) -> ActorIndex:
    """The bundled lexicon, extended by ``actors_file`` when given."""
    global _DEFAULT
    if actors_file is None:
        if _DEFAULT is None:
            _DEFAULT = ActorIndex(_bundled())
        return _DEFAULT
    entries = _bundled()
    user = _parse_user(Path(actors_file))
    # A user alias moves to the user's canonical name.
    user_aliases = {_fold(a) for _, (_, al) in user.items() for a in al}
    for k, (kind, aliases) in list(entries.items()):
        entries[k] = (kind, [a for a in aliases if _fold(a) not in user_aliases])
    for k, (kind, aliases) in user.items():
        old_kind, old = entries.get(k, (kind, []))
        entries[k] = (kind if kind != "other" else old_kind, old + aliases)
    return ActorIndex(entries)
