"""The API against its own OpenAPI: Schemathesis generates requests (valid and invalid) from the schema and runs all
its checks on the in-process app -- no server error, only documented statuses, the documented error shape, every
schema-valid request accepted and every schema-invalid one refused. A fixed seed and a small budget fit CI;
``benchmarks/api_fuzz.py`` is the longer run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, settings  # noqa: E402 - after the skip when schemathesis is missing
from hypothesis import seed as hypothesis_seed  # noqa: E402

from newsgraph.http import create_app  # noqa: E402
from newsgraph.service import NewsGraph  # noqa: E402
from tests.http.conftest import copy_db  # noqa: E402

pytestmark = pytest.mark.slow  # the sample database is built with the real model

SEED = 13
EXAMPLES_PER_OPERATION = 25


@pytest.fixture(scope="module")
def api_schema(sample_db: Path, extractor, tmp_path_factory) -> Iterator[object]:  # type: ignore[no-untyped-def]
    path = copy_db(sample_db, tmp_path_factory.mktemp("fuzzed"))
    with NewsGraph(path, extractor=extractor) as graph:
        app = create_app(graph)
        yield schemathesis.openapi.from_asgi("/api/openapi.json", app)
        app.state.jobs.stop(timeout=60)  # the ingest jobs the fuzzer queued end before the database closes


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@hypothesis_seed(SEED)
@settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=False,
          suppress_health_check=list(HealthCheck))
def test_the_api_matches_its_openapi(case) -> None:  # type: ignore[no-untyped-def]
    case.call_and_validate()
