"""HTML pages: body and metadata via trafilatura, clear errors for pages without a body."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsgraph.errors import InputError
from newsgraph.ingest import read_inputs
from newsgraph.ingest.html import article_from_html, paragraphs, read_html_file, without_headline
from newsgraph.records import Article

PARAGRAPHS = [
    "The city council voted on Tuesday to close the old ferry terminal for repairs lasting most of a year.",
    "“We have patched that pier for a decade,” the mayor told reporters after the vote. “It is time.”",
    "Opponents said the replacement buses would add forty minutes to many commutes across the bay.",
]

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="{charset}">
<title>Council closes ferry terminal | The Test Gazette</title>
<meta property="og:site_name" content="The Test Gazette">
<meta property="article:published_time" content="2024-05-06T10:00:00Z">
<link rel="canonical" href="https://gazette.example.org/2024/05/06/ferry">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<article><h1>Council closes ferry terminal</h1>
{body}
</article>
<footer><p>Copyright 2024 The Test Gazette. All rights reserved. Privacy policy. Terms of use.</p></footer>
</body></html>"""


def page(charset: str = "utf-8") -> str:
    return PAGE.format(charset=charset, body="\n".join(f"<p>{p}</p>" for p in PARAGRAPHS))


def test_body_title_date_outlet_and_canonical_url(tmp_path: Path) -> None:
    file = tmp_path / "ferry-story.html"
    file.write_text(page(), encoding="utf-8")
    article = read_html_file(file)
    assert article.id == "ferry-story"
    assert article.text == "\n\n".join(PARAGRAPHS)  # no nav, footer or repeated headline
    assert article.title == "Council closes ferry terminal"
    assert article.published == "2024-05-06"
    assert article.source == "The Test Gazette"
    assert article.url == "https://gazette.example.org/2024/05/06/ferry"


def test_gzipped_page_and_legacy_charset(tmp_path: Path) -> None:
    file = tmp_path / "legacy.htm.gz"
    file.write_bytes(gzip.compress(page("windows-1252").encode("cp1252")))
    article = read_html_file(file)
    assert article.id == "legacy"
    assert "“We have patched that pier" in article.text


def test_page_without_canonical_url_or_date_has_none() -> None:
    html = (page().replace('<link rel="canonical" href="https://gazette.example.org/2024/05/06/ferry">', "")
            .replace('<meta property="article:published_time" content="2024-05-06T10:00:00Z">', ""))
    article = article_from_html(html, "x", "x.html")
    assert (article.url, article.published) == (None, None)


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><title>Nothing</title></head><body><div></div></body></html>",
        "<html><body><nav><a href='/'>Home</a></nav><script>var x = 1;</script></body></html>",
        "<<<>>>&&&</p></div></body>",
    ],
)
def test_page_without_a_body_is_a_clear_error(html: str) -> None:
    with pytest.raises(InputError, match=r"^broken\.html: no article body found in the HTML$"):
        article_from_html(html, "broken", "broken.html")


def test_empty_html_file_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "empty.html"
    file.write_text("   \n")
    with pytest.raises(InputError, match="empty file"):
        read_html_file(file)


def test_paragraphs_are_separated_by_blank_lines() -> None:
    assert paragraphs("One.\nTwo.\n\n\n  Three.  \n") == "One.\n\nTwo.\n\nThree."


def test_headline_repeated_as_first_paragraph_is_dropped() -> None:
    assert without_headline("Big News\n\nBody.", "big news") == "Body."
    assert without_headline("Big News\n\nBody.", "Other title") == "Big News\n\nBody."
    assert without_headline("Big News", "Big News") == "Big News"  # never leaves nothing


@pytest.mark.eval
def test_html_dev_body_extraction_meets_its_floor(shared_data: Path, tmp_path: Path) -> None:
    """Body extraction on the shared article-extraction benchmark (dev half) stays above a floor."""
    html_dev = shared_data / "html" / "dev"
    scorer = shared_data.parent / "eval" / "html_score.py"
    if not scorer.is_file():
        pytest.skip(f"{scorer} is not present")
    pred = tmp_path / "pred.jsonl"
    with pred.open("w", encoding="utf-8") as out:
        for outcome in read_inputs(sorted(html_dev.glob("*.html.gz"))):
            assert isinstance(outcome, Article), str(outcome)
            out.write(json.dumps({"id": outcome.id, "text": outcome.text}) + "\n")
    command = [sys.executable, str(scorer), str(html_dev / "gold.jsonl"), str(pred), "--min-f1", "0.955"]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
