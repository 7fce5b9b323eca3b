"""A token tagger run with ONNX Runtime and ``tokenizers``: no torch at run time.

The model tags every word piece of an article with one BIO label per *layer* (the attribution tagger's
layers are content, source and cue), over windows of ``window`` word pieces that overlap by
``window - stride``; each word piece takes its label from the window where it sits furthest from an edge,
so a span that runs over sentences and paragraphs comes out whole. Windows are batched by length.

A model folder holds ``model.onnx`` (logits ``[batch, pieces, 3 * layers]``: O, B, I per layer),
``tokenizer.json`` and ``meta.json`` (``layers``, ``window``, ``stride``, ``lowercase``, ``paragraph_mark`` (a
character read in place of each paragraph break, or none) and the training record; ``hidden_output``, where
present, names a hidden layer of the graph, which ``tag`` then also returns as ``Tagged.vectors`` for the
coreference pair scorer, see ``vectors.py``). The training script
(``scripts/train_attribution.py``) writes all three and imports the windowing, the paragraph mark and the
decoding below, so training, selection and run time cut and read windows the same way.
"""

from __future__ import annotations

import bisect
import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from newsgraph.cores import usable_cores
from newsgraph.errors import NewsgraphError
from newsgraph.models.vectors import PieceVectors, with_output

O, B, I = 0, 1, 2  # noqa: E741  (BIO label ids within one layer)


class ModelError(NewsgraphError):
    """A model folder that is missing, incomplete or unreadable."""


THREADS_ENV = "NEWSGRAPH_MODEL_THREADS"
AHEAD_ENV = "NEWSGRAPH_TAGGER_AHEAD"  # threads reading batches ahead of the pipeline; 0: the tagger in line
MAX_THREADS = 4
# windows run one at a time: dynamic int8 quantization scales each input's activations over the whole batch, so
# a window read alone gives the same labels whatever is read with it; and it measured fastest (one thread, 64
# windows of 256 pieces: 6,800 pieces/s alone, 6,100 four at a time, 5,450 sixteen at a time), with the least
# memory (docs/measurements.md)
BATCH_WINDOWS = 1
PARAGRAPH_BREAK_RE = re.compile(r"\n(?=[^\S\n]*\n)")  # the first line break of a blank line


def mark_paragraphs(text: str, mark: str) -> str:
    """The text with the first line break of each paragraph break (a blank line) replaced by ``mark``, one
    character for one: word pieces carry no whitespace, so without it a model cannot see where a paragraph
    ends. Offsets into the marked text are offsets into ``text``."""
    return PARAGRAPH_BREAK_RE.sub(mark, text) if mark else text


def model_threads(reserved: int = 0) -> int:
    """Threads for the model: ``NEWSGRAPH_MODEL_THREADS``, else the cores this process may use less ``reserved``
    (the cores its other threads keep busy), at least 1 and at most ``MAX_THREADS``. Extraction workers
    (processes, Ray actors) set the variable to 1: one core each."""
    value = os.environ.get(THREADS_ENV, "").strip()
    if value:
        try:
            return max(1, int(value))
        except ValueError:
            raise ModelError(f"{THREADS_ENV}={value!r} is not a number of threads") from None
    return max(1, min(MAX_THREADS, usable_cores() - reserved))


def make_windows(n: int, window: int, stride: int) -> list[tuple[int, int]]:
    """``[start, end)`` piece ranges of length ``window`` every ``stride`` pieces, covering ``0..n``."""
    if n <= window:
        return [(0, n)] if n else []
    starts = list(range(0, n - window, stride)) + [n - window]
    return [(s, s + window) for s in sorted(set(starts))]


def owner_windows(n: int, windows: Sequence[tuple[int, int]]) -> np.ndarray:
    """For each piece, the index of the window where it is furthest from an edge."""
    best = np.full(n, -1, dtype=np.int64)
    depth = np.full(n, -1, dtype=np.int64)
    for k, (s, e) in enumerate(windows):
        idx = np.arange(s, e)
        d = np.minimum(idx - s, e - 1 - idx)
        better = d > depth[s:e]
        best[s:e][better] = k
        depth[s:e][better] = d[better]
    return best


def bio_spans(labels: Sequence[int] | np.ndarray) -> list[tuple[int, int]]:
    """``[first, last+1)`` piece runs of one layer's BIO labels (an I after O starts a span)."""
    spans: list[tuple[int, int]] = []
    start = -1
    for i, lab in enumerate(labels):
        if lab == B or (lab == I and start < 0):
            if start >= 0:
                spans.append((start, i))
            start = i
        elif lab == O and start >= 0:
            spans.append((start, i))
            start = -1
    if start >= 0:
        spans.append((start, len(labels)))
    return spans


def to_chars(text: str, offsets: Sequence[tuple[int, int]], span: tuple[int, int]) -> tuple[int, int]:
    """Character ``[start, end)`` of a piece run, widened to whole words."""
    start, end = offsets[span[0]][0], offsets[span[1] - 1][1]
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    return start, end


@dataclass(slots=True)
class Tagged:
    """Character spans found in one text, per layer, with each span's mean B/I probability."""

    spans: dict[str, list[tuple[int, int, float]]]
    vectors: PieceVectors | None = None  # the encoder's piece vectors, when the model exposes them


def _softmax(x: np.ndarray) -> np.ndarray:
    x = x - x.max(axis=-1, keepdims=True)
    e = np.exp(x)
    return e / e.sum(axis=-1, keepdims=True)


class TokenTagger:
    """Loads a tagger folder once; ``tag`` gives its spans for texts."""

    def __init__(self, folder: str | os.PathLike[str], threads: int | None = None,
                 batch_size: int = BATCH_WINDOWS) -> None:
        folder = Path(folder)
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as exc:  # pragma: no cover - both are dependencies
            raise ModelError(f"{folder}: {exc.name} is not installed") from exc
        for name in ("model.onnx", "tokenizer.json", "meta.json"):
            if not (folder / name).is_file():
                raise ModelError(f"{folder}: model file {name} is missing (reinstall newsgraph)")
        try:
            self.meta: dict[str, Any] = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
            self.layers: tuple[str, ...] = tuple(self.meta["layers"])
            self.window = int(self.meta["window"])
            self.stride = int(self.meta["stride"])
            self.paragraph_mark = str(self.meta.get("paragraph_mark") or "")
            if len(self.paragraph_mark) > 1:
                raise ValueError(f"paragraph_mark {self.paragraph_mark!r} is not one character")
            self.decoding = Decoding.from_meta(self.meta)
            self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
            options = ort.SessionOptions()
            options.intra_op_num_threads = threads or model_threads()
            options.inter_op_num_threads = 1
            self.hidden: str | None = self.meta.get("hidden_output")
            graph = (folder / "model.onnx").read_bytes()
            if self.hidden:
                graph = with_output(graph, self.hidden)
            self.session = ort.InferenceSession(graph, options, providers=["CPUExecutionProvider"])
        except Exception as exc:  # corrupt JSON, tokenizer or ONNX graph: refuse at load, not mid-batch
            raise ModelError(f"{folder}: cannot load the model ({type(exc).__name__}: {exc})") from exc
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        self.batch_size = batch_size
        cls_id, sep_id = self.tokenizer.token_to_id("[CLS]"), self.tokenizer.token_to_id("[SEP]")
        if cls_id is None or sep_id is None:
            raise ModelError(f"{folder}: tokenizer.json has no [CLS] or [SEP] token")
        self.cls_id: int = cls_id
        self.sep_id: int = sep_id
        self.folder = folder
        # one forward pass now: a graph that loads but cannot run fails here, at start
        try:
            self._run([[self.cls_id, self.sep_id]])
        except Exception as exc:
            raise ModelError(f"{folder}: the model does not run ({type(exc).__name__}: {exc})") from exc

    def _run(self, batch: list[list[int]]) -> np.ndarray:
        return self._forward(batch)[0]

    def _forward(self, batch: list[list[int]]) -> tuple[np.ndarray, np.ndarray | None]:
        """Logits and, where the model exposes it, the hidden layer of a batch of windows."""
        width = max(len(ids) for ids in batch)
        ids = np.zeros((len(batch), width), dtype=np.int64)
        mask = np.zeros((len(batch), width), dtype=np.int64)
        for k, row in enumerate(batch):
            ids[k, : len(row)] = row
            mask[k, : len(row)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask}
        out = self.session.run(None, feeds)
        hidden = np.asarray(out[1], dtype=np.float16) if self.hidden and len(out) > 1 else None
        return np.asarray(out[0], dtype=np.float32), hidden

    def encode(self, text: str) -> tuple[list[int], list[tuple[int, int]]]:
        enc = self.tokenizer.encode(mark_paragraphs(text, self.paragraph_mark), add_special_tokens=False)
        return list(enc.ids), list(enc.offsets)

    def probabilities(self, texts: Sequence[str],
                      regions: Sequence[Iterable[tuple[int, int]] | None] | None = None,
                      ) -> list[tuple[list[tuple[int, int]], np.ndarray]]:
        """Per text: piece offsets and ``[pieces, layers, 3]`` probabilities (zeros outside ``regions``).

        ``regions`` limits the windows to those reaching these character ranges of each text (``None``: the
        whole text), each window still read whole;
        windows from every text are run ``batch_size`` at a time, sorted by length.
        """
        return [(offsets, probs) for offsets, probs, _ in self._read(texts, regions)]

    def _read(self, texts: Sequence[str], regions: Sequence[Iterable[tuple[int, int]] | None] | None,
              ) -> list[tuple[list[tuple[int, int]], np.ndarray, PieceVectors | None]]:
        """``probabilities`` with each text's piece vectors (None when the model exposes none)."""
        encoded = [self.encode(t) for t in texts]
        jobs: list[tuple[int, int, int]] = []  # (text, piece start, piece end)
        per_text: list[list[tuple[int, int]]] = []
        for t, (_ids, offsets) in enumerate(encoded):
            region = regions[t] if regions is not None else None
            wins = self._windows_for(offsets, region)
            per_text.append(wins)
            jobs.extend((t, s, e) for s, e in wins)
        logits: dict[tuple[int, int, int], np.ndarray] = {}
        hidden: dict[tuple[int, int, int], np.ndarray] = {}
        order = sorted(jobs, key=lambda j: j[2] - j[1])
        for i in range(0, len(order), self.batch_size):
            chunk = order[i: i + self.batch_size]
            batch = [[self.cls_id, *encoded[t][0][s:e], self.sep_id] for t, s, e in chunk]
            out, states = self._forward(batch)
            for k, job in enumerate(chunk):
                n = job[2] - job[1]
                logits[job] = out[k, 1: n + 1]
                if states is not None:
                    hidden[job] = states[k, 1: n + 1]
        results = []
        n_layers = len(self.layers)
        for t, (ids, offsets) in enumerate(encoded):
            probs = np.zeros((len(ids), n_layers, 3), dtype=np.float32)
            probs[:, :, O] = 1.0
            vectors = None
            if hidden:
                dim = next(iter(hidden.values())).shape[-1]
                vectors = PieceVectors(np.asarray(offsets, dtype=np.int64).reshape(-1, 2),
                                       np.zeros((len(ids), dim), dtype=np.float16))
            wins = per_text[t]
            if wins:
                owner = owner_windows(len(ids), wins)
                for k, (s, e) in enumerate(wins):
                    sel = np.nonzero(owner[s:e] == k)[0]
                    if sel.size:
                        lg = logits[(t, s, e)].reshape(e - s, n_layers, 3)
                        probs[s + sel] = _softmax(lg[sel])
                        if vectors is not None:
                            vectors.vectors[s + sel] = hidden[(t, s, e)][sel]
            results.append((offsets, probs, vectors))
        return results

    def _windows_for(self, offsets: list[tuple[int, int]],
                     region: Iterable[tuple[int, int]] | None) -> list[tuple[int, int]]:
        n = len(offsets)
        if region is None:
            return make_windows(n, self.window, self.stride)
        # the windows of the whole text that reach a region: each keeps its full context
        starts = [o[0] for o in offsets]
        hot = [(bisect.bisect_left(starts, lo), bisect.bisect_left(starts, hi)) for lo, hi in _merge(region)]
        return [(s, e) for s, e in make_windows(n, self.window, self.stride)
                if any(a < e and s < b for a, b in hot)]

    def tag(self, texts: Sequence[str], regions: Sequence[Iterable[tuple[int, int]] | None] | None = None,
            ) -> list[Tagged]:
        """The spans of each layer in each text (labels as the model's ``Decoding`` reads them, BIO runs
        widened to whole words)."""
        out = []
        for text, (offsets, probs, vectors) in zip(texts, self._read(texts, regions), strict=True):
            tagged = decode(text, offsets, probs, self.layers, self.decoding)
            tagged.vectors = vectors
            out.append(tagged)
        return out


_NEG = -1e30


def viterbi(probs: np.ndarray, o_bias: float = 0.0) -> np.ndarray:
    """The most probable BIO label sequence of one layer (``[pieces, 3]`` probabilities) with no O -> I step
    (nor an I first); ``o_bias`` is added to log P(O). Runs only where some piece is not surely O."""
    n = len(probs)
    labels = np.zeros(n, dtype=np.int64)
    live = np.nonzero(probs[:, O] < 0.999)[0]
    if not live.size:
        return labels
    logp = np.log(np.clip(probs, 1e-9, 1.0))
    logp[:, O] += o_bias
    # runs of live pieces (with the surely-O pieces between them as O)
    breaks = np.nonzero(np.diff(live) > 1)[0]
    for lo, hi in zip(np.r_[live[0], live[breaks + 1]], np.r_[live[breaks], live[-1]], strict=True):
        labels[lo: hi + 1] = _best_path(logp[lo: hi + 1].tolist())
    return labels


def _best_path(seg: list[list[float]]) -> list[int]:
    """Viterbi over three states in plain Python (a dozen times faster than numpy at this size); ties go to
    O, then B, as argmax would."""
    so, sb, si = seg[0][0], seg[0][1], _NEG
    back: list[tuple[int, int, int]] = [(0, 0, 0)]
    for o, b, i in seg[1:]:
        if so >= sb and so >= si:
            from_any, best_any = O, so
        elif sb >= si:
            from_any, best_any = B, sb
        else:
            from_any, best_any = I, si
        from_in, best_in = (B, sb) if sb >= si else (I, si)  # an I follows a B or an I
        back.append((from_any, from_any, from_in))
        so, sb, si = best_any + o, best_any + b, best_in + i
    state = O if (so >= sb and so >= si) else (B if sb >= si else I)
    out = [0] * len(seg)
    for k in range(len(seg) - 1, -1, -1):
        out[k] = state
        state = back[k][state]
    return out


@dataclass(slots=True, frozen=True)
class Decoding:
    """How labels are read from probabilities: per-piece argmax, or the best BIO sequence (``viterbi``) with
    a bias on log P(O) per layer (negative: more spans). A model's ``meta.json`` names its own (``decode``),
    chosen on dev; ``NEWSGRAPH_TAGGER_DECODE`` (``argmax``/``viterbi``) and ``NEWSGRAPH_TAGGER_OBIAS``
    (``layer=bias,...``) override it for experiments."""

    viterbi: bool = False
    o_bias: tuple[tuple[str, float], ...] = ()

    @classmethod
    def from_meta(cls, meta: dict[str, Any]) -> Decoding:
        conf = dict(meta.get("decode") or {})
        env = os.environ.get("NEWSGRAPH_TAGGER_DECODE")
        if env:
            conf["method"] = env
        bias = dict(conf.get("o_bias") or {})
        for item in filter(None, os.environ.get("NEWSGRAPH_TAGGER_OBIAS", "").split(",")):
            layer, _, value = item.partition("=")
            bias[layer.strip()] = float(value)
        biases = tuple(sorted((str(k), float(v)) for k, v in bias.items()))
        return cls(conf.get("method", "argmax") == "viterbi", biases)

    def bias(self, layer: str) -> float:
        return dict(self.o_bias).get(layer, 0.0)


def decode(text: str, offsets: Sequence[tuple[int, int]], probs: np.ndarray,
           layers: Sequence[str], decoding: Decoding | None = None) -> Tagged:
    """Spans per layer from ``[pieces, layers, 3]`` probabilities."""
    spans: dict[str, list[tuple[int, int, float]]] = {}
    labels = probs.argmax(axis=-1) if len(offsets) else np.zeros((0, len(layers)), dtype=np.int64)
    if decoding is not None and decoding.viterbi and len(offsets):
        labels = np.stack([viterbi(probs[:, li], decoding.bias(layer)) for li, layer in enumerate(layers)], axis=1)
    for li, layer in enumerate(layers):
        found: list[tuple[int, int, float]] = []
        for run in bio_spans(labels[:, li]):
            start, end = to_chars(text, offsets, run)
            score = float(1.0 - probs[run[0]: run[1], li, O].mean())
            if found and found[-1][1] >= start:  # two runs inside one word: one span
                prev = found.pop()
                start, score = prev[0], max(prev[2], score)
            found.append((start, end, score))
        spans[layer] = found
    return Tagged(spans)


def _merge(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for lo, hi in sorted(ranges):
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return [(a, b) for a, b in merged]
