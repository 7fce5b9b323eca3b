"""The CAMEO verb dictionary and the CAMEO -> PLOVER table, loaded once and indexed for O(1) lookups.

Data under ``newsgraph/data`` (built by ``scripts/build_cameo_data.py``): ``cameo/verbs.json.gz``
from the PETRARCH CAMEO verb dictionaries (MIT, (c) Open Event Data Alliance) and
``plover/cameo2plover.json`` from CAMEO2PLOVER-2021 (CC BY-SA 4.0, Open Event Data Alliance).
``lexicon_file`` reads this layer's own word lists and tables, ``data/lexicons/event_*.json``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from newsgraph.cameo import read_table

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)

# The manual's table "PLOVER equivalents to CAMEO cue categories" (CAMEO 01 and 02 are dropped as
# categories; an APPEAL is still a request, which PLOVER's REQUEST covers: "all requests, demands
# and orders").
CUE_CATEGORY: dict[str, str] = {
    "02": "REQUEST",
    "03": "AGREE",
    "04": "CONSULT",
    "05": "SUPPORT",
    "06": "COOPERATE",
    "07": "AID",
    "09": "ACCUSE",
    "10": "REQUEST",
    "11": "ACCUSE",
    "12": "REJECT",
    "13": "THREATEN",
    "14": "PROTEST",
    "15": "MOBILIZE",
    "16": "SANCTION",
    "17": "COERCE",
    "18": "ASSAULT",
    "19": "ASSAULT",
    "20": "ASSAULT",
}


def lexicon_file(name: str) -> Any:
    """A JSON word list or table of the events layer, ``newsgraph/data/lexicons/NAME`` (read once, at import)."""
    return json.loads(resources.files("newsgraph").joinpath(f"data/lexicons/{name}").read_text(encoding="utf-8"))


Slot = list[str]  # upper-case words any of which fills the slot


@dataclass(frozen=True, slots=True)
class VerbPattern:
    before: tuple[tuple[str, ...], ...]
    after: tuple[tuple[str, ...], ...]
    code: str | None  # None: the pattern says "no event"


@dataclass(frozen=True, slots=True)
class VerbEntry:
    code: str | None  # the verb's own code when no pattern matches
    patterns: tuple[VerbPattern, ...]
    explicit: bool = True  # False: a synonym that only inherits its block's code
    # index: a word -> positions of the patterns whose first word after the verb it can be
    by_first_word: dict[str, tuple[int, ...]] | None = None
    without_after: tuple[int, ...] = ()


def _indexed(code: str | None, patterns: tuple[VerbPattern, ...], explicit: bool) -> VerbEntry:
    by_first: dict[str, list[int]] = {}
    without_after: list[int] = []
    for position, pattern in enumerate(patterns):
        if pattern.after:
            for word in pattern.after[0]:
                by_first.setdefault(word, []).append(position)
        else:
            without_after.append(position)
    return VerbEntry(
        code, patterns, explicit, {w: tuple(p) for w, p in by_first.items()}, tuple(without_after)
    )


@dataclass(frozen=True, slots=True)
class PloverCode:
    type: str
    mode: str | None
    context: str | None


@lru_cache(maxsize=1)
def verb_dictionary() -> tuple[dict[str, VerbEntry], dict[str, str]]:
    """Upper-case verb lemma -> entry, and irregular form -> lemma."""
    data = read_table("cameo", "verbs.json.gz")
    verbs = {
        verb: _indexed(
            entry["code"],
            tuple(
                VerbPattern(tuple(tuple(s) for s in before), tuple(tuple(s) for s in after), code)
                for before, after, code in entry["patterns"]
            ),
            bool(entry.get("explicit", True)),
        )
        for verb, entry in data["verbs"].items()
    }
    return verbs, dict(data["forms"])


@lru_cache(maxsize=1)
def cameo2plover_table() -> dict[str, tuple[str, str | None, str | None]]:
    path = resources.files("newsgraph").joinpath("data", "plover", "cameo2plover.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    return {code: (row[0], row[1], row[2]) for code, row in data.items()}


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    return value.split(";")[0].strip() or None


@lru_cache(maxsize=4096)
def to_plover(cameo: str) -> PloverCode | None:
    """The PLOVER type, mode and context of a CAMEO event code; None for codes PLOVER drops."""
    category = CUE_CATEGORY.get(cameo[:2])
    if category is None and not cameo.startswith("08"):
        return None
    table = cameo2plover_table()
    for length in range(len(cameo), 1, -1):
        row = table.get(cameo[:length])
        if row:
            event, mode, context = row
            event = event.strip().upper()
            if cameo.startswith("08") and length == 2:  # "08" itself is split CONCEDE / RETREAT
                event = "RETREAT" if cameo[:3] >= "084" else "CONCEDE"
            return PloverCode(event, _clean(mode), _clean(context))
    if category is None:
        return None
    return PloverCode(category, None, None)
