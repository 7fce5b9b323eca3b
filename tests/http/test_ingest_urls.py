"""POST /api/ingest with URLs: fetched on the server's behalf, private addresses refused unless allowed."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from newsgraph.http import create_app
from newsgraph.ingest.fetch import FetchPolicy
from newsgraph.records import Article, ArticleRecord
from newsgraph.service import NewsGraph
from tests.ingest.test_web_sources import page, rss
from tests.webserver import Route

FAST = FetchPolicy(timeout=3.0, retries=0, backoff=0.0, min_interval=0.0)


class NoModel:
    def extract(self, article: Article) -> ArticleRecord:
        return ArticleRecord(article=article)

    def extract_many(self, articles):  # type: ignore[no-untyped-def]
        return [self.extract(a) for a in articles]


def finished(client: TestClient, started: Any) -> dict[str, Any]:
    assert started.status_code == 202, started.text
    url = started.json()["status_url"]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job = client.get(url).json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError("job did not finish")


def test_loopback_urls_are_refused_by_default(tmp_path: Path, local_web) -> None:
    url = local_web.route("/p.html", Route(body=page(1)))
    with NewsGraph(tmp_path / "s.duckdb", extractor=NoModel(), fetch=FAST) as graph, \
            TestClient(create_app(graph), raise_server_exceptions=False) as client:
        job = finished(client, client.post("/api/ingest", json={"urls": [url]}))
    assert job["status"] == "done" and job["stored"] == []
    (failure,) = job["failed"]
    assert failure["name"] == url and failure["error"].startswith("refused: 127.0.0.1 resolves to a loopback address")
    assert local_web.requests == []  # nothing was asked of it


def test_feeds_and_pages_with_allow_private_urls(tmp_path: Path, local_web) -> None:
    local_web.route("/a.html", Route(body=page(2)))
    local_web.route("/b.html", Route(body=page(2)))  # the same article at another address: a copy
    feed = local_web.route("/feed.xml", Route(body=rss(local_web, [("/a.html", "A", ""), ("/b.html", "B", "")]),
                                              content_type="application/rss+xml"))
    with NewsGraph(tmp_path / "s.duckdb", extractor=NoModel(), fetch=FAST) as graph, \
            TestClient(create_app(graph, allow_private_urls=True), raise_server_exceptions=False) as client:
        job = finished(client, client.post("/api/ingest", json={"urls": [feed]}))
        assert job["status"] == "done" and job["failed"] == [] and len(job["stored"]) == 2
        first, second = (client.get(f"/api/articles/{i}").json() for i in job["stored"])
        assert first["duplicate_of"] is None and [c["id"] for c in first["copies"]] == [second["id"]]
        assert second["duplicate_of"] == first["id"] and second["story"] == first["story"]
        listed = client.get("/api/articles").json()["items"]
        assert {a["id"]: a["duplicate_of"] for a in listed} == {first["id"]: None, second["id"]: first["id"]}


def test_bad_url_requests(tmp_path: Path) -> None:
    with NewsGraph(tmp_path / "s.duckdb", extractor=NoModel()) as graph, \
            TestClient(create_app(graph), raise_server_exceptions=False) as client:
        for body, message in (({"urls": []}, "non-empty list"), ({"urls": ["file:///etc/passwd"]}, "not an http"),
                              ({"urls": ["https://x.org/"], "text": "t"}, "not both"),
                              ({"urls": ["https://x.org/"] * 101}, "at most 100")):
            answer = client.post("/api/ingest", json=body)
            assert answer.status_code == 422 and message in answer.json()["error"]["message"], answer.text
