"""What a number counts: the outcome (killed, executed, arrested, injured, tortured,
disappeared) and the victims of a figure, read from the words around it, or nothing when the
number counts no victims.

:func:`classify` decides for one number of a sentence; :func:`find_cues` lists the outcome
words of a sentence. Years, dates, ages, durations, prices, percentages, rates, page and article
numbers, counts of non-victims (cities, tents, witnesses, suspects) and people who met another
fate (released, sentenced, at risk) are not claims. :mod:`undercount.extract.claims` wires this
to attribution and scope.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from undercount.extract.numbers import QuantityMatch
from undercount.extract.scope import MONTHS

# ----------------------------------------------------------------- outcome cues

_CUES: list[tuple[str, str]] = [
    (
        "injured",
        r"shot and wounded|shot and injured|injured|injuries|injuring|wounded|wounding|"
        r"gunshot wounds|bullet wounds|wounds|"
        r"hurt|maimed|blinded|hospitali[sz]ed|زخمی|مجروح|مصدوم|جراحت",
    ),
    (
        "executed",
        r"executed|executions?|hanged|hangings?|put to death|اعدام|به دار آویخت|"
        r"به اجرا در ?آمد|اجرا شد|اجرا شده",
    ),
    (
        "disappeared",
        r"enforced disappearances?|disappeared|disappearances?|missing|vanished|"
        r"unaccounted for|not been seen|not been heard from|"
        r"whereabouts (?:are |remain )?unknown|ناپدید|مفقود",
    ),
    ("killed", r"(?:beaten|stabbed|burned|burnt|crushed|shot|tortured) to death|stabbed|lynched"),
    (
        "tortured",
        r"tortured|torture|ill-treated|ill-treatment|beaten|beat|beating|beatings|"
        r"sexual violence|sexually assaulted|raped|rape|flogged|flogging|lashes|"
        r"شکنجه|خشونت جنسی|آزار جنسی|تجاوز|شلاق",
    ),
    (
        "arrested",
        r"arrested|arrests?|detained|detentions?|detainees|taken into custody|"
        r"rounded up|jailed|imprisoned|apprehended|behind bars|in custody|in detention|"
        r"in prison|incommunicado|were held|was held|being held|held in|held incommunicado|"
        r"deprived of (?:their |his |her )?liberty|"
        r"بازداشت|دستگیر|در زندان|در بازداشت|پشت میله",
    ),
    (
        "killed",
        r"killed|killings?|shot dead|shot|dead|deaths|died|die|lost their lives|"
        r"lives were lost|fatalit(?:y|ies)|death toll|toll|murdered|slain|bodies|"
        r"perished|massacred|casualties|کشتند|کشت|به قتل رسیدند|به قتل رسید|مرگ|اجساد|"
        r"جسد|پیکر|"
        r"به قتل (?:رساندند|رسانده|رسانیده|رساند)|کشته|جان[\u200c ]?باخت|جان[\u200c ]?باختگان|"
        r"جان خود را از دست|جانباخته|قربانیان|قربانی",
    ),
]
# One word-start check for all the outcome groups (not one per group): a third faster.
_CUE_RE = re.compile(
    "(?<![\\w\u200c])(?:" + "|".join(f"(?P<{o}{i}>{p})" for i, (o, p) in enumerate(_CUES)) + ")",
    re.IGNORECASE,
)
_GROUP_OUTCOME = {f"{o}{i}": o for i, (o, _) in enumerate(_CUES)}
_CUE_SKIP_BEFORE = re.compile(
    r"(?:after(?: being)?|following|before|پس از|بعد از|در پی|"
    r"sentenced to|threatened with|at risk of|risk|fear of|"
    r"protest(?:ing|ed)? (?:against|over))\s*$",
    re.I,
)

_PERSON_NOUNS = (
    r"people|persons?|individuals|protesters|protestors|demonstrators|prisoners|detainees|"
    r"children|minors|juveniles|boys|girls|women|men|students|civilians|citizens|activists|"
    r"journalists|workers|teachers|lawyers|members|bystanders|passers-by|rioters|ringleaders|"
    r"victims|others|Kurds|Baluch|Baluchis|Arabs|Baha'is|Bahá'ís|Christians|dissidents|"
    r"youths|teenagers|adolescents|residents|villagers|officers|personnel|soldiers|troops|"
    r"guards|bodies|dead|of them|of whom|mourners|Afghans|refugees|migrants|labourers|"
    r"farmers|athletes|artists|clerics|doctors|nurses|inmates|patients|"
    r"نفر|تن|کودک|کودکان|زندانی|زندانیان|معترض|معترضان|شهروند|شهروندان|دانش‌آموز|"
    r"دانش‌آموزان|دانشجو|دانشجویان|زن|زنان|مرد|مردان|نوجوان|نوجوانان|فعال|فعالان|"
    r"پسر|پسران|دختر|دختران|"
    r"خبرنگار|خبرنگاران|کارگر|کارگران|اغتشاشگر|اغتشاشگران|آشوبگر|آشوبگران|معلم|معلمان|"
    r"جوان|جوانان|کولبر|کولبران|سوخت‌بر|سوختبر|قربانی|قربانیان|عضو|اعضای|روزنامه‌نگار|"
    r"روزنامه‌نگاران|روزنامه نگار|نیرو|نیروی|مأمور|مأموران|مامور|ماموران|پاسدار|پاسداران|"
    r"سرباز|سربازان|بسیجی|بسیجیان|بیمار|بیماران|مجروح|مجروحان|بازداشتی|بازداشتیان"
)
_VICTIMS_AFTER = re.compile(
    rf"^\s*[\"“'«]?\s*(?P<np>(?:(?!(?:{_PERSON_NOUNS})\b)[^\W\d][\w'’-]*\s+){{0,3}}?(?:{_PERSON_NOUNS})"
    r"(?:\u200c?ی|\u200cای|\u200cهای|های)?"
    r"(?:\s+(?:of|از)\s+(?:the\s+|those\s+)?[^\W\d][\w'’\u200c-]*(?=[\s,.;]))?)"
    r"(?![\w\u200c])",
    re.IGNORECASE,
)
_NOUN_OUTCOME = re.compile(
    r"^\s*(?:(?:more|new|additional|recorded|confirmed|documented|reported|verified|known|"
    r"further|other|such|separate|individual|alleged|suspected|cases of|incidents of|"
    r"instances of|acts of|counts of|of the|of these|of those|civilian|protest-related|"
    r"conflict-related|custodial|total|"
    # how the act was done: "300 secret executions", "10 unconfirmed deaths", "142 cases of
    # summary execution"
    r"secret|summary|unconfirmed|public|mass|arbitrary|unlawful|extrajudicial|political|"
    r"مورد)\s+){0,3}"
    r"(?:(?P<killed>deaths|killings|dead|fatalities|murders|extrajudicial killings|"
    r"unlawful killings|death in custody|deaths in custody|arbitrary killings|قتل|جان‌باختگی)"
    r"|(?P<executed>executions|hangings|(?<=summary )execution|(?<=extrajudicial )execution|"
    r"اعدام)"
    r"|(?P<arrested>arrests|detentions|arbitrary detention|arbitrary arrests?|بازداشت)"
    r"|(?P<injured>injuries|injured|wounded|جراحت)"
    r"|(?P<tortured>torture|ill-treatment|sexual violence|rape|شکنجه|خشونت جنسی|آزار جنسی)"
    r"|(?P<disappeared>enforced disappearances?|disappearances?|ناپدیدشدگی|ناپدید شدن))"
    r"(?![\w\u200c])",
    re.IGNORECASE,
)
_VERB_AFTER = re.compile(
    r"^\s*,?\s*(?:(?:were|was|have been|has been|had been|are|is|being|had|have|got|"
    r"reportedly|allegedly|also|later|subsequently|all|more|others|people|of them|still|now|"
    r"currently|feared|believed to have been|believed|thought to have been|"
    r"شدند|شده|نفر)\s+){0,3}"
    r"(?P<cue>killed|shot dead|died|dead|executed|hanged|arrested|detained|injured|wounded|"
    r"tortured|disappeared|missing|jailed|imprisoned|کشته|اعدام|بازداشت|دستگیر|زخمی|مجروح|"
    r"شکنجه|ناپدید|جان باختند|جان‌باختند)(?![\w\u200c])",
    re.IGNORECASE,
)
_VERB_BEFORE = re.compile(
    r"(?P<cue>killed|killing|kill|executed|executing|execute|hanged|hanging|arrested|arresting|"
    r"arrest|detained|detaining|detain|injured|injuring|wounded|wounding|tortured|torturing|"
    r"shot dead|shot|disappeared|jailed|imprisoned|rounded up|taken into custody|beat|"
    # verbs of mass or unlawful killing: "massacred hundreds of those who marched"
    r"massacred|massacring|murdered|murdering|slaughtered|gunned down|"
    r"killings? of|deaths? of|executions? of|hangings? of|arrests? of|detentions? of|"
    r"disappearances? of|torture of|bodies of|injuring|wounding|lost|"
    # "claimed the lives of 12 people"
    r"(?:claimed|claiming|cost|costing|took|taken|taking) the lives of)\s+"
    r"(?:(?:a total of|an additional|another|as many as|the|some|over|more than|at least|up to|"
    r"only|just|nearly|about|around)\s+)?$",
    re.IGNORECASE,
)
_TOLL_BEFORE = re.compile(
    r"(?:(?P<noun>death toll|toll|number of (?:the\s+)?(?:[\w-]+\s+){0,4}?(?:dead|deaths|killed|"
    r"victims|fatalities|arrests|detainees|arrested|detained|executions|executed|injured|injuries|"
    r"wounded|disappeared|disappearances)|شمار|تعداد|آمار)"
    r"(?:,?\s+[\w'’\u200c-]+,?){0,10}?\s*(?:at|to|of|was|is|stood at|rose to|reached|climbed to|"
    r"(?:has |had |have )?(?:exceeded|passed|surpassed|topped|hit|risen to|climbed to|"
    r"increased to|reached)|:|به|را)?"
    r"|(?P<generic>tally|figure|count|number|total|estimate)"
    r"(?:\s+(?:in|for|among|across|since|from|over)\s+[\w'’ -]{1,30}?)?"
    r"\s+(?:was|is|stood at|stands at|at|of|to|rose to|reached|"
    r"climbed to|put at|:))\s*$",
    re.IGNORECASE,
)
_COUNTED_BEFORE = re.compile(
    r"\b(?:counted|recorded|documented|registered|verified|confirmed|tallied|reported|says?|"
    r"said|puts? it at|put the figure at|estimated|estimates?)\s*$",
    re.IGNORECASE,
)
_COMPARED_BEFORE = re.compile(
    r"(?:\b(?:up|down|rising|falling|rose|fell|increase|decrease|compared|"
    r"against)\s+|\d[,\s]+)(?:from|with)\s*$",
    re.IGNORECASE,
)
# "an increase in civilian deaths over the same period, from 2,666 to 2,798": both figures
# count the noun of the change.
_CHANGE_FROM = re.compile(
    r"\b(?:increase|rise|decrease|decline|drop|fall|jump|reduction)\s+(?:in|of)\s+"
    r"(?P<noun>(?:[\w-]+\s+){0,3}?(?:deaths|killings|fatalities|executions|hangings|arrests|"
    r"detentions|injuries|disappearances))\b[^.;:]{0,90}?\bfrom\s+(?:[\d,.]+\s+to\s+)?$",
    re.IGNORECASE,
)
_ARABIC_LETTER = re.compile(r"[\u0600-\u06FF]")
_CONJ = re.compile(r"(?:^|\s)(?:و|and)\s")
_ADJACENT = re.compile(r"\s*(?:of\s+)?")
_WEAK_CUE = re.compile(
    r"behind bars|in custody|in detention|in prison|held in|در زندان|در بازداشت|"
    r"پشت میله",
    re.I,
)
_PARTICIPLE_AFTER = re.compile(
    r"^\s+(killed|detained|arrested|executed|hanged|injured|wounded|tortured|disappeared|"
    r"shot dead|jailed|imprisoned|held|(?:بازداشت|دستگیر|کشته|اعدام|زخمی|مجروح|ناپدید)"
    r"[\u200c ]?شده)(?![\w\u200c])(?!\s+(?:by|the|a|an|\d))",
    re.I,
)
_LABEL_BEFORE = re.compile(
    r"(?:^|\n|;|\|)\s*(deaths|killed|dead|killings|executions|executed|arrests|arrested|detained|"
    r"detentions|injured|wounded|injuries|tortured|disappeared|disappearances|کشته|کشته‌شدگان|"
    r"اعدام|بازداشت|بازداشت‌شدگان|زخمی|مجروح)\s*[:=–-]\s*$",
    re.I,
)
_GENERIC_SUBJECT = re.compile(
    r"^\s+(?P<np>(?:[^\W\d][\w'’-]*\s+){0,2}?[a-z][a-z'’-]*s)\s+(?:were|have been|had been|"
    r"was|has been)\s+(?:(?:reportedly|allegedly|also|all|later)\s+)?(?P<cue>killed|shot dead|"
    r"executed|hanged|arrested|detained|injured|wounded|tortured|disappeared|"
    r"(?:beaten|stabbed|shot|burned) to death)\b"
)
_AUX_AFTER = re.compile(
    r"^\s*(?:were|was|had been|have been|has been|are|remain|remained)\b", re.IGNORECASE
)
# An aside between a figure and its verb: dashes, or brackets.
_ASIDE_AFTER = re.compile(r"^\s*(?:(?:--|—|–)[^—–]{1,200}?(?:--|—|–)|\([^()]{1,150}\))(?=\s)")
# Arrests of suspects (of attacks, killings) count perpetrators, not victims.
_SUSPECTS = re.compile(
    r"\b(?:made|carried out|conducted)\s+(?:\S+\s+){0,3}?arrests\b.{0,60}?\bin connection with\s+"
    r"(?:the\s+)?(?:\w+\s+)?(?:attacks?|killings?|murders?|assaults?|lynchings?|arson)\b"
    r"|\barrest(?:ed|s)?\s+(?:of\s+)?(?:\S+\s+){0,2}?(?:suspects|perpetrators|attackers|assailants)\b",
    re.I | re.S,
)
_INCLUDING_BEFORE = re.compile(
    r"(?:\bincluding|\bamong them|\bamong whom|از جمله)\s+"
    r"(?:(?:at least|some|about|around|nearly|more than|over|as many as|دست[\u200c ]?کم|حداقل)\s+)?$",
    re.I,
)
# A verb of its own after the figure: "including four of whom have been convicted".
_FINITE_AFTER = re.compile(
    r"^\s*(?:[\w'’-]+\s+){0,4}?(?:of whom|who|have|has|had|were|was|are|is|شدند|شده|اند)\b", re.I
)
_OF_THOSE_BEFORE = re.compile(
    r"(?:^|[.;]\s*)[\"“'‘«]?\s*Of (?:those|them|these|whom|the dead)\s*,?\s*$", re.I
)
# Crowds: people counted as they gather or march, or as the target of fire, are not victims.
_CROWD_AFTER = re.compile(
    r"^\s*(?:[\w'’-]+\s+){0,2}?(?:surged|took to|marched|gathered|rallied|protested|"
    r"demonstrated|turned out|chanted|filled|poured|took part|joined|emerging|were out)\b"
    # a crowd of vague size: "thousands of people protesting … had gathered"
    r"|^\s*(?:protesting|demonstrating|marching|rallying|gathering)\b(?=.*\b(?:gathered|"
    r"marched|rallied|took to|filled|surged|poured)\b)",
    re.I,
)
# A verb of their own that is no outcome: "hundreds of mourners lined the street to pay tribute
# to a student who was shot and killed" counts mourners, not the dead.
_OTHER_ACT_AFTER = re.compile(
    r"^\s*(?!(?:reported|confirmed|feared|believed|thought|said|alleged|allegedly|estimated|"
    r"recorded|documented|listed|named|identified|counted|verified|registered|sentenced|"
    r"succumbed|sustained|suffered|remained|perished|drowned|vanished|deprived|abducted|"
    r"kidnapped)\b)(?P<verb>[a-z]{3,}ed)\b"
    # a finite verb with its object or particle ("lined the street"), not a participle
    # ("4 people convicted of …", "detained in")
    r"(?=\s+(?:the|a|an|their|his|her|its|our|up|out|outside|around|along|through|into|onto)\b)",
    re.I,
)
_TARGET_BEFORE = re.compile(r"\b(?:at|on|towards|into|upon)\s+$", re.I)
# "Twenty-three of those killed were protesters": part of the victims named by the participle
_OF_VICTIMS_AFTER = re.compile(
    r"^\s+of\s+(?:those|the|them)\s+(?:who\s+(?:were|was|had been|have been)\s+)?"
    r"(?P<p>killed|dead|executed|hanged|arrested|detained|injured|wounded|disappeared|"
    r"tortured)\b(?=\s+(?:were|was|are|is|had|have|included|include)\b)",
    re.I,
)
# A list by place or party after a figure with an outcome: "Iran carried out at least 972
# executions, followed by Saudi Arabia with at least 345 and Iraq with at least 63"
_WITH_LIST_BEFORE = re.compile(
    r"(?:,|\band|\bfollowed by)\s+(?:the\s+)?(?:[A-Z][\w'’.-]*\s+){1,4}with\s+$"
)
_WITH_LIST_AFTER = re.compile(r"^\s*(?:[,;.]|and\b|$)")
# "12 and 15 people", "۳۳ و ۳۶ نفر" (not "10 of the 80 arrested have been released")
_COORDINATED = re.compile(r"\s*(?:و|and|or|یا)\s*")
_NUMBER_WORD_BEFORE = re.compile(
    r"(?:\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|"
    r"thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|dozen)|[\u0600-\u06FF]+)"
    r"\s*$",
    re.I,
)
# "N cases" in a list of counts: the outcome named before, in the same sentence.
_CASES_AFTER = re.compile(
    r"^\s*(?:مورد|cases)(?![\w\u200c])(?!\s+(?:of|in which|where|when|that)\b)", re.I
)
_TOLL_OUTCOME = {"death toll": "killed", "toll": "killed"}

_UNIT_AFTER = re.compile(
    r"^(?:\s*(?:%|percent\b|per cent\b|pc\b|per\s?cent)|-?\s*(?:years?|yrs?)[- ]old|"
    r"(?:st|nd|rd|th)\b|\s*-?(?:years?|yrs?|months?|weeks?|days?|hours?|minutes?|seconds?|"
    r"decades?|centur(?:y|ies)|km|kilomet(?:re|er)s?|miles?|metres?|meters?|kgs?|kilos?|"
    r"kilograms?|tons?|tonnes?|litres?|liters?|rials?|tomans?|dollars?|euros?|pounds?|cents?|"
    r"pages?|cities|towns|villages|provinces|districts|countries|counties|neighbou?rhoods|"
    r"locations|places|sites|times|rounds|shots|bullets|cartridges|banks|buildings|stations|"
    r"shops|stores|vehicles|cars|bases|mosques|schools|universities|articles|paragraphs|"
    r"chapters|points|votes|seats|mm|cm|calibre|caliber|per|a litre|p\.m\.|a\.m\.|pm|am|"
    r"o'clock|million barrels|hectares|billion)\b"
    r"|\s*(?:درصد|سال|ساله|ماه|هفته|روز|ساعت|دقیقه|تومان|ریال|دلار|یورو|صفحه|شهر|استان|"
    r"روستا|کیلومتر|متر|کیلو|لیتر|بار|مرتبه|ماده|بند|اصل|میلیارد|دانشگاه|تجمع|مدرسه)(?:‌?(?:ه|ها|های|ی|ای|‌ای))?"
    r"(?![\w\u200c]))",
    re.IGNORECASE,
)
# Counts of things and people who are not victims: '"dozens" of interviews', '9 witnesses'.
_NON_VICTIMS_AFTER = re.compile(
    r"^[\"”']?\s*(?:of\s+)?(?:interviews|videos|photos|photographs|images|recordings|"
    r"witnesses|eyewitnesses|medics|testimonies|documents|tents|complaints|tips|messages|"
    r"mentions|posts|calls|letters|petitions|statements|reports|sources|members of the "
    r"(?:Basij|militia|security forces) were mobili[sz]ed|مصاحبه|ویدئو|ویدیو|شاهد)\b",
    re.I,
)
# Rates are not counts: 'six per day', 'نه زندانی در هر دو روز' (a rate written before).
_RATE_AFTER = re.compile(
    r"^\s*(?:[\w\u200c]+\s+){0,2}?(?:per|a|each|every)\s+(?:day|week|month)\b"
    # "Six people are killed every day in the province": a rate, not a count
    r"|^[^.;,]{0,40}?\b(?:every|each|per)\s+(?:single\s+)?(?:day|week|month|hour)\b",
    re.I,
)
# A projection, not a count: "could exceed 1,000", "may rise to 500", "expected to reach 300"
_PROJECTION_BEFORE = re.compile(
    r"\b(?:could|may|might|would|will|is expected to|are expected to|is likely to|"
    r"are likely to|threatens? to)\s+(?:\w+\s+){0,2}?(?:exceed|reach|rise to|top|surpass|"
    r"climb to|pass|be as high as|go up to)\s+$",
    re.I,
)
_RATE_BEFORE = re.compile(
    r"(?:در هر|هر)\s+(?:\S+\s+)?(?:روز|هفته|ماه)\s+(?:\S+\s+){0,3}$"
    # "سالانه ده‌ها تن … کشته می‌شوند", "every year dozens are killed": a rate, not a count
    r"|(?<![\w\u200c])(?:سالانه|سالیانه|ماهانه|هر ساله|روزانه)\s+$"
    r"|\b(?i:annually|every year|each year)\s+$"
)
# "میانگین بیش از ۹ اعدام در روز است": per day (not "در روز یکشنبه", on Sunday)
_RATE_AFTER_FA = re.compile(
    r"^\s*(?:[\w\u200c]+\s+){0,2}?در\s+(?:روز|هفته|ماه)(?=\s*(?:[.،,؛]|است|بود|$))"
)
_SPEAKERS_AFTER = re.compile(
    r"^\s+(?:[\w-]+\s+){1,2}(?:who\s+(?:were|was)\s+(?:there|present)\s+)?"
    r"(?:said|told|say|says|recounted|described)\b",
    re.I,
)
_UNIT_BEFORE = re.compile(
    r"(?:[$€£]|US\$|USD|page|pages|p\.|pp\.|no\.|number|article|paragraph|para\.|chapter|"
    r"section|resolution|aged?|aged between|ages? of|at age|the age of|room|cell|ward|unit|"
    r"block|route|flight|phase|interviews? with|interviewed|spoke to|spoke with|talked to|"
    r"survey of|testimon(?:y|ies) (?:of|from)|accounts of|families of|relatives of|"
    r"lawyers for|sentenced to|صفحه|ماده|بند|اصل|شماره|سن|ساعت|تاریخ|no|none of|any of|"
    r"زیر|بالای|over the age of|under the age of|code|law|verse|item|version|level|grade)\s*$",
    re.IGNORECASE,
)
# A month name as a whole word ("دی", not the end of "میلادی").
_MONTH_ADJ_BEFORE = re.compile(rf"(?<![\w\u200c])(?:{MONTHS})\.?\s*$")
_MONTH_ADJ_AFTER = re.compile(rf"^\s*(?:{MONTHS})(?![\w\u200c])")
# An age given as a bound, not a count: "detainees as young as 15", "as old as 70"
_AGE_BOUND_BEFORE = re.compile(r"\bas (?:young|old) as\s+$", re.I)
# A multiplier: "three times as many", "چهار برابر"
_TIMES_AFTER = re.compile(r"^\s*(?:times\b|برابر(?![\w\u200c]))", re.I)
_AGE_APPOSITION = re.compile(r"[A-Za-z\u0600-\u06FF][\w'’\u200c]*\s*[,،]\s*$")

# "شمار زخمی‌ها به", "تعداد بازداشت‌شدگان به": the count of <outcome word> reaches the figure
_FA_COUNT_OF_BEFORE = re.compile(
    r"(?<![\w\u200c])(?:شمار|تعداد|آمار)\s+(?P<noun>[^\s،,.]+(?:[\s\u200c][^\s،,.]+){0,3}?)"
    r"\s+به\s*$"
)
# "اجرای حکم (مجازات|اعدام) … به N نفر رسید": the executions carried out reached N
_FA_CARRIED_OUT_BEFORE = re.compile(
    r"(?<![\w\u200c])اجرای\s+(?:احکام|حکم)\s+(?:مجازات|اعدام)[^.؛،\d]{0,60}?\s+به\s*$"
)
_GAPPED_BEFORE = re.compile(r"(?:,|\band|\bwhile)\s+(?:another|a further)?\s*$", re.I)
_GAPPED_AFTER = re.compile(
    r"^\s+(?:(?:more|others?|people)\s+)?(?:in|near|at|outside)\s+(?:the\s+(?:town|city|village|"
    r"province|district|capital|region)\s+of\s+)?[A-Z]"
    r"|^\s+(?:in|during)\s+(?:19|20)\d\d\b"  # "12 people in 2019 and 40 in 2022"
    # "three in Homs and two others near the central city"
    r"|^\s+in\s+both\s+[A-Z]"  # "12 in both Gilan and West Azerbaijan"
    r"|^\s+(?:(?:more|others?|people)\s+)?(?:in|near|at|outside)\s+the\s+(?:[\w-]+\s+){0,2}"
    r"(?:town|city|village|province|district|capital|region|area|border)\b"
)
_OTHER_FATE = re.compile(
    r"^[^.;]{0,40}?\b(?:(?:have|has|had|were|was|are|is|been|being|later|also)\s+(?:\w+\s+)?"
    r"(?:sentenced|charged|released|freed|pardoned|tried|convicted|indicted|summoned|treated|"
    r"discharged)|face|faced|facing|await|awaiting|fled|returned|protested|gathered|marched|"
    r"attended|filed|on trial|on death row|at risk of|in danger of|اعدام شدن|محکوم|آزاد|"
    # awaiting or at risk of execution is no execution: "در انتظار اعدام", "در خطر اعدام"
    r"در انتظار|در خطر|با خطر|در معرض)\b",
    re.I,
)


def _og(m: re.Match[str]) -> str:
    """Outcome named by the group that matched in ``_CUE_RE`` (group names end in an index)."""
    return _GROUP_OUTCOME.get(m.lastgroup or "", "killed")


def find_cues(sentence: str) -> list[tuple[int, int, str]]:
    """Outcome words of a sentence: (start, end, outcome)."""
    out = []
    for m in _CUE_RE.finditer(sentence):
        outcome = _og(m)
        if _CUE_SKIP_BEFORE.search(sentence[max(0, m.start() - 25) : m.start()]):
            if not m.group(0).lower().startswith(("death toll", "toll")):
                continue
        if re.match(r"\s*(?:محکوم|sentence)", sentence[m.end() : m.end() + 12]):
            continue  # "به اعدام محکوم": sentenced to death, not executed
        if m.group(0).lower() in ("die", "dead") and re.search(
            r"\bsentenc", sentence[: m.start()], re.I
        ):
            continue
        out.append((m.start(), m.end(), outcome))
    return out


def _is_excluded(q: QuantityMatch, s: str) -> bool:
    after = s[q.end : q.end + 40]
    before = s[max(0, q.start - 40) : q.start]
    if (
        _UNIT_AFTER.match(after)
        or _NON_VICTIMS_AFTER.match(after)
        or _RATE_AFTER.match(after)
        or _RATE_AFTER_FA.match(after)
    ):
        return True
    if _RATE_BEFORE.search(before) or _PROJECTION_BEFORE.search(before):
        return True
    if _AGE_BOUND_BEFORE.search(before) or _TIMES_AFTER.match(after):
        return True  # "children as young as 15", "four times as many", "چهار برابر"
    if _SPEAKERS_AFTER.match(after) and not q.vague:
        return True  # "Three protesters who were there said …": witnesses, not victims
    ub = _UNIT_BEFORE.search(before)
    if ub and not (
        re.match(r"(?:families|relatives) of", ub.group(0), re.I)
        and re.match(r"\s*victims\b", after)
    ):
        return True
    if _MONTH_ADJ_AFTER.match(after):
        return True
    if (
        q.num_start == q.start  # "since May at least 30 died": a qualifier stands between
        and _MONTH_ADJ_BEFORE.search(before)
        and re.search(r"[\d۰-۹٠-٩]", q.text)
    ):
        # "May 5", "۲۵ اردیبهشت ۱۴۰۲": a day or a year; a number word after a date is a
        # count ("on 25 May five prisoners were executed", "۲۵ اردیبهشت پنج زندانی")
        return True
    v = q.quantity.value if q.quantity.value is not None else q.quantity.low
    if q.is_year_like and not _VICTIMS_AFTER.match(after):
        return True
    if (
        q.quantity.qualifier == "exact"
        and v is not None
        and v < 120
        and not q.vague
        and _AGE_APPOSITION.search(before)
        and re.match(r"^\s*[,،)]", after)
    ):
        return True
    return False


def _nearest_cue(
    q: QuantityMatch,
    cues: Sequence[tuple[int, int, str]],
    clauses: Sequence[tuple[int, int]],
    limit: int = 160,
    skip_until: int = 0,
    s_text: str = "",
) -> tuple[str, int] | None:
    def clause_of(pos: int) -> int:
        for i, (a, b) in enumerate(clauses):
            if a <= pos < b:
                return i
        return -1

    qc = clause_of(q.start)
    persian = _ARABIC_LETTER.search(s_text[max(0, q.start - 40) : q.end + 40]) is not None
    before_weight = 4.0 if persian else 1.3  # Persian is SOV: its verbs come after
    best: tuple[float, str, int] | None = None
    lo = bisect_left(cues, q.start - limit - 80, key=lambda c: c[0])
    hi = bisect_left(cues, max(q.end, skip_until) + limit + 1, key=lambda c: c[0])
    for a, b, outcome in cues[lo:hi]:
        if a >= q.num_start and (b <= q.end or a < skip_until):
            continue
        if a >= q.end:
            dist = a - max(q.end, skip_until)
        else:
            if q.start - b > limit:
                continue
            gap = s_text[b : q.start]
            dist = (q.start - b) * before_weight
            if _CONJ.search(gap):
                dist += 50  # "... بازداشت و ۳۰ مأمور ... مجروح": the cue is the first conjunct's
            if _ADJACENT.fullmatch(gap):
                dist = 0  # directly before the number: "executed 12", "اعدام ۱۲", "killing of 12"
        if dist < 0:
            dist = 0
        if dist > limit:
            continue
        if clause_of(a) != qc:
            dist += 100
        if _WEAK_CUE.fullmatch(s_text[a:b]):
            dist += 40  # "in prison", "در بازداشت": where, not what happened
        if best is None or dist < best[0]:
            best = (dist, outcome, a)
    return (best[1], best[2]) if best else None


def classify(
    q: QuantityMatch,
    s: str,
    cues: Sequence[tuple[int, int, str]],
    clauses: Sequence[tuple[int, int]],
) -> tuple[str, str | None] | None:
    """(outcome, victims) when the quantity counts victims of a violation, else None.

    Executions not carried out ("two further executions are imminent", "urged Iran not to
    execute three men", "برای اجرای اعدام به سلول انفرادی منتقل شدند") count no victims yet:
    they are threats, not an outcome.
    """
    found = _classify(q, s, cues, clauses)
    if found is not None and found[0] == "executed":
        a, b = next(((a, b) for a, b in clauses if a <= q.start < b), (0, len(s)))
        # the figure's own stretch of the clause: up to a comma or a semicolon either side
        cut = [i for i in range(max(a, q.start - 80), q.start) if s[i] in ",;،؛"]
        lo = cut[-1] + 1 if cut else max(a, q.start - 80)
        stop = re.search(r"[,;،؛]", s[q.end : min(b, q.end + 80)])
        hi = q.end + stop.start() if stop else min(b, q.end + 80)
        if _NOT_YET_EXECUTED.search(s, lo, hi):
            return None
    return found


# An execution threatened, feared or awaited, not carried out.
_NOT_YET_EXECUTED = re.compile(
    r"\b(?:imminent|at (?:imminent )?risk of execution|(?:not|refrain from|halt|stop) "
    r"(?:to )?(?:carry(?:ing)? out|execut(?:e|ing))|fac(?:e|es|ing) (?:imminent )?execution|"
    r"on death row|awaiting execution)\b|"
    r"(?<![\w\u200c])(?:برای اجرای (?:حکم )?اعدام|در آستانه (?:اجرای حکم )?اعدام|در خطر "
    r"(?:قریب[\u200c ]?الوقوع )?اعدام|در معرض (?:خطر )?اعدام)",
    re.I,
)


def _classify(
    q: QuantityMatch,
    s: str,
    cues: Sequence[tuple[int, int, str]],
    clauses: Sequence[tuple[int, int]],
) -> tuple[str, str | None] | None:
    """:func:`classify` before executions not carried out are set aside.

    The outcome may be "same" (the outcome of the figure before in the sentence), "previous"
    (or of the sentence before), or "case" ("۷ مورد" in a list, "including a dozen children":
    the outcome of the figure before; ``victims`` then holds the nearest cue's as a fallback).
    """
    if _is_excluded(q, s):
        return None
    after = s[q.end : q.end + 320]
    before = s[max(0, q.start - 80) : q.start]
    long_before = s[max(0, q.start - 160) : q.start]  # a toll named far before its figure
    if before.endswith("(") and after.startswith(")"):
        if _NUMBER_WORD_BEFORE.search(before[:-1]):
            return None  # "fifty (50) people": the figure again, in digits
        before, after = before[:-1], after[1:]  # "(865) people are now confirmed killed"
        long_before = long_before[:-1]
    aside = _ASIDE_AFTER.match(after)
    if aside:
        after = after[aside.end() :]  # "2,100 -- including journalists … -- have been detained"
    after = after[:120]
    if _SUSPECTS.search(s[max(0, q.start - 30) : q.end + 120]):
        return None  # "made 100 arrests in connection with attacks": suspects, not victims
    if _INCLUDING_BEFORE.search(before) and not _FINITE_AFTER.match(after):
        # "over a thousand killed, including at least a dozen children": the outcome of the
        # figure before in the sentence, else the nearest cue's
        found = _nearest_cue(q, cues, clauses, s_text=s)
        return "case", found[0] if found else None
    if _OF_THOSE_BEFORE.search(before) and _AUX_AFTER.match(after) and not _OTHER_FATE.match(after):
        return "previous", None  # "Of those, 23 were under 18": part of the figure before
    if re.match(
        r"\s+(?:people|persons|protesters|demonstrators|individuals)\s+into custody", after
    ):
        return "arrested", None  # "had taken 1,213 people into custody"
    if _CASES_AFTER.match(after):
        # "۱۰۴ اعدام با اتهام قتل، ۷ مورد «مواد مخدر»": a list goes on counting the same outcome
        # The list's outcome when a figure came before in the sentence, else the nearest cue.
        found = _nearest_cue(q, cues, clauses, limit=80, s_text=s)
        return "case", found[0] if found else None
    ch = _CHANGE_FROM.search(long_before)
    if ch and not _NOUN_OUTCOME.match(after) and not _VICTIMS_AFTER.match(after):
        cm = _CUE_RE.search(ch.group("noun"))
        if cm:
            return _og(cm), None
    if (
        _COMPARED_BEFORE.search(before)
        and not _VICTIMS_AFTER.match(after)
        and not _NOUN_OUTCOME.match(after)
        and not _VERB_AFTER.match(after)
    ):
        return "same", None  # "143 executions in 2021, up from 25" (not "269, with 8,000 wounded")
    m = _NOUN_OUTCOME.match(after)
    if m:
        return m.lastgroup or "killed", None
    ov = _OF_VICTIMS_AFTER.match(after)
    if ov:
        return _cue_outcome(ov.group("p")), None  # "Twenty-three of those killed were …"
    if _WITH_LIST_BEFORE.search(before) and _WITH_LIST_AFTER.match(after):
        return "same", None  # "…, followed by Saudi Arabia with at least 345"
    if q.vague:
        of = re.match(r"\s+of\s+", after)
        m = _NOUN_OUTCOME.match(after[of.end() - 1 :]) if of else None
        if m:
            return m.lastgroup or "killed", None  # "thousands of arrests", "dozens of deaths"
    ft = _FA_COUNT_OF_BEFORE.search(before)
    if ft:
        cm = _CUE_RE.match(ft.group("noun"))
        if cm:
            return _og(cm), None  # "شمار زخمی‌ها به صدها تن … می‌رسد": the count of the wounded
    if re.search(r"حکم(?:[\u200c ]?های)?\s+اعدام\s*$", before) and re.match(
        r"[^.؛،]{0,40}?(?:صادر|تایید|تأیید|ابلاغ)", after
    ):
        return None  # "حکم اعدام ۴ نفر صادر شد": death sentences issued, no one executed yet
    if re.search(r"(?<![\w\u200c])قتل\s*$", before) and re.match(
        r"\s*(?:نفر|تن|کولبر|کولبران|زندانی|معترض|شهروند|کودک|زن|مرد)(?![\w\u200c])", after
    ):
        return "killed", None  # "قتل ۲۹ کولبر … ثبت شده": the killing of 29
    if _FA_CARRIED_OUT_BEFORE.search(before) and re.match(r"\s*(?:نفر|تن)?\s*رسید", after):
        return "executed", None  # "اجرای حکم مجازات زندانیان … به ۱۲۲ نفر رسید"
    if re.search(r"حکم(?:[\u200c ]?های)?\s+اعدام\s*$", before) and re.match(
        r"[^.؛،]{0,80}?(?:به\s*اجرا\s*(?:در\s*)?(?:آمد|آمده|درآمد|درآمده|رسید|رسیده|گذاشته)|"
        r"اجرا\s+(?:شد|شده|گردید))",
        after,
    ):
        return "executed", None  # "حکم اعدام ۱۲۲ زندانی … به اجرا در آمده است": carried out
    if re.search(r"\b(?:claimed|claiming|cost|costing|took|taken|taking)\s+$", before, re.I) and (
        re.match(r"\s+(?:more\s+|other\s+|civilian\s+|innocent\s+)?lives\b", after)
    ):
        return "killed", None  # "The crackdown has claimed 80 lives"
    if re.search(r"(?<![\w\u200c])جان\s*$", before) and re.match(
        r"\s*(?:[\w\u200c]+\s+){0,2}?را\s+(?:گرفت|گرفته|گرفتند)(?![\w\u200c])", after
    ):
        return "killed", None  # "جان ۵ نفر را گرفت": took the lives of five
    if re.search(r"(?<![\w\u200c])اجرای\s*$", before) and re.match(
        r"\s*(?:حکم|مورد)\s+اعدام", after
    ):
        return "executed", None  # "اجرای ۱۳ حکم اعدام": thirteen death sentences carried out
    if _GAPPED_BEFORE.search(before) and _GAPPED_AFTER.match(after):
        # "Five people died in Damascus, another five in Kiswah, three in Homs": a list that
        # leaves out the noun and verb of the figure before it in the sentence
        return "same", None
    label = _LABEL_BEFORE.search(before)
    if label:
        return _cue_outcome(label.group(1)), None  # "Deaths: 481", "Arrests - 19,600"
    if _COUNTED_BEFORE.search(before) and not _VICTIMS_AFTER.match(after):
        found = _nearest_cue(q, cues, clauses, s_text=s)
        if found is not None:
            return found[0], None
        if re.match(r"\s*(?:[;.]|,\s|$)", after):
            return "previous", None  # "Activists say 200; the government says 40."
    vm = _VICTIMS_AFTER.match(after)
    victims = vm.group("np").strip() if vm else None
    if victims:
        assert vm is not None
        rest = after[vm.end() :]
        head = victims.split()[-1].lower()
        fate = None if head in ("victims", "bodies", "dead") else _OTHER_FATE.match(rest)
        participle = _PARTICIPLE_AFTER.match(rest)
        if (
            participle
            and _OTHER_FATE.match(rest[participle.end() :])
            and not re.search(r"\bof (?:the|those|these)\s*$", before)
        ):
            return None  # "about 300 prisoners arrested for protesting … were freed"
        if participle:
            return _cue_outcome(participle.group(1)), victims  # "1,200 students detained have been"
        found = _nearest_cue(q, cues, clauses, skip_until=q.end + vm.end(), s_text=s)
        outcome = found[0] if found else None
        adjacent_before = (
            found is not None
            and found[1] < q.start
            and bool(_VERB_BEFORE.search(s[max(0, q.start - 40) : q.start]))
        )
        other = _OTHER_ACT_AFTER.match(rest)
        if other and _CUE_RE.match(other.group("verb")):
            other = None
        if (
            _CROWD_AFTER.match(rest)
            or (q.vague and _TARGET_BEFORE.search(before))
            or (other and not adjacent_before)
        ):
            return None  # "as tens of thousands of demonstrators surged", "fired at thousands of"
        if fate and not adjacent_before:
            return None  # "14 protesters have been sentenced to death", "22 were released"
        if outcome is None:
            bm = _VERB_BEFORE.search(before)
            if bm:
                outcome = _cue_outcome(bm.group("cue"))
        if outcome is None:
            inside = _CUE_RE.search(victims)
            if inside and re.search(r"(?:of|از)\s", victims):
                outcome = _og(inside)  # "۳۰۴ نفر از کشته‌شدگان", "200 of the detainees"
        if outcome is None:
            head = victims.split()[-1].lower()
            if head in ("victims", "bodies", "dead", "قربانی", "قربانیان"):
                outcome = "killed"
            elif head == "detainees":
                outcome = "arrested"
        if outcome is not None:
            return outcome, victims
        tm = _TOLL_BEFORE.search(long_before)
        if tm and (tm.group("noun") or "").lower() in _TOLL_OUTCOME:
            return "killed", victims
        return None
    vb = _VERB_AFTER.match(after)
    if vb:
        return _cue_outcome(vb.group("cue")), None
    gs = _GENERIC_SUBJECT.match(after)
    if gs:
        return _cue_outcome(gs.group("cue")), gs.group("np")  # "two Kurdish kolbars were killed"
    aux = _AUX_AFTER.match(after)
    if aux:
        clause = re.split(r"[,.;:]|\s(?:and|but|while|و)\s", after[aux.end() : aux.end() + 70])[0]
        cm = _CUE_RE.search(clause)
        if cm and not _OTHER_FATE.match(clause[: cm.start()] + " "):
            if not _CUE_SKIP_BEFORE.search(clause[max(0, cm.start() - 25) : cm.start()]):
                return _og(cm), None
    bm = _VERB_BEFORE.search(before)
    if bm:
        return _cue_outcome(bm.group("cue")), None
    tm = _TOLL_BEFORE.search(long_before)
    if tm:
        noun = (tm.group("noun") or tm.group("generic")).lower()
        if noun in _TOLL_OUTCOME:
            return "killed", None
        if noun.startswith("number of"):
            cm = _CUE_RE.search(noun)
            if cm:
                return _og(cm), None
        found = _nearest_cue(q, cues, clauses, s_text=s)
        if found is not None:
            return found[0], None
    return None


def _cue_outcome(word: str) -> str:
    w0 = word.lower()
    if w0 == "lost":
        return "killed"  # "we have lost 23 of our students"
    if w0.startswith("bodies"):
        return "killed"
    if w0 == "beat":
        return "tortured"
    if w0.endswith("lives of"):
        return "killed"
    m = _CUE_RE.search(word)
    if m and m.lastgroup:
        return _og(m)
    w = word.lower()
    for stem, o in (
        ("kill", "killed"),
        ("execut", "executed"),
        ("hang", "executed"),
        ("arrest", "arrested"),
        ("detain", "arrested"),
        ("injur", "injured"),
        ("wound", "injured"),
        ("tortur", "tortured"),
        ("disappear", "disappeared"),
        ("custody", "arrested"),
        ("rounded", "arrested"),
    ):
        if w.startswith(stem) or stem in w:
            return o
    return "killed"
