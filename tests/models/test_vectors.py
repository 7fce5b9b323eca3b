"""The tagger's hidden-layer output (``with_output``) and a span's vector (``PieceVectors.span``)."""

from __future__ import annotations

import numpy as np
import pytest

from newsgraph.models.tagger import TokenTagger
from newsgraph.models.vectors import PieceVectors, with_output
from newsgraph.stages.quotes.attribution import model_dir


def test_a_span_vector_is_its_first_last_and_mean_piece_vectors() -> None:
    offsets = np.array([[0, 3], [4, 9], [9, 12], [13, 16]])
    vectors = np.array([[1, 0], [2, 2], [4, 6], [0, 0]], dtype=np.float16)  # the last piece was not read
    pv = PieceVectors(offsets, vectors)
    assert pv.span(4, 12).tolist() == [2, 2, 4, 6, 3, 4]  # "pieces 1-2": first, last, mean
    assert pv.span(0, 3).tolist() == [1, 0, 1, 0, 1, 0]
    assert pv.span(13, 16) is None  # outside the windows read
    assert pv.span(9, 16) is None  # partly outside
    assert pv.span(3, 4) is None  # between pieces


def test_with_output_refuses_bytes_that_are_no_model() -> None:
    with pytest.raises(ValueError, match="not an ONNX model"):
        with_output(b"\x07\x07\x07", "x")


def test_the_shipped_tagger_gives_the_vectors_of_the_windows_it_reads() -> None:
    tagger = TokenTagger(model_dir())
    assert tagger.meta.get("hidden_output")
    text = "The weather was mild all week.\n" * 60 + 'The minister said the talks had failed.'
    said = text.index("said")
    (whole,) = tagger.tag([text])
    (near,) = tagger.tag([text], [[(said, said + 4)]])
    assert whole.vectors is not None and near.vectors is not None
    assert whole.vectors.vectors.shape == (len(whole.vectors.offsets), 384)
    first, last = whole.vectors.span(0, 3), whole.vectors.span(said, said + 4)
    assert first is not None and last is not None and np.abs(first).sum() > 0
    assert near.vectors.span(0, 3) is None  # a region far from the cue: its window was not read
    assert np.allclose(near.vectors.span(said, said + 4), last, atol=1e-2)
