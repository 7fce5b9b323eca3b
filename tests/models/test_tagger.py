"""The tagger's windowing and decoding (no model), and its refusal of a missing or corrupt model folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from newsgraph.models.tagger import (
    B,
    Decoding,
    I,
    ModelError,
    O,
    TokenTagger,
    bio_spans,
    decode,
    make_windows,
    mark_paragraphs,
    model_threads,
    owner_windows,
    viterbi,
)
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


def test_viterbi_keeps_a_span_whole_across_one_doubtful_piece() -> None:
    # argmax breaks the run at piece 3 (O at 0.5) and restarts it with an I; the best BIO path keeps one span
    probs = np.array([[0.98, 0.01, 0.01], [0.1, 0.8, 0.1], [0.1, 0.1, 0.8], [0.5, 0.05, 0.45],
                      [0.1, 0.05, 0.85], [0.98, 0.01, 0.01]], dtype=np.float32)
    assert bio_spans(probs.argmax(axis=-1)) == [(1, 3), (4, 5)]
    labels = viterbi(probs)
    assert labels.tolist() == [O, B, I, I, I, O]
    assert bio_spans(labels) == [(1, 5)]


def test_viterbi_never_puts_an_i_after_an_o_and_its_bias_trades_o_for_spans() -> None:
    probs = np.array([[0.9, 0.05, 0.05], [0.4, 0.2, 0.4], [0.9, 0.05, 0.05]], dtype=np.float32)
    assert viterbi(probs).tolist() == [O, O, O]  # I alone after O is not allowed; B at 0.2 loses to O at 0.4
    assert viterbi(probs, o_bias=-1.0).tolist() == [O, B, O]
    sure = np.tile(np.array([[1.0, 0.0, 0.0]], dtype=np.float32), (4, 1))
    assert viterbi(sure).tolist() == [O, O, O, O]


def test_decoding_comes_from_the_model_meta_and_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    meta = {"decode": {"method": "viterbi", "o_bias": {"cue": -0.5}}}
    monkeypatch.delenv("NEWSGRAPH_TAGGER_DECODE", raising=False)
    monkeypatch.delenv("NEWSGRAPH_TAGGER_OBIAS", raising=False)
    d = Decoding.from_meta(meta)
    assert d.viterbi and d.bias("cue") == -0.5 and d.bias("content") == 0.0
    assert not Decoding.from_meta({}).viterbi
    monkeypatch.setenv("NEWSGRAPH_TAGGER_DECODE", "argmax")
    monkeypatch.setenv("NEWSGRAPH_TAGGER_OBIAS", "content=0.25")
    d = Decoding.from_meta(meta)
    assert not d.viterbi and d.bias("content") == 0.25 and d.bias("cue") == -0.5
    text = "ab cd"
    probs = np.array([[[0.4, 0.1, 0.5]], [[0.9, 0.05, 0.05]]], dtype=np.float32)
    assert decode(text, [(0, 2), (3, 5)], probs, ["content"], Decoding(True)).spans["content"] == []
    assert [s[:2] for s in decode(text, [(0, 2), (3, 5)], probs, ["content"]).spans["content"]] == [(0, 2)]


def test_model_threads_come_from_the_environment_else_the_usable_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSGRAPH_MODEL_THREADS", "3")
    assert model_threads() == 3
    monkeypatch.setenv("NEWSGRAPH_MODEL_THREADS", "many")
    with pytest.raises(ModelError, match="not a number of threads"):
        model_threads()
    monkeypatch.delenv("NEWSGRAPH_MODEL_THREADS")
    assert 1 <= model_threads() <= 4


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


def test_paragraph_breaks_are_read_as_one_mark_and_offsets_stay() -> None:
    text = "He said so.\n\nShe disagreed.\nIt was wrapped.\n \t\nEnd."
    marked = mark_paragraphs(text, "¶")
    assert len(marked) == len(text)
    assert marked == "He said so.¶\nShe disagreed.\nIt was wrapped.¶ \t\nEnd."  # a single line break stays
    assert mark_paragraphs(text, "") == text


def test_a_model_trained_with_a_paragraph_mark_reads_one_piece_per_break(tmp_path: Path) -> None:
    for name in ("model.onnx", "tokenizer.json"):
        shutil.copy(model_dir() / name, tmp_path / name)
    meta = json.loads((model_dir() / "meta.json").read_text(encoding="utf-8"))
    text = "The talks failed.\n\nShe said so."
    plain = TokenTagger(model_dir()).encode(text)
    (tmp_path / "meta.json").write_text(json.dumps({**meta, "paragraph_mark": "¶"}), encoding="utf-8")
    ids, offsets = TokenTagger(tmp_path).encode(text)
    assert len(ids) == len(plain[0]) + 1
    assert (text.index("\n"), text.index("\n") + 1) in offsets  # the mark's piece points at the break
    (tmp_path / "meta.json").write_text(json.dumps({**meta, "paragraph_mark": "¶¶"}), encoding="utf-8")
    with pytest.raises(ModelError, match="not one character"):
        TokenTagger(tmp_path)


def test_a_text_is_tagged_the_same_whatever_is_read_with_it() -> None:
    tagger = TokenTagger(model_dir())
    text = 'The minister said the talks had failed. "We will not give up," she told reporters.'
    other = "Officials expect the bridge to reopen in May, according to a statement from the city. " * 40
    alone = tagger.probabilities([text])[0][1]
    together = tagger.probabilities([other, text, other])[1][1]
    assert alone.shape == together.shape and np.array_equal(alone, together)


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
