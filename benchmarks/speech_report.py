"""How many attributions are statements (``speech: true``) and how many reported beliefs, findings or plans.

    newsgraph extract ../shared/data/polnear/dev/text -o P.jsonl
    python benchmarks/speech_report.py P.jsonl [--examples 10]

Prints the count of each ``speech`` value, the commonest cues of each, and evenly spaced examples of each
(cue, source, the start of the content), reading the texts from the extraction output.
"""

from __future__ import annotations

import argparse
import collections
import json
from pathlib import Path


def span_text(text: str, span: dict | list | None) -> str:
    if not span:
        return ""
    spans = span if isinstance(span, list) else [span]
    return " … ".join(text[s["start"]:s["end"]] for s in spans)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pred", type=Path, help="JSON Lines written by `newsgraph extract`")
    ap.add_argument("--examples", type=int, default=10)
    args = ap.parse_args()
    found: dict[bool, list[tuple[str, str, str]]] = {True: [], False: []}
    cues: dict[bool, collections.Counter[str]] = {True: collections.Counter(), False: collections.Counter()}
    for line in args.pred.open(encoding="utf-8"):
        record = json.loads(line)
        text = record["text"]
        for q in record["quotes"]:
            cue = span_text(text, q["cue"]).lower()
            found[q["speech"]].append((cue, span_text(text, q["source"]), span_text(text, q["content"])))
            cues[q["speech"]][cue] += 1
    total = sum(len(v) for v in found.values())
    for value in (True, False):
        rows = found[value]
        print(f"speech={str(value).lower()}: {len(rows)} of {total} ({len(rows) / max(1, total):.1%})")
        print("  commonest cues: " + ", ".join(f"{c or '(none)'} {n}" for c, n in cues[value].most_common(12)))
        step = max(1, len(rows) // max(1, args.examples))
        for cue, source, content in rows[::step][: args.examples]:
            print(f"  - [{cue or '(no cue)'}] {source or '(no source)'}: {content[:90]!r}")


if __name__ == "__main__":
    main()
