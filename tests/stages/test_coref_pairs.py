"""The coreference pair scorer: its arithmetic, its file, and the entity scores the ranker adds."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest

from newsgraph.models.tagger import ModelError
from newsgraph.models.vectors import PieceVectors
from newsgraph.stages.entities import coref_pairs
from newsgraph.stages.entities.coref_pairs import DIST_BUCKETS, DocPairs, PairScorer, distance_bucket


def small_scorer(meta: dict[str, object] | None = None) -> PairScorer:
    """One-dimensional projections: a pair scores the product of its two mentions' first vector values."""
    return PairScorer(proj_w=np.array([[1.0, 0, 0, 0, 0, 0]]), proj_b=np.zeros(1), dist=np.zeros((DIST_BUCKETS, 1)),
                      w1=np.array([[0.0, 0.0, 1.0, 0.0]]), b1=np.zeros(1), w2=np.array([2.0]), b2=-0.1,
                      meta=meta or {"ranker_weight": 2.0, "recent": 2})


def test_distance_buckets_are_log2_of_the_characters_apart() -> None:
    assert distance_bucket(np.array([0, 1, 3, 7, 1000, 10**9])).tolist() == [0, 1, 2, 3, 9, DIST_BUCKETS - 1]


def test_a_pair_is_scored_by_the_network_over_both_projections() -> None:
    s = small_scorer()
    a = s.project(np.array([0.5, 0, 0, 0, 0, 0]))
    cands = np.stack([s.project(np.array([v, 0, 0, 0, 0, 0])) for v in (1.0, -1.0)])
    scores = s.scores(a, cands, np.array([10, 20]))
    expected = [2 * max(np.tanh(0.5) * np.tanh(1.0), 0) - 0.1, -0.1]  # relu cuts the negative product
    assert np.allclose(scores, expected)


def test_the_scorer_file_round_trips_with_its_record() -> None:
    s = small_scorer()
    buf = io.BytesIO()
    np.savez_compressed(buf, proj_w=s.proj_w, proj_b=s.proj_b, dist=s.dist, w1=s.w1, b1=s.b1, w2=s.w2,
                        b2=np.array([s.b2]), meta=np.frombuffer(json.dumps(s.meta).encode(), dtype=np.uint8))
    back = PairScorer.from_bytes(buf.getvalue())
    assert back.weight == 2.0 and back.recent == 2 and back.b2 == pytest.approx(-0.1)
    assert np.allclose(back.w1, s.w1)


def test_an_entity_scores_its_best_recent_earlier_mention_and_none_without_vectors() -> None:
    # four one-piece "words" at 0, 10, 20, 30; the third was not read
    offsets = np.array([[0, 5], [10, 15], [20, 25], [30, 35]])
    vectors = np.zeros((4, 2), dtype=np.float16)
    vectors[0, 0], vectors[1, 0], vectors[3, 0] = 1.0, -1.0, 1.0
    pairs = DocPairs(small_scorer(), PieceVectors(offsets, vectors))
    scores = pairs.entity_scores(30, 35, [[(0, 5), (10, 15)], [(20, 25)], [(10, 15)], [(0, 5), (30, 35)]])
    high = 2 * np.tanh(1.0) ** 2 - 0.1
    assert scores[0] == pytest.approx(high)  # the best of its mentions
    assert scores[1] is None  # its only mention has no vector
    assert scores[2] == pytest.approx(-0.1)
    assert scores[3] == pytest.approx(high)  # the mention itself is not its own antecedent
    far = pairs.entity_scores(30, 35, [[(0, 5), (10, 15), (10, 15)]])  # recent = 2: the first is not read
    assert far[0] == pytest.approx(-0.1)
    assert pairs.entity_scores(20, 25, [[(0, 5)]]) == [None]  # the mention itself has no vector


def test_the_shipped_scorer_loads_and_the_environment_turns_it_off_or_swaps_it(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    coref_pairs.load_scorer.cache_clear()
    try:
        shipped = coref_pairs.load_scorer()
        assert shipped is not None and shipped.proj_w.shape[1] == 3 * 384 and shipped.weight > 0
        monkeypatch.setenv(coref_pairs.ENV, "off")
        coref_pairs.load_scorer.cache_clear()
        assert coref_pairs.load_scorer() is None
        monkeypatch.setenv(coref_pairs.ENV, str(tmp_path / "missing.npz"))
        coref_pairs.load_scorer.cache_clear()
        with pytest.raises(ModelError, match="missing.npz"):
            coref_pairs.load_scorer()
    finally:
        monkeypatch.undo()
        coref_pairs.load_scorer.cache_clear()
