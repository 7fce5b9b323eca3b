"""Plain-text articles: id = file stem, the whole file is the text."""

from __future__ import annotations

from pathlib import Path

from newsgraph.errors import InputError
from newsgraph.records import Article


def read_text_file(path: Path) -> Article:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(str(path), str(e)) from e
    return Article(id=path.stem, text=text)
