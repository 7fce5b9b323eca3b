"""Terminal rendering (rich) of stored records and of quote, event and claim rows; no I/O, no spaCy, no store."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group
from rich.table import Table
from rich.text import Text

from newsgraph.records import Actor, ArticleRecord, Event, Quote
from newsgraph.service import ClaimGroupRow, ClaimRow, EventRow, QuoteRow, StoryRow, StoryView

QUOTE_COLOURS = ("yellow", "green", "magenta", "cyan", "bright_blue", "bright_red")
TIME_STYLE = "underline bright_cyan"
QUANTITY_STYLE = "underline bright_magenta"


def _colour(index: int) -> str:
    return QUOTE_COLOURS[index % len(QUOTE_COLOURS)]


def speaker_label(quote: Quote, text: str) -> str:
    """The quote's speaker as the footnote names it: name (role, affiliation), else the source words."""
    source = quote.source.text_of(text) if quote.source is not None else None
    if quote.speaker is not None:
        name = quote.speaker.label(source)  # "unresolved: the mayor" when no named entity
        details = ", ".join(d for d in (quote.speaker.role, quote.speaker.affiliation) if d)
        return f"{name} ({details})" if details else name
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
    for time in record.times:
        body.stylize(TIME_STYLE, time.start, time.end)
    for quantity in record.quantities:
        body.stylize(QUANTITY_STYLE, quantity.start, quantity.end)
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
        footnotes.rstrip()
        parts += [Text(), Text(f"Quotes ({len(record.quotes)})", style="bold underline"), footnotes]
    else:
        parts += [Text(), Text("No quotes found in this article.", style="dim")]
    if record.events:
        parts += [Text(), Text(f"Events ({len(record.events)})", style="bold underline"), events_list(record)]
    if record.claims:
        parts += [Text(), Text(f"Claims ({len(record.claims)})", style="bold underline"), claims_list(record)]
    if record.times or record.quantities:
        parts += [Text(), Text("Dates and numbers", style="bold underline"), times_and_quantities(record)]
    return Group(*parts)


def _actor_label(record: ArticleRecord, actor: Actor) -> str:
    entity = record.entity(actor.entity) if actor.entity else None
    who = entity.name if entity is not None else record.text[actor.start:actor.end]
    code = " ".join(c for c in (actor.code, actor.sector) if c)
    return f"{who} ({code})" if code else who


def _who_did_what(source: Sequence[str], target: Sequence[str]) -> str:
    who = ", ".join(source) or "?"
    return f"{who} → {', '.join(target)}" if target else who


def event_line(record: ArticleRecord, number: int, event: Event) -> Text:
    """``[E1] MOBILIZE troops — Russia (RUS MIL) → Ukraine (UKR): “massed” · 2022-01-21 · reported by …``."""
    line = Text(f"[E{number}] ", style="bold")
    line.append(" ".join(v for v in (event.type, event.mode) if v), style="bold")
    line.append(" — " + _who_did_what([_actor_label(record, a) for a in event.source],
                                      [_actor_label(record, a) for a in event.target]))
    line.append(f": “{event.trigger.text_of(record.text)}”")
    reported = event.reported_by is not None and 0 <= event.reported_by < len(record.quotes)
    details = [event.modality if event.modality not in ("asserted", "reported" if reported else "") else None,
               event.date, f"CAMEO {event.cameo}" if event.cameo else None]
    if event.reported_by is not None and reported:
        quote = record.quotes[event.reported_by]
        details.append(f"reported by {speaker_label(quote, record.text)} [{event.reported_by + 1}]")
    found = [d for d in details if d]
    if found:
        line.append(" · " + " · ".join(found), style="dim")
    return line


def events_list(record: ArticleRecord) -> Text:
    """One line per event: who did what to whom, its trigger, modality, date and reporting quote."""
    return Text("\n").join(event_line(record, number, event) for number, event in enumerate(record.events, 1))


def claims_list(record: ArticleRecord) -> Text:
    """One line per claim: the claim and who asserts, denies or doubts it."""
    lines = []
    for number, claim in enumerate(record.claims, start=1):
        line = Text(f"[C{number}] ", style="bold")
        line.append(f"“{claim.text.text_of(record.text)}”")
        holders: dict[str, list[str]] = {}
        for stance in claim.stances:
            entity = record.entity(stance.entity) if stance.entity else None
            name = stance.name or (entity.name if entity else None) or f"“{stance.evidence.text_of(record.text)}”"
            holders.setdefault(stance.stance, []).append(name)
        if holders:
            line.append(" — " + "; ".join(f"{kind}: {', '.join(names)}" for kind, names in holders.items()),
                        style="dim")
        lines.append(line)
    return Text("\n").join(lines)


def times_and_quantities(record: ArticleRecord) -> Text:
    """The time expressions with their normalised values, and the quantities with value, unit and owner."""
    text = record.text
    lines = []
    for time in record.times:
        line = Text(text[time.start:time.end], style=TIME_STYLE)
        value = time.value or "(no value: unknown publication date?)"
        span = f" [{time.begin} … {time.end_value}]" if time.begin or time.end_value else ""
        line.append(f" → {value}{span} ({time.type})", style="dim")
        lines.append(line)
    for quantity in record.quantities:
        line = Text(text[quantity.start:quantity.end], style=QUANTITY_STYLE)
        value = "?" if quantity.value is None else f"{quantity.value:,g}"
        owner = record.entity(quantity.of) if quantity.of else None
        details = [quantity.approx, f"of {owner.name if owner else quantity.of}" if quantity.of else None,
                   quantity.date]
        line.append(f" → {value}{' ' + quantity.unit if quantity.unit else ''}", style="dim")
        found = [d for d in details if d]
        if found:
            line.append(f" ({', '.join(found)})", style="dim")
        lines.append(line)
    return Text("\n").join(lines)


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
        outlets = " · ".join(row.outlets) if row.outlets else (row.outlet or "")
        table.add_row(speaker, Text(row.content), article, Text(outlets), Text(row.published or ""))
    return table


def events_table(rows: Sequence[EventRow]) -> Table:
    """Event rows as a table: date, event, who did what to whom, trigger and modality, article."""
    table = Table(show_lines=True, expand=True)
    table.add_column("Date", no_wrap=True)
    table.add_column("Event", style="bold", ratio=2)
    table.add_column("Who → whom", ratio=4)
    table.add_column("Trigger", ratio=3)
    table.add_column("Article", ratio=3)
    for row in rows:
        date = Text(row.when or "")
        if row.date is None and row.when:
            date.append("\n(published)", style="dim")
        event = Text(" ".join(v for v in (row.type, row.mode) if v))
        if row.cameo:
            event.append(f"\nCAMEO {row.cameo}", style="dim")
        trigger = Text(f"“{row.trigger}”")
        details = [row.modality if row.modality not in ("asserted", "reported" if row.reported_by else "") else None,
                   f"reported by {row.reported_by}" if row.reported_by else None]
        found = [d for d in details if d]
        if found:
            trigger.append("\n" + ", ".join(found), style="dim")
        article = Text(row.title or row.article_id)
        if row.title:
            article.append(f"\n{row.article_id}", style="dim")
        if row.outlet:
            article.append(f"\n{row.outlet}", style="dim")
        who = _who_did_what([a.label() for a in row.source], [a.label() for a in row.target])
        table.add_row(date, event, Text(who), trigger, article)
    return table


def _shortened(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def claims_table(rows: Sequence[ClaimRow]) -> Table:
    """Claim rows as a table: the claim, who asserts, denies or doubts it (with the words that show it), article."""
    table = Table(show_lines=True, expand=True)
    table.add_column("Claim", ratio=4)
    table.add_column("Who holds it", ratio=4)
    table.add_column("Article", ratio=3)
    table.add_column("Date", no_wrap=True)
    for row in rows:
        stances = Text()
        for i, stance in enumerate(row.stances):
            if i:
                stances.append("\n")
            stances.append(f"{stance.stance}: ", style="bold")
            stances.append(stance.name or "(unresolved)")
            stances.append(f" ({_shortened(stance.evidence)})", style="dim")
        article = Text(row.title or row.article_id)
        if row.title:
            article.append(f"\n{row.article_id}", style="dim")
        if row.outlet:
            article.append(f"\n{row.outlet}", style="dim")
        table.add_row(Text(row.text), stances, article, Text(row.published or ""))
    return table


def _actor_names(row: StoryRow, limit: int = 5) -> str:
    return ", ".join(a["name"] for a in row.actors[:limit])


def stories_table(rows: Sequence[StoryRow]) -> Table:
    """Stories as a table: id, title, dates, articles, main actors."""
    table = Table(show_lines=True, expand=True)
    table.add_column("Story", style="bold", no_wrap=True)
    table.add_column("Title", ratio=5)
    table.add_column("Dates", no_wrap=True)
    table.add_column("Articles", justify="right")
    table.add_column("Main actors", ratio=3)
    for row in rows:
        dates = row.first_date or ""
        if row.last_date and row.last_date != row.first_date:
            dates += f" – {row.last_date}"
        table.add_row(Text(row.id), Text(row.title), Text(dates), Text(str(row.articles)), Text(_actor_names(row)))
    return table


def story_view(view: StoryView, timeline_limit: int = 50) -> Group:
    """One story: summary line, its articles, statements with their sources, and its timeline."""
    row = view.story
    head = Text(f"{row.id}  ", style="bold")
    head.append(row.title, style="bold")
    dates = " – ".join(dict.fromkeys(d for d in (row.first_date, row.last_date) if d))
    copies = sum(1 for a in view.articles if a.get("duplicate_of"))
    head.append(f"\n{row.articles} article(s)" + (f" and {copies} cop{'y' if copies == 1 else 'ies'}" if copies else "")
                + (f", {dates}" if dates else ""), style="dim")
    if row.actors:
        head.append("\nMain actors: ", style="bold")
        head.append(_actor_names(row, 8))
    articles = Table(title="Articles", expand=True)
    articles.add_column("Date", no_wrap=True)
    articles.add_column("Outlet")
    articles.add_column("Title", ratio=5)
    articles.add_column("Id", style="dim")
    for a in view.articles:
        title = f"a copy of {a['duplicate_of']}" if a.get("duplicate_of") else (a["title"] or "")
        articles.add_row(Text(a["published"] or ""), Text(a["outlet"] or ""), Text(title), Text(a["id"]))
    statements = Table(title="Statements", show_lines=True, expand=True)
    statements.add_column("Speaker", style="bold", ratio=2)
    statements.add_column("Statement", ratio=6)
    statements.add_column("Sources", ratio=2)
    statements.add_column("Paraphrased in", ratio=2)
    for st in view.statements:
        paraphrases = sorted({q["outlet"] or q["article_id"] for q in st.quotes if q["link"] == "paraphrase"})
        statements.add_row(Text(st.speaker_name or "(unknown)"), Text(st.text), Text(", ".join(st.sources)),
                           Text(", ".join(paraphrases)))
    timeline = Table(title="Timeline", expand=True)
    timeline.add_column("Date", no_wrap=True)
    timeline.add_column("What", style="bold")
    timeline.add_column("", ratio=6)
    timeline.add_column("Evidence", style="dim", no_wrap=True)
    for item in view.timeline[:timeline_limit]:
        when = Text(item.date or "undated")
        if item.kind == "event (published)":
            when.append(" (pub.)", style="dim")
        what = item.label if item.kind != "statement" else f"{item.label} said"
        timeline.add_row(when, Text(what), Text(_shortened(item.text, 160)),
                         Text(f"{item.article_id} [{item.start}, {item.end})"))
    parts: list[Text | Table] = [head, articles]
    if view.statements:
        parts.append(statements)
    if view.timeline:
        parts.append(timeline)
        if len(view.timeline) > timeline_limit:
            parts.append(Text(f"… {len(view.timeline) - timeline_limit} more", style="dim"))
    return Group(*parts)


def claim_groups_table(rows: Sequence[ClaimGroupRow]) -> Table:
    """Claims across outlets: the claim, who asserts it, who denies or doubts it, in how many articles."""
    table = Table(show_lines=True, expand=True)
    table.add_column("Claim", ratio=4)
    table.add_column("Asserted by", ratio=3)
    table.add_column("Denied by", ratio=3)
    table.add_column("Doubted by", ratio=2)
    table.add_column("Articles", justify="right")
    for row in rows:
        table.add_row(Text(row.text), Text("\n".join(row.holders("asserts"))), Text("\n".join(row.holders("denies"))),
                      Text("\n".join(row.holders("doubts"))), Text(str(len(row.members))))
    return table
