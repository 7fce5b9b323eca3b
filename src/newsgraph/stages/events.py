"""Stage ``newsgraph_events_v1``: PLOVER events with coded actors, modality and dates."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("newsgraph_events_v1")
def events_component(doc: Doc) -> Doc:
    doc._.ng_events = []  # SKELETON: replaced by the real stage
    return doc
