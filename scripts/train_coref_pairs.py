"""Train the coreference pair scorer (``src/newsgraph/data/models/coref/pairs.npz``) on GUM train.

    pip install -e '.[train]'
    python scripts/train_coref_pairs.py [--gum ../shared/data/gum] [--epochs 6] [--out PATH] [--weight 1.0]

1. Reads every GUM train and dev text with the attribution tagger (the shipped ONNX model, whole texts) and
   keeps the hidden layer its ``meta.json`` names (``hidden_output``): the vectors the pipeline reads.
2. A gold mention's vector is its first piece's, last piece's and mean vector (``PieceVectors.span``, as at run
   time). The scorer (``stages/entities/coref_pairs.py``) is trained on every gold mention of GUM train (all
   entity types) against its ``--back`` earlier mentions: softmax over those and "none" (score 0), log-loss
   of the antecedents in its chain (or of "none" when it has none there). Adam, dropout 0.2.
3. After each epoch, GUM dev is scored: the share of pronouns with an antecedent among their earlier mentions
   whose best-scored one is in their chain; the best epoch is written (float32 arrays and the training record).
The weight the ranker gives the scores (``--weight``, stored in the file) is chosen on GUM dev through
``newsgraph extract`` (``NEWSGRAPH_COREF_PAIRS=PATH`` reads a scorer file in place of the shipped one).
GUM test is held out and never read.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from newsgraph.models.tagger import TokenTagger
from newsgraph.stages.entities.coref_mentions import pronoun_class
from newsgraph.stages.entities.coref_pairs import DIST_BUCKETS, distance_bucket
from newsgraph.stages.quotes.attribution import model_dir

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "src" / "newsgraph" / "data" / "models" / "coref" / "pairs.npz"


def read_split(tagger: TokenTagger, path: Path) -> list[dict[str, Any]]:
    docs = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    out = []
    for d in docs:
        ((_, _, vectors),) = tagger._read([d["text"]], None)
        if vectors is None:
            sys.exit(f"{model_dir()}: meta.json names no hidden_output")
        reps, chains, starts, pron = [], [], [], []
        for m in sorted(d["gold"]["mentions"], key=lambda m: (m["start"], -m["end"])):
            rep = vectors.span(m["start"], m["end"])
            if rep is None:
                continue
            reps.append(rep)
            chains.append(m["chain"])
            starts.append(m["start"])
            pron.append(pronoun_class(d["text"][m["start"]:m["end"]]) is not None)
        out.append({"reps": torch.tensor(np.stack(reps)), "chains": chains, "starts": torch.tensor(starts),
                    "pron": pron})
    return out


class Scorer(nn.Module):
    def __init__(self, din: int, g: int, e: int, h: int, dropout: float) -> None:
        super().__init__()
        self.proj = nn.Sequential(nn.Dropout(dropout), nn.Linear(din, g), nn.Tanh())
        self.dist = nn.Embedding(DIST_BUCKETS, e)
        self.hidden = nn.Linear(3 * g + e, h)
        self.drop = nn.Dropout(dropout)
        self.out = nn.Linear(h, 1)

    def forward(self, reps: torch.Tensor, starts: torch.Tensor, back: int) -> tuple[torch.Tensor, ...]:
        g = self.proj(reps)
        n = len(g)
        none = torch.zeros(0, dtype=torch.long)
        ii = torch.cat([torch.full((min(i, back),), i) for i in range(1, n)]) if n > 1 else none
        jj = torch.cat([torch.arange(max(0, i - back), i) for i in range(1, n)]) if n > 1 else none
        chars = (starts[ii] - starts[jj]).numpy()
        d = self.dist(torch.from_numpy(distance_bucket(chars)))
        x = torch.cat([g[ii], g[jj], g[ii] * g[jj], d], -1)
        return ii, jj, self.out(self.drop(torch.relu(self.hidden(x)))).squeeze(-1)


def doc_loss(model: Scorer, doc: dict[str, Any], back: int) -> torch.Tensor:
    ii, jj, s = model(doc["reps"], doc["starts"], back)
    ch = doc["chains"]
    gold = torch.tensor([ch[a] == ch[b] for a, b in zip(ii.tolist(), jj.tolist(), strict=True)])
    losses = []
    cuts = torch.nonzero(torch.diff(ii, prepend=torch.tensor([-1]))).squeeze(-1).tolist() + [len(ii)]
    for a, b in zip(cuts, cuts[1:], strict=False):
        sc = torch.cat([s[a:b], torch.zeros(1)])
        gm = torch.cat([gold[a:b], (~gold[a:b].any()).reshape(1)])
        losses.append(torch.logsumexp(sc, 0) - torch.logsumexp(sc[gm], 0))
    return torch.stack(losses).mean() if losses else s.sum() * 0


def pronoun_accuracy(model: Scorer, docs: list[dict[str, Any]], back: int) -> float:
    model.eval()
    ok = total = 0
    with torch.no_grad():
        for doc in docs:
            ii, jj, s = model(doc["reps"], doc["starts"], back)
            best: dict[int, tuple[float, int]] = {}
            for a, b, v in zip(ii.tolist(), jj.tolist(), s.tolist(), strict=True):
                if v > best.get(a, (0.0, -1))[0]:
                    best[a] = (v, b)
            ch = doc["chains"]
            for i in range(1, len(ch)):
                if doc["pron"][i] and any(ch[j] == ch[i] for j in range(max(0, i - back), i)):
                    total += 1
                    pick = best.get(i, (0.0, -1))[1]
                    ok += pick >= 0 and ch[pick] == ch[i]
    model.train()
    return ok / max(total, 1)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gum", type=Path, default=REPO.parent / "shared" / "data" / "gum")
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--back", type=int, default=60, help="earlier mentions each mention is scored against")
    ap.add_argument("--proj", type=int, default=128)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--dropout", type=float, default=0.2)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--weight", type=float, default=1.0, help="weight of the scores in the ranker (chosen on dev)")
    ap.add_argument("--recent", type=int, default=8, help="an entity's most recent mentions scored at run time")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    a = ap.parse_args(argv)
    torch.manual_seed(a.seed)
    random.seed(a.seed)
    torch.set_num_threads(2)
    t0 = time.time()
    tagger = TokenTagger(model_dir(), threads=2)
    train, dev = read_split(tagger, a.gum / "train.jsonl"), read_split(tagger, a.gum / "dev.jsonl")
    read_s = time.time() - t0
    print(f"read GUM train ({len(train)}) and dev ({len(dev)}) with the tagger in {read_s:.0f} s", flush=True)
    model = Scorer(train[0]["reps"].shape[1], a.proj, 16, a.hidden, a.dropout)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr, weight_decay=1e-5)
    best: tuple[float, int, dict[str, torch.Tensor]] = (-1.0, 0, {})
    epochs = []
    for epoch in range(1, a.epochs + 1):
        random.shuffle(train)
        total = 0.0
        for doc in train:
            loss = doc_loss(model, doc, a.back)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += float(loss.detach())
        acc = pronoun_accuracy(model, dev, a.back)
        epochs.append({"epoch": epoch, "loss": round(total / len(train), 4), "dev_pronoun_antecedent": round(acc, 4),
                       "seconds": round(time.time() - t0)})
        print(json.dumps(epochs[-1]), flush=True)
        if acc > best[0]:
            best = (acc, epoch, {k: v.detach().clone() for k, v in model.state_dict().items()})
    state = best[2]
    meta = {"data": "GUM train (177 documents), all gold mentions", "vectors": tagger.meta.get("hidden_output"),
            "epochs": a.epochs, "best_epoch": best[1], "dev_pronoun_antecedent": round(best[0], 4), "lr": a.lr,
            "back": a.back, "proj": a.proj, "hidden": a.hidden, "dropout": a.dropout, "seed": a.seed,
            "ranker_weight": a.weight, "recent": a.recent, "log": epochs, "read_seconds": round(read_s),
            "all_seconds": round(time.time() - t0),
            "machine": f"{platform.machine()}, {torch.get_num_threads()} threads"}
    arrays = {"proj_w": state["proj.1.weight"], "proj_b": state["proj.1.bias"], "dist": state["dist.weight"],
              "w1": state["hidden.weight"], "b1": state["hidden.bias"], "w2": state["out.weight"].reshape(-1),
              "b2": state["out.bias"].reshape(-1)}
    a.out.parent.mkdir(parents=True, exist_ok=True)
    with a.out.open("wb") as fh:
        out: dict[str, Any] = {k: v.numpy().astype(np.float32) for k, v in arrays.items()}
        out["meta"] = np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8)
        np.savez_compressed(fh, **out)
    print(f"wrote {a.out} (best epoch {best[1]}, dev pronoun antecedents {best[0]:.4f}), {time.time() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
