"""The storage and query commands: ingest (and its bad inputs), quotes, events, claims, show, export.

Interrupted ingests (kill -9, Ctrl-C) are tested in tests/test_ingest_resume.py.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgraph.cli import main
from newsgraph.records import ArticleRecord
from newsgraph.store import ALL_TABLES, Store
from tests.test_store import belief_record, layered_record


@pytest.fixture
def db(tmp_path: Path, make_record) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path / "news.duckdb"
    with Store(path) as store:
        store.write(make_record("a1", title="Budget day", source="Reuters", published="2024-03-01"))
        store.write(make_record("b2", text='Bob Jones said "the harvest was poor" yesterday.', source="AP"))
        store.rebuild_search_index()
    return path


@pytest.fixture
def events_db(tmp_path: Path) -> Path:
    path = tmp_path / "events.duckdb"
    with Store(path) as store:
        store.write(layered_record("ev1", title="Troops massed", source="VOA", published="2022-01-31"))
        store.write(layered_record("ev2", published="2022-03-05"))
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner(env={"COLUMNS": "200"}).invoke(main, list(args))  # wide enough for unwrapped cells
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_quotes_lists_statements_and_all_adds_beliefs(tmp_path: Path) -> None:
    path = tmp_path / "beliefs.duckdb"
    with Store(path) as store:
        store.write(belief_record())
    code, out, _ = run("quotes", "--db", str(path), "--json")
    assert code == 0 and [json.loads(line)["kind"] for line in out.splitlines()] == ["direct"]
    code, out, _ = run("quotes", "--db", str(path), "--json", "--all")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [(r["kind"], r["speech"]) for r in rows] == [("direct", True), ("indirect", False)]


def test_quotes_table_lists_speaker_quote_article_outlet_date(db: Path) -> None:
    code, out, _ = run("quotes", "--db", str(db))
    assert code == 0
    for expected in ("Speaker", "Jane Smith", "Bob Jones", "economy is growing", "Budget day", "Reuters",
                     "2024-03-01"):
        assert expected in out


def test_quotes_json_lines_with_filters(db: Path) -> None:
    code, out, _ = run("quotes", "--db", str(db), "--json", "--speaker", "smith", "--outlet", "reut")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(rows) == 2
    assert {r["article_id"] for r in rows} == {"a1"} and rows[0]["speaker"] == "Jane Smith"
    code, out, _ = run("quotes", "--db", str(db), "--json", "--search", "harvest")
    assert [json.loads(line)["article_id"] for line in out.splitlines()] == ["b2"]
    code, out, _ = run("quotes", "--db", str(db), "--json", "--limit", "1")
    assert len(out.splitlines()) == 1


def test_markup_in_stored_text_is_shown_literally(tmp_path: Path, make_record) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "markup.duckdb"
    with Store(db) as store:
        store.write(make_record("m1", text='Ann Lee said "[bold]not markup[/bold] [1]" to [red]us[/red].',
                                source="[i]Outlet[/i]"))
    code, out, _ = run("quotes", "--db", str(db))
    assert code == 0 and "[bold]not markup[/bold] [1]" in out and "[i]Outlet[/i]" in out
    code, out, _ = run("show", "m1", "--db", str(db))
    assert code == 0 and "[red]us[/red]" in out and '"[bold]not markup[/bold] [1]"[1]' in out


def test_quotes_with_no_match_says_so(db: Path) -> None:
    code, out, _ = run("quotes", "--db", str(db), "--speaker", "nobody")
    assert code == 0 and "No quotes match" in out


def test_show_highlights_quotes_and_names_speakers(db: Path) -> None:
    code, out, _ = run("show", "a1", "--db", str(db))
    assert code == 0
    assert "Budget day" in out and "Reuters" in out
    assert '"the economy is growing fast"[1]' in out
    assert '"not this year."[2]' in out
    assert re.search(r"\[1\] Jane Smith \(finance minister\)", out)


def test_errors_are_one_line_without_traceback(db: Path, tmp_path: Path) -> None:
    code, out, err = run("show", "nope", "--db", str(db))
    assert code == 1 and err.strip() == "newsgraph: error: no article with id 'nope'"
    code, out, err = run("quotes", "--db", str(tmp_path / "absent.duckdb"))
    assert code == 1 and "no such database" in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in out + err
    (tmp_path / "junk.duckdb").write_bytes(b"not a database at all" * 100)
    code, out, err = run("quotes", "--db", str(tmp_path / "junk.duckdb"))
    assert code == 1 and err.startswith("newsgraph: error:") and len(err.strip().splitlines()) == 1


def test_export_all_three_formats(db: Path, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    code, _, err = run("export", "--db", str(db), "--format", "jsonl", "-o", str(tmp_path / "all.jsonl"))
    assert code == 0 and "all.jsonl" in err
    records = [ArticleRecord.from_dict(json.loads(line))
               for line in (tmp_path / "all.jsonl").read_text(encoding="utf-8").splitlines()]
    with Store(db, read_only=True) as store:
        assert records == [store.record("a1"), store.record("b2")]
    code, out, _ = run("export", "--db", str(db), "--format", "jsonl", "-o", "-")
    assert code == 0 and [json.loads(line)["id"] for line in out.splitlines()] == ["a1", "b2"]
    code, _, _ = run("export", "--db", str(db), "--format", "csv", "-o", str(tmp_path / "csv"))
    with open(tmp_path / "csv" / "quotes.csv", encoding="utf-8", newline="") as f:
        assert [row["speaker_name"] for row in csv.DictReader(f)] == ["Jane Smith", "Jane Smith", "Bob Jones"]
    code, _, _ = run("export", "--db", str(db), "--format", "parquet", "-o", str(tmp_path / "pq"))
    assert code == 0
    assert pq.read_table(tmp_path / "pq" / "articles.parquet").column("id").to_pylist() == ["a1", "b2"]
    assert pq.read_table(tmp_path / "pq" / "mentions.parquet").num_rows == 3


def test_events_table_and_json(events_db: Path) -> None:
    code, out, _ = run("events", "--db", str(events_db), "--actor", "russia")
    assert code == 0
    for expected in ("MOBILIZE troops", "Russia (RUS MIL) → Ukraine (UKR)", "“massed”", "reported by Linda",
                     "2022-01-21", "Troops massed", "VOA"):
        assert expected in out
    assert "CONSULT" not in out and "AID" not in out
    code, out, _ = run("events", "--db", str(events_db), "--json", "--type", "AID", "--from", "2022-02",
                       "--to", "2022-12-31")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [(r["article_id"], r["date"], r["when"]) for r in rows] == [("ev2", None, "2022-03-05")]
    assert rows[0]["source"] == [{"code": "GBR", "sector": "GOV", "entity": "E5", "name": "Britain",
                                  "text": "Britain"}]
    code, out, _ = run("events", "--db", str(events_db), "--json", "--article", "ev1", "--modality", "planned")
    assert [json.loads(line)["trigger"] for line in out.splitlines()] == ["meet"]
    code, out, _ = run("events", "--db", str(events_db), "--json", "--actor", "RUS MIL", "--limit", "1")
    assert len(out.splitlines()) == 1
    code, out, _ = run("events", "--db", str(events_db), "--type", "protest")
    assert code == 0 and "No events match" in out


def test_events_refuses_a_bad_date(events_db: Path) -> None:
    code, _, err = run("events", "--db", str(events_db), "--from", "31.01.2022")
    assert code == 2 and "'31.01.2022' is not a date" in err


def test_claims_table_and_json(events_db: Path) -> None:
    code, out, _ = run("claims", "--db", str(events_db), "--entity", "russia", "--stance", "denies")
    assert code == 0
    for expected in ("planning an invasion", "denies: Russia (denies)", "asserts: Ukraine's envoy (said)",
                     "Troops massed"):
        assert expected in out
    code, out, _ = run("claims", "--db", str(events_db), "--json", "--article", "ev2")
    (row,) = [json.loads(line) for line in out.splitlines()]
    assert row["text"] == "planning an invasion" and row["published"] == "2022-03-05"
    assert [(s["name"], s["stance"]) for s in row["stances"]] == [("Russia", "denies"), ("Ukraine's envoy", "asserts")]
    code, out, _ = run("claims", "--db", str(events_db), "--entity", "russia", "--stance", "doubts")
    assert code == 0 and "No claims match" in out


def test_show_lists_events_claims_times_and_quantities(events_db: Path) -> None:
    code, out, _ = run("show", "ev1", "--db", str(events_db))
    assert code == 0
    assert "Events (3)" in out
    assert re.search(r"\[E1\] MOBILIZE troops — Russia \(RUS MIL\) → Ukraine \(UKR\): “massed” · 2022-01-21", out)
    assert "reported by Linda Thomas-Greenfield (envoy, U.S.) [1]" in out
    assert "[E2] CONSULT — NATO (IGO): “meet” · planned · 2022-02-01" in out
    assert "[C1] “planning an invasion” — denies: Russia; asserts: Ukraine's envoy" in out
    assert "Tuesday → 2022-02-01 (DATE)" in out and "100,000 troops → 100,000 troops (of Russia)" in out


def test_export_writes_every_table(events_db: Path, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    code, out, _ = run("export", "--help")
    assert all(table in " ".join(out.split()) for table in ALL_TABLES)
    for fmt in ("csv", "parquet"):
        code, _, err = run("export", "--db", str(events_db), "--format", fmt, "-o", str(tmp_path / fmt))
        assert code == 0
        assert sorted(p.name for p in (tmp_path / fmt).iterdir()) == sorted(f"{t}.{fmt}" for t in ALL_TABLES)
    with open(tmp_path / "csv" / "event_actors.csv", encoding="utf-8", newline="") as f:
        actors = list(csv.DictReader(f))
    assert len(actors) == 10 and actors[0]["entity_name"] == "Russia" and actors[0]["code"] == "RUS"
    assert pq.read_table(tmp_path / "parquet" / "claim_stances.parquet").num_rows == 4
    assert pq.read_table(tmp_path / "parquet" / "quantities.parquet").column("value").to_pylist() == [1e5, 1e5]
    code, _, _ = run("export", "--db", str(events_db), "--format", "jsonl", "-o", str(tmp_path / "all.jsonl"))
    lines = (tmp_path / "all.jsonl").read_text(encoding="utf-8").splitlines()
    assert [ArticleRecord.from_dict(json.loads(line)) for line in lines] == [
        layered_record("ev1", title="Troops massed", source="VOA", published="2022-01-31"),
        layered_record("ev2", published="2022-03-05")]


def write_articles(folder: Path, count: int) -> list[str]:
    folder.mkdir()
    ids = [f"article-{i:03d}" for i in range(count)]
    for i, article_id in enumerate(ids):
        (folder / f"{article_id}.txt").write_text(
            f'Minister number {i} said "we have {i} reasons to act now" on Monday.\n', encoding="utf-8")
    return ids


@pytest.mark.slow
def test_ingest_with_the_real_model(tmp_path: Path) -> None:
    ids = write_articles(tmp_path / "in", 3)
    (tmp_path / "in" / "empty.txt").write_text("", encoding="utf-8")
    db = tmp_path / "news.duckdb"
    code, out, err = run("ingest", str(tmp_path / "in"), "--db", str(db))
    assert code == 1  # the empty file failed; the others are stored
    assert re.search(r"^newsgraph: 3 stored, 0 unchanged, 1 failed in .* articles/s\)$", out.strip())
    assert [line for line in err.splitlines() if "error" in line] == [
        f"newsgraph: error: {tmp_path / 'in' / 'empty.txt'}: empty file"]
    code, out, _ = run("ingest", str(tmp_path / "in" / f"{ids[0]}.txt"), "--db", str(db))
    assert code == 0 and "0 stored, 1 unchanged, 0 failed" in out
    with Store(db, read_only=True) as store:
        assert store.article_ids() == ids
        assert store.record(ids[1]).text.startswith("Minister number 1")


def test_cli_never_imports_store_or_spacy_directly() -> None:
    import newsgraph.cli as cli_module
    import newsgraph.cli_common as cli_common

    for module in (cli_module, cli_common):
        source = Path(module.__file__).read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import) (newsgraph\.store|spacy|duckdb)\b", source, re.MULTILINE)
    code = "import sys, newsgraph.cli; sys.exit(1 if 'spacy' in sys.modules else 0)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


class RecordingExtractor:
    """A fake extractor (no model): the ``make_record`` record of each article's text."""

    def __init__(self, make_record) -> None:  # type: ignore[no-untyped-def]
        self.make_record = make_record

    def extract(self, article):  # type: ignore[no-untyped-def]
        record = self.make_record(article.id, text=article.text)
        record.article = article
        return record

    def extract_many(self, articles):  # type: ignore[no-untyped-def]
        return [self.extract(article) for article in articles]


def test_every_kind_of_bad_input_fails_alone_through_ingest(  # type: ignore[no-untyped-def]
    tmp_path: Path, make_record, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsgraph import pipeline
    from newsgraph.ingest import source

    monkeypatch.setattr(pipeline, "default_extractor", lambda: RecordingExtractor(make_record))
    monkeypatch.setattr(source, "MAX_FILE_BYTES", 2000)
    monkeypatch.setattr(pipeline, "MAX_ARTICLE_CHARS", 1500)
    monkeypatch.setattr(source, "MAX_JSONL_LINE_BYTES", 3000)
    db = tmp_path / "news.duckdb"
    with Store(db) as store:
        store.write(make_record("stored-before", source="Reuters"))
    folder = tmp_path / "in"
    folder.mkdir()
    good = 'Ann Lee said "the ferry will run again in May" on Tuesday.'
    (folder / "a-good.txt").write_text(good, encoding="utf-8")
    (folder / "b-binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 2)
    (folder / "c-empty.txt").write_bytes(b"")
    (folder / "d-latin1.txt").write_bytes('Zoë Brandt said "the café stays open" today.'.encode("cp1252"))
    (folder / "e-junk-encoding.txt").write_bytes(bytes((i * 151 + 7) % 255 + 1 for i in range(1500)))
    (folder / "f-oversize.txt").write_text("word " * 500, encoding="utf-8")
    (folder / "g-malformed.html").write_text("<html><body><div><span></div></p></table>", encoding="utf-8")
    (folder / "h-lines.jsonl").write_bytes((
        json.dumps({"id": "line-ok", "text": 'Bob Jones said "the harvest was poor" yesterday.'}) + "\n"
        + '{"id": "broken", "te\n'
        + json.dumps({"id": "too-long", "text": "long " * 400}) + "\n"
        + json.dumps({"id": "blank", "text": "   "}) + "\n"
        + json.dumps({"id": "huge-line", "text": "huge " * 1000}) + "\n").encode("utf-8")
        + '{"id": "latin-1", "text": "Zoë"}\n'.encode("latin-1"))
    (folder / "i-secret.txt").write_text(good, encoding="utf-8")
    real_open = Path.open

    def deny(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if self.name == "i-secret.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", deny)
    code, out, err = run("ingest", str(folder), str(tmp_path / "missing.txt"), "--db", str(db))
    assert code == 1
    assert out.strip().startswith("newsgraph: 3 stored, 0 unchanged, 12 failed in ")
    errors = err.strip().splitlines()
    expected = [
        (folder / "b-binary.txt", "binary data"),
        (folder / "c-empty.txt", "empty file"),
        (folder / "e-junk-encoding.txt", "not UTF-8"),
        (folder / "f-oversize.txt", "over the size limit of 2,000 bytes"),
        (folder / "g-malformed.html", "no article body found in the HTML"),
        (f"{folder / 'h-lines.jsonl'}:2", "malformed JSON"),
        ("too-long", "text of 2,000 characters is over the limit of 1,500"),
        (f"{folder / 'h-lines.jsonl'}:4", "empty text (id 'blank')"),
        (f"{folder / 'h-lines.jsonl'}:5", "line is over the limit of 3,000 bytes"),
        (f"{folder / 'h-lines.jsonl'}:6", "not valid UTF-8"),
        (folder / "i-secret.txt", "permission denied"),
        (tmp_path / "missing.txt", "no such file or folder"),
    ]
    assert all(line.startswith("newsgraph: error: ") for line in errors) and len(errors) == len(expected)
    for name, reason in expected:
        assert any(line.startswith(f"newsgraph: error: {name}: ") and reason in line for line in errors), (
            name, reason, errors)
    with Store(db, read_only=True) as store:
        assert store.article_ids() == ["a-good", "d-latin1", "line-ok", "stored-before"]
        assert store.record("d-latin1").text.startswith("Zoë Brandt")
        assert store.record("stored-before") == make_record("stored-before", source="Reuters")


@pytest.fixture
def stories_db(tmp_path: Path, make_record) -> Path:  # type: ignore[no-untyped-def]
    from tests.test_store import ECONOMY, PARAPHRASE, STORM

    path = tmp_path / "stories.duckdb"
    with Store(path) as store:
        store.write(make_record("r1", text=ECONOMY.format(day="Monday"), source="Reuters", published="2024-03-04",
                                title="Minister upbeat on economy"))
        store.write(make_record("a1", text=ECONOMY.format(day="Tuesday"), source="AP", published="2024-03-05"))
        store.write(make_record("p1", text=PARAPHRASE, source="BBC", published="2024-03-06"))
        store.write(make_record("s1", text=STORM, source="AP", published="2024-03-05", title="Hurricane hits"))
        store.write(layered_record("c1", source="Reuters"))
        store.write(layered_record("c2", source="AP"))
        store.checkpoint_linker()
    return path


def story_id_of(db: Path, article_id: str) -> str:
    with Store(db, read_only=True) as store:
        found = store.story_of(article_id)
    assert found is not None
    return found


def test_stories_lists_titles_dates_and_actors(stories_db: Path) -> None:
    code, out, _ = run("stories", "--db", str(stories_db))
    assert code == 0
    for expected in ("Minister upbeat on economy", "Hurricane hits", "Jane Smith", "2024-03-04 – 2024-03-06"):
        assert expected in out
    code, out, _ = run("stories", "--db", str(stories_db), "--json")
    rows = {row["title"]: row for row in map(json.loads, out.splitlines())}
    assert rows["Minister upbeat on economy"]["articles"] == 3


def test_story_shows_statements_with_their_sources_and_a_timeline(stories_db: Path) -> None:
    sid = story_id_of(stories_db, "r1")
    code, out, _ = run("story", sid, "--db", str(stories_db))
    assert code == 0
    assert "Statements" in out and "AP, Reuters" in out and "BBC" in out and "Timeline" in out
    code, out, _ = run("story", sid, "--db", str(stories_db), "--json")
    view = json.loads(out)
    assert [a["id"] for a in view["article_list"]] == ["r1", "a1", "p1"]
    assert view["statements"][0]["sources"] == ["AP", "Reuters"]
    dates = [item["date"] for item in view["timeline"]]
    assert dates == sorted(dates)
    code, _, err = run("story", "NOPE", "--db", str(stories_db))
    assert code == 1 and "no story" in err


def test_story_timeline_orders_events_by_their_own_dates(stories_db: Path) -> None:
    code, out, _ = run("story", story_id_of(stories_db, "c1"), "--db", str(stories_db), "--json")
    timeline = json.loads(out)["timeline"]
    events = [(t["date"], t["label"], t["kind"]) for t in timeline if t["kind"].startswith("event")]
    assert events[:2] == [("2022-01-21", "MOBILIZE", "event")] * 2  # dated by the text, not by publication
    assert ("2022-01-31", "AID", "event (published)") in events


def test_claims_by_story_show_asserts_and_denies_across_outlets(stories_db: Path) -> None:
    sid = story_id_of(stories_db, "c1")
    code, out, _ = run("claims", "--db", str(stories_db), "--story", sid, "--json")
    groups = [json.loads(line) for line in out.splitlines()]
    assert len(groups) == 1 and len(groups[0]["members"]) == 2
    assert groups[0]["denies"] == ["Russia (Reuters)", "Russia (AP)"]
    code, out, _ = run("claims", "--db", str(stories_db), "--story", sid)
    assert "Denied by" in out and "Russia (AP)" in out


def test_graph_writes_gexf_graphml_and_csv(stories_db: Path, tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    sid = story_id_of(stories_db, "c1")
    for name in ("g.gexf", "g.graphml", "g.csv"):
        code, _, err = run("graph", "--db", str(stories_db), "--story", sid, "-o", str(tmp_path / name))
        assert code == 0 and "edges" in err
    gexf = ET.parse(tmp_path / "g.gexf").getroot()
    ns = {"g": "http://gexf.net/1.3"}
    labels = {n.get("id"): n.get("label") for n in gexf.iterfind(".//g:node", ns)}
    edges = {(labels[e.get("source")], labels[e.get("target")], e.get("kind")): int(e.get("weight") or 0)
             for e in gexf.iterfind(".//g:edge", ns)}
    assert edges[("Russia", "Ukraine", "acts_on")] == 2  # one event in each of two articles
    assert edges[("Linda Thomas-Greenfield", "Russia", "speaks_about")] == 2
    graphml = ET.parse(tmp_path / "g.graphml").getroot()
    assert len(graphml.findall(".//{http://graphml.graphdrawing.org/xmlns}edge")) == len(edges)
    with open(tmp_path / "g.csv", encoding="utf-8") as fh:
        assert len(list(csv.DictReader(fh))) == len(edges)
    code, _, err = run("graph", "--db", str(stories_db), "-o", str(tmp_path / "g.txt"))
    assert code == 2 and "suffix" in err
