"""Durations and sets: units of time, TIMEX3 duration values ('P3Y', 'PT2H', 'PXW'), 'two and a half
years', counted and vague durations ('three years', 'the past two months', 'weeks') and sets ('daily',
'every other week', 'Tuesdays', 'twice a year').
"""

from __future__ import annotations

import re

from newsgraph.stages.times.anchors import Normalised, Resolver
from newsgraph.stages.times.lexicon import MONTH_RE, MONTHS, PARTS_OF_DAY, SEASONS, WEEKDAY_RE, WEEKDAYS
from newsgraph.stages.times.numbers import NUM_RE, fmt_number, parse_number

UNITS = {
    "second": "S",
    "sec": "S",
    "minute": "M",
    "min": "M",
    "hour": "H",
    "hr": "H",
    "day": "D",
    "week": "W",
    "fortnight": "2W",
    "month": "M",
    "quarter": "Q",
    "year": "Y",
    "yr": "Y",
    "decade": "DE",
    "century": "CE",
    "centurie": "CE",
    "millennium": "ML",
    "millennia": "ML",
    "weekend": "WE",
}
TIME_UNITS = {"second", "sec", "minute", "min", "hour", "hr"}


UNIT_RE = (
    r"(seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|fortnights?|months?|quarters?|years?|yrs?"
    r"|decades?|century|centuries|millenni(?:um|a)|weekends?)"
)


def unit_key(word: str) -> str:
    word = word.rstrip(".")
    if word in ("centuries",):
        return "century"
    if word.startswith("millenni"):
        return "millennium"
    return word[:-1] if word.endswith("s") and word[:-1] in UNITS else word


def duration_value(amount: float | None, unit: str) -> str:
    """P3Y, PT2H, PXW; counted decades in years (P20Y), vague ones PXDE; fractions in a smaller unit."""
    code = UNITS[unit]
    if code in ("DE", "CE") and amount is not None:
        return f"P{fmt_number(amount * (10 if code == 'DE' else 100))}Y"
    if code == "WE":
        return "P" + ("X" if amount is None else fmt_number(amount * 2)) + "D"
    prefix = "PT" if unit in TIME_UNITS else "P"
    if amount is None:
        return f"{prefix}X{code}"
    if amount != int(amount):
        whole = int(amount)
        frac = amount - whole
        smaller = {
            "Y": (12, "M"),
            "H": (60, "M"),
            "D": (24, "H"),
            "M": (60, "S") if prefix == "PT" else (30, "D"),
            "W": (7, "D"),
            "DE": (10, "Y"),
        }.get(code)
        if smaller and (amount - int(amount)) * smaller[0] != int((amount - int(amount)) * smaller[0]):
            return f"{prefix}{fmt_number(amount)}{code}"  # 2.45 years: no whole number of months
        if smaller:
            factor, sub = smaller
            parts = (f"{whole}{code}" if whole else "") + f"{fmt_number(frac * factor)}{sub}"
            if prefix == "P" and sub == "H":
                return (
                    f"P{whole}DT{fmt_number(frac * factor)}H"
                    if whole
                    else f"PT{fmt_number(frac * factor)}H"
                )
            return prefix + parts
    return f"{prefix}{fmt_number(amount)}{code}"


AND_A_HALF_RE = re.compile(r"\b(\w+)(?: (\w+?))? and a half(?: (\w+))?\b")


def and_a_half(m: re.Match[str]) -> str:
    """'two and a half years' -> '2.5 years', 'a minute and a half' -> '1.5 minute'."""
    number, unit_before, after = m.group(1), m.group(2), m.group(3)
    n = parse_number(number)
    if n is None:
        return m.group(0)
    if unit_before is not None and unit_key(unit_before) in UNITS:
        return f"{fmt_number(n + 0.5)} {unit_before}" + (f" {after}" if after else "")
    if unit_before is None and after is not None and unit_key(after) in UNITS:
        return f"{fmt_number(n + 0.5)} {after}"
    return m.group(0)


def sets(res: Resolver, s: str) -> Normalised | None:
    adverbs = {
        "daily": "P1D",
        "nightly": "P1D",
        "weekly": "P1W",
        "monthly": "P1M",
        "yearly": "P1Y",
        "annually": "P1Y",
        "hourly": "PT1H",
        "biweekly": "P2W",
        "semiannually": "P6M",
        "per year": "P1Y",
        "a year": None,
        "per day": "P1D",
    }
    if s in adverbs and adverbs[s]:
        return Normalised("SET", adverbs[s])
    m = re.fullmatch(r"(?:every|each|per|a|an) (other |single )?" + UNIT_RE, s)
    if m and (s.split()[0] in ("every", "each", "per")):
        unit = unit_key(m.group(2))
        n = 2 if m.group(1) == "other " else 1
        return Normalised("SET", duration_value(n, unit))
    m = re.fullmatch(r"every " + NUM_RE + r" " + UNIT_RE, s)
    if m:
        count = parse_number(m.group(1))
        if count is not None:
            return Normalised("SET", duration_value(count, unit_key(m.group(2))))
    m = (
        re.fullmatch(r"(?:every|each) " + WEEKDAY_RE + r"(?: (morning|afternoon|evening|night))?", s)
        or re.fullmatch(
            r"(mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays)"
            r"(?: (morning|afternoon|evening|night)s?)?",
            s,
        )
        or re.fullmatch(
            r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday) (mornings|afternoons|"
            r"evenings|nights)",
            s,
        )
    )
    if m:
        wd = WEEKDAYS[m.group(1).rstrip("s").rstrip(".")] + 1
        tod = PARTS_OF_DAY.get((m.group(2) or "").rstrip("s"), "")
        return Normalised("SET", f"XXXX-WXX-{wd}" + (f"T{tod}" if tod else ""))
    m = re.fullmatch(r"(?:every|each) " + MONTH_RE, s)
    if m:
        return Normalised("SET", f"XXXX-{MONTHS[m.group(1)]:02d}")
    m = re.fullmatch(r"(?:every|each) (spring|summer|fall|autumn|winter)", s)
    if m:
        return Normalised("SET", f"XXXX-{SEASONS[m.group(1)]}")
    m = re.fullmatch(r"(?:every|each) (morning|afternoon|evening|night)", s)
    if m:
        return Normalised("SET", f"XXXX-XX-XXT{PARTS_OF_DAY[m.group(1)]}")
    m = re.fullmatch(
        r"(?:" + NUM_RE + r" times?|once|twice|thrice) (?:a|an|per|each|every) " + UNIT_RE, s
    )
    if m:
        return Normalised("SET", duration_value(1, unit_key(m.group(2))))
    return None


def durations(res: Resolver, s: str) -> Normalised | None:
    """'three years', 'the past two months', 'a few days', 'weeks', '16-hour', 'the next 14 months'."""
    m = re.fullmatch(r"(?:a |one )?half[- ](?:an? )?(hour|day|year|century|decade|minute)", s)
    if m:
        return Normalised("DURATION", duration_value(0.5, m.group(1)))
    m = re.fullmatch(r"(?:the )?past decade", s)
    if m:
        return Normalised("DURATION", "P10Y")
    m = re.fullmatch(r"(?:a few |several |some )?" + UNIT_RE + r" (?:later|earlier|after|before)", s)
    if m:
        return Normalised("DURATION", duration_value(None, unit_key(m.group(1))))
    s2 = re.sub(
        r"^(?:the |a |an )?(?:past|last|next|first|previous|coming|final|latest|following|"
        r"remaining|additional|further|preceding|recent)\s+",
        "",
        s,
    )
    past_future = s2 != s
    m = re.fullmatch(
        r"(?:(several|a few|few|some|many|a couple of|a number of|the|recent|coming|"
        r"the next few|the past few|more|those|these|couple of)\s+)?"
        + UNIT_RE
        + r"(?:-long| long|-old)?",
        s2,
    )
    if m and (m.group(2).endswith("s") or m.group(2) in ("centuries", "millennia")):
        if m.group(1) in ("a couple of", "couple of"):
            return Normalised("DURATION", duration_value(2, unit_key(m.group(2))))
        return Normalised("DURATION", duration_value(None, unit_key(m.group(2))))
    m = re.fullmatch(
        NUM_RE
        + r"(?: or so| more| straight| consecutive| full| long)?[\s-]+"
        + UNIT_RE
        + r"(?:[- ](?:long|old))?(?: or so)?",
        s2,
    )
    if m:
        n = parse_number(m.group(1))
        if n is None:
            return None
        unit = unit_key(m.group(2))
        return Normalised("DURATION", duration_value(n, unit))
    m = re.fullmatch(r"(?:several|a few|few|some|many|a couple of|more) (?:more )?" + UNIT_RE, s2)
    if m:
        return Normalised("DURATION", duration_value(None, unit_key(m.group(1))))
    m = re.fullmatch(r"(?:(\d+|\w+) (?:to|or|-) )?" + NUM_RE + r"[\s-]+" + UNIT_RE, s2)
    if m and m.group(1) and parse_number(m.group(1)) is not None:
        return Normalised("DURATION", duration_value(None, unit_key(m.group(3))))
    m = re.fullmatch(NUM_RE + r" " + UNIT_RE + r" and (?:a half|" + NUM_RE + r" " + UNIT_RE + ")", s2)
    if m:
        n = parse_number(m.group(1))
        unit = unit_key(m.group(2))
        if n is not None and s2.endswith("a half"):
            return Normalised("DURATION", duration_value(n + 0.5, unit))
    if past_future and re.fullmatch(r"(?:year|month|week|day|decade|quarter|hour)", s2):
        unit = s2
        if s.startswith(("the past ", "the last ", "past ", "last ")) and unit in ("year", "decade"):
            return Normalised("DURATION", duration_value(1, unit))
        return Normalised("DURATION", duration_value(1, unit))
    return None
