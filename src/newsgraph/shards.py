"""A folder of JSON Lines shards, for extraction output too big for one file.

``ShardWriter(folder, shard_size)`` writes ``part-00000.jsonl``, ``part-00001.jsonl``, … (``.jsonl.gz`` when
``compress``), each of at most ``shard_size`` lines, in the order they come. A shard is written under a
temporary name and renamed when full or closed, so a reader (or DuckDB's ``read_json('folder/part-*.jsonl')``)
never sees half a shard, and an interrupted run leaves only whole ones.
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path
from typing import IO

from newsgraph.errors import NewsgraphError


class ShardWriter:
    def __init__(self, folder: str | Path, shard_size: int = 10_000, compress: bool = False) -> None:
        if shard_size < 1:
            raise ValueError("shard_size must be at least 1")
        self.folder = Path(folder)
        self.shard_size = shard_size
        self.suffix = ".jsonl.gz" if compress else ".jsonl"
        self.written: list[Path] = []
        self._out: IO[str] | None = None
        self._lines = 0
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise NewsgraphError(f"{self.folder}: cannot make the output folder: {e.strerror or e}") from e
        if any(self.folder.glob("part-*.jsonl*")):
            raise NewsgraphError(f"{self.folder}: already holds shards (part-*.jsonl); use an empty folder")

    def __enter__(self) -> ShardWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _path(self, temporary: bool = False) -> Path:
        name = f"part-{len(self.written):05d}{self.suffix}"
        return self.folder / (f".{name}.tmp" if temporary else name)

    def write(self, line: str) -> None:
        """One JSON line (without its newline)."""
        if self._out is None:
            path = self._path(temporary=True)
            self._out = (gzip.open(path, "wt", encoding="utf-8") if self.suffix.endswith(".gz")  # noqa: SIM115
                         else path.open("w", encoding="utf-8"))  # closed by _finish
        self._out.write(line + "\n")
        self._lines += 1
        if self._lines >= self.shard_size:
            self._finish()

    def _finish(self) -> None:
        if self._out is None:
            return
        self._out.close()
        self._out = None
        self._lines = 0
        final = self._path()
        os.replace(self._path(temporary=True), final)
        self.written.append(final)

    def close(self) -> None:
        self._finish()
