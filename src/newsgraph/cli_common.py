"""What the ``newsgraph`` commands share: the --db option and the --workers/--engine/--ray-address options, errors
and warnings as one ``newsgraph: ...`` line each on stderr, and stored rows printed as JSON Lines or a table. Like
``cli.py``, imports only the service layer."""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from newsgraph.errors import InputFailure, NewsgraphError
from newsgraph.service import ENGINES, NewsGraph, usable_cores

__all__ = ["DEFAULT_DB", "clear_errors", "db_option", "fail", "parallel_options", "print_rows", "report_deaths",
           "report_failure", "show_warnings"]

DEFAULT_DB = "newsgraph.duckdb"
db_option = click.option(
    "--db", "db_path", default=DEFAULT_DB, show_default=True, envvar="NEWSGRAPH_DB",
    type=click.Path(dir_okay=False, path_type=Path), help="The DuckDB database file (env NEWSGRAPH_DB).",
)


def report_failure(failure: InputFailure) -> None:
    click.echo(f"newsgraph: error: {failure}", err=True)


def fail(message: str, status: int = 1) -> None:
    click.echo(f"newsgraph: error: {message}", err=True)
    sys.exit(status)


@contextmanager
def clear_errors() -> Iterator[None]:
    """Newsgraph's own errors and file errors end the command with one line, not a traceback."""
    try:
        yield
    except NewsgraphError as e:
        fail(str(e))
    except KeyboardInterrupt:
        click.echo("newsgraph: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except OSError as e:
        fail(f"{e.filename or ''}{': ' if e.filename else ''}{e.strerror or e}")


def parallel_options(command: Any) -> Any:
    """--workers, --engine and --ray-address, shared by extract and ingest."""
    options = [
        click.option("--workers", "-j", default=usable_cores(), show_default="the usable cores",
                     type=click.IntRange(min=1),
                     help="Processes (or Ray actors) extracting at once; 1 extracts in this process."),
        click.option("--engine", default="local", show_default=True, type=click.Choice(ENGINES),
                     help="local: worker processes on this machine; ray: actors on a Ray cluster "
                          "(pip install 'newsgraph[ray]').")  ,
        click.option("--ray-address", metavar="ADDR", envvar="RAY_ADDRESS",
                     help="The Ray cluster to use (env RAY_ADDRESS; default: start a local one of --workers CPUs)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def report_deaths(graph: NewsGraph) -> bool:
    """Say which workers died during the last run; whether any did."""
    for death in graph.pool_stats.deaths:
        click.echo(f"newsgraph: error: {death}", err=True)
    return bool(graph.pool_stats.deaths)


def print_rows(rows: Sequence[Any], as_json: bool, table: str, empty: str) -> None:
    """Rows as JSON Lines, or as the rich table that ``display.<table>`` builds (``empty`` when none)."""
    if as_json:
        for row in rows:
            click.echo(json.dumps(row.to_dict(), ensure_ascii=False))
        return
    from newsgraph import display

    console = Console()
    if not rows:
        console.print(empty, style="dim")
        return
    console.print(getattr(display, table)(rows))


class _WarningLine(logging.Handler):
    """newsgraph's warnings (e.g. an input read with replacement characters) as one stderr line each."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"newsgraph: warning: {record.getMessage()}", err=True)


def show_warnings() -> None:
    """Send the ``newsgraph`` loggers' warnings to stderr as ``newsgraph: warning: ...`` lines (once)."""
    root = logging.getLogger("newsgraph")
    if not any(isinstance(h, _WarningLine) for h in root.handlers):
        root.addHandler(_WarningLine(logging.WARNING))  # then Python's last-resort stderr handler stays silent
