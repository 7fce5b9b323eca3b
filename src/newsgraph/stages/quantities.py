"""Stage ``newsgraph_quantities_v1``: reported numbers with value, approximation, unit, owner and date."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("newsgraph_quantities_v1")
def quantities_component(doc: Doc) -> Doc:
    doc._.ng_quantities = []  # SKELETON: replaced by the real stage
    return doc
