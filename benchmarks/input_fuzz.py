"""Mutated real articles through the readers and the store: every input is stored or one clear error naming it.

    python benchmarks/input_fuzz.py ../shared/data [--cases 10000] [--seed 13] [--timeout 60] [--json out.json]
                                    [--formats txt,html,jsonl] [--save-problems DIR]

Takes real files of every supported format from DATA (``.txt``, ``.html``/``.htm``, ``.jsonl``, gzipped or not;
JSON Lines seeds are a few lines drawn from the real files), applies one to three seeded mutations to each case
(byte flips, truncation, insertions, re-encoding in a wrong encoding, NUL bytes, huge lines, deep nesting,
broken JSON, a bad gzip, a stray byte-order mark, ...), writes it under its format's name and runs it through
``read_inputs`` and ``NewsGraph.ingest`` (a stand-in extractor that keeps each article's text: the readers and
the store are under test here, not the model) in a worker process with a per-input time limit. Each input must
end as articles stored (each read back with its text intact) or as failures that each fit on one line and name
the input; a file of N non-blank JSON lines must give N outcomes (unless the file as a whole is refused).

Problems counted: ``traceback`` (an exception escaped), ``hang`` (over ``--timeout`` seconds; the worker is
replaced), ``crash`` (the worker died), ``silent_drop`` (an input or line with no outcome, an article neither
stored nor failed), ``bad_error`` (a failure over several lines or not naming its input), ``not_intact`` (the
stored text differs from what was read). Prints the counts by format, outcome and reason, the slowest cases,
and the problems with the case number and mutations (``--seed`` and the number reproduce a case; with
``--save-problems`` the inputs are written out). Exit status 1 if any problem.

The mutations, formats and cases are in ``fuzz_inputs.py``; new formats (feeds, sitemaps, WARC) are one
``Format`` entry each in its ``FORMATS``: a suffix, the seeds found in DATA, the mutations that fit it, and how
many outcomes a valid file should give.
"""

from __future__ import annotations

import argparse
import json
import logging
import multiprocessing as mp
import re
import sys
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from fuzz_inputs import FORMATS, Case, make_cases  # the sibling module: benchmarks/ is on sys.path

STORE_RESET_EVERY = 200  # cases per fresh store (the search index is rebuilt after each ingest)

# -- the worker -----------------------------------------------------------------------------------


class KeepText:
    """A stand-in extractor: each article's record with its text and no layers (no model)."""

    def extract(self, article: Any) -> Any:
        from newsgraph.records import ArticleRecord

        return ArticleRecord(article=article)

    def extract_many(self, articles: Any) -> Any:
        return [self.extract(a) for a in articles]


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def run_case(folder: Path, graph: Any, case: Case) -> dict[str, Any]:
    """Read and store one case; its outcomes and the problems found."""
    from dataclasses import replace

    from newsgraph.errors import InputFailure
    from newsgraph.ingest import read_inputs
    from newsgraph.records import Article

    path = folder / case.name
    path.write_bytes(case.data)
    warnings = _Warnings()
    logging.getLogger("newsgraph").addHandler(warnings)
    outcomes: list[str] = []
    problems: list[str] = []
    try:
        read: list[Article | InputFailure] = list(read_inputs([path]))
        articles = []
        for item in read:
            if isinstance(item, InputFailure):
                outcomes.append(f"failed: {reason_class(item.reason)}")
                if "\n" in str(item) or not item.input_name.startswith(str(path)):
                    problems.append(f"bad_error: {str(item)[:200]!r}")
            else:
                articles.append(replace(item, id=f"{case.number}/{item.id}"))
        if case.expected is not None and len(read) != case.expected and not (
                len(read) == 1 and isinstance(read[0], InputFailure) and read[0].input_name == str(path)):
            problems.append(f"silent_drop: {len(read)} outcome(s) for {case.expected} input(s)")
        if not read:
            problems.append("silent_drop: no outcome")
        if articles:
            outcomes += store_and_check(graph, articles, problems)
    except Exception as e:  # noqa: BLE001 - the finding this benchmark exists for
        problems.append(f"traceback: {type(e).__name__}: {e}"[:300])
        outcomes.append("traceback")
        trace = traceback.format_exc()
    else:
        trace = ""
    finally:
        logging.getLogger("newsgraph").removeHandler(warnings)
        path.unlink(missing_ok=True)
    for message in warnings.messages:
        if "\n" in message or "Traceback" in message:
            problems.append(f"bad_error: warning {message[:200]!r}")
    return {"outcomes": outcomes, "problems": problems, "trace": trace,
            "warnings": [reason_class(m.split(": ", 1)[-1]) for m in warnings.messages]}


def store_and_check(graph: Any, articles: list[Any], problems: list[str]) -> list[str]:
    """Ingest the articles read; one outcome each. Of several with one id, the first is kept: later ones are
    unchanged (same text) or fail naming it; what is stored is the first one's text, intact."""
    report = graph.ingest(articles)
    stored, unchanged = Counter(report.stored), Counter(report.unchanged)
    failed: dict[str, list[Any]] = {}
    for failure in report.failed:
        failed.setdefault(failure.input_name, []).append(failure)
    outcomes, first_text = [], {}
    for article in articles:
        first_text.setdefault(article.id, article.text)
        if stored[article.id]:
            stored[article.id] -= 1
            outcomes.append("stored")
        elif unchanged[article.id]:
            unchanged[article.id] -= 1
            outcomes.append("unchanged (same id and text earlier in the input)")
        elif failed.get(article.id):
            failure = failed[article.id].pop(0)
            outcomes.append(f"failed at store: {reason_class(failure.reason)}")
            if "\n" in str(failure):
                problems.append(f"bad_error: {str(failure)[:200]!r}")
        else:
            problems.append(f"silent_drop: {article.id} read but neither stored nor failed")
    for article_id, text in first_text.items():
        if article_id in report.stored and graph.article(article_id).text != text:
            problems.append(f"not_intact: {article_id}")
    return outcomes


def reason_class(reason: str) -> str:
    """A failure reason without its particulars (numbers, quoted names), to count failures by kind."""
    reason = re.sub(r"\(id [^)]*\)", "", reason)
    reason = re.sub(r"'[^']*'|\"[^\"]*\"", "…", reason)
    reason = re.sub(r"(?<![\w-])\d[\d,.]*", "N", reason)
    return re.sub(r"\s+", " ", reason).strip()[:120]


def worker(conn: Connection) -> None:
    from newsgraph.service import NewsGraph

    logging.getLogger("newsgraph").propagate = False  # warnings are counted, not printed
    with tempfile.TemporaryDirectory(prefix="input-fuzz-") as tmp:
        folder = Path(tmp)
        graph, cases_in_store, generation = None, 0, 0
        while (case := conn.recv()) is not None:
            if graph is None or cases_in_store >= STORE_RESET_EVERY:
                if graph is not None:
                    graph.close()
                generation += 1
                graph = NewsGraph(folder / f"store-{generation}.duckdb", extractor=KeepText())
                cases_in_store = 0
            cases_in_store += 1
            started = time.perf_counter()
            result = run_case(folder, graph, case)
            result["seconds"] = time.perf_counter() - started
            conn.send(result)
        if graph is not None:
            graph.close()


@dataclass
class Worker:
    process: Any
    conn: Connection

    @classmethod
    def start(cls, context: Any) -> Worker:
        parent, child = context.Pipe()
        process = context.Process(target=worker, args=(child,), daemon=True)
        process.start()
        child.close()
        return cls(process, parent)

    def stop(self) -> None:
        try:
            self.conn.send(None)
            self.process.join(30)
        except (OSError, BrokenPipeError):
            pass
        if self.process.is_alive():
            self.process.kill()
            self.process.join()


@dataclass
class Tally:
    cases: int = 0
    by_format: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)
    warnings: Counter[str] = field(default_factory=Counter)
    problems: Counter[str] = field(default_factory=Counter)
    examples: list[dict[str, Any]] = field(default_factory=list)
    slowest: list[tuple[float, int, str]] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"cases": self.cases, "seconds": round(self.seconds, 1), "by_format": dict(self.by_format),
                "outcomes": dict(self.outcomes.most_common()), "failure_reasons": dict(self.reasons.most_common()),
                "warnings": dict(self.warnings.most_common()), "problems": dict(self.problems),
                "problem_examples": self.examples[:50],
                "slowest": [{"seconds": round(s, 2), "case": n, "mutations": m}
                            for s, n, m in sorted(self.slowest, reverse=True)[:10]]}


def fuzz(data_dir: Path, cases: int, seed: int, timeout: float, formats: list[str],
         save_problems: Path | None = None, progress: bool = False) -> Tally:
    """Run ``cases`` mutated inputs; the tally of outcomes and problems."""
    context = mp.get_context("spawn")
    tally = Tally()
    started = time.perf_counter()
    current = Worker.start(context)
    try:
        for case in make_cases(data_dir, cases, seed, formats):
            tally.cases += 1
            tally.by_format[case.format] += 1
            problems: list[str]
            try:
                current.conn.send(case)
                if current.conn.poll(timeout):
                    result = current.conn.recv()
                else:
                    result = {"outcomes": ["hang"], "problems": [f"hang: over {timeout:g} s"], "seconds": timeout,
                              "warnings": [], "trace": ""}
                    current.process.kill()
                    current.process.join()
                    current = Worker.start(context)
            except (EOFError, OSError, BrokenPipeError):
                current.process.join()
                result = {"outcomes": ["crash"], "seconds": 0.0, "warnings": [], "trace": "",
                          "problems": [f"crash: the worker died (exit status {current.process.exitcode})"]}
                current = Worker.start(context)
            problems = result["problems"]
            for outcome in result["outcomes"]:
                kind = outcome.split(":", 1)[0]
                tally.outcomes[kind] += 1
                if kind.startswith("failed"):
                    tally.reasons[outcome.split(": ", 1)[1]] += 1
            tally.warnings.update(result["warnings"])
            for problem in problems:
                tally.problems[problem.split(":", 1)[0]] += 1
            mutations = f"{case.format}: {'+'.join(case.mutations)}"
            tally.slowest.append((result["seconds"], case.number, mutations))
            tally.slowest = sorted(tally.slowest, reverse=True)[:10]
            if problems:
                tally.examples.append({"case": case.number, "mutations": mutations, "problems": problems,
                                       "trace": result.get("trace", "")[-2000:]})
                if save_problems is not None:
                    save_problems.mkdir(parents=True, exist_ok=True)
                    (save_problems / case.name).write_bytes(case.data)
            if progress and tally.cases % 500 == 0:
                print(f"input_fuzz: {tally.cases} cases, {sum(tally.problems.values())} problems, "
                      f"{time.perf_counter() - started:.0f}s", file=sys.stderr, flush=True)
    finally:
        current.stop()
    tally.seconds = time.perf_counter() - started
    return tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", type=Path, help="folder of real articles (e.g. ../shared/data)")
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds one input may take")
    parser.add_argument("--formats", default=",".join(FORMATS), help=f"of {', '.join(FORMATS)}")
    parser.add_argument("--json", type=Path, help="write the tally here as JSON")
    parser.add_argument("--save-problems", type=Path, help="write the inputs that found a problem here")
    args = parser.parse_args(argv)
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        parser.error(f"unknown format(s): {', '.join(unknown)}")
    tally = fuzz(args.data, args.cases, args.seed, args.timeout, formats, args.save_problems, progress=True)
    figures = {"command": " ".join(["python", "benchmarks/input_fuzz.py", *(argv or sys.argv[1:])]),
               "seed": args.seed, "timeout_s": args.timeout, **tally.to_dict()}
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    if args.json is not None:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 1 if tally.problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
