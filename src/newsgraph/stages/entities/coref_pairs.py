"""Contextual pair scores for the coreference ranker: how likely one mention refers to what an earlier one does.

A mention's vector is read from the attribution tagger's encoder (a hidden layer the tagger's graph exposes:
``models/vectors.py``): its first word piece's, its last piece's and the mean of its pieces. The pair scorer
(``data/models/coref/pairs.npz``, trained on GUM train by ``scripts/train_coref_pairs.py``) projects each
mention's vector (``tanh(W v + b)``) and scores a pair with a small network over the two projections, their
product and the distance between them (log2 of the characters apart); it was trained to rank each gold
mention's antecedents above its other earlier mentions and above "none" (score 0). The ranker adds
``weight`` times the best score of an entity's recent mentions to that entity's score; mentions the tagger
did not read (it reads the sentences near a cue; none when ``NEWSGRAPH_ATTRIBUTION_STRATEGY=rules``) get
no score. Plain numpy at run time; ``NEWSGRAPH_COREF_PAIRS=off`` turns it off (the ranker alone, for
comparing), ``=PATH`` reads another scorer file (for choosing its weight on dev).
"""

from __future__ import annotations

import io
import json
import os
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from newsgraph.models.tagger import ModelError
from newsgraph.models.vectors import PieceVectors

MODEL_FILE = ("data", "models", "coref", "pairs.npz")  # under the newsgraph package
ENV = "NEWSGRAPH_COREF_PAIRS"
DIST_BUCKETS = 20


def distance_bucket(chars: np.ndarray) -> np.ndarray:
    """Log2 buckets of the characters between two mentions' starts (the training script's too)."""
    return np.clip(np.log2(np.maximum(chars, 0) + 1.0).astype(np.int64), 0, DIST_BUCKETS - 1)


@dataclass(slots=True)
class PairScorer:
    proj_w: np.ndarray  # [g, 3 * dim]
    proj_b: np.ndarray
    dist: np.ndarray  # [DIST_BUCKETS, e]
    w1: np.ndarray  # [h, 3 * g + e]
    b1: np.ndarray
    w2: np.ndarray  # [h]
    b2: float
    meta: dict[str, object] = field(default_factory=dict)
    _parts: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = field(default=None, init=False, repr=False)

    @property
    def weight(self) -> float:
        return float(self.meta.get("ranker_weight", 1.0))  # type: ignore[arg-type]

    @property
    def recent(self) -> int:
        return int(self.meta.get("recent", 8))  # type: ignore[call-overload]

    def project(self, rep: np.ndarray) -> np.ndarray:
        return np.asarray(np.tanh(self.proj_w @ rep + self.proj_b), dtype=np.float32)

    def parts(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The hidden layer's weights split by input: anaphor, candidate, product ``[g, h]`` each, and the distance
        buckets' contribution with the bias ``[DIST_BUCKETS, h]``: a pair then costs one ``g x h`` product.
        Computed once per scorer."""
        if self._parts is None:
            g = self.proj_w.shape[0]
            w = self.w1
            dist = self.dist @ w[:, 3 * g:].T + self.b1
            self._parts = (np.ascontiguousarray(w[:, :g].T), np.ascontiguousarray(w[:, g:2 * g].T),
                           np.ascontiguousarray(w[:, 2 * g:3 * g].T), np.asarray(dist, dtype=np.float32))
        return self._parts

    def scores(self, anaphor: np.ndarray, cands: np.ndarray, chars: np.ndarray) -> np.ndarray:
        """Scores of ``anaphor`` (a projection) with each row of ``cands`` (projections), ``chars`` apart:
        ``w2 . relu(W1 [a, c, a * c, dist] + b1) + b2``."""
        wa, wc, wp, dist = self.parts()
        return self.scores_from(anaphor @ wa, cands, cands @ wc, wp * anaphor[:, None], dist[distance_bucket(chars)])

    def scores_from(self, a_term: np.ndarray, cands: np.ndarray, c_terms: np.ndarray, product: np.ndarray,
                    dist_terms: np.ndarray) -> np.ndarray:
        h = np.maximum(a_term + c_terms + cands @ product + dist_terms, 0.0)
        return np.asarray(h @ self.w2 + self.b2)

    @classmethod
    def from_bytes(cls, raw: bytes) -> PairScorer:
        with np.load(io.BytesIO(raw)) as z:
            arrays = {k: np.asarray(z[k], dtype=np.float32) for k in z.files if k != "meta"}
            meta = json.loads(bytes(z["meta"]).decode("utf-8")) if "meta" in z.files else {}
        return cls(arrays["proj_w"], arrays["proj_b"], arrays["dist"], arrays["w1"], arrays["b1"],
                   arrays["w2"].reshape(-1), float(arrays["b2"].reshape(-1)[0]), meta)


@lru_cache(maxsize=1)
def load_scorer() -> PairScorer | None:
    """The shipped pair scorer (or the file ``NEWSGRAPH_COREF_PAIRS`` names), or None when it is absent or
    the variable says ``off``."""
    value = os.environ.get(ENV, "")
    if value == "off":
        return None
    try:
        raw = Path(value).read_bytes() if value else resources.files("newsgraph").joinpath(*MODEL_FILE).read_bytes()
    except FileNotFoundError:
        if value:
            raise ModelError(f"{ENV}={value!r}: no such file") from None
        return None
    return PairScorer.from_bytes(raw)


class DocPairs:
    """One text's mention projections (computed once each) and an entity's pair score for a mention."""

    def __init__(self, scorer: PairScorer, vectors: PieceVectors) -> None:
        self.scorer = scorer
        self.vectors = vectors
        self.wa, self.wc, self.wp, self.dist = scorer.parts()
        self._proj: dict[tuple[int, int], tuple[np.ndarray, np.ndarray] | None] = {}

    def projection(self, start: int, end: int) -> tuple[np.ndarray, np.ndarray] | None:
        """The mention's projection and its term as a candidate in the hidden layer (None: no vectors)."""
        key = (start, end)
        if key not in self._proj:
            rep = self.vectors.span(start, end)
            if rep is None:
                self._proj[key] = None
            else:
                p = self.scorer.project(rep)
                self._proj[key] = (p, p @ self.wc)
        return self._proj[key]

    def entity_scores(self, start: int, end: int, entities: list[list[tuple[int, int]]]) -> list[float | None]:
        """For each entity (its earlier mentions, oldest first), the best pair score of the mention
        ``[start, end)`` with its most recent mentions; None where no pair has vectors. One network call."""
        out: list[float | None] = [None] * len(entities)
        anaphor = self.projection(start, end)
        if anaphor is None:
            return out
        rows, terms, chars, owner = [], [], [], []
        for k, earlier in enumerate(entities):
            for s, e in earlier[-self.scorer.recent:]:
                p = self.projection(s, e)
                if p is not None and s < start:
                    rows.append(p[0])
                    terms.append(p[1])
                    chars.append(start - s)
                    owner.append(k)
        if not rows:
            return out
        a = anaphor[0]
        scores = self.scorer.scores_from(a @ self.wa, np.stack(rows), np.stack(terms), self.wp * a[:, None],
                                         self.dist[distance_bucket(np.asarray(chars))])
        for k, v in zip(owner, scores.tolist(), strict=True):
            best = out[k]
            out[k] = v if best is None or v > best else best
        return out
