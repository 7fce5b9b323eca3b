"""Events and actor coding: who did what to whom, coded in PLOVER with CAMEO actor codes.

Components: ``newsgraph_events_v1`` (events.py: the component, ``events_of``, one event per sentence) and
``newsgraph_event_mentions_v1`` (mentions.py: every event mention with its participants). The events stage
in parts: triggers.py (finding and coding the trigger verbs and event nouns, the candidates), arguments.py
(a trigger's subject, agent and objects from the parse), actors.py (``ActorCoder``: those phrases coded in
their article; the source and target), modality.py (negation, condition, plans, ``adjust_type``, the
reporting quote, the date). Helpers: lexicon.py (the CAMEO verb dictionary mapped to PLOVER; reads this
layer's data files), verbs.py and nouns.py (our own verb and event-noun entries), actor_coding.py (actor
codes from ``newsgraph.cameo``). Word lists and tables: ``data/lexicons/event_*.json``. May import
``newsgraph.records``, ``newsgraph.cameo`` and ``newsgraph.stages.parse``.
"""
