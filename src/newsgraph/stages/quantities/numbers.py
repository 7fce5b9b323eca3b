"""Pure parsing of reported numbers, units and approximations; no spaCy.

``parse_number("5.93 mln")`` -> 5930000, ``parse_number("a dozen")`` -> 12,
``parse_quantity_text("more than $3bn")`` -> value 3e9, unit "$", approx "more than".
The spaCy stage (``quantities.py``) finds the phrases; this module says what they mean. The long word
lists and tables (units, approximations, time units) are data, ``data/lexicons/quantity_*.json``, read by
``lexicon_file``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any


def lexicon_file(name: str) -> Any:
    """A JSON word list or table of the quantities layer, ``newsgraph/data/lexicons/NAME`` (read once, at import)."""
    return json.loads(resources.files("newsgraph").joinpath(f"data/lexicons/{name}").read_text(encoding="utf-8"))


SMALL_NUMBERS: dict[str, int] = {
    "zero": 0, "nil": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALE_WORDS: dict[str, float] = {
    "thousand": 1e3, "million": 1e6, "mln": 1e6, "mn": 1e6, "mill": 1e6, "billion": 1e9, "bln": 1e9,
    "bn": 1e9, "trillion": 1e12, "trln": 1e12, "tn": 1e12, "trn": 1e12,
}
# Suffixes glued to digits: "3bn", "10k"; "m" only after a currency sign ("$3m": "3m" alone may be metres).
GLUED_SCALES: dict[str, float] = {
    "k": 1e3, "mln": 1e6, "mn": 1e6, "bn": 1e9, "bln": 1e9, "tn": 1e12, "trn": 1e12,
}
GLUED_MONEY_SCALES: dict[str, float] = {**GLUED_SCALES, "m": 1e6, "b": 1e9}
# Vague magnitudes: "thousands of troops", "tens of thousands", "dozens".
VAGUE_WORDS: frozenset[str] = frozenset({
    "dozens", "scores", "hundreds", "thousands", "millions", "billions", "trillions", "tens",
})
ORDINAL_WORDS: frozenset[str] = frozenset({
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
    "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
    "eighteenth", "nineteenth", "twentieth", "thirtieth", "fortieth", "fiftieth", "hundredth",
    "thousandth", "millionth", "billionth",
})

# Approximations, lower-cased, longest first when matched.
APPROXIMATIONS: tuple[str, ...] = tuple(lexicon_file("quantity_approximations.json")["approximations"])
# "a total of" and "between" are kept as markers: the number is stated, but bounded or summed.

CURRENCY_SIGNS: dict[str, str] = {
    "$": "$", "us$": "$", "usd": "$", "c$": "C$", "a$": "A$", "nz$": "NZ$", "hk$": "HK$", "s$": "S$",
    "£": "£", "€": "€", "¥": "¥", "₹": "₹", "₽": "₽", "eur": "€", "gbp": "£", "jpy": "¥", "rs": "₹",
    "rs.": "₹",
}
_UNITS = lexicon_file("quantity_units.json")
UNIT_WORDS: dict[str, str] = {word: unit for kind in _UNITS["words"].values() for word, unit in kind.items()}
# Two-word units read before single words: "per cent", "percentage points", "square km".
UNIT_PHRASES: dict[tuple[str, str], str] = {(first, second): unit for first, second, unit in _UNITS["phrases"]}
TIME_UNIT_WORDS: frozenset[str] = frozenset(lexicon_file("quantity_time_units.json")["time_units"])

_DIGITS = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^[+-]?\.\d+$")
_FRACTION = re.compile(r"^(\d+)/(\d+)$")
_MIXED_FRACTION = re.compile(r"^(\d+)-(\d+/\d+)$")  # "11-1/2" as wire copy writes prices
_GLUED = re.compile(r"^(\d+(?:[.,]\d+)*)([a-z]+)$")
_YEAR = re.compile(r"^(1[5-9]\d\d|20\d\d)(?:s|'s)?$")
_YEAR_RANGE = re.compile(r"^\d{4}[/-]\d{2,4}$")
_ORDINAL_DIGITS = re.compile(r"^\d+(?:st|nd|rd|th)$")
_WORD_SPLIT = re.compile(r"[\s\u00a0]+|(?<=[a-z])-(?=[a-z])")


def tidy_number(value: float) -> float:
    """An int where the float is one ("5.93 mln" -> 5930000, not 5930000.000000001)."""
    rounded = round(value)
    if abs(value - rounded) <= 1e-9 * max(1.0, abs(value)):
        return int(rounded)
    return round(value, 10)


def digit_value(text: str) -> float | None:
    """"100,000" -> 100000, "5.93" -> 5.93, "3/4" -> 0.75; None for anything else."""
    if _DIGITS.match(text):
        return float(text.replace(",", ""))
    mixed = _MIXED_FRACTION.match(text)
    if mixed:
        whole, part = digit_value(mixed.group(1)), digit_value(mixed.group(2))
        return whole + part if whole is not None and part is not None and part < 1 else None
    fraction = _FRACTION.match(text)
    if fraction:
        top, bottom = int(fraction.group(1)), int(fraction.group(2))
        if 0 < top < bottom <= 100:  # "1/2", "3/4"; "1986/87" is a season, "24/7" a phrase
            return top / bottom
    return None


def glued_value(text: str, money: bool = False) -> float | None:
    """"3bn" -> 3e9, "10k" -> 1e4, "1.5m" -> 1.5e6 (only when ``money``)."""
    match = _GLUED.match(text.lower())
    if not match:
        return None
    scales = GLUED_MONEY_SCALES if money else GLUED_SCALES
    scale = scales.get(match.group(2))
    base = digit_value(match.group(1))
    if scale is None or base is None:
        return None
    return base * scale


def is_ordinal(text: str) -> bool:
    low = text.lower()
    return low in ORDINAL_WORDS or bool(_ORDINAL_DIGITS.match(low))


def is_year_like(text: str) -> bool:
    """"1987", "1990s", "1986/87": numbers that are dates, not amounts."""
    return bool(_YEAR.match(text) or _YEAR_RANGE.match(text))


def is_number_word(text: str, money: bool = False) -> bool:
    """Whether one token can be part of a number phrase on its own."""
    low = text.lower()
    return (low in SMALL_NUMBERS or low in SCALE_WORDS or low in ("hundred", "dozen")
            or digit_value(low) is not None or glued_value(low, money) is not None)


def _normalise_words(text: str) -> list[str]:
    """Lower-cased words with "and a half" -> "+half", "a"/"an" before a multiplier -> "1"."""
    words = [w for w in _WORD_SPLIT.split(text.strip().lower()) if w]
    out: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        if word == "and" and words[index + 1:index + 3] in (["a", "half"], ["one", "half"]):
            out.append("+half")
            index += 3
            continue
        multiplier_next = index + 1 < len(words) and words[index + 1] in (*SCALE_WORDS, "hundred", "dozen")
        if word in ("a", "an") and multiplier_next:
            out.append("1")
        elif word in ("a", "an") and words[index - 1:index] == ["half"]:
            pass  # "half a million"
        else:
            out.append(word)
        index += 1
    return out


def _fills_places(current: float, value: float) -> bool:
    """Whether ``value`` fills the zero places of ``current``: 20 + 5, 100 + 50, not 5 + 6."""
    places = 1
    while current >= places * 10 and current % (places * 10) == 0:
        places *= 10
    return places > 1 and value < places


def parse_number(text: str, money: bool = False) -> float | None:
    """The value of a number phrase: "100,000", "5.93 mln", "two", "a dozen", "twenty-five",
    "one and a half million", "half a million", "1 1/2", "3bn". None when the phrase is not one
    number (vague ones too: "thousands", "tens of thousands")."""
    words = _normalise_words(text)
    total = 0.0
    current: float | None = None
    factor = 1.0  # "half a million"
    for index, word in enumerate(words):
        if word == "and":
            if current is None or index + 1 == len(words):
                return None
            continue
        if word == "half" and index == 0:
            factor = 0.5
            continue
        if word == "+half":
            if current is None:
                return None
            current += 0.5
            continue
        small = SMALL_NUMBERS.get(word)
        value = float(small) if small is not None else digit_value(word)
        if value is not None:
            if current is not None and not (value < 1 <= current) \
                    and not (small is not None and _fills_places(current, value)):
                return None  # "5 6" is two numbers; "twenty five", "hundred and fifty", "1 1/2" are one
            current = (current or 0) + value
            continue
        glued = glued_value(word, money)
        if glued is not None:
            if current is not None:
                return None
            total += glued
            continue
        if word in ("hundred", "dozen"):
            current = (current if current is not None else 1) * (100 if word == "hundred" else 12)
            continue
        scale = SCALE_WORDS.get(word) or (GLUED_MONEY_SCALES.get(word) if money else None)
        if scale is None:
            return None
        total += (current if current is not None else 1) * scale
        current = None
    if not words or (current is None and total == 0 and "0" not in words and "zero" not in words):
        return None
    return tidy_number((total + (current or 0)) * factor)


def is_vague_number(text: str) -> bool:
    """"thousands", "tens of thousands", "hundreds of thousands", "dozens"."""
    words = [w for w in text.lower().split() if w != "of"]
    return bool(words) and all(w in VAGUE_WORDS for w in words)


def unit_of(words: list[str]) -> tuple[str, int] | None:
    """The normalised unit the words start with and how many words it takes: ["pct"] -> ("%", 1)."""
    if not words:
        return None
    lows = [w.lower() for w in words[:2]]
    if len(lows) == 2 and (lows[0], lows[1]) in UNIT_PHRASES:
        return UNIT_PHRASES[(lows[0], lows[1])], 2
    unit = UNIT_WORDS.get(lows[0])
    return (unit, 1) if unit is not None else None


def currency_of(word: str) -> str | None:
    """"$" -> "$", "US$" -> "$", "£" -> "£"."""
    return CURRENCY_SIGNS.get(word.lower())


def approximation_before(words: list[str]) -> tuple[str, int] | None:
    """The approximation the words end with and how many words it takes:
    [..., "more", "than"] -> ("more than", 2)."""
    lows = [w.lower() for w in words[-3:]]
    best: tuple[str, int] | None = None
    for phrase in APPROXIMATIONS:
        parts = phrase.split()
        if len(parts) <= len(lows) and lows[len(lows) - len(parts):] == parts \
                and (best is None or len(parts) > best[1]):
            best = (phrase, len(parts))
    return best


@dataclass(frozen=True, slots=True)
class ParsedQuantity:
    """What a quantity's words say: "more than $3bn" -> 3e9, "$", "more than"."""

    value: float | None
    unit: str | None = None
    approx: str | None = None


_TOKEN = re.compile(r"US\$|C\$|A\$|NZ\$|HK\$|S\$|[$£€¥₹₽%]|[^\s$£€¥₹₽%]+")


def parse_quantity_text(text: str) -> ParsedQuantity | None:
    """Parse a whole quantity phrase without a parser: "$3bn", "40%", "30 km", "1.5 billion dollars",
    "more than 100,000 troops" (the last word is taken as the counted noun). None when no number."""
    tokens = _TOKEN.findall(text.strip())
    approx: str | None = None
    for size in (3, 2, 1):
        found = approximation_before(tokens[:size]) if len(tokens) > size else None
        if found and found[1] == size:
            approx = found[0]
            tokens = tokens[size:]
            break
    unit: str | None = None
    if tokens and currency_of(tokens[0]):
        unit = currency_of(tokens[0])
        tokens = tokens[1:]
    money = unit is not None
    end = 0
    def continues(k: int) -> bool:
        return tokens[k].lower() in ("a", "an", "and", "half") and k + 1 < len(tokens) \
            and is_number_word(tokens[k + 1], money)

    while end < len(tokens) and (is_number_word(tokens[end], money) or continues(end)):
        end += 1
    if end == 0:
        return None
    value = parse_number(" ".join(tokens[:end]), money)
    rest = tokens[end:]
    if unit is None and rest:
        found_unit = unit_of(rest)
        if found_unit:
            unit = found_unit[0]
        elif rest[-1].isalpha():
            unit = rest[-1].lower()
    return ParsedQuantity(value, unit, approx)
