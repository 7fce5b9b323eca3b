"""Plain-text articles: id, text as read, and every way a text file can be bad."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from newsgraph.errors import InputError
from newsgraph.ingest import source
from newsgraph.ingest.text import read_text_file


def test_id_is_the_stem_and_text_is_kept_as_read(tmp_path: Path) -> None:
    body = "  Headline\n\n“Quote,” she said.  \n\n\tIndented paragraph.\n"
    file = tmp_path / "story-1.txt"
    file.write_text(body, encoding="utf-8")
    article = read_text_file(file)
    assert article.id == "story-1"
    assert article.text == body  # leading/trailing whitespace kept: offsets match the file


def test_crlf_and_bom_are_read_like_python_open(tmp_path: Path) -> None:
    file = tmp_path / "win.txt"
    file.write_bytes(b"\xef\xbb\xbfFirst line\r\nSecond line\r\n")
    article = read_text_file(file)
    assert article.text == "First line\nSecond line\n"
    assert article.text == file.read_text(encoding="utf-8-sig")


def test_gzipped_text_has_the_stem_without_both_suffixes(tmp_path: Path) -> None:
    file = tmp_path / "wire.txt.gz"
    file.write_bytes(gzip.compress(b"Compressed story."))
    assert read_text_file(file).id == "wire"
    assert read_text_file(file).text == "Compressed story."


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b" \n\t\r\n ", "only whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
        (bytes(range(1, 32)) * 10, "control characters"),
    ],
)
def test_bad_text_files_are_refused_with_a_reason(tmp_path: Path, content: bytes, reason: str) -> None:
    file = tmp_path / "bad.txt"
    file.write_bytes(content)
    with pytest.raises(InputError, match=reason) as caught:
        read_text_file(file)
    assert caught.value.input_name == str(file)


def test_oversized_text_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source, "MAX_FILE_BYTES", 1000)
    file = tmp_path / "big.txt"
    file.write_text("word " * 201)
    with pytest.raises(InputError, match="over the size limit of 1,000 bytes"):
        read_text_file(file)
