"""Shared fixtures. Fixtures only: each test module keeps its own helpers."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"
SAMPLES = REPO_ROOT / "samples"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data beside the checkout; tests that need it skip when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not present")
    return SHARED_DATA


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    """The real model with newsgraph's stages (loaded once per test session)."""
    from newsgraph.pipeline import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def extractor(nlp):  # type: ignore[no-untyped-def]
    from newsgraph.pipeline import Extractor

    return Extractor(nlp)


@pytest.fixture(scope="session")
def make_record():  # type: ignore[no-untyped-def]
    """A factory of hand-built ArticleRecords for store/service/CLI tests.

    The first two words of the text are the speaker (one entity); the first "..." is a direct quote;
    the default text also has a split quote, "..." she added, "...".
    """
    import re

    from newsgraph.records import Article, ArticleRecord, Entity, Quote, Span, Speaker

    def make(article_id: str = "a1", text: str | None = None, **article_fields: str | None) -> ArticleRecord:
        body = text if text is not None else (
            f'Jane Smith, the finance minister, said "the economy is growing fast" in {article_id}. '
            '"We will not raise taxes," she added, "not this year."'
        )
        article = Article(id=article_id, text=body, **article_fields)  # type: ignore[arg-type]
        first_quote = re.search(r'"[^"]+"', body)
        name = re.match(r"\S+ \S+?(?=[ ,])", body)
        if first_quote is None or name is None:
            return ArticleRecord(article=article)

        def span(needle: str) -> Span | None:
            found = re.search(rf"\b{re.escape(needle)}\b", body)
            return Span(found.start(), found.end()) if found else None

        source = Span(name.start(), name.end())
        she = span("she")
        entity = Entity("E1", name.group(), "PERSON", [source, *([she] if she else [])], "finance minister")
        speaker = Speaker(name.group(), "E1", "finance minister", None)
        content = Span(first_quote.start(), first_quote.end())
        quotes = [Quote([content], span("said"), source, "direct", speaker)]
        split = re.search(r'("We will not raise taxes,") she added, ("not this year.")', body)
        if split:
            quotes.append(Quote([Span(*split.span(1)), Span(*split.span(2))], span("added"), she, "direct",
                                speaker))
        return ArticleRecord(article=article, entities=[entity], quotes=quotes)

    return make


HOSTILE_ARTICLE = {
    "id": "hostile-markup",
    "title": "<script>window.__pwned = 1</script>Markup <img src=x onerror=\"window.__pwned = 2\"> in a title",
    "published": "2022-02-01",
    "source": "Test Wire",
    "text": (
        'Jane Smith, the finance minister, said "<script>window.__pwned = 3</script> is not a policy" on '
        'Tuesday. "We will <img src=x onerror="window.__pwned = 4"> stay the course," she added.'
    ),
}


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory, nlp) -> Path:  # type: ignore[no-untyped-def]
    """A DuckDB store holding the bundled samples plus one article whose title and text carry markup.

    Built once per test session with the real model; tests must open it read-only or copy it.
    """
    from newsgraph.pipeline import Extractor
    from newsgraph.records import Article
    from newsgraph.service import NewsGraph

    path = tmp_path_factory.mktemp("sample-db") / "samples.duckdb"
    with NewsGraph(path, extractor=Extractor(nlp)) as graph:
        report = graph.ingest([SAMPLES / "articles.jsonl", SAMPLES / "sample-report.html", Article(**HOSTILE_ARTICLE)])
        assert not report.failed, report.failed
        assert len(report.stored) == 6
    return path


@pytest.fixture()
def local_web():  # type: ignore[no-untyped-def]
    """A web server on loopback (tests/webserver.py): register routes, fetch them, read the request log."""
    from tests.webserver import LocalWeb

    web = LocalWeb()
    yield web
    web.close()
