"""Modified expressions: 'early February', 'mid-1990', 'late 1990s' (with their ``begin``..``end`` range),
'earlier this month', 'the end of the year', 'the week of March 6', 'the beginning of March', 'the first
half of 2020'. The modified part is normalised with every rule (``Resolver.whole``).
"""

from __future__ import annotations

import re
from datetime import date

from newsgraph.stages.times.anchors import Normalised, Resolver, iso_week, range_for
from newsgraph.stages.times.relative import relative_unit

_MOD_RE = re.compile(r"^(early|earlier|mid|middle|late|later)(?:\s+in)?[-\s]+(?:the\s+)?")


def modded(res: Resolver, s: str) -> Normalised | None:
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
        inner = res.whole(rest)
        if inner is None:
            return None
        if inner.value is None or inner.type != "DATE":
            return inner
        if mod == "early" and m.group(1) == "earlier" or m.group(1) == "later":
            return inner  # 'earlier this month' is the month itself
        begin, end = range_for(mod, inner.value)
        return Normalised(inner.type, inner.value, begin, end)
    m = re.fullmatch(r"(?:the )?(?:end|close) of (?:the )?(year|month|week|quarter|decade|century)", s)
    if m:
        unit = m.group(1)
        return relative_unit(res, "this " + unit)
    m = re.fullmatch(r"(?:the )?week of (.+)", s)
    if m:
        inner = res.whole(m.group(1))
        if inner is not None and inner.value and re.fullmatch(r"\d{4}-\d\d-\d\d", inner.value):
            return Normalised("DATE", iso_week(date.fromisoformat(inner.value)))
        if inner is not None and inner.type == "DATE" and inner.value is None:
            return inner  # no publication date to place "the week of March 6"
        return None
    m = re.fullmatch(r"(?:the )?(?:end|close|beginning|start|middle) of (.+)", s)
    if m:
        return res.whole(m.group(1))
    m = re.fullmatch(r"(?:the )?(?:first|second|last) (?:half|part|week|days?) of (.+)", s)
    if m and not m.group(1).startswith(("the year", "year")):
        inner = res.whole(m.group(1))
        if inner and inner.type == "DATE":
            half = re.search(r"\b(first|second|last) half of (?:the )?(?:year )?(\d{4})$", s)
            if half:
                return Normalised("DATE", f"{half.group(2)}-H{1 if half.group(1) == 'first' else 2}")
            return inner
    return None
