"""The attribution stage reads its tagger's batches ahead in threads: same quotes, same order, errors surface."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from newsgraph.cores import usable_cores
from newsgraph.models.tagger import ModelError, model_threads
from newsgraph.records import Quote
from newsgraph.stages.quotes.attribution import AHEAD_THREADS, ahead_threads

TEXTS = [
    'The minister said the talks had failed. "We will not give up," she told reporters.',
    "Officials expect the bridge to reopen in May, according to a statement from the city.",
    "Nothing was said here at all.",
    '"It is over," the coach said after the game, adding that the team would rebuild.',
    "The company said on Monday it would cut 300 jobs.",
]


def _quotes(nlp: Any, batch_size: int) -> list[list[dict[str, Any]]]:
    return [[q.to_dict() for q in doc._.ng_quotes] for doc in nlp.pipe(TEXTS, batch_size=batch_size)]


@pytest.fixture
def stage(nlp: Any) -> Iterator[Any]:
    component = nlp.get_pipe("newsgraph_quotes_v2")
    before = component.ahead
    yield component
    component.ahead = before


@pytest.mark.parametrize(("threads", "batch_size"), [(1, 2), (2, 1), (2, 2)])
def test_the_tagger_read_ahead_gives_the_quotes_of_the_tagger_in_line(nlp: Any, stage: Any, threads: int,
                                                                      batch_size: int) -> None:
    stage.ahead = 0
    in_line = _quotes(nlp, batch_size=batch_size)
    stage.ahead = threads
    assert _quotes(nlp, batch_size=batch_size) == in_line  # three or five batches, up to four in flight
    assert any(in_line) and not in_line[2]


def test_an_error_in_the_tagger_thread_reaches_the_caller(nlp: Any, stage: Any,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    def failing(texts: list[str], spans: Any) -> list[tuple[list[Quote], None]]:
        calls.append(len(texts))
        if len(calls) == 2:
            raise RuntimeError("tagger broke")
        return [([], None) for _ in texts]

    stage.ahead = 2
    monkeypatch.setattr(stage, "_tag", failing)
    with pytest.raises(RuntimeError, match="tagger broke"):
        _quotes(nlp, batch_size=2)


def test_the_model_leaves_a_core_to_the_pipeline_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSGRAPH_MODEL_THREADS", raising=False)
    assert model_threads(reserved=1) == max(1, min(4, usable_cores() - 1))
    monkeypatch.setenv("NEWSGRAPH_MODEL_THREADS", "2")
    assert model_threads(reserved=1) == 2


def test_the_read_ahead_threads_come_from_the_environment_or_the_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSGRAPH_TAGGER_AHEAD", raising=False)
    assert ahead_threads() == (AHEAD_THREADS if usable_cores() > 1 else 0)
    monkeypatch.setenv("NEWSGRAPH_TAGGER_AHEAD", "0")
    assert ahead_threads() == 0
    monkeypatch.setenv("NEWSGRAPH_TAGGER_AHEAD", "3")
    assert ahead_threads() == 3
    monkeypatch.setenv("NEWSGRAPH_TAGGER_AHEAD", "many")
    with pytest.raises(ModelError, match="NEWSGRAPH_TAGGER_AHEAD='many' is not a number of threads"):
        ahead_threads()
