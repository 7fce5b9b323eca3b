"""Tests for the events stage: CAMEO -> PLOVER mapping, actor codes, and events on parsed sentences."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsgraph.records import Article, Event, Quote, Span, TimeExpression
from newsgraph.stages.actor_coding import code_words, split_code
from newsgraph.stages.event_lexicon import to_plover
from newsgraph.stages.events import events_of


def test_cameo_codes_map_to_plover_types_modes_and_contexts() -> None:
    assert to_plover("041") is not None and to_plover("041").type == "CONSULT"  # type: ignore[union-attr]
    assert to_plover("041").mode == "phone"  # type: ignore[union-attr]
    assert to_plover("1312").type == "THREATEN"  # type: ignore[union-attr]
    assert to_plover("0874").type == "RETREAT"  # type: ignore[union-attr]
    assert to_plover("081").type == "CONCEDE"  # type: ignore[union-attr]
    assert to_plover("020").type == "REQUEST"  # type: ignore[union-attr]
    assert to_plover("190").type == "ASSAULT"  # type: ignore[union-attr]
    assert to_plover("010") is None  # public statements are no PLOVER event


@pytest.mark.parametrize(
    ("phrase", "code", "sector"),
    [
        ("russian troops", "RUS", "MIL"),
        ("u.s. secretary of state antony blinken", "USA", "GOV"),
        ("nato", "IGO", None),
        ("russian foreign minister sergey lavrov", "RUS", "GOV"),
        ("norway 's foreign minister", "NOR", "GOV"),
        ("palestinian islamic jihad", "PSE", None),
    ],
)
def test_phrases_get_country_and_sector_codes(phrase: str, code: str, sector: str | None) -> None:
    words = phrase.split()
    lemmas = [w[:-1] if w.endswith("s") and len(w) > 4 else w for w in words]
    coded = code_words(words, lemmas)
    assert coded.code == code
    if sector:
        assert coded.sector == sector


def test_full_cameo_actor_codes_split_into_country_and_sector() -> None:
    assert (split_code("RUSGOV").code, split_code("RUSGOV").sector) == ("RUS", "GOV")
    assert (split_code("IGOUNO").code, split_code("IGOUNO").sector) == ("IGO", None)
    assert split_code("MEAREB").code is None  # a region is no country
    assert split_code("ANG").code == "AGO"  # legacy CAMEO code -> ISO 3166


def run(
    nlp,
    text: str,
    quotes: list[Quote] | None = None,  # type: ignore[no-untyped-def]
    times: list[TimeExpression] | None = None,
) -> list[Event]:
    """The model's parse only, then the events stage with hand-made earlier-stage output."""
    with nlp.select_pipes(enable=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"]):
        doc = nlp(text)
    doc._.ng_article = Article(id="t", text=text)
    doc._.ng_entities = []
    doc._.ng_quotes = quotes or []
    doc._.ng_times = times or []
    return events_of(doc)


def actor_codes(event: Event, role: str) -> set[str | None]:
    return {a.code for a in getattr(event, role)}


@pytest.mark.slow
def test_demand_with_source_and_target(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The United States on Thursday demanded that North Korea abandon its nuclear program."
    (event,) = run(nlp, text)
    assert event.type == "REQUEST"
    assert "USA" in actor_codes(event, "source")
    assert "PRK" in actor_codes(event, "target")
    assert text[event.trigger.start : event.trigger.end] == "demanded"
    assert (event.sentence.start, event.sentence.end) == (0, len(text))


@pytest.mark.slow
def test_troops_are_military_and_attack_is_assault(nlp) -> None:  # type: ignore[no-untyped-def]
    (event,) = run(nlp, "Russian troops attacked Ukrainian positions near Kharkiv.")
    assert event.type == "ASSAULT"
    (source,) = event.source
    assert (source.code, source.sector) == ("RUS", "MIL")
    assert "UKR" in actor_codes(event, "target")


@pytest.mark.slow
def test_future_cooperation_is_agree_and_refusal_is_reject(nlp) -> None:  # type: ignore[no-untyped-def]
    (agree,) = run(nlp, "Portugal will support Turkey's bid to join the European Community.")
    assert agree.type == "AGREE"
    assert "PRT" in actor_codes(agree, "source")
    (reject,) = run(nlp, "Syria said it will not accept any more refugees.")
    assert reject.type == "REJECT"
    assert "SYR" in actor_codes(reject, "source")  # "it" is Syria


@pytest.mark.slow
def test_modalities(nlp) -> None:  # type: ignore[no-untyped-def]
    (negated,) = run(nlp, "Russia says it has no plans to invade Ukraine.")
    assert (negated.type, negated.modality) == ("ASSAULT", "negated")
    assert "RUS" in actor_codes(negated, "source")
    (threat,) = run(nlp, "The United States has threatened to impose sanctions if Russia invades Ukraine.")
    assert (threat.type, threat.modality) == ("THREATEN", "conditional")
    (planned,) = run(
        nlp, "The foreign ministers of Russia and France are expected to speak by phone on Tuesday."
    )
    assert (planned.type, planned.modality) == ("CONSULT", "planned")


@pytest.mark.slow
def test_reported_by_quote_and_date_from_attached_time(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "She said Russia is sending more forces to the border on Monday."
    content = Span(text.index("Russia"), len(text) - 1)
    quote = Quote(content=[content], cue=Span(4, 8), source=Span(0, 3), kind="indirect")
    monday = text.index("Monday")
    times = [TimeExpression(monday, monday + len("Monday"), "DATE", "2022-01-31")]
    (event,) = run(nlp, text, quotes=[quote], times=times)
    assert event.type == "MOBILIZE"
    assert event.reported_by == 0
    assert event.modality == "reported"
    assert event.date == "2022-01-31"
    assert "RUS" in actor_codes(event, "source")


@pytest.mark.slow
def test_sentence_without_event_gives_none(nlp) -> None:  # type: ignore[no-untyped-def]
    assert run(nlp, "The weather in Geneva was mild.") == []


SEED_EXPECTED = [  # (needle in the sentence, PLOVER type, a source code, a target code or None)
    ("are expected to speak by phone", "CONSULT", "USA", None),
    ("held face-to-face talks", "CONSULT", "USA", None),
    ("has threatened to impose sharp economic sanctions", "THREATEN", "USA", None),
    ("We urge Russia to step back", "REQUEST", None, "RUS"),
    ("has provided weapons to Ukraine", "AID", "GBR", "UKR"),
]


@pytest.mark.slow
def test_seed_article_main_events(extractor, shared_data: Path) -> None:  # type: ignore[no-untyped-def]
    path = shared_data / "seed" / "articles.jsonl"
    if not path.is_file():
        pytest.skip("seed article absent")
    data = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
    article = Article(
        id=data["id"], text=data["text"], title=data.get("title"), published=data.get("published")
    )
    record = extractor.extract(article)
    text = article.text
    for needle, event_type, source, target in SEED_EXPECTED:
        at = text.index(needle)
        found = [e for e in record.events if e.sentence.start <= at < e.sentence.end]
        assert found, needle
        event = found[0]
        assert event.type == event_type, needle
        if source:
            assert source in actor_codes(event, "source"), needle
        if target:
            assert target in actor_codes(event, "target"), needle
    threat = next(
        e
        for e in record.events
        if e.type == "THREATEN" and "sanctions" in text[e.sentence.start : e.sentence.end]
    )
    assert threat.modality == "conditional"
    assert any(e.type == "MOBILIZE" for e in record.events)
