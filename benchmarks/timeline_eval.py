"""Entity timelines on SemEval-2015 TimeLine corpora, through the same path as ``newsgraph timeline --jsonl``.

Usage: python benchmarks/timeline_eval.py DATA_DIR [--keep DIR]
DATA_DIR: a corpus folder (articles.jsonl + timelines.jsonl, e.g. shared/data/timeline/dev/trial) or a folder
of such folders (shared/data/timeline/dev). Each corpus is ingested into a fresh temporary database; each gold
target's timeline is written as the scorer's JSON line and scored with shared/eval/timeline_score.py.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from newsgraph.service import NewsGraph
from newsgraph.timeline import timeline_json

SCORER = Path(__file__).resolve().parents[2] / "shared" / "eval" / "timeline_score.py"


def corpora(data_dir: Path) -> list[Path]:
    if (data_dir / "timelines.jsonl").is_file():
        return [data_dir]
    return sorted(p for p in data_dir.iterdir() if (p / "timelines.jsonl").is_file())


def predict(corpus: Path, out: Path, work: Path) -> None:
    """Ingest the corpus into a new database and write one timeline line per gold target."""
    targets = [json.loads(line)["target"] for line in (corpus / "timelines.jsonl").read_text().splitlines()
               if line.strip()]
    with NewsGraph(work / f"{corpus.name}.duckdb") as graph:
        report = graph.ingest([corpus / "articles.jsonl"])
        if report.failed:
            print(f"{corpus.name}: {len(report.failed)} articles failed", file=sys.stderr)
        with out.open("w", encoding="utf-8") as f:
            for target in targets:
                f.write(json.dumps(timeline_json(target, graph.timeline(target)), ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--keep", type=Path, help="Write the predictions here (default: a temporary folder).")
    parser.add_argument("--scorer", type=Path, default=SCORER)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="timeline_eval_") as tmp:
        work = Path(tmp)
        out_dir = args.keep or work
        out_dir.mkdir(parents=True, exist_ok=True)
        for corpus in corpora(args.data_dir):
            pred = out_dir / f"{corpus.name}.pred.jsonl"
            predict(corpus, pred, work)
            scored = subprocess.run([sys.executable, str(args.scorer), str(corpus), str(pred)],
                                    capture_output=True, text=True, check=True)
            figures = json.loads(scored.stdout)
            print(corpus.name, json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
