"""Absolute dates and years: 'Jan. 21, 2014', '21 January', 'Saturday, April 25', 'March eighth',
'June 1989', '1998-02-13', '2/13/98', '1990', "'85", 'fiscal 1990', 'nineteen ninety-four', decades
('the 1990s', "the '80s", 'the eighties') and centuries ('the 20th century').

A month (and day) without a year is placed on the side of the anchor the tense points to, else the nearest
one, leaning to the past.
"""

from __future__ import annotations

import re
from datetime import date

from newsgraph.stages.times.anchors import Normalised, Resolver, Tense, range_for
from newsgraph.stages.times.lexicon import MONTH_RE, MONTHS, WEEKDAY_RE, WEEKDAYS, YEAR_RE
from newsgraph.stages.times.numbers import NUMBER_WORDS, ORDINALS, parse_number
from newsgraph.stages.times.relative import relative_unit

FUTURE_SLACK_DAYS = 30
# Without tense a month (and day) is the nearest such one, leaning to the past: up to this many months ahead.
MONTH_FORWARD_MONTHS = 5


def resolve_year_for_month(month: int, day: int | None, anchor: date, tense: Tense) -> int:
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


def valid_day(year: int, month: int, day: int) -> Normalised | None:
    """The DATE for a calendar day, or None where there is no such day (Feb. 30)."""
    try:
        return Normalised("DATE", date(year, month, day).isoformat())
    except ValueError:
        return None


def year_matching_weekday(month: int, day: int, weekday: int, guess: int) -> int:
    """The year near ``guess`` in which month/day falls on ``weekday`` ('Saturday, April 25')."""
    for year in (guess, guess - 1, guess + 1):
        try:
            if date(year, month, day).weekday() == weekday:
                return year
        except ValueError:
            return guess
    return guess


SPELLED_DECADES = ("twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties")


def absolute(res: Resolver, s: str) -> Normalised | None:
    """Dates with a month name or digits: 'Jan. 21, 2014', '21 January', 'June 1989', '1998-02-13'."""
    named_weekday: int | None = None
    wm = re.match(r"(?:(?:this coming|this|last|next|coming) )?" + WEEKDAY_RE + r",?\s+(?=\S)", s)
    if wm:
        named_weekday = WEEKDAYS[wm.group(1)]
        s = s[wm.end() :]
    s = re.sub(r"^(?:this coming|this|last|next|coming)\s+(?=" + MONTH_RE + r"\s+\d)", "", s)
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
        MONTH_RE + r" (\d{1,2})(?:st|nd|rd|th)?(?:,? " + YEAR_RE + r")?", s
    ) or re.fullmatch(
        r"(?:the )?(\d{1,2})(?:st|nd|rd|th)? (?:of )?" + MONTH_RE + r"(?:,? " + YEAR_RE + r")?", s
    )
    if m:
        if m.group(1).isdigit():
            day, month, year_s = int(m.group(1)), MONTHS[m.group(2)], m.group(3)
        else:
            month, day, year_s = MONTHS[m.group(1)], int(m.group(2)), m.group(3)
        if not 1 <= day <= 31:
            return None
        if year_s:
            return valid_day(int(year_s), month, day)
        if res.anchor is None:
            return Normalised("DATE", None)
        year = resolve_year_for_month(month, day, res.anchor, res.tense)
        if named_weekday is not None:
            year = year_matching_weekday(month, day, named_weekday, year)
        return valid_day(year, month, day)
    m = re.fullmatch(MONTH_RE + r" (\w+?)(?:-| )?(\w+)?", s)
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
            if res.anchor is None:
                return Normalised("DATE", None)
            year = resolve_year_for_month(month, day_ord, res.anchor, res.tense)
            if named_weekday is not None:
                year = year_matching_weekday(month, day_ord, named_weekday, year)
            return valid_day(year, month, day_ord)
    m = re.fullmatch(MONTH_RE + r",? (?:of )?" + YEAR_RE, s)
    if m:
        return Normalised("DATE", f"{m.group(2)}-{MONTHS[m.group(1)]:02d}")
    m = re.fullmatch(MONTH_RE + r" (this|last|next) year", s)
    if m:
        off = {"this": 0, "last": -1, "next": 1}[m.group(2)]
        month_no = MONTHS[m.group(1)]
        return res.rel("DATE", lambda a: f"{a.year + off}-{month_no:02d}")
    m = re.fullmatch(r"(?:(this|last|next|this past|this coming|past|coming) )?" + MONTH_RE, s)
    if m and (
        m.group(1)
        or m.group(2) not in ("may", "mar", "jan", "sun", "sat", "dec", "jun", "jul")
        or s in ("may", "june", "july", "march")
    ):
        month = MONTHS[m.group(2)]
        if res.anchor is None:
            return Normalised("DATE", None)
        which = m.group(1)
        a = res.anchor
        if which in ("last", "this past", "past"):
            # "last February" said in March is a year back: the month just gone is "last month"
            year = a.year if month < a.month - 1 else a.year - 1
        elif which in ("next", "this coming", "coming"):
            year = a.year if month > a.month else a.year + 1
        elif which == "this":
            year = a.year
        else:
            year = resolve_year_for_month(month, None, a, res.tense)
        return Normalised("DATE", f"{year}-{month:02d}")
    return None


def decades(res: Resolver, s: str) -> Normalised | None:
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
        begin, end = range_for(m.group(1), value)
        return Normalised("DATE", value, begin, end)
    m = re.fullmatch(
        r"(?:the )?(?:(early|mid|late)[- ])?"
        r"(twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)",
        s,
    )
    if m:
        value = "19" + str(SPELLED_DECADES.index(m.group(2)) + 2)
        begin, end = range_for(m.group(1), value)
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
            return relative_unit(res, f"{word} century")
    return None


def year_only(res: Resolver, s: str) -> Normalised | None:
    m = re.fullmatch(
        r"(?:(?:fiscal|calendar|the|model|school|tax|financial|crop)[- ](?:year )?)*"
        r"(?:(early|mid|late)[- ])?" + YEAR_RE + r"(?: fiscal year| season)?",
        s,
    )
    if m:
        mod = m.group(1)
        value = m.group(2)
        begin, end = range_for(mod, value)
        return Normalised("DATE", value, begin, end)
    m = re.fullmatch(r"(?:fiscal |the )?'(\d\d)", s)
    if m:
        return Normalised("DATE", ("19" if int(m.group(1)) > 30 else "20") + m.group(1))
    m = re.fullmatch(r"(?:the )?(?:fiscal|calendar|model|school) year", s)
    if m:
        return res.rel("DATE", lambda a: str(a.year))
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
        return res.rel("DATE", lambda a: f"{a.year}-12-31")
    return None
