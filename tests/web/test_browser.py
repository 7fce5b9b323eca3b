"""The web app in real headless Chromium (Playwright) against a real uvicorn server on loopback.

The server runs ``newsgraph.http.create_app`` over a copy of the ``sample_db`` fixture. Screenshots go to
each test's ``tmp_path``.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
if not CHROMIUM.exists():
    pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM}", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package")
uvicorn = pytest.importorskip("uvicorn", reason="browser tests need uvicorn")

pytestmark = pytest.mark.slow
TIMEOUT_MS = 15_000
INGEST_TIMEOUT_MS = 90_000
VOA_TITLE = "US, Russia Diplomats to Speak as UN Security Council Clashes over Ukraine"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def _serving(sample_db: Path, workdir: Path, extractor: Any = None, token: str | None = None) -> Iterator[str]:
    """A uvicorn server in a background thread serving the API and the web app over a copy of sample_db."""
    from newsgraph.http import create_app
    from newsgraph.service import NewsGraph

    db = workdir / "web.duckdb"
    shutil.copy(sample_db, db)
    graph = NewsGraph(db, extractor=extractor)
    server = uvicorn.Server(uvicorn.Config(create_app(graph, token=token), host="127.0.0.1", port=_free_port(),
                                           log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, name="web-test-server", daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                pytest.fail("the uvicorn server did not start")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{server.config.port}"
    finally:
        server.should_exit = True
        thread.join(10)
        graph.close()


@pytest.fixture(scope="module")
def server_url(sample_db: Path, extractor: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with _serving(sample_db, tmp_path_factory.mktemp("web-db"), extractor=extractor) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@dataclass
class Session:
    """One browser page with the console errors and page errors it collected."""

    page: Any
    base: str
    shots: Path
    errors: list[str] = field(default_factory=list)

    def open(self, route: str) -> Any:
        self.page.goto(f"{self.base}/{route}")
        return self.page

    def shot(self, name: str) -> None:
        self.page.screenshot(path=str(self.shots / f"{name}.png"), full_page=True)

    def assert_no_errors(self) -> None:
        assert self.errors == [], self.errors


@pytest.fixture
def session(browser: Any, server_url: str, tmp_path: Path) -> Iterator[Session]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    session = Session(page, server_url, tmp_path)
    page.on("console", lambda message: session.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: session.errors.append(f"page error: {error}"))
    yield session
    context.close()


def expect(locator: Any) -> Any:
    return sync_api.expect(locator)


def test_reader_marks_layers_and_a_clicked_quote_shows_its_speaker(session: Session) -> None:
    page = session.open("#/article/sample-report")
    expect(page.locator("h1.article-title")).to_have_text("Valley water board approves emergency rationing plan")
    text = page.locator("#article-text")
    expect(text).to_contain_text("The reservoirs are at 38 percent")
    stored = page.evaluate("fetch('/api/articles/sample-report').then(r => r.json()).then(record => record.text)")
    assert text.text_content() == stored  # every character once, in order, whatever the marks
    assert text.locator(".ent").count() > 0
    assert text.locator(".time").count() > 0
    assert text.locator(".qty").count() > 0
    # the quotes' order in the record is the extraction's: find Warrick's and Ruiz's by speaker
    speakers = page.evaluate("fetch('/api/articles/sample-report').then(r => r.json())"
                             ".then(record => record.quotes.map(q => q.speaker && q.speaker.name))")
    warrick, ruiz = speakers.index("Elias Warrick"), speakers.index("Carmen Ruiz")
    first_quote = text.locator(f'.quote[data-quote="{warrick}"]').first
    first_quote.click()
    panel = page.locator("#quote-panel")
    expect(panel).to_contain_text("Elias Warrick")
    expect(panel).to_contain_text("chairman")
    expect(panel).to_contain_text("direct")
    assert "selected" in (first_quote.get_attribute("class") or "")
    # another speaker gets another colour
    other = text.locator(f'.quote[data-quote="{ruiz}"]').first
    assert other.get_attribute("style") != first_quote.get_attribute("style")
    other.click()
    expect(panel).to_contain_text("Carmen Ruiz")
    session.shot("reader")
    session.assert_no_errors()


def test_reader_lists_events_and_a_click_flashes_the_sentence(session: Session) -> None:
    page = session.open("#/article/voa-2022-01-31-ukraine?quote=3")
    expect(page.locator(".quote.selected").first).to_be_visible()
    events = page.locator("button.event")
    expect(events.first).to_be_visible()
    assert events.count() > 5
    events.nth(2).click()
    expect(page.locator("#article-text .flash").first).to_be_visible()
    session.shot("reader-events")
    session.assert_no_errors()


def test_hostile_markup_renders_as_text(session: Session) -> None:
    page = session.open("#/article/hostile-markup")
    title = page.locator("h1.article-title")
    expect(title).to_have_text('<script>window.__pwned = 1</script>Markup <img src=x onerror="window.__pwned = 2"> '
                               "in a title")
    expect(page.locator("#article-text")).to_contain_text("<script>window.__pwned = 3</script> is not a policy")
    expect(page.locator("#article-text")).to_contain_text('<img src=x onerror="window.__pwned = 4">')
    page.locator('.quote[data-quote="0"]').first.click()
    expect(page.locator("#quote-panel blockquote")).to_contain_text("<script>")
    for route in ("#/quotes?outlet=Test%20Wire", "#/stories"):
        session.open(route)
        expect(page.locator("#view")).to_contain_text("<script>window.__pwned")
    page.get_by_role("link", name=re.compile("Markup")).click()
    expect(page.locator("h1.story-title")).to_contain_text("<script>window.__pwned = 1</script>")
    hover = page.locator(".js-plotly-plot .hoverlayer")
    expect(page.locator(".js-plotly-plot .scatterlayer .point").first).to_be_attached()
    # hover the statement (the events trace, when there is one, holds no markup): plotly's own hover call, as
    # its drag layer lies on top of the points
    page.evaluate("""() => { const gd = document.getElementById('timeline-chart');
        const k = gd.data.findIndex((t) => t.name === 'statements');
        window.Plotly.Fx.hover(gd, [{curveNumber: k, pointNumber: 0}]); }""")
    expect(hover).to_contain_text("<script>window.__pwned")  # the markup, shown as text
    session.shot("hostile")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("#view img, #view script").count() == 0
    session.assert_no_errors()


def test_explorer_filters_by_speaker_and_search_and_links_to_the_reader(session: Session) -> None:
    page = session.open("#/quotes")
    rows = page.locator("tr.quote-row")
    expect(rows.first).to_be_visible()
    unfiltered = rows.count()
    pager = page.locator(".pager span")
    expect(pager).to_have_text(re.compile(r"^1–25( of \d+)?$"))
    page.get_by_role("button", name="Next ›").click()
    expect(page).to_have_url(re.compile(r"#/quotes\?offset=25$"))
    expect(pager).to_have_text(re.compile(r"^26–\d+( of \d+)?$"))

    page.get_by_label("Speaker").fill("Warrick")
    page.get_by_label("Speaker").press("Enter")
    expect(page).to_have_url(re.compile(r"#/quotes\?speaker=Warrick"))
    expect(rows.first).to_contain_text("Elias Warrick")
    speakers = page.locator("tr.quote-row td.speaker").all_inner_texts()
    assert 0 < len(speakers) < unfiltered
    assert all("Elias Warrick" in s for s in speakers), speakers

    session.open("#/quotes")
    page.get_by_label("Search quotes").fill("reservoirs")
    page.get_by_label("Search quotes").press("Enter")
    expect(page).to_have_url(re.compile(r"#/quotes\?q=reservoirs"))
    expect(rows.first).to_contain_text("reservoirs")
    contents = page.locator("tr.quote-row td.content").all_inner_texts()
    assert all("reservoir" in c.lower() for c in contents), contents
    session.shot("explorer")

    rows.first.locator("td.speaker").click()
    expect(page).to_have_url(re.compile(r"#/article/sample-report\?quote=\d+$"))
    expect(page.locator(".quote.selected").first).to_be_visible()
    expect(page.locator("#quote-panel")).to_contain_text("Elias Warrick")
    session.assert_no_errors()


def test_explorer_lists_statements_and_shows_beliefs_on_request(session: Session) -> None:
    page = session.open("#/quotes")
    show = page.get_by_label("Show")
    expect(show).to_have_value("true")
    rows = page.locator("tr.quote-row td.content")
    expect(rows.first).to_be_visible()
    count = "(s) => fetch('/api/quotes?limit=500&speech=' + s).then(r => r.json()).then(p => p.items.length)"
    statements, beliefs = page.evaluate(count, "true"), page.evaluate(count, "false")
    assert statements > 0 and beliefs > 0
    show.select_option("false")
    expect(page).to_have_url(re.compile(r"#/quotes\?speech=false$"))
    expect(rows).to_have_count(min(beliefs, 25))
    show.select_option("any")
    expect(page).to_have_url(re.compile(r"#/quotes\?speech=any$"))
    expect(rows).to_have_count(min(statements + beliefs, 25))
    session.assert_no_errors()


def test_a_linked_filtered_view_opens_filtered(session: Session) -> None:
    page = session.open("#/quotes?speaker=Carmen")
    expect(page.get_by_label("Speaker")).to_have_value("Carmen")
    speakers = page.locator("tr.quote-row td.speaker")
    expect(speakers.first).to_contain_text("Carmen Ruiz")
    assert all("Carmen Ruiz" in s for s in speakers.all_inner_texts())
    session.open("#/quotes?from=2026-04-01&to=2026-04-30")
    expect(page.get_by_label("From")).to_have_value("2026-04-01")
    dates = page.locator("tr.quote-row td:nth-child(4)")
    expect(dates.first).to_have_text("2026-04-14")
    assert set(dates.all_inner_texts()) == {"2026-04-14"}
    session.open("#/quotes?q=zzzznotaword")
    expect(page.locator(".empty")).to_be_visible()
    session.assert_no_errors()


def test_story_page_draws_timeline_claims_and_network(session: Session) -> None:
    page = session.open("#/stories")
    page.get_by_role("link", name=VOA_TITLE).click()
    expect(page.locator("h1.story-title")).to_have_text(VOA_TITLE)
    plot = page.locator(".js-plotly-plot")
    expect(plot).to_be_visible()
    expect(plot.locator(".scatterlayer .point").first).to_be_attached()
    assert plot.locator(".scatterlayer .point").count() > 3
    expect(page.locator(".vis-network canvas")).to_be_visible()
    expect(page.locator("table.claims tbody tr").first).to_be_visible()
    page.locator("#network").scroll_into_view_if_needed()
    session.shot("story")
    session.assert_no_errors()


def test_add_page_ingests_pasted_text(session: Session) -> None:
    page = session.open("#/add")
    page.get_by_label("Title").fill("Harbour pilots end strike")
    page.get_by_label("Outlet").fill("Browser Test Gazette")
    page.get_by_label("Text").fill('Harbour pilots ended their strike on Monday. "We have a fair deal now," union '
                                   "leader Maria Olsen said. The port authority said 40 ships were waiting.")
    page.get_by_role("button", name="Add article").click()
    job = page.locator('#job[data-status="done"]')
    expect(job).to_be_visible(timeout=INGEST_TIMEOUT_MS)
    expect(job.locator("progress")).to_have_attribute("value", "1")
    stored = job.locator(".stored-list a")
    expect(stored).to_have_count(1)
    session.shot("add")
    stored.click()
    expect(page.locator("h1.article-title")).to_have_text("Harbour pilots end strike")
    expect(page.locator("#article-text .quote").first).to_be_visible()
    session.assert_no_errors()


def test_add_page_uploads_files_and_shows_each_article(session: Session, tmp_path: Path) -> None:
    text_file = tmp_path / "ferry.txt"
    text_file.write_text("Ferry service resumes\n\nThe ferry resumed service on Friday, the operator said.\n",
                         encoding="utf-8")
    jsonl_file = tmp_path / "two.jsonl"
    jsonl_file.write_text(
        json.dumps({"id": "upload-one", "title": "Bridge reopens", "text": "The bridge reopened, officials said."})
        + "\n" + json.dumps({"id": "upload-two", "title": "Mayor resigns", "text": '"I am done," the mayor said.'})
        + "\n" + "{not json\n", encoding="utf-8")
    page = session.open("#/add")
    page.get_by_label("TXT, HTML or JSONL files").set_input_files([str(text_file), str(jsonl_file)])
    page.get_by_role("button", name="Upload").click()
    job = page.locator('#job[data-status="done"]')
    expect(job).to_be_visible(timeout=INGEST_TIMEOUT_MS)
    expect(job.locator(".stored-list a")).to_have_count(3)
    expect(job.locator(".stored-list")).to_contain_text("upload-one")
    expect(job.locator(".failed-list li")).to_have_count(1)
    expect(job.locator(".job-event")).to_have_count(4)
    session.shot("upload")
    job.get_by_role("link", name="upload-two").click()
    expect(page.locator("h1.article-title")).to_have_text("Mayor resigns")
    session.assert_no_errors()


def test_a_token_server_works_once_the_page_is_opened_with_the_token(
        browser: Any, sample_db: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    with _serving(sample_db, tmp_path_factory.mktemp("token-db"), token="s3cret-token") as url:
        context = browser.new_context()
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        try:
            assert page.goto(f"{url}/#/quotes").status == 401
            page.goto(f"{url}/?token=s3cret-token#/quotes")
            assert "token" not in page.url
            expect(page.locator("tr.quote-row").first).to_be_visible()
            page.goto(f"{url}/#/stories")
            expect(page.get_by_role("link", name=VOA_TITLE)).to_be_visible()
        finally:
            context.close()


def test_api_errors_show_a_readable_message(session: Session) -> None:
    page = session.open("#/article/no-such-article")
    error = page.locator("#error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("Not Found")
    expect(error).to_contain_text("no article with id 'no-such-article'")
    assert [e for e in session.errors if "404" not in e] == []


def _open_entity(session: Session, name: str) -> Any:
    """Open the page of the corpus entity called exactly ``name`` (its id looked up through the API)."""
    session.open("#/entities")
    found = session.page.evaluate(
        "name => fetch('/api/entities?q=' + encodeURIComponent(name)).then(r => r.json())"
        ".then(list => list.items.filter(e => e.name === name).map(e => e.id))", name)
    assert len(found) == 1, found
    page = session.open(f"#/entity/{found[0]}")
    expect(page.locator("h1.entity-name")).to_have_text(name)
    return page


def _submit_filter(page: Any, label: str, value: str) -> None:
    page.get_by_label(label).fill(value)
    page.get_by_label(label).press("Enter")


def test_entities_list_filters_by_name_and_type_and_links_to_entity_pages(session: Session) -> None:
    page = session.open("#/quotes")
    page.locator("#nav").get_by_role("link", name="Entities").click()
    expect(page).to_have_url(re.compile(r"#/entities$"))
    expect(page.locator("#nav a.active")).to_have_text("Entities")
    rows = page.locator("tr.entity-row")
    expect(rows.first).to_be_visible()
    unfiltered = rows.count()
    assert unfiltered > 5

    _submit_filter(page, "Search names", "greenfield")
    expect(page).to_have_url(re.compile(r"#/entities\?q=greenfield$"))
    expect(rows.first).to_contain_text("Linda Thomas-Greenfield")
    names = page.locator("tr.entity-row td:first-child").all_inner_texts()
    assert 0 < len(names) < unfiltered and all("greenfield" in name.lower() for name in names), names

    session.open("#/entities")
    page.get_by_label("Type").select_option("GPE")
    expect(page).to_have_url(re.compile(r"#/entities\?type=GPE$"))
    expect(rows.first).to_contain_text("GPE")
    assert set(page.locator("tr.entity-row td:nth-child(2)").all_inner_texts()) == {"GPE"}
    expect(page.locator("tr.entity-row", has_text="Russia").first).to_contain_text("RUS")
    session.shot("entities")

    page.get_by_role("link", name="Russia", exact=True).click()
    expect(page).to_have_url(re.compile(r"#/entity/[^/?]+$"))
    expect(page.locator("h1.entity-name")).to_have_text("Russia")
    expect(page.locator("#nav a.active")).to_have_text("Entities")
    session.assert_no_errors()


def test_entity_page_shows_articles_quotes_events_and_a_timeline(session: Session) -> None:
    page = _open_entity(session, "Linda Thomas-Greenfield")
    expect(page.locator(".summary")).to_contain_text("PERSON")
    expect(page.get_by_role("heading", name=re.compile("Quotes by "))).to_be_visible()
    speakers = page.locator("tr.quote-row td.speaker")
    expect(speakers.first).to_contain_text("Linda Thomas-Greenfield")
    assert all("Linda Thomas-Greenfield" in s for s in speakers.all_inner_texts())
    plot = page.locator(".entity-timeline .js-plotly-plot")
    expect(plot).to_be_visible()
    points = plot.locator(".scatterlayer .point")
    expect(points.first).to_be_attached()
    assert points.count() > 1
    session.shot("entity")

    plot.scroll_into_view_if_needed()
    box = points.first.bounding_box()  # plotly's drag layer takes the click and opens the point's article
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page).to_have_url(re.compile(r"#/article/voa-2022-01-31-ukraine$"))
    expect(page.locator("h1.article-title")).to_have_text(VOA_TITLE)
    page.go_back()

    article = page.locator("ul.articles").get_by_role("link", name=VOA_TITLE)
    expect(article).to_be_visible()
    article.click()  # the reader opens with the entity's mentions selected
    expect(page).to_have_url(re.compile(r"#/article/voa-2022-01-31-ukraine\?entity="))
    expect(page.locator("#entity-panel h3")).to_have_text("Linda Thomas-Greenfield")
    assert page.locator("#article-text .entity-selected").count() >= 3

    page = _open_entity(session, "Russia")
    expect(page.locator(".summary")).to_contain_text("CAMEO RUS")
    events = page.locator("tr.event-row")
    expect(events.first).to_be_visible()
    assert all("Russia" in row for row in events.all_inner_texts())
    events.first.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"#/article/voa-2022-01-31-ukraine\?event=\d+$"))
    expect(page.locator("#article-text .flash").first).to_be_visible()
    session.assert_no_errors()


def test_story_actors_and_reader_entity_marks_lead_to_entities(session: Session) -> None:
    page = session.open("#/stories")
    page.get_by_role("link", name=VOA_TITLE).click()
    page.locator(".actors").get_by_role("link", name="Linda Thomas-Greenfield").click()
    expect(page.locator("h1.entity-name")).to_have_text("Linda Thomas-Greenfield")

    page = session.open("#/article/voa-2022-01-31-ukraine")
    mark = page.locator("#article-text .ent", has_text="Russia").first
    mark.click()
    panel = page.locator("#entity-panel")
    expect(panel.locator("h3")).to_have_text("Russia")
    expect(panel).to_contain_text("GPE")
    panel.get_by_role("link", name=re.compile("All about")).click()
    expect(page).to_have_url(re.compile(r"#/entity/[^/?]+$"))
    expect(page.locator("h1.entity-name")).to_have_text("Russia")
    session.assert_no_errors()


def test_hostile_text_on_an_entity_page_renders_as_text(session: Session) -> None:
    page = _open_entity(session, "Jane Smith")
    expect(page.locator("ul.articles")).to_contain_text("<script>window.__pwned = 1</script>Markup <img src=x")
    expect(page.locator("tr.quote-row").first).to_be_visible()
    expect(page.locator("table.quotes")).to_contain_text("<script>window.__pwned = 3</script>")
    point = page.locator(".js-plotly-plot .scatterlayer .point").first
    expect(point).to_be_attached()
    point.hover(force=True)
    expect(page.locator(".js-plotly-plot .hoverlayer")).to_contain_text("<script>window.__pwned")
    session.shot("entity-hostile")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("#view img, #view script").count() == 0
    session.assert_no_errors()
