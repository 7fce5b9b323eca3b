"""Times: date and time expressions, normalised against the article's publication date (TIMEX3 values).

Component: ``newsgraph_times_v1`` (times.py: finding the expressions in the Doc). Helpers: normalise.py
(text to TIMEX3 value, no spaCy). May import ``newsgraph.records`` and ``newsgraph.stages.parse``.
"""
