"""Numbers in time expressions: number words and ordinals, ``parse_number`` ('twenty-four' -> 24,
'2 1/2' -> 2.5), their patterns, and spelled years ('nineteen ninety-four' -> 1994).

The number words and ordinals are data (``time_numbers.json``), read once at import.
"""

from __future__ import annotations

import re

from newsgraph.stages.times.lexicon import read_json

_NUMBERS = read_json("time_numbers.json")
NUMBER_WORDS: dict[str, float] = _NUMBERS["number_words"]  # "twenty" -> 20, "dozen" -> 12, "half" -> 0.5
ORDINALS: dict[str, int] = _NUMBERS["ordinals"]  # "third", "3rd" -> 3; "last", "final" -> -1

NUM_RE = (
    r"((?:\d[\d,.]*(?:\s+\d/\d)?|\d/\d|(?:(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven"
    r"|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty"
    r"|seventy|eighty|ninety|hundred|a|an|another|half|and)[\s-]*)+))"
)
ORDINAL_RE = r"(first|second|third|fourth|1st|2nd|3rd|4th|last|final)"


def parse_number(text: str) -> float | None:
    """'three' -> 3, '2 1/2' -> 2.5, 'twenty-four' -> 24, '1,000' -> 1000; None if not a number."""
    text = text.strip().replace(",", "")
    if not text:
        return None
    if text in ("a half", "half a", "half an", "one half", "half"):
        return 0.5
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(?:\s*(?:-|\s)\s*(\d)/(\d))?", text)
    if m:
        value = float(m.group(1))
        if m.group(2):
            value += int(m.group(2)) / int(m.group(3))
        return value
    m = re.fullmatch(r"(\d)/(\d)", text)
    if m:
        return int(m.group(1)) / int(m.group(2))
    total = 0.0
    current = 0.0
    words = re.split(r"[\s-]+", text)
    words = [w for w in words if w not in ("and",)]
    if not words:
        return None
    for word in words:
        if word not in NUMBER_WORDS:
            return None
        n = NUMBER_WORDS[word]
        if word == "hundred":
            current = max(current, 1) * 100
        elif word == "half":
            current = current + 0.5 if current else 0.5
        else:
            current += n
    total += current
    return total


def fmt_number(n: float) -> str:
    return str(int(n)) if n == int(n) else str(n)


SPELLED_YEAR_RE = re.compile(
    r"\b(?:(nineteen|eighteen|twenty) (\w+(?:[- ]\w+)?)|(two thousand(?: and \w+)?))\b"
)


def spelled_year(m: re.Match[str]) -> str:
    """'nineteen ninety-four' -> '1994', 'two thousand' -> '2000'; other text unchanged."""
    if m.group(3):
        tail = m.group(3)[len("two thousand") :].replace(" and ", "").strip()
        n = parse_number(tail) if tail else 0
        return str(2000 + int(n)) if n is not None and n < 100 else m.group(0)
    head = {"eighteen": 18, "nineteen": 19, "twenty": 20}[m.group(1)]
    n = parse_number(m.group(2))
    if n is None or not 10 <= n < 100 or n != int(n):
        return m.group(0)
    return f"{head}{int(n):02d}"
