"""Stage ``newsgraph_times_v1``: time expressions normalised against the publication date."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("newsgraph_times_v1")
def times_component(doc: Doc) -> Doc:
    doc._.ng_times = []  # SKELETON: replaced by the real stage
    return doc
