"""Shared fixtures. Fixtures only: each test module keeps its own helpers."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"
SAMPLES = REPO_ROOT / "samples"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data beside the checkout; tests that need it skip when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not present")
    return SHARED_DATA


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    """The real model with newsgraph's stages (loaded once per test session)."""
    from newsgraph.pipeline import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def extractor(nlp):  # type: ignore[no-untyped-def]
    from newsgraph.pipeline import Extractor

    return Extractor(nlp)
