"""The one library object the CLI (and later the HTTP app) are thin shells over."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

from newsgraph.errors import InputError, InputFailure
from newsgraph.ingest import read_inputs
from newsgraph.records import Article, ArticleRecord

Outcome = ArticleRecord | InputFailure


def _chunks(items: Iterable[Article | InputFailure], size: int) -> Iterator[list[Article | InputFailure]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


class NewsGraph:
    """Extraction and (with a database path) storage and queries over newsgraph's record."""

    def __init__(self, db_path: str | Path | None = None, chunk_size: int = 64) -> None:
        self.db_path = Path(db_path) if db_path is not None else None
        self.chunk_size = chunk_size
        self._extractor = None

    @property
    def extractor(self):  # type: ignore[no-untyped-def]
        if self._extractor is None:
            from newsgraph.pipeline import default_extractor

            self._extractor = default_extractor()
        return self._extractor

    def process(self, items: Iterable[Article | InputFailure]) -> Iterator[Outcome]:
        """Records and failures in input order; one bad article never stops the batch."""
        from newsgraph.pipeline import check_article

        for chunk in _chunks(items, self.chunk_size):
            outcomes: list[Outcome | None] = []
            valid: list[tuple[int, Article]] = []
            for item in chunk:
                if isinstance(item, InputFailure):
                    outcomes.append(item)
                    continue
                try:
                    check_article(item)
                except InputError as e:
                    outcomes.append(InputFailure.from_error(e))
                    continue
                valid.append((len(outcomes), item))
                outcomes.append(None)
            for index, outcome in zip((i for i, _ in valid), self._extract_all([a for _, a in valid]), strict=True):
                outcomes[index] = outcome
            yield from (o for o in outcomes if o is not None)

    def _extract_all(self, articles: list[Article]) -> list[Outcome]:
        try:
            return list(self.extractor.extract_many(articles))
        except Exception:  # isolate the article that broke the batch
            out: list[Outcome] = []
            for article in articles:
                try:
                    out.append(self.extractor.extract(article))
                except Exception as e:  # noqa: BLE001 - reported per input, the batch goes on
                    out.append(InputFailure(article.id, f"extraction failed: {type(e).__name__}: {e}"))
            return out

    def extract_paths(self, paths: Iterable[str | Path]) -> Iterator[Outcome]:
        """Read files/folders and extract every article in them."""
        return self.process(read_inputs(paths))
