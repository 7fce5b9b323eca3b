"""Feeds, sitemaps, pages and WARC files into the store, end to end on a loopback server (no model: a fake
extractor), with the dates each source gives and one conditional request for an unchanged feed."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from newsgraph.ingest.fetch import FetchPolicy
from newsgraph.records import Article, ArticleRecord
from newsgraph.service import NewsGraph
from tests.webserver import Route

WORDS = [
    "minister", "council", "troops", "border", "talks", "envoy", "sanctions", "embassy", "ceasefire",
    "parliament", "vote", "budget", "harbour", "rail", "strike", "court", "ruling", "appeal", "election",
    "campaign", "drought", "harvest", "wheat", "exports",
]


def body_text(n: int) -> str:
    """A distinct article body of about 120 words (distinct enough not to be a copy of another)."""
    words = [WORDS[(i * (n + 3) + n * 7 + i // 5) % len(WORDS)] for i in range(120)]
    sentences = [" ".join(words[i:i + 12]).capitalize() + "." for i in range(0, 120, 12)]
    return f"Story {n} begins here. " + " ".join(sentences)


def page(n: int, date_meta: str | None = None, json_ld: str | None = None) -> bytes:
    head = f"<title>Page {n} headline</title>"
    if date_meta:
        head += f'<meta property="article:published_time" content="{date_meta}">'
    if json_ld:
        head += f'<script type="application/ld+json">{{"@type": "NewsArticle", "datePublished": "{json_ld}"}}</script>'
    paragraphs = "".join(f"<p>{s}.</p>" for s in body_text(n).split(". ") if s)
    return (f"<html><head>{head}</head><body><nav>Home | World</nav><article><h1>Page {n} headline</h1>"
            f"{paragraphs}</article><footer>Copyright 2001</footer></body></html>").encode()


class NoModel:
    def extract(self, article: Article) -> ArticleRecord:
        return ArticleRecord(article=article)

    def extract_many(self, articles):  # type: ignore[no-untyped-def]
        return [self.extract(a) for a in articles]


FAST = FetchPolicy(timeout=3.0, retries=1, backoff=0.0, min_interval=0.0)


def graph_at(path: Path) -> NewsGraph:
    return NewsGraph(path, extractor=NoModel(), fetch=FAST)


def rss(local_web, items: list[tuple[str, str, str]]) -> bytes:
    entries = "".join(f"<item><title>{title}</title><link>{local_web.url(path)}</link><pubDate>{date}</pubDate>"
                      f"<author>desk@example.org (Ana Reporter)</author></item>" for path, title, date in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><link>{local_web.base}</link>'
            f"{entries}</channel></rss>").encode()


def test_a_feed_of_n_pages_then_one_conditional_request(tmp_path: Path, local_web) -> None:
    items = [(f"/news/{n}.html", f"Entry title {n}", f"Mon, 0{n} Nov 2021 09:00:00 -0500") for n in (1, 2, 3)]
    for n in (1, 2, 3):
        local_web.route(f"/news/{n}.html", Route(body=page(n, date_meta="2020-01-01T10:00:00-05:00")))
    feed = local_web.route("/feed.xml", Route(body=rss(local_web, items), content_type="application/rss+xml",
                                              etag='"feed-v1"'))
    with graph_at(tmp_path / "g.duckdb") as graph:
        report = graph.ingest([feed])
        assert len(report.stored) == 3 and report.failed == []
        stored = sorted((graph.article(i).article for i in report.stored), key=lambda a: a.url or "")
        assert [(a.published, a.published_from, a.title, a.author) for a in stored] == [
            (f"2021-11-0{n}", "feed", f"Entry title {n}", "desk@example.org (Ana Reporter)") for n in (1, 2, 3)]
        assert [a.url for a in stored] == [local_web.url(p) for p, _, _ in items]
    before = len(local_web.requests)
    with graph_at(tmp_path / "g.duckdb") as graph:  # a new process: robots.txt and validators come from the store
        again = graph.ingest([feed])
    assert again.stored == [] and again.failed == [] and again.not_modified == [feed]
    assert [r.path for r in local_web.requests[before:]] == ["/feed.xml"]
    assert local_web.requests[-1].headers["if-none-match"] == '"feed-v1"'


def test_feed_that_does_not_answer_304_costs_no_page_fetch(tmp_path: Path, local_web) -> None:
    local_web.route("/a.html", Route(body=page(4)))
    feed = local_web.route("/plain.xml", Route(body=rss(local_web, [("/a.html?utm_source=rss", "A", "")]),
                                               content_type="text/xml"))
    with graph_at(tmp_path / "g.duckdb") as graph:
        assert len(graph.ingest([feed]).stored) == 1
        assert graph.ingest([feed]).stored == []  # the feed again: its entry is stored, so not fetched again
        assert local_web.hits("/a.html?utm_source=rss") == 0 and local_web.hits("/a.html") == 1
        graph.ingest([local_web.url("/a.html#top")])  # named directly: fetched, the same article (same id)
        assert graph.counts()["articles"] == 1


def test_atom_feed_and_failures_in_a_batch(tmp_path: Path, local_web) -> None:
    local_web.route("/ok.html", Route(body=page(5)))
    local_web.route("/gone.html", Route(status=500))
    local_web.route("/pic.html", Route(body=b"GIF89a", content_type="image/gif"))
    atom = (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>'
            f'<entry><title>Ok</title><link href="{local_web.url("/ok.html")}"/><published>2022-01-31T23:30:00-05:00'
            f'</published><author><name>B. Writer</name></author></entry>'
            f'<entry><title>Gone</title><link href="/gone.html"/></entry>'
            f'<entry><title>Missing</title><link href="/missing.html"/></entry>'
            f'<entry><title>Pic</title><link href="/pic.html"/></entry></feed>').encode()
    feed = local_web.route("/atom.xml", Route(body=atom, content_type="application/atom+xml"))
    bad = local_web.route("/junk.xml", Route(body=b"<rss><channel><item>", content_type="application/rss+xml"))
    with graph_at(tmp_path / "g.duckdb") as graph:
        report = graph.ingest([feed, bad, local_web.url("/nothing-here")])
        (ok,) = (graph.article(i).article for i in report.stored)
    assert (ok.title, ok.published, ok.published_from, ok.author) == ("Ok", "2022-01-31", "feed", "B. Writer")
    reasons = {f.input_name: f.reason for f in report.failed}
    assert reasons[local_web.url("/gone.html")] == "HTTP 500 Internal Server Error"
    assert reasons[local_web.url("/missing.html")] == "HTTP 404 Not Found"
    assert reasons[local_web.url("/pic.html")].startswith("unsupported content type 'image/gif'")
    assert reasons[local_web.url("/nothing-here")] == "HTTP 404 Not Found"
    assert bad in reasons and "\n" not in reasons[bad]
    assert all("\n" not in r for r in reasons.values())


def test_robots_txt_disallowing_a_feeds_pages(tmp_path: Path, local_web) -> None:
    local_web.route("/robots.txt", Route(body=b"User-agent: newsgraph\nDisallow: /private/\n",
                                         content_type="text/plain"))
    local_web.route("/private/p.html", Route(body=page(6)))
    local_web.route("/public/p.html", Route(body=page(7)))
    feed = local_web.route("/f.xml", Route(body=rss(local_web, [("/private/p.html", "P", ""),
                                                                ("/public/p.html", "Q", "")]),
                                           content_type="application/rss+xml"))
    with graph_at(tmp_path / "g.duckdb") as graph:
        report = graph.ingest([feed])
    assert len(report.stored) == 1
    assert [f.reason for f in report.failed] == [f"disallowed by 127.0.0.1:{local_web.server.server_address[1]}'s "
                                                 "robots.txt"]
    assert local_web.hits("/private/p.html") == 0


def test_news_sitemap_index_followed_with_publication_dates(tmp_path: Path, local_web) -> None:
    for n in (8, 9):
        local_web.route(f"/s/{n}.html", Route(body=page(n, json_ld="2019-05-05")))
    urlset = ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
              'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
              + "".join(f"<url><loc>{local_web.url(f'/s/{n}.html')}</loc><lastmod>2023-01-01</lastmod><news:news>"
                        f"<news:publication_date>2022-02-0{n - 7}T08:00:00+01:00</news:publication_date>"
                        f"<news:title>Sitemap title {n}</news:title></news:news></url>" for n in (8, 9))
              + "</urlset>").encode()
    local_web.route("/news-sitemap.xml", Route(body=urlset, content_type="application/xml"))
    index = ('<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             f'<sitemap><loc>{local_web.url("/news-sitemap.xml")}</loc></sitemap>'
             f'<sitemap><loc>{local_web.url("/missing-sitemap.xml")}</loc></sitemap></sitemapindex>').encode()
    root = local_web.route("/sitemap.xml", Route(body=index, content_type="text/xml"))
    with graph_at(tmp_path / "g.duckdb") as graph:
        report = graph.ingest([root])
        articles = sorted((graph.article(i).article for i in report.stored), key=lambda a: a.title or "")
    assert [(a.title, a.published, a.published_from) for a in articles] == [
        ("Sitemap title 8", "2022-02-01", "sitemap"), ("Sitemap title 9", "2022-02-02", "sitemap")]
    assert [f.input_name for f in report.failed] == [local_web.url("/missing-sitemap.xml")]


@pytest.mark.parametrize(("meta", "json_ld", "expected", "source"), [
    ("2021-03-04T22:00:00-05:00", None, "2021-03-04", "metadata"),  # the outlet's own day, not UTC's
    (None, "2021-03-05", "2021-03-05", "metadata"),
    (None, None, None, None),  # nothing in the markup: no date is invented (no footer-year guess)
])
def test_page_dates_and_their_source(tmp_path: Path, local_web, meta, json_ld, expected, source) -> None:
    url = local_web.route("/dated.html", Route(body=page(10, date_meta=meta, json_ld=json_ld)))
    with graph_at(tmp_path / "g.duckdb") as graph:
        (article_id,) = graph.ingest([url]).stored
        article = graph.article(article_id).article
    assert (article.published, article.published_from) == (expected, source)


def test_a_date_in_the_url_is_htmldates(tmp_path: Path, local_web) -> None:
    url = local_web.route("/2020/07/14/story.html", Route(body=page(11)))
    with graph_at(tmp_path / "g.duckdb") as graph:
        (article_id,) = graph.ingest([url]).stored
        article = graph.article(article_id).article
    assert (article.published, article.published_from) == ("2020-07-14", "htmldate")


def write_warc(path: Path, records: list[tuple[str, str, bytes, int]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=path.name.endswith(".gz"))
        for uri, content_type, body, status in records:
            http = StatusAndHeaders(f"{status} OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http,
                                               warc_headers_dict={"WARC-Date": "2023-06-07T08:09:10Z"})
            writer.write_record(record)
        writer.write_record(writer.create_warc_record("https://news.example/a1", "request",
                                                      payload=io.BytesIO(b"GET /a1 HTTP/1.1\r\n\r\n")))


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_warc_html_responses_become_articles(tmp_path: Path, name: str) -> None:
    warc = tmp_path / name
    write_warc(warc, [
        ("https://news.example/a1?utm_source=x", "text/html; charset=utf-8", page(12, json_ld="2023-01-02"), 200),
        ("https://news.example/a2", "text/html", page(13), 200),  # undated: the capture date, marked
        ("https://news.example/logo.png", "image/png", b"\x89PNG....", 200),
        ("https://news.example/a3", "application/xhtml+xml", page(14, date_meta="2023-01-03"), 200),
        ("https://news.example/empty", "text/html", b"<html><body></body></html>", 200),
    ])
    with graph_at(tmp_path / "g.duckdb") as graph:
        report = graph.ingest([warc])
        articles = sorted((graph.article(i).article for i in report.stored), key=lambda a: a.url or "")
    assert [(a.url, a.published, a.published_from) for a in articles] == [
        ("https://news.example/a1", "2023-01-02", "metadata"),
        ("https://news.example/a2", "2023-06-07", "warc-capture"),
        ("https://news.example/a3", "2023-01-03", "metadata")]
    assert [f.input_name for f in report.failed] == [f"{warc} https://news.example/empty"]


def test_a_broken_warc_is_one_failure(tmp_path: Path) -> None:
    warc = tmp_path / "broken.warc"
    warc.write_bytes(b"WARC/1.0\r\nnonsense\r\n\r\n" + b"\x00" * 64)
    with graph_at(tmp_path / "g.duckdb") as graph:
        report = graph.ingest([warc])
    assert report.stored == [] and len(report.failed) == 1 and report.failed[0].input_name == str(warc)


def test_extract_a_url_without_a_store(local_web) -> None:
    url = local_web.route("/2021/02/03/x.html", Route(body=page(15, json_ld="2021-02-03T09:00:00+02:00")))
    (record,) = NewsGraph(extractor=NoModel(), fetch=FAST).extract_paths([url])
    assert isinstance(record, ArticleRecord)
    out = record.to_dict()
    assert (out["published"], out["published_from"], out["url"]) == ("2021-02-03", "metadata", url)
    assert list(out)[:6] == ["id", "title", "published", "source", "url", "text"]  # the old keys, first, unchanged
