"""Faults around the store: two writers, a full disk, a read-only database file, kill -9 during `serve`'s jobs.

Each runs the real CLI in subprocesses with the fake pipeline of ``test_ingest_resume`` (no spaCy), and checks the
store afterwards with its ``assert_whole_articles``: every stored article has all its rows and links, once.
"""

from __future__ import annotations

import json
import os
import random
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from newsgraph.store import Store
from tests.test_ingest_resume import FAKE_PIPELINE_CLI, article_text, assert_whole_articles, ingest_command

STOPPED = re.compile(r"stopped after storing (\d+) article\(s\) in this run \(all kept\)")


def write_articles(path: Path, count: int, prefix: str = "article", first: int = 0) -> list[str]:
    """``count`` articles, each with a text of its own (``first`` numbers the first text)."""
    ids = [f"{prefix}-{i:04d}" for i in range(count)]
    with open(path, "w", encoding="utf-8") as out:
        for i, article_id in enumerate(ids):
            out.write(json.dumps({"id": article_id, "text": article_text(first + i), "published": "2022-01-31"})
                      + "\n")
    return ids


def fake_cli(tmp_path: Path) -> list[str]:
    script = tmp_path / "fake_pipeline_cli.py"
    script.write_text(FAKE_PIPELINE_CLI, encoding="utf-8")
    return [sys.executable, str(script)]


# -- two writers ----------------------------------------------------------------------------------


def test_a_second_writer_fails_naming_the_first_and_nothing_is_corrupted(tmp_path: Path) -> None:
    first_ids = write_articles(tmp_path / "first.jsonl", 60)
    second_ids = write_articles(tmp_path / "second.jsonl", 20, prefix="second", first=1000)
    db = tmp_path / "news.duckdb"
    first = subprocess.Popen(ingest_command(tmp_path, tmp_path / "first.jsonl", db),
                             stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                             env={**os.environ, "NEWSGRAPH_TEST_PACE": "0.03"})
    try:
        assert first.stderr is not None and first.stderr.readline().startswith("newsgraph: progress:")
        second = subprocess.run(ingest_command(tmp_path, tmp_path / "second.jsonl", db), capture_output=True,
                                text=True, check=False, timeout=120)
        out, err = first.communicate(timeout=120)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    assert second.returncode == 1
    assert second.stderr.strip().splitlines() == [
        f"newsgraph: error: {db}: the database is in use by another process (process {first.pid}); it has one "
        "writer at a time, try again when that one is done"]
    assert first.returncode == 0, err
    assert "60 stored, 0 unchanged, 0 failed" in out
    assert assert_whole_articles(db) == first_ids
    rerun = subprocess.run(ingest_command(tmp_path, tmp_path / "second.jsonl", db), capture_output=True, text=True,
                           check=False, timeout=120)
    assert rerun.returncode == 0 and "20 stored, 0 unchanged, 0 failed" in rerun.stdout
    assert assert_whole_articles(db) == sorted(first_ids + second_ids)


# -- a full disk ----------------------------------------------------------------------------------


@contextmanager
def small_tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """A tmpfs of ``size`` mounted on ``folder`` (needs root; skips where mounting is not allowed)."""
    folder.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                             capture_output=True, text=True, check=False)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def assert_stopped_cleanly(result: subprocess.CompletedProcess[str], db: Path, reason: str, ids: list[str]) -> int:
    """The run ended with one error line naming the database and the reason; what it stored is whole."""
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(f"newsgraph: error: {db}: cannot write the database: {reason}; "), last
    found = STOPPED.search(last)
    assert found is not None, last
    stored = int(found.group(1))
    print(f"write failure ({reason}): stopped after {stored} of {len(ids)} articles")
    assert 0 < stored < len(ids)
    assert assert_whole_articles(db) == ids[:stored]  # chunks commit in input order
    return stored


@pytest.mark.slow
def test_a_full_disk_stops_ingest_cleanly_and_a_rerun_completes(tmp_path: Path) -> None:
    """A real ENOSPC: the store on a 2 MiB tmpfs, which the ingest fills."""
    ids = write_articles(tmp_path / "articles.jsonl", 2500)
    with small_tmpfs(tmp_path / "disk", "2m") as disk:
        db = disk / "news.duckdb"
        command = ingest_command(tmp_path, tmp_path / "articles.jsonl", db, chunk_size=20)
        full = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)
        stored = assert_stopped_cleanly(full, db, "the disk is full (No space left on device)", ids)
        subprocess.run(["mount", "-o", "remount,size=64m", str(disk)], check=True)  # room made
        rerun = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)
        assert rerun.returncode == 0, rerun.stderr
        assert f"{len(ids) - stored} stored, {stored} unchanged, 0 failed" in rerun.stdout
        assert assert_whole_articles(db) == ids
        with Store(db, read_only=True) as store:
            assert len(store.quotes(search="reasons", limit=None)) == len(ids)  # the search index was rebuilt


def _file_size_limit(limit: int) -> Any:
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG) instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


@pytest.mark.slow
def test_a_file_size_limit_mid_ingest_stops_cleanly_and_a_rerun_completes(tmp_path: Path) -> None:
    """The same write failure without root: the file size limit (ulimit -f) of the ingesting process."""
    ids = write_articles(tmp_path / "articles.jsonl", 2500)
    db = tmp_path / "news.duckdb"
    command = ingest_command(tmp_path, tmp_path / "articles.jsonl", db, chunk_size=20)
    limited = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300,
                             preexec_fn=_file_size_limit(1_500_000))
    stored = assert_stopped_cleanly(limited, db, "the file size limit was reached (File too large)", ids)
    rerun = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{len(ids) - stored} stored, {stored} unchanged, 0 failed" in rerun.stdout
    assert assert_whole_articles(db) == ids


# -- a read-only database file --------------------------------------------------------------------


@contextmanager
def read_only_database(tmp_path: Path, db: Path) -> Iterator[Path]:
    """``db`` where it cannot be written: mode 0444, or (for root, whom modes do not stop) a read-only bind mount
    of its folder."""
    if os.geteuid() != 0:
        db.chmod(0o444)
        try:
            yield db
        finally:
            db.chmod(0o644)
        return
    view = tmp_path / "read-only"
    view.mkdir()
    bound = subprocess.run(["mount", "--bind", str(db.parent), str(view)], capture_output=True, text=True,
                           check=False)
    if bound.returncode != 0:
        pytest.skip(f"cannot bind-mount here: {bound.stderr.strip()}")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(view)], check=True)
        yield view / db.name
    finally:
        subprocess.run(["umount", "-l", str(view)], check=False)


def test_a_read_only_database_refuses_writing_commands_at_open_and_serves_reading_ones(tmp_path: Path) -> None:
    (tmp_path / "store").mkdir()
    ids = write_articles(tmp_path / "articles.jsonl", 6)
    db = tmp_path / "store" / "news.duckdb"
    cli = fake_cli(tmp_path)
    assert subprocess.run([*cli, "ingest", str(tmp_path / "articles.jsonl"), "--db", str(db)], capture_output=True,
                          check=False, timeout=120).returncode == 0
    more = tmp_path / "more.jsonl"
    write_articles(more, 3, prefix="more", first=1000)
    with read_only_database(tmp_path, db) as frozen:
        ingest = subprocess.run([*cli, "ingest", str(more), "--db", str(frozen)], capture_output=True, text=True,
                                check=False, timeout=120)
        assert ingest.returncode == 1
        assert re.fullmatch(rf"newsgraph: error: {re.escape(str(frozen))}: cannot open the database for writing: it "
                            r"is read-only \((Permission denied|Read-only file system)\); commands that only read it "
                            r"still work\n", ingest.stderr), ingest.stderr
        quotes = subprocess.run([*cli, "quotes", "--db", str(frozen), "--json", "--limit", "100"], capture_output=True,
                                text=True, check=False, timeout=120)
        assert quotes.returncode == 0, quotes.stderr
        assert sorted(json.loads(line)["article_id"] for line in quotes.stdout.splitlines()) == ids
    assert assert_whole_articles(db) == ids


# -- kill -9 during serve's ingest jobs ---------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(cli: list[str], db: Path, log: Path, pace: str) -> tuple[subprocess.Popen[bytes], str]:
    import httpx

    port = free_port()
    with open(log, "ab") as out:
        server = subprocess.Popen([*cli, "serve", "--db", str(db), "--port", str(port)], stdout=out,
                                  stderr=subprocess.STDOUT, env={**os.environ, "NEWSGRAPH_TEST_PACE": pace})
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, log.read_text(encoding="utf-8", errors="replace")[-2000:]
        try:
            if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                return server, url
        except httpx.HTTPError:
            time.sleep(0.1)
    server.kill()
    raise AssertionError("newsgraph serve did not start")


def kill_loop(tmp_path: Path, kills: int = 20, articles: int = 3000, seed: int = 13) -> dict[str, Any]:
    """``kills`` times: start ``serve``, upload the articles as one ingest job, kill -9 the server at a random
    moment; after each kill, the store is whole and holds every article stored before. Then one run to the end.
    The figures of the loop."""
    import httpx

    rng = random.Random(seed)
    cli = fake_cli(tmp_path)
    upload = tmp_path / "articles.jsonl"
    ids = write_articles(upload, articles)
    db = tmp_path / "served.duckdb"
    log = tmp_path / "serve.log"
    rounds: list[dict[str, Any]] = []
    stored: list[str] = []
    for _ in range(kills):
        server, url = start_server(cli, db, log, pace="0.005")  # a chunk of 64 takes about 0.4 s
        try:
            job = httpx.post(f"{url}/api/ingest", files={"files": ("articles.jsonl", upload.read_bytes())},
                             timeout=30)
            assert job.status_code == 202, job.text
            delay = rng.uniform(0.0, 8.0)  # up to the replay of 500 unsaved links (~6 s) and beyond
            time.sleep(delay)
        finally:
            server.send_signal(signal.SIGKILL)
            server.wait(timeout=30)
        after = assert_whole_articles(db) if db.exists() else []
        assert set(stored) <= set(after), "a committed article was lost"
        assert after == ids[:len(after)]  # committed in input order, no gaps, no duplicates
        rounds.append({"delay_s": round(delay, 2), "before": len(stored), "after": len(after)})
        stored = after
    server, url = start_server(cli, db, log, pace="0")
    try:
        started = httpx.post(f"{url}/api/ingest", files={"files": ("articles.jsonl", upload.read_bytes())},
                             timeout=30).json()
        deadline = time.monotonic() + 300
        while (status := httpx.get(f"{url}{started['status_url']}", timeout=30).json())["status"] not in (
                "done", "failed"):
            assert time.monotonic() < deadline, status
            time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=60)
    assert status["status"] == "done", status
    final = assert_whole_articles(db)
    with Store(db, read_only=True) as store:
        duplicates = sum(row[0] for row in [store.con.execute(
            "SELECT count(*) - count(DISTINCT id) FROM articles").fetchone() or (0,)])
    return {"kills": kills, "articles": articles, "rounds": rounds, "stored_before_final_run": len(stored),
            "final_run_stored": len(status["stored"]), "final_run_unchanged": len(status["unchanged"]),
            "final_run_failed": len(status["failed"]), "articles_after": len(final), "duplicates": duplicates}


@pytest.mark.slow
def test_kill_9_during_serve_ingest_jobs_twenty_times_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    figures = kill_loop(Path(tempfile.mkdtemp(dir=tmp_path)))
    print("kill -9 loop:", json.dumps(figures))
    assert figures["articles_after"] == figures["articles"] and figures["duplicates"] == 0
    assert figures["final_run_stored"] + figures["final_run_unchanged"] == figures["articles"]
    assert figures["final_run_unchanged"] == figures["stored_before_final_run"] and figures["final_run_failed"] == 0
    kills_mid_job = [r for r in figures["rounds"] if r["after"] < figures["articles"]]
    assert len(kills_mid_job) >= 10  # most kills landed while the job was still storing
    assert any(r["after"] > r["before"] for r in kills_mid_job)  # and jobs got on between kills
