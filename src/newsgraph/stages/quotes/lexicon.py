"""The cue-precision table: which (cue lemma, construction) pairs the quote rules count as attributions.

The table is data, learned from PolNeAR train by ``scripts/train_quote_lexicon.py``, which writes
``newsgraph/data/lexicons/cue_precision.tsv`` with ``format_table``. Each line holds a key and its value,
tab-separated; lines starting with "#" are comments. Key: cue lemma | construction (quote, ccomp, xcomp,
dobj, prep_<word>, according); value: the share of such candidates in train that are gold attributions
(smoothed); "*|construction": the same for the lemmas seen fewer than 3 times (the back-off).
``CUE_PRECISION`` is the table in file order, read once at import.
"""

from __future__ import annotations

from importlib import resources

TABLE_FILE = "data/lexicons/cue_precision.tsv"
HEADER = (
    "# Cue lexicon learned from PolNeAR train by scripts/train_quote_lexicon.py (do not edit).",
    "# Key: cue lemma | construction (quote, ccomp, xcomp, dobj, prep_<word>, according);",
    "# value: the share of such candidates in train that are gold attributions (smoothed);",
    '# "*|construction": the same for the lemmas seen fewer than 3 times (the back-off).',
)


def format_table(table: dict[str, float]) -> str:
    """The file's text for ``table``: the header, then one "key<TAB>value" line per key, in order."""
    bad = [key for key in table if not key or key.startswith("#") or any(ch in key for ch in "\t\r\n")]
    if bad:
        raise ValueError(f"cue keys the table file cannot hold: {bad[:5]}")
    return "\n".join([*HEADER, *(f"{key}\t{value!r}" for key, value in table.items())]) + "\n"


def parse_table(text: str) -> dict[str, float]:
    """The table of a file ``format_table`` wrote (values exactly as written: ``float(repr(x)) == x``)."""
    table: dict[str, float] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            key, value = line.split("\t")
            table[key] = float(value)
    return table


def read_table() -> dict[str, float]:
    return parse_table(resources.files("newsgraph").joinpath(TABLE_FILE).read_text(encoding="utf-8"))


CUE_PRECISION: dict[str, float] = read_table()
