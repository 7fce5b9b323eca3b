"""Quotes and attribution: who is reported as saying or believing what.

Components: ``newsgraph_quotes_v2`` (attribution.py: the learned tagger with the rules where they measure
better) and ``newsgraph_quotes_v1`` (quotes.py: the rules alone). Helpers: marks.py (quotation marks and
passages), link.py (the tagger's spans grouped into attributions), lexicon.py (the cue-precision table, data
in ``newsgraph/data/lexicons/``), speech.py (statement or belief). May import ``newsgraph.records``,
``newsgraph.models`` and ``newsgraph.stages.parse``; not the other layers, the store or the service.
"""
