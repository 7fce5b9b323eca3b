"""Plain-text articles (``.txt``, ``.txt.gz``): id = file stem, the whole file is the text."""

from __future__ import annotations

from pathlib import Path

from newsgraph.errors import InputError
from newsgraph.ingest.source import decode_bytes, read_limited_bytes, split_name
from newsgraph.records import Article


def read_text_file(path: Path) -> Article:
    """One article from a text file, its text exactly as read (universal newlines, no BOM).

    Raises InputError for an unreadable, oversized, binary, undecodable or empty file.
    """
    data = read_limited_bytes(path)
    if not data:
        raise InputError(str(path), "empty file")
    text = decode_bytes(data, str(path))
    if not text.strip():
        raise InputError(str(path), "no text (only whitespace)")
    return Article(id=split_name(path)[0], text=text)
