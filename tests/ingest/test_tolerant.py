"""Tolerant reading: nearly-valid text with replacement characters and a warning; deep HTML as plain text."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import pytest

from newsgraph.errors import InputError, InputFailure
from newsgraph.ingest import read_inputs
from newsgraph.ingest.html import article_from_html
from newsgraph.ingest.jsonl import read_jsonl
from newsgraph.ingest.source import decode_bytes
from newsgraph.ingest.text import read_text_file
from newsgraph.records import Article

CUT = 140  # an ASCII boundary in TEXT's UTF-8 (so only the inserted bytes are invalid)
TEXT = ("Gabriela Núñez, the port’s director, said “the ferries will run again on Monday” after the storm. "
        "Officials in Señora Bay agreed. ") * 5


def with_stray(data: bytes, stray: bytes) -> bytes:
    assert data[CUT - 1] < 0x80 and data[CUT] < 0x80
    return data[:CUT] + stray + data[CUT:]


def warnings_of(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name.startswith("newsgraph") and r.levelno == logging.WARNING]


def test_utf8_with_a_stray_byte_is_read_with_a_replacement_and_a_warning(tmp_path: Path,
                                                                         caplog: pytest.LogCaptureFixture) -> None:
    data = TEXT.encode("utf-8")
    path = tmp_path / "stray.txt"
    path.write_bytes(with_stray(data, b"\xff"))
    with caplog.at_level(logging.WARNING, logger="newsgraph"):
        article = read_text_file(path)
    assert article.text == data[:CUT].decode("utf-8") + "\ufffd" + data[CUT:].decode("utf-8")
    assert warnings_of(caplog) == [f"{path}: 1 byte(s) not valid UTF-8, read as U+FFFD replacement characters"]


def test_many_bad_bytes_or_binary_data_are_still_refused(tmp_path: Path) -> None:
    data = bytearray(TEXT.encode("utf-8"))
    for i in range(0, len(data), 40):  # 2.5% of the bytes broken: over the 1% share
        data[i] = 0xFF
    with pytest.raises(InputError, match="not UTF-8"):
        decode_bytes(bytes(data), "broken.txt")
    noise = bytes(b or 1 for b in os.urandom(4000))  # random bytes, no NULs
    with pytest.raises(InputError, match=r"^noise\.bin: (not UTF-8|binary data)"):
        decode_bytes(noise, "noise.bin")
    with pytest.raises(InputError, match="binary data"):
        decode_bytes(TEXT.encode("utf-8") + b"\x00\x01\x02", "nul.txt")


def test_latin1_text_is_still_read_as_latin1_not_replaced(caplog: pytest.LogCaptureFixture) -> None:
    text = "The café in Zürich said the crème brûlée was the best in the région. " * 4
    with caplog.at_level(logging.WARNING, logger="newsgraph"):
        assert decode_bytes(text.encode("cp1252"), "latin.txt") == text
    assert warnings_of(caplog) == []


def test_a_jsonl_line_with_a_stray_byte_is_read_and_warned_about(tmp_path: Path,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    good = json.dumps({"id": "a", "text": TEXT}, ensure_ascii=False).encode("utf-8")
    path = tmp_path / "stray.jsonl"
    path.write_bytes(good + b"\n" + good.replace(b'"a"', b'"b"')[:120] + b"\x9d" + good[120:] + b"\n")
    with caplog.at_level(logging.WARNING, logger="newsgraph"):
        outcomes = list(read_jsonl(path))
    assert [type(o) for o in outcomes] == [Article, Article]
    assert "\ufffd" in outcomes[1].text and "\ufffd" not in outcomes[0].text  # type: ignore[union-attr]
    assert warnings_of(caplog) == [f"{path}:2: 1 byte(s) not valid UTF-8, read as U+FFFD replacement characters"]


def test_deeply_nested_html_falls_back_to_its_plain_text(caplog: pytest.LogCaptureFixture) -> None:
    body = ("<p>The minister said the harbour would reopen on Monday.</p><script>var hidden = 1;</script>"
            "<p>Repairs cost &pound;2 million.</p>")
    page = ("<html><head><title>Harbour reopens</title><style>p {}</style></head><body>" + "<div>" * 5000 + body
            + "</div>" * 5000 + "</body></html>")
    with caplog.at_level(logging.WARNING, logger="newsgraph"):
        article = article_from_html(page, "deep", "deep.html")
    assert article.text == "The minister said the harbour would reopen on Monday.\n\nRepairs cost £2 million."
    assert article.title == "Harbour reopens" and article.id == "deep"
    assert warnings_of(caplog) == ["deep.html: no article body found in the HTML; read its plain text instead "
                                   "(13 words)"]


def test_html_without_text_is_still_refused() -> None:
    with pytest.raises(InputError, match=r"^empty\.html: no article body found in the HTML$"):
        article_from_html("<html><body><div><div><script>x()</script>Home</div></div></body></html>", "e",
                          "empty.html")


def test_the_cli_shows_warnings_as_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from newsgraph.cli_common import show_warnings

    show_warnings()
    path = tmp_path / "stray.txt"
    data = TEXT.encode("utf-8")
    path.write_bytes(with_stray(data, b"\xfe\xfe"))
    outcomes = list(read_inputs([path]))
    assert not any(isinstance(o, InputFailure) for o in outcomes)
    assert capsys.readouterr().err == (f"newsgraph: warning: {path}: 2 byte(s) not valid UTF-8, read as U+FFFD "
                                       "replacement characters\n")


def test_an_uploads_warning_names_the_upload_not_its_temporary_file(caplog: pytest.LogCaptureFixture) -> None:
    from newsgraph.service import read_upload

    with caplog.at_level(logging.WARNING, logger="newsgraph"):
        items = read_upload("reports/harbour.txt", with_stray(TEXT.encode("utf-8"), b"\xff"))
    assert [type(i) for i in items] == [Article] and items[0].id == "harbour"
    assert warnings_of(caplog) == ["harbour.txt: 1 byte(s) not valid UTF-8, read as U+FFFD replacement characters"]
