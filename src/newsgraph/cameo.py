"""The CAMEO actor dictionary and the other shipped data tables, without spaCy.

Tables under ``newsgraph/data`` (built by ``scripts/build_cameo_data.py``): the Phoenix actor dictionaries
(MIT, (c) Open Event Data Alliance) as ``cameo/actors.json.gz``, plus the names below that they lack. Both the
event stage (``stages.actor_coding``) and the corpus entity linker (``story.py``) code actors from here.
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from importlib import resources
from typing import Any

# Names the 2014 dictionaries lack but the PLOVER codebook's examples need.
SUPPLEMENT = {
    "european community": "IGOEUREEC",
    "european communities": "IGOEUREEC",
    "palestine liberation organization": "PSEREB",
    "palestinian liberation organization": "PSEREB",
    # demonyms missing from Phoenix.Countries.actors.txt
    "prc": "CHN",
    "serb": "SRB",
    "chechen": "RUS",
    "north korean": "PRK",
    "south korean": "KOR",
    "slovenian": "SVN",
    "sri lankan": "LKA",
    "kampuchean": "KHM",
    "swedish": "SWE",
    "scottish": "GBR",
    "azeri": "AZE",
    "kazakh": "KAZ",
    "tibetan": "CHN",
    "democratic people 's republic of korea": "PRK",
    "democratic people's republic of korea": "PRK",
    # seats of government that news uses for the government itself, missing from the 2014 dictionaries
    "state department": "USAGOV",
    "department of state": "USAGOV",
    "capitol hill": "USALEG",
    "downing street": "GBRGOV",
    "whitehall": "GBRGOV",
    "elysee palace": "FRAGOV",
    "élysée palace": "FRAGOV",
    "zhongnanhai": "CHNGOV",
}


def read_table(*parts: str) -> Any:
    """A gzip'd JSON table shipped under ``newsgraph/data`` (e.g. ``read_table("cameo", "verbs.json.gz")``)."""
    path = resources.files("newsgraph").joinpath("data", *parts)
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=1)
def actor_dictionary() -> dict[str, str]:
    """Lower-case space-joined name -> full CAMEO actor code ("russian" -> "RUS", "lavrov" -> "RUSGOV")."""
    table = dict(read_table("cameo", "actors.json.gz"))
    table.update(SUPPLEMENT)
    return table
