"""JSON Lines of articles in the common article format; other keys are ignored."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from newsgraph.errors import InputError, InputFailure
from newsgraph.records import Article


def article_from_json(obj: object, where: str) -> Article:
    if not isinstance(obj, dict) or not isinstance(obj.get("id"), str | int) or not isinstance(obj.get("text"), str):
        raise InputError(where, 'not an article: needs "id" and "text"')

    def opt(key: str) -> str | None:
        value = obj.get(key)
        return str(value) if value is not None else None

    return Article(id=str(obj["id"]), text=obj["text"], title=opt("title"), published=opt("published"),
                   source=opt("source"), url=opt("url"))


def read_jsonl(path: Path) -> Iterator[Article | InputFailure]:
    try:
        with path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                where = f"{path}:{n}"
                try:
                    yield article_from_json(json.loads(line), where)
                except json.JSONDecodeError as e:
                    yield InputFailure(where, f"malformed JSON ({e.msg})")
                except InputError as e:
                    yield InputFailure.from_error(e)
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(str(path), str(e)) from e
