"""Events and actor coding: who did what to whom, coded in PLOVER with CAMEO actor codes.

Components: ``newsgraph_events_v1`` (events.py) and ``newsgraph_event_mentions_v1`` (mentions.py: every
event mention with its participants). Helpers: lexicon.py (the CAMEO verb dictionary mapped to PLOVER),
verbs.py and nouns.py (our own verb and event-noun entries), actor_coding.py (actor codes from
``newsgraph.cameo``). May import ``newsgraph.records``, ``newsgraph.cameo`` and ``newsgraph.stages.parse``.
"""
