"""Interface language (English, Persian), digits and calendars shown to the user.

Strings are looked up by their English text; a missing Persian translation falls back to
English. Numbers take Persian digits and dates the Jalali calendar where the user prefers them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

LANGUAGES = {"en": "English", "fa": "فارسی"}
RTL = {"fa"}
_FA_DIGITS = str.maketrans("0123456789,.", "۰۱۲۳۴۵۶۷۸۹٬٫")
_JALALI_MONTHS_FA = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)
_JALALI_MONTHS_EN = (
    "Farvardin",
    "Ordibehesht",
    "Khordad",
    "Tir",
    "Mordad",
    "Shahrivar",
    "Mehr",
    "Aban",
    "Azar",
    "Dey",
    "Bahman",
    "Esfand",
)

FA: dict[str, str] = {
    "Sources": "منابع",
    "Records": "پرونده‌ها",
    "Documents": "اسناد",
    "Review": "بازبینی",
    "Estimates": "برآوردها",
    "Audit log": "گزارش رویدادها",
    "Users": "کاربران",
    "Account": "حساب",
    "Log in": "ورود",
    "Log out": "خروج",
    "Name": "نام",
    "Password": "گذرواژه",
    "Two-factor code (if enabled)": "کد دومرحله‌ای (در صورت فعال بودن)",
    "Search by name": "جستجوی نام",
    "Province": "استان",
    "Date": "تاریخ",
    "From": "از",
    "To": "تا",
    "Violation": "نوع نقض",
    "Source": "منبع",
    "Search": "جستجو",
    "Add record": "افزودن پرونده",
    "Save": "ذخیره",
    "Edit": "ویرایش",
    "Sex": "جنسیت",
    "Age": "سن",
    "Father's name": "نام پدر",
    "Other names": "نام‌های دیگر",
    "Year of birth": "سال تولد",
    "Place": "محل",
    "City": "شهر",
    "Perpetrator": "عامل",
    "Event": "رویداد",
    "Notes": "یادداشت‌ها",
    "Any": "همه",
    "Upload": "بارگذاری",
    "File": "پرونده",
    "Claims": "ادعاها",
    "Match": "یکی است",
    "Non-match": "یکی نیست",
    "Unsure": "مطمئن نیستم",
    "Score": "امتیاز",
    "No pairs to review.": "جفتی برای بازبینی نیست.",
    "Documented": "مستند",
    "Estimate": "برآورد",
    "Interval": "بازه",
    "Method": "روش",
    "Run estimate": "اجرای برآورد",
    "Download report": "دریافت گزارش",
    "Public report": "گزارش عمومی",
    "When": "زمان",
    "Who": "چه کسی",
    "Action": "کنش",
    "Details": "جزئیات",
    "Role": "نقش",
    "Language": "زبان",
    "Calendar": "تقویم",
    "Gregorian": "میلادی",
    "Jalali": "شمسی",
    "Create user": "ساخت کاربر",
    "Export": "خروجی",
    "Previous": "قبلی",
    "Next": "بعدی",
    "records": "پرونده",
    "of": "از",
    "Linked records": "پرونده‌های پیوندخورده",
    "Original entry": "ورودی اصلی",
    "Add source": "افزودن منبع",
    "Kind": "نوع",
    "Reliability": "اعتبار",
    "Two-factor login": "ورود دومرحله‌ای",
    "Enable": "فعال‌سازی",
    "Disable": "غیرفعال‌سازی",
    "Preferences": "ترجیحات",
    "Keyboard": "صفحه‌کلید",
    "Page": "صفحه",
    "male": "مرد",
    "female": "زن",
    "other": "دیگر",
    "killing": "قتل",
    "execution": "اعدام",
    "death_in_custody": "مرگ در بازداشت",
    "arbitrary_detention": "بازداشت خودسرانه",
    "torture": "شکنجه",
    "enforced_disappearance": "ناپدیدسازی قهری",
    "injury": "جراحت",
    "Headline": "خلاصه",
    "Documented victims": "قربانیان مستند",
    "Estimated total": "برآورد کل",
    "Check": "هشدار",
    "taking the linkage as certain": "با فرض قطعی بودن پیوند",
    "If a hidden group were harder for every list to record, the total would be about": (
        "اگر گروهی پنهان را همهٔ فهرست‌ها دشوارتر ثبت می‌کردند، مجموع تقریباً چنین می‌شد"
    ),
    "scenarios, not estimates: the lists cannot show which, if any, is true; if such a group "
    "is plausible, read the estimate as a lower bound": (
        "این‌ها سناریو هستند، نه برآورد: فهرست‌ها نشان نمی‌دهند کدام یک، اگر اصلاً، درست است؛ "
        "اگر چنین گروهی محتمل است، برآورد را حد پایین بخوانید"
    ),
    "hidden share": "سهم گروه پنهان",
    "harder to record": "دشوارتر در ثبت",
    "Run linkage": "اجرای پیوند",
    "Linkage": "پیوند",
    "Running": "در حال اجرا",
    "Finished": "پایان یافت",
    "Persons": "افراد",
    "Estimates stored": "برآوردهای ذخیره‌شده",
    "This page follows it; you can leave it and come back.": (
        "این صفحه آن را دنبال می‌کند؛ می‌توانید آن را ترک کنید و بازگردید."
    ),
    "Sources assigned": "منابع واگذارشده",
    "Active": "فعال",
    "Change password": "تغییر گذرواژه",
    "New password": "گذرواژه تازه",
    "Place suggestions": "پیشنهاد مکان",
    "Resolved place": "مکان شناسایی‌شده",
    "Not allowed": "مجاز نیست",
    "Not found": "یافت نشد",
    "Error": "خطا",
    "Stratify by": "لایه‌بندی بر اساس",
    "Seed": "بذر",
    "none": "هیچ",
    "By stratum": "بر حسب لایه",
    "List overlap": "هم‌پوشانی فهرست‌ها",
    "Deaths per day": "کشته‌ها در هر روز",
    "Map": "نقشه",
    "Contested figures": "ارقام مورد مناقشه",
    "said by": "به گفته",
    "API documentation": "مستندات API",
    "Project": "پروژه",
}


def translate(text: str, lang: str) -> str:
    if lang == "fa":
        return FA.get(text, text)
    return text


def digits(text: Any, lang: str) -> str:
    s = "" if text is None else str(text)
    return s.translate(_FA_DIGITS) if lang == "fa" else s


def fmt_num(v: Any, lang: str) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        s = f"{v:,.0f}"
    elif isinstance(v, int):
        s = f"{v:,}"
    else:
        s = str(v)
    return digits(s, lang)


def fmt_date(d: Any, lang: str, calendar: str, precision: str | None = "day") -> str:
    """A date as the user prefers: Jalali or Gregorian, Persian or Latin digits."""
    if d is None or d == "":
        return ""
    if isinstance(d, str):
        try:
            d = dt.date.fromisoformat(d[:10])
        except ValueError:
            return digits(d, lang)
    if isinstance(d, dt.datetime):
        stamp = d.strftime("%H:%M")
        return fmt_date(d.date(), lang, calendar, "day") + " " + digits(stamp, lang)
    precision = precision or "day"
    if calendar == "jalali":
        from undercount.normalize.dates import gregorian_to_jalali

        y, m, day = gregorian_to_jalali(d)
        if precision == "year":
            s = f"{y}"
        elif precision == "month":
            s = f"{(_JALALI_MONTHS_FA if lang == 'fa' else _JALALI_MONTHS_EN)[m - 1]} {y}"
        else:
            s = f"{y}/{m:02d}/{day:02d}"
        return digits(s, lang)
    if precision == "year":
        s = f"{d.year}"
    elif precision == "month":
        s = d.strftime("%Y-%m")
    else:
        s = d.isoformat()
    return digits(s, lang)
