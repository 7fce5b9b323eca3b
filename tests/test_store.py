"""The DuckDB store: round trip, replacement, transactions, search, exports."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsgraph.errors import NotFoundError, StoreError
from newsgraph.records import Actor, ArticleRecord, Event, Quantity, Span, TimeExpression
from newsgraph.store import TABLES, Store


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Store(tmp_path / "test.duckdb") as opened:
        yield opened


def test_round_trip_gives_back_an_equal_record(store: Store, make_record) -> None:  # type: ignore[no-untyped-def]
    record = make_record("a1", title="Budget", published="2024-03-01", source="Reuters", url="https://x.test/a1")
    store.write(record)
    assert store.record("a1") == record
    assert store.record("a1").to_dict() == record.to_dict()


def test_round_trip_keeps_the_other_layers(store: Store, make_record) -> None:  # type: ignore[no-untyped-def]
    record: ArticleRecord = make_record("a2")
    record.times = [TimeExpression(0, 4, "DATE", "2024-03-01", "2024-03-01", "2024-03-05")]
    record.events = [Event("THREATEN", Span(41, 45), Span(0, 60), cameo="130", reported_by=0,
                           source=[Actor(0, 10, "GBR", "GOV", "E1")], target=[Actor(12, 20, None)])]
    record.quantities = [Quantity(5, 9, 100000.0, "troops", "more than", "E1", "2024-02")]
    store.write(record)
    assert store.record("a2") == record


def test_unicode_and_quotes_in_text_survive(store: Store, make_record) -> None:  # type: ignore[no-untyped-def]
    text = 'Zoë O\'Neil — “l’économie” said: "it\'s 100% fine; DROP TABLE articles;--"'
    record = make_record("zoë's", text=text, title="Ünïcode 'title'")
    store.write(record)
    assert store.record("zoë's") == record


def test_article_without_quotes_round_trips(store: Store, make_record) -> None:  # type: ignore[no-untyped-def]
    record = make_record("plain", text="Nothing was said today.")
    store.write(record)
    assert store.record("plain") == record
    assert store.counts() == {"articles": 1, "entities": 0, "mentions": 0, "quotes": 0}


def test_records_streams_every_record_in_id_order(store: Store, make_record) -> None:  # type: ignore[no-untyped-def]
    originals = {}
    for i in range(30):
        text = "No one spoke." if i % 3 == 0 else None  # some articles have no entities or quotes
        record = make_record(f"id-{i:02d}", text=text)
        originals[record.id] = record
    store.write_many(list(originals.values())[::-1])
    streamed = list(store.records(batch=4))
    assert [r.id for r in streamed] == sorted(originals)
    assert streamed == [originals[i] for i in sorted(originals)]


def test_write_many_is_all_or_nothing(store: Store, make_record) -> None:  # type: ignore[no-untyped-def]
    store.write(make_record("a1"))
    with pytest.raises(ValueError, match="twice"):
        store.write_many([make_record("b1"), make_record("b1")])
    bad = make_record("c1", text="Lone \ud800 surrogate said \"hi\" there.")
    with pytest.raises(ValueError):
        store.write_many([make_record("b1"), bad])
    assert store.article_ids() == ["a1"]


def test_unknown_id_is_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError, match="nope"):
        store.record("nope")


def test_rewriting_the_same_record_keeps_row_counts(store: Store, make_record) -> None:  # type: ignore[no-untyped-def]
    store.write(make_record("a1"))
    store.write(make_record("a2"))
    before = store.counts()
    store.write(make_record("a1"))
    assert store.counts() == before == {"articles": 2, "entities": 2, "mentions": 4, "quotes": 4}


def test_changed_text_replaces_the_article(store: Store, make_record) -> None:  # type: ignore[no-untyped-def]
    store.write(make_record("a1"))
    changed = make_record("a1", text='Jane Smith said "prices will fall" on Tuesday.')
    store.write(changed)
    assert store.record("a1") == changed
    assert store.counts() == {"articles": 1, "entities": 1, "mentions": 1, "quotes": 1}


def test_is_unchanged_compares_text_and_metadata(store: Store, make_record) -> None:  # type: ignore[no-untyped-def]
    record = make_record("a1", title="T")
    assert not store.is_unchanged(record.article)
    store.write(record)
    assert store.is_unchanged(make_record("a1", title="T").article)
    assert not store.is_unchanged(make_record("a1", title="Other").article)
    assert not store.is_unchanged(make_record("a1", text="Different text.", title="T").article)


def test_a_failed_write_leaves_no_half_article(store: Store, make_record) -> None:  # type: ignore[no-untyped-def]
    good = make_record("a1")
    store.write(good)
    broken = make_record("a1", text='Jane Smith said "it will work" today. "We will not raise taxes," '
                                    'she added, "not this year."')
    broken.quotes[0].content = [Span(0, 10_000)]  # outside the text: refused before anything is written
    with pytest.raises(ValueError, match="outside text"):
        store.write(broken)
    assert store.record("a1") == good
    assert store.counts()["quotes"] == 2


def test_delete_removes_every_row(store: Store, make_record) -> None:  # type: ignore[no-untyped-def]
    store.write(make_record("a1"))
    assert store.delete("a1")
    assert not store.delete("a1")
    assert store.counts() == dict.fromkeys(TABLES, 0)


def test_full_text_search_finds_a_quote_by_a_word(store: Store, make_record) -> None:  # type: ignore[no-untyped-def]
    if not store.search_available:
        pytest.skip("the duckdb FTS extension is not installed")
    store.write(make_record("a1", source="Reuters"))
    store.write(make_record("a2", text='Bob Jones said "the harvest was poor" yesterday.'))
    assert store.search_index_stale()
    assert store.rebuild_search_index()
    assert not store.search_index_stale()
    rows = store.quotes(search="economy")
    assert [(r.article_id, r.quote_index) for r in rows] == [("a1", 0)]
    assert rows[0].speaker == "Jane Smith" and rows[0].outlet == "Reuters"
    assert [r.article_id for r in store.quotes(search="grows")] == ["a1"]  # stemmed
    assert [r.article_id for r in store.quotes(search="taxes year")] == ["a1"]  # every word, split quote
    assert store.quotes(search="economy harvest") == []
    assert store.quotes(search="zeppelin") == []


def test_search_falls_back_to_substring_while_the_index_is_stale(  # type: ignore[no-untyped-def]
    store: Store, make_record
) -> None:
    store.write(make_record("a1"))
    store.rebuild_search_index()
    store.write(make_record("a2", text='Bob Jones said "the harvest was poor" yesterday.'))
    assert store.search_index_stale()
    assert [r.article_id for r in store.quotes(search="harvest")] == ["a2"]
    assert [r.article_id for r in store.quotes(search="100%")] == []  # LIKE wildcards are literal


def test_quote_filters(store: Store, make_record) -> None:  # type: ignore[no-untyped-def]
    store.write(make_record("a1", source="Reuters", published="2024-01-01"))
    store.write(make_record("a2", source="AP News", published="2024-02-01"))
    store.write(make_record("a3", text='Bob Jones said "the harvest was poor" yesterday.', source="AP News"))
    assert {r.article_id for r in store.quotes(speaker="smith", limit=None)} == {"a1", "a2"}
    assert {r.article_id for r in store.quotes(outlet="ap", limit=None)} == {"a2", "a3"}
    assert [r.article_id for r in store.quotes(speaker="SMITH", outlet="reuters")] == ["a1", "a1"]
    assert len(store.quotes(limit=3)) == 3
    newest_first = [r.article_id for r in store.quotes(speaker="smith", limit=None)]
    assert newest_first == ["a2", "a2", "a1", "a1"]
    split = store.quotes(article_id="a1")[1]
    assert split.content == '"We will not raise taxes," … "not this year."'


def test_reopening_read_only_reads_what_was_written(tmp_path: Path, make_record) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "db.duckdb"
    with Store(path) as writer:
        writer.write(make_record("a1"))
        writer.rebuild_search_index()
    with Store(path, read_only=True) as reader:
        assert reader.record("a1") == make_record("a1")
        assert [r.article_id for r in reader.quotes(search="economy")] == ["a1"]
        with pytest.raises(StoreError, match="read-only"):
            reader.write(make_record("a2"))


def test_missing_database_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such database"):
        Store(tmp_path / "absent.duckdb", read_only=True)


def test_a_foreign_duckdb_file_is_refused(tmp_path: Path) -> None:
    import duckdb

    path = tmp_path / "other.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE articles (x INTEGER)")
    with pytest.raises(StoreError, match="not a newsgraph database"):
        Store(path)


def test_exports_csv_and_parquet_per_table(store: Store, make_record, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import pyarrow.parquet as pq

    store.write(make_record("a1", title="Budget"))
    store.write(make_record("a2"))
    counts = store.counts()
    written = store.export_tables("csv", tmp_path / "csv")
    assert sorted(p.name for p in written) == sorted(f"{t}.csv" for t in TABLES)
    for table in TABLES:
        with open(tmp_path / "csv" / f"{table}.csv", encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        assert len(rows) == counts[table]
    with open(tmp_path / "csv" / "quotes.csv", encoding="utf-8", newline="") as f:
        first = next(csv.DictReader(f))
    assert first["content_text"] == '"the economy is growing fast"'
    assert json.loads(first["content_spans"])[0]["start"] == int(first["start_char"])
    store.export_tables("parquet", tmp_path / "pq")
    for table in TABLES:
        assert pq.read_table(tmp_path / "pq" / f"{table}.parquet").num_rows == counts[table]
    assert pq.read_table(tmp_path / "pq" / "articles.parquet").column("title").to_pylist() == ["Budget", None]


def test_store_never_imports_spacy() -> None:
    code = "import sys, newsgraph.store; sys.exit(1 if 'spacy' in sys.modules else 0)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_a_database_held_by_another_writer_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "busy.duckdb"
    hold = (f"import time; from newsgraph.store import Store; s = Store({str(path)!r}); "
            "print('ready', flush=True); time.sleep(60)")
    holder = subprocess.Popen([sys.executable, "-c", hold], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError, match="in use by another process"):
            Store(path, read_only=True)
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
