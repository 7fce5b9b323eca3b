"""Read inputs (files and folders) into Articles; a bad input becomes an InputFailure, never a crash.

``read_inputs(paths)`` yields, in input order, one ``Article`` per article found or one
``InputFailure`` per input (file, or JSON line) that could not be read, so a batch goes on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from newsgraph.errors import InputError, InputFailure
from newsgraph.ingest.jsonl import read_jsonl
from newsgraph.ingest.text import read_text_file
from newsgraph.records import Article

SUPPORTED_SUFFIXES = {".txt": "text", ".jsonl": "jsonl", ".html": "html", ".htm": "html"}


def _read_file(path: Path) -> Iterator[Article | InputFailure]:
    kind = SUPPORTED_SUFFIXES.get(path.suffix.lower())
    try:
        if kind == "text":
            yield read_text_file(path)
        elif kind == "jsonl":
            yield from read_jsonl(path)
        elif kind == "html":
            from newsgraph.ingest.html import read_html_file

            yield read_html_file(path)
        else:
            raise InputError(str(path), f"unsupported file type {path.suffix or '(none)'!r}; "
                             f"expected one of {', '.join(sorted(SUPPORTED_SUFFIXES))}")
    except InputError as e:
        yield InputFailure.from_error(e)


def read_inputs(paths: Iterable[str | Path]) -> Iterator[Article | InputFailure]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
            for file in files:
                yield from _read_file(file)
        elif path.exists():
            yield from _read_file(path)
        else:
            yield InputFailure(str(path), "no such file or folder")
