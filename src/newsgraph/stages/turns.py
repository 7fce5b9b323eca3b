"""Transcript turns: a paragraph opened by a speaker's label in capitals (``PENCE: Well, look, …``).

Interview and debate transcripts printed in news articles write each turn as a paragraph that starts with
the speaker's name in capitals and a colon, inside quotation marks or not. Each turn is a direct
attribution: the label is its source, the colon its cue, the rest of the paragraph its content (PolNeAR
annotates them so: source the label, no cue word). An article counts as a transcript when at least two
different labels open paragraphs, so a lone "UPDATE:" or "NOTE:" is never a speaker; labels that name no
speaker (``NON_SPEAKERS``) and single letters (the "Q:" and "A:" of interviews, whose speakers the text
names elsewhere) are not turns. No spaCy here: characters in, spans out. The quotes stage makes the turns
attributions; the entities stage makes their labels people.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from newsgraph.stages.lines import paragraph_spans

LABEL = re.compile(r"[\"“”'‘]?\s*((?:[A-Z][A-Z.'’-]*[A-Z.])(?: [A-Z][A-Z.'’-]*[A-Z.]){0,3})(:)\s+(?=\S)")
NON_SPEAKERS = frozenset({
    "NOTE", "EDITOR'S NOTE", "EDITORS NOTE", "UPDATE", "UPDATED", "CORRECTION", "CLARIFICATION",
    "WATCH", "VIDEO", "PHOTO", "PHOTOS", "RELATED", "READ MORE", "MORE", "SOURCE", "SOURCES", "CLICK HERE",
    "ADVERTISEMENT", "WARNING", "BREAKING", "EXCLUSIVE", "ALSO", "SEE ALSO", "TRANSCRIPT", "FACT CHECK", "PS",
    "FILE", "CREDIT", "LISTEN", "SUBSCRIBE", "DISCLOSURE",
})  # keys: without full stops, with a straight apostrophe (label_key)
CLOSING_MARKS = "\"”'’"
OPENING_MARKS = "\"“”'‘"


@dataclass(slots=True, frozen=True)
class Turn:
    """One turn: the label (source), the colon (cue) and the content, as ``[start, end)`` characters."""

    label: tuple[int, int]
    colon: tuple[int, int]
    content: tuple[int, int]


def label_key(label: str) -> str:
    """A label as ``NON_SPEAKERS`` lists it: "P.S." -> "PS", "EDITOR’S NOTE" -> "EDITOR'S NOTE"."""
    return label.replace(".", "").replace("’", "'")


@lru_cache(maxsize=64)  # the entities stage (labels) and the quotes stage (turns) read the same article
def find_turns(text: str) -> tuple[Turn, ...]:
    """The transcript turns of ``text`` (none unless two different labels open paragraphs)."""
    found: list[tuple[str, Turn]] = []
    for start, end in paragraph_spans(text):  # wrapped lines joined: a turn runs to its paragraph's end
        m = LABEL.match(text, start, end)
        if m is None:
            continue
        label = label_key(m.group(1))
        if len(label) < 2 or label in NON_SPEAKERS:
            continue
        quoted = text[start] in OPENING_MARKS
        stop = end
        while stop > m.end() and (text[stop - 1].isspace() or (quoted and text[stop - 1] in CLOSING_MARKS)):
            stop -= 1
        if stop > m.end():
            found.append((label, Turn(m.span(1), m.span(2), (m.end(), stop))))
    if len({label for label, _ in found}) < 2:
        return ()
    return tuple(turn for _, turn in found)
