"""Entity timelines over hand-built records: matching the target, dating, ordering, the scorer's format."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from newsgraph.cli import main
from newsgraph.records import Article, ArticleRecord, Entity, EventMention, Participant, Span, TimeExpression
from newsgraph.service import NewsGraph
from newsgraph.timeline import entity_timeline, name_matches, timeline_json


def _at(text: str, word: str, nth: int = 0) -> Span:
    found = [m for m in re.finditer(rf"\b{re.escape(word)}\b", text)][nth]
    return Span(found.start(), found.end())


def _mention(text: str, word: str, agent: str, date: str | None = None, tense: str | None = "past",
             entity: str | None = None) -> EventMention:
    trigger, who = _at(text, word), _at(text, agent)
    return EventMention(trigger.start, trigger.end, word, Span(0, len(text)),
                        [Participant(who.start, who.end, "agent", entity)], date=date, tense=tense)


def _record(doc: str, text: str, published: str, mentions: list[EventMention],
            entities: list[Entity] | None = None, times: list[TimeExpression] | None = None) -> ArticleRecord:
    return ArticleRecord(article=Article(id=doc, text=text, published=published, source="Wikinews"),
                         entities=entities or [], times=times or [], event_mentions=mentions)


def test_name_matches_surname_tail_and_typo_but_not_a_longer_name() -> None:
    text = "Jobs spoke. Airbus A380 flew. Airbus said. The 787 Dreamliner flew. The Air Froce hired."
    assert [text[s.start:s.end] for s in name_matches(text, "Steve Jobs")] == ["Jobs"]
    assert [text[s.start:s.end] for s in name_matches(text, "Airbus")] == ["Airbus"]  # not the one in "Airbus A380"
    assert [text[s.start:s.end] for s in name_matches(text, "Boeing 787 Dreamliner")] == ["787 Dreamliner"]
    assert [text[s.start:s.end] for s in name_matches(text, "United States Air Force")] == ["Air Froce"]
    assert name_matches("people lost their jobs", "Steve Jobs") == []  # a common noun is not the name
    assert name_matches("The iPhone sold well.", "iPhone 4") == []  # the model, not the product line
    assert [s.start for s in name_matches("The iTunes catalogue grew.", "iTunes store")] == [4]


def test_events_are_those_the_target_takes_part_in_and_pronouns_count_through_the_entity() -> None:
    text = "Steve Jobs unveiled the phone. Gates laughed. He resigned."
    jobs = Entity("E1", "Steve Jobs", "PERSON", [_at(text, "Steve Jobs"), _at(text, "He")])
    record = _record("d1", text, "2007-01-09", [
        _mention(text, "unveiled", "Steve Jobs", entity="E1"),
        _mention(text, "laughed", "Gates"),
        _mention(text, "resigned", "He", entity="E1"),
    ], entities=[jobs])
    events = entity_timeline([record], "Steve Jobs")
    assert [e.text for e in events] == ["unveiled", "resigned"]
    assert all(e.sentence == text for e in events)


def test_dates_from_the_clause_else_publication_date_else_unknown() -> None:
    text = "Apple Corps sued in 2003. Apple Corps will appeal. Apple Corps lost. Apple Corps spoke today."
    record = _record("d1", text, "2006-05-08", [
        _mention(text, "sued", "Apple Corps", date="2003"),
        _mention(text, "appeal", "Apple Corps", tense="future"),
        _mention(text, "lost", "Apple Corps"),
        _mention(text, "spoke", "Apple Corps", date="PRESENT_REF", tense="past"),
    ])
    dates = {e.text: e.date for e in entity_timeline([record], "Beatles Apple Corps")}
    assert dates == {"sued": "2003", "appeal": None, "lost": "2006-05-08", "spoke": "2006-05-08"}


def test_order_by_date_then_publication_then_position_across_articles() -> None:
    later_text = "Boeing delivered planes. Boeing was founded in 1916."
    earlier_text = "Boeing ordered parts. Boeing hired staff."
    later = _record("b", later_text, "2008-03-01", [
        _mention(later_text, "delivered", "Boeing"),
        _mention(later_text, "founded", "Boeing", date="1916"),
    ])
    earlier = _record("a", earlier_text, "2007-01-01", [
        _mention(earlier_text, "hired", "Boeing", tense="present"),
        _mention(earlier_text, "ordered", "Boeing"),
    ])
    events = entity_timeline([later, earlier], "Boeing")
    assert [(e.doc, e.text, e.date) for e in events] == [
        ("b", "founded", "1916"), ("a", "ordered", "2007-01-01"), ("a", "hired", "2007-01-01"),
        ("b", "delivered", "2008-03-01")]


def test_timeline_json_is_the_scorer_format() -> None:
    text = "Ryanair cut fares."
    record = _record("r1", text, "2009-02-02", [_mention(text, "cut", "Ryanair")])
    line = timeline_json("Ryanair", entity_timeline([record], "Ryanair"))
    assert line == {"target": "Ryanair", "events": [{"doc": "r1", "start": 8, "end": 11, "date": "2009-02-02"}]}
    assert json.loads(json.dumps(line)) == line


def test_event_mentions_survive_the_store_and_the_cli_prints_jsonl(tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = "Ryanair cut fares. Ryanair bought planes in March 2008."
    record = _record("r1", text, "2009-02-02", [
        _mention(text, "cut", "Ryanair"), _mention(text, "bought", "Ryanair", date="2008-03")])
    db = tmp_path / "t.duckdb"
    from newsgraph.store import Store

    with Store(db) as store:
        store.write(record)
    with NewsGraph(db) as graph:
        assert graph.article("r1").event_mentions == record.event_mentions
    result = CliRunner().invoke(main, ["timeline", "--entity", "Ryanair", "--jsonl", "--db", str(db)])
    assert result.exit_code == 0, result.output
    line = json.loads(result.output)
    assert [(e["start"], e["date"]) for e in line["events"]] == [(text.index("bought"), "2008-03"), (8, "2009-02-02")]
    table = CliRunner().invoke(main, ["timeline", "--entity", "Ryanair", "--db", str(db)])
    assert table.exit_code == 0 and "bought" in table.output
