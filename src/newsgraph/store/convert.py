"""An ``ArticleRecord`` as the rows of its tables, and back: the rows a write inserts (``_quote_row``,
``_layer_rows``, ``_extras_json``), and the record built from the rows ``_PART_QUERIES`` read
(``_build_record``; ``_grouped`` splits a sorted result by article)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from typing import Any

import duckdb

from newsgraph.records import (
    Actor,
    Article,
    ArticleRecord,
    Claim,
    ClaimStance,
    Entity,
    Event,
    Quantity,
    Quote,
    Span,
    Speaker,
    TimeExpression,
)

QUOTE_JOINER = " … "
Rows = list[tuple[Any, ...]]
_ARTICLE_COLUMNS = "id, text, title, published, source, url, extras, published_from, duplicate_of"
# (table, columns, order within an article) of the parts of a record the relational tables hold
_PART_QUERIES = (
    ("entities", "entity_id, name, type, role, affiliation, named", "entity_index"),
    ("mentions", "entity_id, start_char, end_char", "entity_id, mention_index"),
    ("quotes", "content_spans, cue_start, cue_end, source_start, source_end, kind, speaker_name, "
               "speaker_entity, speaker_role, speaker_affiliation, speech, speaker_named", "quote_index"),
    ("times", "start_char, end_char, type, value, range_begin, range_end", "time_index"),
    ("quantities", "start_char, end_char, value, unit, approx, of, date", "quantity_index"),
    ("events", "event_index, type, mode, context, cameo, modality, trigger_start, trigger_end, sentence_start, "
               "sentence_end, date, reported_by", "event_index"),
    ("event_actors", "event_index, role, code, sector, entity_id, start_char, end_char", "event_index, actor_index"),
    ("claims", "claim_index, start_char, end_char", "claim_index"),
    ("claim_stances", "claim_index, entity_id, name, stance, evidence_start, evidence_end",
                      "claim_index, stance_index"),
)
_LAYER_TABLES: tuple[str, ...] = ("times", "quantities", "events", "event_actors", "claims", "claim_stances")
_RELATIONAL_KEYS = frozenset(("id", "title", "published", "source", "url", "text", "entities", "quotes", "times",
                              "quantities", "events", "claims", "published_from", "duplicate_of"))


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _grouped(cursor: duckdb.DuckDBPyConnection, batch: int) -> Iterator[tuple[str, list[tuple[Any, ...]]]]:
    """(article_id, rows without the id) for a result ordered by article_id first."""
    key: str | None = None
    group: list[tuple[Any, ...]] = []
    while rows := cursor.fetchmany(batch):
        for row in rows:
            if row[0] != key:
                if key is not None:
                    yield key, group
                key, group = row[0], []
            group.append(tuple(row[1:]))
    if key is not None:
        yield key, group


def _build_record(article_row: tuple[Any, ...], parts: Sequence[Rows]) -> ArticleRecord:
    """A record from its article row and the rows of each of ``_PART_QUERIES``, in that order."""
    entity_rows, mention_rows, quote_rows, time_rows, quantity_rows, event_rows, actor_rows, claim_rows, \
        stance_rows = parts
    article_id, text, title, published, source, url, extras, published_from, duplicate_of = article_row
    article = Article(id=article_id, text=text, title=title, published=published, source=source, url=url,
                      published_from=published_from, duplicate_of=duplicate_of,
                      author=json.loads(extras).get("author"))
    record = ArticleRecord.from_dict({**json.loads(extras), **article.to_dict()})
    mentions: dict[str, list[Span]] = {}
    for entity_id, start, end in mention_rows:
        mentions.setdefault(entity_id, []).append(Span(start, end))
    record.entities = [
        Entity(id=e_id, name=name, type=type_, mentions=mentions.get(e_id, []), role=role,
               affiliation=affiliation, named=named is not False)
        for e_id, name, type_, role, affiliation, named in entity_rows
    ]
    record.quotes = [_quote_from_row(r) for r in quote_rows]
    record.times = [TimeExpression(start, end, type_, value, begin, end_value)
                    for start, end, type_, value, begin, end_value in time_rows]
    record.quantities = [Quantity(start, end, value, unit, approx, of, date)
                         for start, end, value, unit, approx, of, date in quantity_rows]
    actors: dict[tuple[int, str], list[Actor]] = {}
    for event_index, role, code, sector, entity_id, start, end in actor_rows:
        actors.setdefault((event_index, role), []).append(Actor(start, end, code, sector, entity_id))
    record.events = [
        Event(type=type_, trigger=Span(t_start, t_end), sentence=Span(s_start, s_end), mode=mode, context=context,
              cameo=cameo, modality=modality, source=actors.get((index, "source"), []),
              target=actors.get((index, "target"), []), date=date, reported_by=reported_by)
        for index, type_, mode, context, cameo, modality, t_start, t_end, s_start, s_end, date, reported_by
        in event_rows
    ]
    stances: dict[int, list[ClaimStance]] = {}
    for claim_index, entity_id, name, stance, start, end in stance_rows:
        stances.setdefault(claim_index, []).append(ClaimStance(entity_id, stance, Span(start, end), name))
    record.claims = [Claim(Span(start, end), stances.get(index, [])) for index, start, end in claim_rows]
    return record


def _layer_rows(record: ArticleRecord) -> dict[str, Rows]:
    """The rows of the times, quantities, events and claims tables for one record."""
    article_id, text = record.id, record.text
    names = {e.id: e.name for e in record.entities}
    rows: dict[str, Rows] = {table: [] for table in _LAYER_TABLES}
    rows["times"] = [(article_id, i, t.start, t.end, text[t.start:t.end], t.type, t.value, t.begin, t.end_value)
                     for i, t in enumerate(record.times)]
    rows["quantities"] = [(article_id, i, q.start, q.end, text[q.start:q.end], q.value, q.unit, q.approx, q.of,
                           q.date) for i, q in enumerate(record.quantities)]
    for i, e in enumerate(record.events):
        rows["events"].append((article_id, i, e.type, e.mode, e.context, e.cameo, e.modality, e.trigger.start,
                               e.trigger.end, e.trigger.text_of(text), e.sentence.start, e.sentence.end,
                               e.sentence.text_of(text), e.date, e.reported_by))
        for role, actors in (("source", e.source), ("target", e.target)):
            rows["event_actors"] += [
                (article_id, i, role, j, a.code, a.sector, a.entity, names.get(a.entity) if a.entity else None,
                 a.start, a.end, text[a.start:a.end])
                for j, a in enumerate(actors)
            ]
    for i, c in enumerate(record.claims):
        rows["claims"].append((article_id, i, c.text.start, c.text.end, c.text.text_of(text)))
        rows["claim_stances"] += [(article_id, i, j, s.entity, s.name, s.stance, s.evidence.start, s.evidence.end,
                                   s.evidence.text_of(text)) for j, s in enumerate(c.stances)]
    return rows


def _extras_json(record: ArticleRecord) -> str:
    """The parts of a record the relational tables do not hold, as JSON."""
    return json.dumps({k: v for k, v in record.to_dict().items() if k not in _RELATIONAL_KEYS},
                      ensure_ascii=False)


def _quote_row(article: Article, index: int, quote: Quote) -> tuple[Any, ...]:
    text = article.text
    speaker = quote.speaker
    return (
        article.id, index, f"{article.id}#{index}", quote.kind,
        json.dumps([s.to_dict() for s in quote.content]), quote.content_text(text, QUOTE_JOINER),
        quote.start, quote.end,
        quote.cue.start if quote.cue else None, quote.cue.end if quote.cue else None,
        quote.cue.text_of(text) if quote.cue else None,
        quote.source.start if quote.source else None, quote.source.end if quote.source else None,
        quote.source.text_of(text) if quote.source else None,
        speaker.name if speaker else None, speaker.entity if speaker else None,
        speaker.role if speaker else None, speaker.affiliation if speaker else None, quote.speech,
        speaker.named if speaker else None,
    )


def _quote_from_row(row: tuple[Any, ...]) -> Quote:
    (spans, cue_start, cue_end, source_start, source_end, kind, name, entity, role, affiliation, speech,
     named) = row
    return Quote(
        content=[Span.from_dict(s) for s in json.loads(spans)],
        cue=Span(cue_start, cue_end) if cue_start is not None else None,
        source=Span(source_start, source_end) if source_start is not None else None,
        kind=kind,
        # an unresolved speaker has no name: kept when stored so (speaker_named False)
        speaker=None if name is None and named is not False else Speaker(name, entity, role, affiliation,
                                                                       named=named is not False),
        speech=speech is not False,
    )
