"""Mapping a list's column headers to record fields (``--map`` first, then known headers in
English, Persian and Arabic)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from undercount.errors import IngestError
from undercount.intake.values import header_key as _header_key
from undercount.model import RECORD_FIELDS

# Header spellings (normalised by _header_key) -> record field.
HEADER_SYNONYMS: dict[str, str] = {}


def _syn(field_name: str, *names: str) -> None:
    for n in names:
        HEADER_SYNONYMS[_header_key(n)] = field_name


_syn(
    "name",
    "name",
    "full name",
    "fullname",
    "victim",
    "victim name",
    "name of victim",
    "person",
    "نام و نام خانوادگی",
    "نام کامل",
    "اسم",
    "نام قربانی",
    "الاسم",
    "الاسم الكامل",
)
_syn("given_name", "given name", "first name", "firstname", "forename", "نام", "نام کوچک")
_syn(
    "family_name",
    "family name",
    "last name",
    "lastname",
    "surname",
    "نام خانوادگی",
    "فامیلی",
    "شهرت",
)
_syn(
    "father_name",
    "father's name",
    "fathers name",
    "father name",
    "father",
    "نام پدر",
    "اسم الأب",
    "اسم الاب",
)
_syn(
    "aliases",
    "aliases",
    "alias",
    "aka",
    "also known as",
    "other names",
    "other name",
    "name fa",
    "name_fa",
    "fa name",
    "name en",
    "en name",
    "name ar",
    "ar name",
    "name latin",
    "latin name",
    "english name",
    "persian name",
    "farsi name",
    "arabic name",
    "name in persian",
    "name in english",
    "name in arabic",
    "name (persian)",
    "name (english)",
    "name (farsi)",
    "نام لاتین",
    "نام انگلیسی",
    "نام به انگلیسی",
    "نام به لاتین",
    "نام فارسی",
    "نام مستعار",
    "نام دیگر",
    "الاسم بالانجليزية",
    "الاسم بالإنجليزية",
    "الاسم بالعربية",
    "اسم الشهرة",
)
_syn(
    "birth_year",
    "dob",
    "date of birth",
    "birth date",
    "birthdate",
    "year of birth",
    "birth year",
    "born",
    "تاریخ تولد",
    "سال تولد",
    "تولد",
    "تاريخ الميلاد",
    "سنة الميلاد",
    "مواليد",
)
_syn("sex", "sex", "gender", "جنسیت", "جنس", "الجنس")
_syn("age", "age", "age at death", "سن", "العمر")
_syn(
    "date",
    "date",
    "date of death",
    "death date",
    "date of incident",
    "incident date",
    "date of arrest",
    "date of execution",
    "تاریخ",
    "تاریخ فوت",
    "تاریخ مرگ",
    "تاریخ کشته شدن",
    "تاریخ جان باختن",
    "تاریخ بازداشت",
    "تاریخ اعدام",
    "التاريخ",
)
_syn(
    "place_text",
    "place",
    "location",
    "place of death",
    "place of incident",
    "محل",
    "محل فوت",
    "مکان",
    "محل حادثه",
    "المكان",
)
_syn("city", "city", "town", "شهر", "شهرستان", "المدينة")
_syn("province", "province", "state", "region", "استان", "المحافظة")
_syn(
    "violation",
    "violation",
    "violation type",
    "type",
    "type of violation",
    "نوع نقض",
    "نوع",
    "نوع نقض حقوق",
)
_syn("perpetrator", "perpetrator", "perpetrators", "عامل", "عاملان", "ضارب")
_syn("event", "event", "incident", "رویداد", "واقعه")
_syn(
    "notes", "notes", "note", "comments", "remarks", "description", "توضیحات", "یادداشت", "ملاحظات"
)


# ---------------------------------------------------------------- mapping


def map_columns(
    headers: Sequence[str], explicit: Mapping[str, str] | None, name: str
) -> dict[str, str]:
    """Map file headers to record fields: explicit ``--map`` first, then recognised headers."""
    mapping: dict[str, str] = {}
    explicit = dict(explicit or {})
    for col, fld in explicit.items():
        if fld not in RECORD_FIELDS:
            raise IngestError(
                f"--map {col}={fld}: '{fld}' is not a record field. Fields: "
                + ", ".join(RECORD_FIELDS)
                + ".",
                file=name,
                column=col,
            )
        if col not in headers:
            raise IngestError(
                f"--map names the column '{col}', which the file does not have. "
                "Columns: " + ", ".join(map(str, headers)) + ".",
                file=name,
                column=col,
            )
        mapping[col] = fld
    taken = set(mapping.values())
    for h in headers:
        if h in mapping:
            continue
        fld = HEADER_SYNONYMS.get(_header_key(h))
        if fld and (fld not in taken or fld == "aliases"):  # several alias columns are fine
            mapping[h] = fld
            taken.add(fld)
    if not ({"name", "given_name", "family_name"} & taken) and "aliases" in taken:
        # Only names in other scripts (name_fa, name_en): the first one is the name.
        first = next((h for h in headers if mapping.get(h) == "aliases"), None)
        if first is not None and first not in explicit:
            mapping[first] = "name"
            taken.add("name")
    if not ({"name", "given_name", "family_name"} & taken):
        raise IngestError(
            "no column holds the victim's name. Columns found: "
            + ", ".join(map(str, headers))
            + ". Name the column 'name' (or 'نام و نام خانوادگی'), or map it: "
            '--map "<column>=name".',
            file=name,
            column="name",
        )
    return mapping
