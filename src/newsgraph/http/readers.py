"""The API's reading connections: a small pool of ``NewsGraph``s sharing the one database, each serving one request
thread at a time (a DuckDB connection serves one thread at a time), and the quote catalogue loaded ahead of the
first listing."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from newsgraph.service import NewsGraph

logger = logging.getLogger("newsgraph.http")  # the API layer's one logger

__all__ = ["READERS", "Readers", "warm"]

READERS = 4  # read connections (one per request thread at a time)


class Readers:
    """A bounded pool of NewsGraphs sharing the database, each used by one request thread at a time."""

    def __init__(self, graph: NewsGraph, size: int = READERS) -> None:
        self._graph = graph
        self._size = size
        self._idle: queue.LifoQueue[NewsGraph] = queue.LifoQueue()
        self._opened: list[NewsGraph] = []
        self._lock = threading.Lock()
        self._idle.put(self._open_one())  # opens the database now: a bad path fails at start, not per request

    def _open_one(self) -> NewsGraph:
        reader = self._graph.share(hold_quotes=True)  # a long-lived process: quote listings from memory
        self._opened.append(reader)
        return reader

    @contextmanager
    def use(self) -> Iterator[NewsGraph]:
        try:
            reader = self._idle.get_nowait()
        except queue.Empty:
            with self._lock:
                fresh = self._open_one() if len(self._opened) < self._size else None
            reader = fresh if fresh is not None else self._idle.get()
        try:
            yield reader
        finally:
            self._idle.put(reader)

    def close(self) -> None:
        """Close every connection (a later request opens new ones)."""
        with self._lock:
            while True:
                try:
                    self._idle.get_nowait()
                except queue.Empty:
                    break
            for reader in self._opened:
                reader.close()
            self._opened.clear()


def warm(graph: NewsGraph) -> None:
    """Load the quote catalogue in the background of serving; a failure here only leaves it to load lazily."""
    try:
        graph.warm()
    except Exception:  # noqa: BLE001 - the first listing loads it instead
        logger.warning("could not preload the quote catalogue", exc_info=True)
