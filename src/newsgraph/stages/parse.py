"""Parse helpers every layer uses: bounded walks up the dependency tree, sentence starts, quotation masks.

A parse can hold a head cycle, and an unbounded ``while node.head ...`` once hung extraction, so every walk
up the tree goes through ``head_chain`` (or is a ``for _ in range(...)`` loop). Imports spaCy's types only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Doc, Token

QUOTE_OPENERS = "“«"
QUOTE_CLOSERS = "”»"
_LINE_START_RE = re.compile(r"\n\s*(?=\S)")
SENTENCE_END_MARKS = frozenset(".!?:;\"'”’»)")  # a line ending in one of these ends its sentence
TEXT_KEY = "newsgraph.text"  # doc.user_data: the Doc's text (a Doc's words never change)


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc: spaCy joins every token each time ``Doc.text`` is read, which cost
    a tenth of the extraction time when read per cue and per quote."""
    text = doc.user_data.get(TEXT_KEY)
    if not isinstance(text, str):
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def is_root(token: Token) -> bool:
    """The token heads its own sentence (spaCy marks a root as its own head)."""
    return bool(token.head.i == token.i)


def head_chain(token: Token, limit: int | None = None) -> Iterator[Token]:
    """``token``'s heads, nearest first, up to the root or ``limit`` steps (bounded by the Doc's length)."""
    node = token
    for _ in range(len(token.doc) if limit is None else limit):
        if is_root(node):
            return
        node = node.head
        yield node


def clause_head(token: Token) -> Token:
    """The nearest verb at or above ``token`` (or its root)."""
    node = token
    for _ in range(len(token.doc)):
        if node.pos_ == "VERB" or is_root(node):
            break
        node = node.head
    return node


def sentence_starts(doc: Doc) -> list[int]:
    """Where each sentence starts: spaCy's sentences (a paragraph or heading break starts one: the
    ``newsgraph_paragraph_breaks_v1`` stage sets them before the parser), also split after a blank line or a
    line ending a sentence; a text wrapped into lines ("AM International Inc, reporting an\\noperating loss")
    is not split at each line. A Doc with no sentences is split at every line break."""
    starts = {0}
    text = doc_text(doc)
    parsed = doc.has_annotation("SENT_START")
    if parsed:
        starts.update(s.start_char for s in doc.sents)
    for m in _LINE_START_RE.finditer(text):
        k = m.start() - 1
        while k >= 0 and text[k] in " \t":
            k -= 1
        if not parsed or "\n" in m.group()[1:] or (k >= 0 and text[k] in SENTENCE_END_MARKS):
            starts.add(m.end())
    return sorted(starts)


def quote_mask(text: str) -> bytearray:
    """1 for each character between quotation marks (curly or straight), else 0."""
    mask = bytearray(len(text))
    inside = False
    start = 0
    for i, ch in enumerate(text):
        if ch in QUOTE_OPENERS or (ch == '"' and not inside):
            inside, start = True, i
        elif (ch in QUOTE_CLOSERS or ch == '"') and inside:
            mask[start : i + 1] = b"\x01" * (i + 1 - start)
            inside = False
        elif ch == "\n" and inside and text[i + 1 : i + 2] == "\n":
            inside = False  # an unclosed quote ends with its paragraph
    return mask
