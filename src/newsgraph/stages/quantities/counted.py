"""Reading around a found number: the approximation before it ("more than"), the unit after it ("pct",
"dlrs", "km", "Canadian dlrs"), else the noun it counts ("5,000 Russian troops", "thousands of troops"),
and a time expression attached right after it ("by early February").
"""

from __future__ import annotations

from spacy.tokens import Token

from newsgraph.stages.quantities.numbers import (
    SCALE_WORDS,
    TIME_UNIT_WORDS,
    approximation_before,
    is_number_word,
    parse_number,
    unit_of,
)
from newsgraph.stages.quantities.owners import country_of_demonym
from newsgraph.stages.quantities.view import View

MONEY_UNITS = frozenset({
    "$", "cents", "£", "€", "¥", "yuan", "marks", "francs", "rupees", "roubles", "pesos", "lire", "guilders",
    "riyals", "rand", "won", "crowns", "kroner", "kronor", "hryvnias",
})
# Nouns whose plural is the singular: "92 aircraft", "10 mln head".
SAME_IN_PLURAL = frozenset({"aircraft", "head", "sheep", "fish", "deer", "personnel", "staff", "craft",
                            "livestock", "cattle", "offspring", "series", "species", "swine", "spacecraft",
                            "hovercraft", "bison", "salmon", "trout", "counsel", "police"})
MAX_NOUN_GAP = 5  # tokens between a number and its counted noun ("5,000 heavily armed Russian troops")
# Words allowed between a quantity and its attached date: "by", "as of", "at the end of".
# Not "from" or "since": "up 3.5% from 2019" compares with a date, it is not dated by it.
DATE_LINK_WORDS = frozenset({"by", "in", "as", "of", "at", "on", "until", "till", "through", "during", "the",
                             "end", "for", "last", "this", "within"})
MAX_DATE_GAP = 3


def approximation_ending(view: View, first: int) -> tuple[str, int] | None:
    """The approximation ending right before token ``first`` and its first token."""
    start = first
    while start > first - 3 and view.joined(start):
        start -= 1
    found = approximation_before([t.text for t in view.tokens[start:first]])
    if found is None:
        return None
    phrase, size = found
    begin = first - size
    if size == 1 and view.tokens[begin].dep_ == "prt":
        return None  # "took over 5 pct": a verb particle
    return phrase, begin


def unit_after(view: View, last: int) -> tuple[str, int] | None:
    """A unit word right after the number ("pct", "dlrs", "km", "per cent", "-kilo") and its last token."""
    start = last + 1
    if view.low(start) == "-" and view.joined(start):
        start += 1
    if not view.joined(start):
        return None
    words = [view.tokens[start].text]
    if view.joined(start + 1):
        words.append(view.tokens[start + 1].text)
    found = unit_of(words)
    if found is None and len(words) == 2 and country_of_demonym(words[0]):
        money = unit_of(words[1:])  # "Canadian dlrs", "Canadian cts", "Swiss francs"
        if money is not None and money[0] in MONEY_UNITS:
            prefix = {"canadian": "C$", "australian": "A$"}.get(words[0].lower())
            return (prefix if prefix and money[0] == "$" else money[0]), start + 1
    if found is None:
        return None
    unit, size = found
    return unit, start + size - 1


MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "advmod", "punct", "npadvmod", "quantmod"})


def counted_noun(view: View, first: int, last: int) -> Token | None:
    """The noun the number counts: its parse head after it ("5,000 Russian troops"), or the object of
    "of" right after it ("thousands of troops")."""
    for k in range(first, last + 1):
        head = view.at(view.tokens[k].head)
        if first <= head <= last or not last < head <= last + MAX_NOUN_GAP:
            continue
        noun = view.tokens[head]
        while not _is_countable(noun) and noun.dep_ in ("compound", "nmod") \
                and noun.i < noun.head.i and view.at(noun.head) <= last + MAX_NOUN_GAP:
            noun = noun.head  # "110,000 [Cyclops common] shares": the name modifies the counted noun
            head = view.at(noun)
        if not _is_countable(noun) or not all(view.joined(j) for j in range(last + 1, head + 1)):
            continue
        between = view.tokens[last + 1:head]
        if not all(t.dep_ in MODIFIER_DEPS and t.pos_ != "NUM" and (t.dep_ != "punct" or _is_inner_hyphen(t))
                   and first <= view.at(t.head) <= head for t in between):
            continue
        hyphenated = bool(between) and _is_inner_hyphen(between[-1])  # "60-kilo", "eight-member"
        if noun.tag_ == "NN" and not hyphenated and noun.lower_ not in SAME_IN_PLURAL \
                and not _is_singular_count(view, first, last):
            plural = next((t for t in between if t.tag_ == "NNS" and _is_countable(t)), None)
            return plural  # "seven grain ships loading" -> ships; "10 times cash flow" -> none
        return noun
    if view.low(last + 1) == "of" and view.joined(last + 1) and view.joined(last + 2):
        of = view.tokens[last + 1]
        for child in of.children:
            k = view.at(child)
            if child.dep_ == "pobj" and _is_countable(child) and k <= last + 1 + MAX_NOUN_GAP \
                    and all(view.joined(j) for j in range(last + 1, k + 1)):
                return child
    return None


def _is_countable(token: Token) -> bool:
    """A noun a number can count: "troops", "bags", "Americans"; not a name ("Sept", "New York",
    "BOLIVIA") nor a broken word ("anti-")."""
    if not token.text[-1].isalpha():
        return False
    if token.pos_ == "NOUN":
        return token.text[0].islower() and not is_number_word(token.lower_)
    return token.pos_ == "PROPN" and (token.tag_ == "NNPS" or token.ent_type_ == "NORP")


def _is_inner_hyphen(token: Token) -> bool:
    """A hyphen inside a word ("60-kilo"), not a dash between words."""
    doc = token.doc
    return token.text == "-" and not token.whitespace_ and token.i > 0 and not doc[token.i - 1].whitespace_


def _is_singular_count(view: View, first: int, last: int) -> bool:
    """Whether the number takes a singular noun: "one", "a dozen", "1.5", "a million"."""
    value = parse_number(" ".join(t.text for t in view.tokens[first:last + 1]))
    return value is not None and (value <= 1 or value != int(value) or view.low(last) in SCALE_WORDS)


def next_is_time_unit(view: View, last: int) -> bool:
    """"three years", "two-day", "10 a.m.": a duration or a clock time."""
    k = last + 1
    if view.low(k) == "-" and view.joined(k):
        k += 1
    return view.joined(k) and view.low(k) in TIME_UNIT_WORDS


def attached_date(view: View, last: int) -> str | None:
    """The TIMEX value of a time expression right after the quantity ("... by early February")."""
    for k in range(last + 1, min(len(view), last + 2 + MAX_DATE_GAP)):
        if not view.joined(k):
            return None
        time = view.time_at.get(view.tokens[k].i)
        if time is not None:
            return time.value if time.type in ("DATE", "TIME") and time.value else None
        if view.low(k) not in DATE_LINK_WORDS:
            return None
    return None
