"""Lines and paragraphs of plain text: which line breaks only wrap a paragraph (no spaCy).

Wire copy and e-mailed text break their paragraphs into lines of 60-70 characters ("Japan is expected to cut
the base lending\\nrate for state ..."). Such a line break is no paragraph break: a quotation, a statement and
its cue run over it. A line break wraps when the line before it does not end a sentence (no final punctuation)
and either the next line goes on in lower case or the line before is long (``WRAPPED_LINE_CHARS``) but not
longer than wrapped lines are (``MAX_WRAPPED_LINE_CHARS``: a paragraph written as one line), or the next line
starts with a company suffix ("Medco Containment Services\nInc said"); a blank
line, an indented next line ("\\n    The company said") or a line ending in a full stop breaks the paragraph,
as does a short capitalised line (a headline) before a capitalised one.
"""

from __future__ import annotations

from collections.abc import Iterator

WRAPPED_LINE_CHARS = 50  # a line at least this long, with no final punctuation, goes on in the next line
MAX_WRAPPED_LINE_CHARS = 100  # a longer line is a paragraph of its own, never wrapped text
SENTENCE_FINAL = tuple(".?!:;…")
# A company's name goes on over a line break into its suffix: "Medco Containment Services\nInc said" (the
# entities stage adds the longer suffixes, "Corporation", for names).
COMPANY_SUFFIXES = frozenset({"inc", "corp", "co", "ltd", "llc", "plc", "ag", "nv", "sa", "gmbh"})
CLOSING = "\"”’')]»"  # marks a sentence may end with after its final punctuation


def ends_sentence(line: str) -> bool:
    """Whether a line ends a sentence: final punctuation, perhaps inside closing quotation marks or brackets
    ('he said.', '"... I finished it."'; not 'terrorism,”', which a cue may follow on the next line)."""
    return line.rstrip().rstrip(CLOSING).endswith(SENTENCE_FINAL)


def is_wrap(text: str, i: int) -> bool:
    """Whether the line break ``text[i]`` (a "\\n") only wraps a paragraph's text."""
    j = i + 1
    if j >= len(text) or text[j].isspace():  # a blank or indented next line opens a paragraph
        return False
    start = text.rfind("\n", 0, i) + 1
    line = text[start:i].rstrip()
    if not line.strip() or ends_sentence(line) or len(line) > MAX_WRAPPED_LINE_CHARS:
        return False
    if text[j].islower() or len(line) >= WRAPPED_LINE_CHARS:
        return True
    nxt = text[j:j + 8].split(maxsplit=1)
    return bool(nxt) and nxt[0].rstrip(".,").lower() in COMPANY_SUFFIXES  # "Medco Containment Services\nInc said"


def _line_breaks(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, bool]]:
    """Each line break of ``text[start:end]``: its offset, and whether it only wraps."""
    i = text.find("\n", start, len(text) if end is None else end)
    while i >= 0:
        yield i, is_wrap(text, i)
        i = text.find("\n", i + 1, len(text) if end is None else end)


def paragraph_starts(text: str) -> list[int]:
    """The offset where each paragraph starts (0 first): after every line break that does not wrap."""
    return [0, *(i + 1 for i, wraps in _line_breaks(text) if not wraps)]


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of each paragraph that holds more than white space, wrapped lines joined, edges trimmed
    of line breaks and spaces."""
    out = []
    starts = paragraph_starts(text)
    for k, start in enumerate(starts):
        end = starts[k + 1] - 1 if k + 1 < len(starts) else len(text)
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append((start, end))
    return out


def breaks_paragraph(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds a line break that is a paragraph break."""
    return any(not wraps for _, wraps in _line_breaks(text, start, end))


def unwrapped(text: str) -> str:
    """``text`` with each line break that only wraps a paragraph read as a space: the same length, so every
    offset holds, for patterns written with spaces ("Saturday\nnight", "Nov.\n20")."""
    chars = list(text)
    for i, wraps in _line_breaks(text):
        if wraps:
            chars[i] = " "
    return "".join(chars)
