"""Write a copy of a PolNeAR split with its text wrapped into lines, as wire copy is, offsets unchanged.

    python benchmarks/wrap_polnear.py ../shared/data/polnear/dev WRAPPED/ [--width 68]
    newsgraph extract WRAPPED/text -o P.jsonl && python ../shared/eval/attribution_score.py WRAPPED P.jsonl

Each space where a line would run past ``--width`` characters becomes a line break (one character for one, so
every gold offset still holds); blank lines between paragraphs stay. The attributions folder is copied as it
is. Scoring the copy measures what line breaks alone cost the extraction (before ``stages.lines``, wrapped
PolNeAR dev lost more than half its end-to-end F1).
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path


def wrap(text: str, width: int) -> str:
    """``text`` with the last space before each line's ``width``-th character turned into a line break."""
    chars = list(text)
    line_start, last_space = 0, -1
    for i, ch in enumerate(chars):
        if ch == "\n":
            line_start, last_space = i + 1, -1
            continue
        if ch == " ":
            last_space = i
        if i - line_start >= width and last_space > line_start:
            chars[last_space] = "\n"
            line_start, last_space = last_space + 1, -1
    return "".join(chars)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("split", type=Path, help="a PolNeAR split folder (text/ and attributions/)")
    ap.add_argument("out", type=Path, help="folder to write the wrapped copy to")
    ap.add_argument("--width", type=int, default=68)
    args = ap.parse_args()
    (args.out / "text").mkdir(parents=True, exist_ok=True)
    shutil.copytree(args.split / "attributions", args.out / "attributions", dirs_exist_ok=True)
    n = 0
    for path in sorted((args.split / "text").glob("*.txt")):
        with path.open(encoding="utf-8", newline="") as f:  # no newline translation: offsets hold
            text = f.read()
        with (args.out / "text" / path.name).open("w", encoding="utf-8", newline="") as f:
            f.write(wrap(text, args.width))
        n += 1
    print(f"{n} texts wrapped at {args.width} characters into {args.out}")


if __name__ == "__main__":
    main()
