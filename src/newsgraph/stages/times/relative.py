"""Calendar units relative to the publication: 'this week', 'last year', 'next month', 'the current
quarter', 'the following month' (after the one last named), and counted offsets: 'three years ago',
'a year earlier', 'year-ago' (the quarter under discussion a year back), 'two weeks from now'.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from newsgraph.stages.times.anchors import Normalised, Resolver, add_months, iso_week, quarter_of
from newsgraph.stages.times.durations import TIME_UNITS, UNIT_RE, duration_value, unit_key
from newsgraph.stages.times.numbers import NUM_RE, ORDINALS, parse_number


def relative_unit(res: Resolver, s: str) -> Normalised | None:
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
        return Normalised("DATE", None) if res.anchor is None else None
    if which in ("same", "that", "following", "previous", "prior") and unit == "month" and res.context.last_month:
        # anaphoric: the month after or before the one last named ("in April ... the following month")
        year_month = add_months(*res.context.last_month, off)
        return Normalised("DATE", "{}-{:02d}".format(*year_month))
    if which == "past" and unit in ("year", "decade", "century") and s.startswith("the"):
        off = -1
    if which == "latest" and unit != "quarter":
        off = -1
    if unit == "day":
        return res.rel("DATE", lambda a: (a + timedelta(days=off)).isoformat())
    if unit == "week":
        return res.rel("DATE", lambda a: iso_week(a + timedelta(weeks=off)))
    if unit == "weekend":
        return res.rel("DATE", lambda a: iso_week(a + timedelta(weeks=off)) + "-WE")
    if unit == "month":
        return res.rel("DATE", lambda a: "{}-{:02d}".format(*add_months(a.year, a.month, off)))
    if unit == "quarter":

        def quarter(a: date) -> str:
            idx = a.year * 4 + quarter_of(a) - 1 + off
            return f"{idx // 4}-Q{idx % 4 + 1}"

        return res.rel("DATE", quarter)
    if unit == "year":
        return res.rel("DATE", lambda a: str(a.year + off))
    if unit == "decade":
        return res.rel("DATE", lambda a: str(a.year // 10 + off))
    return res.rel("DATE", lambda a: str(a.year // 100 + off))


def ago(res: Resolver, s: str) -> Normalised | None:
    """'three years ago', 'a week ago', 'two days earlier', 'year-ago', 'a year earlier'."""
    m = re.fullmatch(
        r"(?:the )?(?:comparable )?year[- ](?:ago|earlier)(?: (quarter|period|third quarter|"
        r"second quarter|first quarter|fourth quarter|nine months|six months|half|month|year))?",
        s,
    )
    if m or re.fullmatch(r"(?:a|one) year (?:ago|earlier|before)", s) or s in ("last year's quarter",):
        if res.context.quarter and (
            not m or not m.group(1) or "quarter" in m.group(1) or m.group(1) == "period"
        ):
            y, q = res.context.quarter
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
        return res.rel("DATE", lambda a: str(a.year - 1))
    m = re.fullmatch(
        NUM_RE + r" " + UNIT_RE + r"(?: or so)? (ago|earlier|before|later|after|hence|from now)", s
    )
    if not m:
        return None
    n = parse_number(m.group(1))
    unit = unit_key(m.group(2))
    direction = -1 if m.group(3) in ("ago", "earlier", "before") else 1
    if m.group(3) in ("earlier", "later", "before", "after"):
        # relative to an event, not to the publication: TimeML marks the span as a duration
        return Normalised("DURATION", duration_value(n, unit))
    if n is None or n != int(n):
        return Normalised("DATE", "PAST_REF" if direction < 0 else "FUTURE_REF")
    k = int(n) * direction
    if unit in ("day",):
        return res.rel("DATE", lambda a: (a + timedelta(days=k)).isoformat())
    if unit == "week":
        return res.rel("DATE", lambda a: iso_week(a + timedelta(weeks=k)))
    if unit == "month":
        return res.rel("DATE", lambda a: "{}-{:02d}".format(*add_months(a.year, a.month, k)))
    if unit == "quarter":
        return res.rel("DATE", lambda a: "{}-{:02d}".format(*add_months(a.year, a.month, 3 * k)))
    if unit == "year":
        return res.rel("DATE", lambda a: str(a.year + k))
    if unit == "decade":
        return res.rel("DATE", lambda a: str(a.year + 10 * k)[:3])
    if unit == "century":
        return res.rel("DATE", lambda a: str(a.year + 100 * k)[:2])
    if unit in TIME_UNITS:
        return res.rel("TIME", lambda a: a.isoformat())
    return None
