"""Holidays: fixed ones (Christmas, New Year's Day, Independence Day, Halloween, Valentine's Day) and
computed ones (Thanksgiving, Election Day, Labor Day, Memorial Day), with or without a year or
'last'/'next'/'this'.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from newsgraph.stages.times.anchors import Normalised, Resolver


def holidays(res: Resolver, s: str) -> Normalised | None:
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
    if not year_s and res.anchor is None:
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
    assert res.anchor is not None
    year = res.anchor.year
    this = on(year)
    if which == "last" or (which is None and res.tense == "past"):
        if this > res.anchor:
            this = on(year - 1)
    elif which == "next" or (which is None and res.tense == "future"):
        if this < res.anchor:
            this = on(year + 1)
    elif (this - res.anchor).days > 182:
        this = on(year - 1)
    elif (res.anchor - this).days > 182:
        this = on(year + 1)
    return Normalised("DATE", this.isoformat())
