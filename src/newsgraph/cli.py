"""The ``newsgraph`` command: a thin shell over ``newsgraph.service.NewsGraph``.

The commands are here; what they share (the --db and parallel options, one-line errors and warnings, rows as JSON
Lines or tables) is in ``cli_common.py``, the tables and article views in ``display.py``.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from newsgraph.cli_common import (
    clear_errors,
    db_option,
    fail,
    parallel_options,
    print_rows,
    report_deaths,
    report_failure,
    show_warnings,
)
from newsgraph.errors import InputFailure
from newsgraph.service import (
    ALL_TABLES,
    EXPORT_FORMATS,
    IngestEvent,
    NewsGraph,
    ShardWriter,
    check_calendar_date,
    parse_interval,
)


@click.group()
@click.version_option(package_name="newsgraph")
def main() -> None:
    """Who said what in the news, and what happened: extract, store and query quotes with their speakers,
    events with their actors, claims and who holds them, dates and numbers."""
    show_warnings()


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", default="-", help="JSON Lines file to write ('-' = stdout).")
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write a folder of JSON Lines shards (part-00000.jsonl, ...) instead of one file.")
@click.option("--shard-size", default=10_000, show_default=True, type=click.IntRange(min=1),
              help="Articles per shard with --out-dir.")
@click.option("--gzip", "compress", is_flag=True, help="With --out-dir: gzip the shards (.jsonl.gz).")
@parallel_options
def extract(inputs: tuple[str, ...], output: str, out_dir: Path | None, shard_size: int, compress: bool,
            workers: int, engine: str, ray_address: str | None) -> None:
    """Extract INPUTS (.txt, .html, .jsonl, .warc files or folders, optionally gzipped; URLs of pages, RSS/Atom
    feeds or sitemaps) to JSON Lines, one article a line, in input order (the same whatever --workers and
    --engine)."""
    if out_dir is not None and output != "-":
        fail("give -o/--output or --out-dir, not both", 2)
    service = NewsGraph()
    failed = 0
    with clear_errors(), (ShardWriter(out_dir, shard_size, compress) if out_dir is not None
                          else click.open_file(output, "w", encoding="utf-8")) as out:
        for outcome in service.extract_linked(inputs, workers, engine, ray_address):  # with story, corpus ids
            if isinstance(outcome, InputFailure):
                failed += 1
                report_failure(outcome)
                continue
            line = json.dumps(outcome, ensure_ascii=False)
            out.write(line if isinstance(out, ShardWriter) else line + "\n")
    died = report_deaths(service)
    if failed:
        click.echo(f"newsgraph: {failed} input(s) failed", err=True)
    if failed or died:
        sys.exit(1)


class ArticleRateColumn(ProgressColumn):
    """Articles per second, as rich estimates it."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f} articles/s" if speed else "… articles/s", style="cyan")


def _progress_line(event: IngestEvent) -> str:
    report = event.report
    rate = report.done / report.seconds if report.seconds > 0 else 0.0
    return (f"newsgraph: progress: {report.done} done ({len(report.stored)} stored, {len(report.unchanged)} "
            f"unchanged, {len(report.failed)} failed), {rate:.1f} articles/s")


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@db_option
@click.option("--chunk-size", default=64, show_default=True, type=click.IntRange(min=1),
              help="Articles extracted and committed together.")
@click.option("--force", is_flag=True, help="Re-extract articles even when stored unchanged.")
@click.option("--progress", "progress_mode", default="auto", show_default=True,
              type=click.Choice(["auto", "bar", "lines", "none"]),
              help="A progress bar (auto: when stderr is a terminal), plain lines on stderr, or nothing.")
@parallel_options
def ingest(inputs: tuple[str, ...], db_path: Path, chunk_size: int, force: bool, progress_mode: str,
           workers: int, engine: str, ray_address: str | None) -> None:
    """Extract INPUTS and store them in the database: .txt, .html, .jsonl, .warc/.warc.gz files or folders,
    and URLs: a page, an RSS/Atom feed or a (news) sitemap, fetched politely (robots.txt, one request a second
    per host). A copy of a stored article (the same or nearly the same text) is stored as a copy of it.

    Articles are committed a chunk at a time, each one whole: an interrupted run (Ctrl-C, a crash)
    keeps everything committed, and a rerun skips articles already stored with the same id and text
    before extracting them (an article whose text changed is replaced). With --workers > 1, worker
    processes (or Ray actors) extract while this process alone writes, in input order. Prints a summary
    line; errors go to stderr, one line each; exits 1 if any input failed or a worker died.
    """
    console = Console(stderr=True)
    if progress_mode == "auto":
        progress_mode = "bar" if console.is_terminal else "none"
    latest: list[IngestEvent] = []
    graph = NewsGraph(db_path, chunk_size=chunk_size)
    bar = Progress(SpinnerColumn(), TextColumn("ingesting"), BarColumn(),
                   TextColumn("{task.completed} articles"), ArticleRateColumn(), TimeElapsedColumn(),
                   console=console, transient=True, disable=progress_mode != "bar")
    task = bar.add_task("ingest", total=None)
    last_line = [0.0]

    def on_event(event: IngestEvent) -> None:
        latest[:] = [event]
        if event.failure is not None:
            message = f"newsgraph: error: {event.failure}"
            if progress_mode == "bar":
                console.print(message, markup=False, highlight=False, soft_wrap=True)
            else:
                click.echo(message, err=True)
        bar.advance(task)
        now = time.monotonic()
        if progress_mode == "lines" and (now - last_line[0] >= 1.0 or event.report.done == 1):
            last_line[0] = now
            click.echo(_progress_line(event), err=True)

    with clear_errors(), graph:
        try:
            with bar:
                report = graph.ingest(inputs, progress=on_event, force=force, workers=workers, engine=engine,
                                      ray_address=ray_address)
        except KeyboardInterrupt:
            stored = len(latest[0].report.stored) if latest else 0
            click.echo(f"newsgraph: interrupted after storing {stored} article(s); what was stored is kept, "
                       "rerun to resume", err=True)
            sys.exit(130)
        died = report_deaths(graph)
    click.echo(f"newsgraph: {report.summary()}")
    if report.failed or died:
        sys.exit(1)


@main.command()
@db_option
@click.option("--speaker", help="Speaker name contains this (any case).")
@click.option("--search", help="Words in the quote (full-text, stemmed, every word must match; best first).")
@click.option("--outlet", help="Outlet (article source) contains this (any case).")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=0),
              help="At most this many (0: all).")
@click.option("--all", "every", is_flag=True,
              help="Also list reported beliefs, findings and plans (\"officials expect\", \"the study shows\"), "
                   "not only statements.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON Lines instead of a table.")
def quotes(db_path: Path, speaker: str | None, search: str | None, outlet: str | None, limit: int,
           every: bool, as_json: bool) -> None:
    """List stored statements (who said or wrote what) with their speaker, article, outlet and date."""
    with clear_errors(), NewsGraph(db_path) as graph:
        rows = graph.quotes(speaker=speaker, search=search, outlet=outlet, limit=limit or None,
                            speech=None if every else True)
    print_rows(rows, as_json, "quotes_table", "No quotes match.")


def _check_date(_ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A --from/--to bound: YYYY, YYYY-MM or YYYY-MM-DD."""
    try:
        return None if value is None else check_calendar_date(value)
    except ValueError as e:
        raise click.BadParameter(str(e), param=param) from e


@main.command()
@db_option
@click.option("--actor", help="A source or target: entity name or the article's words contain this (any case), "
                              "or its code is this (RUS, or with the sector: 'RUS MIL').")
@click.option("--type", "event_type", help="PLOVER event type (any case), e.g. THREATEN, CONSULT, MOBILIZE.")
@click.option("--modality", help="Only events with this modality: asserted, negated, conditional, planned, "
                                 "threatened or reported (any case).")
@click.option("--from", "date_from", callback=_check_date, metavar="DATE",
              help="On or after DATE (YYYY, YYYY-MM or YYYY-MM-DD): the event's date, else its article's "
                   "publication date.")
@click.option("--to", "date_to", callback=_check_date, metavar="DATE", help="On or before DATE (inclusive).")
@click.option("--article", "article_id", metavar="ID", help="Only this article's events.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=0),
              help="At most this many (0: all).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON Lines instead of a table.")
def events(db_path: Path, actor: str | None, event_type: str | None, modality: str | None, date_from: str | None,
           date_to: str | None, article_id: str | None, limit: int, as_json: bool) -> None:
    """List stored events, newest first: who did what to whom, when, and who reported it.

    A date range compares at the precision both dates have: an event dated 2022-02 is in
    --from 2022-02-15. Events without a date of their own use their article's publication date.
    """
    with clear_errors(), NewsGraph(db_path) as graph:
        rows = graph.events(actor=actor, type=event_type, date_from=date_from, date_to=date_to,
                            article_id=article_id, modality=modality, limit=limit or None)
    print_rows(rows, as_json, "events_table", "No events match.")


@main.command()
@db_option
@click.option("--entity", help="A holder whose name contains this (any case), or this entity id.")
@click.option("--stance", type=click.Choice(["asserts", "denies", "doubts"], case_sensitive=False),
              help="Only claims a holder takes this stance on (with --entity: that holder).")
@click.option("--search", help="The claim's text contains this (any case).")
@click.option("--article", "article_id", metavar="ID", help="Only this article's claims.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=0),
              help="At most this many (0: all).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON Lines (a claim with its stances a line).")
@click.option("--story", "story_id", metavar="ID",
              help="Claims of this story linked across outlets: who asserts and who denies each, where.")
def claims(db_path: Path, entity: str | None, stance: str | None, search: str | None, article_id: str | None,
           limit: int, as_json: bool, story_id: str | None) -> None:
    """List stored claims and who asserts, denies or doubts each, newest article first (with --story: each
    claim once, across the story's outlets)."""
    if story_id is not None:
        _story_claims(db_path, story_id, limit, as_json)
        return
    with clear_errors(), NewsGraph(db_path) as graph:
        rows = graph.claims(entity=entity, stance=stance, search=search, article_id=article_id,
                            limit=limit or None)
    print_rows(rows, as_json, "claims_table", "No claims match.")


def _story_claims(db_path: Path, story_id: str, limit: int, as_json: bool) -> None:
    with clear_errors(), NewsGraph(db_path) as graph:
        groups = graph.story_claims(story_id, limit=limit or None)
    if as_json:
        for group in groups:
            click.echo(json.dumps(group.to_dict(), ensure_ascii=False))
        return
    from newsgraph.display import claim_groups_table

    console = Console()
    if not groups:
        console.print(f"No claims in story {story_id}.", style="dim")
        return
    console.print(claim_groups_table(groups))


@main.command()
@db_option
@click.option("--search", help="Words in the story's title (substring, any case).")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=0),
              help="At most this many (0: all).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON Lines (a story a line).")
def stories(db_path: Path, search: str | None, limit: int, as_json: bool) -> None:
    """List stories (articles about one event or situation, grouped as they are ingested), latest first."""
    with clear_errors(), NewsGraph(db_path) as graph:
        rows = graph.stories(search=search, limit=limit or None)
    print_rows(rows, as_json, "stories_table", "No stories.")


@main.command()
@click.argument("story_id")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the story as one JSON object.")
def story(story_id: str, db_path: Path, as_json: bool) -> None:
    """Show one story: summary and main actors, its articles, its statements with every outlet carrying each,
    and its timeline of events and statements (by their dates, else the publication date)."""
    with clear_errors(), NewsGraph(db_path) as graph:
        view = graph.story(story_id)
    if as_json:
        click.echo(json.dumps(view.to_dict(), ensure_ascii=False))
        return
    from newsgraph.display import story_view

    Console().print(story_view(view))


@main.command()
@db_option
@click.option("--story", "story_id", metavar="ID", help="Only this story (default: the whole corpus).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write: .gexf, .graphml or .csv (or say --format).")
@click.option("--format", "fmt", type=click.Choice(["gexf", "graphml", "csv"]),
              help="Output format (default: from the file's suffix).")
def graph(db_path: Path, story_id: str | None, output: Path, fmt: str | None) -> None:
    """Export the actor graph: who acted on whom (event source -> target) and who spoke about whom (a quote's
    speaker -> the entities it mentions), weighted, as GEXF / GraphML (for Gephi) or CSV (one edge a row)."""
    from newsgraph.graph import graph_format

    with clear_errors():
        try:
            fmt = fmt or graph_format(output)
        except ValueError as e:
            fail(str(e), 2)
        with NewsGraph(db_path) as service:
            actors = service.graph(story_id)
        actors.write(output, fmt)
    click.echo(f"newsgraph: wrote {output} ({len(actors.nodes)} actors, {len(actors.edges)} edges)", err=True)


@main.command()
@db_option
@click.option("--entity", "entity", required=True, metavar="NAME",
              help="The person, organisation or thing whose timeline to build (its name as articles write it).")
@click.option("--story", "story_id", metavar="ID", help="Only this story's articles (default: every stored article).")
@click.option("--jsonl", "as_jsonl", is_flag=True,
              help='Print one JSON line {"target", "events": [{"doc", "start", "end", "date"}]} in timeline order.')
def timeline(db_path: Path, entity: str, story_id: str | None, as_jsonl: bool) -> None:
    """The timeline of one entity: the events it takes part in across the stored articles, ordered by date
    (its own time expression, else the publication date), each with its article and sentence."""
    with clear_errors(), NewsGraph(db_path) as graph:
        events = graph.timeline(entity, story=story_id)
    if as_jsonl:
        from newsgraph.timeline import timeline_json

        click.echo(json.dumps(timeline_json(entity, events), ensure_ascii=False))
        return
    if not events:
        Console(stderr=True).print(f"No events of {entity!r}.", style="dim")
        return
    from rich.table import Table

    table = Table(title=f"Timeline of {entity}")
    for column in ("date", "article", "event", "sentence"):
        table.add_column(column)
    for event in events:
        outlet = " · ".join(x for x in (event.source, event.title or event.doc) if x)
        table.add_row(event.date or "?", outlet, event.text, event.sentence)
    Console().print(table)


@main.command()
@click.argument("article_id")
@db_option
def show(article_id: str, db_path: Path) -> None:
    """Show one stored article: quotes highlighted and numbered with each speaker named, then its events,
    claims, and its dates and numbers with their values (underlined in the text)."""
    from newsgraph.display import article_view

    with clear_errors(), NewsGraph(db_path) as graph:
        record = graph.show(article_id)
        copies = graph.copies_of(article_id)
    if record.article.duplicate_of:
        click.echo(f"{article_id}: a copy of {record.article.duplicate_of} ({record.article.source or 'no outlet'}, "
                   f"{record.article.published or 'undated'}); its quotes, events and claims are the original's: "
                   f"newsgraph show {record.article.duplicate_of}")
    Console().print(article_view(record))
    if copies:
        click.echo("copies: " + "; ".join(f"{c['id']} ({c['outlet'] or 'no outlet'}, {c['published'] or 'undated'})"
                                          for c in copies))


@main.command()
@db_option
@click.option("--format", "fmt", required=True, type=click.Choice(list(EXPORT_FORMATS)),
              help="Output format.")
@click.option("-o", "--output", required=True,
              help="jsonl: a file ('-' = stdout). csv/parquet: a folder (created if needed) receiving one "
                   f"<table>.csv or <table>.parquet per table: {', '.join(ALL_TABLES)}.")
def export(db_path: Path, fmt: str, output: str) -> None:
    """Export the whole database: JSON Lines as `extract` writes it (one article a line, every layer), or
    one CSV/Parquet file per table, joined on article_id (and event_index, claim_index, entity_id)."""
    with clear_errors(), NewsGraph(db_path) as graph:
        if fmt == "jsonl" and output == "-":
            graph.export(fmt, sys.stdout)
            return
        written = graph.export(fmt, output)
    click.echo(f"newsgraph: wrote {', '.join(str(p) for p in written)}", err=True)


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Any but loopback needs a token.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--token", envvar="NEWSGRAPH_TOKEN", metavar="T",
              help="Require this token on every request (env NEWSGRAPH_TOKEN): header 'Authorization: Bearer T', "
                   "or open any page once with ?token=T.")
@click.option("--max-upload-mb", default=10.0, show_default=True, type=click.FloatRange(min=0, min_open=True),
              help="Largest request body /api/ingest accepts, in MB (413 beyond it).")
@click.option("--ingest-workers", default=1, show_default=True, type=click.IntRange(min=1),
              help="Processes extracting the articles of each ingest job (as ingest --workers).")
@click.option("--allow-private-urls", is_flag=True,
              help="Let /api/ingest fetch URLs on private, loopback and link-local addresses (refused by default).")
def serve(db_path: Path, host: str, port: int, token: str | None, max_upload_mb: float, ingest_workers: int,
          allow_private_urls: bool) -> None:
    """Serve the HTTP API (/api/, docs at /api/docs) and the web app (/) over the database.

    Listens on 127.0.0.1 unless --host says otherwise; any other address requires --token."""
    import uvicorn

    from newsgraph.http import create_app, is_loopback

    if token and not all(33 <= ord(c) < 127 for c in token):
        fail("--token: use printable ASCII without spaces (it travels in a header and a cookie)", 2)
    if not token and not is_loopback(host):
        fail(f"refusing to listen on {host} without a token: anyone who can reach it could read and add "
             "articles. Pass --token T (or set NEWSGRAPH_TOKEN), or listen on 127.0.0.1.", 2)
    with clear_errors(), NewsGraph(db_path) as graph:
        app = create_app(graph, token=token or None, max_upload_bytes=int(max_upload_mb * 1024 * 1024),
                         ingest_workers=ingest_workers, allow_private_urls=allow_private_urls)
        click.echo(f"newsgraph: serving {db_path} on http://{host}:{port}/ (API docs at /api/docs)"
                   + ("; a token is required" if token else ""), err=True)
        uvicorn.run(app, host=host, port=port, log_level="info")


@main.command()
@click.argument("sources", nargs=-1, required=True)
@db_option
@click.option("--every", default="15m", show_default=True, help="Time between rounds: 90s, 15m, 2h, 1d.")
@click.option("--rounds", type=click.IntRange(min=1), default=None, help="Stop after this many rounds.")
def watch(sources: tuple[str, ...], db_path: Path, every: str, rounds: int | None) -> None:
    """Poll SOURCES (feed, sitemap or page URLs; files too) and ingest what is new, a line per round, until
    Ctrl-C (or --rounds). An unchanged feed costs one conditional request a round."""
    try:
        seconds = parse_interval(every)
    except ValueError as e:
        fail(f"--every: {e}", 2)

    def on_round(done: Any) -> None:
        click.echo(f"newsgraph: {done.line()}")
        for failure in done.report.failed:
            report_failure(failure)

    with clear_errors(), NewsGraph(db_path) as graph:
        try:
            graph.watch(sources, seconds, rounds=rounds, on_round=on_round)
        except KeyboardInterrupt:
            click.echo("newsgraph: watch stopped; what was stored is kept", err=True)


if __name__ == "__main__":
    main()
