"""The read endpoints of the HTTP API, in process, over the sample database."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from fastapi.testclient import TestClient

from newsgraph.service import NewsGraph

pytestmark = pytest.mark.slow  # the sample database is built with the real model

VOA = "voa-2022-01-31-ukraine"
HOSTILE = "hostile-markup"


def ok(client: TestClient, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


def all_items(client: TestClient, url: str) -> list[dict[str, Any]]:
    sep = "&" if "?" in url else "?"
    page = ok(client, f"{url}{sep}limit=500")
    assert page["next"] is None
    return page["items"]


def assert_error(response: Any, status: int, *words: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "title", "message"}
    assert body["error"]["status"] == status
    assert body["error"]["title"]
    for word in words:
        assert word in body["error"]["message"]
    return body["error"]


def test_health_counts_the_tables(client: TestClient) -> None:
    body = ok(client, "/api/health")
    assert body["status"] == "ok"
    assert body["counts"]["articles"] == 6
    assert body["counts"]["quotes"] > 0 and body["counts"]["stories"] > 0


def test_articles_list_and_filters(client: TestClient) -> None:
    page = ok(client, "/api/articles")
    assert page["total"] == 6 and page["next"] is None and page["offset"] == 0 and page["limit"] == 50
    by_id = {a["id"]: a for a in page["items"]}
    assert set(by_id["hostile-markup"]) == {"id", "title", "source", "published", "url", "story", "quotes",
                                            "duplicate_of"}
    assert by_id[HOSTILE]["quotes"] >= 1 and by_id[HOSTILE]["story"]
    published = [a["published"] for a in page["items"]]
    assert published == sorted(published, reverse=True)  # newest first
    assert [a["id"] for a in ok(client, "/api/articles?source=voa")["items"]] == [VOA]
    assert [a["id"] for a in ok(client, "/api/articles?q=ferry%20terminal")["items"]] == [
        "harbor-council-ferry-closure"]
    story = by_id[VOA]["story"]
    assert [a["id"] for a in ok(client, f"/api/articles?story={story}")["items"]] == [VOA]


def test_article_is_its_whole_record_with_its_story(client: TestClient, served_graph: NewsGraph) -> None:
    body = ok(client, f"/api/articles/{VOA}")
    for key in ("id", "title", "text", "published", "source", "url", "entities", "quotes", "times", "events",
                "quantities", "claims", "event_mentions", "story"):
        assert key in body
    assert body["text"] == served_graph.article(VOA).text
    assert body["story"] == served_graph.story_of(VOA)
    corpus_ids = body["corpus_ids"]
    # every named entity has its corpus-wide id (an unnamed description cluster has none)
    assert set(corpus_ids) == {e["id"] for e in body["entities"] if e.get("named", True)}
    russia = next(e["id"] for e in body["entities"] if e["name"] == "Russia")
    assert ok(client, f"/api/entities/{corpus_ids[russia]}")["name"] == "Russia"
    envoy = next(e["id"] for e in body["entities"] if e["name"] == "Linda Thomas-Greenfield")
    quotes = ok(client, f"/api/quotes?entity={corpus_ids[envoy]}&limit=500")["items"]
    assert quotes and {q["speaker"] for q in quotes} == {"Linda Thomas-Greenfield"}
    events = ok(client, f"/api/events?entity={corpus_ids[russia]}&limit=500")["items"]
    assert events and all(any(a["entity"] and a["name"] == "Russia" for a in e["source"] + e["target"])
                          for e in events)
    for quote in body["quotes"]:
        content = quote["content"] if isinstance(quote["content"], list) else [quote["content"]]
        assert all(body["text"][s["start"]:s["end"]].strip() for s in content)  # offsets into the served text
    hostile = ok(client, f"/api/articles/{HOSTILE}")
    assert hostile["title"].startswith("<script>")  # untrusted markup is data, served as JSON text


def test_unknown_article_is_404(client: TestClient) -> None:
    assert_error(client.get("/api/articles/no-such-article"), 404, "no-such-article")


def test_quotes_by_speaker_and_outlet(client: TestClient) -> None:
    items = all_items(client, "/api/quotes?speaker=thomas-greenfield")
    assert len(items) >= 2
    assert all("Thomas-Greenfield" in q["speaker"] and q["article_id"] == VOA for q in items)
    assert set(items[0]) == {"article_id", "quote_index", "title", "outlet", "published", "speaker", "speaker_role",
                             "speaker_affiliation", "content", "kind", "speech", "outlets", "copies"}
    assert {q["outlet"] for q in all_items(client, "/api/quotes?outlet=test%20wire")} == {"Test Wire"}


def test_quotes_are_statements_unless_asked_for_beliefs_too(client: TestClient) -> None:
    statements = all_items(client, "/api/quotes")
    beliefs = all_items(client, "/api/quotes?speech=false")
    everything = all_items(client, "/api/quotes?speech=any")
    assert statements and all(q["speech"] for q in statements)
    assert all(not q["speech"] for q in beliefs)
    assert len(everything) == len(statements) + len(beliefs)
    assert_error(client.get("/api/quotes?speech=maybe"), 422, "speech")


def test_quotes_date_range_excludes(client: TestClient) -> None:
    everything = all_items(client, "/api/quotes")
    recent = all_items(client, "/api/quotes?from=2026-01-01")
    old = all_items(client, "/api/quotes?to=2022-12-31")
    assert recent and old
    assert all(q["published"] >= "2026-01-01" for q in recent)
    assert all(q["published"] <= "2022-12-31" for q in old)
    assert len(recent) + len(old) == len(everything)
    february = all_items(client, "/api/quotes?from=2022-02&to=2022-02")  # month precision, both inclusive
    assert {q["article_id"] for q in february} == {HOSTILE}
    one_day = all_items(client, "/api/quotes?from=2022-01-31&to=2022-01-31")
    assert {q["article_id"] for q in one_day} == {VOA}


def test_quotes_full_text_search(client: TestClient) -> None:
    found = all_items(client, "/api/quotes?q=reservoirs")
    assert found and all("reservoir" in q["content"].lower() for q in found)
    assert found[0]["speaker"] == "Elias Warrick"
    assert all_items(client, "/api/quotes?q=xylophone") == []


def test_quotes_by_article_and_story(client: TestClient) -> None:
    by_article = all_items(client, f"/api/quotes?article={HOSTILE}")
    assert by_article and {q["article_id"] for q in by_article} == {HOSTILE}
    assert [q["quote_index"] for q in by_article] == sorted(q["quote_index"] for q in by_article)
    story = ok(client, f"/api/articles/{HOSTILE}")["story"]
    assert all_items(client, f"/api/quotes?story={story}") == by_article


def test_pagination_follows_next_to_the_end(client: TestClient) -> None:
    everything = all_items(client, "/api/quotes?speaker=a")
    seen: list[dict[str, Any]] = []
    url: str | None = "/api/quotes?speaker=a&limit=7"
    pages = 0
    while url:
        page = ok(client, url)
        assert page["limit"] == 7 and len(page["items"]) <= 7
        assert page["offset"] == len(seen)
        seen += page["items"]
        if page["next"]:
            assert page["total"] is None and "speaker=a" in page["next"]
        else:
            assert page["total"] == len(everything)
        url = page["next"]
        pages += 1
    assert seen == everything and pages == -(-len(everything) // 7)
    beyond = ok(client, f"/api/quotes?speaker=a&offset={len(everything) + 10}")
    assert beyond["items"] == [] and beyond["next"] is None


def test_entities_list_filter_and_one(client: TestClient) -> None:
    items = ok(client, "/api/entities")["items"]
    assert set(items[0]) >= {"id", "name", "type", "articles", "mentions", "code"}
    counts = [(e["articles"], e["mentions"]) for e in items]
    assert counts == sorted(counts, reverse=True)
    people = all_items(client, "/api/entities?type=person")
    assert people and all(e["type"] == "PERSON" for e in people)
    russia = ok(client, "/api/entities?q=russia")["items"]
    assert russia and all("russia" in e["name"].lower() for e in russia)
    one = ok(client, f"/api/entities/{russia[0]['id']}")
    assert one["name"] == russia[0]["name"] and one["mentions"] == russia[0]["mentions"]
    assert VOA in {a["id"] for a in one["article_list"]}
    assert_error(client.get("/api/entities/NOPE"), 404, "NOPE")


def test_events_filters(client: TestClient) -> None:
    events = all_items(client, "/api/events")
    assert events and {"type", "trigger", "sentence", "source", "target", "when"} <= set(events[0])
    mobilize = all_items(client, "/api/events?type=mobilize")
    assert mobilize and all(e["type"] == "MOBILIZE" for e in mobilize)
    russia = all_items(client, "/api/events?actor=RUS")
    assert russia and all(any(a["code"] == "RUS" for a in e["source"] + e["target"]) for e in russia)
    recent = all_items(client, "/api/events?from=2026")
    assert recent and all(e["when"] >= "2026" for e in recent)
    assert len(recent) < len(events)
    story = ok(client, f"/api/articles/{VOA}")["story"]
    assert {e["article_id"] for e in all_items(client, f"/api/events?story={story}")} == {VOA}
    assert_error(client.get("/api/events?to=yesterday"), 422, "yesterday")


def test_claims_filters(client: TestClient) -> None:
    claims = all_items(client, "/api/claims")
    assert claims and {"text", "stances", "article_id"} <= set(claims[0])
    denied = all_items(client, "/api/claims?stance=denies")
    assert denied and len(denied) < len(claims)
    assert all(any(s["stance"] == "denies" for s in c["stances"]) for c in denied)
    reservoirs = all_items(client, "/api/claims?q=reservoirs")
    assert reservoirs and all("reservoirs" in c["text"] for c in reservoirs)
    assert_error(client.get("/api/claims?stance=shrugs"), 422, "stance")


def test_stories_and_one_story(client: TestClient) -> None:
    stories = all_items(client, "/api/stories")
    assert len(stories) == 6
    story = ok(client, f"/api/articles/{VOA}")["story"]
    assert story in {s["id"] for s in stories}
    assert [s["id"] for s in all_items(client, "/api/stories?q=diplomats")] == [story]
    view = ok(client, f"/api/stories/{story}")
    assert view["id"] == story and [a["id"] for a in view["article_list"]] == [VOA]
    assert view["timeline"] and view["statements"] and view["actors"]
    claims = all_items(client, f"/api/stories/{story}/claims")
    assert claims and {"text", "asserts", "denies", "members"} <= set(claims[0])
    assert all(m["article_id"] == VOA for c in claims for m in c["members"])
    statements = all_items(client, f"/api/stories/{story}/statements")
    assert statements and all(q["article_id"] == VOA for s in statements for q in s["quotes"])
    for url in ("/api/stories/S999", "/api/stories/S999/claims", "/api/stories/S999/statements"):
        assert_error(client.get(url), 404, "S999")


def test_timeline_of_a_story_and_of_an_entity(client: TestClient) -> None:
    story = ok(client, f"/api/articles/{VOA}")["story"]
    items = all_items(client, f"/api/timeline?story={story}")
    assert {i["kind"] for i in items} == {"event", "statement"}
    dates = [i["date"] for i in items if i["date"]]
    assert dates == sorted(dates)
    text = ok(client, f"/api/articles/{VOA}")["text"]
    assert all(i["article_id"] == VOA and 0 <= i["start"] < i["end"] <= len(text) for i in items)
    russia = all_items(client, "/api/timeline?entity=Russia")
    assert russia and all(i["kind"] == "event" and i["article_id"] == VOA for i in russia)
    assert all(text[i["start"]:i["end"]] == i["label"] for i in russia)
    assert_error(client.get("/api/timeline"), 400, "story")
    assert_error(client.get("/api/timeline?story=S999"), 404)


def test_graph_nodes_and_edges(client: TestClient) -> None:
    story = ok(client, f"/api/articles/{VOA}")["story"]
    graph = ok(client, f"/api/graph?story={story}")
    assert graph["nodes"] and graph["edges"]
    weights = {n["id"]: 0 for n in graph["nodes"]}
    for edge in graph["edges"]:
        assert edge["kind"] in ("acts_on", "speaks_about") and edge["weight"] >= 1 and edge["label"]
        weights[edge["source"]] += edge["weight"]
        weights[edge["target"]] += edge["weight"]
    assert {n["id"]: n["weight"] for n in graph["nodes"]} == weights
    assert "Russia" in {n["label"] for n in graph["nodes"]}
    assert ok(client, "/api/graph")["nodes"]
    assert_error(client.get("/api/graph?story=S999"), 404)


def test_errors_have_one_shape(client: TestClient) -> None:
    assert_error(client.get("/api/no-such-endpoint"), 404, "/api/no-such-endpoint")
    assert_error(client.get("/no/such/page"), 404)
    error = assert_error(client.post("/api/quotes"), 405, "POST")
    assert error["title"] == "Method Not Allowed"
    assert_error(client.get("/api/quotes?limit=501"), 422, "limit")
    assert_error(client.get("/api/quotes?limit=0"), 422, "limit")
    assert_error(client.get("/api/quotes?offset=-1"), 422, "offset")
    assert_error(client.get("/api/quotes?limit=many"), 422, "limit")
    assert_error(client.get("/api/quotes?from=2022-13-01"), 422, "2022-13-01")
    assert_error(client.get("/api/jobs/nope"), 404, "nope")


def test_unexpected_failure_is_500_in_the_error_shape(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(NewsGraph, "counts", broken)
    error = assert_error(client.get("/api/health"), 500, "RuntimeError")
    assert "secret internals" not in error["message"]


def test_openapi_and_offline_docs(client: TestClient) -> None:
    spec = ok(client, "/api/openapi.json")
    for path in ("/api/quotes", "/api/articles/{article_id}", "/api/ingest", "/api/jobs/{job_id}", "/api/graph",
                 "/api/timeline", "/api/stories/{story_id}/claims"):
        assert any(p.replace(":path", "") == path for p in spec["paths"]), path
    assert not any("sql" in p.lower() for p in spec["paths"])  # no raw SQL endpoint
    assert {p["name"] for p in spec["paths"]["/api/quotes"]["get"]["parameters"]} >= {
        "speaker", "outlet", "from", "to", "q", "article", "story", "limit", "offset"}
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and "swagger-ui" in docs.text
    assert "cdn" not in docs.text.lower() and "https://" not in docs.text  # nothing fetched from elsewhere
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        url = f"/api/docs/assets/{asset}"
        assert f'"{url}"' in docs.text
        served = client.get(url)
        assert served.status_code == 200 and len(served.content) > 10_000
    assert_error(client.get("/api/docs/assets/../../../etc/passwd"), 404)


def test_concurrent_reads_agree_with_sequential_ones(client: TestClient) -> None:
    urls = ["/api/quotes?q=reservoirs", "/api/quotes?speaker=Jane", "/api/entities?q=russia",
            "/api/events?type=MOBILIZE", f"/api/articles/{VOA}", "/api/stories", "/api/health"]
    expected = {url: ok(client, url) for url in urls}
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda url: (url, client.get(url).json()), urls * 6))
    assert all(body == expected[url] for url, body in answers)
