"""The token, loopback-only default, and what `newsgraph serve` refuses."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from newsgraph.cli import main
from newsgraph.http import TOKEN_COOKIE, create_app, is_loopback
from newsgraph.service import NewsGraph

TOKEN = "s3cret-token_42~!"


@pytest.fixture(scope="module")
def guarded(served_graph: NewsGraph) -> Iterator[TestClient]:
    with TestClient(create_app(served_graph, token=TOKEN), raise_server_exceptions=False) as client:
        yield client


def assert_401(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 401, response.text
    assert response.json()["error"]["status"] == 401 and "token" in response.json()["error"]["message"]
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.slow
def test_every_request_needs_the_token(guarded: TestClient) -> None:
    for url in ("/api/health", "/api/quotes?speaker=Jane", "/api/openapi.json", "/api/docs", "/",
                "/static/app.js", "/vendor/plotly.min.js", "/api/no-such-endpoint", "/api/jobs/x"):
        assert_401(guarded.get(url))
    assert_401(guarded.post("/api/ingest", json={"text": "sneaky"}))
    assert_401(guarded.get("/api/health", headers={"Authorization": "Bearer wrong"}))
    assert_401(guarded.get("/api/health", headers={"Authorization": f"Basic {TOKEN}"}))
    assert_401(guarded.get("/api/health", cookies={TOKEN_COOKIE: TOKEN[:-1]}))


@pytest.mark.slow
def test_bearer_header_or_cookie_lets_a_request_in(guarded: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert guarded.get("/api/health", headers=auth).json()["status"] == "ok"
    assert guarded.get("/", headers=auth).status_code == 200
    with TestClient(guarded.app, cookies={TOKEN_COOKIE: TOKEN}) as with_cookie:
        assert with_cookie.get("/api/quotes?speaker=Jane").json()["items"]


@pytest.mark.slow
def test_token_in_the_url_sets_the_cookie_and_redirects_without_it(guarded: TestClient) -> None:
    with TestClient(guarded.app, raise_server_exceptions=False) as browser:
        first = browser.get("/api/quotes", params={"speaker": "Jane", "token": TOKEN}, follow_redirects=False)
        assert first.status_code == 303
        assert first.headers["location"] == "/api/quotes?speaker=Jane"
        cookie = first.headers["set-cookie"]
        assert cookie.startswith(f"{TOKEN_COOKIE}=") and "httponly" in cookie.lower() and "samesite=strict" in \
            cookie.lower()
        followed = browser.get("/api/quotes?speaker=Jane")  # the client kept the cookie
        assert followed.status_code == 200 and followed.json()["items"]
    with TestClient(guarded.app, raise_server_exceptions=False) as stranger:
        assert_401(stranger.get("/?token=guess", follow_redirects=False))
        assert_401(stranger.get("/api/health"))


@pytest.mark.slow
def test_no_token_no_check(client: TestClient) -> None:
    assert client.get("/api/health").status_code == 200
    assert client.get("/").status_code == 200


def test_loopback_addresses() -> None:
    assert all(is_loopback(h) for h in ("127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost", "LOCALHOST"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "::", "192.168.1.20", "example.org", ""))


def test_serve_refuses_other_addresses_without_a_token(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSGRAPH_TOKEN", raising=False)
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "x.duckdb"), "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "without a token" in result.output and "--token" in result.output
    assert not (tmp_path / "x.duckdb").exists()  # refused before opening anything


def test_serve_refuses_a_token_that_cannot_travel_in_a_header(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "x.duckdb"), "--token", "caf\u00e9 au lait"])
    assert result.exit_code == 2 and "token" in result.output
