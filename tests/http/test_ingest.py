"""POST /api/ingest and /api/jobs: pasted text and uploaded files become stored articles, served at once."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from newsgraph.http import create_app
from newsgraph.records import Article, ArticleRecord
from newsgraph.service import NewsGraph
from tests.http.conftest import copy_db

pytestmark = pytest.mark.slow  # extracts with the real model

PASTED = ('Mara Okonjo, the harbour master, said "the new breakwater will be finished by June" on Monday. '
          'The port authority approved the budget.')


class GatedExtractor:
    """The real extractor, held back while ``gate`` is closed (to look at the API while a job runs)."""

    def __init__(self, extractor: Any) -> None:
        self.extractor = extractor
        self.gate = threading.Event()
        self.gate.set()
        self.waiting = threading.Event()

    def _wait(self) -> None:
        self.waiting.set()
        assert self.gate.wait(60)

    def extract(self, article: Article) -> ArticleRecord:
        self._wait()
        return self.extractor.extract(article)

    def extract_many(self, articles: Iterable[Article]) -> Iterable[ArticleRecord]:
        self._wait()
        return self.extractor.extract_many(articles)


@pytest.fixture(scope="module")
def gated(extractor) -> GatedExtractor:  # type: ignore[no-untyped-def]
    return GatedExtractor(extractor)


@pytest.fixture(scope="module")
def ingest_client(sample_db: Path, gated: GatedExtractor, tmp_path_factory) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    path = copy_db(sample_db, tmp_path_factory.mktemp("ingest"))
    with NewsGraph(path, extractor=gated) as graph, \
            TestClient(create_app(graph, max_upload_bytes=200_000), raise_server_exceptions=False) as client:
        yield client


def wait_for(client: TestClient, started: Any, seconds: float = 120) -> dict[str, Any]:
    assert started.status_code == 202, started.text
    body = started.json()
    assert body["status_url"] == f"/api/jobs/{body['job']}"
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = client.get(body["status_url"]).json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {body['job']} still {job['status']}")


def test_pasted_text_is_stored_and_then_served(ingest_client: TestClient) -> None:
    article = {"id": "pasted-harbour", "text": PASTED, "title": "Breakwater on schedule", "published": "2026-05-04",
               "source": "Harbour Gazette"}
    job = wait_for(ingest_client, ingest_client.post("/api/ingest", json=article))
    assert job["status"] == "done", job
    assert job["stored"] == ["pasted-harbour"] and job["total"] == 1 and job["done"] == 1 and job["failed"] == []
    assert job["events"] == [{"status": "stored", "name": "pasted-harbour"}]
    served = ingest_client.get("/api/articles/pasted-harbour").json()
    assert served["title"] == "Breakwater on schedule" and served["text"] == PASTED and served["story"]
    quotes = ingest_client.get("/api/quotes?article=pasted-harbour").json()["items"]
    assert [q["speaker"] for q in quotes] == ["Mara Okonjo"]
    assert "breakwater" in quotes[0]["content"]
    assert ingest_client.get("/api/quotes?q=breakwater").json()["items"][0]["article_id"] == "pasted-harbour"
    again = wait_for(ingest_client, ingest_client.post("/api/ingest", json=article))
    assert again["status"] == "done" and again["unchanged"] == ["pasted-harbour"] and again["stored"] == []


def test_pasted_text_without_id_gets_one_from_its_text(ingest_client: TestClient) -> None:
    text = PASTED.replace("Mara Okonjo", "Ilse Varga")
    job = wait_for(ingest_client, ingest_client.post("/api/ingest", json={"text": text}))
    assert job["status"] == "done" and len(job["stored"]) == 1
    assert ingest_client.get(f"/api/articles/{job['stored'][0]}").json()["text"] == text


def test_uploaded_files_are_stored_and_names_never_become_paths(ingest_client: TestClient, tmp_path: Path) -> None:
    lines = "\n".join(json.dumps(a) for a in (
        {"id": "upload-jsonl-1", "text": PASTED.replace("Mara Okonjo", "Tariq Hume"), "title": "One",
         "published": "2026-05-05", "source": "Upload Wire"},
        {"id": "upload-jsonl-2", "text": "", "title": "Empty"},
    ))
    files = [("files", ("../../x.txt", PASTED.replace("Mara Okonjo", "Nadia Sorel").encode(), "text/plain")),
             ("files", ("batch.jsonl", lines.encode(), "application/octet-stream")),
             ("files", ("/etc/passwd", b"root:x:0:0", "text/plain")),
             ("files", ("notes.pdf", b"%PDF-1.4", "application/pdf"))]
    job = wait_for(ingest_client, ingest_client.post("/api/ingest", files=files))
    assert job["status"] == "done", job
    assert sorted(job["stored"]) == ["upload-jsonl-1", "x"]
    failed = {f["name"]: f["error"] for f in job["failed"]}
    assert set(failed) >= {"passwd", "notes.pdf"} and "unsupported" in failed["notes.pdf"]
    assert len(job["failed"]) == 3  # passwd, notes.pdf, and the empty JSON line
    assert job["done"] == job["total"] == 5
    assert not any("/" in f["name"] and "tmp" in f["name"] for f in job["failed"])  # no temp paths leak
    assert not (Path.cwd().parent.parent / "x.txt").exists() and not (Path.cwd() / "x.txt").exists()
    served = ingest_client.get("/api/articles/x").json()
    assert "Nadia Sorel" in served["text"]
    one = ingest_client.get("/api/articles/upload-jsonl-1").json()
    assert one["source"] == "Upload Wire" and one["published"] == "2026-05-05"


def test_reads_are_answered_while_a_job_runs(ingest_client: TestClient, gated: GatedExtractor) -> None:
    before = ingest_client.get("/api/health").json()["counts"]["articles"]
    gated.gate.clear()
    gated.waiting.clear()
    try:
        started = ingest_client.post("/api/ingest", json={"id": "held-back", "text": PASTED.replace("Mara", "Rosa")})
        assert gated.waiting.wait(30)  # the worker is inside the job now
        status = ingest_client.get(started.json()["status_url"]).json()
        assert status["status"] == "running" and status["total"] == 1 and status["done"] == 0
        assert ingest_client.get("/api/health").json()["counts"]["articles"] == before
        assert ingest_client.get("/api/quotes?speaker=thomas-greenfield").json()["items"]
        assert ingest_client.get("/api/articles/held-back").status_code == 404
    finally:
        gated.gate.set()
    job = wait_for(ingest_client, started)
    assert job["status"] == "done" and job["stored"] == ["held-back"]
    assert ingest_client.get("/api/health").json()["counts"]["articles"] == before + 1


def error_of(response: Any, status: int) -> str:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["status"] == status and error["title"]
    return str(error["message"])


def test_bad_ingest_requests(ingest_client: TestClient) -> None:
    assert "text" in error_of(ingest_client.post("/api/ingest", json={"title": "no text"}), 422)
    assert "text" in error_of(ingest_client.post("/api/ingest", json={"text": "   "}), 422)
    assert "title" in error_of(ingest_client.post("/api/ingest", json={"text": "x", "title": 3}), 422)
    assert "unknown" in error_of(ingest_client.post("/api/ingest", json={"text": "x", "sql": "DROP"}), 422)
    assert "JSON" in error_of(ingest_client.post("/api/ingest", content=b"{nope",
                                                 headers={"content-type": "application/json"}), 422)
    assert "files" in error_of(ingest_client.post("/api/ingest", data={"other": "1"},
                                                  files=[("other", ("a.txt", b"x", "text/plain"))]), 422)
    error_of(ingest_client.post("/api/ingest", content=b"text", headers={"content-type": "text/plain"}), 415)
    error_of(ingest_client.get("/api/ingest"), 405)


def test_upload_over_the_limit_is_413(ingest_client: TestClient) -> None:
    big = b"word " * 50_000  # 250 kB, over this app's 200 kB
    assert "limit" in error_of(ingest_client.post("/api/ingest", files=[("files", ("big.txt", big, "text/plain"))]),
                               413)
    assert "limit" in error_of(ingest_client.post("/api/ingest", json={"text": "x" * 250_000}), 413)

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        for _ in range(30):
            yield b"x" * 10_000

    error_of(ingest_client.post("/api/ingest", content=chunks(), headers={"content-type": "application/json"}), 413)
    assert ingest_client.get("/api/articles/big").status_code == 404


def test_too_many_waiting_jobs_is_429(ingest_client: TestClient, gated: GatedExtractor) -> None:
    from newsgraph.http.jobs import JOBS_WAITING

    article = {"id": "queued-harbour", "text": PASTED.replace("Mara", "Lena")}
    gated.gate.clear()
    gated.waiting.clear()
    try:
        running = ingest_client.post("/api/ingest", json=article)
        assert gated.waiting.wait(30)
        queued = [ingest_client.post("/api/ingest", json=article) for _ in range(JOBS_WAITING)]
        assert all(r.status_code == 202 for r in queued)
        refused = ingest_client.post("/api/ingest", json=article)
        assert "waiting" in error_of(refused, 429) and refused.headers["retry-after"] == "5"
    finally:
        gated.gate.set()
    assert wait_for(ingest_client, running)["stored"] == ["queued-harbour"]
    assert all(wait_for(ingest_client, r)["unchanged"] == ["queued-harbour"] for r in queued)
    assert wait_for(ingest_client, ingest_client.post("/api/ingest", json=article))["status"] == "done"
