"""Extraction on a Ray cluster: the same tasks as ``workers.ExtractPool``, run by Ray actors.

``RayPool(n, address=None)`` connects to the cluster at ``address`` (or ``RAY_ADDRESS``), or starts a local
one with ``n`` CPUs when there is none, and starts ``n`` actors of one CPU each; every actor loads the
pipeline once and extracts the tasks it is sent with ``workers.extract_outcomes``. ``map`` yields outcomes in
task order, holding at most ``4 × n`` tasks out at once. An actor that dies costs the articles of the task it
held (each an ``InputFailure``); Ray restarts it and the rest goes on. Ray is an optional extra
(``pip install 'newsgraph[ray]'``); the machines of an existing cluster need newsgraph installed.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from newsgraph.errors import NewsgraphError
from newsgraph.records import Article
from newsgraph.workers import (
    AHEAD_ENV,
    THREADS_ENV,
    ExtractorLike,
    Outcome,
    PoolStats,
    died_failures,
    extract_outcomes,
    peak_rss_mib,
)

K = TypeVar("K")
ACTOR_RESTARTS = 3


def _ray() -> Any:
    try:
        import ray
    except ImportError as e:
        raise NewsgraphError("--engine ray needs Ray: pip install 'newsgraph[ray]'") from e
    return ray


class _Extractor:
    """The body of a Ray actor: one extractor, loaded when the actor starts."""

    def __init__(self, factory: Callable[[], ExtractorLike]) -> None:
        import os

        os.environ.setdefault(THREADS_ENV, "1")  # one actor a core: one model thread each
        os.environ.setdefault(AHEAD_ENV, "1")  # and one thread reading the tagger's batches ahead
        self.extractor = factory()
        self.name = f"ray actor pid {os.getpid()}"

    def extract(self, articles: list[Article]) -> tuple[list[Outcome], str, float]:
        return extract_outcomes(self.extractor, articles), self.name, peak_rss_mib()


class RayPool:
    """``workers`` Ray actors extracting tasks of articles; ``map`` yields outcomes in task order."""

    def __init__(self, workers: int, factory: Callable[[], ExtractorLike], address: str | None = None) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.size = workers
        self.factory = factory
        self.address = address
        self.stats = PoolStats()
        self._actors: list[Any] = []
        self._started_ray = False

    def __enter__(self) -> RayPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start(self) -> None:
        if self._actors:
            return
        ray = _ray()
        if not ray.is_initialized():
            options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False,
                                       "configure_logging": False}
            if self.address:
                ray.init(address=self.address, **options)
            else:  # an existing cluster named by RAY_ADDRESS, else a local one of `workers` CPUs
                import os

                if os.environ.get("RAY_ADDRESS"):
                    ray.init(**options)
                else:
                    ray.init(num_cpus=self.size, **options)
            self._started_ray = True
        actor = ray.remote(num_cpus=1, max_restarts=ACTOR_RESTARTS)(_Extractor)
        self._actors = [actor.remote(self.factory) for _ in range(self.size)]

    def close(self) -> None:
        if not self._actors and not self._started_ray:
            return
        ray = _ray()
        for actor in self._actors:
            ray.kill(actor)
        self._actors = []
        if self._started_ray:
            ray.shutdown()
            self._started_ray = False

    def map(self, tasks: Iterable[tuple[K, list[Article]]]) -> Iterator[tuple[K, list[Outcome]]]:
        """``(key, outcomes)`` for each ``(key, articles)`` task, in task order."""
        ray = _ray()
        self._start()
        idle: deque[Any] = deque(self._actors)
        source = iter(tasks)
        running: dict[Any, tuple[int, Any, list[Article]]] = {}  # ref -> (task id, actor, articles)
        keys: dict[int, K] = {}
        results: dict[int, list[Outcome]] = {}
        next_id = next_out = 0
        exhausted = False
        limit = 4 * self.size
        while True:
            while idle and not exhausted and next_id - next_out < limit:
                try:
                    key, articles = next(source)
                except StopIteration:
                    exhausted = True
                    break
                actor = idle.popleft()
                keys[next_id] = key
                running[actor.extract.remote(articles)] = (next_id, actor, articles)
                next_id += 1
            while next_out in results:
                yield keys.pop(next_out), results.pop(next_out)
                next_out += 1
            if exhausted and next_out == next_id:
                return
            done, _ = ray.wait(list(running), num_returns=1)
            for ref in done:
                task_id, actor, articles = running.pop(ref)
                idle.append(actor)
                try:
                    outcomes, name, rss = ray.get(ref)
                except ray.exceptions.RayActorError as e:
                    if "creation task" in str(e):  # its __init__ failed: the pipeline cannot load there
                        raise NewsgraphError(f"a ray actor could not load the pipeline: {e}") from e
                    self.stats.deaths.append(f"a ray actor died: {type(e).__name__}")
                    results[task_id] = died_failures(articles, "(a ray actor)", "died")
                    continue
                except ray.exceptions.RayTaskError as e:
                    raise NewsgraphError(f"a ray actor failed: {e}") from e
                self.stats.record(name, len(outcomes), rss)
                results[task_id] = outcomes
