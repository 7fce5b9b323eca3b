"""NewsGraph's storage side: ingest (idempotent, resumable, failure-isolating), queries, exports.

Extraction is faked (``FakeExtractor``) so these tests do not depend on the stages' quality.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest

from newsgraph.errors import NewsgraphError, NotFoundError, StoreError
from newsgraph.records import Article, ArticleRecord
from newsgraph.service import ALL_TABLES, IngestEvent, NewsGraph
from tests.test_store import LAYERED_TEXT, layered_record, write_version_1_database


class FakeExtractor:
    """Hand-built records by the ``make_record`` factory; raises on articles whose id says so."""

    def __init__(self, make_record: Callable[..., ArticleRecord], interrupt_at: str | None = None) -> None:
        self.make_record = make_record
        self.interrupt_at = interrupt_at
        self.extracted: list[str] = []

    def extract(self, article: Article) -> ArticleRecord:
        if article.id == self.interrupt_at:
            raise KeyboardInterrupt
        if "boom" in article.id:
            raise RuntimeError("the model fell over")
        self.extracted.append(article.id)
        if article.text == LAYERED_TEXT:
            record = layered_record(article.id)
        else:
            record = self.make_record(article.id, text=article.text)
        record.article = article
        if "badspan" in article.id:
            record.quotes[0].content[0] = type(record.quotes[0].content[0])(0, len(article.text) + 5)
        return record

    def extract_many(self, articles: Iterable[Article]) -> Iterator[ArticleRecord]:
        for article in articles:
            yield self.extract(article)


def text_of(article_id: str, version: int = 1) -> str:
    return f'Jane Smith said "version {version} of {article_id} is out" today.'


def articles(*ids: str) -> list[Article]:
    return [Article(id=i, text=text_of(i), source="Reuters", published="2024-05-01") for i in ids]


@pytest.fixture
def graph(tmp_path: Path, make_record) -> Iterator[NewsGraph]:  # type: ignore[no-untyped-def]
    # the same text under several ids stands for several articles here (copies: tests/test_dedup.py)
    with NewsGraph(tmp_path / "g.duckdb", chunk_size=2, extractor=FakeExtractor(make_record), dedup=False) as opened:
        yield opened


def test_ingest_stores_and_reports(graph: NewsGraph) -> None:
    events: list[IngestEvent] = []
    report = graph.ingest(articles("a", "b", "c"), progress=events.append)
    assert report.stored == ["a", "b", "c"] and report.unchanged == [] and report.failed == []
    assert [e.status for e in events] == ["stored"] * 3
    assert events[-1].report.done == 3
    assert "3 stored, 0 unchanged, 0 failed" in report.summary()
    assert graph.article("b").article == articles("b")[0]


def test_reingest_is_skipped_before_extraction(graph: NewsGraph) -> None:
    graph.ingest(articles("a", "b"))
    counts = graph.counts()
    fake = graph.extractor
    assert isinstance(fake, FakeExtractor)
    fake.extracted.clear()
    report = graph.ingest(articles("a", "b"))
    assert report.stored == [] and report.unchanged == ["a", "b"]
    assert fake.extracted == []
    assert graph.counts() == counts


def test_force_re_extracts_without_duplicating(graph: NewsGraph) -> None:
    graph.ingest(articles("a", "b"))
    counts = graph.counts()
    report = graph.ingest(articles("a", "b"), force=True)
    assert report.stored == ["a", "b"]
    assert graph.counts() == counts


def test_changed_text_replaces(graph: NewsGraph) -> None:
    graph.ingest(articles("a", "b"))
    counts = graph.counts()
    report = graph.ingest([Article(id="a", text=text_of("a", version=2))])
    assert report.stored == ["a"]
    assert graph.counts() == counts
    assert "version 2" in graph.article("a").text
    assert [r.content for r in graph.quotes(article_id="a")] == ['"version 2 of a is out"']


def test_a_failure_mid_batch_keeps_the_rest(graph: NewsGraph) -> None:
    surrogate = Article("surrogate", 'Lone \ud800 Smith said "hi" there.')
    # chunks of two: [a, b] [boom, empty] [surrogate, c] [badspan]
    batch = [*articles("a", "b", "boom"), Article("empty", "   "), surrogate, *articles("c", "badspan")]
    report = graph.ingest(batch)
    assert report.stored == ["a", "b", "c"]
    assert [f.input_name for f in report.failed] == ["boom", "empty", "surrogate", "badspan"]
    assert "the model fell over" in report.failed[0].reason
    assert "empty text" in report.failed[1].reason
    assert "cannot store" in report.failed[2].reason and "cannot store" in report.failed[3].reason
    assert graph.counts()["articles"] == 3
    retry = graph.ingest(batch)  # failures are not stored, so a rerun retries them
    assert retry.unchanged == ["a", "b", "c"] and len(retry.failed) == 4


def test_an_interrupt_keeps_what_was_committed(tmp_path: Path, make_record) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "g.duckdb"
    with NewsGraph(db, chunk_size=1, extractor=FakeExtractor(make_record, interrupt_at="d")) as graph, \
            pytest.raises(KeyboardInterrupt):
        graph.ingest(articles("a", "b", "c", "d", "e"))
    with NewsGraph(db, chunk_size=1, extractor=FakeExtractor(make_record)) as graph:
        assert graph.counts()["articles"] == 3
        assert [r.article_id for r in graph.quotes(search="version", limit=None)] == ["a", "b", "c"]
        report = graph.ingest(articles("a", "b", "c", "d", "e"))
        assert report.unchanged == ["a", "b", "c"] and report.stored == ["d", "e"]
        assert graph.counts()["articles"] == 5


def test_a_repeated_id_within_a_run(graph: NewsGraph) -> None:
    same = articles("a")[0]
    clash = Article(id="a", text=text_of("a", version=2))
    report = graph.ingest([same, same, clash])
    assert report.stored == ["a"] and report.unchanged == ["a"]
    assert [f.input_name for f in report.failed] == ["a"] and "earlier in this run" in report.failed[0].reason
    assert "version 1" in graph.article("a").text


def test_ingest_reads_paths(graph: NewsGraph, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "one.txt").write_text(text_of("one"), encoding="utf-8")
    (folder / "two.txt").write_text(text_of("two"), encoding="utf-8")
    (folder / "notes.txt").write_bytes(b"\xff\xfe broken")
    report = graph.ingest([folder, tmp_path / "missing.txt"])
    assert sorted(report.stored) == ["one", "two"]
    assert len(report.failed) == 2
    assert any("missing.txt" in f.input_name and "no such file" in f.reason for f in report.failed)


def test_search_is_current_after_ingest(graph: NewsGraph) -> None:
    graph.ingest(articles("a"))
    graph.ingest([Article(id="b", text='Bob Jones said "the harvest was poor" yesterday.', source="AP")])
    rows = graph.quotes(search="harvest")
    assert [(r.article_id, r.speaker, r.outlet) for r in rows] == [("b", "Bob Jones", "AP")]
    assert graph.quotes(speaker="jones", outlet="reuters") == []


def test_queries_need_an_existing_database(tmp_path: Path) -> None:
    with NewsGraph(tmp_path / "absent.duckdb") as graph, pytest.raises(StoreError, match="no such database"):
        graph.quotes()
    assert not (tmp_path / "absent.duckdb").exists()
    with pytest.raises(StoreError, match="without a db_path"):
        NewsGraph().article("a")


def test_unknown_article_is_not_found(graph: NewsGraph) -> None:
    graph.ingest(articles("a"))
    with pytest.raises(NotFoundError):
        graph.article("zzz")


def test_export_jsonl_matches_the_extract_format(graph: NewsGraph, tmp_path: Path) -> None:
    graph.ingest(articles("b", "a"))
    written = graph.export("jsonl", tmp_path / "out.jsonl")
    lines = written[0].read_text(encoding="utf-8").splitlines()
    records = [ArticleRecord.from_dict(json.loads(line)) for line in lines]
    assert records == [graph.article("a"), graph.article("b")]
    keys = {"id", "title", "published", "source", "url", "text", "entities", "quotes"}
    assert set(json.loads(lines[0])) >= keys
    stream = io.StringIO()
    graph.export("jsonl", stream)
    assert stream.getvalue().splitlines() == lines


def test_export_tables(graph: NewsGraph, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    graph.ingest(articles("a", "b"))
    written = graph.export("csv", tmp_path / "csv")
    assert {p.name for p in written} == {f"{table}.csv" for table in ALL_TABLES}
    with open(tmp_path / "csv" / "articles.csv", encoding="utf-8", newline="") as f:
        assert [row["id"] for row in csv.DictReader(f)] == ["a", "b"]
    graph.export("parquet", tmp_path / "pq")
    speakers = pq.read_table(tmp_path / "pq" / "quotes.parquet").column("speaker_name").to_pylist()
    assert speakers == ["Jane Smith"] * 2
    (tmp_path / "file").write_text("x")
    with pytest.raises(NewsgraphError, match="folder"):
        graph.export("csv", tmp_path / "file")
    with pytest.raises(NewsgraphError, match="unknown export format"):
        graph.export("xml", tmp_path / "x")


def layered(*ids: str, published: str = "2022-01-31") -> list[Article]:
    return [Article(id=i, text=LAYERED_TEXT, published=published, source="VOA") for i in ids]


def test_ingest_stores_every_layer_once(graph: NewsGraph) -> None:
    report = graph.ingest(layered("x", "y"))
    assert report.stored == ["x", "y"]
    counts = graph.counts()
    assert (counts["events"], counts["event_actors"], counts["claims"], counts["claim_stances"], counts["times"],
            counts["quantities"]) == (6, 10, 2, 4, 4, 2)
    assert graph.ingest(layered("x", "y")).unchanged == ["x", "y"]
    assert graph.ingest(layered("x", "y"), force=True).stored == ["x", "y"]
    assert graph.counts() == counts
    graph.ingest([Article(id="x", text=text_of("x"))])  # changed text: x's layers go with it
    after = graph.counts()
    assert after["events"] == 3 and after["claims"] == 1 and after["articles"] == 2
    assert graph.show("y") == graph.article("y") and len(graph.show("y").events) == 3


def test_events_and_claims_queries(graph: NewsGraph) -> None:
    graph.ingest([*layered("x"), *layered("y", published="2022-03-05"), *articles("plain")])
    rows = graph.events(actor="Russia")
    assert [(r.article_id, r.type, r.reported_by) for r in rows] == [
        ("x", "MOBILIZE", "Linda Thomas-Greenfield"), ("y", "MOBILIZE", "Linda Thomas-Greenfield")]
    assert [r.article_id for r in graph.events(type="aid", date_from="2022-03-01", date_to="2022-03-31")] == ["y"]
    assert [r.type for r in graph.events(article_id="x", modality="planned")] == ["CONSULT"]
    assert len(graph.events(limit=None)) == 6 and len(graph.events(limit=4)) == 4
    with pytest.raises(NewsgraphError, match="not a date"):
        graph.events(date_from="March")
    claims = graph.claims(entity="russia", stance="denies")
    assert [(c.article_id, c.text) for c in claims] == [("y", "planning an invasion"), ("x", "planning an invasion")]
    assert graph.claims(entity="russia", stance="doubts") == []


def test_a_version_1_database_is_upgraded_on_first_query(tmp_path: Path) -> None:
    db = tmp_path / "old.duckdb"
    write_version_1_database(db, layered_record("old"))
    with NewsGraph(db) as graph:
        assert [r.type for r in graph.events(actor="GBR")] == ["AID"]
        assert graph.article("old").events == layered_record("old").events


def test_stories_survive_between_ingest_runs_without_a_recompute(tmp_path: Path, make_record) -> None:  # type: ignore[no-untyped-def]
    from tests.test_store import ECONOMY, STORM

    db = tmp_path / "s.duckdb"
    with NewsGraph(db, extractor=FakeExtractor(make_record)) as graph:
        graph.ingest([Article("r1", ECONOMY.format(day="Monday"), source="Reuters", published="2024-03-04"),
                      Article("s1", STORM, source="AP", published="2024-03-05")])
    with NewsGraph(db, extractor=FakeExtractor(make_record)) as graph:
        graph.ingest([Article("a1", ECONOMY.format(day="Tuesday"), source="AP", published="2024-03-05")])
        store = graph._open(write=True)
        assert store.linker.clusterer.n_docs == 3  # loaded from the checkpoint: nothing replayed or recomputed
        assert graph.story_of("a1") == graph.story_of("r1") != graph.story_of("s1")
        story_id = graph.story_of("a1")
        assert story_id is not None
        view = graph.story(story_id)
        assert view.story.articles == 2 and [a["id"] for a in view.articles] == ["r1", "a1"]
        assert view.statements[0].sources == ["AP", "Reuters"]
        assert [s.id for s in graph.stories()][0] in {story_id, graph.story_of("s1")}
        assert graph.graph(story_id).nodes == {}  # no events, no quote naming anyone else
        with pytest.raises(NotFoundError):
            graph.story("S999")


def test_export_includes_the_story_tables(graph: NewsGraph, tmp_path: Path) -> None:
    graph.ingest(layered("c1", "c2"))
    written = {p.name for p in graph.export("csv", tmp_path / "out")}
    assert {"stories.csv", "article_story.csv", "corpus_entities.csv", "entity_links.csv", "statements.csv",
            "statement_quotes.csv", "claim_groups.csv", "claim_links.csv"} <= written
    with open(tmp_path / "out" / "claim_links.csv", encoding="utf-8") as fh:
        assert len({row["group_id"] for row in csv.DictReader(fh)}) == 1  # one claim, in two articles
