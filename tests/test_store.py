"""The DuckDB store: round trip, replacement, transactions, search, exports."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from newsgraph.errors import NotFoundError, StoreError
from newsgraph.records import (
    Actor,
    Article,
    ArticleRecord,
    Claim,
    ClaimStance,
    Entity,
    Event,
    Quantity,
    Quote,
    Span,
    Speaker,
    TimeExpression,
)
from newsgraph.store import ALL_TABLES, SCHEMA_VERSION, TABLES, SchemaUpgradeNeeded, Store

LAYERED_TEXT = ("Russia massed 100,000 troops near Ukraine on January 21, U.S. envoy Linda Thomas-Greenfield said. "
                "Russia denies planning an invasion. NATO will meet on Tuesday. Britain sent weapons to Ukraine.")


def layered_record(article_id: str = "ev1", published: str | None = "2022-01-31", text: str = LAYERED_TEXT,
                   **article_fields: str | None) -> ArticleRecord:
    """A hand-built record with every layer: entities, a quote, times, a quantity, events, a claim.

    Events: 0 MOBILIZE Russia (RUS MIL) -> Ukraine, 2022-01-21, reported in quote 0; 1 CONSULT NATO (IGO),
    planned, 2022-02-01; 2 AID Britain (GBR GOV) -> Ukraine, undated. Claim "planning an invasion": Russia
    denies it, Ukraine's envoy (no entity) asserts it.
    """

    def span(needle: str, nth: int = 0) -> Span:
        start = -1
        for _ in range(nth + 1):
            start = text.index(needle, start + 1)
        return Span(start, start + len(needle))

    def sentence(needle: str) -> Span:
        inside = span(needle)
        found = next(m for m in re.finditer(r"[A-Z].*?[a-z0-9]\.(?= |$)", text) if m.end() > inside.start)
        return Span(found.start(), found.end())

    def actor(needle: str, code: str | None, sector: str | None, entity: str | None, nth: int = 0) -> Actor:
        found = span(needle, nth)
        return Actor(found.start, found.end, code, sector, entity)

    article = Article(id=article_id, text=text, published=published, **article_fields)  # type: ignore[arg-type]
    entities = [
        Entity("E1", "Russia", "GPE", [span("Russia"), span("Russia", 1)]),
        Entity("E2", "Ukraine", "GPE", [span("Ukraine"), span("Ukraine", 1)]),
        Entity("E3", "Linda Thomas-Greenfield", "PERSON", [span("Linda Thomas-Greenfield")], "envoy", "U.S."),
        Entity("E4", "NATO", "ORG", [span("NATO")]),
        Entity("E5", "Britain", "GPE", [span("Britain")]),
    ]
    quote = Quote([span("Russia massed 100,000 troops near Ukraine on January 21")], span("said"),
                  span("U.S. envoy Linda Thomas-Greenfield"), "indirect",
                  Speaker("Linda Thomas-Greenfield", "E3", "envoy", "U.S."))
    events = [
        Event("MOBILIZE", span("massed"), sentence("massed"), mode="troops", cameo="152", modality="reported",
              source=[actor("Russia", "RUS", "MIL", "E1")], target=[actor("Ukraine", "UKR", None, "E2")],
              date="2022-01-21", reported_by=0),
        Event("CONSULT", span("meet"), sentence("meet"), modality="planned", cameo="040",
              source=[actor("NATO", "IGO", None, "E4")], date="2022-02-01"),
        Event("AID", span("sent"), sentence("sent"), mode="military", cameo="070",
              source=[actor("Britain", "GBR", "GOV", "E5")], target=[actor("Ukraine", "UKR", None, "E2", 1)]),
    ]
    claims = [Claim(span("planning an invasion"), [
        ClaimStance("E1", "denies", span("denies")),
        ClaimStance(None, "asserts", span("said"), name="Ukraine's envoy"),
    ])]
    return ArticleRecord(
        article=article, entities=entities, quotes=[quote], events=events, claims=claims,
        times=[TimeExpression(*span("January 21").to_dict().values(), "DATE", "2022-01-21"),
               TimeExpression(*span("Tuesday").to_dict().values(), "DATE", "2022-02-01")],
        quantities=[Quantity(*span("100,000 troops").to_dict().values(), 100000.0, "troops", None, "E1")],
    )


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
    assert store.counts(ALL_TABLES) == {**dict.fromkeys(ALL_TABLES, 0), "articles": 1, "article_story": 1,
                                        "stories": 1}


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
    before = store.counts(ALL_TABLES)
    store.write(make_record("a1"))
    after = store.counts(ALL_TABLES)
    assert after == before
    assert {t: after[t] for t in ("articles", "entities", "mentions", "quotes", "article_story")} == {
        "articles": 2, "entities": 2, "mentions": 4, "quotes": 4, "article_story": 2}


def test_changed_text_replaces_the_article(store: Store, make_record) -> None:  # type: ignore[no-untyped-def]
    store.write(make_record("a1"))
    changed = make_record("a1", text='Jane Smith said "prices will fall" on Tuesday.')
    store.write(changed)
    assert store.record("a1") == changed
    counts = store.counts(ALL_TABLES)
    assert {t: counts[t] for t in ("articles", "entities", "mentions", "quotes", "article_story", "entity_links",
                                   "corpus_entities", "stories")} == {
        "articles": 1, "entities": 1, "mentions": 1, "quotes": 1, "article_story": 1, "entity_links": 1,
        "corpus_entities": 1, "stories": 1}


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
    assert store.counts(ALL_TABLES) == dict.fromkeys(ALL_TABLES, 0)


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
    store.write(layered_record("ev1"))
    counts = store.counts()
    assert all(counts.values())
    written = store.export_tables("csv", tmp_path / "csv")
    assert sorted(p.name for p in written) == sorted(f"{t}.csv" for t in ALL_TABLES)
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
    assert pq.read_table(tmp_path / "pq" / "articles.parquet").column("title").to_pylist() == ["Budget", None, None]
    events = pq.read_table(tmp_path / "pq" / "events.parquet").to_pylist()
    assert [(e["type"], e["trigger_text"], e["date"]) for e in events][:2] == [("MOBILIZE", "massed", "2022-01-21"),
                                                                             ("CONSULT", "meet", "2022-02-01")]
    with open(tmp_path / "csv" / "claim_stances.csv", encoding="utf-8", newline="") as f:
        assert [row["stance"] for row in csv.DictReader(f)] == ["denies", "asserts"]


def test_store_never_imports_spacy() -> None:
    """Nor the models, the pipeline or the stages: storage is what commands that only read need."""
    code = ("import sys, newsgraph.store; "
            "banned = {'spacy', 'newsgraph.models', 'newsgraph.pipeline', 'newsgraph.stages'}; "
            "sys.exit(1 if banned & set(sys.modules) else 0)")
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


def test_every_layer_is_stored_in_its_own_table(store: Store) -> None:
    record = layered_record()
    store.write(record)
    assert store.record("ev1") == record
    counts = store.counts()
    assert {t: counts[t] for t in ("times", "quantities", "events", "event_actors", "claims", "claim_stances")} == {
        "times": 2, "quantities": 1, "events": 3, "event_actors": 5, "claims": 1, "claim_stances": 2}
    assert not {"events", "claims", "times", "quantities"} & set(
                json.loads(store.con.execute("SELECT extras FROM articles").fetchone()[0]))
    events = store.con.execute("SELECT type, trigger_text, modality, reported_by FROM events ORDER BY event_index")
    assert events.fetchall() == [("MOBILIZE", "massed", "reported", 0), ("CONSULT", "meet", "planned", None),
                                 ("AID", "sent", "asserted", None)]
    actors = store.con.execute("SELECT event_index, role, code, sector, entity_name, text FROM event_actors "
                               "ORDER BY event_index, role, actor_index").fetchall()
    assert actors[:2] == [(0, "source", "RUS", "MIL", "Russia", "Russia"), (0, "target", "UKR", None, "Ukraine",
                                                                             "Ukraine")]
    assert store.con.execute("SELECT text, value, unit, of FROM quantities").fetchall() == [
        ("100,000 troops", 100000.0, "troops", "E1")]
    assert store.con.execute("SELECT text, value FROM times ORDER BY time_index").fetchall() == [
        ("January 21", "2022-01-21"), ("Tuesday", "2022-02-01")]
    assert store.con.execute("SELECT stance, name, evidence_text FROM claim_stances ORDER BY stance_index"
                             ).fetchall() == [("denies", None, "denies"), ("asserts", "Ukraine's envoy", "said")]


def test_layers_are_replaced_with_their_article_never_duplicated(store: Store) -> None:
    store.write(layered_record("ev1"))
    store.write(layered_record("ev2"))
    before = store.counts(ALL_TABLES)
    store.write(layered_record("ev1"))
    assert store.counts(ALL_TABLES) == before
    shorter = layered_record("ev1", text="Russia denies planning an invasion. NATO will meet on Tuesday. "
                                         "Britain sent weapons to Ukraine. Russia massed 100,000 troops near "
                                         "Ukraine on January 21, U.S. envoy Linda Thomas-Greenfield said.")
    shorter.events = shorter.events[1:]
    shorter.claims = []
    store.write(shorter)
    assert store.record("ev1") == shorter
    after = store.counts(ALL_TABLES)
    assert after["events"] == before["events"] - 1 and after["event_actors"] == before["event_actors"] - 2
    assert after["claims"] == before["claims"] - 1 and after["claim_stances"] == before["claim_stances"] - 2
    assert store.delete("ev1") and store.delete("ev2")
    assert store.counts(ALL_TABLES) == dict.fromkeys(ALL_TABLES, 0)


def test_events_query_filters_by_actor_type_modality_and_date(store: Store) -> None:
    store.write(layered_record("ev1", published="2022-01-31", source="VOA"))
    store.write(layered_record("ev2", published="2022-03-05T09:30:00Z"))

    def found(**filters: str) -> list[tuple[str, str]]:
        return [(row.article_id, row.type) for row in store.events(limit=None, **filters)]

    first = store.events(article_id="ev1", type="mobilize")[0]
    assert (first.trigger, first.modality, first.date, first.when, first.outlet) == (
        "massed", "reported", "2022-01-21", "2022-01-21", "VOA")
    assert first.reported_by == "Linda Thomas-Greenfield" and first.reported_in == 0
    assert [a.label() for a in first.source] == ["Russia (RUS MIL)"] and first.target[0].code == "UKR"
    assert first.sentence.startswith("Russia massed") and first.sentence.endswith("said.")
    assert found(actor="russia") == [("ev1", "MOBILIZE"), ("ev2", "MOBILIZE")]
    assert found(actor="RUS") == found(actor="rus mil") == found(actor="RUSMIL") == found(actor="russia")
    assert found(actor="ukraine") == [("ev2", "AID"), ("ev1", "AID"), ("ev1", "MOBILIZE"), ("ev2", "MOBILIZE")]
    assert found(actor="Thomas-Greenfield") == []  # the reporter, not an actor
    assert found(type="Consult") == [("ev1", "CONSULT"), ("ev2", "CONSULT")]
    assert found(modality="planned") == found(type="consult")
    # the undated AID events fall back on their article's date: 2022-01-31 and 2022-03-05
    assert found(date_from="2022-02-01") == [("ev2", "AID"), ("ev1", "CONSULT"), ("ev2", "CONSULT")]
    assert found(date_from="2022-01-25", date_to="2022-01-31") == [("ev1", "AID")]
    assert found(date_to="2022-01") == [("ev1", "AID"), ("ev1", "MOBILIZE"), ("ev2", "MOBILIZE")]
    assert len(found(date_from="2022", date_to="2022")) == 6
    assert found(actor="ukraine", type="aid", date_from="2022-03") == [("ev2", "AID")]
    assert len(store.events(limit=2)) == 2
    with pytest.raises(ValueError, match="not a date"):
        store.events(date_from="31/01/2022")


def test_an_event_dated_to_a_month_matches_days_within_it(store: Store) -> None:
    record = layered_record("ev1", published=None)
    record.events[0].date = "2022-02"
    record.events[1].date = "PRESENT_REF"  # no calendar date and no publication date: never in a date range
    store.write(record)
    assert [r.type for r in store.events(date_from="2022-02-15", date_to="2022-02-20")] == ["MOBILIZE"]
    assert [r.type for r in store.events(date_to="2022-01-31")] == []
    assert [r.when for r in store.events(type="consult")] == [None]


def test_claims_query_shows_who_asserts_and_denies(store: Store) -> None:
    store.write(layered_record("ev1", published="2022-01-31"))
    (claim,) = store.claims()
    assert claim.text == "planning an invasion" and claim.published == "2022-01-31"
    assert [(s.name, s.stance, s.evidence) for s in claim.stances] == [
        ("Russia", "denies", "denies"), ("Ukraine's envoy", "asserts", "said")]
    assert claim.to_dict()["stances"][0] == {"entity": "E1", "name": "Russia", "stance": "denies",
                                             "evidence": "denies"}
    assert len(store.claims(entity="russia", stance="denies")) == 1
    assert len(store.claims(entity="E1")) == 1
    assert store.claims(entity="russia", stance="asserts") == []  # one holder must match both
    assert len(store.claims(entity="envoy", stance="ASSERTS")) == 1
    assert len(store.claims(search="INVASION")) == 1 and store.claims(search="ceasefire") == []


def write_version_1_database(path: Path, record: ArticleRecord) -> None:
    """A database as newsgraph's schema version 1 wrote it: the layers as JSON in articles.extras."""
    import duckdb

    from newsgraph.store.schema import _SCHEMA_V1

    layers = {k: v for k, v in record.to_dict().items() if k in ("times", "events", "quantities", "claims")}
    article = record.article
    with duckdb.connect(str(path)) as con:
        con.execute(_SCHEMA_V1)
        con.execute("INSERT INTO schema_version VALUES (1)")
        con.execute("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, 'x', now(), ?)",
                    [article.id, article.title, article.published, article.source, article.url, article.text,
                     json.dumps(layers)])


def test_a_version_1_database_is_upgraded_when_opened_for_writing(tmp_path: Path) -> None:
    path = tmp_path / "v1.duckdb"
    record = layered_record("old")
    write_version_1_database(path, record)
    with pytest.raises(SchemaUpgradeNeeded, match="version 1 is older"):
        Store(path, read_only=True)
    with Store(path) as store:
        migrated = store.record("old")
        assert (migrated.events, migrated.claims, migrated.times, migrated.quantities) == (
            record.events, record.claims, record.times, record.quantities)
        assert store.counts()["event_actors"] == 5
        assert not {"events", "claims", "times", "quantities"} & set(
                json.loads(store.con.execute("SELECT extras FROM articles").fetchone()[0]))
    with Store(path, read_only=True) as reader:
        assert reader.con.execute("SELECT max(version) FROM schema_version").fetchone() == (SCHEMA_VERSION,)
        assert [r.type for r in reader.events(actor="nato")] == ["CONSULT"]


def test_a_database_of_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.duckdb"
    with Store(path) as store:
        store.con.execute("UPDATE schema_version SET version = ?", [SCHEMA_VERSION + 1])
    for read_only in (False, True):
        with pytest.raises(StoreError, match="newer than this newsgraph"):
            Store(path, read_only=read_only)


# -- stories, corpus entities, statements and claims across articles (schema v3) --------------------------------

ECONOMY = ('Jane Smith, the finance minister, said "the economy is growing fast and wages will rise this year" '
           "at the budget debate in Parliament on {day}. The budget debate about taxes and wages goes on.")
PARAPHRASE = ('Jane Smith, the finance minister, said "the economy is growing quickly and wages will surely rise" '
              "at the budget debate in Parliament on Tuesday. The budget debate about taxes and wages goes on.")
STORM = ('Bob Jones, the mayor, said "the hurricane destroyed three hundred homes along the coast" after the '
         "storm hit Florida. Hurricane winds flattened the harbour.")


def test_ingest_assigns_stories_and_corpus_entities(store: Store, make_record) -> None:  # type: ignore[no-untyped-def]
    store.write(make_record("r1", text=ECONOMY.format(day="Monday"), source="Reuters", published="2024-03-04"))
    store.write(make_record("a1", text=ECONOMY.format(day="Tuesday"), source="AP", published="2024-03-05"))
    store.write(make_record("s1", text=STORM, source="AP", published="2024-03-05"))
    story_r1, story_a1, story_s1 = (store.story_of(a) for a in ("r1", "a1", "s1"))
    assert story_r1 == story_a1 != story_s1
    stories = {s.id: s for s in store.stories()}
    assert stories[story_r1].articles == 2 and stories[story_r1].first_date == "2024-03-04"
    assert stories[story_r1].last_date == "2024-03-05"
    assert stories[story_r1].actors[0]["name"] == "Jane Smith"
    links = dict(store.con.execute("SELECT article_id, corpus_id FROM entity_links").fetchall())
    assert links["r1"] == links["a1"] != links["s1"]  # one Jane Smith across outlets, Bob Jones apart


def test_the_same_quote_in_two_outlets_is_one_statement(store: Store, make_record) -> None:  # type: ignore[no-untyped-def]
    store.write(make_record("r1", text=ECONOMY.format(day="Monday"), source="Reuters", published="2024-03-04"))
    store.write(make_record("a1", text=ECONOMY.format(day="Tuesday"), source="AP", published="2024-03-05"))
    store.write(make_record("p1", text=PARAPHRASE, source="BBC", published="2024-03-05"))
    statements = store.statements(store.story_of("r1"))
    assert len(statements) == 2  # the paraphrase is its own statement, linked to the first, not merged into it
    shared = statements[0]
    assert shared.sources == ["AP", "Reuters"]
    links = sorted((q["article_id"], q["link"]) for q in shared.quotes)
    assert links == [("a1", "same"), ("p1", "paraphrase"), ("r1", "same")]
    assert statements[1].sources == ["BBC"]


def test_a_rolled_back_write_leaves_no_statement_to_link_to(store: Store, make_record, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Statements are matched through an in-memory index: a failed write must not leave its rows in it."""
    store.write(make_record("r1", text=ECONOMY.format(day="Monday"), source="Reuters", published="2024-03-04"))
    insert_rows = store._insert_rows

    def fail_on_links(table: str, rows: list[tuple[object, ...]]) -> None:
        if table == "claim_links":
            raise duckdb.ConstraintException("simulated failure at the end of the write")
        insert_rows(table, rows)

    monkeypatch.setattr(store, "_insert_rows", fail_on_links)
    with pytest.raises(StoreError):
        store.write(make_record("b1", text=PARAPHRASE, source="BBC", published="2024-03-05"))
    monkeypatch.undo()
    store.write(make_record("p1", text=PARAPHRASE, source="BBC", published="2024-03-05"))
    store.write(make_record("a1", text=ECONOMY.format(day="Tuesday"), source="AP", published="2024-03-05"))
    statements = store.statements(store.story_of("r1"))
    assert sorted(s.sources for s in statements) == [["AP", "Reuters"], ["BBC"]]
    ids = {q["article_id"] for s in statements for q in s.quotes}
    assert ids == {"r1", "p1", "a1"}  # nothing of the rolled-back b1


def test_statements_link_the_same_across_store_reopenings(tmp_path: Path, make_record) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        store.write(make_record("r1", text=ECONOMY.format(day="Monday"), source="Reuters", published="2024-03-04"))
    with Store(path) as store:  # the index is loaded from the stored statements
        store.write(make_record("a1", text=ECONOMY.format(day="Tuesday"), source="AP", published="2024-03-05"))
        store.write(make_record("r1", text=ECONOMY.format(day="Monday"), source="Reuters",
                                published="2024-03-04"))  # rewritten: its statement is re-linked, not doubled
        assert [s.sources for s in store.statements()] == [["AP", "Reuters"]]
        ids = store.con.execute("SELECT id FROM statements").fetchall()
        assert len(ids) == 1


def test_claims_across_outlets_show_who_asserts_and_who_denies(store: Store) -> None:
    first = layered_record("c1", source="Reuters")
    second = layered_record("c2", source="AP")
    second.claims[0].stances = [s for s in second.claims[0].stances if s.stance == "denies"]
    store.write(first)
    store.write(second)
    assert store.story_of("c1") == store.story_of("c2")
    groups = store.claim_groups(store.story_of("c1"))
    assert len(groups) == 1 and len(groups[0].members) == 2
    assert any("(Reuters)" in h for h in groups[0].holders("asserts"))
    assert {h.split(" (")[1] for h in groups[0].holders("denies")} == {"Reuters)", "AP)"}


def test_linker_state_survives_reopening_and_a_lost_checkpoint(tmp_path: Path, make_record) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        store.write(make_record("r1", text=ECONOMY.format(day="Monday"), source="Reuters"))
        assert store.checkpoint_linker()
        store.write(make_record("s1", text=STORM, source="AP"))  # linked after the checkpoint (as if killed)
    with Store(path) as store:
        store.write(make_record("a1", text=ECONOMY.format(day="Tuesday"), source="AP"))
        assert store.story_of("a1") == store.story_of("r1") != store.story_of("s1")
        assert store.linker.clusterer.n_docs == 3  # the checkpoint plus the replayed article, not a recompute
        before = store.counts(ALL_TABLES)
        store.write(make_record("a1", text=ECONOMY.format(day="Tuesday"), source="AP"))  # rewritten: no duplicates
        assert store.counts(ALL_TABLES) == before
        assert store.statements()[0].sources == ["AP", "Reuters"]


def test_a_version_2_database_is_upgraded_with_stories(tmp_path: Path, make_record) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "v2.duckdb"
    with Store(path) as store:
        store.write(make_record("r1", text=ECONOMY.format(day="Monday"), source="Reuters"))
        store.write(make_record("a1", text=ECONOMY.format(day="Tuesday"), source="AP"))
        for table in ("stories", "article_story", "corpus_entities", "entity_links", "statements",
                      "statement_quotes", "claim_groups", "claim_links", "linker_state"):
            store.con.execute(f"DROP TABLE {table}")
        store.con.execute("UPDATE schema_version SET version = 2")
    with pytest.raises(SchemaUpgradeNeeded):
        Store(path, read_only=True)
    with Store(path) as store:
        assert store.story_of("r1") == store.story_of("a1") is not None
        assert store.statements()[0].sources == ["AP", "Reuters"]
        assert store.con.execute("SELECT count(*) FROM linker_state").fetchone() == (1,)


def test_actor_graph_edges_from_events_and_quotes(store: Store) -> None:
    store.write(layered_record("g1"))
    edges = {(e.kind, e.source_name, e.target_name): e.weight for e in store.actor_edges()}
    assert edges[("acts_on", "Russia", "Ukraine")] == 1
    assert edges[("acts_on", "Britain", "Ukraine")] == 1
    story_edges = store.actor_edges(store.story_of("g1"))
    assert {(e.kind, e.source_name, e.target_name) for e in story_edges} == set(edges)


def test_the_linker_is_checkpointed_only_once_enough_articles_are_new(tmp_path: Path, make_record) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "c.duckdb"
    with Store(path) as store:
        store.write(make_record("r1", text=ECONOMY.format(day="Monday"), source="Reuters"))
        assert not store.checkpoint_linker(min_new=2)
        store.write(make_record("s1", text=STORM, source="AP"))
        assert store.checkpoint_linker(min_new=2)
        store.write(make_record("a1", text=ECONOMY.format(day="Tuesday"), source="AP"))
        assert not store.checkpoint_linker(min_new=2)  # one new since the save: left to the replay
    with Store(path) as store:
        store.write(make_record("b1", text=ECONOMY.format(day="Wednesday"), source="BBC"))
        assert store.story_of("b1") == store.story_of("a1") == store.story_of("r1") != store.story_of("s1")
        assert store.linker.clusterer.n_docs == 4


def test_events_and_quotes_of_one_corpus_entity(store: Store) -> None:
    store.write(layered_record("g1"))
    ids = store.corpus_ids("g1")
    ukraine, envoy = ids["E2"], ids["E3"]
    assert {e.type for e in store.events(entity_id=ukraine)} == {"MOBILIZE", "AID"}  # as target of both
    assert [e.type for e in store.events(entity_id=ids["E4"])] == ["CONSULT"]
    assert store.events(entity_id=envoy) == []  # she speaks, she does not act
    assert [q.speaker for q in store.quotes(entity_id=envoy)] == ["Linda Thomas-Greenfield"]
    assert store.quotes(entity_id=ukraine) == []


def belief_record(article_id: str = "b1"):  # type: ignore[no-untyped-def]
    """A statement and a reported belief by one speaker."""
    from newsgraph.records import Article, ArticleRecord, Quote, Span, Speaker

    text = 'Jane Smith said "the economy is growing." Jane Smith expects rates to fall.'
    said, expects = text.index("said"), text.index("expects")
    speaker = Speaker("Jane Smith")
    statement = Quote([Span(text.index('"the'), text.index('."') + 2)], Span(said, said + 4), Span(0, 10), "direct",
                      speaker)
    belief = Quote([Span(expects + 8, len(text) - 1)], Span(expects, expects + 7), Span(expects - 11, expects - 1),
                   "indirect", speaker, speech=False)
    return ArticleRecord(article=Article(id=article_id, text=text), quotes=[statement, belief])


@pytest.mark.parametrize("hold_quotes", [False, True])
def test_quotes_are_listed_as_statements_or_beliefs(tmp_path: Path, hold_quotes: bool) -> None:
    path = tmp_path / "speech.duckdb"
    with Store(path) as store:
        store.write(belief_record())
        store.rebuild_search_index()
        assert [q.speech for q in store.record("b1").quotes] == [True, False]
    with Store(path, read_only=True, hold_quotes=hold_quotes) as store:
        assert [q.kind for q in store.quotes()] == ["direct", "indirect"]
        assert [q.kind for q in store.quotes(speech=True)] == ["direct"]
        assert [(q.kind, q.to_dict()["speech"]) for q in store.quotes(speech=False)] == [("indirect", False)]
        assert [q.kind for q in store.quotes(search="rates", speech=True)] == []


def test_a_version_3_database_gains_the_speech_column(tmp_path: Path) -> None:
    path = tmp_path / "v3.duckdb"
    with Store(path) as store:
        store.write(belief_record())
        store.con.execute("ALTER TABLE quotes DROP COLUMN speech")
        store.con.execute("ALTER TABLE quotes DROP COLUMN speaker_named")  # v4 too: unresolved speakers
        store.con.execute("ALTER TABLE entities DROP COLUMN named")
        store.con.execute("UPDATE schema_version SET version = 3")
    with pytest.raises(SchemaUpgradeNeeded, match="version 3 is older"):
        Store(path, read_only=True)
    with Store(path) as store:
        # quotes stored before v4 were not classified: they read as statements until re-ingested
        assert [q.speech for q in store.record("b1").quotes] == [True, True]
        assert len(store.quotes(speech=True)) == 2
        store.write(belief_record())
        assert [q.kind for q in store.quotes(speech=True)] == ["direct"]
