"""Stage ``newsgraph_entities_v1``: people, organisations, places and nationalities, clustered."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("newsgraph_entities_v1")
def entities_component(doc: Doc) -> Doc:
    doc._.ng_entities = []  # SKELETON: replaced by the real stage
    return doc
