"""Stage ``newsgraph_quantities_v1``: reported numbers with value, approximation, unit, owner and date.

One left-to-right pass over the tokens finds number phrases ("100,000", "5.93 mln", "a dozen",
"tens of thousands"), drops those that are dates, times, ordinals, years or parts of names, and
reads around each: the approximation before it ("more than"), a currency sign before it or a unit
after it ("$", "%", "km"), else the counted noun the parse hangs it on ("troops"), whose that noun
is ("Russian troops", "Russia's troops", "troops Russia has amassed") and a time expression
attached right after it ("by early February"). Finding the phrases is ``spans.py``'s, reading around
them ``counted.py``'s and ``owners.py``'s, over the token view of ``view.py``. Runs after entities and
times and reads ``doc._.ng_entities`` / ``doc._.ng_times`` when they are there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Token

from newsgraph.records import Quantity
from newsgraph.stages.quantities.counted import (
    approximation_ending,
    attached_date,
    counted_noun,
    next_is_time_unit,
    unit_after,
)
from newsgraph.stages.quantities.numbers import (
    SCALE_WORDS,
    TIME_UNIT_WORDS,
    VAGUE_WORDS,
    currency_of,
    is_ordinal,
    is_year_like,
    parse_number,
    tidy_number,
    unit_of,
)
from newsgraph.stages.quantities.owners import owner_of, resolve_owner
from newsgraph.stages.quantities.spans import looks_like_label, money_sign_before, number_phrase, starts_number
from newsgraph.stages.quantities.view import View

TIME_LABELS = frozenset({"DATE", "TIME"})
RANGE_LINKS = frozenset({"to", "and", "-", "–"})


@dataclass(slots=True)
class _Found:
    """A quantity as view positions, before it becomes a record."""

    first: int  # first token of the span (approximation or currency sign included)
    last: int  # last token of the span, inclusive
    number_first: int  # first token of the number, its currency sign included
    number_last: int
    value: float | None
    unit: str | None
    approx: str | None
    noun: Token | None  # the counted noun, when the unit is one
    spelled: bool = False  # "two", "twenty five": words only, no digits and no scale word


def _read_quantity(view: View, first: int, last: int) -> _Found | None:
    """Everything around one number phrase, or None when it is not a reported amount."""
    tokens = view.tokens[first:last + 1]
    words = [t.text for t in tokens]
    low = " ".join(words).lower()
    sign = money_sign_before(view, first)
    vague = view.low(first) in VAGUE_WORDS
    value = None if vague else parse_number(low, money=sign is not None)
    if value is None and not vague:
        return None
    if any(is_ordinal(w) for w in words) or any(t.i in view.time_at for t in tokens):
        return None
    clock_like = len(words[0]) == 4 and words[0][0] == "0"  # "0900 GMT"
    if len(words) == 1 and sign is None and (is_year_like(words[0]) or clock_like):
        after = view.tokens[last + 1] if view.joined(last + 1) else None
        counts = after is not None and after.tag_ == "NNS" and after.lower_ not in TIME_UNIT_WORDS \
            and tokens[0].ent_type_ not in TIME_LABELS and tokens[0].head.i == after.i
        if not counts:
            return None
    if len(words) == 1 and len(words[0]) == 2 and words[0].isdigit() and view.joined(first) \
            and view.low(first - 1) in ("or", "and", "-", "to", "/") and is_year_like(view.low(first - 2)):
        return None  # "in 1976 or 77"
    found_unit = unit_after(view, last)
    if sign is None and found_unit is None and looks_like_label(view, first, last):
        return None
    if next_is_time_unit(view, last):
        return None
    unit: str | None = None
    noun: Token | None = None
    span_last = last
    if sign is not None:
        unit = sign
        if found_unit is not None and found_unit[0] == unit:
            span_last = found_unit[1]  # "$5 million dollars"
    elif found_unit is not None:
        unit, span_last = found_unit
    else:
        noun = counted_noun(view, first, last)
        if noun is not None:
            if noun.lower_ in TIME_UNIT_WORDS:
                return None  # a duration or an age: the times stage's
            known = unit_of([noun.text])
            unit = known[0] if known else (noun.text if noun.pos_ == "PROPN" else noun.lower_)
            span_last = view.at(noun)
    if unit is None and any(t.ent_type_ in TIME_LABELS for t in tokens):
        return None
    if low in ("one", "1") and sign is None and (unit is None or noun is not None):
        return None  # "one country", "one of the": a determiner more often than a count
    number_first = first - 1 if sign is not None else first
    approximation = approximation_ending(view, number_first)
    approx = approximation[0] if approximation else None
    if vague:
        approx = low
    span_first = approximation[1] if approximation else number_first
    spelled = not vague and not any(c.isdigit() for c in low) \
        and not any(w in SCALE_WORDS for w in low.split())
    return _Found(span_first, span_last, number_first, last, value, unit, approx, noun, spelled)


def _share_range_units(found: Sequence[_Found], view: View) -> None:
    """A range or a list shares its unit and scale: "10 to 20 pct", "15-20 mln dlrs" (15 mln, not 15),
    "$15 to 20 million" (both dollars), "4,340, 4,345 and 4,350 dlrs" (right to left along the list)."""
    pairs = list(zip(found, found[1:], strict=False))
    for earlier, later in reversed(pairs):
        links = [t.lower_ for t in view.tokens[earlier.last + 1:later.number_first]]
        joined = all(view.joined(k) for k in range(earlier.last + 1, later.number_first + 1))
        if not (joined and (links in ([","], [",", "and"], [",", "or"]) or
                            (1 <= len(links) <= 2 and all(t in RANGE_LINKS for t in links)))):
            continue
        if earlier.unit is not None and later.unit is not None and earlier.unit != later.unit:
            continue  # "up 4.2 pct to 17.25 mln tonnes" is a change, not a range
        if earlier.unit is None and later.unit is not None:
            earlier.unit = later.unit
        elif later.unit is None and earlier.unit is not None and earlier.number_first < earlier.number_last \
                and currency_of(view.tokens[earlier.number_first].text):
            later.unit = earlier.unit
        later_scale = SCALE_WORDS.get(view.low(later.number_last))
        earlier_words = {t.lower_ for t in view.tokens[earlier.number_first:earlier.number_last + 1]}
        if later_scale and earlier.value is not None and earlier.value < 1000 \
                and not earlier_words & set(SCALE_WORDS):
            earlier.value = tidy_number(earlier.value * later_scale)


def find_quantities(doc: Doc) -> list[Quantity]:
    """The quantities of a parsed Doc, in text order."""
    view = View(doc)
    found: list[_Found] = []
    k = 0
    while k < len(view):
        if not starts_number(view, k):
            k += 1
            continue
        last = number_phrase(view, k)
        quantity = _read_quantity(view, k, last)
        if quantity is None:
            k = last + 1
            continue
        if found and quantity.first <= found[-1].last:
            if quantity.number_first <= found[-1].last:
                k = last + 1
                continue  # inside the last one's span ("35 and 45 dlrs" read as one)
            quantity.first = quantity.number_first
        found.append(quantity)
        k = (last if quantity.noun is not None else quantity.last) + 1
    _share_range_units(found, view)
    # a spelled number with nothing counted ("the two met", "the first two") stands for a noun phrase
    return [_to_record(view, q) for q in found if q.unit is not None or not q.spelled]


def _to_record(view: View, found: _Found) -> Quantity:
    owner = None
    if found.noun is not None:
        owner_token = owner_of(found.noun)
        if owner_token is not None:
            owner = resolve_owner(owner_token, view)
    first, last = view.tokens[found.first], view.tokens[found.last]
    return Quantity(
        start=first.idx,
        end=last.idx + len(last.text),
        value=found.value,
        unit=found.unit,
        approx=found.approx,
        of=owner,
        date=attached_date(view, found.last),
    )


@Language.component("newsgraph_quantities_v1")
def quantities_component(doc: Doc) -> Doc:
    doc._.ng_quantities = find_quantities(doc)
    return doc
