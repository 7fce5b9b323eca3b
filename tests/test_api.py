"""The Python API: ``newsgraph.NewsGraph`` does what each CLI command does, and the CLI prints what it returns."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import newsgraph
from newsgraph.cli import main
from newsgraph.http import create_app
from newsgraph.records import Article, ArticleRecord
from tests.conftest import SAMPLES
from tests.test_store import LAYERED_TEXT, layered_record


class FakeExtractor:
    """Layered records for the layered text, else the ``make_record`` record (no model)."""

    def __init__(self, make_record) -> None:  # type: ignore[no-untyped-def]
        self.make_record = make_record

    def extract(self, article: Article) -> ArticleRecord:
        record = layered_record(article.id) if article.text == LAYERED_TEXT else self.make_record(article.id,
                                                                                                    text=article.text)
        record.article = article
        return record

    def extract_many(self, articles):  # type: ignore[no-untyped-def]
        return [self.extract(article) for article in articles]


@pytest.fixture
def graph(tmp_path: Path, make_record):  # type: ignore[no-untyped-def]
    articles = [
        Article("ev1", LAYERED_TEXT, title="Troops massed", published="2022-01-31", source="VOA"),
        Article("ev2", LAYERED_TEXT, published="2022-03-05"),
        Article("q1", 'Jane Smith, the finance minister, said "the economy is growing fast" today.',
                published="2024-03-01", source="Reuters"),
    ]
    # ev1 and ev2 share a text but stand for two articles here (copies: tests/test_dedup.py)
    with newsgraph.NewsGraph(tmp_path / "api.duckdb", extractor=FakeExtractor(make_record), dedup=False) as opened:
        report = opened.ingest(articles)
        assert report.stored == ["ev1", "ev2", "q1"]
        yield opened


def cli_json(graph: newsgraph.NewsGraph, *args: str) -> list[dict]:
    """The command's JSON lines (the graph lets go of the database first; it reopens on next use)."""
    graph.close()
    result = CliRunner().invoke(main, [*args, "--db", str(graph.db_path), "--json"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_the_package_exports_the_api() -> None:
    from newsgraph import service

    assert newsgraph.NewsGraph is service.NewsGraph
    assert newsgraph.EventRow is service.EventRow and newsgraph.ClaimRow is service.ClaimRow
    assert newsgraph.StoryRow is service.StoryRow and newsgraph.StoryView is service.StoryView
    assert set(newsgraph.__all__) >= {"NewsGraph", "extract", "extract_many", "ArticleRecord", "Event", "Claim",
                                      "QuoteRow", "EventRow", "ClaimRow", "IngestReport"}
    with pytest.raises(AttributeError):
        newsgraph.NoSuchThing  # noqa: B018
    code = "import sys, newsgraph; sys.exit(1 if {'duckdb', 'spacy'} & set(sys.modules) else 0)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0  # light until used


def test_every_cli_command_has_an_api_method() -> None:
    methods = {"extract": newsgraph.extract, "ingest": newsgraph.NewsGraph.ingest,
               "quotes": newsgraph.NewsGraph.quotes, "events": newsgraph.NewsGraph.events,
               "claims": newsgraph.NewsGraph.claims, "show": newsgraph.NewsGraph.show,
               "export": newsgraph.NewsGraph.export, "stories": newsgraph.NewsGraph.stories,
               "story": newsgraph.NewsGraph.story, "graph": newsgraph.NewsGraph.graph}
    methods["timeline"] = newsgraph.NewsGraph.timeline
    methods["watch"] = newsgraph.NewsGraph.watch
    methods["serve"] = create_app  # the web app and JSON API over the same library object
    assert set(main.commands) == set(methods)
    assert all(callable(m) and m.__doc__ for m in methods.values())


def test_quotes_events_and_claims_are_what_the_cli_prints(graph: newsgraph.NewsGraph) -> None:
    quotes = graph.quotes(speaker="smith")
    assert [(q.article_id, q.speaker, q.outlet) for q in quotes] == [("q1", "Jane Smith", "Reuters")]
    assert cli_json(graph, "quotes", "--speaker", "smith") == [q.to_dict() for q in quotes]

    events = graph.events(actor="RUS MIL", date_from="2022-01", date_to="2022-01-31")
    assert [(e.article_id, e.type, e.trigger, e.reported_by) for e in events] == [
        ("ev1", "MOBILIZE", "massed", "Linda Thomas-Greenfield"), ("ev2", "MOBILIZE", "massed",
                                                                   "Linda Thomas-Greenfield")]
    assert cli_json(graph, "events", "--actor", "RUS MIL", "--from", "2022-01", "--to", "2022-01-31") == [
        e.to_dict() for e in events]
    assert [e.when for e in graph.events(type="AID")] == ["2022-03-05", "2022-01-31"]  # publication dates

    claims = graph.claims(entity="Russia", stance="denies")
    assert [(c.article_id, c.text, [(s.name, s.stance) for s in c.stances]) for c in claims][0] == (
        "ev2", "planning an invasion", [("Russia", "denies"), ("Ukraine's envoy", "asserts")])
    assert cli_json(graph, "claims", "--entity", "Russia", "--stance", "denies") == [c.to_dict() for c in claims]


def test_show_gives_the_whole_stored_record(graph: newsgraph.NewsGraph) -> None:
    record = graph.show("ev1")
    expected = layered_record("ev1", title="Troops massed", source="VOA")
    assert record == expected
    assert [e.type for e in record.events] == ["MOBILIZE", "CONSULT", "AID"]
    assert record.text[record.times[1].start:record.times[1].end] == "Tuesday" and record.times[1].value == "2022-02-01"
    with pytest.raises(newsgraph.NotFoundError):
        graph.show("nope")


def test_export_to_a_stream_and_to_files(graph: newsgraph.NewsGraph, tmp_path: Path) -> None:
    stream = io.StringIO()
    graph.export("jsonl", stream)
    records = [ArticleRecord.from_dict(json.loads(line)) for line in stream.getvalue().splitlines()]
    assert [r.id for r in records] == ["ev1", "ev2", "q1"] and records[0] == graph.show("ev1")
    written = graph.export("parquet", tmp_path / "pq")
    assert {p.stem for p in written} == set(newsgraph.service.ALL_TABLES)


def test_ingest_reports_failures_and_counts(graph: newsgraph.NewsGraph, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    report = graph.ingest([Article("ev1", LAYERED_TEXT, title="Troops massed", published="2022-01-31",
                                   source="VOA"), tmp_path / "empty.txt"])
    assert isinstance(report, newsgraph.IngestReport)
    assert report.unchanged == ["ev1"] and [str(f) for f in report.failed] == [f"{tmp_path / 'empty.txt'}: empty file"]
    assert graph.counts()["events"] == 6


@pytest.mark.slow
def test_the_real_model_through_the_api(tmp_path: Path) -> None:
    """newsgraph.extract and NewsGraph.ingest agree, and every layer comes back from the store."""
    line = (SAMPLES / "articles.jsonl").read_text(encoding="utf-8").splitlines()[0]
    article = Article(**{k: v for k, v in json.loads(line).items() if k in Article.__slots__})
    extracted = newsgraph.extract(article.text, id=article.id, title=article.title, published=article.published,
                                  source=article.source, url=article.url)
    assert extracted.quotes and extracted.events and extracted.times
    with newsgraph.NewsGraph(tmp_path / "real.duckdb") as graph:
        assert graph.ingest([article]).stored == [article.id]
        stored = graph.show(article.id)
        assert stored.to_dict() == extracted.to_dict()
        assert len(graph.events(article_id=article.id, limit=None)) == len(extracted.events)
        assert len(graph.quotes(article_id=article.id, limit=None, speech=None)) == len(extracted.quotes)
        assert len(graph.claims(article_id=article.id, limit=None)) == len(extracted.claims)
