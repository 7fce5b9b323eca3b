"""`newsgraph ingest` interrupted -- kill -9 between or during commits, Ctrl-C -- then resumed.

Each run is the real CLI in a subprocess with a fake ``newsgraph.pipeline`` (no spaCy: fast, and the
articles' layers are known): every article gets one quote, one event with two actors, one time, one
quantity and one claim with one stance, so a half-written article would show as missing rows.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from newsgraph.store import TABLES, Store

# The CLI with newsgraph.pipeline replaced. NEWSGRAPH_TEST_BLOCK_AFTER=N: extraction stalls at the
# N+1th article (after saying "blocked" on stderr) until the test stops the process;
# NEWSGRAPH_TEST_PACE=S: each article takes S seconds to extract.
FAKE_PIPELINE_CLI = textwrap.dedent('''
    import os, re, sys, time, types
    from newsgraph.errors import InputError
    from newsgraph.records import (Actor, ArticleRecord, Claim, ClaimStance, Entity, Event, Quantity, Quote,
                                   Span, TimeExpression)

    def span(text, needle):
        start = text.index(needle)
        return Span(start, start + len(needle))

    class FakeExtractor:
        def __init__(self):
            self.count = 0
            self.block_after = int(os.environ.get("NEWSGRAPH_TEST_BLOCK_AFTER", "0"))
            self.pace = float(os.environ.get("NEWSGRAPH_TEST_PACE", "0"))

        def extract(self, article):
            self.count += 1
            if self.block_after and self.count > self.block_after:
                print("blocked", file=sys.stderr, flush=True)
                time.sleep(120)  # the test stops the process long before this ends
                raise SystemExit("not stopped")
            time.sleep(self.pace)
            text = article.text
            russia, ukraine = span(text, "Russia"), span(text, "Ukraine")
            entities = [Entity("E1", "Russia", "GPE", [russia]), Entity("E2", "Ukraine", "GPE", [ukraine])]
            quote = Quote([Span(*re.search(r'"[^"]+"', text).span())], span(text, "said"), None, "direct")
            event = Event("THREATEN", span(text, "threatened"), Span(0, len(text)), modality="asserted",
                          source=[Actor(russia.start, russia.end, "RUS", "GOV", "E1")],
                          target=[Actor(ukraine.start, ukraine.end, "UKR", None, "E2")], date="2022-01-31")
            monday = span(text, "Monday")
            reasons = Span(*re.search(r"[0-9]+ reasons", text).span())
            return ArticleRecord(
                article=article, entities=entities, quotes=[quote], events=[event],
                times=[TimeExpression(monday.start, monday.end, "DATE", "2022-01-31")],
                quantities=[Quantity(reasons.start, reasons.end, 1.0, "reasons")],
                claims=[Claim(quote.content[0], [ClaimStance(None, "asserts", span(text, "said"), "a minister")])])

        def extract_many(self, articles):
            for article in articles:
                yield self.extract(article)

    def check_article(article):
        if not article.text.strip():
            raise InputError(article.id, "empty text")

    fake = types.ModuleType("newsgraph.pipeline")
    fake.default_extractor = FakeExtractor
    fake.check_article = check_article
    sys.modules["newsgraph.pipeline"] = fake

    from newsgraph.cli import main
    main(sys.argv[1:])
''')
ROWS_PER_ARTICLE = {"articles": 1, "entities": 2, "mentions": 2, "quotes": 1, "times": 1, "quantities": 1,
                    "events": 1, "event_actors": 2, "claims": 1, "claim_stances": 1}
UNIQUE_KEYS = {"articles": "id", "entities": "article_id, entity_index",
               "mentions": "article_id, entity_id, mention_index", "quotes": "article_id, quote_index",
               "times": "article_id, time_index", "quantities": "article_id, quantity_index",
               "events": "article_id, event_index", "event_actors": "article_id, event_index, role, actor_index",
               "claims": "article_id, claim_index", "claim_stances": "article_id, claim_index, stance_index"}


def article_text(i: int) -> str:
    return f'Minister {i} said "we have {i} reasons to act" on Monday, after Russia threatened Ukraine.'


def write_jsonl(path: Path, count: int) -> list[str]:
    ids = [f"article-{i:04d}" for i in range(count)]
    with open(path, "w", encoding="utf-8") as out:
        for i, article_id in enumerate(ids):
            out.write(json.dumps({"id": article_id, "text": article_text(i), "published": "2022-01-31"}) + "\n")
    return ids


def write_folder(folder: Path, count: int) -> list[str]:
    folder.mkdir()
    ids = [f"article-{i:04d}" for i in range(count)]
    for i, article_id in enumerate(ids):
        (folder / f"{article_id}.txt").write_text(article_text(i) + "\n", encoding="utf-8")
    return ids


def ingest_command(tmp_path: Path, source: Path, db: Path, chunk_size: int = 2) -> list[str]:
    script = tmp_path / "fake_pipeline_cli.py"
    script.write_text(FAKE_PIPELINE_CLI, encoding="utf-8")
    return [sys.executable, str(script), "ingest", str(source), "--db", str(db), "--chunk-size", str(chunk_size),
            "--workers", "1", "--progress", "lines"]


def run_until(command: list[str], stop_signal: signal.Signals, env: dict[str, str],
              ready: re.Pattern[str], lines_before_stop: int = 1, delay: float = 0.0) -> tuple[int, str]:
    """Run an ingest; send the signal ``delay`` seconds after ``ready`` matched that many stderr lines (or
    let it end); its exit status and stderr."""
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                            env={**os.environ, **env})
    assert proc.stderr is not None
    seen = []
    try:
        for line in proc.stderr:
            seen.append(line)
            if sum(bool(ready.search(s)) for s in seen) >= lines_before_stop:
                time.sleep(delay)
                proc.send_signal(stop_signal)
                break
        seen.append(proc.stderr.read())
    except BaseException:
        proc.kill()
        raise
    finally:
        try:
            status = proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            status = proc.wait()
        proc.stderr.close()
    return status, "".join(seen)


# The cross-article rows each article gets in the same transaction: its story, its two corpus entities,
# its quote's statement (each article's quote has other words) and its claim's group.
LINK_ROWS_PER_ARTICLE = {"article_story": 1, "entity_links": 2, "statement_quotes": 1, "claim_links": 1}
LINK_TARGETS = {"article_story": ("story_id", "stories"), "entity_links": ("corpus_id", "corpus_entities"),
                "statement_quotes": ("statement_id", "statements"), "claim_links": ("group_id", "claim_groups")}


def assert_whole_links(store: Store, articles: int) -> None:
    """Every stored article has its story, entity, statement and claim links, once; every link points at a
    stored story, corpus entity, statement or claim group; none is left without its article."""
    for table, per_article in LINK_ROWS_PER_ARTICLE.items():
        rows = store.con.execute(f"SELECT count(*), count(DISTINCT article_id) FROM {table}").fetchone()
        assert rows == (per_article * articles, articles), table
        column, target = LINK_TARGETS[table]
        dangling = store.con.execute(
            f"SELECT count(*) FROM {table} WHERE {column} NOT IN (SELECT id FROM {target})").fetchone()
        assert dangling == (0,), table
        orphans = store.con.execute(
            f"SELECT count(*) FROM {table} WHERE article_id NOT IN (SELECT id FROM articles)").fetchone()
        assert orphans == (0,), table
    statements = store.con.execute("SELECT count(*) FROM statements").fetchone()
    assert statements == (articles,)


def assert_whole_articles(db: Path) -> list[str]:
    """The store opens; every stored article has all its rows and links, once; no row without its article.
    The ids."""
    with Store(db, read_only=True) as store:
        ids = store.article_ids()
        counts = store.counts()
        assert counts == {table: ROWS_PER_ARTICLE[table] * len(ids) for table in TABLES}
        for table in TABLES:
            distinct = store.con.execute(f"SELECT count(DISTINCT ({UNIQUE_KEYS[table]})) FROM {table}").fetchone()
            assert distinct == (counts[table],), table
            if table != "articles":
                orphans = store.con.execute(
                    f"SELECT count(*) FROM {table} WHERE article_id NOT IN (SELECT id FROM articles)").fetchone()
                assert orphans == (0,), table
        assert_whole_links(store, len(ids))
        for article_id in ids[:: max(1, len(ids) // 10)]:
            record = store.record(article_id)
            assert len(record.quotes) == len(record.events) == len(record.claims) == 1
            assert record.text[record.events[0].trigger.start:record.events[0].trigger.end] == "threatened"
    return ids


def test_kill_9_while_stalled_keeps_every_committed_chunk_and_a_rerun_completes(tmp_path: Path) -> None:
    ids = write_jsonl(tmp_path / "articles.jsonl", 40)
    db = tmp_path / "news.duckdb"
    command = ingest_command(tmp_path, tmp_path / "articles.jsonl", db)
    status, _ = run_until(command, signal.SIGKILL, {"NEWSGRAPH_TEST_BLOCK_AFTER": "7"}, re.compile("^blocked"))
    assert status == -signal.SIGKILL
    assert assert_whole_articles(db) == ids[:6]  # three chunks of two committed; the fourth was being extracted
    finish = ingest_command(tmp_path, tmp_path / "articles.jsonl", db, chunk_size=64)
    rerun = subprocess.run(finish, capture_output=True, text=True, check=False, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert "34 stored, 6 unchanged, 0 failed" in rerun.stdout
    assert assert_whole_articles(db) == ids
    with Store(db, read_only=True) as store:
        assert len(store.quotes(search="reasons", limit=None)) == 40  # the search index was rebuilt
        assert len(store.events(actor="RUS", limit=None)) == 40


@pytest.mark.slow
def test_repeated_kill_9_at_any_moment_then_resume(tmp_path: Path) -> None:
    """Killed wherever it happens to be (extracting, committing, skipping), three times, then resumed."""
    ids = write_jsonl(tmp_path / "articles.jsonl", 150)
    db = tmp_path / "news.duckdb"
    command = ingest_command(tmp_path, tmp_path / "articles.jsonl", db, chunk_size=5)
    progress = re.compile(r"^newsgraph: progress: (\d+) done")
    stored_before = 0
    for delay in (0.0, 0.03, 0.07):  # progress lines come a second apart, each right after a commit
        status, stderr = run_until(command, signal.SIGKILL, {"NEWSGRAPH_TEST_PACE": "0.005"}, progress,
                                   lines_before_stop=2, delay=delay)
        stored = assert_whole_articles(db)
        assert stored == ids[:len(stored)]  # in input order, no gaps
        assert len(stored) >= stored_before
        stored_before = len(stored)
        if status == 0:  # finished before the signal came
            break
        assert status == -signal.SIGKILL, stderr
    finish = ingest_command(tmp_path, tmp_path / "articles.jsonl", db, chunk_size=64)
    rerun = subprocess.run(finish, capture_output=True, text=True, check=False, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{150 - stored_before} stored, {stored_before} unchanged, 0 failed" in rerun.stdout
    assert assert_whole_articles(db) == ids


def test_ctrl_c_exits_cleanly_and_keeps_what_was_stored(tmp_path: Path) -> None:
    ids = write_folder(tmp_path / "in", 30)
    db = tmp_path / "news.duckdb"
    command = ingest_command(tmp_path, tmp_path / "in", db)
    status, stderr = run_until(command, signal.SIGINT, {"NEWSGRAPH_TEST_BLOCK_AFTER": "5"}, re.compile("^blocked"))
    assert status == 130, stderr
    assert "Traceback" not in stderr
    last_line = stderr.strip().splitlines()[-1]
    assert last_line == ("newsgraph: interrupted after storing 4 article(s); what was stored is kept, "
                         "rerun to resume")
    assert assert_whole_articles(db) == ids[:4]
    finish = ingest_command(tmp_path, tmp_path / "in", db, chunk_size=64)
    rerun = subprocess.run(finish, capture_output=True, text=True, check=False, timeout=120)
    assert rerun.returncode == 0 and "26 stored, 4 unchanged, 0 failed" in rerun.stdout
    assert assert_whole_articles(db) == ids


@pytest.mark.slow
def test_ctrl_c_at_any_moment_exits_cleanly_and_resumes(tmp_path: Path) -> None:
    """Ctrl-C wherever it lands -- extracting, mid-statement, mid-COMMIT (one article a commit) -- three times."""
    ids = write_jsonl(tmp_path / "articles.jsonl", 300)
    db = tmp_path / "news.duckdb"
    command = ingest_command(tmp_path, tmp_path / "articles.jsonl", db, chunk_size=1)
    before = 0
    for delay in (0.0, 0.011, 0.023):
        status, stderr = run_until(command, signal.SIGINT, {"NEWSGRAPH_TEST_PACE": "0.002"},
                                   re.compile(r"^newsgraph: progress:"), lines_before_stop=2, delay=delay)
        if status == 0:  # finished before the signal came (a loaded machine): everything is stored
            before = len(assert_whole_articles(db))
            break
        assert status == 130, stderr
        assert "Traceback" not in stderr
        found = re.search(r"^newsgraph: interrupted after storing (\d+) article\(s\)", stderr, re.MULTILINE)
        assert found, stderr
        stored = assert_whole_articles(db)
        assert stored == ids[:len(stored)]
        # what the message counts, plus the article whose COMMIT the signal may have come during
        assert before + int(found.group(1)) <= len(stored) <= before + int(found.group(1)) + 1
        before = len(stored)
    finish = ingest_command(tmp_path, tmp_path / "articles.jsonl", db, chunk_size=64)
    rerun = subprocess.run(finish, capture_output=True, text=True, check=False, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{300 - before} stored, {before} unchanged, 0 failed" in rerun.stdout
    assert assert_whole_articles(db) == ids
