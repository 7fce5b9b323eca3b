"""Terminal rendering (rich) of stored records and quote rows; no I/O, no spaCy, no store."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group
from rich.table import Table
from rich.text import Text

from newsgraph.records import ArticleRecord, Quote
from newsgraph.service import QuoteRow

QUOTE_COLOURS = ("yellow", "green", "magenta", "cyan", "bright_blue", "bright_red")


def _colour(index: int) -> str:
    return QUOTE_COLOURS[index % len(QUOTE_COLOURS)]


def speaker_label(quote: Quote, text: str) -> str:
    """The quote's speaker as the footnote names it: name (role, affiliation), else the source words."""
    if quote.speaker is not None:
        details = ", ".join(d for d in (quote.speaker.role, quote.speaker.affiliation) if d)
        return f"{quote.speaker.name} ({details})" if details else quote.speaker.name
    if quote.source is not None:
        return f"“{quote.source.text_of(text)}” (unresolved)"
    return "(speaker unknown)"


def article_view(record: ArticleRecord) -> Group:
    """The article with each quote highlighted and numbered, and a footnote per quote naming its speaker."""
    text = record.text
    header = Text(record.article.title or f"Article {record.id}", style="bold")
    meta = " · ".join(v for v in (record.article.source, record.article.published, record.article.url,
                                  f"id {record.id}" if record.article.title else None) if v)
    body = Text(text)
    markers: list[tuple[int, Text]] = []
    footnotes = Text()
    for number, quote in enumerate(record.quotes, start=1):
        colour = _colour(number - 1)
        for span in quote.content:
            body.stylize(colour, span.start, span.end)
        if quote.cue is not None:
            body.stylize(f"italic underline {colour}", quote.cue.start, quote.cue.end)
        if quote.source is not None:
            body.stylize(f"bold {colour}", quote.source.start, quote.source.end)
        markers.append((quote.end, Text(f"[{number}]", style=f"bold {colour}")))
        footnotes.append(f"[{number}] ", style=f"bold {colour}")
        footnotes.append(speaker_label(quote, text), style="bold")
        cue = f", cue “{quote.cue.text_of(text)}”" if quote.cue is not None else ""
        footnotes.append(f" — {quote.kind}{cue}\n", style="dim")
    markers.sort(key=lambda m: m[0])
    pieces = body.divide(sorted({m[0] for m in markers}))
    rendered = Text()
    offset = 0
    marker_index = 0
    for piece in pieces:
        rendered.append_text(piece)
        offset += len(piece.plain)
        while marker_index < len(markers) and markers[marker_index][0] <= offset:
            rendered.append_text(markers[marker_index][1])
            marker_index += 1
    for _, marker in markers[marker_index:]:
        rendered.append_text(marker)
    parts: list[Text] = [header, Text(meta, style="dim"), Text(), rendered]
    if record.quotes:
        parts += [Text(), Text(f"Quotes ({len(record.quotes)})", style="bold underline"), footnotes]
    else:
        parts += [Text(), Text("No quotes found in this article.", style="dim")]
    return Group(*parts)


def quotes_table(rows: Sequence[QuoteRow]) -> Table:
    """Quote rows as a table: speaker, quote, article, outlet, date."""
    table = Table(show_lines=True, expand=True)
    table.add_column("Speaker", style="bold", ratio=2)
    table.add_column("Quote", ratio=6)
    table.add_column("Article", ratio=3)
    table.add_column("Outlet", ratio=2)
    table.add_column("Date", no_wrap=True)
    for row in rows:
        speaker = Text(row.speaker) if row.speaker else Text("(unknown)", style="dim")
        article = Text(row.title or row.article_id)
        if row.title:
            article.append(f"\n{row.article_id}", style="dim")
        # Text, not str: rich would read "[...]" in a str cell as markup
        table.add_row(speaker, Text(row.content), article, Text(row.outlet or ""), Text(row.published or ""))
    return table
