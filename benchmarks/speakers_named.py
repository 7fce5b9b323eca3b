"""How many quote sources of an extraction come out with a named speaker (no gold needed).

    newsgraph extract ARTICLES.jsonl -o PRED.jsonl && python benchmarks/speakers_named.py PRED.jsonl

Counts the quotes that have a source span: named (the speaker is a named entity), a group or body named by
its description (``named`` false, a name), and unresolved (no name: a pronoun or a one-person description
whose entity was not found; how many of those belong to an unnamed person entity, "A Federal Reserve
spokesman" ... "he" ... "the spokesman", is counted apart), with the unresolved sources' most frequent words.
A rise in named speakers is not a measure of accuracy (a wrong name counts too); pair it with the GUM and ECB+
measures.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pred", type=Path, help="a `newsgraph extract` JSON Lines file")
    ap.add_argument("--top", type=int, default=10, help="unresolved source words to list")
    args = ap.parse_args()
    kinds: Counter[str] = Counter()
    unresolved: Counter[str] = Counter()
    articles = 0
    with args.pred.open(encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            articles += 1
            text = record["text"]
            for quote in record.get("quotes", []):
                source = quote.get("source")
                if not source:
                    continue
                speaker = quote.get("speaker") or {}
                if speaker.get("named"):
                    kinds["named"] += 1
                elif speaker.get("name"):
                    kinds["described"] += 1
                else:
                    kinds["unresolved"] += 1
                    kinds["unresolved, with an entity"] += bool(speaker.get("entity"))
                    words = text[source["start"]:source["end"]].split()
                    unresolved[words[0].lower() if len(words) == 1 else "(several words)"] += 1
    total = kinds["named"] + kinds["described"] + kinds["unresolved"]
    print(f"{articles} articles, {total} quotes with a source")
    for kind in ("named", "described", "unresolved"):
        print(f"  {kind:11s} {kinds[kind]:6d}  {kinds[kind] / max(total, 1):.3f}")
    print(f"  of the unresolved, in an unnamed person's entity: {kinds['unresolved, with an entity']}")
    print("unresolved sources:", ", ".join(f"{w} {n}" for w, n in unresolved.most_common(args.top)))


if __name__ == "__main__":
    main()
