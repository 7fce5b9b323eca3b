"""Speed-up of ``newsgraph extract`` over worker processes and Ray actors, with per-worker peak memory.

    python benchmarks/scaling.py ../shared/data [--articles 1000] [--sizes 250,500] [--no-ray]

Each run is a child process extracting the same first N Reuters-21578 articles (``reuters21578/articles.jsonl``)
end to end, model loading and Ray start-up included, as ``newsgraph extract --workers W [--engine ray]`` does:
``--workers 1`` (this process), ``--workers 2``, and ``--engine ray`` on a local Ray of 1 and of 2 CPUs. It
prints articles/s, each run's speed-up over ``--workers 1``, the peak resident memory of each worker (and of
the parent), and whether each output is byte-identical to ``--workers 1``'s. ``--sizes`` repeats the
2-worker run on fewer articles to show that a worker's peak memory stays flat as the input grows. Run it on
an otherwise idle machine: the figures are wall-clock.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = """
import json, resource, sys, time
from newsgraph.service import NewsGraph
if __name__ == "__main__":
    source, out_path, workers, engine = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    started = time.perf_counter()
    graph = NewsGraph()
    n = 0
    with open(out_path, "w", encoding="utf-8") as out:
        for outcome in graph.extract_linked([source], workers, engine):
            if isinstance(outcome, dict):
                out.write(json.dumps(outcome, ensure_ascii=False) + "\\n")
                n += 1
    seconds = time.perf_counter() - started
    stats = {name: w.peak_rss_mib for name, w in graph.pool_stats.workers.items()}
    parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"articles": n, "seconds": seconds, "workers": stats, "parent_mib": parent,
                      "deaths": graph.pool_stats.deaths}))
"""


def write_sample(source: Path, n: int, dest: Path) -> None:
    with source.open(encoding="utf-8") as fin, dest.open("w", encoding="utf-8") as fout:
        for i, line in enumerate(fin):
            if i >= n:
                break
            fout.write(line)


def run(sample: Path, out: Path, workers: int, engine: str) -> dict:
    env = {**os.environ, "RAY_AUTH_MODE": os.environ.get("RAY_AUTH_MODE", "disabled"),
           "RAY_USAGE_STATS_ENABLED": "0"}
    result = subprocess.run([sys.executable, "-c", CHILD, str(sample), str(out), str(workers), engine],
                            capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0:
        raise SystemExit(f"workers={workers} engine={engine} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data", type=Path, help="the shared data folder (holding reuters21578/articles.jsonl)")
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--sizes", default="250,500", help="smaller inputs for the 2-worker memory check ('' = none)")
    ap.add_argument("--no-ray", action="store_true", help="skip the Ray runs")
    args = ap.parse_args()
    source = args.data / "reuters21578" / "articles.jsonl"
    runs = [("local", 1), ("local", 2)] + ([] if args.no_ray else [("ray", 1), ("ray", 2)])
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "sample.jsonl"
        write_sample(source, args.articles, sample)
        base: dict | None = None
        print(f"{args.articles} Reuters articles, {os.cpu_count()} cores")
        print(f"{'run':<16}{'seconds':>9}{'articles/s':>12}{'speed-up':>10}  identical  peak MiB per worker (parent)")
        for engine, workers in runs:
            out = Path(tmp) / f"{engine}-{workers}.jsonl"
            started = time.perf_counter()
            figures = run(sample, out, workers, engine)
            wall = time.perf_counter() - started
            if base is None:
                base = {"seconds": wall, "out": out}
            same = filecmp.cmp(out, base["out"], shallow=False)
            peaks = ", ".join(f"{m:.0f}" for m in sorted(figures["workers"].values())) or "-"
            label = f"--workers {workers}" if engine == "local" else f"ray, {workers} CPU"
            print(f"{label:<16}{wall:>9.1f}{figures['articles'] / wall:>12.1f}{base['seconds'] / wall:>9.2f}x"
                  f"  {'yes' if same else 'NO':<9}  {peaks} ({figures['parent_mib']:.0f})"
                  + (f"  deaths: {figures['deaths']}" if figures["deaths"] else ""), flush=True)
        for size in [int(s) for s in args.sizes.split(",") if s.strip()]:
            small = Path(tmp) / f"sample-{size}.jsonl"
            write_sample(source, size, small)
            figures = run(small, Path(tmp) / f"small-{size}.jsonl", 2, "local")
            peaks = ", ".join(f"{m:.0f}" for m in sorted(figures["workers"].values()))
            print(f"memory, --workers 2, {size} articles: peak MiB per worker {peaks} "
                  f"(parent {figures['parent_mib']:.0f})", flush=True)


if __name__ == "__main__":
    main()
