"""Extraction on every core: a pool of worker processes, each loading the pipeline once.

``ExtractPool(n).map(tasks)`` takes ``(key, articles)`` pairs and yields ``(key, outcomes)`` in the order the
tasks came, whatever order the workers finish them in; each worker holds one task at a time and at most
``4 × n`` tasks are out at once, so a long input streams. The parent stays the one reader of inputs and the
one writer of the store: workers only turn Articles into ArticleRecords.

A worker that dies (killed, out of memory) costs the articles of the task it held: each becomes an
``InputFailure`` naming it and how the worker ended, a fresh worker takes its place and the rest goes on. A
worker that cannot load the pipeline at all stops the run with that error. Ctrl-C reaches the parent only
(workers ignore SIGINT), which stops the workers as it leaves.

``engine="ray"`` runs the same tasks as Ray actors (``newsgraph.ray_engine``); both engines share
``extract_outcomes``, so their records are the same as one process's.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import resource
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from newsgraph.errors import InputError, InputFailure, NewsgraphError
from newsgraph.models.tagger import AHEAD_ENV, THREADS_ENV
from newsgraph.records import Article, ArticleRecord

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

Outcome = ArticleRecord | InputFailure
K = TypeVar("K")
TASK_SIZE = 16  # articles a worker extracts at a time (spaCy's batch): small enough for an even finish
ENGINES = ("local", "ray")
MAX_DEATHS_IN_A_ROW = 3  # workers dying before they are ready: the pipeline cannot load here


class ExtractorLike(Protocol):
    """What extraction needs of an extractor (``pipeline.Extractor``, or a fake in tests)."""

    def extract(self, article: Article) -> ArticleRecord: ...

    def extract_many(self, articles: Iterable[Article]) -> Iterable[ArticleRecord]: ...


def default_factory() -> ExtractorLike:
    """The pipeline with newsgraph's stages, loaded once per process."""
    from newsgraph.pipeline import default_extractor

    return default_extractor()


def extract_outcomes(extractor: ExtractorLike, articles: list[Article]) -> list[Outcome]:
    """Records for ``articles`` in order; when the batch fails, each article alone, so one bad article
    becomes one failure."""
    try:
        return list(extractor.extract_many(articles))
    except Exception:  # isolate the article that broke the batch
        out: list[Outcome] = []
        for article in articles:
            try:
                out.append(extractor.extract(article))
            except Exception as e:  # noqa: BLE001 - reported per input, the batch goes on
                out.append(InputFailure(article.id, f"extraction failed: {type(e).__name__}: {e}"))
        return out


def prepare_chunk(chunk: list[Article | InputFailure]) -> tuple[list[Outcome | None], list[Article]]:
    """A chunk's outcomes so far (failures in place, a None slot per article to extract) and its articles."""
    from newsgraph.pipeline import check_article  # spaCy loads only once an article needs it

    outcomes: list[Outcome | None] = []
    valid: list[Article] = []
    for item in chunk:
        if isinstance(item, InputFailure):
            outcomes.append(item)
            continue
        try:
            check_article(item)
        except InputError as e:
            outcomes.append(InputFailure.from_error(e))
            continue
        valid.append(item)
        outcomes.append(None)
    return outcomes, valid


def fill_chunk(slots: list[Outcome | None], extracted: list[Outcome]) -> list[Outcome]:
    """A chunk's outcomes: its failures in place, each None slot filled by the next extracted outcome."""
    it = iter(extracted)
    return [next(it) if slot is None else slot for slot in slots]


@dataclass(frozen=True, slots=True)
class GivenExtractor:
    """A factory giving one extractor already made (a picklable one, for workers)."""

    extractor: ExtractorLike

    def __call__(self) -> ExtractorLike:
        return self.extractor


def peak_rss_mib() -> float:
    """This process's peak resident memory so far, in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


@dataclass(slots=True)
class WorkerStats:
    """What one worker did: articles extracted and its peak resident memory."""

    worker: str
    articles: int = 0
    peak_rss_mib: float = 0.0


@dataclass(slots=True)
class PoolStats:
    """Per-worker figures of a pool run and the workers that died."""

    workers: dict[str, WorkerStats] = field(default_factory=dict)
    deaths: list[str] = field(default_factory=list)

    def record(self, worker: str, articles: int, rss_mib: float) -> None:
        stats = self.workers.setdefault(worker, WorkerStats(worker))
        stats.articles += articles
        stats.peak_rss_mib = max(stats.peak_rss_mib, rss_mib)


def died_failures(articles: list[Article], worker: str, how: str) -> list[Outcome]:
    """One failure per article a dead worker held."""
    return [InputFailure(a.id, f"worker {worker} {how} while extracting it (and {len(articles) - 1} other "
                               "article(s) of its batch); rerun to retry") for a in articles]


def _exit_reason(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        hint = " (out of memory?)" if exitcode == -signal.SIGKILL else ""
        return f"was killed by {name}{hint}"
    return f"exited with status {exitcode}"


def _worker_main(conn: Connection, factory: Callable[[], ExtractorLike]) -> None:
    """A worker: load the extractor once, then extract each task sent until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    os.environ.setdefault(THREADS_ENV, "1")  # workers share the cores out: one model thread each
    os.environ.setdefault(AHEAD_ENV, "1")  # and one thread reading the tagger's batches ahead
    try:
        extractor = factory()
    except Exception as e:  # noqa: BLE001 - sent to the parent, which stops the run with it
        conn.send(("fatal", f"{type(e).__name__}: {e}" if not isinstance(e, NewsgraphError) else str(e)))
        return
    conn.send(("ready", None))
    while True:
        try:
            message = conn.recv()
        except EOFError:
            return
        if message is None:
            return
        task_id, articles = message
        conn.send(("done", (task_id, extract_outcomes(extractor, articles), peak_rss_mib())))


class _Worker:
    def __init__(self, ctx: Any, factory: Callable[[], ExtractorLike]) -> None:
        self.conn, child = ctx.Pipe()
        self.process: BaseProcess = ctx.Process(target=_worker_main, args=(child, factory), daemon=True,
                                                name="newsgraph-worker")
        self.process.start()
        child.close()
        self.task: tuple[int, list[Article]] | None = None
        self.ready = False

    @property
    def name(self) -> str:
        return f"pid {self.process.pid}"

    def stop(self, now: bool = False) -> None:
        """Ask the worker to finish (``now``: kill it, as when the run was interrupted)."""
        if now:
            self.process.kill()
        with contextlib.suppress(OSError, ValueError):
            self.conn.send(None)
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


class ExtractPool:
    """``workers`` processes extracting tasks of articles; ``map`` yields outcomes in task order."""

    def __init__(self, workers: int, factory: Callable[[], ExtractorLike] = default_factory,
                 start_method: str = "spawn") -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.size = workers
        self.factory = factory
        self.stats = PoolStats()
        self._ctx = multiprocessing.get_context(start_method)
        self._workers: list[_Worker] = []
        self._deaths_in_a_row = 0

    def __enter__(self) -> ExtractPool:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.close(now=exc_type is not None)

    def close(self, now: bool = False) -> None:
        """Stop the workers: when they are done with their tasks, or (``now``) at once."""
        for worker in self._workers:
            worker.stop(now)
        self._workers = []

    def _start(self) -> None:
        while len(self._workers) < self.size:
            self._workers.append(_Worker(self._ctx, self.factory))

    def map(self, tasks: Iterable[tuple[K, list[Article]]]) -> Iterator[tuple[K, list[Outcome]]]:
        """``(key, outcomes)`` for each ``(key, articles)`` task, in task order."""
        self._start()
        source = iter(tasks)
        keys: dict[int, K] = {}
        waiting: deque[tuple[int, list[Article]]] = deque()  # read, not yet sent to a worker
        results: dict[int, list[Outcome]] = {}
        next_id = 0  # the next task read from source
        next_out = 0  # the next task to yield
        exhausted = False
        limit = 4 * self.size

        while True:
            while not exhausted and next_id - next_out < limit and len(waiting) < self.size:
                try:
                    key, articles = next(source)
                except StopIteration:
                    exhausted = True
                    break
                keys[next_id] = key
                waiting.append((next_id, articles))
                next_id += 1
            for worker in self._workers:
                if worker.ready and worker.task is None and waiting:
                    task = waiting.popleft()
                    try:
                        worker.conn.send(task)
                    except OSError:  # it died before taking it: another worker will
                        waiting.appendleft(task)
                        continue
                    worker.task = task
            while next_out in results:
                yield keys.pop(next_out), results.pop(next_out)
                next_out += 1
            if exhausted and next_out == next_id:
                return
            self._wait(results)

    def _wait(self, results: dict[int, list[Outcome]]) -> None:
        """Wait for messages or deaths of workers and act on them."""
        by_handle: dict[Any, _Worker] = {}
        for worker in self._workers:
            by_handle[worker.conn] = worker
            by_handle[worker.process.sentinel] = worker
        ready = {id(by_handle[h]): by_handle[h] for h in wait(list(by_handle))}
        for worker in ready.values():
            try:
                while worker.conn.poll():  # read what it sent before looking at whether it died
                    kind, payload = worker.conn.recv()
                    self._receive(worker, kind, payload, results)
            except (EOFError, OSError):
                pass
            if worker.process.exitcode is not None or not worker.process.is_alive():
                self._replace(worker, results)

    def _receive(self, worker: _Worker, kind: str, payload: Any, results: dict[int, list[Outcome]]) -> None:
        if kind == "fatal":
            raise NewsgraphError(f"a worker could not load the pipeline: {payload}")
        if kind == "ready":
            worker.ready = True
            self._deaths_in_a_row = 0
            return
        task_id, outcomes, rss = payload
        self.stats.record(worker.name, len(outcomes), rss)
        results[task_id] = outcomes
        worker.task = None

    def _replace(self, worker: _Worker, results: dict[int, list[Outcome]]) -> None:
        """A worker died: fail the task it held, start another in its place."""
        worker.process.join()
        how = _exit_reason(worker.process.exitcode)
        self.stats.deaths.append(f"worker {worker.name} {how}")
        if not worker.ready:
            self._deaths_in_a_row += 1
            if self._deaths_in_a_row >= MAX_DEATHS_IN_A_ROW:
                raise NewsgraphError(f"{self._deaths_in_a_row} workers in a row died while loading the pipeline "
                                     f"(the last {how})")
        if worker.task is not None:
            task_id, articles = worker.task
            results[task_id] = died_failures(articles, worker.name, how)
        worker.conn.close()
        index = self._workers.index(worker)
        self._workers[index] = _Worker(self._ctx, self.factory)


def make_pool(workers: int, engine: str = "local", ray_address: str | None = None,
              factory: Callable[[], ExtractorLike] = default_factory) -> ExtractPool | Any:
    """The pool for ``engine``: worker processes here, or actors on a Ray cluster."""
    if engine == "local":
        return ExtractPool(workers, factory)
    if engine == "ray":
        from newsgraph.ray_engine import RayPool

        return RayPool(workers, factory, address=ray_address)
    raise ValueError(f"unknown engine {engine!r}; expected one of {', '.join(ENGINES)}")
