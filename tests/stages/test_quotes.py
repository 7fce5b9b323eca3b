"""Tests for the quotes stage (and the paragraph-break sentence stage it relies on)."""

from __future__ import annotations

import pytest

from newsgraph.records import Quote
from newsgraph.stages.quotes.lexicon import CUE_PRECISION, TABLE_FILE, format_table, parse_table
from newsgraph.stages.quotes.marks import find_quoted_passages

LATER_STAGES = ["newsgraph_speakers_v1", "newsgraph_times_v1", "newsgraph_quantities_v1", "newsgraph_events_v1",
                "newsgraph_claims_v1"]


def quotes_of(nlp, text: str) -> list[Quote]:  # type: ignore[no-untyped-def]
    with nlp.select_pipes(disable=LATER_STAGES):
        return list(nlp(text)._.ng_quotes)


def span_text(text: str, span) -> str | None:  # type: ignore[no-untyped-def]
    return None if span is None else text[span.start : span.end]


def find_quote(text: str, quotes: list[Quote], needle: str) -> Quote:
    """The quote whose content holds ``needle``."""
    for q in quotes:
        if any(needle in text[c.start : c.end] for c in q.content):
            return q
    raise AssertionError(f"no quote holds {needle!r}: {[[text[c.start:c.end] for c in q.content] for q in quotes]}")


def test_cue_table_file_round_trips_byte_for_byte() -> None:
    """The training script's writer reproduces the shipped table file from the loaded table."""
    from importlib import resources

    shipped = resources.files("newsgraph").joinpath(TABLE_FILE).read_bytes()
    assert format_table(CUE_PRECISION).encode("utf-8") == shipped
    assert parse_table(shipped.decode("utf-8")) == CUE_PRECISION
    assert CUE_PRECISION["say|ccomp"] > 0.5 and all(type(v) is float for v in CUE_PRECISION.values())
    with pytest.raises(ValueError):
        format_table({"bad\tkey|ccomp": 0.5})


def test_passages_pair_marks_and_run_over_paragraphs() -> None:
    text = "He said \u201cone\u201d and \"two\".\n\n\u201cA long quote\n\n\u201cgoes on here.\u201d"
    passages = find_quoted_passages(text)
    assert [text[p.start : p.end] for p in passages] == [
        "\u201cone\u201d", '"two"', "\u201cA long quote", "\u201cgoes on here.\u201d"]
    assert passages[3].continues == 2 and not passages[2].closed


def test_a_closing_mark_typed_where_a_quote_opens() -> None:
    text = ("\u201dFear. I am afraid he will win.\u201d \u2015 Edwin Monroy\n"
            "He said \u201dno\u201d twice. The word \u201d stands alone.")
    passages = find_quoted_passages(text)
    assert [text[p.start : p.end] for p in passages] == [
        "\u201dFear. I am afraid he will win.\u201d", "\u201dno\u201d"]


@pytest.mark.slow
def test_direct_quote_with_cue_after(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "\u201cWe will never give up our land,\u201d Prime Minister Anna Weber said on Tuesday."
    [q] = quotes_of(nlp, text)
    assert q.kind == "direct"
    assert span_text(text, q.content[0]) == "\u201cWe will never give up our land,\u201d"
    assert span_text(text, q.cue) == "said"
    assert span_text(text, q.source) == "Prime Minister Anna Weber"


@pytest.mark.slow
def test_split_quote_is_one_quote_with_two_fragments(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("The minister spoke after the vote.\n\n"
            "\u201cThe budget is balanced,\u201d he said, translating for reporters. "
            "\u201cSo we have to work very hard to keep it that way.\u201d\n")
    q = find_quote(text, quotes_of(nlp, text), "budget is balanced")
    assert [span_text(text, c) for c in q.content] == [
        "\u201cThe budget is balanced,\u201d", "\u201cSo we have to work very hard to keep it that way.\u201d"]
    assert span_text(text, q.cue) == "said" and span_text(text, q.source) == "he"


@pytest.mark.parametrize(("text", "first", "second"), [
    ("Graham spoke.\n\n\u201cDoes anybody know what the platform of the party is?\u201d Graham asked. "
     "\u201cNeither do I.\u201d\n", "Does anybody know", "\u201cNeither do I.\u201d"),
    ('He spoke.\n\n"My science adviser will issue some chart," he said, "and they\'re terrifying."\n',
     "My science adviser", '"and they\'re terrifying."'),
])
def test_a_short_passage_after_the_cue_goes_on_with_the_quote(nlp, text, first, second) -> None:  # type: ignore[no-untyped-def]
    q = find_quote(text, quotes_of(nlp, text), first)
    assert span_text(text, q.content[-1]) == second  # too short to stand alone, but the same speaker's words


def test_a_scare_quote_after_a_longer_clause_is_no_continuation(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ('Officials spoke.\n\n"We do not see a link to terrorism," the mayor said, adding that it would take '
            '"more hours" before details emerge.\n')
    q = find_quote(text, quotes_of(nlp, text), "We do not see")
    assert [span_text(text, c) for c in q.content] == ['"We do not see a link to terrorism,"']


@pytest.mark.slow
def test_subject_inside_the_quote_does_not_hide_the_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("\u201cImminent, the first meaning, published in Moscow: approaching, hanging over and only then "
            "unavoidable,\u201d he said, translating for reporters.")
    [q] = quotes_of(nlp, text)
    assert span_text(text, q.source) == "he" and span_text(text, q.cue) == "said"


@pytest.mark.slow
def test_quote_running_over_paragraphs_is_one_quote(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Mayor Ruth Cole spoke at the rally.\n\n"
            "\u201cThis city has waited long enough for a new bridge,\u201d Cole said. "
            "\u201cWe have the money and we have the plans.\n\n"
            "\u201cNow we need the will to build it.\u201d\n\nThe council meets on Monday.")
    quotes = quotes_of(nlp, text)
    q = find_quote(text, quotes, "waited long enough")
    assert len(q.content) == 3 and "Now we need the will" in span_text(text, q.content[2])  # type: ignore[operator]
    assert span_text(text, q.source) == "Cole"
    assert not any("council meets" in text[c.start : c.end] for x in quotes for c in x.content)


@pytest.mark.slow
def test_colon_introduced_quote(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The ministry said in a statement: \u201cAll border crossings will reopen next week.\u201d"
    [q] = quotes_of(nlp, text)
    assert q.kind == "direct" and span_text(text, q.cue) == "said"
    assert span_text(text, q.source) == "The ministry"


@pytest.mark.slow
def test_according_to_attributes_the_rest_of_the_sentence(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The factory will close in March, according to two people familiar with the plan."
    [q] = quotes_of(nlp, text)
    assert q.kind == "indirect" and span_text(text, q.cue) == "according to"
    assert span_text(text, q.content[0]) == "The factory will close in March"
    assert span_text(text, q.source) == "two people familiar with the plan"


@pytest.mark.slow
def test_indirect_speech_with_that_clause(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The senator said that the bill would pass before the summer recess."
    [q] = quotes_of(nlp, text)
    assert q.kind == "indirect"
    assert span_text(text, q.content[0]) == "that the bill would pass before the summer recess"
    assert span_text(text, q.source) == "The senator" and span_text(text, q.cue) == "said"


@pytest.mark.slow
def test_mixed_quote_object_and_quoted_predicate(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "He called the Russian troop movements \u201cconcerning.\u201d"
    [q] = quotes_of(nlp, text)
    assert q.kind == "mixed" and span_text(text, q.cue) == "called" and span_text(text, q.source) == "He"
    assert span_text(text, q.content[0]).startswith("the Russian troop movements \u201cconcerning")  # type: ignore[union-attr]


@pytest.mark.slow
def test_mixed_quote_inside_reported_speech(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Senator Maria Lopez said the plan was \u201ca reckless gamble with our future.\u201d"
    [q] = quotes_of(nlp, text)
    assert q.kind == "mixed" and span_text(text, q.source) == "Senator Maria Lopez"
    assert span_text(text, q.content[0]).startswith("the plan was")  # type: ignore[union-attr]


@pytest.mark.slow
def test_dash_byline_names_the_source(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Readers wrote in.\n\u201cThe debate showed who he really is. I am afraid for my children.\u201d "
            "\u2015 Maria Gomez\n\u201cHe has no plan for the economy at all.\u201d \u2015 Tom Reyes\n")
    quotes = quotes_of(nlp, text)
    assert [span_text(text, q.source) for q in quotes] == ["Maria Gomez", "Tom Reyes"]
    # the bar typed against the closing mark, or after a no-break space: each quote still has its byline
    text = ("Readers wrote in.\n\u201cThe debate showed who he really is. I am afraid for my children.\u201d\u2015 "
            "Maria Gomez\u00a0\n\u201cHe has no plan for the economy at all.\u201d\u00a0\u2015 Tom Reyes\u00a0\n")
    quotes = quotes_of(nlp, text)
    assert [(q.kind, span_text(text, q.source)) for q in quotes] == [("direct", "Maria Gomez"), ("direct", "Tom Reyes")]


@pytest.mark.slow
def test_heading_line_starts_its_own_sentence(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Talks ended on Monday.\n\nIntensifying crisis\n\n"
            "Pentagon spokesman John Kirby told reporters that more troops had arrived.")
    with nlp.select_pipes(disable=LATER_STAGES):
        doc = nlp(text)
    starts = [s.text.strip() for s in doc.sents]
    assert "Intensifying crisis" in starts
    q = find_quote(text, list(doc._.ng_quotes), "more troops had arrived")
    assert span_text(text, q.source) == "Pentagon spokesman John Kirby"


@pytest.mark.slow
def test_wrapped_lines_are_not_split(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The governor regularly\nattacks the press and is a\nfrequent critic of the courts."
    with nlp.select_pipes(disable=LATER_STAGES):
        doc = nlp(text)
    assert len(list(doc.sents)) == 1


@pytest.mark.slow
def test_quote_with_no_source_is_left_out(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The rally ended late.\n\n\u201cWe will win this state and then the whole country.\u201d\n"
    assert quotes_of(nlp, text) == []


def test_a_source_loses_the_words_that_hang_from_its_verb(nlp) -> None:  # type: ignore[no-untyped-def]
    from newsgraph.records import Span
    from newsgraph.stages.quotes.sources import trim_source

    text = "The Harlow Valley water board on Monday approved the region's first mandatory limits."
    doc = nlp(text)
    whole = Span(0, text.index(" approved"))
    trimmed = trim_source(doc, whole)
    assert text[trimmed.start:trimmed.end] == "The Harlow Valley water board"
    name = Span(0, len("The Harlow Valley water board"))
    assert trim_source(doc, name) == name  # a span that is one noun phrase stays as it is
    text = ("The two are expected to speak by phone Tuesday, a day after United Nations representatives from the "
            "two countries faced off at the U.N. Security Council over allegations that it is planning an invasion.")
    doc = nlp(text)
    start = text.index("United Nations representatives")
    verb_headed = Span(start, text.index(" allegations"))
    trimmed = trim_source(doc, verb_headed)
    assert text[trimmed.start:trimmed.end] == "United Nations representatives from the two countries"


@pytest.mark.parametrize(("text", "cue", "source", "unsaid"), [
    ("Peacekeepers have been accused of hurting the civilians they were sent to protect.",
     "have been accused of", "Peacekeepers", True),
    ("About one in nine voters this fall is expected to be Latino.", "is expected", "About one in nine voters", True),
    ("Asked about the bombing, Clinton said it was too early to say.", "Asked about", "Clinton", True),
    ("Republicans seem confident they have the votes to override the veto.", "seem", "Republicans", True),
    ("The plan was first reported by The Washington Post on Sunday.", "was first reported by",
     "The Washington Post", False),  # a "by" agent is who reports
    ("Republicans were incensed that the memo had been leaked.", "were incensed", "Republicans", False),
    ("As stated in Davis' commentary, there are conflicting stories.", "stated in", "Davis' commentary", False),
    ("The mayor said the plan would cut fares.", "said", "The mayor", False),
])
def test_the_subject_of_a_passive_cue_is_no_source(nlp, text, cue, source, unsaid) -> None:  # type: ignore[no-untyped-def]
    from newsgraph.records import Span
    from newsgraph.stages.quotes.sources import unsaid_source

    doc = nlp(text)
    cue_span = Span(text.index(cue), text.index(cue) + len(cue))
    source_span = Span(text.index(source), text.index(source) + len(source))
    assert unsaid_source(doc, cue_span, source_span) is unsaid


def test_a_tagger_content_that_holds_a_quotation_and_runs_past_it_replaces_it() -> None:
    from newsgraph.records import Quote, Span
    from newsgraph.stages.quotes.attribution import combine

    text = ('Ditto said via email that, "Of course Mr. Trump is going to defend himself" against what the campaign '
            'sees as a coordinated attack. "We will win," Pence said.')
    quoted = text.index("Of course")
    direct = Quote(content=[Span(quoted, text.index('" against'))], cue=Span(5, 9), source=Span(0, 4), kind="direct")
    short = Quote(content=[Span(text.index("We will"), text.index(',"'))], cue=Span(text.index("said."), len(text) - 1),
                  source=Span(text.index("Pence"), text.index(" said.")), kind="direct")
    statement = Span(text.index("Of course") - 1, text.index(" attack.") + len(" attack"))
    wide = Quote(content=[statement], cue=Span(5, 21), source=None, kind="mixed")
    tagged_short = Quote(content=[Span(short.start, short.end + 2)], cue=short.cue, source=None, kind="mixed")
    out = combine([direct, short], [wide, tagged_short], "hybrid")
    assert [(q.kind, text[q.start:q.end]) for q in out] == [
        ("mixed", text[wide.start:wide.end]),  # the reported statement around the quoted phrase, whole
        ("direct", "We will win"),  # two characters more is not a wider statement: the quotation stays
    ]
    assert out[0].source == Span(0, 4)  # the tagger found no source: the rules' stays


def test_a_reported_statement_takes_the_subject_of_its_cue_verb_as_source(nlp) -> None:  # type: ignore[no-untyped-def]
    from newsgraph.records import Span
    from newsgraph.stages.quotes.sources import subject_source

    def span(text: str, part: str) -> Span:
        return Span(text.index(part), text.index(part) + len(part))

    text = "Climate change, Mr. Obama often says, is the greatest threat the world faces."
    doc = nlp(text)
    content = [span(text, "is the greatest threat the world faces")]
    found = subject_source(doc, span(text, "says"), span(text, "Climate change"), content)
    assert text[found.start:found.end] == "Mr. Obama"  # the tagger's nearest noun was the statement's own subject
    text = "Cruz, who refused to endorse Trump, spoke. Cruz exhorted Republicans to vote their conscience."
    doc = nlp(text)
    content = [span(text, "Republicans to vote their conscience")]
    found = subject_source(doc, span(text, "exhorted"), span(text, "who"), content)
    assert found == Span(text.rindex("Cruz"), text.rindex("Cruz") + 4)
    same = span(text, "Cruz exhorted")
    assert subject_source(doc, span(text, "exhorted"), Span(same.start, same.start + 4), content).start == same.start
    text = "Announcing the pick, the union issued a statement praising the senator's record on labor."
    doc = nlp(text)
    content = [span(text, "the senator's record on labor")]
    found = subject_source(doc, span(text, "praising"), span(text, "the union"), content)
    assert text[found.start:found.end] == "a statement"  # a participle's act belongs to the noun it modifies
    text = "Clinton stressed her support of the raid and said she has the steadiness the job needs."
    doc = nlp(text)
    content = [span(text, "she has the steadiness the job needs")]
    found = subject_source(doc, span(text, "said"), span(text, "she"), content)
    assert text[found.start:found.end] == "Clinton"  # "and said": the subject the two verbs share
