"""The storage and query commands: ingest, quotes, show, export; and a kill -9 in the middle of an ingest."""

from __future__ import annotations

import csv
import json
import os
import re
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgraph.cli import main
from newsgraph.records import ArticleRecord
from newsgraph.store import Store

# Runs `newsgraph ingest` with a fake extractor that stops (blocks) after a few articles unless
# NEWSGRAPH_TEST_NO_BLOCK is set, so the test can kill it mid-run without depending on timing.
INGEST_WITH_FAKE_EXTRACTOR = textwrap.dedent('''
    import os, re, sys, time
    import newsgraph.pipeline
    from newsgraph.cli import main
    from newsgraph.records import ArticleRecord, Quote, Span

    class BlockingExtractor:
        def __init__(self):
            self.count = 0

        def extract(self, article):
            self.count += 1
            if self.count > 6 and not os.environ.get("NEWSGRAPH_TEST_NO_BLOCK"):
                time.sleep(120)  # the test kills the process long before this ends
                raise SystemExit("not killed")
            found = re.search(r'"[^"]+"', article.text)
            quote = Quote([Span(*found.span())], None, None, "direct")
            return ArticleRecord(article=article, quotes=[quote])

        def extract_many(self, articles):
            for article in articles:
                yield self.extract(article)

    newsgraph.pipeline.default_extractor = BlockingExtractor
    main(sys.argv[1:])
''')


@pytest.fixture
def db(tmp_path: Path, make_record) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path / "news.duckdb"
    with Store(path) as store:
        store.write(make_record("a1", title="Budget day", source="Reuters", published="2024-03-01"))
        store.write(make_record("b2", text='Bob Jones said "the harvest was poor" yesterday.', source="AP"))
        store.rebuild_search_index()
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner(env={"COLUMNS": "200"}).invoke(main, list(args))  # wide enough for unwrapped cells
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


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


def write_articles(folder: Path, count: int) -> list[str]:
    folder.mkdir()
    ids = [f"article-{i:03d}" for i in range(count)]
    for i, article_id in enumerate(ids):
        (folder / f"{article_id}.txt").write_text(
            f'Minister number {i} said "we have {i} reasons to act now" on Monday.\n', encoding="utf-8")
    return ids


def start_and_stop_ingest(tmp_path: Path, stop_signal: signal.Signals) -> tuple[list[str], int, str]:
    """Start an ingest of 40 articles that stalls after 6, send the signal once one is committed."""
    script = tmp_path / "ingest_fake.py"
    script.write_text(INGEST_WITH_FAKE_EXTRACTOR, encoding="utf-8")
    db = tmp_path / "news.duckdb"
    command = [sys.executable, str(script), "ingest", str(tmp_path / "in"), "--db", str(db),
               "--chunk-size", "2", "--progress", "lines"]
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    assert proc.stderr is not None
    try:
        for line in proc.stderr:  # the first progress line comes once an article is committed
            found = re.search(r"\((\d+) stored", line)
            if found and int(found.group(1)) >= 1:
                break
        else:
            pytest.fail(f"ingest ended without a progress line (status {proc.wait()})")
        proc.send_signal(stop_signal)
        rest = proc.stderr.read()
    finally:
        status = proc.wait()
        proc.stderr.close()
    return command, status, rest


def test_ctrl_c_mid_ingest_keeps_what_was_stored(tmp_path: Path) -> None:
    write_articles(tmp_path / "in", 40)
    _, status, stderr = start_and_stop_ingest(tmp_path, signal.SIGINT)
    assert status == 130, stderr
    stored = int(re.search(r"interrupted after storing (\d+) article", stderr).group(1))  # type: ignore[union-attr]
    assert "Traceback" not in stderr
    with Store(tmp_path / "news.duckdb", read_only=True) as store:
        assert len(store.article_ids()) == stored >= 1


def test_kill_9_mid_ingest_then_rerun_stores_each_article_once(tmp_path: Path) -> None:
    ids = write_articles(tmp_path / "in", 40)
    db = tmp_path / "news.duckdb"
    command, status, _ = start_and_stop_ingest(tmp_path, signal.SIGKILL)  # no cleanup, no index rebuild
    assert status == -9
    with Store(db, read_only=True) as store:
        before = store.article_ids()
        assert 1 <= len(before) < 40
        for article_id in before:
            assert len(store.record(article_id).quotes) == 1  # no half-written article
    rerun = subprocess.run(command, capture_output=True, text=True, check=False,
                           env={**os.environ, "NEWSGRAPH_TEST_NO_BLOCK": "1"})
    assert rerun.returncode == 0, rerun.stderr
    assert f"{40 - len(before)} stored, {len(before)} unchanged, 0 failed" in rerun.stdout
    with Store(db, read_only=True) as store:
        assert store.article_ids() == ids
        assert store.counts()["quotes"] == 40
        distinct = "SELECT count(DISTINCT (article_id, quote_index)) FROM quotes"
        assert store.con.execute(distinct).fetchone() == (40,)
        assert len(store.quotes(search="reasons", limit=None)) == 40


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

    source = Path(cli_module.__file__).read_text(encoding="utf-8")
    assert not re.search(r"^\s*(from|import) (newsgraph\.store|spacy|duckdb)\b", source, re.MULTILINE)
    code = "import sys, newsgraph.cli; sys.exit(1 if 'spacy' in sys.modules else 0)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
