"""Stage ``newsgraph_quantities_v1``: reported numbers with value, approximation, unit, owner and date.

One left-to-right pass over the tokens finds number phrases ("100,000", "5.93 mln", "a dozen",
"tens of thousands"), drops those that are dates, times, ordinals, years or parts of names, and
reads around each: the approximation before it ("more than"), a currency sign before it or a unit
after it ("$", "%", "km"), else the counted noun the parse hangs it on ("troops"), whose that noun
is ("Russian troops", "Russia's troops", "troops Russia has amassed") and a time expression
attached right after it ("by early February"). Runs after entities and times and reads
``doc._.ng_entities`` / ``doc._.ng_times`` when they are there.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Token

from newsgraph.records import Entity, Quantity, TimeExpression
from newsgraph.stages.quantities.numbers import (
    GLUED_MONEY_SCALES,
    SCALE_WORDS,
    SMALL_NUMBERS,
    TIME_UNIT_WORDS,
    VAGUE_WORDS,
    approximation_before,
    currency_of,
    digit_value,
    glued_value,
    is_number_word,
    is_ordinal,
    is_year_like,
    parse_number,
    tidy_number,
    unit_of,
)
from newsgraph.stages.quantities.owners import country_of_demonym

NAME_LABELS = frozenset({
    "PERSON", "ORG", "GPE", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "NORP",
})
TIME_LABELS = frozenset({"DATE", "TIME"})
OWNER_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})
# Words before a number that make it a label, not an amount: "No. 10", "Article 5", "page 3".
LABEL_WORDS = frozenset({
    "no", "no.", "nos", "nos.", "number", "#", "page", "pages", "article", "chapter", "section", "item",
    "flight", "route", "room", "resolution", "paragraph", "clause", "version", "phase", "level", "stage",
    "category",
    "grade", "size", "rank", "seat", "gate", "platform", "channel", "highway", "interstate", "apartment",
    "suite", "building", "block", "unit", "act", "rule", "form", "schedule", "annex", "verse", "episode",
    "season", "volume", "vol", "vol.", "issue", "exhibit", "table", "figure", "fig.", "tel", "phone", "ext",
    "code", "model", "type", "class", "division", "district", "precinct", "ward", "lot", "box", "pier",
    "cabin", "bus", "train", "tier", "step", "day", "week", "year", "week-", "game", "round", "hole",
})
# Words allowed between a quantity and its attached date: "by", "as of", "at the end of".
# Not "from" or "since": "up 3.5% from 2019" compares with a date, it is not dated by it.
DATE_LINK_WORDS = frozenset({"by", "in", "as", "of", "at", "on", "until", "till", "through", "during", "the",
                             "end", "for", "last", "this", "within"})
RANGE_LINKS = frozenset({"to", "and", "-", "–"})
PHRASE_JOINERS = frozenset({"and", "-"})
MONEY_UNITS = frozenset({
    "$", "cents", "£", "€", "¥", "yuan", "marks", "francs", "rupees", "roubles", "pesos", "lire", "guilders",
    "riyals", "rand", "won", "crowns", "kroner", "kronor", "hryvnias",
})
# Nouns whose plural is the singular: "92 aircraft", "10 mln head".
SAME_IN_PLURAL = frozenset({"aircraft", "head", "sheep", "fish", "deer", "personnel", "staff", "craft",
                            "livestock", "cattle", "offspring", "series", "species", "swine", "spacecraft",
                            "hovercraft", "bison", "salmon", "trout", "counsel", "police"})
MAX_NOUN_GAP = 5  # tokens between a number and its counted noun ("5,000 heavily armed Russian troops")
MAX_DATE_GAP = 3


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


class _View:
    """The Doc's tokens without whitespace tokens (wire copy wraps "5.93\nmln"), with layout breaks
    (blank lines, column gaps, paragraph indents) remembered, and per-token entity and time lookups."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.tokens: list[Token] = []
        self.position: dict[int, int] = {}  # doc token index -> view index
        self.break_before: list[bool] = []
        self.sentence_start: list[int] = []
        self.sentence_end: list[int] = []
        pending_break = False
        for sentence in doc.sents:
            begin = len(self.tokens)
            for token in sentence:
                if token.is_space:
                    pending_break = pending_break or _is_layout_break(token.text)
                    continue
                self.position[token.i] = len(self.tokens)
                self.tokens.append(token)
                self.break_before.append(pending_break)
                pending_break = False
            end = len(self.tokens)
            self.sentence_start.extend([begin] * (end - begin))
            self.sentence_end.extend([end] * (end - begin))
        has = Doc.has_extension
        self.entities: list[Entity] = list(doc._.ng_entities or []) if has("ng_entities") else []
        self.times: list[TimeExpression] = list(doc._.ng_times or []) if has("ng_times") else []
        token_starts = [token.idx for token in doc]
        self.entity_at: dict[int, Entity] = {}  # doc token index -> entity
        for entity in self.entities:
            for mention in entity.mentions:
                for i in _token_range(token_starts, mention.start, mention.end):
                    self.entity_at.setdefault(i, entity)
        self.time_at: dict[int, TimeExpression] = {}  # doc token index -> time expression
        for time in self.times:
            for i in _token_range(token_starts, time.start, time.end):
                self.time_at.setdefault(i, time)
        self.entity_named: dict[str, Entity] = {}
        text = doc.text  # built once: Doc.text joins every token each time it is read
        for entity in self.entities:
            for name in [entity.name, *(text[m.start:m.end] for m in entity.mentions)]:
                key = _name_key(name)
                if key:
                    self.entity_named.setdefault(key, entity)

    def __len__(self) -> int:
        return len(self.tokens)

    def low(self, k: int) -> str:
        return self.tokens[k].lower_ if 0 <= k < len(self.tokens) else ""

    def joined(self, k: int) -> bool:
        """Whether token ``k`` follows token ``k - 1`` in the same sentence with no layout break."""
        return 0 < k < len(self.tokens) and not self.break_before[k] and self.sentence_start[k] < k + 1 \
            and self.sentence_start[k] == self.sentence_start[k - 1]

    def at(self, token: Token) -> int:
        return self.position.get(token.i, -1)


def _is_layout_break(space: str) -> bool:
    """A blank line, a paragraph indent or a column gap; a single wrapped line ("5.93\nmln") is not one."""
    return len(space) >= 2


def _name_key(name: str) -> str:
    low = name.strip().lower()
    return low[4:] if low.startswith("the ") else low


def _token_range(token_starts: list[int], start: int, end: int) -> range:
    """The tokens overlapping characters ``[start, end)`` (a bisection: ``Doc.char_span`` scans the Doc)."""
    if end <= start:
        return range(0)
    return range(max(0, bisect_right(token_starts, start) - 1), bisect_left(token_starts, end))


def _money_sign_before(view: _View, k: int) -> str | None:
    return currency_of(view.tokens[k - 1].text) if view.joined(k) else None


_STARTER_WORDS = frozenset({"a", "an", "half", "nil", "dozen", "hundred", *SMALL_NUMBERS, *VAGUE_WORDS})


def _starts_number(view: _View, k: int) -> bool:
    low = view.low(k)
    if not (low[:1].isdigit() or low[:1] == "." or low in _STARTER_WORDS):
        return False  # the fast path: most tokens
    if is_ordinal(low):
        return False
    following = view.low(k + 1) if view.joined(k + 1) else ""
    if low == "nil" or _is_ratio_or_score(view, k):
        return False  # table "nil"s; "two-for-one", "3-for-2" and "voted 4-1" are ratios and scores
    if low in ("a", "an", "half"):
        return following in SCALE_WORDS or following in ("dozen", "hundred") \
            or (low == "half" and following in ("a", "an"))
    if low in SCALE_WORDS or low == "hundred":
        return False  # a bare "million" ("a million" starts at "a")
    return is_number_word(low, _money_sign_before(view, k) is not None) or low in VAGUE_WORDS


def _is_ratio_or_score(view: _View, k: int) -> bool:
    """"two-for-one", "3-for-2" (stock splits), "voted 4-1" (a score): numbers that count nothing."""
    after, before = view.low(k + 1) if view.joined(k + 1) else "", view.low(k - 1) if view.joined(k) else ""
    if after == "-" and view.low(k + 2).startswith("for"):
        return True
    if before == "-" and view.low(k - 2) == "for":
        return True
    if after == "-" and view.low(k + 2).isdigit() and view.low(k).isdigit():
        return not _counts_something(view, k + 3)
    if before == "-" and view.low(k - 2).isdigit() and view.low(k).isdigit():
        return not _counts_something(view, k + 1)
    return False


def _counts_something(view: _View, k: int) -> bool:
    """Whether token ``k`` goes on a range ("10-20 pct", "15-20 mln", "10-15 troops")."""
    if not view.joined(k):
        return False
    token = view.tokens[k]
    return token.lower_ in SCALE_WORDS or unit_of([token.text]) is not None or token.pos_ == "NOUN"


def _is_digits(text: str, money: bool) -> bool:
    return digit_value(text) is not None or glued_value(text, money) is not None


def _number_phrase(view: _View, k: int) -> int:
    """The last token of the number phrase starting at ``k``."""
    money = _money_sign_before(view, k) is not None
    last = k
    vague = view.low(k) in VAGUE_WORDS
    while view.joined(last + 1):
        nxt = view.low(last + 1)
        after = view.low(last + 2) if view.joined(last + 2) else ""
        if vague:
            if nxt == "of" and after in VAGUE_WORDS - {"tens", "dozens"}:
                last += 2
                continue
            break
        current = view.low(last)
        current_is_digits = _is_digits(current, money)
        if nxt in SCALE_WORDS or nxt in ("hundred", "dozen") or (nxt in ("a", "an") and current == "half"):
            last += 1
        elif money and nxt in GLUED_MONEY_SCALES and not view.tokens[last].whitespace_:
            last += 1  # "£3.5m" split as "£", "3.5", "m"
        elif digit_value(nxt) is not None:
            if not (current_is_digits and "/" in nxt):  # "1 1/2"; "5 6" are two numbers
                break
            last += 1
        elif nxt == "-" and current_is_digits and "/" in after:
            last += 2  # "11-1/2"
        elif nxt == "-" and (after in SCALE_WORDS or after == "hundred"):
            last += 2  # "one-billion"
        elif nxt in PHRASE_JOINERS and after:
            if nxt == "and" and after in ("a", "one") and view.low(last + 3) == "half" \
                    and view.joined(last + 3):
                last += 3
            elif not current_is_digits and is_number_word(after) and digit_value(after) is None \
                    and (nxt == "-" or current in SCALE_WORDS or current == "hundred"):
                last += 2  # "twenty - five", "one hundred and fifty"
            else:
                break
        elif is_number_word(nxt) and digit_value(nxt) is None and not current_is_digits \
                and nxt not in SCALE_WORDS:
            last += 1  # "twenty five"
        else:
            break
    return last


def _looks_like_label(view: _View, first: int, last: int) -> bool:
    """A number that names or labels something: "No. 10", "Article 5", "Boeing 747", "Flight 370"."""
    token = view.tokens[first]
    if first != last or not token.text.isdigit():
        return False
    if token.ent_type_ in NAME_LABELS or token.i in view.entity_at:
        return True
    if not view.joined(first):
        return False
    before = view.tokens[first - 1]
    if before.lower_ in LABEL_WORDS or (before.text == "." and view.low(first - 2) in ("no", "nos")):
        return True
    if before.ent_type_ in ("ORG", "PRODUCT", "FAC"):
        return True  # "Boeing 737 jets"
    if before.tag_ == "NNP" and view.sentence_start[first] != first - 1:
        if not before.ent_type_:
            return True  # "Flight 370"
        after = view.tokens[last + 1] if view.joined(last + 1) else None
        counted = after is not None and after.pos_ == "NOUN"
        return before.ent_type_ not in ("NORP", "GPE", "DATE", "TIME") and not counted
    return False


def _approximation(view: _View, first: int) -> tuple[str, int] | None:
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


def _unit_after(view: _View, last: int) -> tuple[str, int] | None:
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


def _counted_noun(view: _View, first: int, last: int) -> Token | None:
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


def _is_singular_count(view: _View, first: int, last: int) -> bool:
    """Whether the number takes a singular noun: "one", "a dozen", "1.5", "a million"."""
    value = parse_number(" ".join(t.text for t in view.tokens[first:last + 1]))
    return value is not None and (value <= 1 or value != int(value) or view.low(last) in SCALE_WORDS)


def _owner_token(noun: Token) -> Token | None:
    """The token saying whose the counted things are: "Russian troops", "Russia's troops",
    "troops Russia has amassed", "troops from Russia"."""
    by_kind: dict[str, Token] = {}
    for child in noun.children:
        if child.dep_ == "poss" and child.pos_ == "PROPN":
            by_kind.setdefault("poss", child)
        elif child.dep_ in ("amod", "compound", "nmod") and child.i < noun.i \
                and child.ent_type_ in OWNER_LABELS:
            by_kind.setdefault("modifier", child)
        elif child.dep_ in ("relcl", "acl"):
            for grandchild in child.children:
                if grandchild.dep_ == "nsubj" and grandchild.pos_ == "PROPN":
                    by_kind.setdefault("clause", grandchild)
                elif grandchild.dep_ == "agent":
                    for agent in grandchild.children:
                        if agent.dep_ == "pobj" and agent.pos_ == "PROPN":
                            by_kind.setdefault("clause", agent)
        elif child.dep_ == "prep" and child.lower_ in ("from", "of"):
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.ent_type_ in OWNER_LABELS:
                    by_kind.setdefault("prep", obj)
    for kind in ("poss", "modifier", "clause", "prep"):
        if kind in by_kind:
            return by_kind[kind]
    return None


def _entity_name(token: Token) -> str:
    """The name a token is part of, as written ("Russia" of "Russia's")."""
    doc = token.doc
    if not token.ent_type_:
        return token.text
    start, end = token.i, token.i + 1
    while start > 0 and token.ent_iob_ != "B" and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    if end - start > 1 and doc[end - 1].tag_ == "POS":
        end -= 1
    return doc[start:end].text


def _resolve_owner(token: Token, view: _View) -> str:
    """An Entity.id when an entity mention covers the owner (a nationality resolved to its country's
    entity where there is one), else the name as written (a country's for a nationality)."""
    entity = view.entity_at.get(token.i)
    if entity is not None:
        if entity.type == "NORP":
            country = country_of_demonym(entity.name) or country_of_demonym(token.text)
            if country and _name_key(country) in view.entity_named:
                return view.entity_named[_name_key(country)].id
        return entity.id
    name = _entity_name(token)
    country = country_of_demonym(name)
    if country:
        name = country
    named = view.entity_named.get(_name_key(name))
    return named.id if named is not None else name


def _attached_date(view: _View, last: int) -> str | None:
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


def _next_is_time_unit(view: _View, last: int) -> bool:
    """"three years", "two-day", "10 a.m.": a duration or a clock time."""
    k = last + 1
    if view.low(k) == "-" and view.joined(k):
        k += 1
    return view.joined(k) and view.low(k) in TIME_UNIT_WORDS


def _read_quantity(view: _View, first: int, last: int) -> _Found | None:
    """Everything around one number phrase, or None when it is not a reported amount."""
    tokens = view.tokens[first:last + 1]
    words = [t.text for t in tokens]
    low = " ".join(words).lower()
    sign = _money_sign_before(view, first)
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
    found_unit = _unit_after(view, last)
    if sign is None and found_unit is None and _looks_like_label(view, first, last):
        return None
    if _next_is_time_unit(view, last):
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
        noun = _counted_noun(view, first, last)
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
    approximation = _approximation(view, number_first)
    approx = approximation[0] if approximation else None
    if vague:
        approx = low
    span_first = approximation[1] if approximation else number_first
    spelled = not vague and not any(c.isdigit() for c in low) \
        and not any(w in SCALE_WORDS for w in low.split())
    return _Found(span_first, span_last, number_first, last, value, unit, approx, noun, spelled)


def _share_range_units(found: Sequence[_Found], view: _View) -> None:
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
    view = _View(doc)
    found: list[_Found] = []
    k = 0
    while k < len(view):
        if not _starts_number(view, k):
            k += 1
            continue
        last = _number_phrase(view, k)
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


def _to_record(view: _View, found: _Found) -> Quantity:
    owner = None
    if found.noun is not None:
        owner_token = _owner_token(found.noun)
        if owner_token is not None:
            owner = _resolve_owner(owner_token, view)
    first, last = view.tokens[found.first], view.tokens[found.last]
    return Quantity(
        start=first.idx,
        end=last.idx + len(last.text),
        value=found.value,
        unit=found.unit,
        approx=found.approx,
        of=owner,
        date=_attached_date(view, found.last),
    )


@Language.component("newsgraph_quantities_v1")
def quantities_component(doc: Doc) -> Doc:
    doc._.ng_quantities = find_quantities(doc)
    return doc
