"""Tests for stages.lines: which line breaks only wrap a paragraph, and the readers that use it."""

from __future__ import annotations

import pytest

from newsgraph.stages.lines import (
    breaks_paragraph,
    ends_sentence,
    is_wrap,
    paragraph_spans,
    paragraph_starts,
    unwrapped,
)
from newsgraph.stages.quotes.marks import find_quoted_passages
from newsgraph.stages.turns import find_turns

WIRE = ("Japan is expected to cut the base lending\n"
        "rate for state financial institutions to 5.5 pct from 6.2 as\n"
        "part of the recent pact, Finance Ministry sources said.\n"
        "    \"We're falling by our own hand,\" said one Republican political\n"
        "strategist. \"What can we say except 'we're sorry, we won't do it\n"
        "again'?\"\n")


def test_wire_copy_line_breaks_wrap_and_indented_lines_open_paragraphs() -> None:
    breaks = [i for i, ch in enumerate(WIRE) if ch == "\n"]
    assert [is_wrap(WIRE, i) for i in breaks] == [True, True, False, True, True, False]
    assert [WIRE[s:e].split()[0] for s, e in paragraph_spans(WIRE)] == ["Japan", '"We\'re']
    assert paragraph_starts(WIRE)[:2] == [0, WIRE.index("    \"We")]


@pytest.mark.parametrize(("text", "wraps"), [
    ("Intensifying crisis\nThe U.S. ambassador said", False),  # a short capitalised line: a headline
    ("The ambassador said on Monday that the council\nwould meet", True),  # goes on in lower case
    ("The ambassador said on Monday that the council.\nIt would", False),  # a sentence ends
    ("Paragraph one ends here\n\nParagraph two", False),  # a blank line
    ("x" * 120 + "\nNext paragraph", False),  # a paragraph written as one long line
    ("It was, he said, an act of terrorism and a crime,”\nsaid the governor", True),  # a comma inside the quote
    ("Medco Containment Services\nInc said its board declared", True),  # a company's suffix on the next line
])
def test_is_wrap(text: str, wraps: bool) -> None:
    assert is_wrap(text, text.index("\n")) is wraps


def test_ends_sentence_looks_inside_closing_marks() -> None:
    assert ends_sentence('... I finished it."') and ends_sentence("he said.")
    assert not ends_sentence("for acts of terrorism,”") and not ends_sentence("the base lending")


def test_breaks_paragraph_only_at_a_real_break() -> None:
    assert not breaks_paragraph(WIRE, 0, WIRE.index("part of"))
    assert breaks_paragraph(WIRE, 0, WIRE.index("We're"))


def test_a_quotation_runs_over_the_lines_of_wrapped_text() -> None:
    spans = [WIRE[p.start:p.end] for p in find_quoted_passages(WIRE) if p.closed]
    assert spans == ['"We\'re falling by our own hand,"',
                     "\"What can we say except 'we're sorry, we won't do it\nagain'?\""]


def test_a_transcript_turn_runs_to_the_end_of_its_wrapped_paragraph() -> None:
    text = ("WALLACE: Governor, I don't want to interrupt, but I want to try to\nget an answer.\n"
            "PENCE: And that's why Donald Trump is on his way to the White\nHouse.\n")
    turns = find_turns(text)
    assert [text[t.content[0]:t.content[1]] for t in turns] == [
        "Governor, I don't want to interrupt, but I want to try to\nget an answer.",
        "And that's why Donald Trump is on his way to the White\nHouse."]


@pytest.mark.slow
def test_a_wrapped_lead_sentence_keeps_its_content_and_cue(nlp) -> None:  # type: ignore[no-untyped-def]
    quotes = nlp(WIRE)._.ng_quotes
    lead = [q for q in quotes if q.source is not None and q.source.text_of(WIRE) == "Finance Ministry sources"]
    assert len(lead) == 1 and lead[0].content[0].text_of(WIRE).startswith("Japan is expected to cut")
    direct = [q for q in quotes if q.kind == "direct"]
    assert direct and direct[0].content[-1].text_of(WIRE).endswith("again'?\"")


def test_unwrapped_reads_wraps_as_spaces_and_keeps_offsets() -> None:
    text = "The strike began on Saturday\nnight, the union said.\n\nTalks resume Nov.\n20."
    flat = unwrapped(text)
    assert len(flat) == len(text) and "Saturday night" in flat
    assert "said.\n\nTalks" in flat  # a paragraph break stays


@pytest.mark.slow
def test_a_paragraph_opened_after_a_heading_keeps_its_first_word_in_its_sentence(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Emperor Norton\nJoshua Abraham Norton (c. 1818 – January 8, 1880), known as Emperor Norton, was a "
            "citizen of San Francisco.\n")
    doc = nlp(text)
    assert [len(s) for s in doc.sents if len([t for t in s if not t.is_space]) == 1] == []
    assert any(e.name == "Joshua Abraham Norton" for e in doc._.ng_entities)
