"""Normalise one time expression against an anchor (publication) date, TIMEX3-style.

Pure Python, no spaCy: ``normalise("last week", date(2022, 1, 31))`` gives
``Normalised("DATE", "2022-W04")``. The caller supplies the tense of the governing verb
("past"/"future"/None) to resolve bare weekdays and months, and optionally a ``Context`` that
remembers the fiscal quarter under discussion ("the quarter", "a year earlier").

Values follow the TimeML TIMEX3 guidelines: dates ``2022-02-01``, ``2022-02``, ``2022``, weeks
``2022-W05``, quarters ``2022-Q1``, halves ``2022-H1``, seasons ``2022-SU``, decades ``199``,
centuries ``19``, times ``2022-01-31T10:00`` / ``2022-01-31TMO``, durations ``P3Y`` / ``PT2H`` /
``PXW``, sets ``P1W`` / ``XXXX-WXX-2``, and the references ``PRESENT_REF``, ``PAST_REF``,
``FUTURE_REF``. A relative expression with no anchor keeps its type and gets value None.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

Tense = str | None  # "past", "future" or None


@dataclass(frozen=True, slots=True)
class Normalised:
    """TIMEX3 type and value, with an optional range (``begin``..``end``) for "early February"."""

    type: str
    value: str | None
    begin: str | None = None
    end: str | None = None


@dataclass(slots=True)
class Context:
    """What earlier expressions of the same article established (the quarter being reported)."""

    quarter: tuple[int, int] | None = None  # (year, quarter)
    last_day: date | None = None  # the last full date mentioned ("that day", "the next day")
    last_year: int | None = None  # the year of the last date or year mentioned ("that year")
    last_month: tuple[int, int] | None = None  # (year, month) of the last month or day mentioned ("that month")

    def remember(self, value: str | None) -> None:
        """Note an absolute date value so that later anaphoric expressions can refer to it."""
        if not value:
            return
        m = re.match(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?(?:$|T)", value)
        if not m:
            return
        self.last_year = int(m.group(1))
        if m.group(2):
            self.last_month = (int(m.group(1)), int(m.group(2)))
        if m.group(3):
            with contextlib.suppress(ValueError):
                self.last_day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))


MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
WEEKDAYS = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tues": 1,
    "tue": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thurs": 3,
    "thu": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
PARTS_OF_DAY = {
    "morning": "MO",
    "afternoon": "AF",
    "evening": "EV",
    "night": "NI",
    "tonight": "NI",
    "overnight": "NI",
    "mid-afternoon": "AF",
    "midafternoon": "AF",
    "midmorning": "MO",
    "mid-morning": "MO",
}
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
ORDINALS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "twenty-first": 21,
    "thirtieth": 30,
    "thirty-first": 31,
    "last": -1,
    "final": -1,
}
NUMBER_WORDS = {
    "zero": 0,
    "a": 1,
    "an": 1,
    "another": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
    "couple": 2,
    "half": 0.5,
}
VAGUE_QUANTITIES = {
    "several",
    "few",
    "some",
    "many",
    "couple of",
    "number of",
    "the",
    "recent",
    "coming",
    "past",
    "next",
    "last",
    "more",
    "those",
    "these",
}

PRESENT_WORDS = {
    "now",
    "currently",
    "current",
    "right now",
    "at present",
    "presently",
    "these days",
    "nowadays",
    "today's",
    "at the moment",
    "at this time",
    "this time",
    "the present",
    "present",
    "already",
    "the moment",
    "this moment",
    "the current period",
    "just now",
    "so far",
}
PAST_WORDS = {
    "recently",
    "recent",
    "the past",
    "past",
    "previously",
    "formerly",
    "lately",
    "earlier",
    "once",
    "in the past",
    "before",
    "more recently",
    "most recently",
    "then",
    "long ago",
    "a while ago",
    "some time ago",
    "years ago",
    "in recent years",
    "recent years",
}
FUTURE_WORDS = {
    "the future",
    "future",
    "soon",
    "the near future",
    "in the future",
    "later",
    "eventually",
    "the coming years",
    "a later date",
    "as soon as possible",
    "shortly",
    "the near term",
    "the long term",
    "the short term",
    "the long run",
    "the years ahead",
    "near future",
    "someday",
    "some day",
    "coming years",
}

_LEAD_WORDS = (
    "about",
    "around",
    "approximately",
    "roughly",
    "nearly",
    "almost",
    "some",
    "at least",
    "at most",
    "more than",
    "less than",
    "fewer than",
    "over",
    "under",
    "only",
    "just",
    "barely",
    "up to",
    "within",
    "for",
    "since",
    "until",
    "till",
    "by",
    "in",
    "on",
    "at",
    "during",
    "from",
    "through",
    "between",
    "as of",
    "as early as",
    "as late as",
    "as recently as",
    "no later than",
    "sometime",
    "some time",
    "as much as",
    "more",
    "another",
    "an additional",
    "a further",
    "the",
    "each of",
    "all of",
    "much of",
    "most of",
    "part of",
    "throughout",
    "after",
    "before",
    "effective",
    "starting",
    "beginning",
    "ending",
    "ended",
    "of",
    "still",
    "well",
    "even",
    "fully",
    "a full",
    "full",
    "at the end of",
    "the end of",
    "end of",
    "the beginning of",
    "the start of",
    "start of",
    "the middle of",
    "middle of",
    "late in",
    "early in",
    "the rest of",
    "the remainder of",
)
_LEAD_ONE_RE = re.compile(r"^(?:" + "|".join(sorted(map(re.escape, _LEAD_WORDS), key=len, reverse=True)) + r")\s+")
_MOD_RE = re.compile(r"^(early|earlier|mid|middle|late|later)(?:\s+in)?[-\s]+(?:the\s+)?")


SPELLED_DECADES = ("twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties")


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _iso_week(d: date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


def _quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


def parse_number(text: str) -> float | None:
    """'three' -> 3, '2 1/2' -> 2.5, 'twenty-four' -> 24, '1,000' -> 1000; None if not a number."""
    text = text.strip().replace(",", "")
    if not text:
        return None
    if text in ("a half", "half a", "half an", "one half", "half"):
        return 0.5
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(?:\s*(?:-|\s)\s*(\d)/(\d))?", text)
    if m:
        value = float(m.group(1))
        if m.group(2):
            value += int(m.group(2)) / int(m.group(3))
        return value
    m = re.fullmatch(r"(\d)/(\d)", text)
    if m:
        return int(m.group(1)) / int(m.group(2))
    total = 0.0
    current = 0.0
    words = re.split(r"[\s-]+", text)
    words = [w for w in words if w not in ("and",)]
    if not words:
        return None
    for word in words:
        if word not in NUMBER_WORDS:
            return None
        n = NUMBER_WORDS[word]
        if word == "hundred":
            current = max(current, 1) * 100
        elif word == "half":
            current = current + 0.5 if current else 0.5
        else:
            current += n
    total += current
    return total


def _fmt_number(n: float) -> str:
    return str(int(n)) if n == int(n) else str(n)


def duration_value(amount: float | None, unit: str) -> str:
    """P3Y, PT2H, PXW; counted decades in years (P20Y), vague ones PXDE; fractions in a smaller unit."""
    code = UNITS[unit]
    if code in ("DE", "CE") and amount is not None:
        return f"P{_fmt_number(amount * (10 if code == 'DE' else 100))}Y"
    if code == "WE":
        return "P" + ("X" if amount is None else _fmt_number(amount * 2)) + "D"
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
            return f"{prefix}{_fmt_number(amount)}{code}"  # 2.45 years: no whole number of months
        if smaller:
            factor, sub = smaller
            parts = (f"{whole}{code}" if whole else "") + f"{_fmt_number(frac * factor)}{sub}"
            if prefix == "P" and sub == "H":
                return (
                    f"P{whole}DT{_fmt_number(frac * factor)}H"
                    if whole
                    else f"PT{_fmt_number(frac * factor)}H"
                )
            return prefix + parts
    return f"{prefix}{_fmt_number(amount)}{code}"


def _clean(text: str) -> str:
    s = text.lower().replace("\n", " ").replace("\u2019", "'").replace("\u2018", "'")
    s = s.replace("\u2013", "-").replace("\u2014", "-")
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(r"'s$", "", s)
    s = s.strip(' ,.;:!?"()[]')
    s = re.sub(r"'s$", "", s)
    s = _SPELLED_YEAR_RE.sub(_spelled_year, s)
    s = _COUNTING_ADJ_RE.sub("", s)
    s = _AND_A_HALF_RE.sub(_and_a_half, s)
    return s


_COUNTING_ADJ_RE = re.compile(
    r"\b(?:trading|business|working|calendar|consecutive|straight) (?=(?:day|week|month|year|session)s?\b)"
)
_AND_A_HALF_RE = re.compile(r"\b(\w+)(?: (\w+?))? and a half(?: (\w+))?\b")


def _and_a_half(m: re.Match[str]) -> str:
    """'two and a half years' -> '2.5 years', 'a minute and a half' -> '1.5 minute'."""
    number, unit_before, after = m.group(1), m.group(2), m.group(3)
    n = parse_number(number)
    if n is None:
        return m.group(0)
    if unit_before is not None and _unit_key(unit_before) in UNITS:
        return f"{_fmt_number(n + 0.5)} {unit_before}" + (f" {after}" if after else "")
    if unit_before is None and after is not None and _unit_key(after) in UNITS:
        return f"{_fmt_number(n + 0.5)} {after}"
    return m.group(0)


_SPELLED_YEAR_RE = re.compile(
    r"\b(?:(nineteen|eighteen|twenty) (\w+(?:[- ]\w+)?)|(two thousand(?: and \w+)?))\b"
)


def _spelled_year(m: re.Match[str]) -> str:
    """'nineteen ninety-four' -> '1994', 'two thousand' -> '2000'; other text unchanged."""
    if m.group(3):
        tail = m.group(3)[len("two thousand") :].replace(" and ", "").strip()
        n = parse_number(tail) if tail else 0
        return str(2000 + int(n)) if n is not None and n < 100 else m.group(0)
    head = {"eighteen": 18, "nineteen": 19, "twenty": 20}[m.group(1)]
    n = parse_number(m.group(2))
    if n is None or not 10 <= n < 100 or n != int(n):
        return m.group(0)
    return f"{head}{int(n):02d}"


FUTURE_SLACK_DAYS = 30
# Without tense a month (and day) is the nearest such one, leaning to the past: up to this many months ahead.
MONTH_FORWARD_MONTHS = 5


def _resolve_year_for_month(month: int, day: int | None, anchor: date, tense: Tense) -> int:
    """Year of a month (and day) given without one: the tense's side of the anchor, else the anchor's year
    unless that puts it more than half a year away."""
    target_day = day or 15
    same = (month, target_day)
    now = (anchor.month, anchor.day if day else 15)
    if tense == "past":
        # a past-tense verb still often reports a date a few weeks ahead ("set a deadline of Nov. 10")
        soon = (
            0 <= (month - anchor.month) * 31 + (target_day - anchor.day) <= FUTURE_SLACK_DAYS
            if day is not None
            else month - anchor.month == 1  # "a cutback in September" reported in August
        )
        return anchor.year if same <= now or soon else anchor.year - 1
    if tense == "future":
        return anchor.year if same >= now else anchor.year + 1
    diff = month - anchor.month
    if diff > MONTH_FORWARD_MONTHS:
        return anchor.year - 1
    if diff < MONTH_FORWARD_MONTHS - 12:
        return anchor.year + 1
    return anchor.year


# Without tense a bare weekday is the nearest such day, leaning to the past (news reports what happened):
# up to this many days ahead, else the last one.
WEEKDAY_FORWARD_DAYS = 2


def _valid_day(year: int, month: int, day: int) -> Normalised | None:
    """The DATE for a calendar day, or None where there is no such day (Feb. 30)."""
    try:
        return Normalised("DATE", date(year, month, day).isoformat())
    except ValueError:
        return None


def _year_matching_weekday(month: int, day: int, weekday: int, guess: int) -> int:
    """The year near ``guess`` in which month/day falls on ``weekday`` ('Saturday, April 25')."""
    for year in (guess, guess - 1, guess + 1):
        try:
            if date(year, month, day).weekday() == weekday:
                return year
        except ValueError:
            return guess
    return guess


def _resolve_weekday(weekday: int, anchor: date, tense: Tense) -> date:
    delta = weekday - anchor.weekday()
    if tense == "past":
        back = delta if delta <= 0 else delta - 7
        return anchor + timedelta(days=back)
    if tense == "future":
        forward = delta if delta >= 0 else delta + 7
        return anchor + timedelta(days=forward)
    if delta > WEEKDAY_FORWARD_DAYS:
        delta -= 7
    elif delta < -3:
        delta += 7
    return anchor + timedelta(days=delta)


def _range_for(mod: str | None, value: str) -> tuple[str | None, str | None]:
    """begin/end of 'early/mid/late' + a month or a year."""
    if not mod:
        return None, None
    if re.fullmatch(r"\d{4}-\d{2}", value):
        y, m = int(value[:4]), int(value[5:])
        last = (date(*_add_months(y, m, 1), 1) - timedelta(days=1)).day
        spans = {"early": (1, 10), "mid": (11, 20), "late": (21, last)}
        a, b = spans[mod]
        return f"{value}-{a:02d}", f"{value}-{b:02d}"
    if re.fullmatch(r"\d{4}", value):
        spans_y = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
        a, b = spans_y[mod]
        return f"{value}-{a:02d}", f"{value}-{b:02d}"
    if re.fullmatch(r"\d{3}", value):
        spans_d = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}
        a, b = spans_d[mod]
        return f"{value}{a}", f"{value}{b}"
    return None, None


_MONTH_RE = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY_RE = (
    r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu(?:rs)?|fri|sat|sun)\.?"
)
_YEAR_RE = r"((?:1[5-9]|20)\d\d)"
_UNIT_RE = (
    r"(seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|fortnights?|months?|quarters?|years?|yrs?"
    r"|decades?|century|centuries|millenni(?:um|a)|weekends?)"
)
_NUM_RE = (
    r"((?:\d[\d,.]*(?:\s+\d/\d)?|\d/\d|(?:(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven"
    r"|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty"
    r"|seventy|eighty|ninety|hundred|a|an|another|half|and)[\s-]*)+))"
)
_ORDINAL_RE = r"(first|second|third|fourth|1st|2nd|3rd|4th|last|final)"


def _unit_key(word: str) -> str:
    word = word.rstrip(".")
    if word in ("centuries",):
        return "century"
    if word.startswith("millenni"):
        return "millennium"
    return word[:-1] if word.endswith("s") and word[:-1] in UNITS else word


def _parse_time_of_day(s: str) -> str | None:
    """'10 a.m.' -> '10:00', '7:15 pm' -> '19:15', 'noon' -> '12:00'; None if not a clock time."""
    s = re.sub(r"\b(?:[ecmp][sd]t|gmt|utc|local time|et|pt)\b", "", s).strip(" ,")
    s = re.sub(
        r"^(?:about|around|approximately|at|shortly after|shortly before|just after|just before|"
        r"after|before|until|by)\s+",
        "",
        s,
    )
    if s in ("noon", "midday", "12 noon"):
        return "12:00"
    if s == "midnight":
        return "24:00"
    m = re.fullmatch(
        r"(\d{1,2})(?:[:.](\d\d))?\s*(a\.?\s?m\.?|p\.?\s?m\.?|o'clock|in the morning|in the afternoon|"
        r"in the evening|at night)?",
        s,
    )
    if not m:
        m = re.fullmatch(r"(\d\d)(\d\d)\s*(gmt|hours|hrs)", s)
        if not m:
            return None
    if not m.group(3) and not m.group(2):
        return None
    hour = int(m.group(1))
    minute = int(m.group(2) or 0)
    suffix = (m.group(3) or "").replace(".", "").replace(" ", "")
    afternoon = suffix.startswith("p") or suffix in ("intheafternoon", "intheevening", "atnight")
    if afternoon and hour < 12:
        hour += 12
    elif not afternoon and (suffix.startswith("a") or suffix == "inthemorning") and hour == 12:
        hour = 0
    if hour > 24 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


# A leading article before a counted number or a month belongs to the noun phrase, not the number:
# "a two day rally" is two days, not 1 + 2.
_ARTICLE_BEFORE_NUMBER = re.compile(
    r"^(?:a|an) (?=\d|(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety)\b|" + _MONTH_RE + r" \d)"
)


class _Normaliser:
    def __init__(self, anchor: date | None, tense: Tense, context: Context) -> None:
        self.anchor = anchor
        self.tense = tense
        self.context = context

    # -- helpers -------------------------------------------------------------------------
    def rel(self, type_: str, make: Callable[[date], str]) -> Normalised:
        """A relative expression: value from ``make(anchor)`` or None without an anchor."""
        if self.anchor is None:
            return Normalised(type_, None)
        return Normalised(type_, make(self.anchor))

    # -- main ----------------------------------------------------------------------------
    def run(self, raw: str) -> Normalised | None:
        s = _clean(raw)
        if not s or re.fullmatch(r"[\d,.]+", s) and not re.fullmatch(_YEAR_RE, s):
            return None
        if re.search(r"\b(?:year|month|week|day)s?[- ]old\b|\byears? of age\b|\baged?\b", s):
            return None
        s = _ARTICLE_BEFORE_NUMBER.sub("", s)  # 'a 10-year (plan)', 'a two day rally', 'an Aug. 10 deal'
        result = self.whole(s)
        if result is not None:
            return result
        # peel leading words one at a time: "by the end of the month" is "the end of the month"
        stripped = s
        while (m := _LEAD_ONE_RE.match(stripped)) is not None and m.end() < len(stripped):
            stripped = stripped[m.end() :]
            result = self.whole(stripped)
            if result is not None:
                return result
        return None

    def whole(self, s: str) -> Normalised | None:
        for method in (
            self.references,
            self.sets,
            self.clock,
            self.deictic_day,
            self.absolute,
            self.modded,
            self.anaphora,
            self.generic_unit,
            self.holidays,
            self.relative_unit,
            self.ago,
            self.quarters,
            self.weekday,
            self.seasons,
            self.durations,
            self.decades,
            self.year_only,
        ):
            result = method(s)
            if result is not None:
                return result
        return None

    def references(self, s: str) -> Normalised | None:
        if s in ("the time", "that time", "at the time", "at that time", "those days", "in those days"):
            return Normalised("DATE", "PAST_REF")
        if s in PRESENT_WORDS or re.fullmatch(
            r"(?:this|the) (?:crucial |critical |current )?(?:moment|time|point)", s
        ):
            return Normalised("DATE", "PRESENT_REF")
        if s in PAST_WORDS or re.fullmatch(
            r"(?:the )?(?:recent|past|last) (?:several |few )?"
            r"(?:years|decades|quarters|times)",
            s,
        ):
            return Normalised("DATE", "PAST_REF")
        if s in FUTURE_WORDS or re.fullmatch(
            r"(?:the )?(?:coming|future|upcoming) (?:months|quarters|years|decades)", s
        ):
            return Normalised("DATE", "FUTURE_REF")
        if re.fullmatch(r"(?:(?:several|a few|some|many) )?(?:years|decades|months|weeks|days) ago", s):
            return Normalised("DATE", "PAST_REF")
        return None

    def sets(self, s: str) -> Normalised | None:
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
        m = re.fullmatch(r"(?:every|each|per|a|an) (other |single )?" + _UNIT_RE, s)
        if m and (s.split()[0] in ("every", "each", "per")):
            unit = _unit_key(m.group(2))
            n = 2 if m.group(1) == "other " else 1
            return Normalised("SET", duration_value(n, unit))
        m = re.fullmatch(r"every " + _NUM_RE + r" " + _UNIT_RE, s)
        if m:
            count = parse_number(m.group(1))
            if count is not None:
                return Normalised("SET", duration_value(count, _unit_key(m.group(2))))
        m = (
            re.fullmatch(r"(?:every|each) " + _WEEKDAY_RE + r"(?: (morning|afternoon|evening|night))?", s)
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
        m = re.fullmatch(r"(?:every|each) " + _MONTH_RE, s)
        if m:
            return Normalised("SET", f"XXXX-{MONTHS[m.group(1)]:02d}")
        m = re.fullmatch(r"(?:every|each) (spring|summer|fall|autumn|winter)", s)
        if m:
            return Normalised("SET", f"XXXX-{SEASONS[m.group(1)]}")
        m = re.fullmatch(r"(?:every|each) (morning|afternoon|evening|night)", s)
        if m:
            return Normalised("SET", f"XXXX-XX-XXT{PARTS_OF_DAY[m.group(1)]}")
        m = re.fullmatch(
            r"(?:" + _NUM_RE + r" times?|once|twice|thrice) (?:a|an|per|each|every) " + _UNIT_RE, s
        )
        if m:
            return Normalised("SET", duration_value(1, _unit_key(m.group(2))))
        return None

    def clock(self, s: str) -> Normalised | None:
        """Clock times, alone or with a day: '10 a.m.', '7:15 p.m. EST Friday', 'Monday at noon'."""
        day_part: str | None = None
        time_part = s
        m = re.fullmatch(
            r"(.+?),? (?:on |of )?((?:yesterday|today|tomorrow|tonight|last night|"
            + _WEEKDAY_RE
            + r"|"
            + _MONTH_RE
            + r" \d{1,2}(?:,? \d{4})?).*)",
            s,
        )
        if m and _parse_time_of_day(m.group(1)):
            time_part, day_part = m.group(1), m.group(2)
        else:
            m = re.fullmatch(
                r"((?:yesterday|today|tomorrow|tonight|"
                + _WEEKDAY_RE
                + r"|"
                + _MONTH_RE
                + r" \d{1,2}(?:,? \d{4})?)[^,]*?),? (?:at )?(.+)",
                s,
            )
            if m and _parse_time_of_day(m.group(m.lastindex or 1)):
                day_part, time_part = m.group(1), m.group(m.lastindex or 1)
        hm = _parse_time_of_day(time_part)
        if hm is None:
            return None
        if day_part:
            day = self.whole(day_part)
            if day is None or day.value is None:
                return Normalised("TIME", None)
            base = day.value[:10]
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", base):
                return Normalised("TIME", None)
            return Normalised("TIME", f"{base}T{hm}")
        return self.rel("TIME", lambda a: f"{a.isoformat()}T{hm}")

    def deictic_day(self, s: str) -> Normalised | None:
        words = {
            "today": 0,
            "yesterday": -1,
            "tomorrow": 1,
            "tonight": 0,
            "overnight": 0,
            "last night": -1,
            "this morning": 0,
            "this afternoon": 0,
            "this evening": 0,
            "the day before yesterday": -2,
            "the day after tomorrow": 2,
            "earlier today": 0,
            "later today": 0,
        }
        base = re.sub(r"^(?:early|earlier|late|later)\s+", "", s)
        tod = None
        m = re.fullmatch(
            r"(today|yesterday|tomorrow)\s+(morning|afternoon|evening|night)", base
        ) or re.fullmatch(
            r"(?:the |late |early )?(morning|afternoon|evening|night) (?:of )?(today|yesterday|tomorrow)",
            base,
        )
        if m:
            g1, g2 = m.group(1), m.group(2)
            day_word, tod = (g1, g2) if g1 in words else (g2, g1)
            offset = words[day_word]
        elif base in words:
            offset = words[base]
            if base in ("tonight", "overnight", "last night"):
                tod = "night"
            elif base.startswith("this "):
                tod = base.split()[1]
        elif re.fullmatch(
            r"(?:mid-?|late |early )?(afternoon|morning|evening) (?:of )?(yesterday|today|tomorrow)", base
        ):
            mm = re.fullmatch(
                r"(?:mid-?|late |early )?(afternoon|morning|evening) (?:of )?(yesterday|today|tomorrow)", base
            )
            assert mm is not None
            tod, offset = mm.group(1), words[mm.group(2)]
        else:
            return None
        if tod:
            code = PARTS_OF_DAY[tod]
            if s in ("tonight",):
                return self.rel("DATE", lambda a: (a + timedelta(days=offset)).isoformat())
            return self.rel("TIME", lambda a: f"{(a + timedelta(days=offset)).isoformat()}T{code}")
        return self.rel("DATE", lambda a: (a + timedelta(days=offset)).isoformat())

    def absolute(self, s: str) -> Normalised | None:
        """Dates with a month name or digits: 'Jan. 21, 2014', '21 January', 'June 1989', '1998-02-13'."""
        named_weekday: int | None = None
        wm = re.match(r"(?:(?:this coming|this|last|next|coming) )?" + _WEEKDAY_RE + r",?\s+(?=\S)", s)
        if wm:
            named_weekday = WEEKDAYS[wm.group(1)]
            s = s[wm.end() :]
        s = re.sub(r"^(?:this coming|this|last|next|coming)\s+(?=" + _MONTH_RE + r"\s+\d)", "", s)
        m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", s)
        if m:
            return Normalised("DATE", s)
        m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})", s)
        if m:
            year = int(m.group(3))
            year += 1900 if year < 100 and year > 30 else (2000 if year < 100 else 0)
            month, day = int(m.group(1)), int(m.group(2))
            if 1 <= month <= 12 and 1 <= day <= 31:
                return Normalised("DATE", f"{year}-{month:02d}-{day:02d}")
        m = re.fullmatch(
            _MONTH_RE + r" (\d{1,2})(?:st|nd|rd|th)?(?:,? " + _YEAR_RE + r")?", s
        ) or re.fullmatch(
            r"(?:the )?(\d{1,2})(?:st|nd|rd|th)? (?:of )?" + _MONTH_RE + r"(?:,? " + _YEAR_RE + r")?", s
        )
        if m:
            if m.group(1).isdigit():
                day, month, year_s = int(m.group(1)), MONTHS[m.group(2)], m.group(3)
            else:
                month, day, year_s = MONTHS[m.group(1)], int(m.group(2)), m.group(3)
            if not 1 <= day <= 31:
                return None
            if year_s:
                return _valid_day(int(year_s), month, day)
            if self.anchor is None:
                return Normalised("DATE", None)
            year = _resolve_year_for_month(month, day, self.anchor, self.tense)
            if named_weekday is not None:
                year = _year_matching_weekday(month, day, named_weekday, year)
            return _valid_day(year, month, day)
        m = re.fullmatch(_MONTH_RE + r" (\w+?)(?:-| )?(\w+)?", s)
        if m and m.group(1) in MONTHS:
            word = m.group(2) + (" " + m.group(3) if m.group(3) else "")
            n = parse_number(word) if m.group(3) else None
            day_ord = ORDINALS.get(word) if word in ORDINALS else None
            if day_ord is None and n is None:
                # 'march eighth', 'march twenty-first'
                mm = re.fullmatch(r"(\w+)(?:[\s-](\w+))?", word)
                if mm and mm.group(1) in ("twenty", "thirty") and mm.group(2) in ORDINALS:
                    day_ord = int(NUMBER_WORDS[mm.group(1)]) + ORDINALS[mm.group(2)]
            if day_ord and day_ord > 0:
                month = MONTHS[m.group(1)]
                if self.anchor is None:
                    return Normalised("DATE", None)
                year = _resolve_year_for_month(month, day_ord, self.anchor, self.tense)
                if named_weekday is not None:
                    year = _year_matching_weekday(month, day_ord, named_weekday, year)
                return _valid_day(year, month, day_ord)
        m = re.fullmatch(_MONTH_RE + r",? (?:of )?" + _YEAR_RE, s)
        if m:
            return Normalised("DATE", f"{m.group(2)}-{MONTHS[m.group(1)]:02d}")
        m = re.fullmatch(_MONTH_RE + r" (this|last|next) year", s)
        if m:
            off = {"this": 0, "last": -1, "next": 1}[m.group(2)]
            month_no = MONTHS[m.group(1)]
            return self.rel("DATE", lambda a: f"{a.year + off}-{month_no:02d}")
        m = re.fullmatch(r"(?:(this|last|next|this past|this coming|past|coming) )?" + _MONTH_RE, s)
        if m and (
            m.group(1)
            or m.group(2) not in ("may", "mar", "jan", "sun", "sat", "dec", "jun", "jul")
            or s in ("may", "june", "july", "march")
        ):
            month = MONTHS[m.group(2)]
            if self.anchor is None:
                return Normalised("DATE", None)
            which = m.group(1)
            a = self.anchor
            if which in ("last", "this past", "past"):
                # "last February" said in March is a year back: the month just gone is "last month"
                year = a.year if month < a.month - 1 else a.year - 1
            elif which in ("next", "this coming", "coming"):
                year = a.year if month > a.month else a.year + 1
            elif which == "this":
                year = a.year
            else:
                year = _resolve_year_for_month(month, None, a, self.tense)
            return Normalised("DATE", f"{year}-{month:02d}")
        return None

    def modded(self, s: str) -> Normalised | None:
        """'early February', 'mid-1990', 'late 1990s', 'the end of the year', 'the beginning of March'."""
        m = _MOD_RE.match(s)
        if m and m.end() < len(s):
            mod = {
                "early": "early",
                "earlier": "early",
                "mid": "mid",
                "middle": "mid",
                "late": "late",
                "later": "late",
            }[m.group(1)]
            rest = s[m.end() :]
            inner = self.whole(rest)
            if inner is None:
                return None
            if inner.value is None or inner.type != "DATE":
                return inner
            if mod == "early" and m.group(1) == "earlier" or m.group(1) == "later":
                return inner  # 'earlier this month' is the month itself
            begin, end = _range_for(mod, inner.value)
            return Normalised(inner.type, inner.value, begin, end)
        m = re.fullmatch(r"(?:the )?(?:end|close) of (?:the )?(year|month|week|quarter|decade|century)", s)
        if m:
            unit = m.group(1)
            return self.relative_unit("this " + unit)
        m = re.fullmatch(r"(?:the )?week of (.+)", s)
        if m:
            inner = self.whole(m.group(1))
            if inner is not None and inner.value and re.fullmatch(r"\d{4}-\d\d-\d\d", inner.value):
                return Normalised("DATE", _iso_week(date.fromisoformat(inner.value)))
            if inner is not None and inner.type == "DATE" and inner.value is None:
                return inner  # no publication date to place "the week of March 6"
            return None
        m = re.fullmatch(r"(?:the )?(?:end|close|beginning|start|middle) of (.+)", s)
        if m:
            return self.whole(m.group(1))
        m = re.fullmatch(r"(?:the )?(?:first|second|last) (?:half|part|week|days?) of (.+)", s)
        if m and not m.group(1).startswith(("the year", "year")):
            inner = self.whole(m.group(1))
            if inner and inner.type == "DATE":
                half = re.search(r"\b(first|second|last) half of (?:the )?(?:year )?(\d{4})$", s)
                if half:
                    return Normalised("DATE", f"{half.group(2)}-H{1 if half.group(1) == 'first' else 2}")
                return inner
        return None

    def anaphora(self, s: str) -> Normalised | None:
        """'that year', 'the following day', 'the same day', 'the day before': from the last date named."""
        m = re.fullmatch(
            r"(?:earlier |later )?(?:(that|the same|that same|the following|the previous|the prior|"
            r"the next|the) (day|year|morning|afternoon|evening|night)|the (day|year) (before|after))",
            s,
        )
        if not m:
            m = re.fullmatch(r"(?:earlier|later) in (that|the) (day|year)", s)
            if not m:
                return None
            return self.anaphora(f"that {m.group(2)}")
        which = m.group(1) or ("the previous" if m.group(4) == "before" else "the following")
        unit = m.group(2) or m.group(3)
        if s in ("the day", "the night"):
            return None  # "the day belonged to the Czech Republic", "the night the plane went down": no date named
        off = {"the following": 1, "the next": 1, "the previous": -1, "the prior": -1}.get(which, 0)
        if unit == "year":
            if which == "the next":
                return None  # 'the next year' is next year from the publication
            if which == "the":
                return self.rel("DATE", lambda a: str(a.year))
            base_year = self.context.last_year or (self.anchor.year if self.anchor else None)
            return Normalised("DATE", None if base_year is None else str(base_year + off))
        base = self.context.last_day or self.anchor
        if base is None:
            return Normalised("DATE", None)
        day = (base + timedelta(days=off)).isoformat()
        if unit == "day":
            return Normalised("DATE", day)
        return Normalised("TIME", f"{day}T{PARTS_OF_DAY[unit]}")

    def generic_unit(self, s: str) -> Normalised | None:
        """'the week', 'the weekend', 'the full year', 'the morning': the one around the publication."""
        m = re.fullmatch(
            r"(?:the |this )(?:full |entire |whole )?(week|weekend|year|month|morning|afternoon|"
            r"evening)",
            s,
        )
        if not m:
            return None
        unit = m.group(1)
        if unit == "week":
            return self.rel("DATE", _iso_week)
        if unit == "weekend":
            if self.anchor is None:
                return Normalised("DATE", None)
            saturday = _resolve_weekday(5, self.anchor, self.tense)
            return Normalised("DATE", _iso_week(saturday) + "-WE")
        if unit == "year":
            return self.rel("DATE", lambda a: str(a.year))
        if unit == "month":
            return self.rel("DATE", lambda a: f"{a.year}-{a.month:02d}")
        code = PARTS_OF_DAY[unit]
        return self.rel("TIME", lambda a: f"{a.isoformat()}T{code}")

    def holidays(self, s: str) -> Normalised | None:
        """Fixed and computed holidays: Christmas, New Year's Day, Thanksgiving, Election Day, Labor Day."""
        m = re.fullmatch(
            r"(?:(last|next|this) )?(christmas(?: day| eve)?|new year's(?: day| eve)?|thanksgiving(?: day)?|"
            r"election day|labor day|memorial day|independence day|the fourth of july|july fourth|"
            r"halloween|valentine's day|christmas eve)(?:,? (\d{4}))?",
            s,
        )
        if not m:
            return None
        which, name, year_s = m.groups()
        if not year_s and self.anchor is None:
            return Normalised("DATE", None)

        def on(year: int) -> date:
            fixed = {
                "christmas": (12, 25),
                "christmas day": (12, 25),
                "christmas eve": (12, 24),
                "new year's": (1, 1),
                "new year's day": (1, 1),
                "new year's eve": (12, 31),
                "independence day": (7, 4),
                "the fourth of july": (7, 4),
                "july fourth": (7, 4),
                "halloween": (10, 31),
                "valentine's day": (2, 14),
            }
            if name in fixed:
                return date(year, *fixed[name])
            if name.startswith("thanksgiving"):
                first = date(year, 11, 1)
                return first + timedelta(days=(3 - first.weekday()) % 7 + 21)
            if name == "election day":
                first = date(year, 11, 2)
                return first + timedelta(days=(1 - first.weekday()) % 7)
            if name == "labor day":
                first = date(year, 9, 1)
                return first + timedelta(days=(0 - first.weekday()) % 7)
            last = date(year, 5, 31)
            return last - timedelta(days=last.weekday())  # memorial day

        if year_s:
            return Normalised("DATE", on(int(year_s)).isoformat())
        assert self.anchor is not None
        year = self.anchor.year
        this = on(year)
        if which == "last" or (which is None and self.tense == "past"):
            if this > self.anchor:
                this = on(year - 1)
        elif which == "next" or (which is None and self.tense == "future"):
            if this < self.anchor:
                this = on(year + 1)
        elif (this - self.anchor).days > 182:
            this = on(year - 1)
        elif (self.anchor - this).days > 182:
            this = on(year + 1)
        return Normalised("DATE", this.isoformat())

    def relative_unit(self, s: str) -> Normalised | None:
        """'this week', 'last year', 'next month', 'this quarter', 'the current year', 'the same day'."""
        m = re.fullmatch(
            r"(?:the )?(this|last|next|past|previous|current|coming|following|same|latest|prior|"
            r"present|that)(?: fiscal| calendar)? (day|week|weekend|month|quarter|year|decade|century)",
            s,
        )
        if not m:
            return None
        which, unit = m.group(1), m.group(2)
        if which == "past" and unit == "decade":
            return Normalised("DURATION", "P10Y")  # 'the past decade': the ten years up to now
        off = {
            "this": 0,
            "current": 0,
            "present": 0,
            "same": 0,
            "that": 0,
            "last": -1,
            "past": -1,
            "previous": -1,
            "prior": -1,
            "latest": -1,
            "next": 1,
            "coming": 1,
            "following": 1,
        }[which]
        if which in ("same", "that", "following", "previous", "prior") and unit == "day":
            return Normalised("DATE", None) if self.anchor is None else None
        if which in ("same", "that", "following", "previous", "prior") and unit == "month" and self.context.last_month:
            # anaphoric: the month after or before the one last named ("in April ... the following month")
            year_month = _add_months(*self.context.last_month, off)
            return Normalised("DATE", "{}-{:02d}".format(*year_month))
        if which == "past" and unit in ("year", "decade", "century") and s.startswith("the"):
            off = -1
        if which == "latest" and unit != "quarter":
            off = -1
        if unit == "day":
            return self.rel("DATE", lambda a: (a + timedelta(days=off)).isoformat())
        if unit == "week":
            return self.rel("DATE", lambda a: _iso_week(a + timedelta(weeks=off)))
        if unit == "weekend":
            return self.rel("DATE", lambda a: _iso_week(a + timedelta(weeks=off)) + "-WE")
        if unit == "month":
            return self.rel("DATE", lambda a: "{}-{:02d}".format(*_add_months(a.year, a.month, off)))
        if unit == "quarter":

            def quarter(a: date) -> str:
                idx = a.year * 4 + _quarter_of(a) - 1 + off
                return f"{idx // 4}-Q{idx % 4 + 1}"

            return self.rel("DATE", quarter)
        if unit == "year":
            return self.rel("DATE", lambda a: str(a.year + off))
        if unit == "decade":
            return self.rel("DATE", lambda a: str(a.year // 10 + off))
        return self.rel("DATE", lambda a: str(a.year // 100 + off))

    def ago(self, s: str) -> Normalised | None:
        """'three years ago', 'a week ago', 'two days earlier', 'year-ago', 'a year earlier'."""
        m = re.fullmatch(
            r"(?:the )?(?:comparable )?year[- ](?:ago|earlier)(?: (quarter|period|third quarter|"
            r"second quarter|first quarter|fourth quarter|nine months|six months|half|month|year))?",
            s,
        )
        if m or re.fullmatch(r"(?:a|one) year (?:ago|earlier|before)", s) or s in ("last year's quarter",):
            if self.context.quarter and (
                not m or not m.group(1) or "quarter" in m.group(1) or m.group(1) == "period"
            ):
                y, q = self.context.quarter
                if (
                    m
                    and m.group(1)
                    and m.group(1)[0] in "tsf"
                    and m.group(1) != "six months"
                    and m.group(1).split()[0] in ORDINALS
                ):
                    q = ORDINALS[m.group(1).split()[0]]
                return Normalised("DATE", f"{y - 1}-Q{q}")
            if m and m.group(1) in ("nine months", "six months"):
                return Normalised("DURATION", f"P{9 if m.group(1)[0] == 'n' else 6}M")
            return self.rel("DATE", lambda a: str(a.year - 1))
        m = re.fullmatch(
            _NUM_RE + r" " + _UNIT_RE + r"(?: or so)? (ago|earlier|before|later|after|hence|from now)", s
        )
        if not m:
            return None
        n = parse_number(m.group(1))
        unit = _unit_key(m.group(2))
        direction = -1 if m.group(3) in ("ago", "earlier", "before") else 1
        if m.group(3) in ("earlier", "later", "before", "after"):
            # relative to an event, not to the publication: TimeML marks the span as a duration
            return Normalised("DURATION", duration_value(n, unit))
        if n is None or n != int(n):
            return Normalised("DATE", "PAST_REF" if direction < 0 else "FUTURE_REF")
        k = int(n) * direction
        if unit in ("day",):
            return self.rel("DATE", lambda a: (a + timedelta(days=k)).isoformat())
        if unit == "week":
            return self.rel("DATE", lambda a: _iso_week(a + timedelta(weeks=k)))
        if unit == "month":
            return self.rel("DATE", lambda a: "{}-{:02d}".format(*_add_months(a.year, a.month, k)))
        if unit == "quarter":
            return self.rel("DATE", lambda a: "{}-{:02d}".format(*_add_months(a.year, a.month, 3 * k)))
        if unit == "year":
            return self.rel("DATE", lambda a: str(a.year + k))
        if unit == "decade":
            return self.rel("DATE", lambda a: str(a.year + 10 * k)[:3])
        if unit == "century":
            return self.rel("DATE", lambda a: str(a.year + 100 * k)[:2])
        if unit in TIME_UNITS:
            return self.rel("TIME", lambda a: a.isoformat())
        return None

    def quarters(self, s: str) -> Normalised | None:
        """'the third quarter', 'third-quarter', 'the fiscal first quarter of 1990', 'the quarter'."""
        m = re.fullmatch(r"(?:fy|fiscal year )'?(\d{2}|\d{4})", s)
        if m:
            year_s = m.group(1)
            return Normalised(
                "DATE", year_s if len(year_s) == 4 else ("19" if int(year_s) > 30 else "20") + year_s
            )
        m = re.fullmatch(r"q([1-4])(?:[ -]?(\d{4}))?", s)
        if m:
            if m.group(2):
                return Normalised("DATE", f"{m.group(2)}-Q{m.group(1)}")
            quarter_no = m.group(1)
            return self.rel("DATE", lambda a: f"{a.year}-Q{quarter_no}")
        m = re.fullmatch(r"(?:the )?(first|second) half(?: of (?:the|this) year)?", s)
        if m:
            half = 1 if m.group(1) == "first" else 2
            return self.rel("DATE", lambda a: f"{a.year}-H{half}")
        s2 = re.sub(r"\bfiscal[- ]", "", s)
        s2 = re.sub(
            r"^(?:the |a |its |their )?(?:flat |latest |current |comparable |same |year's |calendar )*",
            "",
            s2,
        )
        m = re.fullmatch(
            r"(?:(this|last|next|the) year's |(\d{4}) )?"
            + _ORDINAL_RE
            + r"[- ](quarter|half|period)s?(?:,? (?:of |in )?(?:(?:fiscal )?(\d{4})|(this|last|next) year))?",
            s2,
        )
        if m:
            which, year_a, ordinal, kind, year_b, which_b = m.groups()
            n = ORDINALS[ordinal]
            if kind == "period":
                return None
            top = 4 if kind == "quarter" else 2
            if n == -1:
                n = top
            if not 1 <= n <= top:
                return None
            code = "Q" if kind == "quarter" else "H"
            year_s = year_a or year_b
            which = which or which_b
            if year_s:
                year = int(year_s)
            elif self.anchor is None:
                return Normalised("DATE", None)
            else:
                year = self.anchor.year + {"last": -1, "next": 1}.get(which or "", 0)
                current = _quarter_of(self.anchor) if code == "Q" else (self.anchor.month - 1) // 6 + 1
                if which is None and n > current and self.tense != "future":
                    year -= 1  # "reported fourth-quarter profit" in March: the quarter that has ended
            if code == "Q":
                self.context.quarter = (year, n)
            return Normalised("DATE", f"{year}-{code}{n}")
        if (
            re.fullmatch(r"(?:the |this |that |latest )*(?:quarter|period|three months)", s2)
            or s2 == "quarter"
        ):
            if s2 in ("three months",):
                return None
            if self.context.quarter:
                y, q = self.context.quarter
                return Normalised("DATE", f"{y}-Q{q}")
            return self.rel("DATE", lambda a: f"{a.year}-QX")
        m = re.fullmatch(r"(\d{4}) (?:period|quarter)", s2)
        if m:
            known = self.context.quarter[1] if self.context.quarter else None
            return Normalised("DATE", f"{m.group(1)}-Q{known}" if known else m.group(1))
        return None

    def weekday(self, s: str) -> Normalised | None:
        """'Tuesday', 'last Friday', 'Monday morning', 'earlier Sunday', 'next Wednesday night'."""
        m = re.fullmatch(
            r"(?:(early|earlier|late|later|last|this|next|this past|this coming|coming|past|on|"
            r"the previous|the following|the next|previous|following) )?"
            + _WEEKDAY_RE
            + r"(?:,)?(?: (morning|afternoon|evening|night|overnight))?",
            s,
        ) or re.fullmatch(
            r"(?:(early|late) )?(?:the )?(?:morning|afternoon|evening|night) of " + _WEEKDAY_RE, s
        )
        if not m:
            return None
        groups = m.groups()
        which = groups[0]
        name = groups[1]
        tod = groups[2] if len(groups) > 2 else None
        if tod is None:
            mm = re.search(r"(morning|afternoon|evening|night) of", s)
            tod = mm.group(1) if mm else None
        short = name in ("sun", "sat", "wed", "mon", "fri") and not s.endswith(".")
        if short and which is None and tod is None:
            return None
        wd = WEEKDAYS[name]
        if self.anchor is None:
            return Normalised("TIME" if tod else "DATE", None)
        tense = self.tense
        if which in ("the previous", "previous", "the following", "following", "the next"):
            # anaphoric: the one before or after the day last named
            base = self.context.last_day or self.anchor
            if which.endswith("previous"):
                day = _resolve_weekday(wd, base - timedelta(days=1), "past")
            else:
                day = _resolve_weekday(wd, base + timedelta(days=1), "future")
        elif which in ("last", "this past", "past"):
            tense = "past"
            day = _resolve_weekday(wd, self.anchor - timedelta(days=1), "past")
        elif which in ("next", "this coming", "coming"):
            day = _resolve_weekday(wd, self.anchor + timedelta(days=1), "future")
        else:
            day = _resolve_weekday(wd, self.anchor, tense)
        if tod:
            return Normalised("TIME", f"{day.isoformat()}T{PARTS_OF_DAY[tod]}")
        return Normalised("DATE", day.isoformat())

    def seasons(self, s: str) -> Normalised | None:
        m = re.fullmatch(
            r"(?:(this|last|next|this past|this coming|coming|past|the|early|late|mid|the early|the late)"
            r"[- ])?(spring|summer|fall|autumn|winter)(?:,? (?:of )?(\d{4}|this year|last year|next year))?",
            s,
        )
        if not m:
            return None
        which, season, year_s = m.groups()
        code = SEASONS[season]
        if year_s and year_s[0].isdigit():
            return Normalised("DATE", f"{year_s}-{code}")
        if self.anchor is None:
            return Normalised("DATE", None)
        year = self.anchor.year
        if year_s:
            year += {"this year": 0, "last year": -1, "next year": 1}[year_s]
        elif which in ("last", "this past", "past"):
            year -= 1 if season in ("fall", "autumn") or self.anchor.month < 7 else 0
            if season == "summer" and self.anchor.month >= 9:
                year = self.anchor.year
        elif which in ("next", "this coming", "coming"):
            year += 1 if self.anchor.month >= 6 else 0
        return Normalised("DATE", f"{year}-{code}")

    def durations(self, s: str) -> Normalised | None:
        """'three years', 'the past two months', 'a few days', 'weeks', '16-hour', 'the next 14 months'."""
        m = re.fullmatch(r"(?:a |one )?half[- ](?:an? )?(hour|day|year|century|decade|minute)", s)
        if m:
            return Normalised("DURATION", duration_value(0.5, m.group(1)))
        m = re.fullmatch(r"(?:the )?past decade", s)
        if m:
            return Normalised("DURATION", "P10Y")
        m = re.fullmatch(r"(?:a few |several |some )?" + _UNIT_RE + r" (?:later|earlier|after|before)", s)
        if m:
            return Normalised("DURATION", duration_value(None, _unit_key(m.group(1))))
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
            + _UNIT_RE
            + r"(?:-long| long|-old)?",
            s2,
        )
        if m and (m.group(2).endswith("s") or m.group(2) in ("centuries", "millennia")):
            if m.group(1) in ("a couple of", "couple of"):
                return Normalised("DURATION", duration_value(2, _unit_key(m.group(2))))
            return Normalised("DURATION", duration_value(None, _unit_key(m.group(2))))
        m = re.fullmatch(
            _NUM_RE
            + r"(?: or so| more| straight| consecutive| full| long)?[\s-]+"
            + _UNIT_RE
            + r"(?:[- ](?:long|old))?(?: or so)?",
            s2,
        )
        if m:
            n = parse_number(m.group(1))
            if n is None:
                return None
            unit = _unit_key(m.group(2))
            return Normalised("DURATION", duration_value(n, unit))
        m = re.fullmatch(r"(?:several|a few|few|some|many|a couple of|more) (?:more )?" + _UNIT_RE, s2)
        if m:
            return Normalised("DURATION", duration_value(None, _unit_key(m.group(1))))
        m = re.fullmatch(r"(?:(\d+|\w+) (?:to|or|-) )?" + _NUM_RE + r"[\s-]+" + _UNIT_RE, s2)
        if m and m.group(1) and parse_number(m.group(1)) is not None:
            return Normalised("DURATION", duration_value(None, _unit_key(m.group(3))))
        m = re.fullmatch(_NUM_RE + r" " + _UNIT_RE + r" and (?:a half|" + _NUM_RE + r" " + _UNIT_RE + ")", s2)
        if m:
            n = parse_number(m.group(1))
            unit = _unit_key(m.group(2))
            if n is not None and s2.endswith("a half"):
                return Normalised("DURATION", duration_value(n + 0.5, unit))
        if past_future and re.fullmatch(r"(?:year|month|week|day|decade|quarter|hour)", s2):
            unit = s2
            if s.startswith(("the past ", "the last ", "past ", "last ")) and unit in ("year", "decade"):
                return Normalised("DURATION", duration_value(1, unit))
            return Normalised("DURATION", duration_value(1, unit))
        return None

    def decades(self, s: str) -> Normalised | None:
        """'the 1990s' -> 199, "the '80s" -> 198, 'the 1800s' -> 18, 'the 20th century' -> 19."""
        m = re.fullmatch(r"(?:the )?(?:(?:early|mid|late)[- ])?(1[0-9])00'?s", s)
        if m:
            return Normalised("DATE", m.group(1))
        m = re.fullmatch(
            r"(?:the )?(?:(early|mid|late)[- ])?(?:the )?(1[5-9]|20)(\d)0'?s", s
        ) or re.fullmatch(r"(?:the )?(?:(early|mid|late)[- ])?(?:the )?'?()(\d)0'?s", s)
        if m:
            century = m.group(2) or "19"
            value = f"{century}{m.group(3)}"
            begin, end = _range_for(m.group(1), value)
            return Normalised("DATE", value, begin, end)
        m = re.fullmatch(
            r"(?:the )?(?:(early|mid|late)[- ])?"
            r"(twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)",
            s,
        )
        if m:
            value = "19" + str(SPELLED_DECADES.index(m.group(2)) + 2)
            begin, end = _range_for(m.group(1), value)
            return Normalised("DATE", value, begin, end)
        m = re.fullmatch(r"(?:the )?(?:(early|mid|late)[- ])?(1[0-9]|20)00'?s", s)
        if m:
            return Normalised("DATE", m.group(2))
        m = re.fullmatch(
            r"(?:the )?(?:early |late |mid-?)?(\d{1,2})(?:st|nd|rd|th) century", s
        ) or re.fullmatch(r"(?:the )?(?:early |late |mid-?)?(\w+(?:-\w+)?) century", s)
        if m:
            word = m.group(1)
            n = (
                int(word)
                if word.isdigit()
                else ORDINALS.get(word)
                or (
                    NUMBER_WORDS.get(word.split("-")[0], 0) + ORDINALS.get(word.split("-")[-1], 0)
                    if "-" in word
                    else None
                )
            )
            if n and n > 0:
                return Normalised("DATE", f"{n - 1:02d}")
            if word in ("this", "current", "last", "next", "past"):
                return self.relative_unit(f"{word} century")
        return None

    def year_only(self, s: str) -> Normalised | None:
        m = re.fullmatch(
            r"(?:(?:fiscal|calendar|the|model|school|tax|financial|crop)[- ](?:year )?)*"
            r"(?:(early|mid|late)[- ])?" + _YEAR_RE + r"(?: fiscal year| season)?",
            s,
        )
        if m:
            mod = m.group(1)
            value = m.group(2)
            begin, end = _range_for(mod, value)
            return Normalised("DATE", value, begin, end)
        m = re.fullmatch(r"(?:fiscal |the )?'(\d\d)", s)
        if m:
            return Normalised("DATE", ("19" if int(m.group(1)) > 30 else "20") + m.group(1))
        m = re.fullmatch(r"(?:the )?(?:fiscal|calendar|model|school) year", s)
        if m:
            return self.rel("DATE", lambda a: str(a.year))
        m = re.fullmatch(r"(?:the )?(\d{4})[-/](\d{2}|\d{4})(?: season)?", s)
        if m:
            return Normalised("DATE", m.group(1))
        m = re.fullmatch(r"(?:nineteen|twenty)[- ]\w+(?:[- ]\w+)?", s)
        if m:
            parts = re.split(r"[\s-]+", s)
            head = {"nineteen": 19, "twenty": 20}[parts[0]]
            tail = parse_number(" ".join(parts[1:]))
            if tail is not None and 0 <= tail < 100:
                return Normalised("DATE", f"{head}{int(tail):02d}")
        if s == "year-end" or s == "the year-end" or s == "year end":
            return self.rel("DATE", lambda a: f"{a.year}-12-31")
        return None


def normalise(
    text: str, anchor: date | None, tense: Tense = None, context: Context | None = None
) -> Normalised | None:
    """TIMEX3 type and value of ``text`` against ``anchor``; None when ``text`` is not a time expression."""
    try:
        return _Normaliser(anchor, tense, context if context is not None else Context()).run(text)
    except (ValueError, OverflowError):  # arithmetic past the calendar's ends (year 1 or 9999)
        return None


def parse_anchor(published: str | None) -> date | None:
    """The publication date 'YYYY-MM-DD' (an ISO timestamp is cut to its date); None if absent or bad."""
    if not published:
        return None
    try:
        return date.fromisoformat(published.strip()[:10])
    except ValueError:
        return None
