"""The normaliser's types and its anchor: ``Tense``, ``Normalised``, ``Context``, the ``Resolver`` every
family of rules reads, the publication date as an anchor, and the calendar arithmetic the families share.

No spaCy. A family rule is a function ``rule(res: Resolver, s: str) -> Normalised | None`` over the cleaned
text ``s``; ``res`` holds the anchor, the tense and the article's ``Context``, and ``res.whole`` normalises a
part of the text with every rule (``normalise.py`` supplies it).
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


class Resolver:
    """What the rules of every family read: the anchor, the tense of the governing verb, the context."""

    def __init__(self, anchor: date | None, tense: Tense, context: Context) -> None:
        self.anchor = anchor
        self.tense = tense
        self.context = context

    def rel(self, type_: str, make: Callable[[date], str]) -> Normalised:
        """A relative expression: value from ``make(anchor)`` or None without an anchor."""
        if self.anchor is None:
            return Normalised(type_, None)
        return Normalised(type_, make(self.anchor))

    def whole(self, s: str) -> Normalised | None:
        """``s`` normalised by the first rule of any family that takes it (the normaliser defines it)."""
        raise NotImplementedError


def parse_anchor(published: str | None) -> date | None:
    """The publication date 'YYYY-MM-DD' (an ISO timestamp is cut to its date); None if absent or bad."""
    if not published:
        return None
    try:
        return date.fromisoformat(published.strip()[:10])
    except ValueError:
        return None


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def iso_week(d: date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


def quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


def range_for(mod: str | None, value: str) -> tuple[str | None, str | None]:
    """begin/end of 'early/mid/late' + a month or a year."""
    if not mod:
        return None, None
    if re.fullmatch(r"\d{4}-\d{2}", value):
        y, m = int(value[:4]), int(value[5:])
        last = (date(*add_months(y, m, 1), 1) - timedelta(days=1)).day
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
