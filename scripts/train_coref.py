"""Train the coreference ranker (``src/newsgraph/data/models/coref/ranker.json``) on GUM train.

    python scripts/train_coref.py [--gum ../shared/data/gum] [--cache DIR] [--epochs N] [--l2 F]
                                  [--out PATH] [--dev-pred PRED.jsonl]

1. Parses GUM train with newsgraph's spaCy pipeline (cached as DocBins under ``--cache``).
2. Learns which head nouns name people, organisations and places: a noun-headed gold mention's
   head lemma counts for its gold type; lemmas seen at least ``--min-head`` times, at least half of
   the time as person/organization/place, are kept with their majority type.
3. Runs the entities stage's mention detection and the ranker with an oracle (the gold chains,
   mentions aligned head-relaxed as the scorer aligns them) and trains the log-linear weights on the
   oracle's choices: softmax over each anaphor's candidates and "new entity", log-loss of the
   correct ones, L2, AdaGrad.
4. With ``--dev-pred``, writes the entities the trained model gives GUM dev (for coref_score.py).
GUM dev is for choosing settings; the test split is held out and never read here.
"""

from __future__ import annotations

import argparse
import collections
import json
import math
import random
import re
import sys
import time
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from newsgraph.pipeline import MODEL, split_extra_punct
from newsgraph.stages import PRE_PARSER_STAGES, register
from newsgraph.stages.entities import coref_rank, entities
from newsgraph.stages.entities.coref import Cluster, Mention

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "src" / "newsgraph" / "data" / "models" / "coref" / "ranker.json"
TYPES = {"person": "PERSON", "organization": "ORG", "place": "GPE"}


def parser() -> Language:
    """spaCy's model with newsgraph's pre-parser stages: the parse the entities stage reads."""
    register()
    nlp = spacy.load(MODEL)
    split_extra_punct(nlp)  # tokenize as the pipeline does
    for name in PRE_PARSER_STAGES:
        nlp.add_pipe(name, before="parser")
    return nlp


def read_gum(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def parsed(nlp: Language, docs: list[dict[str, Any]], cache: Path | None, split: str) -> list[Doc]:
    file = cache / f"{split}.spacy" if cache else None
    if file is not None and file.is_file():
        out = list(DocBin().from_disk(file).get_docs(nlp.vocab))
        if len(out) == len(docs):
            return out
    out = list(nlp.pipe((d["text"] for d in docs), batch_size=8))
    if file is not None:
        file.parent.mkdir(parents=True, exist_ok=True)
        bin_ = DocBin(store_user_data=False)
        for d in out:
            bin_.add(d)
        bin_.to_disk(file)
    return out


def head_word(text: str, start: int, end: int) -> tuple[int, int]:
    """The gold mention's last word, a possessive "s" skipped (as coref_score.py finds it)."""
    ws = list(re.finditer(r"\w+", text[start:end]))
    if not ws:
        return start, end
    k = len(ws) - 1
    if k and ws[k].group() in ("s", "S") and ws[k].start() > 0 and text[start + ws[k].start() - 1] in "'’":
        k -= 1
    return start + ws[k].start(), start + ws[k].end()


class Aligner:
    """Predicted span -> gold chain, head-relaxed (exact first, else the tightest gold span that
    contains the prediction and its last word)."""

    def __init__(self, gold: dict[str, Any]) -> None:
        text = gold["text"]
        self.mentions = gold["gold"]["mentions"]
        self.exact = {(m["start"], m["end"]): m["chain"] for m in self.mentions}
        self.heads = [(m["start"], m["end"], *head_word(text, m["start"], m["end"]), m["chain"]) for m in self.mentions]

    def chain(self, start: int, end: int) -> str | None:
        if (start, end) in self.exact:
            return self.exact[(start, end)]
        best: tuple[int, str] | None = None
        for gs, ge, hs, he, chain in self.heads:
            inside = gs <= start and end <= ge and start <= hs and he <= end
            if inside and (best is None or ge - gs < best[0]):
                best = (ge - gs, chain)
        return best[1] if best else None


def nominal_types(docs: list[Doc], gold: list[dict[str, Any]], min_count: int) -> dict[str, str]:
    counts: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for doc, g in zip(docs, gold, strict=True):
        for m in g["gold"]["mentions"]:
            hs, he = head_word(g["text"], m["start"], m["end"])
            span = doc.char_span(hs, he, alignment_mode="expand")
            if span is None or not len(span) or span.root.pos_ != "NOUN":
                continue
            counts[span.root.lemma_.lower()][TYPES.get(m["type"], "OTHER")] += 1
    out = {}
    for lemma, c in counts.items():
        total = sum(c.values())
        top, n = max(((t, k) for t, k in c.items() if t != "OTHER"), key=lambda x: x[1], default=("", 0))
        if total >= min_count and sum(k for t, k in c.items() if t != "OTHER") >= total / 2 and n:
            out[lemma] = top
    return dict(sorted(out.items()))


def instances_for(doc: Doc, g: dict[str, Any], model: coref_rank.RankerModel) -> list[coref_rank.Instance]:
    aligner = Aligner(g)
    state, _ = entities.build_names(doc)
    chain_of: dict[int, str | None] = {}

    def chain(m: Mention) -> str | None:
        if id(m) not in chain_of:
            chain_of[id(m)] = aligner.chain(m.start, m.end)
        return chain_of[id(m)]

    def oracle(m: Mention, cands: list[Cluster]) -> set[int]:
        mine = chain(m)
        if mine is None:
            return set()
        return {i for i, c in enumerate(cands) if any(x.start < m.start and chain(x) == mine for x in c.mentions)}

    return entities.link_mentions(doc, state, model, oracle)


def train(instances: list[tuple[coref_rank.Instance, float]], epochs: int, l2: float, lr: float,
          seed: int) -> dict[str, float]:
    index: dict[str, int] = {}
    data = []
    for inst, weight in instances:
        rows = [[index.setdefault(f, len(index)) for f in feats] for feats in inst.feats]
        data.append((rows, inst.gold, weight))
    w = [0.0] * len(index)
    g2 = [1e-6] * len(index)
    rng = random.Random(seed)
    for epoch in range(epochs):
        rng.shuffle(data)
        loss = 0.0
        for rows, gold, weight in data:
            scores = [sum(w[j] for j in r) for r in rows]
            top = max(scores)
            exps = [math.exp(s - top) for s in scores]
            z = sum(exps)
            zg = sum(exps[i] for i in gold)
            loss -= weight * math.log(zg / z)
            grad: dict[int, float] = collections.defaultdict(float)
            for i, r in enumerate(rows):
                coef = weight * (exps[i] / z - (exps[i] / zg if i in gold else 0.0))
                if coef:
                    for j in r:
                        grad[j] += coef
            for j, gj in grad.items():
                gj += l2 * w[j]
                g2[j] += gj * gj
                w[j] -= lr * gj / math.sqrt(g2[j])
        print(f"epoch {epoch + 1}: loss {loss / len(data):.4f}", flush=True)
    return {f: round(w[j], 4) for f, j in sorted(index.items()) if abs(w[j]) >= 1e-4}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gum", type=Path, default=REPO.parent / "shared" / "data" / "gum")
    ap.add_argument("--cache", type=Path, help="folder for the parsed DocBins (reused when present)")
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--l2", type=float, default=1e-4)
    ap.add_argument("--lr", type=float, default=0.2)
    ap.add_argument("--min-head", type=int, default=2)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--news-weight", type=float, default=1.0, help="weight of the news genre's anaphors")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--dev-pred", type=Path, help="write GUM dev entities predicted with the trained model here")
    a = ap.parse_args(argv)
    t0 = time.time()
    nlp = parser()
    gold = read_gum(a.gum / "train.jsonl")
    docs = parsed(nlp, gold, a.cache, "train")
    print(f"parsed {len(docs)} train documents in {time.time() - t0:.0f} s", flush=True)
    heads = nominal_types(docs, gold, a.min_head)
    model = coref_rank.RankerModel({}, heads)
    instances = [(inst, a.news_weight if g.get("genre") == "news" or g["id"].startswith("GUM_news_") else 1.0)
                 for doc, g in zip(docs, gold, strict=True) for inst in instances_for(doc, g, model)]
    print(f"{len(instances)} anaphors, {len(heads)} head nouns", flush=True)
    t1 = time.time()
    weights = train(instances, a.epochs, a.l2, a.lr, a.seed)
    train_s = time.time() - t1
    meta = {"data": "GUM train (177 documents)", "epochs": a.epochs, "l2": a.l2, "lr": a.lr,
            "min_head": a.min_head, "news_weight": a.news_weight, "anaphors": len(instances), "features": len(weights),
            "train_seconds": round(train_s, 1)}
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps({"meta": meta, "nominal_types": heads, "weights": weights}, indent=0,
                                sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {a.out}: {len(weights)} weights; training {train_s:.0f} s, all {time.time() - t0:.0f} s")
    if a.dev_pred:
        trained = coref_rank.RankerModel(weights, heads, meta)
        dev = read_gum(a.gum / "dev.jsonl")
        with a.dev_pred.open("w", encoding="utf-8") as fh:
            for doc, g in zip(parsed(nlp, dev, a.cache, "dev"), dev, strict=True):
                state, pronouns = entities.build_names(doc)
                entities.link_mentions(doc, state, trained)
                entities._publish(state)
                ents = [e.to_dict() for e in state.entities.values()]
                fh.write(json.dumps({"id": g["id"], "text": g["text"], "entities": ents}) + "\n")
        print(f"wrote {a.dev_pred}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
