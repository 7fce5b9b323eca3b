"""What both passes of the quote rules read: the Doc's index (quoted passages and paragraphs by token) and
the pass base class, holding the Doc, the cue filter and the cues the direct pass has used.

``DirectPass`` (direct.py) and ``ReportedPass`` (reported.py) derive from ``QuotePass``; quotes.py runs
both over one instance, direct first, so the reported pass skips the direct pass's cues.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable

from spacy.tokens import Doc, Token

from newsgraph.stages.parse import doc_text
from newsgraph.stages.quotes.marks import QuotedPassage, find_quoted_passages, paragraphs

QUOTE_CHARS = "\"“”«»„'‘’"


class DocIndex:
    """Per-Doc lookups computed once: quoted passages, token → passage, token → paragraph."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.passages: list[QuotedPassage] = find_quoted_passages(self.text)
        paras = paragraphs(self.text)
        self.para_starts = [s for s, _ in paras]
        self.para_spans = paras
        n = len(doc)
        self.tok_passage = [-1] * n
        self.passage_tokens: list[tuple[int, int]] = []  # [first, last+1) token of each passage
        j = 0
        for k, p in enumerate(self.passages):
            while j < n and doc[j].idx < p.start:
                j += 1
            first = j
            while j < n and doc[j].idx < p.end:
                self.tok_passage[j] = k
                j += 1
            self.passage_tokens.append((first, j))

    def para_of(self, char: int) -> int:
        return bisect_right(self.para_starts, char) - 1

    def para_of_token(self, i: int) -> int:
        return self.para_of(self.doc[i].idx)


class QuotePass:
    """The state both passes share over one Doc."""

    def __init__(self, doc: Doc, keep: Callable[[str], bool], all_frames: bool = False) -> None:
        self.doc = doc
        self.keep = keep
        self.all_frames = all_frames
        self.ix = DocIndex(doc)
        self.used_cues: set[int] = set()
        # a quoted passage with no cue of its own and no quote before it to continue has no source;
        # PolNeAR train: dropping them lifts direct end-to-end F1 (0.796 -> 0.802), so only training keeps them
        self.keep_uncued = all_frames
        self.cue_sources: dict[int, tuple[int, int]] = {}  # direct cue token -> its source

    def _quoted(self, i: int) -> bool:
        return self.ix.tok_passage[i] != -1

    def _content_range(self, head: Token) -> tuple[int, int]:
        """Token range of a complement's subtree, widened to whole quoted passages it touches."""
        a, b = head.left_edge.i, head.right_edge.i
        ix = self.ix
        if ix.tok_passage[a] != -1:
            a = min(a, ix.passage_tokens[ix.tok_passage[a]][0])
        if ix.tok_passage[b] != -1:
            b = max(b, ix.passage_tokens[ix.tok_passage[b]][1] - 1)
        return a, b

    def _paragraph_tokens(self, tok: Token) -> tuple[int, int]:
        """First and last token of the paragraph holding ``tok``."""
        p_start, p_end = self.ix.para_spans[self.ix.para_of(tok.idx)]
        a = tok.i
        while a > 0 and self.doc[a - 1].idx >= p_start:
            a -= 1
        b = tok.i
        while b + 1 < len(self.doc) and self.doc[b + 1].idx < p_end:
            b += 1
        return a, b
