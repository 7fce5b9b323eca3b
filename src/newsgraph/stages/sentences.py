"""Stage ``newsgraph_paragraph_breaks_v1``: start a sentence after every paragraph break.

Runs before the parser, which keeps the boundaries it finds already set. Without it a heading
line with no final punctuation ("Intensifying crisis" above a blank line) is glued into the
sentence below it. A break is a whitespace token holding a blank line, or a single line break
after a line that ends a sentence or reads as a heading (short, capitalised, no final
punctuation, the next line capitalised too); other single line breaks are left alone, since
some texts wrap their paragraphs.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from newsgraph.stages.lines import ends_sentence, is_wrap
from newsgraph.stages.parse import doc_text

SENTENCE_FINAL = {".", "!", "?", "”", '"', "’", "'", "»", ")"}
HEADING_MAX_CHARS = 60
HEADING_MAX_WORDS = 8
NO_HEADING_END = set(",;:-–—/&(")
OPENING_MARKS = set("“\"'‘«(")


def _line_before(doc: Doc, i: int) -> tuple[int, int]:
    """Token range ``[first, i)`` of the line ending just before the whitespace token ``i``."""
    first = i
    while first > 0 and "\n" not in doc[first - 1].text_with_ws:
        first -= 1
    return first, i


def _starts_capitalised(tok: Token) -> bool:
    return tok.text[:1].isupper() or tok.text[:1].isdigit() or tok.text[:1] in OPENING_MARKS


def _reads_as_heading(doc: Doc, first: int, end: int, next_tok: Token) -> bool:
    words = [t for t in doc[first:end] if not t.is_space]
    if not words or len(words) > HEADING_MAX_WORDS:
        return False
    chars = doc[end - 1].idx + len(doc[end - 1].text) - doc[first].idx
    if chars > HEADING_MAX_CHARS or words[-1].text[-1:] in NO_HEADING_END:
        return False
    return _starts_capitalised(words[0]) and _starts_capitalised(next_tok)


def _breaks_paragraph(doc: Doc, i: int) -> bool:
    """Whether the whitespace token ``i`` ends a paragraph (its next token opens a sentence)."""
    space = doc[i].text
    if space.count("\n") >= 2:
        return True
    if "\n" not in space or i == 0 or i + 1 >= len(doc):
        return False
    prev = doc[i - 1]
    if prev.is_space:
        return False
    first, end = _line_before(doc, i)
    text = doc_text(doc)
    if ends_sentence(text[doc[first].idx:prev.idx + len(prev.text)]):
        return True
    if is_wrap(text, doc[i].idx + space.index("\n")):
        return False  # wire copy wrapped into lines: '... for acts of terrorism,”' / 'said the governor.'
    if prev.text in SENTENCE_FINAL:
        return True
    return _reads_as_heading(doc, first, end, doc[i + 1])


@Language.component("newsgraph_paragraph_breaks_v1")
def paragraph_breaks_component(doc: Doc) -> Doc:
    """Mark the first token after each paragraph break as a sentence start."""
    for i, tok in enumerate(doc):
        if tok.is_space and i + 1 < len(doc) and not doc[i + 1].is_space and _breaks_paragraph(doc, i):
            doc[i + 1].is_sent_start = True
            if i + 2 < len(doc) and not doc[i + 2].is_space:
                doc[i + 2].is_sent_start = False  # else the parser may end a sentence on its first word ("Joshua")
    return doc
