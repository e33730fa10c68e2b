"""Named people: who is named in a text, and whether as victim, official or speaker.

Names are found by rule: runs of capitalised words that start with a known given name, or
that sit in a person context (a title before them, an age after them, a reporting verb after
them); in Persian, a name followed by an age (``"داریوش کریمی، ۲۲ ساله"``). A later mention by
family name alone ("Dehghan said") is the same person.

Roles, strongest first:

- ``victim``: the sentence says something was done to them ("X, 22, was shot", "the
  execution of X", "X died in custody");
- ``official``: a state title names them ("Interior Minister X", "X, the judiciary
  spokesman") — officials and alleged perpetrators;
- ``speaker``: they are quoted or say something; ``other`` otherwise.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from undercount.extract.numbers import ascii_digits, persian_letters
from undercount.extract.scope import MONTHS_EN, find_period, find_place
from undercount.extract.text import FA_NOT_NAME, FA_ROLE_WORDS, REPORT_VERBS_EN, Sentence

_GIVEN_EXTRA = """
Mohammad Mohammed Muhammad Ali Reza Hossein Hassan Mehdi Amir Ahmad Mahmoud Mostafa Morteza
Mojtaba Saeed Javad Hamid Rasoul Sajjad Omid Yousef Dariush Kian Arman Navid Pouya Nima Babak
Behnam Behrouz Farhad Farshid Kourosh Cyrus Kamran Majid Masoud Milad Mohsen Peyman Ramin
Shahin Siavash Vahid Hadi Hamed Abbas Ebrahim Ismail Esmail Jafar Karim Nasser Naser Rahim
Abdollah Abdullah Hamidreza Mohammadreza Alireza Gholamreza Amirhossein Sina Arash Aydin
Sara Sarah Nasrin Fatemeh Zahra Maryam Mahsa Nika Hadis Ghazaleh Shirin Narges Leila Layla
Mina Neda Parisa Roya Shadi Shima Somayeh Soheila Elham Azadeh Atena Golrokh Sepideh Nazanin
Niloufar Hengameh Farideh Fariba Mahnaz Minoo Zeynab Zeinab Masoumeh Kobra Diana Javaid
Sakineh Bahareh Armita Asra Hanieh Negin Yalda Ayda Mona Elnaz Jina Zhina Nikta Saman Toomaj
Hossein Majidreza Mohsen Saleh Danial Yasin Abolfazl Amin Erfan Mahan Ali-Reza
John James David Michael Peter Paul Mary Jane Anna Maria Thomas Robert William Richard
"""
_STOP = set(
    """
The A An In On At By For From With Without According After Before During Since Until As
Amnesty International Human Rights Watch Iran Iranian Islamic Republic Revolutionary Guard
Guards Corps Interior Ministry Minister Intelligence United Nations News Agency Red Crescent
Special Rapporteur State Police Network Center Centre Organisation Organization Council Court
Supreme Leader President Ayatollah Prison Hospital University Province City Street Square
Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mr Mrs Ms Dr Gen General Judge
Reuters BBC Persian Radio Farda Fars Tasnim Mehr ISNA IRNA HRANA Hengaw Kurdistan Kurdish
Baluch Tehran Shiraz Mahshahr Karaj Sanandaj Zahedan Izeh Sadra Qezelhesar Evin Khuzestan
Isfahan Tabriz Mashhad Ahvaz Kermanshah Rasht Qom Europe Europen UN EU US USA UK Twitter
Instagram Telegram Facebook Internet Office Commissioner Committee Bloody Woman Life Freedom
Although However Meanwhile Separately Earlier Later Both His Her Their Its They He She It We
This That These Those There Security Forces Judiciary Justice Parliament Majlis Basij Sepah
Protests Protesters Witnesses Officials Activists Twelve Eleven Forty Twenty
Thirty Fifty Sixty One Two Three Four Five Six Seven Eight Nine Ten Hundreds Thousands Dozens
Some Several Many Most All No Nearly About Around Over More Less At Least Between Up
Iraq Turkey Afghanistan Syria Lebanon Israel America American Europe European Western
Affairs Foreign Defense Defence Deputy Secretary Director Research Middle East North Africa
Asia Assembly Department Representative Envoy Spokesperson Spokesman Spokeswoman Rapporteur
Act Law Code Decree Constitution Article Colonel Brigadier Lieutenant Captain
""".split()
) | {m.rstrip(".") for m in MONTHS_EN.replace("\\.?", "").split("|")}

_TITLE_STATE = (
    r"interior minister|minister(?: of [A-Z][\w ]+)?|government spokes(?:man|woman|person)|"
    r"judiciary spokes(?:man|woman|person)|spokes(?:man|woman|person) (?:of|for) the "
    r"(?:judiciary|government|IRGC|Revolutionary Guards|Basij|police)|police chief|"
    r"chief of police|commander|prosecutor(?:-general)?|judge|governor(?:-general)?|president|"
    r"ayatollah|supreme leader|general|brigadier|colonel|IRGC (?:commander|general|officer)|"
    r"member of parliament|MP|lawmaker|official|head of the judiciary|chief justice|"
    r"interrogator|warden|officer"
)
_TITLE_BEFORE = re.compile(rf"(?:{_TITLE_STATE})\s+(?:[A-Z][\w'-]+\s+)?$", re.I)
_APPOSITIVE = re.compile(r"^\s*,\s*(?P<app>[^,.;\"“”]{2,80}?)\s*,")
_VICTIM_AFTER = re.compile(
    r"^(?:\s*,[^,.;]{0,80}(?=,)|\s+and\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3}){0,3}\s*"
    r"(?:,\s*\d{1,3}(?=\s+(?:was|were)\s))?\s*"  # "A and B, 28 were shot": an age
    r"(?:\(\d+\)\s*)?(?:\s*(?:who|was|were|had been|has been|is|got|reportedly|allegedly|later|"
    # any adverb between: "X was also briefly detained"
    r"also|then|both|[a-z]+ly|,))*\s*"
    r"(?P<verb>shot dead|shot|killed|executed|hanged|arrested|detained|tortured|beaten|"
    r"injured|wounded|disappeared|forcibly disappeared|abducted|died in custody|died|"
    r"sentenced to death|sentenced|taken into custody|summoned|held|imprisoned|jailed|"
    r"murdered|blinded|run over|lost (?:his|her) life|buried|laid to rest|poisoned|"
    r"among the (?:\w+ )?(?:victims|dead|killed|detainees)|taken from|has not been seen|"
    r"went missing)\b",
    re.I,
)
_VICTIM_BEFORE = re.compile(
    r"(?:killing|death|execution|hanging|arrest|detention|torture|disappearance|funeral|body|"
    r"murder|shooting|release|case|grave|family|families|victims?|victims include|named as|"
    r"identified as|among them|including|the teenager|the student|the protester)"
    r"(?:\s+of)?\s*$",
    re.I,
)
_VICTIM_BEFORE_STRICT = re.compile(
    r"(?:killing|death|execution|hanging|arrest|detention|torture|disappearance|funeral|"
    r"body|murder|shooting) of\s+(?:\d{1,3}[- ]year[- ]old\s+(?:[a-z-]+\s+){0,2})?$|"
    # "the death of 22-year-old X": the age between the violation and the name
    r"(?:victims? (?:include|included|were|named)|named as|"
    r"identified as)\s*$|"
    # "Those executed included X and Y", "… include X, 19, and Y": every name of the list
    r"\b(?:executed|killed|arrested|detained|dead|victims?|hanged) (?:include|included|were|are)"
    r"\s+(?:\d{1,3}-year-old\s+(?:[a-z-]+\s+){0,2})?"
    r"(?:(?:[A-Z][\w'’-]+\s*){1,4}(?:,\s*\d{1,3}\s*)?(?:,|and)\s*(?:and\s+)?){0,6}$|"
    # the object of a violation: "Police shot dead Ali Hassan", "killed protester Ahmed Salah"
    r"\b(?:killed|shot dead|executed|hanged|arrested|detained|abducted|kidnapped|tortured|"
    r"murdered)\s+(?:(?:the\s+)?(?:protester|demonstrator|activist|student|journalist|teenager|"
    r"blogger|lawyer|teacher|worker|dissident|prisoner|detainee)\s+)?$",
    re.I,
)
# "The family of Nika Shakarami said she was killed": the relative speaks, the one named is
# the victim (when the sentence names a violation)
_KIN_OF_BEFORE = re.compile(
    r"\b(?:family|families|relatives?|mother|father|brother|sister|widow|son|daughter|parents)"
    r"\s+of\s*$",
    re.I,
)
# "29-year-old", also typed "29 year-old" and "16-year old"
_AGE_BEFORE = re.compile(r"(\d{1,3})[- ]year[- ]old\s+(?:[\w-]+\s+){0,3}$")
_AGE_AFTER = re.compile(
    r"^\s*[,(]\s*(?:aged\s+)?(\d{1,3})\s*(?:[,)]|(?=\s+(?:was|were|and)\s))"
    r"|^\s*,?\s*aged\s+(\d{1,3})\b"
    r"|^\s*،\s*(\d{1,3})\s*ساله"
)
_SPEAK_AFTER = re.compile(rf"^(?:\s*,[^,.;]{{0,80}},)?\s*,?\s*(?:{REPORT_VERBS_EN})\b", re.I)
_VIOLATION = [
    ("death_in_custody", r"died in custody|death in custody|died in detention|died in prison"),
    ("execution", r"executed|hanged|execution|hanging|اعدام"),
    (
        "killing",
        r"shot dead|killed|murdered|died|killing|death|shot|run over|lost (?:his|her) "
        r"life|کشته|جان باخت|جان‌باخت|جانباخت",
    ),
    ("torture", r"tortured|beaten|torture|شکنجه"),
    ("enforced_disappearance", r"disappeared|abducted|disappearance|ناپدید"),
    ("injury", r"injured|wounded|blinded|زخمی|مجروح"),
    (
        "arbitrary_detention",
        r"arrested|detained|taken into custody|held|imprisoned|jailed|"
        r"summoned|sentenced|arrest|detention|بازداشت|دستگیر",
    ),
]
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
_FA_OFFICE_AFTER = re.compile(
    r"\s*،\s*(?:مدیر|سخنگو|سخنگوی|رئیس|رییس|گزارشگر|دبیر|دبیرکل|نماینده|وزیر|دادستان|"
    r"فرمانده|معاون|کمیسر)(?![\w\u200c])"
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

# a capitalised word, accented letters included ("Türk", "Gómez", "Łukaszenka")
_UP = r"[A-ZÀ-ÖØ-Þ\u0100-\u017f]"
_LOW = r"[a-zß-öø-ÿ\u0100-\u017f'’]"
_CAP = rf"{_UP}{_LOW}+(?:-{_UP}?{_LOW}+)?"
# a particle inside a name: "Bashar al-Assad", "Ali al Bayati", "Ursula von der Leyen"
_PARTICLE = r"(?:(?:al|el|bin|ibn|van|von|der|de|da|di|del)\s+|(?:al|el|ad|as|ash)-)"
# a middle initial after the first name: "Stephen J. Adler"
_NAME_RE = re.compile(
    rf"(?<![\w'’-])(?:{_CAP})(?:\s+{_UP}\.(?=\s+{_UP}{_LOW}))?"
    rf"(?:\s+{_PARTICLE}{{0,2}}(?:{_CAP})){{0,5}}(?![\w'’-])"
)
_HONORIFIC = re.compile(r"(?:Mr|Mrs|Ms|Dr|Miss)\.?\s+$")
# Roles that mark the capitalised words next to them as a person's name (not organisations).
_ROLE_WORDS = (
    r"director|researcher|spokes(?:man|woman|person)|rapporteur|representative|envoy|"
    r"secretary|secretary-general|commissioner|minister|commander|chief|head|prosecutor|judge|"
    r"governor|lawyer|activist|journalist|leaders?|prisoner|defender|advisor|adviser|"
    r"president|officer|official|deputy|doctor|professor|founder|chair(?:man|woman|person)?|"
    r"mep|mp|senator|lawmaker|ambassador|legislator|councillor|mayor|"
    # people reported on: "Protester Majidreza Rahnavard", "X, a 23-year-old student"
    r"protester|demonstrator|student|teenager|detainee|dissident|blogger|rapper|teacher|"
    r"organi[sz]er|candidate|member|coordinator|laureate"
)
# A title token, hyphenated compounds included ("Prosecutor-General", "Vice-President").
_ROLE_TOKEN = re.compile(
    rf"(?:[a-z]+-)?(?:{_ROLE_WORDS}|ombuds(?:man|woman|person)|attorney)"
    r"(?:-(?:general|in-chief|elect))?$",
    re.I,
)
_ROLE_APPOS_AFTER = re.compile(
    rf"^(?:\s*,|\s+(?:is|was)\s)\s*(?:the\s+|a\s+|an\s+)?(?:[\w'’.-]+\s+){{0,7}}?(?:{_ROLE_WORDS})\b",
    re.I,
)
# "Joe Stork of Human Rights Watch said", "Jane Doe told": a speaker is a person unless the
# words name an organisation.
_SAYS_AFTER = re.compile(
    r"^(?:\s+of\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,4})?\s+"
    r"(?:said|says|told|added|wrote|writes|noted|stressed|warned|explained)\b"
)
_ORG_WORD = re.compile(
    r"(?:Commission|Office|Ministry|Network|Organi[sz]ation|Group|Council|Agency|Watch|"
    r"International|Centre|Center|Committee|Association|Union|Party|Front|Army|Forces|Police|"
    r"Court|Media|News|Times|Post|Radio|TV|Television|Press|Institute|Foundation|University|"
    r"Department|Mission|Programme|Program|Fund|Bank|Government|Authorities|Officials|Guards?|"
    r"Corps|Campaign|Coalition|Movement|Society|Service|Services|Project|Monitor|Observatory|"
    r"Board|Parliament|Assembly|Senate|Congress|Embassy|Daily|Journal|Tribune|Herald|Agencies|"
    r"Rights|Human|Amnesty|Reporters|Doctors|Physicians|Lawyers|Activists|Sources|Officers|"
    r"Residents|Witnesses|Families|Relatives|Protesters|Students|Workers|State|Republic|"
    r"Kingdom|Nations|Authority|Administration|Directorate|Bureau|Tribunal|Prosecutor)"
)
_PLACE_BEFORE = re.compile(
    r"\b(?:town|city|village|province|district|region|neighbou?rhood|camp|port|capital)\s+of\s+$",
    re.I,
)
# "the rapporteur X", "said X", and an apposition after a role: "one of the organizers, X"
_ROLE_BEFORE = re.compile(
    rf"(?:\b(?:{_ROLE_WORDS})|\b(?:said|told|says|according to|declared|added|noted|stated|"
    rf"stressed|explained|warned|maintained|insisted|wrote)|\b(?:{_ROLE_WORDS})s?\s*,|"
    # a role with its complement: "Secretary of State Mike Pompeo", "UN High Commissioner for
    # Human Rights, Michelle Bachelet"
    rf"\b(?:{_ROLE_WORDS})\s+(?:of|for|on|to|at|in)\s+(?:the\s+)?(?-i:(?:[A-Z][\w'’-]*\s+){{0,4}}"
    r"[A-Z][\w'’-]*)\s*,?)\s+$",
    re.I,
)
# The object of a violation behind its title: "Gunmen killed Oscar Foundation director X",
# "police arrested opposition leader X"
_VICTIM_OBJECT_TITLED = re.compile(
    # a verb in lower case: "Detained opposition leaders X and Y" opens with an adjective
    r"\b(?-i:killed|shot dead|executed|hanged|arrested|detained|abducted|kidnapped|tortured|"
    rf"murdered)\s+(?:the\s+)?(?:[\w'’-]+\s+){{0,4}}?(?:{_ROLE_WORDS})\s+$",
    re.I,
)
# A possessive that only a person has: "Muammar Gaddafi's four decades in power", "Aung San
# Suu Kyi's government", "Mahsa Amini's death"
_PERSON_POSSESSIVE = re.compile(
    r"^['’]s\s+(?:[\w-]+\s+){0,2}?(?:government|regime|rule|administration|presidency|"
    r"premiership|decades|son|daughter|wife|husband|family|mother|father|brother|sister|"
    r"lawyer|death|killing|arrest|execution|funeral|body|grave)\b"
)
# "Mahsa Amini's death", "Navalny's arrest": what was done to the one named
_VICTIM_POSSESSIVE = re.compile(
    r"^['’]s\s+(?:[\w-]+\s+)?(?:death|killing|murder|arrest|detention|execution|hanging|"
    r"torture|disappearance|abduction|funeral|body|grave)\b"
)
# An apposition that counts the one named among the victims: "X، از جانباختگان خیزش", "X, one
# of those killed"
_VICTIM_OF_GROUP = re.compile(
    r"^\s*[،,]\s*(?:(?:یکی|یک تن)\s+)?از\s+(?:جان[\u200c ]?باختگان|کشته[\u200c ]?شدگان|"
    r"قربانیان|اعدام[\u200c ]?شدگان|بازداشت[\u200c ]?شدگان)(?![\w\u200c])|"
    r"^\s*,\s*(?:one|among)\s+(?:of\s+)?(?:the|those)\s+(?:victims|killed|dead|executed|"
    r"detained|arrested)\b"
)
# "Badri Hosseini Khamenei, who lives in Iran": a relative clause of a person
_WHO_AFTER = re.compile(r"^\s*,\s*who\s")


@functools.cache
def fa_name_lexicon() -> tuple[frozenset[str], frozenset[str]]:
    """Given names (Persian and Latin script) and Persian family names of the bundled lexicon
    (``normalize/data/fa_names.tsv``, shared with the name keys).

    Single name parts borne by several of 6,000 real Iranian victims (Iran Memorial, CC BY-SA
    4.0) and the given names of the ``persian-names`` package (MIT); built by
    ``scripts/build_fa_names.py``, which says how they were chosen and cleaned.

    Returns
    -------
    (given, family) : tuple of frozenset of str

    Examples
    --------
    >>> given, family = fa_name_lexicon()
    >>> "مهسا" in given and "کریمی" in family
    True
    """
    given: set[str] = set()
    family: set[str] = set()
    text = resources.files("undercount.normalize").joinpath("data/fa_names.tsv").read_text("utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        kind, name = line.split("\t")[:2]
        (family if kind == "f" else given).add(name)  # "g" Persian, "gl" Latin given names
    return frozenset(given), frozenset(family)


@functools.lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Given names that cue a person: the built-in table, the Persian lexicon, a few more."""
    from undercount.normalize import known_names

    return frozenset(set(_GIVEN_EXTRA.split()) | known_names("g") | fa_name_lexicon()[0])


@functools.cache
def _curated_names() -> tuple[frozenset[str], frozenset[str]]:
    """Given and family names of the curated lists alone (the built-in name table and
    ``_GIVEN_EXTRA``), without the bundled Persian lexicon: what a name needs to be more than
    a lexicon-only person (see :func:`extract_people`)."""
    from undercount.normalize import known_names

    given = frozenset(set(_GIVEN_EXTRA.split()) | known_names("g"))
    family = frozenset(w for w in known_names("f") if len(w) > 3)
    return given, family


@functools.cache
def _lexicon_only_words() -> frozenset[str]:
    """Name parts that only the Persian lexicon knows: a sentence without one of them yields
    the same candidates with or without the lexicon."""
    given, family = fa_name_lexicon()
    old_given, old_family = _curated_names()
    return frozenset((given - old_given) | (family - old_family))


_ANY_WORD = re.compile(r"[\w\u200c'’]+")


def _curated_spans(
    sentences: Sequence[Sentence],
) -> tuple[set[int], list[tuple[int, int]]]:
    """Where the curated name lists alone find names: the starts of the sentences the lexicon
    cannot change (no lexicon-only name part in them) and, for the others, the name spans
    found without the lexicon, sorted and none inside another (so their ends are sorted too).

    Only the sentences holding a lexicon-only word are read a second time: linear.
    """
    lex = _lexicon_only_words()
    unchanged: set[int] = set()
    changed: list[Sentence] = []
    for sent in sentences:
        words = _ANY_WORD.findall(persian_letters(sent.text))
        if any(w in lex or w.removesuffix("'s").removesuffix("’s") in lex for w in words):
            changed.append(sent)
        else:
            unchanged.add(sent.start)
    spans = sorted({(a, b) for a, b, _, _ in _candidates("", changed, lexicon=False)})
    return unchanged, spans


def _overlaps(spans: list[tuple[int, int]], ends: list[int], a: int, b: int) -> bool:
    """Whether ``(a, b)`` overlaps one of ``spans`` (sorted, none inside another; ``ends``
    their ends): the first span ending after ``a`` is the only one to check."""
    i = bisect.bisect_right(ends, a)
    return i < len(spans) and spans[i][0] < b


def name_skeleton(name: str) -> str:
    """A spelling-blind key of a name: the project's name key, joined, without vowels or h.

    "Mohseni-Ejei", "Mohseni Ejei" and "Mohseniejei" share one; so do "Talduwa" and
    "Thalduwa", and "محمد رضایی" and "Mohammad Rezaei".
    """
    from undercount.normalize import name_key

    key = name_key(name).replace(" ", "")
    return key[:1] + re.sub(r"[aeiouh]", "", key[1:]) if key else ""


def full_name_for(word: str, names: Sequence[str]) -> str | None:
    """The full name among ``names`` that a family name alone refers to, if exactly one does."""
    sk = _skeleton_cached(word)
    if not sk:
        return None
    found = {
        n
        for n in names
        if len(n.split()) >= 2
        and n != word
        and sk
        in (
            _skeleton_cached(n.split()[-1]),
            _skeleton_cached(" ".join(n.split()[-2:])),
            _skeleton_cached(n),
        )
    }
    return found.pop() if len(found) == 1 else None


@dataclass
class NamedPerson:
    """A person named in the text, with the mentions and the evidence of their role."""

    name: str
    role: str = "other"
    evidence: str = ""
    sentence: str = ""
    span: tuple[int, int] = (0, 0)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    age: int | None = None
    date: Any = None
    date_text: str | None = None
    place: str | None = None
    province: str | None = None
    city: str | None = None
    violation: str | None = None
    variants: list[str] = field(default_factory=list)
    # found only thanks to the Persian name lexicon (no mention found by the curated lists):
    # a victim only on a direct construction (see ``extract_people``); not exported
    lexicon_only: bool = field(default=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "variants": self.variants,
            "role": self.role,
            "evidence": self.evidence,
            "sentence": self.sentence,
            "span": list(self.span),
            "mentions": [list(m) for m in self.mentions],
            "age": self.age,
            "date": self.date.iso() if self.date is not None else None,
            "date_text": self.date_text,
            "place": self.place,
            "province": self.province,
            "city": self.city,
            "violation": self.violation,
        }


MAX_MENTIONS = 200  # per person: enough for any article, bounded for hostile input
_RANK = {"victim": 3, "official": 2, "speaker": 1, "other": 0}


def _candidates(
    text: str, sentences: Sequence[Sentence], *, lexicon: bool = True
) -> list[tuple[int, int, str, Sentence]]:
    """Name spans ``(start, end, name, sentence)`` of ``sentences``.

    With ``lexicon=False`` the Persian name lexicon is left out (curated name lists only): the
    names found then are those found before the lexicon, which alone may become victims on a
    violation anywhere later in their sentence (see :func:`extract_people`).
    """
    given, family = (given_names(), _family_names()) if lexicon else _curated_names()
    out = []
    for sent in sentences:
        s = sent.text
        for m in _NAME_RE.finditer(s):
            toks = m.group(0).split()
            a = m.start()
            # Drop leading and trailing words that are not name words.
            while toks and (toks[0] in _STOP or toks[0].rstrip("'’s") in _STOP):
                a += len(toks[0]) + 1
                toks = toks[1:]
            while toks and toks[-1] in _STOP:
                toks = toks[:-1]
            role_at = max((i for i, t in enumerate(toks) if _ROLE_TOKEN.match(t)), default=-1)
            titled = False
            if role_at >= 0 and len(toks) - role_at - 1 >= 2:
                # "Research Director Philip Luther": the name follows its title
                a += sum(len(t) + 1 for t in toks[: role_at + 1])
                toks = toks[role_at + 1 :]
                titled = True
                while len(toks) > 2 and toks[0] in _STOP:
                    # "Prosecutor General Berik Asylov": a rank after the title is a title too
                    a += len(toks[0]) + 1
                    toks = toks[1:]
            elif role_at >= 0:
                continue
            if not toks or len(toks) > 4:
                continue
            name = " ".join(toks)
            if name.endswith(("'s", "’s")):
                name = name[:-2]
                toks = name.split()
            b = a + len(name)
            before = s[max(0, a - 60) : a]
            after = s[b : b + 100]
            if _PLACE_BEFORE.search(before):
                continue  # "the nearby town of Al Bayda": a place, not a person
            context = (
                _HONORIFIC.search(before)
                or _AGE_AFTER.match(after)
                or _AGE_BEFORE.search(before)
                or _TITLE_BEFORE.search(before)
                or (len(toks) >= 2 and (titled or _ROLE_BEFORE.search(before)))
                or (len(toks) >= 2 and _ROLE_APPOS_AFTER.match(after))
                or (
                    len(toks) in (2, 3, 4)
                    and _PERSON_POSSESSIVE.match(after) is not None
                    and not any(_ORG_WORD.fullmatch(t) or _PLACE_WORD.fullmatch(t) for t in toks)
                )
                or (
                    len(toks) in (2, 3, 4)
                    and _WHO_AFTER.match(after) is not None
                    and not any(_ORG_WORD.fullmatch(t) or _PLACE_WORD.fullmatch(t) for t in toks)
                )
                or (
                    len(toks) in (2, 3)
                    and _SAYS_AFTER.match(after)
                    and not any(_ORG_WORD.fullmatch(t) for t in toks)
                )
                # the subject of a violation suffered: "Omar Bashir Hamid was detained" (not
                # "Zurmat District, Paktiya Province, killed a civilian": the one who killed)
                or (
                    len(toks) in (2, 3)
                    and _suffers_after(after)
                    and not any(_ORG_WORD.fullmatch(t) or _PLACE_WORD.fullmatch(t) for t in toks)
                )
                # an outlet's reporter: "as VOA's Zlatica Hoke reports"
                or (
                    len(toks) in (2, 3)
                    and re.search(r"[A-Za-z]['’]s\s+$", before) is not None
                    and re.match(r"\s+report(?:s|ed)\b", after) is not None
                )
                # an item of the list a naming phrase opens: "The names of the protesters
                # are A B, C D and E F"
                or (
                    len(toks) in (2, 3)
                    and _in_naming_list(s, a)
                    and not any(_ORG_WORD.fullmatch(t) or _PLACE_WORD.fullmatch(t) for t in toks)
                )
            )
            if len(toks) >= 2 and (toks[0] in given or context):
                out.append((sent.start + a, sent.start + b, name, sent))
            elif len(toks) == 1 and _HONORIFIC.search(before):
                out.append((sent.start + a, sent.start + b, name, sent))
        s = persian_letters(s)  # "دستگير" is "دستگیر": same length, same offsets
        for m in _FA_NAME_ROLE.finditer(s):
            g = "name" if m.group("name") else "name2"
            words = m.group(g).split()
            while words and words[0] in _FA_STOP:
                words = words[1:]
            if m.group("hon") is not None:
                # "آقای صالحی اما …": the surname alone, a first name only when it is known
                words = words[:3] if words and words[0] in given else words[:1]
            name = " ".join(words)
            if m.group("hon") is None and (
                len(words) < 2 or not (words[0] in given or _FA_OFFICE.match(m.group("role")))
            ):
                continue  # an unknown first name with a weak role: not sure it is a name
            if FA_NOT_NAME.match(name) or (words and words[-1] in _FA_STOP_WORDS):
                continue  # "محمود امیری مقدم، مدیر …", "آقای رحمان", "از سوی دیگر، دادستان"
            a = m.start(g) + m.group(g).rfind(name)
            out.append((sent.start + a, sent.start + a + len(name), name, sent))
        for m in _FA_NAME_SAYS.finditer(s):
            g = "a" if m.group("a") else "b"
            words = m.group(g).split()
            if words[0] not in given or FA_NOT_NAME.match(m.group(g)):
                continue
            a = m.start(g)
            out.append((sent.start + a, sent.start + a + len(m.group(g)), m.group(g), sent))
        for m in _FA_NAME_QUOTED.finditer(s):
            g = "name" if m.group("name") else "name2"
            name = m.group(g)
            if g == "name2" and FA_NOT_NAME.match(name):
                continue
            out.append((sent.start + m.start(g), sent.start + m.end(g), name, sent))
        if _ARABIC_SCRIPT.search(s):
            out += _fa_more_candidates(s, sent, given, family, lexicon=lexicon)
        for m in _FA_NAME_AGE.finditer(ascii_digits(s)):
            words = m.group("name").split()
            while words and words[0] in _FA_STOP:
                words = words[1:]
            if len(words) > 2:
                words = words[-2:] if words[-3] not in given else words[-3:]
            if len(words) < 2:
                continue
            name = " ".join(words)
            a = m.start("name") + m.group("name").rfind(name)
            out.append((sent.start + a, sent.start + a + len(name), name, sent))
    # a name found by two rules, once cut short ("محمود امیری" in "محمود امیری مقدم"): the longer
    inside = _contained_spans({(a, b) for a, b, _, _ in out})
    return [c for c in out if (c[0], c[1]) not in inside]


def _contained_spans(spans: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """The spans that lie inside another, different span of ``spans``.

    One sweep in (start, longest first) order: every span seen before this one is different
    and starts no later, so this one is inside one of them exactly when the furthest end seen
    so far reaches its end (linear after the sort; a long document has thousands of spans).
    """
    inside: set[tuple[int, int]] = set()
    furthest = -1
    for a, b in sorted(spans, key=lambda s: (s[0], -s[1])):
        if furthest >= b:
            inside.add((a, b))
        furthest = max(furthest, b)
    return inside


_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF]")
_PLACE_WORD = re.compile(
    r"District|Province|Region|County|Governorate|City|Town|Village|Square|Street|Prison|"
    r"Camp|Township|State"
)


def _suffers_after(after: str) -> bool:
    """Whether a violation verb after a name is suffered ('was detained', 'died')."""
    vm = _VICTIM_AFTER.match(after)
    return bool(
        vm and re.search(r"\b(?:was|were|been|died|disappeared|missing)\b", vm.group(0), re.I)
    )


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
        for w in list(_FA_WORD.finditer(s, m.end()))[:7]:
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


@functools.cache
def _family_names() -> frozenset[str]:
    from undercount.normalize import known_names

    return frozenset(w for w in known_names("f") if len(w) > 3) | fa_name_lexicon()[1]


# An office just before a Persian name, within its clause ("وزیر کشور احمد وحیدی",
# "فرمانده انتظامی استان حسن کریمی"): the holder of the office, not a victim of the violation
# the sentence reports.
_FA_OFFICE_BEFORE = re.compile(
    r"(?<![\w\u200c])(?P<office>مدیر|سخنگوی?|رئیس|رییس|دبیرکل|نماینده|وزیر|دادستان|فرمانده|"
    r"معاون|قاضی|استاندار|فرماندار|بازپرس|رئیس‌جمهور|رییس‌جمهور)"
    r"(?:\s+[\u0621-\u06cc\u200c]+){0,3}\s+$"
)
# Offices of the state among them: their holders are officials.
_FA_STATE_OFFICE = frozenset(
    "وزیر دادستان فرمانده قاضی استاندار فرماندار بازپرس رئیس‌جمهور رییس‌جمهور".split()
)

# Verbs of saying ("X گفت": the one who speaks, not a victim)
_FA_SPEECH_VERBS = r"می[\u200c ]?گوید|گفت|نوشت|افزود|اعلام کرد"
# Verbs of saying and reporting: a Persian name they follow is the one who speaks or reports
_FA_REPORTS = (
    _FA_SPEECH_VERBS + r"|گزارش داد|گزارش کرد|خبر داد|تایید کرد|"
    r"تأیید کرد|اظهار داشت|اظهار کرد|ادعا کرد|تاکید کرد|تأکید کرد|هشدار داد|توضیح داد|"
    r"اعلام کرده|خبر داده|گزارش داده"
)
# Direct victim constructions for a name only the lexicon finds. After the name, within its
# clause: at most six words (no punctuation; no "که" or "و" opening another clause; no "از",
# "درباره", "برای", "علیه" opening a phrase about someone else's fate, "از سوی" aside), then
# the violation as the clause's verb ("X در زندان قزلحصار اعدام شد", "X را بازداشت کردند",
# "X به اعدام محکوم شد", "X در زندان درگذشت"), not as a noun ("X از بازداشت دو معترض انتقاد
# کرد").
_FA_DIRECT_AFTER = re.compile(
    r"(?:\s*،\s*[^،.]{0,20}?ساله\s*،)?"  # an age between commas: "X، ۲۳ ساله، اعدام شد"
    r"\s*(?:(?!(?:که|و|درباره|برای|علیه)(?![\w\u200c]))(?!از\s+(?!سوی|طرف))"
    r"[\u0621-\u06cc\u200c\d۰-۹]+\s+){0,6}?"
    rf"(?:به\s+(?:{_FA_VICTIM_CUE.pattern})[\w\u200c]*\s+محکوم|"
    r"(?:جان[\u200c ]?باخت|جانباخت|درگذشت)|"
    rf"(?:{_FA_VICTIM_CUE.pattern})[\w\u200c]*\s+"
    r"(?:شد|شده|شدند|گردید|گردیده|کردند|کرده|کرد|شود|شوند|است|بود|اند)(?![\w\u200c]))"
)
# Before the name: a violation or victim noun right before it or before "به نام" and its list
# ("اعدام X", "زندانی سیاسی X", "زندانیان به نام‌های A، B و X").
_FA_DIRECT_BEFORE = re.compile(
    rf"(?:{_FA_VICTIM_CUE.pattern}|زندانی|زندانیان|قربانی|قربانیان|محکوم|متهم)[\w\u200c]*"
    r"(?:\s+(?:سیاسی|عقیدتی|بهایی|کرد|بلوچ|معترض))?\s+"
    r"(?:(?:به|با)\s+نام(?:[\u200c ]?(?:های|ها))?\s+(?:[^.،,؛:!؟«»()]*?(?:،|\sو)\s*)?)?$"
)
_FA_SPEECH = re.compile(rf"(?:{_FA_SPEECH_VERBS})(?![\w\u200c])")


def extract_people(
    text: str, sentences: Sequence[Sentence], *, published_on: dt.date | None = None
) -> list[NamedPerson]:
    """Persons named in ``text`` (one entry per person), with role and victim details.

    A victim needs stronger evidence than a person. A person whom only the Persian name
    lexicon finds (``normalize/data/fa_names.tsv``: no mention of theirs is found with the curated name
    lists alone) is a victim only on a direct construction: the violation verb in the name's
    own clause ("مهسا کریمی در زندان اعدام شد", "X را اعدام کردند"), a violation or victim
    noun right before the name or its list ("اعدام X", "زندانیان به نام‌های X، Y و Z"), or
    the English rules that read the words next to the name. A violation elsewhere in the
    sentence, which is enough for a name the curated lists know, is not.
    """
    people: dict[str, NamedPerson] = {}
    order: list[str] = []
    surname_to: dict[str, str] = {}
    unchanged, curated = _curated_spans(sentences)
    curated_ends = [b for _, b in curated]
    for a, b, name, sent in _candidates(text, sentences):
        lexicon_only = sent.start not in unchanged and not _overlaps(curated, curated_ends, a, b)
        key = name
        toks = name.split()
        if len(toks) == 1 and toks[0] in surname_to:
            key = surname_to[toks[0]]
        if key not in people:
            # A longer form of a known single-word mention ("Rabiei" then "Ali Rabiei").
            people[key] = NamedPerson(
                name=key, sentence=sent.text, span=(a, b), lexicon_only=lexicon_only
            )
            order.append(key)
            if len(toks) >= 2:
                surname_to.setdefault(toks[-1], key)
        p = people[key]
        p.lexicon_only = p.lexicon_only and lexicon_only
        if len(p.mentions) >= MAX_MENTIONS:
            continue
        p.mentions.append((a, b))
        _classify_mention(p, text, a, b, sent, published_on, direct_only=lexicon_only)
    # Bare family-name mentions ("Dehghan said") of people named in full earlier.
    seen = {k: {a for a, _ in p.mentions} for k, p in people.items()}
    if surname_to:
        rx = re.compile(
            r"(?<![\w'-])(" + "|".join(re.escape(s) for s in surname_to) + r")(?![\w'-])"
        )
        for sent in sentences:
            for m in rx.finditer(persian_letters(sent.text)):
                a, b = sent.start + m.start(), sent.start + m.end()
                p = people[surname_to[m.group(1)]]
                if a in seen[p.name] or len(p.mentions) >= MAX_MENTIONS:
                    continue
                seen[p.name].add(a)
                p.mentions.append((a, b))
                _classify_mention(p, text, a, b, sent, published_on, direct_only=p.lexicon_only)
    merged = _merge_variants([people[k] for k in order])
    _add_variant_mentions(merged, text, sentences, published_on)
    _victims_in_lists(merged, text)
    _named_victims(merged, sentences)
    return merged


# "The names of the protesters are A, B and C", "the names of those detained were …"
_EN_NAME_LIST = re.compile(
    r"\bnames\s+of\s+(?:the\s+|these\s+|those\s+)?"
    # of people, not of places or bodies: "the names of the cities are …"
    r"(?!(?:[\w-]+\s+){0,2}(?:cities|towns|villages|provinces|regions|districts|prisons|"
    r"streets|places|groups|organi[sz]ations|companies|newspapers|parties|units|camps)\b)"
    r"(?:[\w-]+\s+){0,3}?(?:are|were|include|included)\b"
)
_LIST_SO_FAR = re.compile(
    r"\s*(?:[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,2}\s*(?:,\s*(?:and\s+)?|and\s+))*"
)


def _in_naming_list(s: str, a: int) -> bool:
    """Whether ``s[a:]`` starts an item of the list that a naming phrase of ``s`` opens
    ("The names of the protesters are A B, C D and E F": every item, known names or not)."""
    cue = _EN_NAME_LIST.search(s, 0, a)
    return bool(cue and _LIST_SO_FAR.fullmatch(s, cue.end(), a))


# offices whose holders a naming phrase may list: "the names of the commanders were …"
_LIST_OF_HOLDERS = re.compile(
    r"\b(?:officials?|officers?|commanders?|judges?|prosecutors?|ministers?|governors?|"
    r"spokes(?:man|men|woman|women|person|persons)|directors?|heads|chiefs?|lawyers?|"
    r"perpetrators?|suspects?)\b",
    re.I,
)
_EN_VICTIM_CUE = re.compile("|".join(rx for viol, rx in _VIOLATION if viol != "other"), re.I)


def _named_victims(people: list[NamedPerson], sentences: Sequence[Sentence]) -> None:
    """The names a naming phrase gives after a violation are its victims.

    "دو زندانی … اعدام شدند. … نامشان A و B عنوان شده است", "چهار کولبر … زخمی شدند. هویت این
    چهار کولبر A، B … احراز شده است", "Security forces detained eight civilians. The names of
    the protesters are A, B and C": the phrase names the people the sentence or the one
    before reports the violation of. Not when an office stands in the phrase ("نام قاضی
    این پرونده X است") or the name speaks.
    """
    if not people:
        return
    for i, sent in enumerate(sentences):
        s = persian_letters(sent.text)
        cue = _FA_NAME_LIST.search(s) or _EN_NAME_LIST.search(s)
        if cue is None:
            continue
        context = s if i == 0 else persian_letters(sentences[i - 1].text) + " " + s
        if not (_FA_VICTIM_CUE.search(context) or _EN_VICTIM_CUE.search(context)):
            continue
        lo = sent.start + cue.end()
        for p in people:
            if p.role in ("victim", "official", "speaker"):
                continue
            for a, b in p.mentions:
                if not lo <= a < sent.end:
                    continue
                phrase = s[cue.start() : a - sent.start]
                if (
                    _FA_OFFICE.search(phrase)
                    or _LIST_OF_HOLDERS.search(phrase)
                    or _FA_SPEECH.search(s[b - sent.start :][:40])
                    or _SPEAK_AFTER.match(s[b - sent.start :])
                ):
                    continue
                p.role, p.evidence, p.sentence = "victim", s[cue.start() : b - sent.start], s
                for viol, rx in _VIOLATION:
                    if re.search(rx, context, re.I):
                        p.violation = viol
                        break
                break


# What may stand between two names of one list: ", ", " and ", ", and ", and a few words of a
# role ("killed director Kamau Kingara and programmes coordinator Paul Oulo").
_LIST_LINK = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)(?P<role>(?:[\w'’-]+\s+){0,3})")
_NOT_ROLE = re.compile(
    r"\b(?:was|were|is|are|has|have|had|be|been|said|says|told|who|which|that|by|after|before|"
    r"when|while|but|the|his|her|their|its|of|to|in|on|at|with|from|\d+)\b",
    re.I,
)


def _victims_in_lists(people: list[NamedPerson], text: str) -> None:
    """A name listed right after a victim's name is a victim too.

    "Among the dead were A, B and C", "killed director A and programmes coordinator B": the
    list's first name carries the evidence, the others share it. One pass over the mentions
    in text order, each compared with the one before (linear after the sort).
    """
    spans = sorted(((a, b, p) for p in people for a, b in p.mentions), key=lambda m: (m[0], m[1]))
    for (_, b0, p0), (a1, b1, p1) in zip(spans, spans[1:], strict=False):
        if p0.role != "victim" or p1.role == "victim" or p1 is p0:
            continue
        link = _LIST_LINK.fullmatch(text, b0, a1)
        if link is None or _NOT_ROLE.search(link.group("role")):
            continue
        after = text[b1 : b1 + 200]
        if _SPEAK_AFTER.match(after) or _SAYS_AFTER.match(after):
            continue  # "… and lawyer B said": B speaks
        p1.role, p1.evidence = "victim", text[b0:b1]
        p1.violation = p0.violation
        p1.sentence = p0.sentence


_CAP_RUN = re.compile(r"(?<![\w'’-])[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?(?![\w'’-])")


def _add_variant_mentions(
    people: list[NamedPerson],
    text: str,
    sentences: Sequence[Sentence],
    published_on: dt.date | None,
) -> None:
    """Mentions spelt another way ("Mohseniejei" for "Mohseni-Ejei") join their person."""
    keys: dict[str, NamedPerson] = {}
    for p in people:
        toks = p.name.split()
        if len(toks) >= 2 and not re.search(r"[\u0600-\u06FF]", p.name):
            for form in (p.name, toks[-1], " ".join(toks[-2:])):
                sk = name_skeleton(form)
                if len(sk) >= 4:
                    keys.setdefault(sk, p)
    if not keys:
        return
    for sent in sentences:
        for m in _CAP_RUN.finditer(sent.text):
            for form, off in ((m.group(0), m.start()), (m.group(0).split()[-1], None)):
                if off is None:
                    off = m.start() + m.group(0).rfind(form)
                p = keys.get(_skeleton_cached(form))
                if p is None:
                    continue
                a, b = sent.start + off, sent.start + off + len(form)
                if any(x <= a < y or a <= x < b for x, y in p.mentions):
                    break
                if len(p.mentions) < MAX_MENTIONS:
                    p.mentions.append((a, b))
                    p.mentions.sort()
                    if form != p.name and form not in p.variants and " " in form:
                        p.variants.append(form)
                    _classify_mention(p, text, a, b, sent, published_on, direct_only=p.lexicon_only)
                break


@functools.lru_cache(maxsize=4096)
def _skeleton_cached(form: str) -> str:
    return name_skeleton(form)


def _merge_variants(people: list[NamedPerson]) -> list[NamedPerson]:
    """One entry per person: spellings of one name (joined, hyphenated, transliterated,
    Persian and Latin) and a family name alone merge into the first full form."""
    out: list[NamedPerson] = []
    by_key: dict[str, NamedPerson] = {}
    for p in people:
        target = by_key.get(name_skeleton(p.name))
        toks = p.name.split()
        if target is None and (len(toks) == 1 or (len(toks) == 2 and toks[0] not in given_names())):
            # a family name alone, or a two-word family name ("Amiry Moghaddam" after
            # "Mahmood Amiry-Moghaddam"): the one longer name it ends
            # among the names kept so far, so that two spellings of one full name ("Mahmood
            # Amiry-Moghaddam", "Mahmoud Amiri Moghadam") do not make it ambiguous
            longer = [q.name for q in out if len(q.name) > len(p.name) and " " in q.name]
            full = full_name_for(p.name, longer)
            target = next((q for q in out if q.name == full), None) if full else None
        if target is None:
            by_key[name_skeleton(p.name)] = p
            out.append(p)
            continue
        if p.name not in target.variants and p.name != target.name:
            target.variants.append(p.name)
        target.lexicon_only = target.lexicon_only and p.lexicon_only
        target.mentions = sorted(set(target.mentions) | set(p.mentions))[:MAX_MENTIONS]
        if _RANK[p.role] > _RANK[target.role]:
            target.role, target.evidence = p.role, p.evidence
            target.sentence, target.span = p.sentence, p.span
    return out


def _classify_mention(
    p: NamedPerson,
    text: str,
    a: int,
    b: int,
    sent: Sentence,
    published_on: dt.date | None,
    *,
    direct_only: bool = False,
) -> None:
    """Give ``p`` the strongest role this mention shows (victim, official, speaker).

    With ``direct_only`` (a name only the lexicon finds) a victim needs a direct construction
    (:data:`_FA_DIRECT_AFTER`, :data:`_FA_DIRECT_BEFORE`, the English rules next to the
    name), not a violation elsewhere in the sentence nor a kin word.
    """
    s = sent.text
    s = persian_letters(s)  # the cues are spelt with Persian ی and ک; offsets kept
    la, lb = a - sent.start, b - sent.start
    before = s[max(0, la - 60) : la]
    after = s[lb : lb + 160]
    role = "other"
    evidence = ""
    vm = _VICTIM_AFTER.match(after)
    fa_speaks = bool(
        _FA_OFFICE_AFTER.match(after)
        or re.search(r"(?:اظهارات|سخنان|گفته‌های|گفته های|به گفته)\s+(?:\S+\s+){0,2}$", before)
        or re.search(r"(?:به گزارش|به نقل از)\s+(?:\S+\s+){0,2}$", before)
        or re.match(rf"[^.،«»]{{0,40}}?(?:{_FA_REPORTS})", after)
    )  # "X، سخنگوی …"، "اظهارات X", "X گفت": the one who speaks, not a victim
    fa_office = _FA_OFFICE_BEFORE.search(before) if _ARABIC_SCRIPT.search(p.name) else None
    fa_victim = (
        not fa_speaks
        and fa_office is None
        and bool(re.search(r"[\u0600-\u06FF]", p.name))
        and (
            (_FA_DIRECT_AFTER.match(s, lb) or _FA_DIRECT_BEFORE.search(before))
            if direct_only
            else (
                _FA_VICTIM_CUE.search(s[lb:])
                or (s[la - 1 : la] == "«" and _FA_VICTIM_CUE.search(s))  # "… را «X»"
            )
        )
    )
    kin = (
        not direct_only
        and _KIN_OF_BEFORE.search(before)
        and any(re.search(rx, s[lb:], re.I) for _, rx in _VIOLATION)
    )
    titled_object = (
        _VICTIM_OBJECT_TITLED.search(before)
        or _VICTIM_POSSESSIVE.match(after)
        or _VICTIM_OF_GROUP.match(after)
    )
    if vm or _VICTIM_BEFORE_STRICT.search(before) or titled_object or fa_victim or kin:
        role = "victim"
        evidence = (
            s[la : lb + vm.end()] if vm else s[max(0, la - 30) : lb] if not fa_victim else s[la:]
        )
    elif _TITLE_BEFORE.search(before) or (
        fa_office is not None and fa_office.group("office") in _FA_STATE_OFFICE
    ):
        role = "official"
        evidence = s[max(0, la - 40) : lb]
    else:
        app = _APPOSITIVE.match(after)
        if (
            app
            and re.search(rf"\b(?:{_TITLE_STATE})\b", app.group("app"), re.I)
            and not re.search(
                r"Amnesty|Human Rights|HRANA|rapporteur|United Nations|UN\b|lawyer|activist|"
                r"researcher|director",
                app.group("app"),
                re.I,
            )
        ):
            role = "official"
            evidence = s[la : lb + app.end()]
        elif _SPEAK_AFTER.match(after):
            role = "speaker"
            evidence = s[la : min(len(s), lb + 40)]
    if _RANK[role] <= _RANK[p.role]:
        return
    p.role = role
    p.evidence = evidence.strip()
    p.sentence = s
    p.span = (a, b)
    if role != "victim":
        return
    ascii_s = ascii_digits(s)
    ma = _AGE_AFTER.match(ascii_digits(after))
    mb = _AGE_BEFORE.search(ascii_digits(before))
    age = None
    if ma:
        age = int(next(g for g in ma.groups() if g))
    elif mb:
        age = int(mb.group(1))
    else:
        mg = re.search(r"\baged\s+(\d{1,3})\b", ascii_s[lb : lb + 40])
        age = int(mg.group(1)) if mg else None
    p.age = age if age is not None and age <= 120 else None
    period, start, end = find_period(s, published_on)
    if period and start is not None:
        from undercount.model import PartialDate

        precision = "day" if start == end else ("month" if start.month == end.month else "year")
        cal = (
            "jalali"
            if re.search(r"[\u0600-\u06FF]", period)
            and not re.search(
                r"ژانویه|فوریه|مارس|آوریل|ژوئن|ژوئیه|اوت|سپتامبر|اکتبر|نوامبر|دسامبر", period
            )
            else "gregorian"
        )
        p.date = PartialDate(start, precision, cal, period)  # type: ignore[arg-type]
        p.date_text = period
    place, province, city = find_place(s)
    p.place, p.province, p.city = place, province, city
    verb_text = evidence if evidence else s
    for viol, rx in _VIOLATION:
        if re.search(rx, verb_text, re.I):
            p.violation = viol
            break


_APPOS_OPEN = re.compile(r"\s*,[^,.;:!?\"“”«»()\n]*")
_APPOS_CLOSE = re.compile(r"\s*,")


def antecedents(people: Sequence[NamedPerson], text: str) -> list[tuple[int, str]]:
    """``(offset, name)`` of the mentions a later "he", "she" or family name may refer to.

    A name inside another person's apposition is left out: in "Brian Hook, special
    representative … and senior advisor to Secretary of State Mike Pompeo, told reporters …"
    the one who told is Hook, so a later "he said" is Hook, not Pompeo. Linear after a sort.
    """
    spans = sorted((a, b, p.name) for p in people for a, b in p.mentions)
    out: list[tuple[int, str]] = []
    prev: tuple[int, int, str] | None = None
    for a, b, name in spans:
        nested = (
            prev is not None
            and prev[2] != name
            and _APPOS_OPEN.fullmatch(text, prev[1], a) is not None
            and _APPOS_CLOSE.match(text, b) is not None
        )
        if not nested:
            out.append((a, name))
            prev = (a, b, name)
    return out
