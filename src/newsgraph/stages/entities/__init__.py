"""Entities, coreference and speakers: the people, organisations and places an article mentions.

Components: ``newsgraph_entities_v1`` (entities.py: names clustered by rules, then pronouns and descriptions
ranked into them) and ``newsgraph_speakers_v1`` (speakers.py: each quote's source mention to its entity).
Helpers: coref.py (the rules and their lexicons), coref_mentions.py (pronoun and description mentions),
coref_rank.py (the learned mention ranker, weights in ``newsgraph/data/models/coref/``), coref_merge.py
(merges after ranking). May import ``newsgraph.records`` and ``newsgraph.stages.parse``; speakers read the
quotes the quotes layer left on the Doc, never its modules.
"""
