"""Group the attribution tagger's spans into attributions (content fragments, cue, source); no spaCy.

The tagger marks content, cue and source spans independently. Each content span takes the nearest cue
outside it — in its own paragraph when there is one there, else within ``MAX_CUE_GAP`` characters, never
one in a later paragraph (PolNeAR dev: exact content F1 0.590 -> 0.594, end-to-end 0.668 -> 0.671) —, the
content spans that share a cue are the fragments of one (split) attribution — two fragments with no more
than ``MAX_GAP_WORDS`` words, no line break and no tagged cue or source between them are one span; of
fragments that all lie on one side of the cue only the nearest stays (``one_side``) —, and the cue takes
the nearest source outside its content. Distances are the gaps between span edges, in characters.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from newsgraph.stages.lines import breaks_paragraph, is_wrap, paragraph_starts

MAX_CUE_GAP = 250  # characters between a content span and its cue
MAX_SOURCE_GAP = 120  # characters between a cue and its source
PARAGRAPH_PENALTY = 200  # a cue across a paragraph break counts as this much further away
MAX_GAP_WORDS = 2  # fragments of one attribution this close (no cue or source between) are one span
WORD_RE = re.compile(r"[^\W\d_]+")  # a word: letters only
BLANK_LINE_RE = re.compile(r"\n[^\S\n]*\n\s*")  # a paragraph break: a line break, a blank line


@dataclass(slots=True)
class Linked:
    content: list[tuple[int, int]]
    cue: tuple[int, int] | None
    source: tuple[int, int] | None
    score: float  # the tagger's mean probability over the content


def gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters between two spans (0 when they touch or overlap)."""
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))


def _inside(inner: tuple[int, int], outer: tuple[int, int]) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def split_paragraphs(text: str, contents: Sequence[tuple[int, int, float]],
                     quoted: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int, float]]:
    """Content spans cut at each paragraph break (a blank line) that lies in no quotation, blank edges trimmed.

    The tagger reads word pieces, which carry no line breaks: it runs one paragraph's content into the next
    one's ('calling the talk "provocative."' / 'All Russian officials have "categorically rejected" plans,
    he said'), and the whole then takes one cue. Cut, each paragraph's piece takes its own cue, and pieces
    that share a cue are one split attribution again. A quote that runs over paragraphs inside quotation
    marks (``quoted``, from ``marks.find_quoted_passages``) stays whole, and so does a content over the single
    line breaks of text wrapped into lines (wire copy). PolNeAR dev: exact content F1
    0.603 -> 0.604, end-to-end 0.680 -> 0.681, direct end-to-end 0.857 -> 0.859.
    """
    out = []
    for start, end, p in contents:
        pieces, begin = [], start
        for m in BLANK_LINE_RE.finditer(text, start, end):
            if not any(qs < m.start() and m.end() < qe for qs, qe in quoted):
                pieces.append((begin, m.start()))
                begin = m.end()
        pieces.append((begin, end))
        for a, b in pieces:
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if b > a:
                out.append((a, b, p))
    return out


def link(text: str, contents: Sequence[tuple[int, int, float]], cues: Sequence[tuple[int, int, float]],
         sources: Sequence[tuple[int, int, float]], quoted: Sequence[tuple[int, int]] = ()) -> list[Linked]:
    """Attributions from tagged spans, in text order."""
    paras = paragraph_starts(text)
    contents = split_paragraphs(text, [(*_without_headline(text, c[0], c[1]), c[2]) for c in contents], quoted)

    def para(pos: int) -> int:
        return bisect_right(paras, pos) - 1

    cue_spans = [(c[0], c[1]) for c in cues]
    by_cue: dict[int, list[tuple[int, int, float]]] = {}
    uncued: list[tuple[int, int, float]] = []
    for c in contents:
        span = (c[0], c[1])
        best, best_d = -1, 1 << 30
        for k, q in enumerate(cue_spans):
            if _inside(q, span) or gap(q, span) > MAX_CUE_GAP + PARAGRAPH_PENALTY:
                continue
            if q[0] < span[1] and span[0] < q[1]:  # overlaps the content without lying inside it
                continue
            d = gap(q, span)
            near = q if q[1] <= span[0] else span
            far = span if q[1] <= span[0] else q
            if para(near[1]) != para(far[0]):
                if near is span:  # a headline is no part of the next paragraph's statement
                    continue
                d += PARAGRAPH_PENALTY
            if d < best_d:
                best, best_d = k, d
        if best >= 0 and best_d <= MAX_CUE_GAP + PARAGRAPH_PENALTY:
            by_cue.setdefault(best, []).append(c)
        else:
            uncued.append(c)
    out: list[Linked] = []
    blockers = cue_spans + [(s[0], s[1]) for s in sources]
    for k, frags in by_cue.items():
        cue = cue_spans[k]
        spans = one_side(join_close(text, sorted((f[0], f[1]) for f in frags), blockers), cue)
        out.append(Linked(spans, cue, _source(cue, spans, sources),
                          sum(f[2] for f in frags) / len(frags)))
    for c in uncued:
        out.append(Linked([(c[0], c[1])], None, None, c[2]))
    out.sort(key=lambda a: a.content[0])
    return out


SENTENCE_ENDS = tuple(".?!:;\"”’'…—–-)]")


def _without_headline(text: str, start: int, end: int) -> tuple[int, int]:
    """A content span without the lines it starts with that end in no punctuation (a headline or a
    dateline the tagger ran into the first paragraph)."""
    while True:
        nl = text.find("\n", start, end)
        if nl < 0 or text[start:nl].rstrip().endswith(SENTENCE_ENDS) or is_wrap(text, nl):
            return start, end
        nxt = nl
        while nxt < end and text[nxt].isspace():
            nxt += 1
        if nxt >= end:
            return start, end
        start = nxt


def join_close(text: str, frags: list[tuple[int, int]], blockers: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Fragments (sorted) with each gap of at most ``MAX_GAP_WORDS`` words, no line break and no cue or source
    in it closed: the tagger's B tag inside one content ('"a big problem" but "nobody talks about it"')."""
    out = [frags[0]]
    for start, end in frags[1:]:
        last = out[-1]
        between = text[last[1]:start]
        if (not breaks_paragraph(text, last[1], start) and len(WORD_RE.findall(between)) <= MAX_GAP_WORDS
                and not any(b[0] < start and last[1] < b[1] for b in blockers)):
            out[-1] = (last[0], max(last[1], end))
        else:
            out.append((start, end))
    return out


def one_side(spans: list[tuple[int, int]], cue: tuple[int, int]) -> list[tuple[int, int]]:
    """The fragments of one attribution: a split quote has the cue between its pieces ('"The budget is
    balanced," he said. "So we ..."'); pieces that all lie on one side of the cue, and did not join, are
    contents of other statements that found no nearer cue of their own: only the piece nearest the cue
    stays. PolNeAR dev: exact content F1 0.609 -> 0.617, end-to-end 0.692 -> 0.694, direct end-to-end
    0.876 -> 0.878 (content F1 0.779 -> 0.777; each piece an attribution of its own instead: exact 0.614,
    end-to-end 0.687)."""
    if len(spans) < 2 or (spans[0][1] <= cue[0] and spans[-1][0] >= cue[1]):
        return spans
    return [min(spans, key=lambda s: gap(s, cue))]


def _source(cue: tuple[int, int], content: list[tuple[int, int]],
            sources: Sequence[tuple[int, int, float]]) -> tuple[int, int] | None:
    best, best_d = None, MAX_SOURCE_GAP + 1
    for s in sources:
        span = (s[0], s[1])
        if any(span[0] < c[1] and c[0] < span[1] for c in content):
            continue
        d = gap(span, cue)
        if d < best_d:
            best, best_d = span, d
    return best
