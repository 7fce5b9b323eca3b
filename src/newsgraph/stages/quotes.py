"""Stage ``newsgraph_quotes_v1``: attributions (content, cue, source) of every kind."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("newsgraph_quotes_v1")
def quotes_component(doc: Doc) -> Doc:
    doc._.ng_quotes = []  # SKELETON: replaced by the real stage
    return doc
