"""The timeline eval gate: ingest each SemEval-2015 TimeLine dev corpus, write every gold target's
timeline the way ``newsgraph timeline --jsonl`` does, and fail below the floors in ``eval/floors.json``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsgraph.service import NewsGraph
from newsgraph.timeline import timeline_json
from tests.eval.test_gates import FLOORS

SPEC = FLOORS["timeline"]


@pytest.mark.eval
@pytest.mark.parametrize("corpus", sorted(SPEC["floors"]))
def test_timeline_dev_corpus_meets_its_floor(corpus: str, shared_data: Path, tmp_path: Path) -> None:
    folder = shared_data / SPEC["data"] / corpus
    scorer = shared_data.parent / "eval" / SPEC["scorer"]
    if not folder.is_dir() or not scorer.is_file():
        pytest.skip(f"{folder} or {scorer} is not present")
    targets = [json.loads(line)["target"] for line in (folder / "timelines.jsonl").read_text().splitlines()
               if line.strip()]
    pred = tmp_path / "timelines.jsonl"
    with NewsGraph(tmp_path / "timeline.duckdb") as graph:
        report = graph.ingest([folder / "articles.jsonl"])
        assert not report.failed
        with pred.open("w", encoding="utf-8") as out:
            for target in targets:
                out.write(json.dumps(timeline_json(target, graph.timeline(target)), ensure_ascii=False) + "\n")
    result = subprocess.run([sys.executable, str(scorer), str(folder), str(pred), "--min", str(SPEC["floors"][corpus])],
                            capture_output=True, text=True)
    print(result.stdout)
    assert result.returncode == 0, f"timeline {corpus} below its floor:\n{result.stdout}{result.stderr}"
