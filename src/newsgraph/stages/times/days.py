"""Days named relative to the publication or to the last date named: 'today', 'yesterday morning',
'tonight', bare and qualified weekdays ('Tuesday', 'last Friday', 'next Wednesday night'), the anaphoric
'that day', 'the following day', 'the day before', and 'the week', 'the weekend', 'the morning'.

A bare weekday points the way the governing verb's tense does; without tense it is the nearest such day,
leaning to the past.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from newsgraph.stages.times.anchors import Normalised, Resolver, Tense, iso_week
from newsgraph.stages.times.lexicon import PARTS_OF_DAY, WEEKDAY_RE, WEEKDAYS

# Without tense a bare weekday is the nearest such day, leaning to the past (news reports what happened):
# up to this many days ahead, else the last one.
WEEKDAY_FORWARD_DAYS = 2


def resolve_weekday(weekday: int, anchor: date, tense: Tense) -> date:
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


def deictic_day(res: Resolver, s: str) -> Normalised | None:
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
            return res.rel("DATE", lambda a: (a + timedelta(days=offset)).isoformat())
        return res.rel("TIME", lambda a: f"{(a + timedelta(days=offset)).isoformat()}T{code}")
    return res.rel("DATE", lambda a: (a + timedelta(days=offset)).isoformat())


def weekday(res: Resolver, s: str) -> Normalised | None:
    """'Tuesday', 'last Friday', 'Monday morning', 'earlier Sunday', 'next Wednesday night'."""
    m = re.fullmatch(
        r"(?:(early|earlier|late|later|last|this|next|this past|this coming|coming|past|on|"
        r"the previous|the following|the next|previous|following) )?"
        + WEEKDAY_RE
        + r"(?:,)?(?: (morning|afternoon|evening|night|overnight))?",
        s,
    ) or re.fullmatch(
        r"(?:(early|late) )?(?:the )?(?:morning|afternoon|evening|night) of " + WEEKDAY_RE, s
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
    if res.anchor is None:
        return Normalised("TIME" if tod else "DATE", None)
    tense = res.tense
    if which in ("the previous", "previous", "the following", "following", "the next"):
        # anaphoric: the one before or after the day last named
        base = res.context.last_day or res.anchor
        if which.endswith("previous"):
            day = resolve_weekday(wd, base - timedelta(days=1), "past")
        else:
            day = resolve_weekday(wd, base + timedelta(days=1), "future")
    elif which in ("last", "this past", "past"):
        tense = "past"
        day = resolve_weekday(wd, res.anchor - timedelta(days=1), "past")
    elif which in ("next", "this coming", "coming"):
        day = resolve_weekday(wd, res.anchor + timedelta(days=1), "future")
    else:
        day = resolve_weekday(wd, res.anchor, tense)
    if tod:
        return Normalised("TIME", f"{day.isoformat()}T{PARTS_OF_DAY[tod]}")
    return Normalised("DATE", day.isoformat())


def anaphora(res: Resolver, s: str) -> Normalised | None:
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
        return anaphora(res, f"that {m.group(2)}")
    which = m.group(1) or ("the previous" if m.group(4) == "before" else "the following")
    unit = m.group(2) or m.group(3)
    if s in ("the day", "the night"):
        return None  # "the day belonged to the Czech Republic", "the night the plane went down": no date named
    off = {"the following": 1, "the next": 1, "the previous": -1, "the prior": -1}.get(which, 0)
    if unit == "year":
        if which == "the next":
            return None  # 'the next year' is next year from the publication
        if which == "the":
            return res.rel("DATE", lambda a: str(a.year))
        base_year = res.context.last_year or (res.anchor.year if res.anchor else None)
        return Normalised("DATE", None if base_year is None else str(base_year + off))
    base = res.context.last_day or res.anchor
    if base is None:
        return Normalised("DATE", None)
    day = (base + timedelta(days=off)).isoformat()
    if unit == "day":
        return Normalised("DATE", day)
    return Normalised("TIME", f"{day}T{PARTS_OF_DAY[unit]}")


def generic_unit(res: Resolver, s: str) -> Normalised | None:
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
        return res.rel("DATE", iso_week)
    if unit == "weekend":
        if res.anchor is None:
            return Normalised("DATE", None)
        saturday = resolve_weekday(5, res.anchor, res.tense)
        return Normalised("DATE", iso_week(saturday) + "-WE")
    if unit == "year":
        return res.rel("DATE", lambda a: str(a.year))
    if unit == "month":
        return res.rel("DATE", lambda a: f"{a.year}-{a.month:02d}")
    code = PARTS_OF_DAY[unit]
    return res.rel("TIME", lambda a: f"{a.isoformat()}T{code}")
