"""Quantities: the numbers an article reports, with unit, owner and what they count.

Component: ``newsgraph_quantities_v1`` (quantities.py). Helpers: numbers.py (number words, units,
scales), owners.py (demonyms to countries). May import ``newsgraph.records`` and ``newsgraph.stages.parse``.
"""
