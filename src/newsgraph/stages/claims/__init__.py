"""Claims: what is asserted, denied or doubted, and by whom.

Component: ``newsgraph_claims_v1`` (claims.py: statements of one proposition linked into one claim with
its stances). Helpers: propositions.py (the proposition records and how one is built from a token range:
concepts, entities, agent, polarity), stances.py (where propositions are stated, in quotes and around
stance nouns and adjectives, and who takes which stance; ``compose`` and ``flip``), lexicon.py (stance
words and the normalisation of content words; the long lists are data in
``newsgraph/data/lexicons/claim_*``). May import ``newsgraph.records``, ``newsgraph.stages.parse``,
``newsgraph.stages.lines`` and the events layer's actor coding.
"""
