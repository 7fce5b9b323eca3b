"""The tagger's windowing and decoding (no model), and its refusal of a missing or corrupt model folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from newsgraph.models.tagger import B, I, ModelError, O, TokenTagger, bio_spans, decode, make_windows, owner_windows
from newsgraph.stages.quotes.attribution import model_dir


def test_windows_cover_every_piece_and_overlap() -> None:
    assert make_windows(0, 8, 6) == []
    assert make_windows(5, 8, 6) == [(0, 5)]
    wins = make_windows(20, 8, 6)
    assert wins[0] == (0, 8) and wins[-1] == (12, 20)
    assert all(e - s == 8 for s, e in wins)
    assert set().union(*(range(s, e) for s, e in wins)) == set(range(20))


def test_each_piece_is_read_from_the_window_where_it_is_most_central() -> None:
    owner = owner_windows(14, [(0, 8), (6, 14)])
    assert list(owner) == [0] * 7 + [1] * 7


def test_bio_runs() -> None:
    assert bio_spans([O, B, I, I, O, I, I, B, B, O]) == [(1, 4), (5, 7), (7, 8), (8, 9)]
    assert bio_spans([B, I]) == [(0, 2)]
    assert bio_spans([]) == []


def test_decode_widens_runs_to_whole_words_and_scores_them() -> None:
    text = "Officials said talks failed."
    offsets = [(0, 5), (5, 9), (10, 14), (15, 20), (21, 27), (27, 28)]  # "offic" "##ials" said talks failed .
    probs = np.zeros((6, 2, 3), dtype=np.float32)
    probs[:, :, O] = 1.0
    probs[1, 0] = [0.1, 0.9, 0.0]  # source: only the second piece of "Officials" -> the whole word
    probs[3, 1] = [0.2, 0.8, 0.0]  # content: "talks failed"
    probs[4, 1] = [0.0, 0.0, 1.0]
    tagged = decode(text, offsets, probs, ("source", "content"))
    (s_start, s_end, s_score), = tagged.spans["source"]
    assert text[s_start:s_end] == "Officials" and s_score == pytest.approx(0.9)
    (c_start, c_end, _), = tagged.spans["content"]
    assert text[c_start:c_end] == "talks failed"


def test_a_missing_model_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="model.onnx is missing"):
        TokenTagger(tmp_path)


def test_a_corrupt_model_file_is_a_clear_error_at_load(tmp_path: Path) -> None:
    for name in ("tokenizer.json", "meta.json"):
        shutil.copy(model_dir() / name, tmp_path / name)
    (tmp_path / "model.onnx").write_bytes(b"\x00not an onnx graph" * 100)
    with pytest.raises(ModelError, match="cannot load the model"):
        TokenTagger(tmp_path)


def test_the_shipped_tagger_loads_and_tags() -> None:
    tagger = TokenTagger(model_dir())
    text = 'The minister said the talks had failed. "We will not give up," she told reporters.'
    (tagged,) = tagger.tag([text])
    contents = [text[s:e] for s, e, _ in tagged.spans["content"]]
    assert any("talks had failed" in c for c in contents)
    assert any(text[s:e] == "said" for s, e, _ in tagged.spans["cue"])


NO_TORCH = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("torch", "transformers"):
            raise ImportError(f"blocked: {name}")
        return None
sys.meta_path.insert(0, Block())
from newsgraph.pipeline import Extractor
from newsgraph.records import Article
record = Extractor().extract(Article(id="t", text='The minister said the talks had failed. "We go on," she said.'))
print(len(record.quotes))
"""


@pytest.mark.slow
def test_extraction_runs_without_torch_or_transformers() -> None:
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", NO_TORCH], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) >= 1
