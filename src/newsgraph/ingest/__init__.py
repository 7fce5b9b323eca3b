"""Read inputs (files and folders) into Articles; a bad input becomes an InputFailure, never a crash.

``read_inputs(paths)`` yields, in input order, one ``Article`` per article found or one
``InputFailure`` per input (file, or JSON line) that could not be read, so a batch goes on.

Inputs: ``.txt`` (id = file stem, text as read), ``.html``/``.htm`` (body and metadata via
trafilatura), ``.jsonl`` (articles in the common article format, streamed), each optionally
gzipped (``.txt.gz``, ``.html.gz``, ``.jsonl.gz``; id = name without both suffixes), a web archive
(``.warc``, ``.warc.gz``, ``.arc``, ``.arc.gz``: every HTML response an article, see ``warc.py``), or a folder:
its supported files, sorted by name (not recursive; hidden files and other types are skipped).
Limits: ``source.MAX_FILE_BYTES`` per .txt/.html file, ``source.MAX_JSONL_LINE_BYTES`` per JSON line.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from newsgraph.errors import InputError, InputFailure
from newsgraph.ingest.jsonl import read_jsonl
from newsgraph.ingest.source import GZIP_SUFFIX, os_reason, split_name
from newsgraph.ingest.text import read_text_file
from newsgraph.records import Article

SUPPORTED_SUFFIXES = {".txt": "text", ".jsonl": "jsonl", ".html": "html", ".htm": "html", ".warc": "warc",
                      ".arc": "warc"}


def input_kind(path: Path) -> str | None:
    """"text", "jsonl" or "html" for a supported file name (gzipped or not), else None."""
    return SUPPORTED_SUFFIXES.get(split_name(path)[1])


def _unsupported(path: Path) -> str:
    suffixes = "".join(path.suffixes[-2:]) or "(none)"
    accepted = ", ".join(sorted(SUPPORTED_SUFFIXES))
    return f"unsupported file type {suffixes!r}; expected one of {accepted} (optionally {GZIP_SUFFIX})"


def _read_file(path: Path) -> Iterator[Article | InputFailure]:
    kind = input_kind(path)
    try:
        if kind == "text":
            yield read_text_file(path)
        elif kind == "jsonl":
            yield from read_jsonl(path)
        elif kind == "html":
            from newsgraph.ingest.html import read_html_file

            yield read_html_file(path)
        elif kind == "warc":
            from newsgraph.ingest.warc import read_warc

            yield from read_warc(path)
        else:
            raise InputError(str(path), _unsupported(path))
    except InputError as e:
        yield InputFailure.from_error(e)


def folder_files(folder: Path) -> list[Path]:
    """The supported files directly in ``folder``, sorted by name; hidden files are skipped."""
    return sorted(
        (p for p in folder.iterdir() if not p.name.startswith(".") and input_kind(p) and p.is_file()),
        key=lambda p: p.name,
    )


def read_inputs(paths: Iterable[str | Path]) -> Iterator[Article | InputFailure]:
    """Articles and failures from files and folders, in input order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            try:
                files = folder_files(path)
            except OSError as e:
                yield InputFailure(str(path), os_reason(e))
                continue
            if not files:
                yield InputFailure(str(path), "folder has no supported files "
                                   f"({', '.join(sorted(SUPPORTED_SUFFIXES))}, optionally {GZIP_SUFFIX})")
            for file in files:
                yield from _read_file(file)
        elif path.is_file():
            yield from _read_file(path)
        elif path.exists():
            yield InputFailure(str(path), "not a regular file or folder")
        else:
            yield InputFailure(str(path), "no such file or folder")
