"""Fixtures of the HTTP tests: an app over a copy of the session's sample database."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsgraph.http import create_app
from newsgraph.service import NewsGraph


def copy_db(source: Path, folder: Path) -> Path:
    """A private copy of a database file (the app opens it for writing)."""
    target = folder / source.name
    shutil.copy(source, target)
    wal = source.with_name(source.name + ".wal")
    if wal.exists():
        shutil.copy(wal, target.with_name(target.name + ".wal"))
    return target


@pytest.fixture(scope="module")
def served_graph(sample_db: Path, extractor, tmp_path_factory) -> Iterator[NewsGraph]:  # type: ignore[no-untyped-def]
    """A NewsGraph over this module's own copy of the sample database, extracting with the session's model."""
    path = copy_db(sample_db, tmp_path_factory.mktemp("served"))
    with NewsGraph(path, extractor=extractor) as graph:
        yield graph


@pytest.fixture(scope="module")
def client(served_graph: NewsGraph) -> Iterator[TestClient]:
    """An in-process client of the app (no token); server errors come back as responses."""
    with TestClient(create_app(served_graph), raise_server_exceptions=False) as test_client:
        yield test_client
