"""What an ingest run reports: ``IngestReport`` (the run so far, then the whole run), ``IngestEvent`` (one article or
input finished) and the ``ProgressCallback`` that receives each event. ``NewsGraph.ingest`` returns the report,
``ingest_run.IngestRun`` fills it, ``watch`` reports a round with it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from newsgraph.errors import InputFailure

__all__ = ["IngestEvent", "IngestReport", "IngestStatus", "ProgressCallback"]

IngestStatus = Literal["stored", "unchanged", "failed"]


@dataclass(slots=True)
class IngestReport:
    """What an ingest run did: article ids stored and left unchanged, inputs that failed."""

    stored: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[InputFailure] = field(default_factory=list)
    seconds: float = 0.0
    copies: dict[str, str] = field(default_factory=dict)  # stored as a copy: article id -> the original's id
    requests: int = 0  # HTTP requests made for web sources
    not_modified: list[str] = field(default_factory=list)  # feeds and sitemaps unchanged since the last run

    @property
    def done(self) -> int:
        return len(self.stored) + len(self.unchanged) + len(self.failed)

    def summary(self) -> str:
        rate = self.done / self.seconds if self.seconds > 0 else 0.0
        copies = f" ({len(self.copies)} as copies)" if self.copies else ""
        web = f"; {self.requests} web request{'' if self.requests == 1 else 's'}" if self.requests else ""
        return (f"{len(self.stored)} stored{copies}, {len(self.unchanged)} unchanged, {len(self.failed)} failed "
                f"in {self.seconds:.1f}s ({rate:.1f} articles/s){web}")


@dataclass(frozen=True, slots=True)
class IngestEvent:
    """One article (or input) finished during ingest; ``report`` is the run so far."""

    status: IngestStatus
    name: str  # the article id, or the input name of a failure
    report: IngestReport
    failure: InputFailure | None = None


ProgressCallback = Callable[[IngestEvent], None]
