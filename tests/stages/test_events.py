"""Tests for the events stage: CAMEO -> PLOVER mapping, actor codes, and events on parsed sentences."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsgraph.records import Article, Entity, Event, Quote, Span, Speaker, TimeExpression
from newsgraph.stages.events.actor_coding import code_words, split_code
from newsgraph.stages.events.events import events_of
from newsgraph.stages.events.lexicon import to_plover


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
    entities: list[Entity] | None = None,
) -> list[Event]:
    """The model's parse only, then the events stage with hand-made earlier-stage output."""
    with nlp.select_pipes(enable=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"]):
        doc = nlp(text)
    doc._.ng_article = Article(id="t", text=text)
    doc._.ng_entities = entities or []
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


def span_of(text: str, needle: str) -> Span:
    start = text.index(needle)
    return Span(start, start + len(needle))


def said(text: str, event: Event, role: str) -> list[str]:
    return [text[a.start : a.end] for a in getattr(event, role)]


@pytest.mark.slow
def test_first_person_in_a_quote_is_coded_as_its_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    text = '"We urge Russia to step back," British Prime Minister Boris Johnson said.'
    name = span_of(text, "Boris Johnson")
    johnson = Entity("E1", "Boris Johnson", "PERSON", [name], role="Prime Minister", affiliation="British")
    quote = Quote(
        content=[span_of(text, '"We urge Russia to step back,"')],
        cue=span_of(text, "said"),
        source=name,
        kind="direct",
        speaker=Speaker("Boris Johnson", "E1", "Prime Minister", "British"),
    )
    (event,) = run(nlp, text, quotes=[quote], entities=[johnson])
    assert event.type == "REQUEST"
    (source,) = event.source
    assert (source.code, source.sector, source.entity) == ("GBR", "GOV", "E1")
    assert "RUS" in actor_codes(event, "target")
    assert (event.modality, event.reported_by) == ("reported", 0)


@pytest.mark.slow
def test_actor_links_the_entity_its_head_names(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Russian Foreign Minister Sergey Lavrov met Chinese officials in Beijing."
    russian = Entity("E1", "Russian", "NORP", [span_of(text, "Russian")])
    lavrov = Entity("E2", "Sergey Lavrov", "PERSON", [span_of(text, "Sergey Lavrov")], "Foreign Minister", "Russian")
    (event,) = run(nlp, text, entities=[russian, lavrov])
    assert event.type == "CONSULT"
    (source,) = event.source
    assert (source.code, source.sector, source.entity) == ("RUS", "GOV", "E2")
    assert said(text, event, "source") == ["Russian Foreign Minister Sergey Lavrov"]


@pytest.mark.slow
def test_planned_phone_call_of_two_countries_diplomats(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The top diplomats from the United States and Russia are expected to speak by phone on Tuesday."
    tuesday = span_of(text, "Tuesday")
    (event,) = run(nlp, text, times=[TimeExpression(tuesday.start, tuesday.end, "DATE", "2022-02-01")])
    assert (event.type, event.mode, event.modality, event.date) == ("CONSULT", "phone", "planned", "2022-02-01")
    assert [(a.code, a.sector) for a in event.source] == [("USA", "GOV"), ("RUS", "GOV")]
    (joint,) = run(nlp, "U.S. and Chinese negotiators returned to Geneva for talks.")
    assert joint.type == "CONSULT"
    assert actor_codes(joint, "source") == {"USA", "CHN"}


@pytest.mark.slow
def test_troops_a_country_amassed_are_a_mobilization_by_it(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The 100,000 troops Russia has amassed along the border are ready for war."
    (event,) = run(nlp, text)
    assert event.type == "MOBILIZE"
    assert text[event.trigger.start : event.trigger.end] == "amassed"
    assert actor_codes(event, "source") == {"RUS"}
    text = "Russia is sending more forces to Belarus."
    (sent,) = run(nlp, text)
    assert sent.type == "MOBILIZE"
    assert said(text, sent, "target") == ["Belarus"]  # the forces moved are no target


@pytest.mark.slow
def test_weapons_sent_are_military_aid(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Britain, like the United States and other Western allies, has provided weapons to Ukraine."
    (event,) = run(nlp, text)
    assert (event.type, event.context) == ("AID", "military")
    assert said(text, event, "source") == ["Britain"]  # "like ..." is an aside, not the actor
    assert said(text, event, "target") == ["Ukraine"]
    assert actor_codes(event, "target") == {"UKR"}


@pytest.mark.slow
def test_conditional_threat_is_aimed_at_the_condition(nlp) -> None:  # type: ignore[no-untyped-def]
    (event,) = run(nlp, "The United States has threatened to impose sanctions if Russia invades Ukraine.")
    assert (event.type, event.modality) == ("THREATEN", "conditional")
    assert actor_codes(event, "source") == {"USA"}
    assert actor_codes(event, "target") == {"RUS"}


@pytest.mark.slow
def test_negation_of_one_clause_does_not_reach_the_next(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Ukraine cannot accept the declaration, and Moscow should withdraw its troops, the envoy said."
    (event,) = run(nlp, text)
    assert text[event.trigger.start : event.trigger.end] == "withdraw"
    assert event.type == "REQUEST"
    assert event.modality == "reported"
    assert "RUS" in actor_codes(event, "target")


@pytest.mark.slow
def test_dates_come_from_the_event_not_the_statement(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "NATO said on Sunday that Russia had attacked Ukraine."
    sunday = span_of(text, "Sunday")
    (event,) = run(nlp, text, times=[TimeExpression(sunday.start, sunday.end, "DATE", "2022-01-30")])
    assert (event.type, event.date) == ("ASSAULT", None)
    text = "Russia attacked Ukraine on Sunday for the first time in decades."
    sunday, decades = span_of(text, "Sunday"), span_of(text, "decades")
    times = [
        TimeExpression(decades.start, decades.end, "DURATION", "PXDE"),
        TimeExpression(sunday.start, sunday.end, "DATE", "2022-01-30"),
    ]
    (event,) = run(nlp, text, times=times)
    assert event.date == "2022-01-30"


@pytest.mark.slow
def test_people_the_dictionaries_lack_are_coded_from_the_text(nlp) -> None:  # type: ignore[no-untyped-def]
    (judge,) = run(nlp, "Judge Maria Lopez opened an investigation into three Chilean officials.")
    assert judge.type == "ACCUSE"
    assert [(a.code, a.sector) for a in judge.source] == [("CHL", "JUD")]  # the country the sentence names
    (mugabe,) = run(nlp, "President Mugabe rejected the proposal.")
    assert mugabe.type == "REJECT"
    assert actor_codes(mugabe, "source") == {"ZWE"}  # a surname only one listed country's people bear


@pytest.mark.slow
def test_light_verbs_take_the_type_of_their_event_noun(nlp) -> None:  # type: ignore[no-untyped-def]
    (emergency,) = run(nlp, "The government of Peru declared a state of emergency in Lima.")
    assert (emergency.type, emergency.cameo) == ("COERCE", "1724")
    assert actor_codes(emergency, "source") == {"PER"}
    (truce,) = run(nlp, "Rebel fighters in Sudan violated the ceasefire agreement on Friday.")
    assert truce.type == "ASSAULT"
    assert run(nlp, "The ministry said in a press release that Chad's harvest was good.") == []


@pytest.mark.slow
def test_verbs_in_their_non_event_senses_give_no_event(nlp) -> None:  # type: ignore[no-untyped-def]
    assert run(nlp, "The Clinton campaign released an ad on Monday.") == []  # an ad is no prisoner
    assert run(nlp, "She demonstrated her skill as a negotiator.") == []  # showing, not protesting
    (freed,) = run(nlp, "The rebels released two French hostages on Monday.")
    assert freed.type == "RETREAT"
    text = "\u201cHear me clearly, Russia is sending troops to Belarus,\u201d the ambassador said."
    (event,) = run(nlp, text)  # the imperative addresses the listener: the event is the sending
    assert (event.type, text[event.trigger.start : event.trigger.end]) == ("MOBILIZE", "sending")


@pytest.mark.slow
def test_the_side_acted_against_is_the_target_rather_than_the_place(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Thousands of students demonstrated in Seoul against the government."
    (event,) = run(nlp, text)
    assert event.type == "PROTEST"
    assert said(text, event, "target") == ["government"]


SEED_EXPECTED = [
    # (needle in the sentence, PLOVER type, modality, date, [(source code, sector)], target code or None)
    ("are expected to speak by phone", "CONSULT", "planned", "2022-02-01", [("USA", "GOV"), ("RUS", "GOV")], None),
    ("held face-to-face talks", "CONSULT", "asserted", "2022-01-21", [("USA", "GOV"), ("RUS", "GOV")], None),
    ("has threatened to impose sharp economic sanctions", "THREATEN", "conditional", None, [("USA", None)], "RUS"),
    ("100,000 troops Russia has amassed", "MOBILIZE", "reported", None, [("RUS", None)], None),
    ("We urge Russia to step back", "REQUEST", "reported", None, [("GBR", "GOV")], "RUS"),
    ("has provided weapons to Ukraine", "AID", "asserted", None, [("GBR", None)], "UKR"),
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
    entity_names = {e.id: e.name for e in record.entities}
    for needle, event_type, modality, date, sources, target in SEED_EXPECTED:
        at = text.index(needle)
        found = [e for e in record.events if e.sentence.start <= at < e.sentence.end]
        assert found, needle
        event = found[0]
        assert (event.type, event.modality, event.date) == (event_type, modality, date), needle
        for code, sector in sources:
            assert any(a.code == code and (sector is None or a.sector == sector) for a in event.source), needle
        if target:
            assert target in actor_codes(event, "target"), needle
        for actor in event.source + event.target:
            assert 0 <= actor.start < actor.end <= len(text)
    talks = next(e for e in record.events if "held face-to-face talks" in text[e.sentence.start : e.sentence.end])
    assert {entity_names.get(a.entity or "") for a in talks.source} == {"Antony Blinken", "Sergey Lavrov"}
    demand = next(e for e in record.events if "We urge Russia" in text[e.sentence.start : e.sentence.end])
    assert entity_names.get(demand.source[0].entity or "") == "Boris Johnson"
    assert demand.reported_by is not None
    quote = record.quotes[demand.reported_by]
    assert any(p.start <= demand.trigger.start < p.end for p in quote.content)
    negated = next(e for e in record.events if "no plans to invade" in text[e.sentence.start : e.sentence.end])
    assert (negated.type, negated.modality) == ("ASSAULT", "negated")
