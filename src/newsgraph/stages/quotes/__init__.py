"""Quotes and attribution: who is reported as saying or believing what.

Components: ``newsgraph_quotes_v2`` (attribution.py: the learned tagger with the rules where they measure
better) and ``newsgraph_quotes_v1`` (quotes.py: the rules alone, their two passes run over one Doc).
The rules: cues.py (the attribution candidate, cue words, their keys' learned precision and their
sources), index.py (the Doc's quoted passages and paragraphs by token; the base of both passes),
direct.py (quoted passages and their cues), reported.py (reported speech and belief, "according to").
Helpers: marks.py (quotation marks and passages), link.py (the tagger's spans grouped into attributions),
lexicon.py (the cue-precision table, data in ``newsgraph/data/lexicons/cue_precision.tsv``), speech.py
(statement or belief). May import ``newsgraph.records``, ``newsgraph.models`` and
``newsgraph.stages.parse``, ``lines`` and ``turns``; not the other layers, the store or the service.
"""
