"""Quote search ranked in memory over the FTS index tables: the extension's ranking, without its per-row cost."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.search import QuoteIndex
from newsgraph.store import Store
from newsgraph.store.search_index import _FTS_SCHEMA

TEXTS = {
    "a1": 'Jane Smith, the minister, said "the economy is growing and the economy will keep growing" on Monday.',
    "a2": 'Omar Haddad, the governor, said "wages are rising while the economy slows" on Tuesday.',
    "a3": 'Lena Berg, the mayor, said "the flood destroyed three bridges and a school" on Friday.',
    "a4": 'Ivan Petrov, the envoy, said "the economy of the region depends on the bridges" on Sunday.',
}


@pytest.fixture
def store(tmp_path: Path, make_record):  # type: ignore[no-untyped-def]
    with Store(tmp_path / "search.duckdb") as opened:
        if not opened.search_available:
            pytest.skip("the DuckDB FTS extension is not installed")
        for article_id, text in TEXTS.items():
            opened.write(make_record(article_id, text=text))
        assert opened.rebuild_search_index()
        yield opened


def extension_ranking(store: Store, query: str) -> list[str]:
    """The quote ids the FTS extension's own match_bm25 ranks for a query, best first."""
    rows = store.con.execute(
        f"SELECT quote_id FROM (SELECT quote_id, {_FTS_SCHEMA}.match_bm25(quote_id, ?, conjunctive := 1) AS s "
        "FROM quotes) WHERE s IS NOT NULL ORDER BY s DESC, quote_id", [query]).fetchall()
    return [r[0] for r in rows]


@pytest.mark.parametrize("query", ["economy", "economies growing", "bridges", "wages economy", "nothing-here"])
def test_ranks_as_the_extension_does(store: Store, query: str) -> None:
    ranked = [f"{r.article_id}#{r.quote_index}" for r in store.quotes(search=query, limit=None)]
    assert ranked == extension_ranking(store, query)


def test_scores_equal_the_extensions_bm25(store: Store) -> None:
    index = QuoteIndex.load(store.con, _FTS_SCHEMA)
    names, scores = index.ranked(store.con, "economy bridges")
    expected = store.con.execute(
        f"SELECT quote_id, {_FTS_SCHEMA}.match_bm25(quote_id, 'economy bridges', conjunctive := 1) AS s "
        "FROM quotes WHERE s IS NOT NULL").fetchall()
    assert dict(zip(names, scores, strict=True)) == pytest.approx(dict(expected))


def test_stop_words_in_a_query_do_not_empty_it(store: Store) -> None:
    assert extension_ranking(store, "the economy") == []  # the extension's conjunctive match: nothing
    found = {r.article_id for r in store.quotes(search="the economy", limit=None)}
    assert found == {"a1", "a2", "a4"}
    assert store.quotes(search="the and of", limit=None) == []


def test_filters_and_pages_apply_to_the_matches(store: Store) -> None:
    everything = store.quotes(search="economy", limit=None)
    assert [r.article_id for r in store.quotes(search="economy", speaker="haddad")] == ["a2"]
    assert store.quotes(search="economy", limit=1, offset=1) == everything[1:2]


def test_a_rebuilt_index_is_reloaded(store: Store, make_record) -> None:  # type: ignore[no-untyped-def]
    before = store.search_index()
    assert store.quotes(search="volcano") == []
    store.write(make_record("a5", text='Ana Lima, the geologist, said "the volcano erupted at dawn" on Monday.'))
    assert store.search_index() is None  # stale until rebuilt: searches fall back to substring matching
    assert [r.article_id for r in store.quotes(search="volcano")] == ["a5"]
    store.rebuild_search_index()
    after = store.search_index()
    assert after is not None and after is not before and after.size == before.size + 1  # type: ignore[union-attr]
    assert [r.article_id for r in store.quotes(search="volcanoes")] == ["a5"]  # stemmed


LISTING_CASES = [
    {}, {"speaker": "smith"}, {"speaker": "HADDAD"}, {"outlet": "reu"}, {"outlet": "nowhere"},
    {"date_from": "2024-03-05"}, {"date_to": "2024-03"}, {"date_from": "2024-03-04", "date_to": "2024-03-06"},
    {"article_id": "a2"}, {"search": "economy"}, {"search": "the economy", "outlet": "AP"},
    {"search": "economy", "date_from": "2024-03-05"}, {"search": "volcano"}, {"limit": 2, "offset": 1},
    {"search": "economy", "limit": 1, "offset": 1}, {"limit": None},
]


@pytest.fixture
def varied_store(tmp_path: Path, make_record):  # type: ignore[no-untyped-def]
    with Store(tmp_path / "varied.duckdb") as opened:
        if not opened.search_available:
            pytest.skip("the DuckDB FTS extension is not installed")
        facts = [("Reuters", "2024-03-04"), ("AP", "2024-03-06"), ("Reuters", None), ("AP", "2024-03-05")]
        for (article_id, text), (source, published) in zip(TEXTS.items(), facts, strict=True):
            opened.write(make_record(article_id, text=text, source=source, published=published))
        assert opened.rebuild_search_index()
        yield opened


@pytest.mark.parametrize("case", LISTING_CASES, ids=[str(c) for c in LISTING_CASES])
def test_the_in_memory_catalogue_lists_what_the_query_lists(varied_store: Store, case: dict) -> None:  # type: ignore[type-arg]
    from_sql = varied_store.quotes(**case)
    varied_store.hold_quotes = True
    from_memory = varied_store.quotes(**case)
    assert from_memory == from_sql


def test_the_catalogue_follows_writes(varied_store: Store, make_record) -> None:  # type: ignore[no-untyped-def]
    varied_store.hold_quotes = True
    assert varied_store.quotes(speaker="lima") == []
    varied_store.write(make_record("a5", text='Ana Lima, the geologist, said "the volcano erupted" on Monday.'))
    assert [r.article_id for r in varied_store.quotes(speaker="lima")] == ["a5"]  # stale: answered by SQL
    varied_store.rebuild_search_index()
    assert [r.article_id for r in varied_store.quotes(search="volcano")] == ["a5"]  # a new catalogue
    with pytest.raises(ValueError):
        varied_store.quotes(date_from="March")


def test_the_catalogue_can_be_loaded_ahead_of_the_first_listing(varied_store: Store, make_record) -> None:  # type: ignore[no-untyped-def]
    from newsgraph import search

    assert varied_store.load_quote_catalogue()
    loaded = [c for key, c in search._CATALOGUES.items() if key[0] == varied_store.path]
    assert len(loaded) == 1 and len(loaded[0].rows) == len(TEXTS)
    varied_store.write(make_record("a5", text='Ana Lima, the geologist, said "the volcano erupted" on Monday.'))
    assert not varied_store.load_quote_catalogue()  # stale until the index is rebuilt


def test_quotes_of_one_corpus_entity_in_sql_and_in_memory(varied_store: Store) -> None:
    jane = varied_store.corpus_ids("a1")["E1"]  # make_record's speaker entity: "Jane Smith"
    from_sql = varied_store.quotes(entity_id=jane, limit=None)
    assert {r.article_id for r in from_sql} == {"a1"} and {r.speaker for r in from_sql} == {"Jane Smith"}
    varied_store.hold_quotes = True
    assert varied_store.quotes(entity_id=jane, limit=None) == from_sql
    assert varied_store.quotes(entity_id="no-such-entity") == []
