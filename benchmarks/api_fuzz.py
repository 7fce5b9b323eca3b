"""The HTTP API fuzzed from its own OpenAPI by Schemathesis, longer than the CI test: cases tried, failures found.

    python benchmarks/api_fuzz.py [--db STORE.duckdb] [--max-examples 300] [--seed 13] [--json report.json]

Starts ``newsgraph serve`` on 127.0.0.1 (a free port) over a copy of ``--db`` (default: a store built from the
bundled samples with the real model), then runs ``schemathesis run URL/api/openapi.json --checks all`` (every
operation, GET and POST; all phases: coverage, fuzzing, stateful; valid and invalid data) with a fixed seed, and
prints the generated cases and the failures by check. Exit status 1 if any failure. Needs ``schemathesis``
(the ``test`` extra).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def sample_store(path: Path) -> None:
    """A store of the bundled samples, extracted with the real model."""
    from newsgraph.service import NewsGraph

    with NewsGraph(path) as graph:
        report = graph.ingest([REPO / "samples" / "articles.jsonl", REPO / "samples" / "sample-report.html"])
    print(f"sample store: {report.summary()}", file=sys.stderr)


def wait_healthy(url: str, server: subprocess.Popen[bytes], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"newsgraph serve exited with status {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/api/health", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("newsgraph serve did not answer /api/health")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, help="store to serve (copied first); default: the samples")
    parser.add_argument("--max-examples", type=int, default=300, help="cases per operation and phase")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--json", type=Path, help="write the figures here as JSON")
    args = parser.parse_args(argv)
    schemathesis = shutil.which("schemathesis") or shutil.which("st")
    if schemathesis is None:
        raise SystemExit("schemathesis is not installed (pip install schemathesis)")
    with tempfile.TemporaryDirectory(prefix="api-fuzz-") as tmp:
        db = Path(tmp) / "fuzzed.duckdb"
        if args.db is not None:
            shutil.copy(args.db, db)
        else:
            sample_store(db)
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        log = open(Path(tmp) / "serve.log", "wb")  # noqa: SIM115 - open while the server runs
        server = subprocess.Popen([sys.executable, "-m", "newsgraph", "serve", "--db", str(db), "--port", str(port)],
                                  stdout=log, stderr=subprocess.STDOUT, env=os.environ.copy())
        try:
            wait_healthy(url, server)
            report_path = Path(tmp) / "report.json"
            command = [schemathesis, "run", f"{url}/api/openapi.json", "--checks", "all", "--seed", str(args.seed),
                       "--max-examples", str(args.max_examples), "--report", "json",
                       "--report-json-path", str(report_path), "--no-color"]
            started = time.perf_counter()
            run = subprocess.run(command, capture_output=True, text=True, check=False)
            seconds = time.perf_counter() - started
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
            log.close()
        if not report_path.is_file():
            print(run.stdout[-4000:], run.stderr[-4000:], sep="\n", file=sys.stderr)
            raise SystemExit("schemathesis wrote no report")
        report = json.loads(report_path.read_text(encoding="utf-8"))
        server_log = (Path(tmp) / "serve.log").read_text(encoding="utf-8", errors="replace")
    failures = report.get("failures", [])
    by_check = Counter(str(f.get("title") or f.get("code") or f.get("check") or "?") for f in failures)
    figures = {"command": " ".join(["python", "benchmarks/api_fuzz.py", *(argv or sys.argv[1:])]),
               "schemathesis": report.get("schemathesis_version"), "seed": args.seed,
               "max_examples": args.max_examples, "operations": report.get("operations", {}).get("tested"),
               "cases": report.get("test_cases", {}).get("generated"),
               "cases_with_failures": report.get("test_cases", {}).get("with_failures"),
               "unique_failures": report.get("test_cases", {}).get("unique_failures"),
               "errors": len(report.get("errors", [])), "failures_by_check": dict(by_check),
               "tracebacks_in_server_log": server_log.count("Traceback"), "seconds": round(seconds, 1),
               "exit_code": run.returncode}
    print(json.dumps(figures, indent=2))
    if args.json is not None:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    if run.returncode != 0:
        print(run.stdout[-6000:], file=sys.stderr)
    return 0 if run.returncode == 0 and not failures and not figures["errors"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
