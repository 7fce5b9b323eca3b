"""Times: date and time expressions, normalised against the article's publication date (TIMEX3 values).

Component: ``newsgraph_times_v1`` (times.py: finding the expressions in the Doc, the tense of their verb).
The normaliser (text to TIMEX3 value, no spaCy), one module per family of expressions:

- normalise.py: the entry point others import (``normalise``, ``parse_anchor``, ``parse_number``,
  ``Context``, ``Normalised``, ``Tense``): cleaning, leading words, the order the rules are tried in
- anchors.py: the types, the ``Resolver`` the rules read (anchor, tense, context), the publication date
  as an anchor, calendar arithmetic (months, ISO weeks, quarters, early/mid/late ranges)
- lexicon.py: month, weekday, season and part-of-day names and patterns; the reader of the lexicon files
- numbers.py: number words, ordinals, ``parse_number``, spelled years
- references.py: 'now', 'recently', 'the future' (PRESENT_REF, PAST_REF, FUTURE_REF)
- durations.py: units, duration values, durations ('three years') and sets ('daily', 'every Tuesday')
- clock.py: clock times ('10 a.m.', 'Monday at noon')
- days.py: 'today', 'yesterday morning', weekdays, 'that day', 'the following day', 'the weekend'
- dates.py: absolute dates, years, decades and centuries
- modifiers.py: 'early February', 'the end of the year', 'the week of March 6'
- relative.py: 'this week', 'last year', 'three years ago', 'a year earlier'
- periods.py: seasons, quarters, halves, fiscal years
- holidays.py: fixed and computed holidays

Word lists as data: ``data/lexicons/time_calendar.json`` (month and weekday names),
``time_numbers.json`` (number words, ordinals), ``time_references.json``, ``time_lead_words.txt``.
May import ``newsgraph.records``, ``newsgraph.stages.parse`` and ``newsgraph.stages.lines``.
"""
