"""A seeded few hundred of ``benchmarks/input_fuzz.py``'s mutated inputs: each is stored or one clear error naming
it -- no traceback, no hang, no silent drop, nothing stored altered."""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.slow  # a worker process and a few hundred inputs: about half a minute


@pytest.fixture
def fuzz(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """benchmarks/input_fuzz.py, importable by name (its worker processes import it again)."""
    monkeypatch.syspath_prepend(str(REPO_ROOT / "benchmarks"))
    return importlib.import_module("input_fuzz")


def assert_clean(tally: object, formats: set[str], cases: int) -> None:
    figures = tally.to_dict()  # type: ignore[attr-defined]
    assert figures["problems"] == {}, figures["problem_examples"]
    assert figures["cases"] == cases and set(figures["by_format"]) == formats
    assert figures["outcomes"].get("stored", 0) > 0 and figures["outcomes"].get("failed", 0) > 0
    assert "traceback" not in figures["outcomes"] and "hang" not in figures["outcomes"]


def test_three_hundred_mutated_real_articles(fuzz: ModuleType, shared_data: Path) -> None:
    tally = fuzz.fuzz(shared_data, cases=300, seed=13, timeout=60, formats=["txt", "html", "jsonl"])
    assert_clean(tally, {"txt", "html", "jsonl"}, 300)
    figures = tally.to_dict()
    assert any("U+FFFD" in w for w in figures["warnings"])  # the tolerant decoding was reached
    assert any("malformed JSON" in r for r in figures["failure_reasons"])


def test_mutated_bundled_samples(fuzz: ModuleType) -> None:
    """The same over the repository's own samples, so it runs where the shared data is absent."""
    tally = fuzz.fuzz(REPO_ROOT / "samples", cases=60, seed=7, timeout=60, formats=["html", "jsonl"])
    assert_clean(tally, {"html", "jsonl"}, 60)
