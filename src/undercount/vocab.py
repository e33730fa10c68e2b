"""Controlled vocabularies shared by every stage (closed choices, with their labels)."""

from __future__ import annotations

from typing import Literal, get_args

Violation = Literal[
    "killing",
    "execution",
    "death_in_custody",
    "arbitrary_detention",
    "torture",
    "enforced_disappearance",
    "injury",
    "other",
]
VIOLATIONS: tuple[str, ...] = get_args(Violation)

SourceKind = Literal["ngo_list", "news", "report", "testimony", "official", "other"]
SOURCE_KINDS: tuple[str, ...] = get_args(SourceKind)

# Admiralty-style source reliability: A (completely reliable) .. F (cannot be judged).
Reliability = Literal["A", "B", "C", "D", "E", "F"]
RELIABILITY_GRADES: tuple[str, ...] = get_args(Reliability)
RELIABILITY_LABELS = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}

Outcome = Literal["killed", "executed", "arrested", "injured", "tortured", "disappeared"]
OUTCOMES: tuple[str, ...] = get_args(Outcome)

Qualifier = Literal["exact", "at_least", "about", "at_most", "range"]
QUALIFIERS: tuple[str, ...] = get_args(Qualifier)

Sex = Literal["male", "female", "other"]
SEXES: tuple[str, ...] = get_args(Sex)

Precision = Literal["day", "month", "year"]
PRECISIONS: tuple[str, ...] = get_args(Precision)

Calendar = Literal["gregorian", "jalali", "hijri"]
CALENDARS: tuple[str, ...] = get_args(Calendar)

Script = Literal["fa", "ar", "latin", "mixed", "other", "empty"]

Decision = Literal["match", "non_match", "unsure"]
DECISIONS: tuple[str, ...] = get_args(Decision)

Role = Literal["admin", "analyst", "documenter", "viewer"]
ROLES: tuple[str, ...] = get_args(Role)

# Spellings seen in lists, mapped to the vocabulary (lower-cased keys).
SEX_SYNONYMS: dict[str, str] = {
    "m": "male",
    "male": "male",
    "man": "male",
    "boy": "male",
    "مرد": "male",
    "مذکر": "male",
    "پسر": "male",
    "ذکر": "male",
    "f": "female",
    "female": "female",
    "woman": "female",
    "girl": "female",
    "زن": "female",
    "مونث": "female",
    "مؤنث": "female",
    "دختر": "female",
    "انثی": "female",
    "other": "other",
    "x": "other",
    "دیگر": "other",
}

VIOLATION_SYNONYMS: dict[str, str] = {
    "killing": "killing",
    "killed": "killing",
    "death": "killing",
    "shot dead": "killing",
    "قتل": "killing",
    "کشته": "killing",
    "کشته شده": "killing",
    "جان باخته": "killing",
    "execution": "execution",
    "executed": "execution",
    "اعدام": "execution",
    "death in custody": "death_in_custody",
    "death_in_custody": "death_in_custody",
    "مرگ در بازداشت": "death_in_custody",
    "arbitrary detention": "arbitrary_detention",
    "arbitrary_detention": "arbitrary_detention",
    "detention": "arbitrary_detention",
    "arrest": "arbitrary_detention",
    "arrested": "arbitrary_detention",
    "بازداشت": "arbitrary_detention",
    "دستگیری": "arbitrary_detention",
    "torture": "torture",
    "tortured": "torture",
    "شکنجه": "torture",
    "enforced disappearance": "enforced_disappearance",
    "enforced_disappearance": "enforced_disappearance",
    "disappeared": "enforced_disappearance",
    "ناپدید": "enforced_disappearance",
    "ناپدید شده": "enforced_disappearance",
    "injury": "injury",
    "injured": "injury",
    "wounded": "injury",
    "زخمی": "injury",
    "مجروح": "injury",
    "other": "other",
    "سایر": "other",
}
