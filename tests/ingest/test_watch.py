"""``newsgraph watch``: a line per round, new entries only, an unchanged feed costs one request, Ctrl-C stops."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgraph import cli
from newsgraph.service import NewsGraph
from newsgraph.watch import parse_interval
from tests.ingest.test_web_sources import FAST, NoModel, page, rss
from tests.webserver import Route


def test_parse_interval() -> None:
    assert [parse_interval(v) for v in ("15m", "90s", "2h", "1d", "30", "1.5m")] == [900, 90, 7200, 86400, 30, 90]
    for bad in ("soon", "0s", "-5m", "15 minutes"):
        with pytest.raises(ValueError):
            parse_interval(bad)


def test_rounds_ingest_only_what_is_new(tmp_path: Path, local_web) -> None:
    for n in (1, 2):
        local_web.route(f"/{n}.html", Route(body=page(n)))
    one = rss(local_web, [("/1.html", "One", "")])
    two = rss(local_web, [("/2.html", "Two", ""), ("/1.html", "One", "")])
    feed = local_web.route("/feed.xml", Route(body=one, content_type="application/rss+xml", etag='"1"',
                                              then=[Route(body=one, content_type="application/rss+xml", etag='"1"'),
                                                    Route(body=two, content_type="application/rss+xml", etag='"2"')]))
    lines: list[str] = []
    slept: list[float] = []
    with NewsGraph(tmp_path / "w.duckdb", extractor=NoModel(), fetch=FAST) as graph:
        from newsgraph.watch import watch

        done = watch(graph, [feed], every=60, rounds=3, on_round=lambda r: lines.append(r.line()), sleep=slept.append)
        assert done == 3 and graph.counts()["articles"] == 2
    assert [line.split(": ", 1)[1].split(" in ")[0] for line in lines] == [
        "1 stored, 0 unchanged, 0 failed", "0 stored, 0 unchanged, 0 failed", "1 stored, 0 unchanged, 0 failed"]
    assert "unchanged feeds/sitemaps: 1" in lines[1] and lines[0].startswith("round 1 at ")
    assert len(slept) == 2 and all(55 < s <= 60 for s in slept)
    assert local_web.hits("/1.html") == 1 and local_web.hits("/2.html") == 1


def test_cli_watch_line_per_round_and_ctrl_c(tmp_path: Path, local_web, monkeypatch) -> None:
    local_web.route("/1.html", Route(body=page(3)))
    feed = local_web.route("/feed.xml", Route(body=rss(local_web, [("/1.html", "One", "")]),
                                              content_type="application/rss+xml", etag='"x"'))
    monkeypatch.setattr(cli, "NewsGraph", lambda db: NewsGraph(db, extractor=NoModel(), fetch=FAST))
    db = str(tmp_path / "w.duckdb")
    result = CliRunner().invoke(cli.main, ["watch", feed, "--db", db, "--every", "1s", "--rounds", "2"])
    assert result.exit_code == 0, result.output
    rounds = [line for line in result.output.splitlines() if line.startswith("newsgraph: round")]
    assert len(rounds) == 2 and "1 stored" in rounds[0] and "0 stored" in rounds[1]

    def interrupted(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("newsgraph.watch.time.sleep", interrupted)
    stopped = CliRunner().invoke(cli.main, ["watch", feed, "--db", db, "--every", "1m"])
    assert stopped.exit_code == 0 and "watch stopped; what was stored is kept" in stopped.output
    bad = CliRunner().invoke(cli.main, ["watch", feed, "--db", db, "--every", "often"])
    assert bad.exit_code == 2 and "--every" in bad.output
