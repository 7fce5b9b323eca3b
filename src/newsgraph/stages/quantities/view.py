"""The token view every part of the quantities stage reads: the Doc's tokens without whitespace tokens,
layout breaks and sentence bounds remembered, and per-token entity and time lookups.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from spacy.tokens import Doc, Token

from newsgraph.records import Entity, TimeExpression
from newsgraph.stages.parse import doc_text


class View:
    """The Doc's tokens without whitespace tokens (wire copy wraps "5.93\nmln"), with layout breaks
    (blank lines, column gaps, paragraph indents) remembered, and per-token entity and time lookups."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.tokens: list[Token] = []
        self.position: dict[int, int] = {}  # doc token index -> view index
        self.break_before: list[bool] = []
        self.sentence_start: list[int] = []
        self.sentence_end: list[int] = []
        pending_break = False
        for sentence in doc.sents:
            begin = len(self.tokens)
            for token in sentence:
                if token.is_space:
                    pending_break = pending_break or _is_layout_break(token.text)
                    continue
                self.position[token.i] = len(self.tokens)
                self.tokens.append(token)
                self.break_before.append(pending_break)
                pending_break = False
            end = len(self.tokens)
            self.sentence_start.extend([begin] * (end - begin))
            self.sentence_end.extend([end] * (end - begin))
        has = Doc.has_extension
        self.entities: list[Entity] = list(doc._.ng_entities or []) if has("ng_entities") else []
        self.times: list[TimeExpression] = list(doc._.ng_times or []) if has("ng_times") else []
        token_starts = [token.idx for token in doc]
        self.entity_at: dict[int, Entity] = {}  # doc token index -> entity
        for entity in self.entities:
            for mention in entity.mentions:
                for i in _token_range(token_starts, mention.start, mention.end):
                    self.entity_at.setdefault(i, entity)
        self.time_at: dict[int, TimeExpression] = {}  # doc token index -> time expression
        for time in self.times:
            for i in _token_range(token_starts, time.start, time.end):
                self.time_at.setdefault(i, time)
        self.entity_named: dict[str, Entity] = {}
        text = doc_text(doc)
        for entity in self.entities:
            for name in [entity.name, *(text[m.start:m.end] for m in entity.mentions)]:
                key = name_key(name)
                if key:
                    self.entity_named.setdefault(key, entity)

    def __len__(self) -> int:
        return len(self.tokens)

    def low(self, k: int) -> str:
        return self.tokens[k].lower_ if 0 <= k < len(self.tokens) else ""

    def joined(self, k: int) -> bool:
        """Whether token ``k`` follows token ``k - 1`` in the same sentence with no layout break."""
        return 0 < k < len(self.tokens) and not self.break_before[k] and self.sentence_start[k] < k + 1 \
            and self.sentence_start[k] == self.sentence_start[k - 1]

    def at(self, token: Token) -> int:
        return self.position.get(token.i, -1)


def _is_layout_break(space: str) -> bool:
    """A blank line, a paragraph indent or a column gap; a single wrapped line ("5.93\nmln") is not one."""
    return len(space) >= 2


def name_key(name: str) -> str:
    low = name.strip().lower()
    return low[4:] if low.startswith("the ") else low


def _token_range(token_starts: list[int], start: int, end: int) -> range:
    """The tokens overlapping characters ``[start, end)`` (a bisection: ``Doc.char_span`` scans the Doc)."""
    if end <= start:
        return range(0)
    return range(max(0, bisect_right(token_starts, start) - 1), bisect_left(token_starts, end))
