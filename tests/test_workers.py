"""Extraction in worker processes (``--workers``) and on Ray (``--engine ray``).

The pool tests use fake extractors defined here (workers import this module by name); the CLI tests run
the real model and compare ``--workers 2`` and ``--engine ray`` with one process, byte for byte.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from newsgraph.errors import InputFailure, NewsgraphError
from newsgraph.records import Article, ArticleRecord, Entity, Span
from newsgraph.service import NewsGraph, ShardWriter
from newsgraph.workers import ExtractPool
from tests.conftest import SAMPLES


class Tagging:
    """A fake extractor: one entity per article, the article's first word, tagged with this process's pid."""

    def extract(self, article: Article) -> ArticleRecord:
        if "boom" in article.id:
            raise RuntimeError("the model fell over")
        if "die" in article.id and os.environ.get("NEWSGRAPH_TEST_NO_DYING") != "1":
            os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's out-of-memory killer would
        time.sleep(float(os.environ.get("NEWSGRAPH_TEST_PACE", "0.02")))  # both workers get some of the work
        word = article.text.split()[0]
        return ArticleRecord(article=article, entities=[Entity("E1", word, "PERSON", [Span(0, len(word))])])

    def extract_many(self, articles: Iterable[Article]) -> Iterator[ArticleRecord]:
        for article in articles:
            yield self.extract(article)


def tagging() -> Tagging:
    return Tagging()


def cannot_load() -> Tagging:
    raise RuntimeError("model file is corrupt")


def corpus(n: int, dying: Iterable[int] = ()) -> list[Article]:
    dead = set(dying)
    return [Article(id=f"{'die' if i in dead else 'a'}-{i:03d}", text=f"Person{i} said something on day {i}.",
                    source="Wire") for i in range(n)]


def test_pool_yields_outcomes_in_task_order_from_every_worker() -> None:
    articles = corpus(40)
    with ExtractPool(2, tagging) as pool:
        out = list(pool.map((i, articles[i:i + 3]) for i in range(0, 40, 3)))
    assert [key for key, _ in out] == list(range(0, 40, 3))
    records = [o for _, outcomes in out for o in outcomes]
    assert [r.id for r in records] == [a.id for a in articles]
    assert all(isinstance(r, ArticleRecord) for r in records)
    assert len(pool.stats.workers) == 2  # both did some of it
    assert sum(w.articles for w in pool.stats.workers.values()) == 40
    assert all(w.peak_rss_mib > 0 for w in pool.stats.workers.values())


def test_two_workers_give_the_records_of_one_process_in_input_order() -> None:
    articles = [*corpus(30), Article(id="boom-1", text="Boom said it."), Article(id="empty", text="  ")]
    one = list(NewsGraph(extractor=Tagging()).process(articles))
    graph = NewsGraph(extractor_factory=tagging)
    two = list(graph.process(articles, workers=2))
    assert [o.to_dict() if isinstance(o, ArticleRecord) else str(o) for o in two] == \
        [o.to_dict() if isinstance(o, ArticleRecord) else str(o) for o in one]
    failures = [o for o in two if isinstance(o, InputFailure)]
    assert [f.input_name for f in failures] == ["boom-1", "empty"]
    assert "the model fell over" in failures[0].reason


def test_ingest_with_two_workers_stores_what_one_process_stores(tmp_path: Path) -> None:
    articles = corpus(40)
    exports = []
    for workers in (1, 2):
        with NewsGraph(tmp_path / f"w{workers}.duckdb", extractor=Tagging(), extractor_factory=tagging) as graph:
            report = graph.ingest(articles, workers=workers)
            assert report.stored == [a.id for a in articles]  # committed in input order
            out = io.StringIO()
            graph.export("jsonl", out)
            exports.append(out.getvalue())
    assert exports[0] == exports[1] and exports[0].count("\n") == 40


def test_a_killed_worker_costs_only_its_batch_and_the_rerun_stores_the_rest(tmp_path: Path) -> None:
    articles = corpus(50, dying=[20])
    with NewsGraph(tmp_path / "g.duckdb", extractor_factory=tagging) as graph:
        report = graph.ingest(articles, workers=2)
        deaths = list(graph.pool_stats.deaths)
    assert len(deaths) == 1 and "SIGKILL" in deaths[0]
    lost = {f.input_name for f in report.failed}
    assert "die-020" in lost and len(lost) <= 16  # the batch the worker held, no more
    assert all("was killed by SIGKILL" in f.reason and "rerun to retry" in f.reason for f in report.failed)
    assert set(report.stored) == {a.id for a in articles} - lost  # every other batch went on and was stored

    os.environ["NEWSGRAPH_TEST_NO_DYING"] = "1"  # the workers of the rerun inherit it
    try:
        with NewsGraph(tmp_path / "g.duckdb", extractor_factory=tagging) as graph:
            rerun = graph.ingest(articles, workers=2)
            assert graph.counts(["articles"])["articles"] == 50
    finally:
        del os.environ["NEWSGRAPH_TEST_NO_DYING"]
    assert set(rerun.stored) == lost and len(rerun.unchanged) == 50 - len(lost) and not rerun.failed


INTERRUPTED_INGEST = """
import sys
from newsgraph.service import NewsGraph
from tests.test_workers import corpus, tagging
if __name__ == "__main__":
    with NewsGraph(sys.argv[1], chunk_size=4, extractor_factory=tagging) as graph:
        try:
            graph.ingest(corpus(400), workers=2, progress=lambda e: print(e.status, e.name, flush=True))
        except KeyboardInterrupt:
            print("interrupted", flush=True)
            sys.exit(130)
"""


def test_ctrl_c_stops_the_workers_keeps_what_was_committed_and_the_rerun_completes(tmp_path: Path) -> None:
    db = tmp_path / "g.duckdb"
    env = {**os.environ, "NEWSGRAPH_TEST_PACE": "0.05", "PYTHONPATH": str(SAMPLES.parent)}
    proc = subprocess.Popen([sys.executable, "-c", INTERRUPTED_INGEST, str(db)], stdout=subprocess.PIPE, text=True,
                            env=env, start_new_session=True)
    assert proc.stdout is not None
    stored = 0
    for line in proc.stdout:
        stored += line.startswith("stored")
        if stored == 20:
            os.killpg(proc.pid, signal.SIGINT)  # as Ctrl-C in a terminal: the parent and its workers
            break
    rest = proc.communicate(timeout=60)[0]
    assert proc.returncode == 130 and rest.strip().endswith("interrupted")
    stored += sum(line.startswith("stored") for line in rest.splitlines())
    with NewsGraph(db) as graph:  # every article reported stored is there (and a chunk committed as it stopped)
        kept = graph.counts(["articles"])["articles"]
    assert stored <= kept <= stored + 4 and kept < 400
    rerun = subprocess.run([sys.executable, "-c", INTERRUPTED_INGEST, str(db)], capture_output=True, text=True,
                           env={**env, "NEWSGRAPH_TEST_PACE": "0"}, timeout=120, check=True).stdout.splitlines()
    assert sum(line.startswith("stored") for line in rerun) == 400 - kept
    assert sum(line.startswith("unchanged") for line in rerun) == kept


def test_a_pipeline_that_cannot_load_stops_the_run_with_its_error() -> None:
    with pytest.raises(NewsgraphError, match="could not load the pipeline: RuntimeError: model file is corrupt"):
        list(NewsGraph(extractor_factory=cannot_load).process(corpus(40), workers=2))


def test_one_chunk_is_extracted_here_without_starting_workers() -> None:
    graph = NewsGraph(extractor=Tagging(), extractor_factory=cannot_load)  # workers would fail to start
    assert len(list(graph.process(corpus(5), workers=2))) == 5


def test_shard_writer_splits_output_into_whole_shards(tmp_path: Path) -> None:
    with ShardWriter(tmp_path / "out", shard_size=2) as shards:
        for i in range(5):
            shards.write(json.dumps({"id": i}))
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl"]
    lines = [json.loads(line)["id"] for name in names for line in (tmp_path / "out" / name).open()]
    assert lines == [0, 1, 2, 3, 4]
    with pytest.raises(NewsgraphError, match="already holds shards"):
        ShardWriter(tmp_path / "out")


# -- the real model through the CLI ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def twenty_articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample articles (four) five times over under other ids: 20 articles, two workers' tasks."""
    base = [json.loads(line) for line in (SAMPLES / "articles.jsonl").open(encoding="utf-8")]
    path = tmp_path_factory.mktemp("workers") / "twenty.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for copy in range(5):
            for article in base:
                out.write(json.dumps({**article, "id": f"{article['id']}-{copy}"}) + "\n")
    return path


def extract(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newsgraph", "extract", *args], capture_output=True, text=True,
                          check=False, timeout=600, env={**os.environ, **(env or {})})


@pytest.fixture(scope="module")
def one_process(twenty_articles: Path) -> str:
    result = extract(str(twenty_articles), "--workers", "1")
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 20
    return result.stdout


@pytest.mark.slow
def test_cli_two_workers_write_what_one_process_writes(twenty_articles: Path, one_process: str,
                                                       tmp_path: Path) -> None:
    result = extract(str(twenty_articles), "--workers", "2")
    assert result.returncode == 0, result.stderr
    assert result.stdout == one_process
    sharded = extract(str(twenty_articles), "--workers", "2", "--out-dir", str(tmp_path / "shards"),
                      "--shard-size", "8", "--gzip")
    assert sharded.returncode == 0, sharded.stderr
    parts = sorted((tmp_path / "shards").glob("part-*.jsonl.gz"))
    assert [p.name for p in parts] == ["part-00000.jsonl.gz", "part-00001.jsonl.gz", "part-00002.jsonl.gz"]
    assert "".join(gzip.decompress(p.read_bytes()).decode("utf-8") for p in parts) == one_process


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def ray_head() -> Iterator[tuple[str, dict[str, str]]]:
    """A Ray head started on loopback for the test, stopped after it (authentication off: loopback only)."""
    pytest.importorskip("ray")
    ray = shutil.which("ray") or str(Path(sys.executable).parent / "ray")
    port = free_port()
    env = {**os.environ, "RAY_AUTH_MODE": "disabled", "RAY_USAGE_STATS_ENABLED": "0"}
    started = subprocess.run([ray, "start", "--head", "--node-ip-address=127.0.0.1", f"--port={port}",
                              "--num-cpus=2", "--include-dashboard=false", "--disable-usage-stats"],
                             capture_output=True, text=True, env=env, timeout=180, check=False)
    assert started.returncode == 0, started.stderr[-2000:]
    try:
        yield f"127.0.0.1:{port}", {"RAY_AUTH_MODE": "disabled"}
    finally:
        subprocess.run([ray, "stop", "--force"], capture_output=True, env=env, timeout=180, check=False)


@pytest.mark.slow
def test_cli_ray_engine_on_a_local_head_writes_what_one_process_writes(
        twenty_articles: Path, one_process: str, ray_head: tuple[str, dict[str, str]], tmp_path: Path) -> None:
    address, env = ray_head
    result = extract(str(twenty_articles), "--engine", "ray", "--ray-address", address, "--workers", "2", env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout == one_process
    db = tmp_path / "ray.duckdb"  # ingest: the actors extract, this process writes
    ingest = subprocess.run([sys.executable, "-m", "newsgraph", "ingest", str(twenty_articles), "--db", str(db),
                             "--engine", "ray", "--ray-address", address, "--workers", "2"], capture_output=True,
                            text=True, check=False, timeout=600, env={**os.environ, **env})
    assert ingest.returncode == 0, ingest.stderr[-3000:]
    assert "20 stored (16 as copies), 0 unchanged, 0 failed" in ingest.stdout  # the samples again are copies
