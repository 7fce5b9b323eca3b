"""CPU time the learned coreference ranker adds to ``newsgraph extract``.

    python benchmarks/coref_speed.py ../shared/data [--articles 1000] [--repeat 1]

Runs ``newsgraph extract`` on the same N Reuters-21578 articles (``reuters21578/articles.jsonl``) in
child processes, one after the other: once with the rules alone linking pronouns and role nouns
(``NEWSGRAPH_COREF=rules``) and once with the ranker (the default). Prints each run's CPU seconds
(user + system, model load included) and wall seconds, and how much the ranker adds (the issue's
limit: 25 % of the CPU time). With ``--apart`` it also extracts the articles once in this process and
times the ranker's own share apart (CPU time inside ``entities.link_mentions``: mention detection,
ranking, merges), which the load of a shared machine does not blur as much as two separate runs.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """CPU seconds (user + system) and wall seconds of one child."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, **env})
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed")
    return usage.ru_utime + usage.ru_stime, wall


def timed_apart(sample: Path) -> tuple[float, float]:
    """(CPU seconds of extracting every article in this process, CPU seconds of those inside the ranker)."""
    from newsgraph.ingest import read_inputs
    from newsgraph.pipeline import default_extractor
    from newsgraph.records import Article
    from newsgraph.stages.entities import entities

    spent = [0.0]
    original = entities.link_mentions

    def link_mentions(*args: object, **kwargs: object) -> object:
        start = time.process_time()
        try:
            return original(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            spent[0] += time.process_time() - start

    entities.link_mentions = link_mentions  # type: ignore[assignment]
    extractor = default_extractor()
    articles = [a for a in read_inputs([sample]) if isinstance(a, Article)]
    start = time.process_time()
    for _ in extractor.extract_many(articles):
        pass
    return time.process_time() - start, spent[0]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data", type=Path, help="the shared data folder (holding reuters21578/articles.jsonl)")
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=1, help="alternate the two runs this many times; best of each")
    ap.add_argument("--apart", action="store_true", help="also time the ranker apart inside one extraction")
    a = ap.parse_args(argv)
    source = a.data / "reuters21578" / "articles.jsonl"
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "sample.jsonl"
        with source.open(encoding="utf-8") as fh, sample.open("w", encoding="utf-8") as out:
            n = 0
            for line in fh:
                if n >= a.articles:
                    break
                if line.strip():
                    json.loads(line)
                    out.write(line)
                    n += 1
        cmd = [sys.executable, "-m", "newsgraph", "extract", str(sample), "-o", str(Path(tmp) / "out.jsonl")]
        best: dict[str, tuple[float, float]] = {}
        for _ in range(a.repeat):
            for label, env in (("rules", {"NEWSGRAPH_COREF": "rules"}), ("ranker", {})):
                cpu, wall = run(cmd, env)
                if label not in best or cpu < best[label][0]:
                    best[label] = (cpu, wall)
        apart = timed_apart(sample) if a.apart else None
    rules, ranker = best["rules"], best["ranker"]
    print(f"{n} articles; newsgraph extract, CPU s (wall s):")
    print(f"  rules only (NEWSGRAPH_COREF=rules)  {rules[0]:8.1f} ({rules[1]:.1f})")
    print(f"  learned ranker (default)            {ranker[0]:8.1f} ({ranker[1]:.1f})")
    print(f"  the ranker adds {ranker[0] - rules[0]:+.1f} s CPU = {100 * (ranker[0] / rules[0] - 1):+.1f} %")
    if apart is not None:
        total, spent = apart
        print(f"timed apart in one extraction (model load excluded): {total:.1f} s CPU, of which the ranker "
              f"{spent:.1f} s = {100 * spent / (total - spent):.1f} % on top of the rest")
    return 0


if __name__ == "__main__":
    sys.exit(main())
