"""Stage ``newsgraph_times_v1``: time expressions normalised against the publication date.

Candidates are spaCy's DATE/TIME entities, split where one entity holds two expressions ("the
quarter ended Sept. 30", "between 1985 and 1987") and trimmed to TIMEX3 extent, plus words
spaCy does not tag ("now", "currently", "recently", "daily", bare weekdays). Each is normalised
by ``normalise.normalise`` against ``doc._.ng_article.published``, with the tense of the
governing verb deciding which way a bare weekday or month points.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from itertools import chain

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newsgraph.records import TimeExpression
from newsgraph.stages.lines import unwrapped
from newsgraph.stages.parse import doc_text, head_chain
from newsgraph.stages.times.normalise import Context, Normalised, Tense, normalise, parse_anchor

# Words spaCy's NER rarely tags that TimeML marks as time expressions (case-insensitive, whole words).
EXTRA_PATTERN = re.compile(
    r"\b(?:right now|now(?! that\b)|currently|recently|more recently|(?:the |in the |near )+future|"
    r"these days|nowadays|at present|every (?:day|week|month|year|morning|night)|daily|weekly|"
    r"today|tonight|yesterday|tomorrow|overnight|the past(?! \w+ (?:years|months|weeks|days|decades))|"
    r"(?:last |next |this |early |late )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"(?: (?:morning|afternoon|evening|night))?|christmas(?: day| eve)?|new year's day|thanksgiving(?: day)?|"
    r"election day|labor day|memorial day|independence day|halloween|the (?:near|short|long) term|"
    r"as soon as possible)\b",
    re.IGNORECASE,
)
# Counted durations and calendar dates that spaCy tags as CARDINAL/QUANTITY/EVENT or not at all:
# "about 5 1/2 hours", "two more weeks", "several quarters", "the Aug. 7 bombings".
_NUMBER_WORDS = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
    r"sixty|hundred|several|a few|a couple of)"
)
EXTRA_COUNTED_PATTERN = re.compile(
    r"\b(?:\d[\d,.]*(?: \d/\d)?|" + _NUMBER_WORDS + r")(?:[ -](?:more|additional|full|straight|consecutive))?"
    r"[ -](?:seconds|minutes|hours|days|weeks|months|quarters|years|decades|centuries)\b",
    re.IGNORECASE,
)
EXTRA_DATE_PATTERN = re.compile(
    r"\b(?:(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.|January|February|March|April|May|June|July|August|"
    r"September|October|November|December) \d{1,2}(?:st|nd|rd|th)?(?:, \d{4})?(?![\d,.]*\d)"
)
ARTICLE_BEFORE_NUMBER = re.compile(
    r"(?:a|an) (?=\d|(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty)\b|"
    r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.? \d|"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December) \d)",
    re.IGNORECASE,
)
# Connectives that join two expressions inside one spaCy entity.
SPLIT_PATTERN = re.compile(
    r"\s+(?:ended|ending|ends|through|thru|to|and|until|till|or|from|versus|vs\.?|"
    r"compared with|of|in)\s+|\s*-\s*(?=\D)|\s*,\s+(?=(?:and )?\d{4}\b)",
    re.IGNORECASE,
)
# Leading words that belong to the sentence, not the expression.
LEAD_TRIM = re.compile(
    r"^(?:between|from|since|until|till|through|by|in|on|at(?! least| most)|during|of|for|as of|"
    r"after|before|"
    r"and|or|to)\s+",
    re.IGNORECASE,
)
# Words that belong to a DATE entity spaCy cut short: "Friday| evening", "each |July", "noon |Saturday".
EXTEND_RIGHT = re.compile(r" (?:morning|afternoon|evening|night)s?\b", re.IGNORECASE)
EXTEND_LEFT = re.compile(
    r"\b(?:each|every|noon|midnight|the previous|the following|this|last|next) $", re.IGNORECASE
)
# Gap between two candidates that may form one expression: "5 p.m. EST, Nov. 6", "9 a.m. Tuesday".
JOIN_GAP = re.compile(r",? (?:on |of )?")
PERIOD_YEAR = re.compile(r"(?:the |its |a )?(?:fiscal |financial )?year", re.IGNORECASE)
PERIOD_END = re.compile(r"\s+(?:ended|ending|that ended|which ended|to)\b", re.IGNORECASE)
YEAR_ONLY = re.compile(r"\d{4}")
MONTH_DAY_END = re.compile(r"\b[A-Z][a-z]{2,8}\.? \d{1,2}$")
AGE_PATTERN = re.compile(r"\b(?:year|month|week|day)s?[- ]old\b|\byears? of age\b", re.IGNORECASE)
UNTIL_BEFORE = re.compile(r"\b(?:until|till) $", re.IGNORECASE)
# Not times: an age bracket ("in his 30s"), a fraction ("three-quarters of its food", "a quarter-century low").
AGE_DECADE_BEFORE = re.compile(r"\b(?:his|her|their|my|your|our) (?:early |mid-?|late )?$", re.IGNORECASE)
ORDINAL_WORD = re.compile(r"\b(?:first|second|third|fourth|last|final|1st|2nd|3rd|4th)\b", re.IGNORECASE)
FRACTION_PATTERN = re.compile(r"\b(?:(?:a|one|two|three)[- ])?quarters?(?= of\b|-)", re.IGNORECASE)
# Words one of which a sub-window of an unparsed entity must hold to be worth normalising.
WINDOW_KEYS = frozenset(
    [
        "year",
        "years",
        "month",
        "months",
        "week",
        "weeks",
        "day",
        "days",
        "quarter",
        "quarters",
        "now",
        "decade",
        "decades",
        "hour",
        "hours",
        "minutes",
        "today",
        "yesterday",
        "tomorrow",
        "weekend",
        "morning",
        "afternoon",
        "evening",
        "night",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "spring",
        "summer",
        "fall",
        "winter",
        "century",
        "recently",
        "currently",
    ]
)
MONTH_KEYS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
FUTURE_AUX = {"will", "'ll", "shall", "wo", "ll"}
FORWARD_WORDS = {"payable", "effective", "due", "record", "expiring", "maturing", "starting", "beginning"}
FUTURE_VERBS = {"expect", "plan", "schedule", "intend", "hope", "set", "due", "slate", "aim", "propose", "go"}
# Verbs that put what they govern ahead of the time of speaking even in the past tense:
# "planned a rally on Saturday", "postponed the vote until Tuesday", "has scheduled a news conference Thursday".
SCHEDULING_VERBS = {"plan", "schedule", "reschedule", "slate", "postpone", "delay", "defer", "adjourn"}


def tense_of(span: Span) -> Tense:
    """'past', 'future' or None from the verb that governs ``span``."""
    token: Token | None = None
    # the span's root and up to eight heads above it; the eighth is looked at only for being the verb
    for steps, node in enumerate(chain((span.root,), head_chain(span.root, 8))):
        if node.pos_ in ("VERB", "AUX") or node.tag_.startswith("VB"):
            token = node
            break
        if steps < 8 and node.lower_ in FORWARD_WORDS:
            return "future"  # "payable Dec. 1", "effective Feb. 1", "stock of record Nov. 22"
    if token is None:
        return None
    aux = [c for c in token.children if c.dep_ in ("aux", "auxpass")]
    for a in aux:
        if a.lower_ in FUTURE_AUX:
            return "future"
    if token.lemma_ in SCHEDULING_VERBS and span.start > token.i:
        return "future"  # not "On Friday, the government planned ...": a fronted time dates the planning
    if token.tag_ == "VB" and token.dep_ == "xcomp" and token.head.lemma_ in FUTURE_VERBS:
        return "future"  # "expects to close it in March"
    if token.tag_ == "VB" and token.dep_ == "xcomp" and token.head.lemma_ == "be" and token.head.tag_ in ("VBZ", "VBP"):
        return "future"  # "is to resume trading Tuesday"
    if token.tag_ == "VBD" or any(a.tag_ == "VBD" for a in aux):
        return "past"
    if token.tag_ == "VBN" and any(a.lemma_ == "have" for a in aux):
        return "past"
    if token.tag_ == "VBG" and any(a.lemma_ == "have" for a in aux):
        return "past"  # "have been searching since Oct. 23"
    if token.tag_ == "VBG" and any(a.tag_ in ("VBZ", "VBP") for a in aux):
        return "future"  # "is meeting Tuesday"
    if token.lemma_ in FUTURE_VERBS and token.tag_ in ("VBZ", "VBP", "VBN") and token.lemma_ not in ("set", "go"):
        return "future"
    return None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Character bounds without surrounding punctuation, possessive 's and leading prepositions."""
    while start < end and (text[start].isspace() or text[start] in "\"'(,;:"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "\"'),;:"):
        end -= 1
    if text[start:end].endswith(("'s", "\u2019s")):
        end -= 2
        while end > start and text[end - 1].isspace():
            end -= 1
    m = LEAD_TRIM.match(text[start:end])
    if m and m.end() < end - start:
        start += m.end()
    m = ARTICLE_BEFORE_NUMBER.match(text[start:end])
    if m:
        start += m.end()  # "a two day rally", "an Aug. 10 agreement": the article is the noun's
    # a final full stop belongs to the sentence unless it closes an abbreviation ("a.m.", "Oct.")
    if (
        end > start
        and text[end - 1] == "."
        and not re.search(r"(?:\b[a-z]\.[a-z]\.|\b[A-Za-z]{2,5}\.)$", text[start:end])
    ):
        end -= 1
    return start, end


def _pieces(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Split one entity's characters at connectives ("ended", "through", "and") into candidate pieces."""
    text = text[start:end]
    pos = 0
    for m in SPLIT_PATTERN.finditer(text):
        if m.group().startswith(",") and MONTH_DAY_END.search(text, 0, m.start()):
            continue  # "June 30, 1990" is one date
        yield start + pos, start + m.start()
        pos = m.end()
    yield start + pos, end


def _char_span(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def _candidates(doc: Doc, text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for ent in doc.ents:
        if ent.label_ in ("DATE", "TIME"):
            start, end = ent.start_char, ent.end_char
            after = EXTEND_RIGHT.match(text, end)
            if after:
                end = after.end()
            before = EXTEND_LEFT.search(text, max(0, start - 16), start)
            if before:
                start = before.start()
            spans.append((start, end))
    taken = [False] * (len(text) + 1)
    for s, e in spans:
        for i in range(s, e):
            taken[i] = True
    for pattern in (EXTRA_PATTERN, EXTRA_COUNTED_PATTERN, EXTRA_DATE_PATTERN):
        for m in pattern.finditer(text):
            if m.group() == "Now" and text[m.end() : m.end() + 1] == ",":
                continue  # the discourse marker "Now, ..."
            if not any(taken[m.start() : m.end()]):
                spans.append((m.start(), m.end()))
                for i in range(m.start(), m.end()):
                    taken[i] = True
    spans.sort(key=lambda se: (se[0], -se[1]))
    # a span inside another (spaCy's "noon" and the extended "noon Saturday") is the same expression
    kept: list[tuple[int, int]] = []
    for start, end in spans:
        if kept and start >= kept[-1][0] and end <= kept[-1][1]:
            continue
        kept.append((start, end))
    return kept


def find_times(doc: Doc, published: str | None) -> list[TimeExpression]:
    """Every time expression of ``doc`` with its TIMEX3 type and value."""
    anchor = parse_anchor(published)
    context = Context()
    text = unwrapped(doc_text(doc))  # wire copy: "Saturday\nnight" read as one line, offsets unchanged
    out: list[TimeExpression] = []
    candidates = _candidates(doc, text)
    index = 0
    while index < len(candidates):
        cand_start, cand_end = candidates[index]
        index += 1
        if AGE_PATTERN.search(text, cand_start, cand_end + 8) or _not_a_time(text, cand_start, cand_end):
            continue
        joined = _join_with_next(doc, text, candidates, index, anchor, context)
        if joined is not None:
            results = [joined]
            index += 1
        else:
            results = _normalise_candidate(doc, text, cand_start, cand_end, anchor, context)
        for s, e, norm in results:
            if norm.type in ("DATE", "TIME"):
                context.remember(norm.value)
            out.append(TimeExpression(s, e, norm.type, norm.value, norm.begin, norm.end))
    return out


Found = tuple[int, int, Normalised]


def _not_a_time(text: str, start: int, end: int) -> bool:
    """An age bracket or a fraction of something: words that look like times but are not."""
    words = text[start:end]
    if re.fullmatch(r"(?:the )?(?:\d0|'\d0)'?s|(?:twenties|thirties|forties|fifties|sixties|seventies|eighties)",
                    words, re.IGNORECASE) and AGE_DECADE_BEFORE.search(text, max(0, start - 20), start):
        return True
    fraction = FRACTION_PATTERN.search(text, start, min(len(text), end + 4))
    if fraction is None or fraction.start() >= end or ORDINAL_WORD.search(words):
        return False
    if text[fraction.end() : fraction.end() + 1] == "-":
        return True  # "a quarter-century low"
    counted = not fraction.group().lower().startswith("quarter")  # "three-quarters of", "a quarter of"
    return counted and not re.match(r" of (?:the )?(?:year|fiscal|\d{4})", text[end : end + 16])


def _join_with_next(
    doc: Doc, text: str, candidates: list[tuple[int, int]], index: int, anchor: date | None, context: Context
) -> Found | None:
    """Candidate ``index - 1`` and the next as one expression: '5 p.m. EST, Nov. 6', 'Aug. 10, 1988'."""
    if index >= len(candidates):
        return None
    (start, end), (next_start, next_end) = candidates[index - 1], candidates[index]
    if not JOIN_GAP.fullmatch(text, end, next_start):
        return None
    joined = _normalise_piece(doc, text, start, next_end, anchor, context)
    if joined is None:
        return None
    if joined[2].type == "TIME" or YEAR_ONLY.fullmatch(text, next_start, next_end):
        return joined
    return None


def _normalise_candidate(
    doc: Doc, text: str, start: int, end: int, anchor: date | None, context: Context
) -> list[Found]:
    """The candidate as one expression, else its pieces (each, else its best sub-window)."""
    whole = _normalise_piece(doc, text, start, end, anchor, context)
    if whole is not None:
        return [whole]
    results: list[Found] = []
    for piece_start, piece_end in _pieces(text, start, end):
        piece = _normalise_piece(doc, text, piece_start, piece_end, anchor, context)
        if piece is None:
            piece = _best_window(doc, text, piece_start, piece_end, anchor, context)
        if piece is not None:
            results.append(_period_ended(text, piece))
    return results


def _period_ended(text: str, found: tuple[int, int, Normalised]) -> tuple[int, int, Normalised]:
    """'the year ended Sept. 30' names a twelve-month period, not the calendar year: a duration."""
    start, end, norm = found
    if PERIOD_YEAR.fullmatch(text, start, end) and PERIOD_END.match(text, end):
        return start, end, Normalised("DURATION", "P1Y")
    return found


def _best_window(
    doc: Doc, text: str, start: int, end: int, anchor: date | None, context: Context
) -> tuple[int, int, Normalised] | None:
    """The longest run of whole tokens inside ``[start, end)`` that normalises ("d'etat last year")."""
    span = _char_span(doc, start, end)
    if span is None or len(span) > 8:
        return None
    n = len(span)
    for size in range(n - 1, 0, -1):
        for i in range(0, n - size + 1):
            sub = span[i : i + size]
            if not any(t.like_num or t.lower_ in WINDOW_KEYS or t.lower_[:3] in MONTH_KEYS for t in sub):
                continue
            found = _normalise_piece(doc, text, sub.start_char, sub.end_char, anchor, context)
            if found is not None:
                return found
    return None


def _normalise_piece(
    doc: Doc, text: str, start: int, end: int, anchor: date | None, context: Context
) -> tuple[int, int, Normalised] | None:
    start, end = _trim(text, start, end)
    if end <= start:
        return None
    span = _char_span(doc, start, end)
    tense = tense_of(span) if span is not None else None
    if tense == "past" and UNTIL_BEFORE.search(text, max(0, start - 8), start):
        tense = None  # "extended the deadline until Tuesday": the past verb does not date the deadline
    norm = normalise(text[start:end], anchor, tense, context)
    if norm is None:
        return None
    return start, end, norm


@Language.component("newsgraph_times_v1")
def times_component(doc: Doc) -> Doc:
    article = doc._.ng_article
    published = getattr(article, "published", None) if article is not None else None
    doc._.ng_times = find_times(doc, published)
    return doc
