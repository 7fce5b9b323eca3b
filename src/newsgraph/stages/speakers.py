"""Stage ``newsgraph_speakers_v1``: resolve each quote's source mention to whom it means."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("newsgraph_speakers_v1")
def speakers_component(doc: Doc) -> Doc:
    return doc  # SKELETON: replaced by the real stage
