"""newsgraph's pipeline stages: spaCy components with versioned names, one a module.

Each stage reads the Doc (and what earlier stages left in ``doc._``) and writes its own
extension attribute. Order: quotes (v2: the learned tagger and the rules; it leaves the tagger's piece
vectors for the coreference pair scorer), entities, speakers, times, quantities, events, claims.
"""

from __future__ import annotations

from spacy.tokens import Doc

STAGE_NAMES: tuple[str, ...] = (
    "newsgraph_quotes_v2",
    "newsgraph_entities_v1",
    "newsgraph_speakers_v1",
    "newsgraph_times_v1",
    "newsgraph_quantities_v1",
    "newsgraph_events_v1",
    "newsgraph_claims_v1",
    "newsgraph_event_mentions_v1",
)

PRE_PARSER_STAGES: tuple[str, ...] = ("newsgraph_paragraph_breaks_v1",)  # added before the parser

_EXTENSIONS = ("ng_article", "ng_entities", "ng_quotes", "ng_times", "ng_quantities", "ng_events", "ng_claims",
               "ng_event_mentions")


def register() -> None:
    """Declare the Doc extensions and import the stage modules, which register the components."""
    for name in _EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    from newsgraph.stages import sentences  # noqa: F401  (importing registers the components)
    from newsgraph.stages.claims import claims  # noqa: F401
    from newsgraph.stages.entities import entities, speakers  # noqa: F401
    from newsgraph.stages.events import events, mentions  # noqa: F401
    from newsgraph.stages.quantities import quantities  # noqa: F401
    from newsgraph.stages.quotes import attribution, quotes  # noqa: F401
    from newsgraph.stages.times import times  # noqa: F401
