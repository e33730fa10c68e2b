"""Persian-script names: the rules and word lists that find a name written in Persian.

A name apposed to a role or an office ("محمود امیری مقدم، مدیر …"), after آقای or خانم,
whose words are said ("اظهارات X", "X گفت"), quoted after نام ("نام این زندانی را «X» اعلام
کرد"), followed by an age ("داریوش کریمی، ۲۲ ساله"), given after "به نام" or a naming phrase
("نامشان A و B"), before فرزند, or led by a known given name or ending in a family name's
suffix (زاده, پور, نژاد) in a sentence that reports a violation or speech. Used by
:func:`undercount.extract.names._candidates`; the lexicons are passed in.
"""

from __future__ import annotations

import re
from itertools import islice

from undercount.extract.text import FA_NOT_NAME, FA_ROLE_WORDS, Sentence

_FA_NAME_AGE = re.compile(
    r"(?P<name>[\u0621-\u06cc\u200c]{2,}(?:\s+[\u0621-\u06cc\u200c]{2,}){1,2})\s*،\s*"
    # "X، ۲۲ ساله", "X، زن ۲۲ ساله کرد", "X، معترض ۳۵ ساله": an age in the apposition
    r"(?:[\u0621-\u06cc\u200c]{2,}\s+){0,2}?(?P<age>\d{1,3})\s*ساله"
)
# "محمود امیری مقدم، مدیر سازمان …" (a name apposed to a role), "آقای رحمان", "خانم نرگس محمدی"
_FA_NAME_ROLE = re.compile(
    r"(?:(?<![\w\u200c])(?P<hon>آقای|خانم)\s+(?P<name>[\u0621-\u06cc\u200c]{2,}"
    r"(?:\s+(?![\u0621-\u06cc\u200c]*(?:در|به|از|که|و|گفت|نوشت)(?![\w\u200c]))"
    r"[\u0621-\u06cc\u200c]{2,}){0,2})"
    r"|(?:^|(?<=[.،:»\n]))\s*(?P<name2>[\u0621-\u06cc\u200c]{2,}(?:\s+[\u0621-\u06cc\u200c]{2,}){1,2})"
    rf"\s*،\s*(?P<role>{FA_ROLE_WORDS})(?![\w\u200c]))"
)
# "اظهارات حسین نقوی حسینی را", "سارا ساندرز میگوید": a name whose words are said, when its first
# word is a known given name
_FA_NAME_SAYS = re.compile(
    r"(?:(?:اظهارات|سخنان|گفته‌های|گفته های|به[\u200c ]?گفته)\s+(?P<a>[\u0621-\u06cc\u200c]{2,}"
    r"(?:\s+[\u0621-\u06cc\u200c]{2,}){1,2})(?=\s+(?:را|،|گفت|نوشت))"
    r"|(?:^|(?<=[.،:»\n]))\s*(?P<b>[\u0621-\u06cc\u200c]{2,}(?:\s+[\u0621-\u06cc\u200c]{2,}){1,2})"
    r"\s+(?:می[\u200c ]?گوید|گفت|نوشت|افزود)(?![\w\u200c]))"
)
# Offices whose holders speak for an organisation: a name apposed to one is a person even when
# its first name is not a known given name ("فیلیپ لوتر، مدیر …").
_FA_OFFICE = re.compile(
    r"مدیر|سخنگو|سخنگوی|رئیس|رییس|گزارشگر|دبیر|دبیرکل|نماینده|وزیر|دادستان|فرمانده|معاون|کمیسر"
)
# "نام این زندانی را «حسین خضری» اعلام کرد", "با نام «…»": a name quoted after نام
# also a quoted name followed by what the person is: "«رها بحرینی» پژوهشگر …", "«X» ورزشکار"
_FA_NAME_QUOTED = re.compile(
    r"(?:نام|هویت)[^.«»\n]{0,40}?«(?P<name>[\u0621-\u06cc\u200c]{2,}(?:\s+[\u0621-\u06cc\u200c]{2,}){1,3})»"
    r"|«(?P<name2>[\u0621-\u06cc\u200c]{2,}\s+[\u0621-\u06cc\u200c]{2,})»\s*،?\s*"
    r"(?=(?:پژوهشگر|ورزشکار|هنرمند|فعال|وکیل|خبرنگار|روزنامه[\u200c ]?نگار|نویسنده|شاعر|"
    r"مدیر|سخنگوی?|رئیس|رییس|گزارشگر|دبیر|نماینده|کارشناس)(?![\w\u200c]))"
)
_FA_VICTIM_CUE = re.compile(
    r"کشته|اعدام|بازداشت|دستگیر|شکنجه|ناپدید|زخمی|مجروح|جان باخت|"
    r"جان‌باخت|جانباخت|درگذشت|شلیک"
)
_FA_STOP = {
    "و",
    "در",
    "به",
    "از",
    "که",
    "این",
    "آن",
    "با",
    "روز",
    "شب",
    "امروز",
    "دیروز",
    "گفت",
    "نوجوان",
    "جوان",
    "معترض",
    "دانشجو",
    "زندانی",
    "کودک",
    "سال",
    "بهگفته",  # "به گفته" typed joined: "بهگفته X، رئیس …"
    "به\u200cگفته",
}

# "زندانی به نام X", "دو زندانی به نام‌های X و Y": the names given after نام
_FA_NAMED_AS = re.compile(
    r"(?<![\w\u200c])(?:به|با)\s+(?:نام|اسم)(?:[\u200c ]?(?:های|ها))?\s+"  # "به اسم" too
)
# "X فرزند Y": X is a person (Y, the father's first name, is left out)
_FA_CHILD_OF = re.compile(
    r"(?P<name>[\u0621-\u06cc\u200c]{2,}(?:\s+[\u0621-\u06cc\u200c]{2,}){1,2})\s+فرزند(?![\w\u200c])"
)
# Words that never continue a Persian name: function words, verbs, common nouns of the
# reports ("حسین در زندان", "علی را", "رضا گفت").
_FA_STOP_WORDS = frozenset(
    "و در به از که این آن با را هم نیز بود شد شده است اند کرد کرده گفت نوشت افزود سال ساله ماه "
    "روز شب پس پیش برای تا یا هر همه یک دو سه چهار پنج نفر تن زندان زندانی شهر استان روستای "
    "خیابان میدان بیمارستان دانشگاه مسجد امام حضرت اعدام کشته بازداشت دستگیر شکنجه معترض "
    "جوان نوجوان کودک دانشجو فعال کارگر زن مرد پدر مادر برادر خواهر همسر خانواده نام هویت "
    "مقامات نیروهای سازمان گروه ایران توسط پیش‌تر همچنین اما ولی فرزند "
    # "بامداد شنبه" (Saturday dawn: بامداد is also a given name), "از سوی دیگر", and "به گفته"
    # typed joined ("بهگفته X"): time words and cues, never part of a name
    "شنبه یکشنبه دوشنبه سه‌شنبه سهشنبه چهارشنبه پنجشنبه پنج‌شنبه جمعه دیگر بهگفته به‌گفته".split()
)
# A place or title named after a person: "خیابان امام علی", "بیمارستان امام حسین"
_FA_NAMED_PLACE_BEFORE = re.compile(
    r"(?:امام|حضرت|خیابان|میدان|بیمارستان|دانشگاه|مدرسه|دبیرستان|زندان|شهرک|محله|روستای|"
    r"مسجد|پایگاه|پادگان|سپاه|لشکر|تیپ|قرارگاه|بلوار|کوچه|پل|بندر)\s+$"
)
_FA_WORD = re.compile(r"[\u0621-\u06cc\u200c]{2,}")


def _fa_name_at(
    s: str, pos: int, given: frozenset[str], need_given: bool, family: frozenset[str]
) -> str | None:
    """The Persian name (two or three words) starting at ``pos``, or None."""
    words = []
    for m in _FA_WORD.finditer(s, pos):
        if s[pos if not words else words[-1][1] : m.start()].strip():
            break  # punctuation or a digit between: the name ended
        words.append((m.group(0), m.end()))
        if len(words) == 3:
            break
    toks = [w for w, _ in words]
    while toks and toks[-1] in _FA_STOP_WORDS:
        toks.pop()
    if len(toks) < 2 or toks[0] in _FA_STOP_WORDS or toks[1] in _FA_STOP_WORDS:
        return None
    if FA_NOT_NAME.match(toks[0]) or (need_given and toks[0] not in given):
        return None
    if len(toks) == 3 and not (toks[2] in given or toks[2] in family):
        toks = toks[:2]  # "حسین خضری اعدام": two words unless the third is a known name
    return " ".join(toks)


# A naming phrase: "نامشان", "نام دو نفر از آنها", "هویت این چهار کولبر", "نام این سه زندانی
# در این گزارش" (not "به نام", read by _FA_NAMED_AS; not "ثبت نام")
_FA_NAME_LIST = re.compile(
    r"(?<![\w\u200c])(?<!به )(?<!با )(?<!ثبت )"
    r"(?:نام(?:شان|هایشان|[\u200c ]هایشان|های|[\u200c]های)?|هویت(?:شان)?)(?![\w\u200c])"
)


_FA_PLACE_NOUN = re.compile(
    r"\s*(?:این\s+|آن\s+)?(?:شهر|استان|روستا|زندان|خیابان|محله|منطقه|مناطق|کشور|سازمان|گروه|"
    r"نهاد|حزب|روزنامه|رسانه|بیمارستان|دانشگاه)"
)
_FA_FUNCTION_WORDS = frozenset(
    "و در به از که این آن با را هم نیز یا تا برای بود شد است اند شده".split()
)


def _fa_name_items(s: str, pos: int, given: frozenset[str]) -> list[tuple[int, int]]:
    """Spans of a list of two-word names at ``pos`` after a naming phrase ("هاوری مرادی، دیاکو
    فتاحی، کمال دستوانه و …"), or none.

    In such a list an item need not start with a known given name, and its family name may be
    a common word ("رحمان جوان"): the list is what shows they are names. It is taken only when
    it has three items or more, or two of which one starts with a known given name.
    """
    items: list[tuple[int, int]] = []
    while pos < len(s):
        w1 = _FA_WORD.match(s, pos)
        w2 = _FA_WORD.match(s, w1.end() + 1) if w1 and s[w1.end() : w1.end() + 1] == " " else None
        if not w1 or not w2 or {w1.group(0), w2.group(0)} & _FA_FUNCTION_WORDS:
            break
        items.append((w1.start(), w2.end()))
        sep = re.match(r"\s*[،,]\s*(?:و\s+)?|\s+و\s+", s[w2.end() :])
        if not sep:
            break
        pos = w2.end() + sep.end()
    if len(items) >= 3 or len(items) == 2 and any(s[a:b].split()[0] in given for a, b in items):
        return items
    return []


def _fa_list_from(
    s: str, pos: int, sent: Sentence, given: frozenset[str], family: frozenset[str]
) -> list[tuple[int, int, str, Sentence]]:
    """The names of a list starting at ``pos`` ("علی احمدی، رضا کریمی و حسن یوسفی"), each a
    candidate, up to the first item that is no name."""
    out = []
    while pos < len(s):
        name = _fa_name_at(s, pos, given, need_given=False, family=family)
        if not name:
            break
        a = s.index(name, pos)
        out.append((sent.start + a, sent.start + a + len(name), name, sent))
        nxt = re.match(r"\s*(?:،|,|و)\s*(?:و\s+)?", s[a + len(name) :])
        if not nxt:
            break
        pos = a + len(name) + nxt.end()
    return out


def _fa_more_candidates(
    s: str,
    sent: Sentence,
    given: frozenset[str],
    family: frozenset[str],
    *,
    lexicon: bool = True,
) -> list[tuple[int, int, str, Sentence]]:
    """Persian names given after نام, before فرزند, or led by a known given name in a
    sentence that reports a violation or speech."""
    out = []
    for m in _FA_NAMED_AS.finditer(s):
        # "به نام‌های علی احمدی، رضا کریمی و حسن یوسفی": every name of the list
        out += _fa_list_from(s, m.end(), sent, given, family)
    for m in _FA_NAME_LIST.finditer(s):
        # "نامشان A و B عنوان شده است", "هویت این چهار کولبر A، B، C … احراز شده است": the
        # list starts at the first known given name within a few words of the cue
        if _FA_PLACE_NOUN.match(s, m.end()):
            continue  # "نام شهرهای …", "نام زندان …": places, not people
        for w in islice(_FA_WORD.finditer(s, m.end()), 7):
            if s[m.end() : w.start()].strip(' «"“') and re.search(
                r"[.،,:؛]", s[m.end() : w.start()]
            ):
                break  # the naming phrase ended before any name
            items = _fa_name_items(s, w.start(), given)
            if items:
                out += [(sent.start + a, sent.start + b, s[a:b], sent) for a, b in items]
                break
            if _fa_name_at(s, w.start(), given, need_given=True, family=family):
                out += _fa_list_from(s, w.start(), sent, given, family)
                break
    for m in _FA_CHILD_OF.finditer(s):
        words = m.group("name").split()
        while words and words[0] in _FA_STOP_WORDS:
            words = words[1:]
        if len(words) >= 2 and not FA_NOT_NAME.match(words[0]):
            name = " ".join(words[-3:] if words[-3:][0] in given else words[-2:])
            a = m.start("name") + m.group("name").rfind(name)
            out.append((sent.start + a, sent.start + a + len(name), name, sent))
    if _FA_VICTIM_CUE.search(s) or _FA_SPEECH.search(s):
        # a family name by its suffix: "کیمیا علیزاده", "پژمان قلی‌پور", "مهدی کریم‌نژاد"
        for m in _FA_SURNAME.finditer(s):
            first = m.group("first")
            if (
                first in _FA_STOP_WORDS
                or first in _FA_STOP
                or FA_NOT_NAME.match(first)
                or m.group("last") in _FA_NOT_SURNAME
                or _FA_NOUN_ENDING.search(first)
                or _FA_NAMED_PLACE_BEFORE.search(s[: m.start()])
            ):
                continue
            name = f"{first} {m.group('last')}"
            out.append((sent.start + m.start(), sent.start + m.end(), name, sent))
        for m in _FA_WORD.finditer(s):
            if m.group(0) not in given or _FA_NAMED_PLACE_BEFORE.search(s[: m.start()]):
                continue
            name = _fa_name_at(s, m.start(), given, need_given=True, family=family)
            if name:
                out.append((sent.start + m.start(), sent.start + m.start() + len(name), name, sent))
    elif lexicon:
        # no violation or speech here: a name only when both words are known names of the
        # lexicon, a given name then a family name ("مهسا کریمی")
        words = list(_FA_WORD.finditer(s))
        for m, n in zip(words, words[1:], strict=False):
            if (
                m.group(0) in given
                and n.group(0) in family
                and not s[m.end() : n.start()].strip()
                and not _FA_NAMED_PLACE_BEFORE.search(s[: m.start()])
            ):
                name = _fa_name_at(s, m.start(), given, need_given=True, family=family)
                if name:
                    a = sent.start + m.start()
                    out.append((a, a + len(name), name, sent))
    return out


_FA_SURNAME = re.compile(
    r"(?<![\w\u200c])(?P<first>[\u0621-\u06cc]{2,})\s+"
    r"(?P<last>[\u0621-\u06cc\u200c]{2,}(?:زاده|پور|نژاد))(?![\w\u200c])"
)
# words with a surname's ending that are no surnames (prince, shrine, an official's son)
_FA_NOT_SURNAME = frozenset("شاهزاده امامزاده آقازاده حرامزاده".split())
# a first word that is a noun, not a given name: "پناهندگی علیزاده" (Alizadeh's asylum)
_FA_NOUN_ENDING = re.compile(r"(?:گی|ها|های|هایی)$")

# Verbs of saying ("X گفت": the one who speaks, not a victim)
_FA_SPEECH_VERBS = r"می[\u200c ]?گوید|گفت|نوشت|افزود|اعلام کرد"
_FA_SPEECH = re.compile(rf"(?:{_FA_SPEECH_VERBS})(?![\w\u200c])")
