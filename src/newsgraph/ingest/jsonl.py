"""JSON Lines of articles in the common article format; other keys are ignored.

The file is streamed line by line (it may be any size, gzipped or not); a line over
``MAX_JSONL_LINE_BYTES``, a line that is not JSON, or a JSON value that is not an article
becomes an ``InputFailure`` naming ``file:line`` and the rest of the file is still read.
Files are UTF-8 (a leading byte-order mark is allowed); UTF-16 with a byte-order mark is read too.
"""

from __future__ import annotations

import codecs
import io
import json
import logging
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from newsgraph.errors import InputError, InputFailure
from newsgraph.ingest import source
from newsgraph.records import Article

OPTIONAL_FIELDS = ("title", "published", "source", "url")
logger = logging.getLogger("newsgraph.ingest")


def article_from_json(obj: object, where: str) -> Article:
    """An Article from one decoded JSON value, or InputError naming ``where``."""
    if not isinstance(obj, dict):
        raise InputError(where, f"not an article: expected a JSON object, got {_json_type(obj)}")
    article_id = obj.get("id")
    if isinstance(article_id, bool) or not isinstance(article_id, str | int) or str(article_id) == "":
        raise InputError(where, 'not an article: needs a non-empty string "id"')
    text = obj.get("text")
    if not isinstance(text, str):
        raise InputError(where, f'not an article: needs a string "text" (id {article_id!r})')
    if not text.strip():
        raise InputError(where, f"empty text (id {article_id!r})")
    fields: dict[str, str | None] = {}
    for key in OPTIONAL_FIELDS:
        value = obj.get(key)
        if isinstance(value, dict | list):
            raise InputError(where, f'"{key}" must be a string or null (id {article_id!r})')
        fields[key] = _no_lone_surrogates(str(value), where) if value is not None else None
    stated = obj.get("published_from")  # an export read back keeps where its dates came from
    published_from = stated if isinstance(stated, str) and fields.get("published") else None
    author = obj.get("author")
    return Article(id=_no_lone_surrogates(str(article_id), where), text=_no_lone_surrogates(text, where), **fields,
                   published_from=published_from or ("given" if fields.get("published") else None),
                   author=_no_lone_surrogates(author, where) if isinstance(author, str) else None)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _no_lone_surrogates(value: str, where: str) -> str:
    """``value`` with U+FFFD for each lone surrogate (a ``\\ud800`` escape JSON allows and no text can hold),
    and a warning naming ``where``."""
    if not _LONE_SURROGATE.search(value):
        return value
    fixed, count = _LONE_SURROGATE.subn("\ufffd", value)
    logger.warning("%s: %d lone surrogate escape(s) in the JSON, read as U+FFFD replacement characters", where,
                   count)
    return fixed


def _json_type(value: Any) -> str:
    names = {list: "an array", str: "a string", bool: "a boolean", int: "a number", float: "a number"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def read_jsonl(path: Path) -> Iterator[Article | InputFailure]:
    """Articles (and per-line failures) of one JSON Lines file, in file order.

    Raises InputError for a problem with the file as a whole (unreadable, binary, empty).
    """
    with source.open_binary(path) as fh:
        try:
            head = _peek(fh)
        except (OSError, EOFError, zlib.error) as e:
            raise source.stream_error(path, e) from e
        if not head:
            raise InputError(str(path), "empty file")
        encoding = source.bom_encoding(head)
        if encoding is None and b"\x00" in head:
            raise InputError(str(path), "binary data, not text (contains NUL bytes)")
        lines = _utf8_lines(fh, str(path)) if encoding in (None, "utf-8") else _decoded_lines(fh, encoding)
        found_any = False
        n = 0
        try:
            for n, line in lines:
                where = f"{path}:{n}"
                if isinstance(line, InputFailure):
                    yield InputFailure(where, line.reason)
                    found_any = True
                    continue
                if not line.strip():
                    continue
                found_any = True
                try:
                    yield article_from_json(json.loads(line), where)
                except json.JSONDecodeError as e:
                    yield InputFailure(where, f"malformed JSON ({e.msg.removesuffix(' at')} at column {e.colno})")
                except RecursionError:
                    yield InputFailure(where, "malformed JSON (nested too deeply)")
                except InputError as e:
                    yield InputFailure.from_error(e)
        except (OSError, EOFError, zlib.error, UnicodeDecodeError) as e:
            error = source.stream_error(f"{path}:{n + 1}", e)
            if isinstance(e, UnicodeDecodeError):
                error = InputError(f"{path}:{n + 1}", f"not valid {encoding} text")
            raise error from e
    if not found_any:
        raise InputError(str(path), "no articles (only blank lines)")


def _peek(fh: BinaryIO) -> bytes:
    peek = getattr(fh, "peek", None)
    return peek(source.SNIFF_BYTES)[: source.SNIFF_BYTES] if peek else b""


def _too_long(limit: int, unit: str) -> InputFailure:
    return InputFailure("", f"line is over the limit of {limit:,} {unit}")


def _utf8_lines(fh: BinaryIO, where: str) -> Iterator[tuple[int, str | InputFailure]]:
    """``(line number, text)`` of a UTF-8 stream, or a failure for an overlong or undecodable line (a line
    nearly all UTF-8 is read with replacement characters and a warning naming ``where:line``)."""
    limit = source.MAX_JSONL_LINE_BYTES
    n = 0
    while raw := fh.readline(limit + 1):
        n += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            while (rest := fh.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass  # skip the rest of the overlong line
            yield n, _too_long(limit, "bytes")
            continue
        if n == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        try:
            yield n, raw.decode("utf-8")
        except UnicodeDecodeError as e:
            bad = len(raw) - len(raw.decode("utf-8", "ignore").encode("utf-8"))
            if source.nearly_valid(raw, bad):  # a stray byte or two: U+FFFD and a warning naming the line
                yield n, source.replaced(raw, "utf-8", bad, f"{where}:{n}")
                continue
            yield n, InputFailure("", f"not valid UTF-8 (bad byte at column {e.start + 1}); "
                                      "JSON Lines must be UTF-8")


def _decoded_lines(fh: BinaryIO, encoding: str) -> Iterator[tuple[int, str | InputFailure]]:
    """``(line number, text)`` of a stream with a UTF-16/32 byte-order mark."""
    codec = {"utf-16-le": "utf-16", "utf-16-be": "utf-16", "utf-32-le": "utf-32", "utf-32-be": "utf-32"}
    text = io.TextIOWrapper(fh, encoding=codec.get(encoding, encoding), newline="\n")  # type: ignore[arg-type]
    limit = source.MAX_JSONL_LINE_BYTES // 2
    n = 0
    while line := text.readline(limit + 1):
        n += 1
        if len(line) > limit and not line.endswith("\n"):
            while (rest := text.readline(1 << 20)) and not rest.endswith("\n"):
                pass
            yield n, _too_long(limit, "characters")
            continue
        yield n, line
    text.detach()
