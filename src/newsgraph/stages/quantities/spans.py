"""Finding number phrases: where one starts ("100,000", "5.93", "a dozen", "two", "thousands"; not an
ordinal, a ratio or a score), where it ends ("5.93 mln", "tens of thousands", "one hundred and fifty",
"11-1/2"), and whether it is a label rather than an amount ("No. 10", "Article 5", "Boeing 747").
"""

from __future__ import annotations

from newsgraph.stages.quantities.numbers import (
    GLUED_MONEY_SCALES,
    SCALE_WORDS,
    SMALL_NUMBERS,
    VAGUE_WORDS,
    currency_of,
    digit_value,
    glued_value,
    is_number_word,
    is_ordinal,
    lexicon_file,
    unit_of,
)
from newsgraph.stages.quantities.view import View

NAME_LABELS = frozenset({
    "PERSON", "ORG", "GPE", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "NORP",
})
# Words before a number that make it a label, not an amount: "No. 10", "Article 5", "page 3".
LABEL_WORDS: frozenset[str] = frozenset(lexicon_file("quantity_label_words.json")["label_words"])
PHRASE_JOINERS = frozenset({"and", "-"})


def money_sign_before(view: View, k: int) -> str | None:
    return currency_of(view.tokens[k - 1].text) if view.joined(k) else None


_STARTER_WORDS = frozenset({"a", "an", "half", "nil", "dozen", "hundred", *SMALL_NUMBERS, *VAGUE_WORDS})


def starts_number(view: View, k: int) -> bool:
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
    return is_number_word(low, money_sign_before(view, k) is not None) or low in VAGUE_WORDS


def _is_ratio_or_score(view: View, k: int) -> bool:
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


def _counts_something(view: View, k: int) -> bool:
    """Whether token ``k`` goes on a range ("10-20 pct", "15-20 mln", "10-15 troops")."""
    if not view.joined(k):
        return False
    token = view.tokens[k]
    return token.lower_ in SCALE_WORDS or unit_of([token.text]) is not None or token.pos_ == "NOUN"


def _is_digits(text: str, money: bool) -> bool:
    return digit_value(text) is not None or glued_value(text, money) is not None


def number_phrase(view: View, k: int) -> int:
    """The last token of the number phrase starting at ``k``."""
    money = money_sign_before(view, k) is not None
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


def looks_like_label(view: View, first: int, last: int) -> bool:
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
