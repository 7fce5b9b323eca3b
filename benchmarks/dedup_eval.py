"""Precision and recall of the copy detector (``newsgraph.dedup``) on Reuters-21578 and edited copies.

Three sets of pairs:

1. **Real pairs in Reuters-21578** (19,043 wire items; corrected and repeated items are real near-copies): every
   pair an LSH index at Jaccard 0.5 proposes, labelled by an independent, order-aware reference: a pair is a copy
   when ``difflib.SequenceMatcher`` aligns at least ``REFERENCE`` of the two word sequences (ratio >= 0.8; an
   added byline and a 25% longer ending still score 0.89). Precision = the detected pairs that are copies by
   the reference; recall = the reference copies among the proposed pairs that are detected (pairs the 0.5
   index never proposes are not counted: that recall is relative to the pool).
2. **Edited copies of Reuters items**: ``SAMPLE`` items of at least 120 words, each edited four ways (a byline
   and a trailing paragraph added; three words changed; the last paragraph or fifth cut; a dateline and a
   headline line added), looked up in the index of all 19,043: recall = found as a copy of their own source.
3. **Edited copies of the seed article** (the same edits, plus an exact copy), looked up in the same index.

Run: ``python benchmarks/dedup_eval.py [../shared/data] [--shingles 3,5]``; prints a table per shingle size.
"""

from __future__ import annotations

import argparse
import difflib
import json
import random
import sys
import time
from pathlib import Path

from newsgraph.dedup import MIN_TOKENS, DuplicateIndex, tokens

REFERENCE = 0.8
SAMPLE = 300
THRESHOLDS = (0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)


def edits(text: str, rng: random.Random, filler: str) -> dict[str, str]:
    words = text.split(" ")
    changed = list(words)
    for i in rng.sample(range(len(words)), 3):
        changed[i] = rng.choice(["reportedly", "sharply", "officials", "Tuesday", "percent"])
    paragraphs = text.split("\n")
    cut = "\n".join(paragraphs[:-1]) if len(paragraphs) > 2 else " ".join(words[: int(len(words) * 0.8)])
    tail = " ".join(filler.split()[:max(20, len(words) // 4)])
    return {
        "byline+tail": f"By Staff Reporter\n{text}\n{tail}",
        "3 words changed": " ".join(changed),
        "ending cut": cut,
        "headline+dateline": f"MARKETS WRAP UP\nNEW YORK (Wire) - {text}",
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data", nargs="?", default=str(Path(__file__).resolve().parents[2] / "shared" / "data"))
    parser.add_argument("--shingles", default="3,5")
    parser.add_argument("--show", type=float, default=None, help="print the misses and false alarms at this threshold")
    args = parser.parse_args()
    data = Path(args.data)
    articles = [json.loads(line) for line in (data / "reuters21578" / "articles.jsonl").open(encoding="utf-8")]
    seed = json.loads((data / "seed" / "articles.jsonl").read_text(encoding="utf-8").splitlines()[0])
    rng = random.Random(12)
    long_ones = [a for a in articles if len(a["text"].split()) >= 120]
    sample = rng.sample(long_ones, SAMPLE)
    fillers = rng.sample(long_ones, SAMPLE)
    words_of = {a["id"]: tokens(a["text"]) for a in articles}
    print(f"{len(articles)} Reuters items ({sum(len(w) >= MIN_TOKENS for w in words_of.values())} of "
          f"{MIN_TOKENS}+ words, MinHash-matched; the rest exact only); {SAMPLE} sampled for edits")
    for size in (int(s) for s in args.shingles.split(",")):
        started = time.perf_counter()
        pool = DuplicateIndex(threshold=0.5, size=size)
        signatures = {}
        for a in articles:
            signatures[a["id"]] = pool.signature(a["text"])
            pool.add(a["id"], *signatures[a["id"]])
        built = time.perf_counter() - started
        # 1. real pairs proposed at 0.5, with their estimated Jaccard and the reference label
        pairs: dict[tuple[str, str], float] = {}
        for a in articles:
            key, signature = signatures[a["id"]]
            if signature is None:
                continue
            for other in pool._lsh.query(signature):  # noqa: SLF001 - the pool, at its own threshold
                if other != a["id"]:
                    pair = (min(a["id"], other), max(a["id"], other))
                    if pair not in pairs:
                        other_sig = signatures[other][1]
                        pairs[pair] = float(signature.jaccard(other_sig)) if other_sig is not None else 0.0
        exact = {}
        for a in articles:
            exact.setdefault(signatures[a["id"]][0], []).append(a["id"])
        for ids in exact.values():
            for i, first in enumerate(ids):
                for second in ids[i + 1:]:
                    pairs[(min(first, second), max(first, second))] = 1.0
        label = {p: difflib.SequenceMatcher(None, words_of[p[0]], words_of[p[1]], autojunk=False).ratio() >= REFERENCE
                 for p in pairs}
        positives = sum(label.values())
        print(f"\nshingles of {size} words: index of {len(articles)} built in {built:.1f}s; {len(pairs)} pairs "
              f"proposed at 0.5, {positives} copies by the reference (SequenceMatcher >= {REFERENCE})")
        # 2. and 3. edited copies
        queries: list[tuple[str, str, str, str]] = []  # (set, edit, source id, text)
        for a, filler in zip(sample, fillers, strict=True):
            for edit, text in edits(a["text"], rng, filler["text"]).items():
                queries.append(("reuters", edit, a["id"], text))
        pool.add(seed["id"], *pool.signature(seed["text"]))
        seed_filler = long_ones[0]["text"]
        for edit, text in {**edits(seed["text"], rng, seed_filler), "exact copy": seed["text"]}.items():
            queries.append(("seed", edit, seed["id"], text))
        found = [(q, pool.find("query", q[3])) for q in queries]
        print("threshold  real P   real R   detected | edited Reuters R (by edit)                  | seed found")
        for t in THRESHOLDS:
            detected = [p for p, j in pairs.items() if j >= t]
            tp = sum(label[p] for p in detected)
            precision = tp / len(detected) if detected else 1.0
            recall = tp / positives if positives else 1.0
            by_edit: dict[str, list[bool]] = {}
            seed_hits = []
            for (kind, edit, source, _), match in found:
                # found: its source, or a stored copy of its source (Reuters repeats items)
                hit = match is not None and match.similarity >= t and (
                    match.original == source or label.get((min(source, match.original), max(source, match.original)),
                                                           False))
                if kind == "reuters":
                    by_edit.setdefault(edit, []).append(hit)
                else:
                    seed_hits.append(hit)
            edited = " ".join(f"{e} {sum(h) / len(h):.2f}" for e, h in by_edit.items())
            print(f"{t:<9}  {precision:.3f}    {recall:.3f}    {len(detected):>6}   | {edited} | "
                  f"{sum(seed_hits)}/{len(seed_hits)}")
        if args.show is not None:
            text_of = {a["id"]: a["text"] for a in articles}
            for name, wanted in (("false alarms", False), ("misses", True)):
                chosen = [p for p, j in pairs.items() if label[p] == wanted and (j >= args.show) != wanted]
                print(f"{name} at {args.show}: {len(chosen)}")
                for a, b in sorted(chosen)[:8]:
                    print(f"  {a} / {b} J={pairs[(a, b)]:.2f}: {' '.join(text_of[a].split())[:70]!r} | "
                          f"{' '.join(text_of[b].split())[:70]!r}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
