"""References to the present, the past and the future: 'now', 'currently', 'recently', 'the future',
'years ago', 'at the time' (TIMEX3 ``PRESENT_REF``, ``PAST_REF``, ``FUTURE_REF``).

The word lists are data (``time_references.json``), read once at import.
"""

from __future__ import annotations

import re

from newsgraph.stages.times.anchors import Normalised, Resolver
from newsgraph.stages.times.lexicon import read_json

_REFERENCES = read_json("time_references.json")
PRESENT_WORDS: set[str] = set(_REFERENCES["present"])
PAST_WORDS: set[str] = set(_REFERENCES["past"])
FUTURE_WORDS: set[str] = set(_REFERENCES["future"])


def references(res: Resolver, s: str) -> Normalised | None:
    if s in ("the time", "that time", "at the time", "at that time", "those days", "in those days"):
        return Normalised("DATE", "PAST_REF")
    if s in PRESENT_WORDS or re.fullmatch(
        r"(?:this|the) (?:crucial |critical |current )?(?:moment|time|point)", s
    ):
        return Normalised("DATE", "PRESENT_REF")
    if s in PAST_WORDS or re.fullmatch(
        r"(?:the )?(?:recent|past|last) (?:several |few )?"
        r"(?:years|decades|quarters|times)",
        s,
    ):
        return Normalised("DATE", "PAST_REF")
    if s in FUTURE_WORDS or re.fullmatch(
        r"(?:the )?(?:coming|future|upcoming) (?:months|quarters|years|decades)", s
    ):
        return Normalised("DATE", "FUTURE_REF")
    if re.fullmatch(r"(?:(?:several|a few|some|many) )?(?:years|decades|months|weeks|days) ago", s):
        return Normalised("DATE", "PAST_REF")
    return None
