"""``newsgraph watch``: poll feeds and sitemaps (or any inputs) and ingest what is new, a round at a time.

Each round is one ``NewsGraph.ingest`` of the sources: feeds and sitemaps are asked conditionally (an unchanged
one costs one request and yields nothing), pages already stored are not fetched again, copies are stored as
copies. The wait between rounds is ``every`` seconds from the start of the last round; a Ctrl-C (during a
round or the wait) ends the watch after the articles committed so far, which are kept.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsgraph.ingest_report import IngestReport, ProgressCallback
    from newsgraph.service import NewsGraph

_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|hr|d)?\s*$", re.IGNORECASE)
_UNITS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hr": 3600, "d": 86400}
MIN_INTERVAL_SECONDS = 1.0


def parse_interval(value: str) -> float:
    """Seconds in ``"90s"``, ``"15m"``, ``"2h"``, ``"1d"`` or a bare number of seconds; ValueError otherwise."""
    match = _INTERVAL.match(value)
    if not match:
        raise ValueError(f"{value!r} is not an interval: expected a number with s, m, h or d (e.g. 15m)")
    seconds = float(match.group(1)) * _UNITS[(match.group(2) or "s").lower()]
    if seconds < MIN_INTERVAL_SECONDS:
        raise ValueError(f"{value!r} is too short an interval (at least {MIN_INTERVAL_SECONDS:g}s)")
    return seconds


@dataclass(frozen=True, slots=True)
class Round:
    number: int
    started: float  # time.time()
    report: IngestReport

    def line(self) -> str:
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(self.started))
        unchanged = f"; unchanged feeds/sitemaps: {len(self.report.not_modified)}" if self.report.not_modified else ""
        return f"round {self.number} at {when}: {self.report.summary()}{unchanged}"


def watch(graph: NewsGraph, sources: Sequence[str | Path], every: float, rounds: int | None = None,
          on_round: Callable[[Round], None] | None = None, progress: ProgressCallback | None = None,
          sleep: Callable[[float], None] | None = None) -> int:
    """Ingest ``sources`` every ``every`` seconds, ``rounds`` times (None: until interrupted); rounds done.
    KeyboardInterrupt comes out of a round (after what it committed) or of the wait."""
    done = 0
    while rounds is None or done < rounds:
        started = time.time()
        report = graph.ingest(list(sources), progress=progress)
        done += 1
        if on_round is not None:
            on_round(Round(done, started, report))
        if rounds is not None and done >= rounds:
            break
        (sleep or time.sleep)(max(0.0, started + every - time.time()))
    return done
