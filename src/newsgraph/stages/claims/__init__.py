"""Claims: what is asserted, denied or doubted, and by whom.

Component: ``newsgraph_claims_v1`` (claims.py: one claim per quote or stance with its proposition).
Helpers: propositions.py (the proposition a claim states, and its polarity), lexicon.py (stance verbs and
frame concepts). May import ``newsgraph.records``, ``newsgraph.stages.parse`` and the events layer's
actor coding.
"""
