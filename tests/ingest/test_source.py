"""Names, limits, gzip and decoding of raw input files."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from newsgraph.errors import InputError
from newsgraph.ingest import source


def test_split_name_drops_gzip_and_type_suffixes() -> None:
    assert source.split_name(Path("dir/a.b.html.gz")) == ("a.b", ".html", True)
    assert source.split_name(Path("story.TXT")) == ("story", ".txt", False)


def test_normalize_newlines_is_universal_newlines() -> None:
    assert source.normalize_newlines("a\r\nb\rc\nd") == "a\nb\nc\nd"


def test_decode_strips_utf8_bom() -> None:
    assert source.decode_bytes(b"\xef\xbb\xbfHello", "f") == "Hello"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_decode_honours_utf16_and_utf32_boms(encoding: str) -> None:
    text = "Minister: “No comment.”"
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    assert source.decode_bytes(data, "f") == text


def test_decode_matches_python_text_mode(tmp_path: Path) -> None:
    data = "line one\r\nline “two”\rthree\n".encode()
    file = tmp_path / "a.txt"
    file.write_bytes(data)
    assert source.decode_bytes(data, "f") == file.read_text(encoding="utf-8")


def test_decode_detects_a_legacy_western_encoding() -> None:
    text = "Le président a déclaré à Zürich qu'il refusait « tout compromis »."
    assert source.decode_bytes(text.encode("cp1252"), "f") == text


def test_decode_uses_the_declared_charset_when_bytes_are_not_utf8() -> None:
    text = "El ministro dijo: ¿qué más?"
    assert source.decode_bytes(text.encode("latin-1"), "f", declared="latin-1") == text


def test_decode_prefers_valid_utf8_over_a_wrong_declaration() -> None:
    assert source.decode_bytes("café".encode(), "f", declared="cp1252") == "café"


def test_declared_html_charset() -> None:
    assert source.declared_html_charset(b'<html><head><meta charset="ISO-8859-1">') == "cp1252"
    assert source.declared_html_charset(b'<?xml version="1.0" encoding="koi8-r"?><html>') == "koi8-r"
    assert source.declared_html_charset(
        b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">') == "cp1252"
    assert source.declared_html_charset(b"<html><body>no declaration") is None
    assert source.declared_html_charset(b'<meta charset="no-such-codec">') is None


def test_undetectable_bytes_are_a_clear_error() -> None:
    junk = bytes((i * 151 + 7) % 255 + 1 for i in range(3000))  # no NULs, not UTF-8, not a language
    with pytest.raises(InputError, match=r"^f: not UTF-8 .*could not be detected"):
        source.decode_bytes(junk, "f")


def test_nul_bytes_are_binary() -> None:
    with pytest.raises(InputError, match="binary data"):
        source.decode_bytes(b"PK\x03\x04\x00\x00binary", "f")


def test_mostly_control_characters_are_binary() -> None:
    with pytest.raises(InputError, match="control characters"):
        source.decode_bytes(bytes(range(1, 9)) * 20 + b"text", "f")


def test_a_few_control_characters_are_tolerated() -> None:
    text = "Reuter\x03 " + "ordinary words " * 20
    assert source.decode_bytes(text.encode(), "f") == text


def test_read_limited_bytes_refuses_oversized_files(tmp_path: Path) -> None:
    file = tmp_path / "big.txt"
    file.write_bytes(b"x" * 101)
    assert source.read_limited_bytes(file, limit=101) == b"x" * 101
    with pytest.raises(InputError, match="over the size limit of 100 bytes"):
        source.read_limited_bytes(file, limit=100)


def test_read_limited_bytes_limits_decompressed_size(tmp_path: Path) -> None:
    file = tmp_path / "bomb.txt.gz"
    file.write_bytes(gzip.compress(b"a" * 10_000))
    assert file.stat().st_size < 100
    with pytest.raises(InputError, match="over the size limit"):
        source.read_limited_bytes(file, limit=1000)


def test_truncated_gzip_is_a_clear_error(tmp_path: Path) -> None:
    file = tmp_path / "cut.txt.gz"
    file.write_bytes(gzip.compress(b"some text " * 100)[:30])
    with pytest.raises(InputError, match="not a valid gzip file"):
        source.read_limited_bytes(file)
