"""The ``newsgraph`` command: a thin shell over ``newsgraph.service.NewsGraph``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from newsgraph.errors import InputFailure
from newsgraph.service import NewsGraph


def report_failure(failure: InputFailure) -> None:
    click.echo(f"newsgraph: error: {failure}", err=True)


@click.group()
@click.version_option(package_name="newsgraph")
def main() -> None:
    """Who said what in the news: extract, store and query quotes and their speakers."""


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", default="-", help="JSON Lines file to write ('-' = stdout).")
def extract(inputs: tuple[Path, ...], output: str) -> None:
    """Extract INPUTS (.txt, .html, .jsonl files or folders) to JSON Lines, one article a line."""
    service = NewsGraph()
    failed = 0
    with click.open_file(output, "w", encoding="utf-8") as out:
        for outcome in service.extract_paths(inputs):
            if isinstance(outcome, InputFailure):
                failed += 1
                report_failure(outcome)
                continue
            out.write(json.dumps(outcome.to_dict(), ensure_ascii=False) + "\n")
    if failed:
        click.echo(f"newsgraph: {failed} input(s) failed", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
