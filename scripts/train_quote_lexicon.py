#!/usr/bin/env python3
"""Learn the quote stage's cue lexicon from PolNeAR train; writes ``data/lexicons/cue_precision.tsv``.

Runs the quote stage's candidate generator over every train article with every cue lemma and
construction allowed, matches the candidates to the gold attributions the way
``shared/eval/attribution_score.py`` does (content overlap of at least half the longer span,
quote marks and edge punctuation stripped) and records, for each key "lemma|construction",
the share of its candidates that are attributions (smoothed: matched / (seen + 1)).

    python scripts/train_quote_lexicon.py [--train ../shared/data/polnear/train] [--cache train.spacy]

Only the derived numbers are written (in the format of ``stages/quotes/lexicon.py``, which reads the
file at run time); no article text goes into the package.
"""

from __future__ import annotations

import argparse
import collections
import os
from pathlib import Path

import spacy
from polnear import parse_ann
from spacy.tokens import DocBin

from newsgraph import stages
from newsgraph.pipeline import MODEL, split_extra_punct
from newsgraph.stages.quotes.lexicon import TABLE_FILE, format_table
from newsgraph.stages.quotes.quotes import extract_candidates

REPO = Path(__file__).resolve().parent.parent
QUOTES = "\"“”‘’'«»"
EDGE = QUOTES + " \t\n.,;:!?—–-()[]"
MIN_SEEN = 3


def read_ann(path: Path) -> list[list[tuple[int, int]]]:
    """Content fragments of each attribution in a brat .ann file."""
    return [a["content"] for a in parse_ann(path) if a["content"]]


def trim(text: str, span: tuple[int, int]) -> tuple[int, int] | None:
    b, e = span
    while b < e and text[b] in EDGE:
        b += 1
    while e > b and text[e - 1] in EDGE:
        e -= 1
    return (b, e) if b < e else None


def trimmed(text: str, frags: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return sorted(t for t in (trim(text, f) for f in frags) if t)


def matches(pred: list[tuple[int, int]], gold: list[tuple[int, int]]) -> bool:
    shared = sum(max(0, min(a[1], b[1]) - max(a[0], b[0])) for a in pred for b in gold)
    longer = max(sum(e - b for b, e in pred), sum(e - b for b, e in gold))
    return shared > 0 and shared >= 0.5 * longer


def load_gold(root: Path) -> dict[str, tuple[str, list[list[tuple[int, int]]]]]:
    gold = {}
    for fn in sorted(os.listdir(root / "attributions")):
        base = fn.rsplit("_", 1)[0]
        if base in gold:
            continue  # first annotator only
        text = (root / "text" / f"{base}.txt").read_text(encoding="utf-8")
        gold[base] = (text, [trimmed(text, f) for f in read_ann(root / "attributions" / fn)])
    return gold


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--train", type=Path, default=REPO.parent / "shared/data/polnear/train")
    ap.add_argument("--cache", type=Path, help="DocBin of the parsed train texts (written if absent)")
    ap.add_argument("--out", type=Path, default=REPO / "src/newsgraph" / TABLE_FILE)
    args = ap.parse_args()
    gold = load_gold(args.train)
    names = sorted(gold)
    stages.register()
    nlp = spacy.load(MODEL)
    split_extra_punct(nlp)  # tokenize as the pipeline does
    for name in stages.PRE_PARSER_STAGES:  # parse as the pipeline does
        nlp.add_pipe(name, before="parser")
    if args.cache and args.cache.exists():
        docs = list(DocBin().from_disk(args.cache).get_docs(nlp.vocab))
    else:
        docs = list(nlp.pipe((gold[n][0] for n in names), batch_size=16))
        if args.cache:
            DocBin(docs=docs).to_disk(args.cache)
    seen: collections.Counter[str] = collections.Counter()
    hits: collections.Counter[str] = collections.Counter()
    for name, doc in zip(names, docs, strict=True):
        text, golds = gold[name]
        assert doc.text == text, name
        for cand in extract_candidates(doc, keep=lambda key: True, all_frames=True):
            content = trimmed(text, cand.content)
            if not content:
                continue
            seen[cand.key] += 1
            hits[cand.key] += any(matches(content, g) for g in golds if g)
    table = {k: round(hits[k] / (seen[k] + 1), 3) for k in sorted(seen) if seen[k] >= MIN_SEEN and hits[k]}
    # back-off per construction: the lemmas seen too rarely to have their own entry
    rare_seen: collections.Counter[str] = collections.Counter()
    rare_hits: collections.Counter[str] = collections.Counter()
    for k in seen:
        if seen[k] < MIN_SEEN:
            frame = "*|" + k.split("|", 1)[1]
            rare_seen[frame] += seen[k]
            rare_hits[frame] += hits[k]
    for frame in sorted(rare_seen):
        if rare_seen[frame] >= MIN_SEEN and rare_hits[frame]:
            table[frame] = round(rare_hits[frame] / (rare_seen[frame] + 1), 3)
    args.out.write_text(format_table(table), encoding="utf-8")
    print(f"{len(table)} keys written to {args.out}")


if __name__ == "__main__":
    main()
