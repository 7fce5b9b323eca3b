"""Copies of one article, exact and near, recognised at ingest and counted once (no model: a fake extractor),
the v4 -> v5 migration, and (slow) the seed article under two ids and two outlets."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from newsgraph.cli import main
from newsgraph.dedup import DuplicateIndex, norm_hash
from newsgraph.records import Article, ArticleRecord
from newsgraph.service import NewsGraph

WIRE = ('Jane Smith, the finance minister, said "the economy is growing fast" on Monday. '
        "The ministry published figures showing output rose in every region of the country during the third "
        "quarter, led by construction, retail and a recovery in tourism after two difficult years. Analysts at "
        "several banks said the numbers were stronger than they had expected and raised their forecasts for the "
        "full year, while warning that higher energy prices could still slow household spending this winter. "
        "The central bank meets next week to decide on interest rates.")
OTHER = ('Tom Jones, the transport secretary, said "the new line opens in May" after a visit to the depot. '
         "Engineers have finished laying track across the valley and signalling tests begin next month, the rail "
         "operator said, adding that trains will run every ten minutes at peak times once the timetable changes. "
         "Local councils welcomed the news but asked for more buses to connect outlying villages to the stations.")


class FakeExtractor:
    def __init__(self, make_record) -> None:  # type: ignore[no-untyped-def]
        self.make_record = make_record
        self.extracted: list[str] = []

    def extract(self, article: Article) -> ArticleRecord:
        self.extracted.append(article.id)
        record = self.make_record(article.id, text=article.text)
        record.article = article
        return record

    def extract_many(self, articles):  # type: ignore[no-untyped-def]
        return [self.extract(a) for a in articles]


def test_index_finds_exact_and_near_copies_only() -> None:
    index = DuplicateIndex()
    index.add("wire", *index.signature(WIRE))
    index.add("other", *index.signature(OTHER))
    assert index.find("x", WIRE.upper().replace(",", " ,")).similarity == 1.0  # case, spacing, punctuation
    syndicated = "By Staff Writer\n\n" + WIRE + "\n\nAdditional reporting by a local correspondent."
    match = index.find("copy", syndicated)
    assert match is not None and match.original == "wire" and match.kind == "near" and match.similarity >= 0.7
    assert index.find("wire", WIRE) is None  # never a copy of itself
    edited = index.find("new", OTHER.replace("May", "June"))  # one word changed: a near copy
    assert edited is not None and edited.original == "other" and 0.7 <= edited.similarity < 1.0
    assert index.find("fresh", "An entirely different report about the weather in the mountains " * 3) is None
    assert norm_hash("A  b, C!") == norm_hash("a b c")


def test_short_texts_are_copies_only_when_exact() -> None:
    index = DuplicateIndex()
    index.add("s", *index.signature("Officials said the talks would resume on Friday in Geneva."))
    assert index.find("t", "Officials said the talks would resume on Friday in Geneva.").original == "s"
    assert index.find("t", "Officials said the talks would resume on Monday in Geneva.") is None


@pytest.fixture
def graph(tmp_path: Path, make_record):  # type: ignore[no-untyped-def]
    with NewsGraph(tmp_path / "d.duckdb", extractor=FakeExtractor(make_record)) as opened:
        yield opened


def test_a_syndicated_copy_is_stored_once_and_counted_once(graph: NewsGraph) -> None:
    report = graph.ingest([Article("voa-1", WIRE, title="Economy grows", published="2022-01-31", source="VOA"),
                           Article("ap-7", "By Staff Writer\n\n" + WIRE + "\n\nMore to follow.", title="A new title",
                                   published="2022-02-01", source="AP", url="https://ap.example/7"),
                           Article("same", WIRE, source="Daily", published="2022-02-02"),
                           Article("other", OTHER, source="VOA")])
    assert report.stored == ["voa-1", "other", "ap-7", "same"]  # copies once their original is stored
    assert report.copies == {"ap-7": "voa-1", "same": "voa-1"}
    assert graph.extractor.extracted == ["voa-1", "other"]  # type: ignore[attr-defined]  # copies not extracted
    copy = graph.article("ap-7").article
    assert (copy.duplicate_of, copy.source, copy.url, copy.published) == ("voa-1", "AP", "https://ap.example/7",
                                                                          "2022-02-01")
    assert graph.article("ap-7").quotes == []
    quotes = graph.quotes(limit=None)
    wire_quotes = [q for q in quotes if q.article_id == "voa-1"]
    assert len(quotes) == 2 and len(wire_quotes) == 1  # once each, however many copies
    assert wire_quotes[0].to_dict()["outlets"] == ["VOA", "AP", "Daily"]
    assert wire_quotes[0].copies == ("ap-7", "same")
    assert [q.article_id for q in graph.quotes(outlet="AP")] == ["voa-1"]  # found by a copy's outlet
    assert [q.article_id for q in graph.quotes(search="economy growing")] == ["voa-1"]
    story = graph.story(graph.story_of("voa-1") or "")
    assert story.story.articles == 1
    assert [(a["id"], a.get("duplicate_of")) for a in story.articles] == [("voa-1", None), ("ap-7", "voa-1"),
                                                                         ("same", "voa-1")]
    assert graph.counts()["quotes"] == 2 and graph.counts()["articles"] == 4
    (statement,) = [st for st in story.statements if "growing fast" in st.text]
    assert statement.sources == ["AP", "Daily", "VOA"]
    assert [q["link"] for q in statement.quotes] == ["same", "copy", "copy"]
    rows = {r.id: r for r in graph.articles(limit=None)}
    assert rows["ap-7"].duplicate_of == "voa-1" and rows["ap-7"].story == rows["voa-1"].story
    again = graph.ingest([Article("ap-7", "By Staff Writer\n\n" + WIRE + "\n\nMore to follow.", title="A new title",
                                  published="2022-02-01", source="AP", url="https://ap.example/7")])
    assert again.unchanged == ["ap-7"] and again.stored == []


def test_show_says_a_copy_of(tmp_path: Path, graph: NewsGraph) -> None:
    graph.ingest([Article("voa-1", WIRE, source="VOA"), Article("ap-7", WIRE + " Updated.", source="AP")])
    graph.close()
    runner = CliRunner(env={"COLUMNS": "200"})
    shown = runner.invoke(main, ["show", "ap-7", "--db", str(graph.db_path)])
    assert shown.exit_code == 0, shown.output
    assert shown.output.startswith("ap-7: a copy of voa-1 (AP, undated)")
    original = runner.invoke(main, ["show", "voa-1", "--db", str(graph.db_path)])
    assert "copies: ap-7 (AP, undated)" in original.output
    listed = runner.invoke(main, ["quotes", "--json", "--db", str(graph.db_path)])
    rows = [json.loads(line) for line in listed.output.splitlines()] if not listed.output.startswith("[") \
        else json.loads(listed.output)
    assert [r["outlets"] for r in rows] == [["VOA", "AP"]]


def test_copies_within_one_chunk_and_a_deleted_original(tmp_path: Path, make_record) -> None:
    with NewsGraph(tmp_path / "c.duckdb", chunk_size=8, extractor=FakeExtractor(make_record)) as graph:
        report = graph.ingest([Article("a", WIRE), Article("b", WIRE), Article("c", WIRE + " Reuters")])
        assert report.copies == {"b": "a", "c": "a"}
        assert graph.delete("a")
        assert graph.article("b").article.duplicate_of is None
        again = graph.ingest([Article("b", WIRE), Article("c", WIRE + " Reuters")])
        assert again.stored == ["b", "c"] and again.copies == {"c": "b"}


def test_dedup_off_extracts_every_article(tmp_path: Path, make_record) -> None:
    with NewsGraph(tmp_path / "o.duckdb", extractor=FakeExtractor(make_record), dedup=False) as graph:
        assert graph.ingest([Article("a", WIRE), Article("b", WIRE)]).copies == {}
        assert graph.counts()["quotes"] == 2


def test_a_version_4_database_is_upgraded_to_5(tmp_path: Path, make_record) -> None:
    db = tmp_path / "v4.duckdb"
    with NewsGraph(db, extractor=FakeExtractor(make_record), dedup=False) as graph:
        graph.ingest([Article("a", WIRE, source="VOA", published="2022-01-31")])
    with duckdb.connect(str(db)) as con:  # back to version 4: no v5 columns or tables
        for column in ("published_from", "duplicate_of", "duplicate_similarity"):
            con.execute(f"ALTER TABLE articles DROP COLUMN {column}")
        con.execute("DROP TABLE fetch_state")
        con.execute("DROP TABLE article_signatures")
        con.execute("UPDATE schema_version SET version = 4")
    with NewsGraph(db, extractor=FakeExtractor(make_record)) as graph:
        assert graph.article("a").article.published_from is None  # an old row reads sensibly
        report = graph.ingest([Article("b", WIRE, source="AP")])  # the upgrade signs the stored originals
        assert report.copies == {"b": "a"}
        assert [q.to_dict()["outlets"] for q in graph.quotes()] == [["VOA", "AP"]]
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT max(version) FROM schema_version").fetchone() == (5,)


@pytest.mark.slow
def test_the_seed_article_under_two_ids_and_outlets(tmp_path: Path, shared_data: Path, extractor) -> None:
    seed = json.loads((shared_data / "seed" / "articles.jsonl").read_text(encoding="utf-8").splitlines()[0])
    first = Article(seed["id"], seed["text"], title=seed["title"], published=seed["published"], source="VOA")
    second = Article("syndicated-copy", "By a staff reporter\n\n" + seed["text"], title="Diplomats clash at UN",
                     published="2022-02-01", source="Wire Daily")
    with NewsGraph(tmp_path / "seed.duckdb", extractor=extractor) as graph:
        report = graph.ingest([first, second])
        assert report.copies == {"syndicated-copy": seed["id"]}
        story = graph.story(graph.story_of(seed["id"]) or "")
        assert story.story.articles == 1
        assert [a.get("duplicate_of") for a in story.articles] == [None, seed["id"]]
        graph.close()
        listed = CliRunner().invoke(main, ["quotes", "--json", "--all", "--limit", "0", "--db",
                                           str(graph.db_path)])
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.output) if listed.output.startswith("[") else [
        json.loads(line) for line in listed.output.splitlines()]
    assert len(rows) >= 20
    assert len({(r["article_id"], r["quote_index"]) for r in rows}) == len(rows)
    assert all(r["article_id"] == seed["id"] and r["outlets"] == ["VOA", "Wire Daily"] for r in rows)
