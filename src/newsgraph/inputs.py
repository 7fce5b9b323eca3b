"""What ``NewsGraph`` reads: paths (files, folders), Articles and web sources (URLs of pages, feeds, sitemaps) as one
stream of Articles and InputFailures, and the bytes of an uploaded file (``read_upload``, for ``POST /api/ingest``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from newsgraph.errors import InputFailure
from newsgraph.ingest import read_inputs
from newsgraph.ingest.urls import is_url
from newsgraph.records import Article

if TYPE_CHECKING:
    from newsgraph.ingest.fetch import FetchPolicy
    from newsgraph.ingest.remote import SourceReader, SourceState

__all__ = ["articles_of", "read_upload", "web_reader"]


def read_upload(name: str, data: bytes) -> list[Article | InputFailure]:
    """The articles of an uploaded file (.txt, .html/.htm, .jsonl, optionally .gz), read from its bytes.

    ``name`` (whatever the client sent) only chooses the reader by its suffix, names failures, and gives a
    .txt/.html article its id (the name's last part without suffixes): the bytes go to a temporary file
    named here, so the name never becomes a path.
    """
    import tempfile

    from newsgraph.ingest import input_kind
    from newsgraph.ingest.source import split_name, warnings_naming

    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip() or "upload"
    stem, suffix, gzipped = split_name(Path(base))
    if input_kind(Path(base)) is None:
        return [InputFailure(base, "unsupported file type; expected .txt, .html, .htm or .jsonl")]
    with tempfile.TemporaryDirectory(prefix="newsgraph-upload-") as folder:
        path = Path(folder) / ("upload" + suffix + (".gz" if gzipped else ""))
        path.write_bytes(data)
        out: list[Article | InputFailure] = []
        with warnings_naming(str(path), base):
            items = list(read_inputs([path]))
        for item in items:
            if isinstance(item, InputFailure):
                out.append(InputFailure(item.input_name.replace(str(path), base), item.reason))
            elif suffix in (".txt", ".html", ".htm"):
                out.append(Article(id=stem or "upload", text=item.text, title=item.title, published=item.published,
                                   source=item.source, url=item.url))
            else:
                out.append(item)
        return out


def articles_of(inputs: Iterable[str | Path | Article], web: SourceReader) -> Iterator[Article | InputFailure]:
    for item in inputs:
        if isinstance(item, Article):
            yield item
        elif is_url(item):
            yield from web.read([str(item)])
        else:
            yield from read_inputs([item])


@contextmanager
def web_reader(policy: FetchPolicy | None, state: SourceState) -> Iterator[SourceReader]:
    """A reader of web sources (pages, feeds, sitemaps by URL) over one fetcher, closed at the end."""
    from newsgraph.ingest.fetch import Fetcher
    from newsgraph.ingest.remote import SourceReader

    fetcher = Fetcher(policy, robots=state)
    try:
        yield SourceReader(fetcher, state)
    finally:
        fetcher.close()
