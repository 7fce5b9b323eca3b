"""Clock times, alone or with a day: '10 a.m.', '7:15 p.m. EST Friday', 'Monday at noon', 'noon',
'midnight' (TIMEX3 ``2022-01-31T10:00``).

The parts of the day ('morning' -> ``MO``) are in ``lexicon.PARTS_OF_DAY``; the rules that use them with a
day ('yesterday morning', 'Friday night') are in ``days.py``.
"""

from __future__ import annotations

import re

from newsgraph.stages.times.anchors import Normalised, Resolver
from newsgraph.stages.times.lexicon import MONTH_RE, WEEKDAY_RE


def parse_time_of_day(s: str) -> str | None:
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


def clock(res: Resolver, s: str) -> Normalised | None:
    """Clock times, alone or with a day: '10 a.m.', '7:15 p.m. EST Friday', 'Monday at noon'."""
    day_part: str | None = None
    time_part = s
    m = re.fullmatch(
        r"(.+?),? (?:on |of )?((?:yesterday|today|tomorrow|tonight|last night|"
        + WEEKDAY_RE
        + r"|"
        + MONTH_RE
        + r" \d{1,2}(?:,? \d{4})?).*)",
        s,
    )
    if m and parse_time_of_day(m.group(1)):
        time_part, day_part = m.group(1), m.group(2)
    else:
        m = re.fullmatch(
            r"((?:yesterday|today|tomorrow|tonight|"
            + WEEKDAY_RE
            + r"|"
            + MONTH_RE
            + r" \d{1,2}(?:,? \d{4})?)[^,]*?),? (?:at )?(.+)",
            s,
        )
        if m and parse_time_of_day(m.group(m.lastindex or 1)):
            day_part, time_part = m.group(1), m.group(m.lastindex or 1)
    hm = parse_time_of_day(time_part)
    if hm is None:
        return None
    if day_part:
        day = res.whole(day_part)
        if day is None or day.value is None:
            return Normalised("TIME", None)
        base = day.value[:10]
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", base):
            return Normalised("TIME", None)
        return Normalised("TIME", f"{base}T{hm}")
    return res.rel("TIME", lambda a: f"{a.isoformat()}T{hm}")
