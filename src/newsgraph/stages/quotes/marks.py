"""Find the quoted passages of an article: pairs of double quotation marks, per paragraph.

Handles curly (“ ”), straight ("), guillemet (« ») and doubled-apostrophe ('') marks, and a closing curly
mark typed the wrong way round where a quote opens. A
paragraph that opens a quote and ends without closing it continues into the next paragraph
when that paragraph opens a quote too (the news convention for a quote running over several
paragraphs); the pieces are linked through ``QuotedPassage.continues``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsgraph.stages.lines import paragraph_spans

OPENERS = {"“": "”", "«": "»", "„": "“"}
CLOSERS = {"”", "»"}
TOGGLES = {'"', "''"}
_MARK = re.compile(r"''|[\"“”«»„]")


@dataclass(slots=True)
class QuotedPassage:
    """Characters ``[start, end)`` including the marks; ``closed`` is False when the paragraph ran out."""

    start: int
    end: int
    closed: bool
    continues: int | None = None  # index of the passage this one continues (previous paragraph)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of the paragraphs of the text: its non-blank lines, the lines of wrapped text joined
    (``stages.lines``: a quotation in wire copy runs over its line breaks)."""
    return paragraph_spans(text)


def _opens(text: str, pos: int) -> bool:
    """Whether a straight mark at ``pos`` reads as opening (not after a word character)."""
    return pos == 0 or not (text[pos - 1].isalnum() or text[pos - 1] in ".,!?;:)]%")


def _wrong_way_opener(text: str, pos: int) -> bool:
    """A closing curly mark typed where a quote opens (”Fear. I am afraid…”): at the start of the paragraph or
    after a space or bracket, and right before a letter or digit."""
    before = text[pos - 1] if pos else "\n"
    return text[pos] == "”" and (before.isspace() or before in "([") and pos + 1 < len(text) and text[pos + 1].isalnum()


def find_quoted_passages(text: str) -> list[QuotedPassage]:
    """Every quoted passage of the text, in order of position."""
    out: list[QuotedPassage] = []
    for p_start, p_end in paragraphs(text):
        open_at: int | None = None
        open_kind = ""
        for m in _MARK.finditer(text, p_start, p_end):
            mark, pos = m.group(), m.start()
            if open_at is None:
                if mark in OPENERS or (mark in TOGGLES and _opens(text, pos)) or _wrong_way_opener(text, pos):
                    open_at, open_kind = pos, mark
                continue  # a stray closing mark is ignored
            closes = (
                mark in CLOSERS
                or (mark == open_kind)
                or (mark == '"' and open_kind != "''" and not _opens(text, pos))
            )
            if closes:
                out.append(QuotedPassage(open_at, m.end(), True))
                open_at = None
        if open_at is not None:
            end = p_end
            while end > open_at and text[end - 1].isspace():
                end -= 1
            out.append(QuotedPassage(open_at, end, False))
    _link_continuations(text, out)
    return out


def passage_groups(passages: list[QuotedPassage]) -> list[list[int]]:
    """The passages as groups of indices, one group for a quote that runs on over paragraphs."""
    groups: list[list[int]] = []
    for k, p in enumerate(passages):
        if p.continues is not None and groups and groups[-1][-1] == p.continues:
            groups[-1].append(k)
        else:
            groups.append([k])
    return groups


def _link_continuations(text: str, passages: list[QuotedPassage]) -> None:
    """Link a passage opening a paragraph to an unclosed passage ending the paragraph before."""
    for i in range(1, len(passages)):
        prev, cur = passages[i - 1], passages[i]
        if prev.closed:
            continue
        between = text[prev.end : cur.start]
        if between.strip() == "" and "\n" in between:
            cur.continues = i - 1
