"""read_inputs: every kind of input and every kind of bad input, the batch going on past failures."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from newsgraph.errors import InputFailure
from newsgraph.ingest import folder_files, input_kind, read_inputs
from newsgraph.records import Article

HTML = ("<html><head><title>T</title></head><body><article>"
        "<p>The council voted on Tuesday to close the ferry terminal for a year of repairs.</p>"
        "<p>“It is time,” the mayor said after the long and difficult meeting had ended.</p>"
        "</article></body></html>")


def outcomes_of(*paths: Path | str) -> list[Article | InputFailure]:
    return list(read_inputs(paths))


def only_failure(*paths: Path | str) -> InputFailure:
    (outcome,) = outcomes_of(*paths)
    assert isinstance(outcome, InputFailure), outcome
    return outcome


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "b.txt").write_text("Text article.", encoding="utf-8")
    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "j1", "text": "Line article."}) + "\n")
    (tmp_path / "c.html.gz").write_bytes(gzip.compress(HTML.encode()))
    (tmp_path / "d.TXT").write_text("Upper-case suffix.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("skipped: not a supported type")
    (tmp_path / ".hidden.txt").write_text("skipped: hidden")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "deep.txt").write_text("skipped: not recursive")
    return tmp_path


def test_input_kind_understands_gzip_and_case() -> None:
    assert input_kind(Path("a.HTML.gz")) == "html"
    assert input_kind(Path("a.jsonl.gz")) == "jsonl"
    assert input_kind(Path("a.htm")) == "html"
    assert input_kind(Path("a.gz")) is None
    assert input_kind(Path("a.pdf")) is None


def test_folder_reads_supported_files_sorted_by_name(folder: Path) -> None:
    assert [p.name for p in folder_files(folder)] == ["a.jsonl", "b.txt", "c.html.gz", "d.TXT"]
    outcomes = outcomes_of(folder)
    assert all(isinstance(o, Article) for o in outcomes)
    assert [o.id for o in outcomes if isinstance(o, Article)] == ["j1", "b", "c", "d"]


def test_inputs_keep_their_order(folder: Path) -> None:
    ids = [o.id for o in outcomes_of(folder / "d.TXT", folder / "b.txt") if isinstance(o, Article)]
    assert ids == ["d", "b"]


def test_failures_do_not_stop_the_batch(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Fine.")
    (tmp_path / "empty.txt").write_bytes(b"")
    outcomes = outcomes_of(tmp_path / "missing.txt", tmp_path / "empty.txt", good)
    assert [type(o) for o in outcomes] == [InputFailure, InputFailure, Article]


def test_nonexistent_path(tmp_path: Path) -> None:
    failure = only_failure(tmp_path / "nope.txt")
    assert str(failure) == f"{tmp_path / 'nope.txt'}: no such file or folder"


def test_unsupported_file_type_given_explicitly(tmp_path: Path) -> None:
    file = tmp_path / "report.pdf"
    file.write_bytes(b"%PDF-1.4")
    failure = only_failure(file)
    assert failure.input_name == str(file)
    assert failure.reason.startswith("unsupported file type '.pdf'; expected one of .arc, .htm, .html, .jsonl, "
                                     ".txt, .warc")


def test_folder_without_supported_files(tmp_path: Path) -> None:
    (tmp_path / "x.csv").write_text("a,b")
    assert "folder has no supported files" in only_failure(tmp_path).reason


def test_unreadable_file_permissions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = tmp_path / "secret.txt"
    file.write_text("Text.")
    real_open = Path.open

    def deny(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if self == file:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", deny)
    assert str(only_failure(file)) == f"{file}: permission denied"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_really_chmodded(tmp_path: Path) -> None:
    file = tmp_path / "secret.jsonl"
    file.write_text('{"id": "x", "text": "t"}\n')
    file.chmod(0)
    try:
        assert only_failure(file).reason == "permission denied"
    finally:
        file.chmod(0o600)


def test_unreadable_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def deny(self: Path):  # type: ignore[no-untyped-def]
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "iterdir", deny)
    assert str(only_failure(tmp_path)) == f"{tmp_path}: permission denied"


def test_binary_junk(tmp_path: Path) -> None:
    file = tmp_path / "photo.txt"
    file.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)) * 4)
    assert "binary data" in only_failure(file).reason


def test_empty_and_whitespace_only(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_bytes(b"\n\n   \t\n")
    (tmp_path / "c.html").write_bytes(b"")
    (tmp_path / "d.jsonl").write_bytes(b"")
    reasons = [o.reason for o in outcomes_of(tmp_path) if isinstance(o, InputFailure)]
    assert reasons == ["empty file", "no text (only whitespace)", "empty file", "empty file"]


def test_wrongly_encoded_text_detected_or_refused(tmp_path: Path) -> None:
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Der Bürgermeister sagte, die Fähre bleibe geschlossen.".encode("cp1252"))
    junk = tmp_path / "junk.txt"
    junk.write_bytes(bytes((i * 151 + 7) % 255 + 1 for i in range(3000)))
    decoded, failure = outcomes_of(latin, junk)
    assert isinstance(decoded, Article) and decoded.text.startswith("Der Bürgermeister")
    assert isinstance(failure, InputFailure) and "not UTF-8" in failure.reason


def test_oversized_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsgraph.ingest import source

    monkeypatch.setattr(source, "MAX_FILE_BYTES", 100)
    file = tmp_path / "big.html"
    file.write_text(HTML)
    assert "over the size limit of 100 bytes" in only_failure(file).reason


def test_malformed_html(tmp_path: Path) -> None:
    file = tmp_path / "broken.html"
    file.write_text("<html><body><div><span></div></p></table>")
    assert str(only_failure(file)) == f"{file}: no article body found in the HTML"


def test_broken_and_non_article_json_lines(tmp_path: Path) -> None:
    file = tmp_path / "lines.jsonl"
    file.write_text('{"id": 1, "text": "ok"}\n{"id": 2, "te\n42\n', encoding="utf-8")
    ok, broken, number = outcomes_of(file)
    assert isinstance(ok, Article)
    assert isinstance(broken, InputFailure) and broken.input_name == f"{file}:2"
    assert broken.reason.startswith("malformed JSON")
    assert isinstance(number, InputFailure) and str(number) == (
        f"{file}:3: not an article: expected a JSON object, got a number")


def test_not_a_regular_file(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert only_failure(fifo).reason == "not a regular file or folder"
