"""Entities, coreference and speakers: the people, organisations and places an article mentions.

Components: ``newsgraph_entities_v1`` (entities.py: names clustered by rules, then pronouns and descriptions
ranked into them) and ``newsgraph_speakers_v1`` (speakers.py: each quote's source mention to its entity).
Helpers: names.py (spaCy's entities repaired and retyped, the names it missed, persons' titles),
coref.py (the rules: ``Mention``, ``Cluster`` and the ``Resolver``, free of spaCy), coref_words.py (their
lexicons and name helpers; the long word lists are ``newsgraph/data/lexicons/coref_*``), coref_mentions.py
(pronoun and description mentions), coref_rank.py (the learned mention ranker, weights and description
nouns in ``newsgraph/data/models/coref/ranker.json``), coref_pairs.py (its contextual pair scorer,
``newsgraph/data/models/coref/pairs.npz``, over the piece vectors the quotes stage leaves on the Doc),
coref_merge.py (merges after ranking). May import ``newsgraph.records``, ``newsgraph.models.vectors``,
``newsgraph.models.tagger`` (its error type), ``newsgraph.stages.parse`` and ``newsgraph.stages.lines``;
speakers read the quotes the quotes layer left on the Doc, never its modules.
"""
