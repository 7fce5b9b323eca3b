"""What reading web sources remembers in the store (table ``fetch_state``, schema v5): each feed's or sitemap's
last ETag / Last-Modified (for conditional GET), each host's robots.txt (kept a day), and which canonical URLs
are stored already. No spaCy; used by the service over its writing ``Store``."""

from __future__ import annotations

from datetime import UTC, datetime

from newsgraph.store import Store

_ROBOTS = "robots:"


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class WebState:
    """``ingest.remote.SourceState`` over a store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._urls: set[str] | None = None

    def validators(self, url: str) -> tuple[str | None, str | None] | None:
        row = self.store.con.execute("SELECT etag, last_modified FROM fetch_state WHERE url = ?", [url]).fetchone()
        return (row[0], row[1]) if row else None

    def remember(self, url: str, etag: str | None, last_modified: str | None) -> None:
        self.store.con.execute("INSERT OR REPLACE INTO fetch_state VALUES (?, ?, ?, NULL, ?)",
                               [url, etag, last_modified, _now()])

    def known_url(self, url: str) -> bool:
        if self._urls is None:
            self._urls = {r[0] for r in self.store.con.execute(
                "SELECT url FROM articles WHERE url IS NOT NULL").fetchall()}
        return url in self._urls

    def get_robots(self, host: str) -> tuple[str, float] | None:
        row = self.store.con.execute("SELECT body, fetched_at FROM fetch_state WHERE url = ?",
                                     [_ROBOTS + host]).fetchone()
        if row is None or row[0] is None:
            return None
        return row[0], row[1].replace(tzinfo=UTC).timestamp()

    def put_robots(self, host: str, text: str) -> None:
        self.store.con.execute("INSERT OR REPLACE INTO fetch_state VALUES (?, NULL, NULL, ?, ?)",
                               [_ROBOTS + host, text, _now()])
