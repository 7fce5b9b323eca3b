"""Seasons, quarters and halves: 'last summer', 'spring 2020', 'the third quarter', 'third-quarter',
'the fiscal first quarter of 1990', 'Q2 2021', 'the first half', 'FY22', and 'the quarter' (the one the
article is reporting, remembered in the ``Context``).
"""

from __future__ import annotations

import re

from newsgraph.stages.times.anchors import Normalised, Resolver, quarter_of
from newsgraph.stages.times.lexicon import SEASONS
from newsgraph.stages.times.numbers import ORDINAL_RE, ORDINALS


def quarters(res: Resolver, s: str) -> Normalised | None:
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
        return res.rel("DATE", lambda a: f"{a.year}-Q{quarter_no}")
    m = re.fullmatch(r"(?:the )?(first|second) half(?: of (?:the|this) year)?", s)
    if m:
        half = 1 if m.group(1) == "first" else 2
        return res.rel("DATE", lambda a: f"{a.year}-H{half}")
    s2 = re.sub(r"\bfiscal[- ]", "", s)
    s2 = re.sub(
        r"^(?:the |a |its |their )?(?:flat |latest |current |comparable |same |year's |calendar )*",
        "",
        s2,
    )
    m = re.fullmatch(
        r"(?:(this|last|next|the) year's |(\d{4}) )?"
        + ORDINAL_RE
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
        elif res.anchor is None:
            return Normalised("DATE", None)
        else:
            year = res.anchor.year + {"last": -1, "next": 1}.get(which or "", 0)
            current = quarter_of(res.anchor) if code == "Q" else (res.anchor.month - 1) // 6 + 1
            if which is None and n > current and res.tense != "future":
                year -= 1  # "reported fourth-quarter profit" in March: the quarter that has ended
        if code == "Q":
            res.context.quarter = (year, n)
        return Normalised("DATE", f"{year}-{code}{n}")
    if (
        re.fullmatch(r"(?:the |this |that |latest )*(?:quarter|period|three months)", s2)
        or s2 == "quarter"
    ):
        if s2 in ("three months",):
            return None
        if res.context.quarter:
            y, q = res.context.quarter
            return Normalised("DATE", f"{y}-Q{q}")
        return res.rel("DATE", lambda a: f"{a.year}-QX")
    m = re.fullmatch(r"(\d{4}) (?:period|quarter)", s2)
    if m:
        known = res.context.quarter[1] if res.context.quarter else None
        return Normalised("DATE", f"{m.group(1)}-Q{known}" if known else m.group(1))
    return None


def seasons(res: Resolver, s: str) -> Normalised | None:
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
    if res.anchor is None:
        return Normalised("DATE", None)
    year = res.anchor.year
    if year_s:
        year += {"this year": 0, "last year": -1, "next year": 1}[year_s]
    elif which in ("last", "this past", "past"):
        year -= 1 if season in ("fall", "autumn") or res.anchor.month < 7 else 0
        if season == "summer" and res.anchor.month >= 9:
            year = res.anchor.year
    elif which in ("next", "this coming", "coming"):
        year += 1 if res.anchor.month >= 6 else 0
    return Normalised("DATE", f"{year}-{code}")
