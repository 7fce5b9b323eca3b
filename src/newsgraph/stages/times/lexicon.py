"""The calendar's words every family of rules shares: month, weekday, season and part-of-day names with
their patterns, and the reader of the ``data/lexicons/time_*`` files.

Month and weekday names with their abbreviations are data (``time_calendar.json``), read once at import.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any


def read_lexicon(name: str) -> str:
    """The text of ``data/lexicons/<name>``."""
    return resources.files("newsgraph").joinpath(f"data/lexicons/{name}").read_text(encoding="utf-8")


def read_json(name: str) -> Any:
    return json.loads(read_lexicon(name))


def read_lines(name: str) -> list[str]:
    """The non-empty lines of a word list, in file order."""
    return [line.strip() for line in read_lexicon(name).splitlines() if line.strip()]


_CALENDAR = read_json("time_calendar.json")
MONTHS: dict[str, int] = _CALENDAR["months"]  # "january", "jan" -> 1
WEEKDAYS: dict[str, int] = _CALENDAR["weekdays"]  # "monday", "mon" -> 0 (date.weekday())
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

MONTH_RE = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
WEEKDAY_RE = (
    r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu(?:rs)?|fri|sat|sun)\.?"
)
YEAR_RE = r"((?:1[5-9]|20)\d\d)"
