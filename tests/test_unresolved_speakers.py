"""An unresolved speaker (no named entity behind "the mayor") and an unnamed entity, through the store,
the listings and the CLI's article view: never shown as a person called "the mayor"."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.display import speaker_label
from newsgraph.records import Article, ArticleRecord, Entity, Quote, Span, Speaker
from newsgraph.store import Store

TEXT = "“We will not wait,” the mayor said. The city council agreed. “It is late,” said Ana Ruiz."


def record() -> ArticleRecord:
    mayor = TEXT.index("the mayor")
    ruiz = TEXT.index("Ana Ruiz")
    council = TEXT.index("The city council")
    unresolved = Quote([Span(0, TEXT.index("”") + 1)], None, Span(mayor, mayor + 9), "direct",
                       Speaker(name=None, named=False))
    named = Quote([Span(TEXT.index("“It"), TEXT.index("late,”") + 6)], None, Span(ruiz, ruiz + 8), "direct",
                  Speaker("Ana Ruiz", entity="E1"))
    entities = [Entity("E1", "Ana Ruiz", "PERSON", [Span(ruiz, ruiz + 8)]),
                Entity("E2", "The city council", "ORG", [Span(council, council + 16)], named=False)]
    return ArticleRecord(article=Article(id="m1", text=TEXT), entities=entities, quotes=[unresolved, named])


def test_the_article_view_says_unresolved() -> None:
    rec = record()
    assert speaker_label(rec.quotes[0], TEXT) == "unresolved: the mayor"
    assert speaker_label(rec.quotes[1], TEXT) == "Ana Ruiz"


@pytest.mark.parametrize("hold_quotes", [False, True])
def test_store_keeps_unresolved_speakers_and_unnamed_entities(tmp_path: Path, hold_quotes: bool) -> None:
    path = tmp_path / "unresolved.duckdb"
    with Store(path) as store:
        store.write(record())
        store.rebuild_search_index()
        stored = store.record("m1")
        assert stored.to_dict() == record().to_dict()
        assert stored.quotes[0].speaker == Speaker(name=None, named=False)
        assert [e.named for e in stored.entities] == [True, False]
    with Store(path, read_only=True, hold_quotes=hold_quotes) as store:
        speakers = sorted(row.speaker or "" for row in store.quotes(limit=None))
        assert speakers == ["Ana Ruiz", "unresolved: the mayor"]
