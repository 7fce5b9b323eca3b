"""The API's ingest jobs: a queue run one job at a time on one worker thread that owns the writing ``NewsGraph``, so
reads stay answered (and see each article once its transaction commits) while a job runs."""

from __future__ import annotations

import queue
import threading
from dataclasses import dataclass, field
from typing import Any

from newsgraph.errors import InputFailure, NewsgraphError, NotFoundError, StoreError
from newsgraph.http.error_shape import ApiError
from newsgraph.http.readers import warm
from newsgraph.records import Article
from newsgraph.service import IngestEvent, NewsGraph, read_upload

__all__ = ["EVENTS_KEPT", "JOBS_KEPT", "JOBS_WAITING", "Job", "JobRunner"]

JOBS_KEPT = 200  # finished jobs remembered for /api/jobs/{id}
JOBS_WAITING = 16  # jobs queued (their uploads held in memory) before /api/ingest answers 429
EVENTS_KEPT = 1000  # per-article events a job reports (the most recent)


@dataclass(slots=True)
class Job:
    """One ingest request: pasted articles and/or uploaded files, and how far it got."""

    id: str
    articles: list[Article] = field(default_factory=list)
    uploads: list[tuple[str, bytes]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # URLs of pages, feeds and sitemaps to fetch
    status: str = "queued"
    total: int | None = None
    done: int = 0
    stored: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[dict[str, str]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "status": self.status, "total": self.total, "done": self.done,
                "stored": list(self.stored), "unchanged": list(self.unchanged), "failed": list(self.failed),
                "events": list(self.events), "error": self.error}


class JobRunner:
    """A queue of ingest jobs run one at a time on one worker thread with the writing NewsGraph."""

    def __init__(self, graph: NewsGraph, workers: int = 1) -> None:
        self._graph = graph
        self._workers = workers  # extraction processes per job (the service's worker pool when > 1)
        self._jobs: dict[str, Job] = {}
        self._queue: queue.Queue[Job | None] = queue.Queue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def submit(self, job: Job) -> Job:
        """Queue a job; ApiError 429 while too many wait."""
        with self._lock:
            if sum(j.status == "queued" for j in self._jobs.values()) >= JOBS_WAITING:
                raise ApiError(429, f"{JOBS_WAITING} ingest jobs are already waiting; try again when they are done",
                               headers={"Retry-After": "5"})
            self._jobs[job.id] = job
            finished = [j for j in self._jobs.values() if j.status in ("done", "failed")]
            for old in finished[:max(0, len(finished) - JOBS_KEPT)]:
                del self._jobs[old.id]
            if self._thread is None:
                self._thread = threading.Thread(target=self._work, name="newsgraph-ingest", daemon=True)
                self._thread.start()
        self._queue.put(job)
        return job

    def get(self, job_id: str) -> dict[str, Any]:
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None:
                raise NotFoundError(f"no job with id {job_id!r}")
            return job.to_dict()

    def stop(self, timeout: float = 5.0) -> None:
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(None)
            thread.join(timeout)

    def _work(self) -> None:
        while (job := self._queue.get()) is not None:
            try:
                self._run(job)
            except Exception as e:  # noqa: BLE001 - the job fails, the worker goes on
                message = str(e) if isinstance(e, NewsgraphError) else f"{type(e).__name__}: {e}"
                with self._lock:
                    job.status, job.error = "failed", message
            finally:
                job.articles, job.uploads, job.sources = [], [], []

    def _fail_input(self, job: Job, failure: InputFailure) -> None:
        job.failed.append({"name": failure.input_name, "error": failure.reason})
        self._event(job, {"status": "failed", "name": failure.input_name, "error": failure.reason})

    @staticmethod
    def _event(job: Job, event: dict[str, Any]) -> None:
        job.events.append(event)
        del job.events[:-EVENTS_KEPT]

    def _run(self, job: Job) -> None:
        with self._lock:
            job.status = "running"
        articles = list(job.articles)
        read_failures = 0
        for name, data in job.uploads:
            for item in read_upload(name, data):
                if isinstance(item, InputFailure):
                    with self._lock:
                        self._fail_input(job, item)
                    read_failures += 1
                else:
                    articles.append(item)
        with self._lock:
            job.total = None if job.sources else len(articles) + read_failures  # a feed's size is known late
            job.done = read_failures
        if not self._graph.writable:
            raise StoreError("the database is open read-only (another process may be writing it): cannot ingest")

        def progress(event: IngestEvent) -> None:
            with self._lock:
                job.done = read_failures + event.report.done
                if event.status == "stored":
                    job.stored.append(event.name)
                    self._event(job, {"status": "stored", "name": event.name})
                elif event.status == "unchanged":
                    job.unchanged.append(event.name)
                    self._event(job, {"status": "unchanged", "name": event.name})
                elif event.failure is not None:
                    self._fail_input(job, event.failure)

        if articles or job.sources:
            self._graph.ingest([*articles, *job.sources], progress=progress, workers=self._workers)
            warm(self._graph)  # the listings of the new articles are then fast from the first request
        with self._lock:
            job.status = "done"
