"""Property tests of the readers (Hypothesis): any bytes, any JSON, any markup give an article or one clear
InputError naming the input -- never another exception -- and valid text reads back exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgraph.errors import InputError, InputFailure
from newsgraph.ingest.html import article_from_html
from newsgraph.ingest.jsonl import article_from_json, read_jsonl
from newsgraph.ingest.source import decode_bytes, normalize_newlines
from newsgraph.records import Article

FAST = settings(max_examples=150, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
# text without the control characters that make text binary data (tab, newline and carriage return are text)
PRINTABLE = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff") | st.sampled_from(
    "\t\n\r")
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                                 max_size=4), max_leaves=12)


@FAST
@given(st.text(PRINTABLE, min_size=1, max_size=400))
def test_utf8_text_decodes_to_itself(text: str) -> None:
    assert decode_bytes(text.encode("utf-8"), "t.txt") == normalize_newlines(text)


@FAST
@given(st.binary(max_size=3000))
def test_any_bytes_decode_or_fail_with_an_input_error_naming_them(data: bytes) -> None:
    try:
        text = decode_bytes(data, "any.bin")
    except InputError as e:
        assert e.input_name == "any.bin" and e.reason and "\n" not in e.reason
    else:
        assert isinstance(text, str) and "\x00" not in text


@FAST
@given(st.text(PRINTABLE, min_size=120, max_size=600).filter(lambda t: not t.isascii()), st.data())
def test_one_stray_byte_in_utf8_is_one_replacement(text: str, data: st.DataObject) -> None:
    raw = text.encode("utf-8")
    if len(raw) < 100:  # one stray byte needs 100 bytes around it
        return
    boundaries = [i for i in range(1, len(raw)) if raw[i] & 0xC0 != 0x80]  # not inside a character
    cut = data.draw(st.sampled_from(boundaries))
    decoded = decode_bytes(raw[:cut] + b"\xff" + raw[cut:], "stray.txt")
    assert decoded == normalize_newlines(raw[:cut].decode("utf-8") + "\ufffd" + raw[cut:].decode("utf-8"))


@FAST
@given(JSON)
def test_any_json_value_is_an_article_or_an_input_error(value: object) -> None:
    try:
        article = article_from_json(value, "f.jsonl:1")
    except InputError as e:
        assert e.input_name == "f.jsonl:1" and e.reason
    else:
        assert isinstance(article, Article) and article.id and article.text.strip()


@FAST
@given(st.lists(st.binary(max_size=200) | JSON.map(lambda v: json.dumps(v).encode()), min_size=1, max_size=6))
def test_any_jsonl_file_gives_one_outcome_per_line_or_one_file_error(tmp_path: Path, lines: list[bytes]) -> None:
    path = tmp_path / "fuzz.jsonl"
    path.write_bytes(b"\n".join(line.replace(b"\n", b" ").replace(b"\r", b" ") for line in lines))
    try:
        outcomes = list(read_jsonl(path))
    except InputError as e:
        assert e.input_name.startswith(str(path)) and e.reason
        return
    assert all(isinstance(o, Article | InputFailure) for o in outcomes)
    assert len(outcomes) <= len(lines)
    for outcome in outcomes:
        if isinstance(outcome, InputFailure):
            assert outcome.input_name.startswith(f"{path}:") and outcome.reason and "\n" not in outcome.reason


TAGS = st.sampled_from(["div", "p", "span", "section", "script", "style", "table", "td", "b", "title", "head"])


@st.composite
def markup(draw: st.DrawFn) -> str:
    parts = draw(st.lists(TAGS.map(lambda t: f"<{t}>") | TAGS.map(lambda t: f"</{t}>") | st.text(max_size=30)
                          | st.sampled_from(["<", ">", "&amp;", "&#x0;", "<!--", "-->", "<![CDATA["]),
                          max_size=60))
    return "<html><body>" + "".join(parts)


@settings(FAST, max_examples=60)
@given(markup())
def test_any_markup_is_an_article_or_an_input_error(page: str) -> None:
    try:
        article = article_from_html(page, "p", "p.html")
    except InputError as e:
        assert e.input_name == "p.html" and e.reason
    else:
        assert article.id == "p" and len(article.text.split()) >= 5


@pytest.mark.parametrize("depth", [10, 1000, 50_000])
def test_nesting_depth_never_hides_the_text(depth: int) -> None:
    words = "The council said the new bridge opens in May."
    page = "<html><body>" + "<div><span>" * depth + f"<p>{words}</p>" + "</span></div>" * depth + "</body></html>"
    assert article_from_html(page, "d", "d.html").text == words
