"""Normalise one time expression against an anchor (publication) date, TIMEX3-style: the entry point.

Pure Python, no spaCy: ``normalise("last week", date(2022, 1, 31))`` gives
``Normalised("DATE", "2022-W04")``. The caller supplies the tense of the governing verb
("past"/"future"/None) to resolve bare weekdays and months, and optionally a ``Context`` that
remembers the fiscal quarter under discussion ("the quarter", "a year earlier").

Values follow the TimeML TIMEX3 guidelines: dates ``2022-02-01``, ``2022-02``, ``2022``, weeks
``2022-W05``, quarters ``2022-Q1``, halves ``2022-H1``, seasons ``2022-SU``, decades ``199``,
centuries ``19``, times ``2022-01-31T10:00`` / ``2022-01-31TMO``, durations ``P3Y`` / ``PT2H`` /
``PXW``, sets ``P1W`` / ``XXXX-WXX-2``, and the references ``PRESENT_REF``, ``PAST_REF``,
``FUTURE_REF``. A relative expression with no anchor keeps its type and gets value None.

This module cleans the text, peels leading words ("by", "about", "the end of": ``time_lead_words.txt``)
and tries the rules of each family in a fixed order, the first that takes the text winning. The families
are modules of their own (anchors, lexicon, numbers, references, durations, clock, days, dates,
modifiers, relative, periods, holidays); this module is the one the times stage and the tests import:
``normalise``, ``parse_anchor``, ``parse_number``, ``Context``, ``Normalised``, ``Tense``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from newsgraph.stages.times.anchors import Context, Normalised, Resolver, Tense, parse_anchor
from newsgraph.stages.times.clock import clock
from newsgraph.stages.times.dates import absolute, decades, year_only
from newsgraph.stages.times.days import anaphora, deictic_day, generic_unit, weekday
from newsgraph.stages.times.durations import AND_A_HALF_RE, and_a_half, durations, sets
from newsgraph.stages.times.holidays import holidays
from newsgraph.stages.times.lexicon import MONTH_RE, YEAR_RE, read_lines
from newsgraph.stages.times.modifiers import modded
from newsgraph.stages.times.numbers import SPELLED_YEAR_RE, parse_number, spelled_year
from newsgraph.stages.times.periods import quarters, seasons
from newsgraph.stages.times.references import references
from newsgraph.stages.times.relative import ago, relative_unit

__all__ = ["Context", "Normalised", "Tense", "normalise", "parse_anchor", "parse_number"]

# The rules in the order they are tried: the first that takes the text wins.
RULES: tuple[Callable[[Resolver, str], Normalised | None], ...] = (
    references,
    sets,
    clock,
    deictic_day,
    absolute,
    modded,
    anaphora,
    generic_unit,
    holidays,
    relative_unit,
    ago,
    quarters,
    weekday,
    seasons,
    durations,
    decades,
    year_only,
)

_LEAD_WORDS = tuple(read_lines("time_lead_words.txt"))
_LEAD_ONE_RE = re.compile(r"^(?:" + "|".join(sorted(map(re.escape, _LEAD_WORDS), key=len, reverse=True)) + r")\s+")
_COUNTING_ADJ_RE = re.compile(
    r"\b(?:trading|business|working|calendar|consecutive|straight) (?=(?:day|week|month|year|session)s?\b)"
)
# A leading article before a counted number or a month belongs to the noun phrase, not the number:
# "a two day rally" is two days, not 1 + 2.
_ARTICLE_BEFORE_NUMBER = re.compile(
    r"^(?:a|an) (?=\d|(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety)\b|" + MONTH_RE + r" \d)"
)


def _clean(text: str) -> str:
    s = text.lower().replace("\n", " ").replace("\u2019", "'").replace("\u2018", "'")
    s = s.replace("\u2013", "-").replace("\u2014", "-")
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(r"'s$", "", s)
    s = s.strip(' ,.;:!?"()[]')
    s = re.sub(r"'s$", "", s)
    s = SPELLED_YEAR_RE.sub(spelled_year, s)
    s = _COUNTING_ADJ_RE.sub("", s)
    s = AND_A_HALF_RE.sub(and_a_half, s)
    return s


class _Normaliser(Resolver):
    def run(self, raw: str) -> Normalised | None:
        s = _clean(raw)
        if not s or re.fullmatch(r"[\d,.]+", s) and not re.fullmatch(YEAR_RE, s):
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
        for rule in RULES:
            result = rule(self, s)
            if result is not None:
                return result
        return None


def normalise(
    text: str, anchor: date | None, tense: Tense = None, context: Context | None = None
) -> Normalised | None:
    """TIMEX3 type and value of ``text`` against ``anchor``; None when ``text`` is not a time expression."""
    try:
        return _Normaliser(anchor, tense, context if context is not None else Context()).run(text)
    except (ValueError, OverflowError):  # arithmetic past the calendar's ends (year 1 or 9999)
        return None
