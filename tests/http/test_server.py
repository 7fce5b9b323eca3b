"""`newsgraph serve` as a real uvicorn server on loopback, queried over real HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.http.conftest import copy_db

pytestmark = pytest.mark.slow  # the sample database is built with the real model


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_answers_over_http_on_loopback(sample_db: Path, tmp_path: Path) -> None:
    db = copy_db(sample_db, tmp_path)
    port = free_port()
    env = {**os.environ, "NEWSGRAPH_TOKEN": ""}
    server = subprocess.Popen([sys.executable, "-m", "newsgraph", "serve", "--db", str(db), "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, server.stdout.read().decode() if server.stdout else ""
            try:
                health = httpx.get(f"{base}/api/health", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        assert health.status_code == 200 and health.json()["counts"]["articles"] == 6
        quotes = httpx.get(f"{base}/api/quotes", params={"speaker": "Jane Smith", "limit": 1}, timeout=10)
        assert quotes.status_code == 200
        page = quotes.json()
        assert page["items"][0]["speaker"] == "Jane Smith" and page["items"][0]["article_id"] == "hostile-markup"
        first = httpx.get(f"{base}/api/quotes", params={"limit": 1}, timeout=10).json()
        assert first["next"] == "/api/quotes?limit=1&offset=1"  # the samples' statements: many pages of one
        assert httpx.get(base + first["next"], timeout=10).json()["offset"] == 1
        missing = httpx.get(f"{base}/api/stories/S999", timeout=10)
        assert missing.status_code == 404 and missing.json()["error"]["status"] == 404
        with pytest.raises(httpx.TransportError):  # loopback only: not on the machine's other addresses
            other = socket.gethostbyname(socket.gethostname())
            if other.startswith("127."):
                raise httpx.ConnectError("no non-loopback address to try")
            httpx.get(f"http://{other}:{port}/api/health", timeout=2)
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    assert server.returncode is not None
