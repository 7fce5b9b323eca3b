"""JSON Lines of articles: streamed, per-line failures named file:line, the rest read on."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from newsgraph.errors import InputError, InputFailure
from newsgraph.ingest import source
from newsgraph.ingest.jsonl import article_from_json, read_jsonl
from newsgraph.records import Article


def article_line(article_id: str, text: str = "Some text.", **extra: object) -> str:
    return json.dumps({"id": article_id, "text": text, **extra}) + "\n"


def test_reads_the_common_article_format_and_ignores_other_keys(tmp_path: Path) -> None:
    file = tmp_path / "a.jsonl"
    file.write_text(article_line("a1", "Body.\r\nMore.", title="T", published="2022-01-31", source="VOA",
                                 url=None, gold={"x": 1}), encoding="utf-8")
    (article,) = read_jsonl(file)
    assert article == Article(id="a1", text="Body.\r\nMore.", title="T", published="2022-01-31", source="VOA",
                               published_from="given")


def test_numeric_ids_become_strings() -> None:
    assert article_from_json({"id": 7, "text": "t"}, "w").id == "7"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ([1, 2], "expected a JSON object, got an array"),
        ("text", "got a string"),
        ({"text": "no id"}, 'needs a non-empty string "id"'),
        ({"id": True, "text": "t"}, '"id"'),
        ({"id": "x"}, 'needs a string "text"'),
        ({"id": "x", "text": 5}, 'needs a string "text"'),
        ({"id": "x", "text": " \n "}, "empty text"),
        ({"id": "x", "text": "t", "title": ["a"]}, '"title" must be a string or null'),
    ],
)
def test_json_values_that_are_not_articles_are_refused(value: object, reason: str) -> None:
    with pytest.raises(InputError, match=reason) as caught:
        article_from_json(value, "f.jsonl:3")
    assert caught.value.input_name == "f.jsonl:3"


def test_bad_lines_name_file_and_line_and_the_rest_is_read(tmp_path: Path) -> None:
    file = tmp_path / "mixed.jsonl"
    broken = '{"id": "broken", "text": \n'
    file.write_text(article_line("ok1") + "\n" + broken + "[1]\n" + article_line("ok2"), encoding="utf-8")
    outcomes = list(read_jsonl(file))
    assert [type(o) for o in outcomes] == [Article, InputFailure, InputFailure, Article]
    assert outcomes[1].input_name == f"{file}:3" and "malformed JSON" in outcomes[1].reason
    assert outcomes[2].input_name == f"{file}:4" and "not an article" in outcomes[2].reason
    assert outcomes[3].id == "ok2"


def test_a_line_that_is_not_utf8_fails_alone(tmp_path: Path) -> None:
    file = tmp_path / "enc.jsonl"
    latin1_line = b'{"id": "x", "text": "caf\xe9"}\n'
    file.write_bytes(article_line("ok1").encode() + latin1_line + article_line("ok2").encode())
    outcomes = list(read_jsonl(file))
    assert isinstance(outcomes[1], InputFailure)
    assert outcomes[1].input_name == f"{file}:2" and "not valid UTF-8" in outcomes[1].reason
    assert [o.id for o in outcomes if isinstance(o, Article)] == ["ok1", "ok2"]


def test_utf8_bom_and_utf16_files_are_read(tmp_path: Path) -> None:
    bom = tmp_path / "bom.jsonl"
    bom.write_bytes(b"\xef\xbb\xbf" + article_line("b", "“x”").encode())
    utf16 = tmp_path / "wide.jsonl"
    utf16.write_bytes((article_line("w1", "ü") + article_line("w2")).encode("utf-16"))
    assert [a.text for a in read_jsonl(bom)] == ["“x”"]
    assert [(a.id, a.text) for a in read_jsonl(utf16)] == [("w1", "ü"), ("w2", "Some text.")]


def test_overlong_line_is_refused_and_reading_goes_on(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source, "MAX_JSONL_LINE_BYTES", 200)
    file = tmp_path / "long.jsonl"
    file.write_text(article_line("short") + article_line("long", "x" * 1000) + article_line("after"),
                    encoding="utf-8")
    outcomes = list(read_jsonl(file))
    assert isinstance(outcomes[1], InputFailure)
    assert outcomes[1].input_name == f"{file}:2" and "over the limit of 200 bytes" in outcomes[1].reason
    assert [o.id for o in outcomes if isinstance(o, Article)] == ["short", "after"]


def test_gzipped_jsonl_is_streamed(tmp_path: Path) -> None:
    file = tmp_path / "many.jsonl.gz"
    file.write_bytes(gzip.compress("".join(article_line(f"a{i}") for i in range(500)).encode()))
    assert [a.id for a in read_jsonl(file)] == [f"a{i}" for i in range(500)]


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "empty file"), (b"\n \n\n", "no articles"), (b"\x00\x01binary\x00junk", "binary data")],
)
def test_files_without_articles_are_refused(tmp_path: Path, content: bytes, reason: str) -> None:
    file = tmp_path / "bad.jsonl"
    file.write_bytes(content)
    with pytest.raises(InputError, match=reason):
        list(read_jsonl(file))


def test_truncated_gzip_names_the_file(tmp_path: Path) -> None:
    file = tmp_path / "cut.jsonl.gz"
    file.write_bytes(gzip.compress("".join(article_line(f"a{i}") for i in range(200)).encode())[:60])
    with pytest.raises(InputError, match="not a valid gzip file") as caught:
        list(read_jsonl(file))
    assert caught.value.input_name.startswith(str(file))
