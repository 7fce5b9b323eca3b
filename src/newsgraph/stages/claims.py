"""Stage ``newsgraph_claims_v1``: propositions that sources assert, allege, deny or doubt."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("newsgraph_claims_v1")
def claims_component(doc: Doc) -> Doc:
    doc._.ng_claims = []
    return doc
