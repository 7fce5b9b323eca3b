"""``newsgraph extract``: JSON Lines out, one clear line per failed input, exit status 1 on failures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgraph.cli import main
from tests.conftest import SAMPLES

pytestmark = pytest.mark.slow  # extraction loads the real model


def run_extract(*args: str) -> tuple[int, list[dict], list[str]]:
    result = CliRunner().invoke(main, ["extract", *args])
    records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return result.exit_code, records, result.stderr.splitlines()


def test_samples_folder_extracts_every_sample_article() -> None:
    code, records, errors = run_extract(str(SAMPLES))
    assert (code, errors) == (0, [])
    ids = [r["id"] for r in records]
    assert ids[:4] == ["voa-2022-01-31-ukraine", "harbor-council-ferry-closure", "northfield-drought-wheat",
                       "silverline-lock-agreement"]
    assert ids[4] == "sample-report"
    sample_lines = (SAMPLES / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    for record, line in zip(records, sample_lines, strict=False):
        assert record["text"] == json.loads(line)["text"]
    report = records[4]
    assert report["published"] == "2026-04-14" and report["source"] == "The Harlow Ledger"
    assert "“A household of seven is not a golf course,” he said." in report["text"]
    assert "Privacy policy" not in report["text"]


def test_failed_inputs_are_reported_and_the_rest_is_written(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("“We will reopen in May,” the mayor said on Tuesday.", encoding="utf-8")
    lines = tmp_path / "lines.jsonl"
    lines.write_text('{"id": "ok", "text": "Fine text."}\n{"id": \n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    missing = tmp_path / "missing.txt"
    code, stdout_records, errors = run_extract(str(missing), str(lines), str(good), "-o", str(out))
    assert code == 1
    assert stdout_records == []
    assert errors[0] == f"newsgraph: error: {tmp_path / 'missing.txt'}: no such file or folder"
    assert errors[1].startswith(f"newsgraph: error: {lines}:2: malformed JSON")
    assert errors[-1] == "newsgraph: 2 input(s) failed"
    written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in written] == ["ok", "good"]
    assert written[1]["text"] == good.read_text(encoding="utf-8")


def test_dash_means_stdout_and_unsupported_type_fails(tmp_path: Path) -> None:
    doc = tmp_path / "memo.docx"
    doc.write_bytes(b"PK\x03\x04")
    story = tmp_path / "story.txt"
    story.write_text("Short story text.")
    code, records, errors = run_extract(str(doc), str(story), "-o", "-")
    assert code == 1
    assert [r["id"] for r in records] == ["story"]
    assert errors[0].startswith(f"newsgraph: error: {doc}: unsupported file type '.docx'")


def test_article_over_the_character_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsgraph import pipeline

    monkeypatch.setattr(pipeline, "MAX_ARTICLE_CHARS", 50)
    lines = tmp_path / "a.jsonl"
    lines.write_text(json.dumps({"id": "long", "text": "word " * 20}) + "\n"
                     + json.dumps({"id": "short", "text": "A short one."}) + "\n", encoding="utf-8")
    code, records, errors = run_extract(str(lines))
    assert code == 1
    assert [r["id"] for r in records] == ["short"]
    assert errors[0] == "newsgraph: error: long: text of 100 characters is over the limit of 50"
