"""Tests for the quantities stage and its pure number parser (``stages/quantities/numbers.py``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc

from newsgraph import stages
from newsgraph.records import Entity, Quantity, Span, TimeExpression
from newsgraph.stages.quantities.numbers import (
    approximation_before,
    is_ordinal,
    is_vague_number,
    is_year_like,
    parse_number,
    parse_quantity_text,
    unit_of,
)
from newsgraph.stages.quantities.owners import country_of_demonym
from newsgraph.stages.quantities.quantities import find_quantities

SEED_ID = "000_b4bac461340a2d4f"
LATER_STAGES = ["newsgraph_events_v1"]


# --- the pure parser ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("100,000", 100000),
        ("5.93 mln", 5930000),
        ("two", 2),
        ("a dozen", 12),
        ("1.5 billion", 1500000000),
        ("twenty-five", 25),
        ("one hundred and fifty", 150),
        ("three hundred and twenty-five million", 325000000),
        ("one and a half million", 1500000),
        ("half a million", 500000),
        ("1 1/2", 1.5),
        ("11-1/2", 11.5),
        ("3/4", 0.75),
        ("3bn", 3000000000),
        ("10k", 10000),
        (".125", 0.125),
        ("1,000,000", 1000000),
        ("zero", 0),
    ],
)
def test_parse_number(text: str, expected: float) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["5 6", "thousands", "tens of thousands", "1986/87", "troops", "", "3m"])
def test_parse_number_refuses_what_is_not_one_number(text: str) -> None:
    assert parse_number(text) is None


def test_glued_m_is_million_only_for_money() -> None:
    assert parse_number("3m", money=True) == 3000000
    assert parse_quantity_text("£3.5m") == parse_quantity_text("£3.5 million")


def test_values_are_ints_where_whole() -> None:
    value = parse_number("5.93 mln")
    assert isinstance(value, int) and value == 5930000


@pytest.mark.parametrize(
    ("text", "value", "unit", "approx"),
    [
        ("$3bn", 3000000000, "$", None),
        ("40%", 40, "%", None),
        ("30 km", 30, "km", None),
        ("1.5 billion dollars", 1500000000, "$", None),
        ("5.93 mln dlrs", 5930000, "$", None),
        ("12 pct", 12, "%", None),
        ("up to 30 per cent", 30, "%", "up to"),
        ("more than 100,000 troops", 100000, "troops", "more than"),
        ("an estimated 3 pct", 3, "%", "an estimated"),
        ("US$5 million", 5000000, "$", None),
        ("155,221 bags", 155221, "bags", None),
        ("about 200,000 tonnes", 200000, "tonnes", "about"),
        ("a dozen eggs", 12, "eggs", None),
    ],
)
def test_parse_quantity_text(text: str, value: float, unit: str, approx: str | None) -> None:
    parsed = parse_quantity_text(text)
    assert parsed is not None
    assert (parsed.value, parsed.unit, parsed.approx) == (value, unit, approx)


def test_parse_quantity_text_without_a_number() -> None:
    assert parse_quantity_text("many troops") is None


def test_approximation_takes_the_longest_phrase() -> None:
    assert approximation_before(["the", "more", "than"]) == ("more than", 2)
    assert approximation_before(["said", "at", "least"]) == ("at least", 2)
    assert approximation_before(["amassed", "an", "estimated"]) == ("an estimated", 2)
    assert approximation_before(["the", "troops"]) is None


def test_units_years_ordinals_vague_numbers_and_demonyms() -> None:
    assert unit_of(["pct", "rise"]) == ("%", 1)
    assert unit_of(["per", "cent"]) == ("%", 2)
    assert unit_of(["troops"]) is None
    assert is_year_like("1987") and is_year_like("1990s") and is_year_like("1986/87")
    assert not is_year_like("100,000") and not is_year_like("250")
    assert is_ordinal("first") and is_ordinal("3rd") and not is_ordinal("three")
    assert is_vague_number("tens of thousands") and not is_vague_number("ten")
    assert country_of_demonym("Russian") == "Russia"
    assert country_of_demonym("Americans") == "United States"
    assert country_of_demonym("Moscow") is None


# --- the stage on Docs built by hand -----------------------------------------------------------


def make_doc(words: list[str], heads: list[int], deps: list[str], tags: list[str], pos: list[str],
             ents: list[str] | None = None) -> Doc:
    stages.register()
    doc = Doc(spacy.blank("en").vocab, words=words, spaces=[True] * (len(words) - 1) + [False],
              heads=heads, deps=deps, tags=tags, pos=pos, ents=ents)
    doc._.ng_entities = []
    doc._.ng_times = []
    return doc


def span_text(doc: Doc, quantity: Quantity) -> str:
    return doc.text[quantity.start:quantity.end]


def char_span(doc: Doc, needle: str) -> Span:
    start = doc.text.index(needle)
    return Span(start, start + len(needle))


def troops_doc() -> Doc:
    """ "Moscow moved nearly 5,000 Russian troops by early February ." """
    words = ["Moscow", "moved", "nearly", "5,000", "Russian", "troops", "by", "early", "February", "."]
    heads = [1, 1, 3, 5, 5, 1, 1, 8, 6, 1]
    deps = ["nsubj", "ROOT", "advmod", "nummod", "amod", "dobj", "prep", "amod", "pobj", "punct"]
    tags = ["NNP", "VBD", "RB", "CD", "JJ", "NNS", "IN", "JJ", "NNP", "."]
    pos = ["PROPN", "VERB", "ADV", "NUM", "ADJ", "NOUN", "ADP", "ADJ", "PROPN", "PUNCT"]
    ents = ["B-GPE", "O", "B-CARDINAL", "I-CARDINAL", "B-NORP", "O", "O", "B-DATE", "I-DATE", "O"]
    return make_doc(words, heads, deps, tags, pos, ents)


def test_hand_built_doc_reads_approx_value_unit() -> None:
    doc = troops_doc()
    [quantity] = find_quantities(doc)
    assert span_text(doc, quantity) == "nearly 5,000 Russian troops"
    assert (quantity.value, quantity.unit, quantity.approx) == (5000, "troops", "nearly")
    assert quantity.of == "Russia"  # no entities: the nationality's country, by name
    assert quantity.date is None  # no time expressions yet


def test_owner_is_the_entity_and_date_the_attached_time() -> None:
    doc = troops_doc()
    russia = Entity("E1", "Russia", "GPE", [char_span(doc, "Russian")])
    doc._.ng_entities = [russia]
    early_feb = char_span(doc, "early February")
    doc._.ng_times = [TimeExpression(early_feb.start, early_feb.end, "DATE", "2022-02")]
    [quantity] = find_quantities(doc)
    assert quantity.of == "E1"
    assert quantity.date == "2022-02"


def test_nationality_entity_resolves_to_its_country_entity() -> None:
    doc = troops_doc()
    russia = Entity("E1", "Russia", "GPE", [char_span(doc, "Moscow")])
    russian = Entity("E2", "Russian", "NORP", [char_span(doc, "Russian")])
    doc._.ng_entities = [russia, russian]
    assert find_quantities(doc)[0].of == "E1"


def test_possessive_owner_and_percent_unit() -> None:
    # "Russia 's 40 pct stake rose ."
    words = ["Russia", "'s", "40", "pct", "stake", "rose", "."]
    heads = [4, 0, 4, 4, 5, 5, 5]
    deps = ["poss", "case", "nummod", "compound", "nsubj", "ROOT", "punct"]
    tags = ["NNP", "POS", "CD", "NN", "NN", "VBD", "."]
    pos = ["PROPN", "PART", "NUM", "NOUN", "NOUN", "VERB", "PUNCT"]
    doc = make_doc(words, heads, deps, tags, pos, ["B-GPE", "O", "B-PERCENT", "I-PERCENT", "O", "O", "O"])
    [quantity] = find_quantities(doc)
    assert span_text(doc, quantity) == "40 pct"
    assert (quantity.value, quantity.unit) == (40, "%")


def test_years_ordinals_and_labels_are_not_quantities() -> None:
    # "In 1987 the first Flight 370 left ."
    words = ["In", "1987", "the", "first", "Flight", "370", "left", "."]
    heads = [6, 0, 4, 4, 6, 4, 6, 6]
    deps = ["prep", "pobj", "det", "amod", "nsubj", "nummod", "ROOT", "punct"]
    tags = ["IN", "CD", "DT", "JJ", "NNP", "CD", "VBD", "."]
    pos = ["ADP", "NUM", "DET", "ADJ", "PROPN", "NUM", "VERB", "PUNCT"]
    doc = make_doc(words, heads, deps, tags, pos)
    assert find_quantities(doc) == []


def test_range_shares_its_unit() -> None:
    # "between 35 and 45 dlrs"
    words = ["prices", "between", "35", "and", "45", "dlrs"]
    heads = [0, 0, 5, 2, 2, 1]
    deps = ["ROOT", "prep", "nummod", "cc", "conj", "pobj"]
    tags = ["NNS", "IN", "CD", "CC", "CD", "NNS"]
    pos = ["NOUN", "ADP", "NUM", "CCONJ", "NUM", "NOUN"]
    doc = make_doc(words, heads, deps, tags, pos)
    first, second = find_quantities(doc)
    assert (first.value, first.unit, first.approx) == (35, "$", "between")
    assert (second.value, second.unit, span_text(doc, second)) == (45, "$", "45 dlrs")


# --- the stage with the real model -------------------------------------------------------------


def run(nlp, text: str) -> list[Quantity]:  # type: ignore[no-untyped-def]
    with nlp.select_pipes(disable=[p for p in LATER_STAGES if p in nlp.pipe_names]):
        doc = nlp(text)
    quantities: list[Quantity] = doc._.ng_quantities
    for quantity in quantities:
        assert 0 <= quantity.start < quantity.end <= len(text)
    return quantities


def by_text(text: str, quantities: list[Quantity]) -> dict[str, Quantity]:
    return {text[q.start:q.end]: q for q in quantities}


@pytest.mark.slow
def test_wire_copy_numbers(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Exports rose to 155,221 bags of 60 kilos each from 5.93 mln bags, and the company "
            "earned 1.5 billion dlrs, up 12 pct, or about $3bn in all, in 1987.")
    found = by_text(text, run(nlp, text))
    assert (found["155,221 bags"].value, found["155,221 bags"].unit) == (155221, "bags")
    assert found["60 kilos"].unit == "kg"
    assert found["5.93 mln bags"].value == 5930000
    assert (found["1.5 billion dlrs"].value, found["1.5 billion dlrs"].unit) == (1500000000, "$")
    assert (found["12 pct"].value, found["12 pct"].unit) == (12, "%")
    assert (found["about $3bn"].value, found["about $3bn"].approx) == (3000000000, "about")
    assert not any(q.value == 1987 for q in found.values())


@pytest.mark.slow
def test_wrapped_wire_line_and_table_gap(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The bank lent 5.93\nmln dlrs last year.\n\n    Total      1,655.8      BOLIVIA"
    found = by_text(text, run(nlp, text))
    assert found["5.93\nmln dlrs"].value == 5930000
    assert "1,655.8" in found and found["1,655.8"].unit is None


def seed_article(shared_data: Path) -> dict[str, str]:
    path = shared_data / "seed" / "articles.jsonl"
    if not path.is_file():
        pytest.skip("seed article absent")
    for line in path.read_text(encoding="utf-8").splitlines():
        article = json.loads(line)
        if article["id"] == SEED_ID:
            return article
    pytest.skip("seed article absent")


@pytest.mark.slow
def test_seed_article_troop_numbers(nlp, shared_data: Path) -> None:  # type: ignore[no-untyped-def]
    from newsgraph.records import Article

    article = seed_article(shared_data)
    text = article["text"]
    doc = nlp.make_doc(text)
    doc._.ng_article = Article(article["id"], text, published=article.get("published"))
    with nlp.select_pipes(disable=[p for p in LATER_STAGES if p in nlp.pipe_names]):
        doc = nlp(doc)
    found = by_text(text, doc._.ng_quantities)
    troops = [found["more than 100,000 troops"], found["nearly 5,000 Russian troops"], found["30,000 troops"]]
    assert [(q.value, q.unit, q.approx) for q in troops] == [
        (100000, "troops", "more than"), (5000, "troops", "nearly"), (30000, "troops", None)]
    russia = next((e.id for e in doc._.ng_entities or [] if e.name == "Russia"), "Russia")
    assert troops[0].of == russia
    assert troops[1].of == russia
    # "30,000 troops by early February": the date is the attached time expression's value
    times = doc._.ng_times or []
    early_feb = text.index("early February")
    attached = [t for t in times if t.start <= early_feb < t.end]
    assert [t.value for t in attached] == ["2022-02"]
    assert troops[2].date == "2022-02"
    assert troops[0].date is None and troops[1].date is None


@pytest.mark.slow
def test_labels_scores_ratios_and_years_are_not_amounts(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("The board voted 4-1 for a 3-for-2 stock split. He lives near No. 10 Downing Street. "
            "In 1976 or 77 there was a shortage. Boeing 737 jets flew on March 3.")
    assert run(nlp, text) == []


@pytest.mark.slow
def test_ranges_lists_and_money_suffixes(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("It stands to lose 15-20 mln dlrs. Butter sold at 4,340, 4,345 and 4,350 dlrs. "
            "Sales were £3.5m and orders came for 92 aircraft.")
    found = by_text(text, run(nlp, text))
    assert (found["15"].value, found["15"].unit) == (15000000, "$")
    assert [found[n].unit for n in ("4,340", "4,345", "4,350 dlrs")] == ["$", "$", "$"]
    assert (found["£3.5m"].value, found["£3.5m"].unit) == (3500000, "£")
    assert found["92 aircraft"].unit == "aircraft"


@pytest.mark.slow
def test_spelled_number_without_a_noun_is_dropped(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The two met on Monday. The two sides met again."
    assert [text[q.start:q.end] for q in run(nlp, text)] == ["two sides"]
