"""Quantities: the numbers an article reports, with unit, owner and what they count.

Component: ``newsgraph_quantities_v1`` (quantities.py: reading each found number into a ``Quantity``, ranges
sharing their unit, ``find_quantities``). In parts: view.py (the token view with layout breaks and entity and
time lookups), spans.py (finding number phrases; labels such as "No. 10" are none), counted.py (the
approximation, unit or counted noun and attached date around a number), owners.py (whose the counted things
are; demonyms to countries). Helpers: numbers.py (number words, units, scales; no spaCy; reads this layer's
data files). Word lists and tables: ``data/lexicons/quantity_*.json``. May import ``newsgraph.records`` and
``newsgraph.stages.parse``.
"""
