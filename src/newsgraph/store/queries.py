"""Reading what the store holds of each article: counts, records (one, or all of them streamed), the stored
copies of articles, and the quote, event and claim listings with their filters; with the SQL fragments the
listings share (dates compared at the precision both have, ILIKE patterns, LIMIT and OFFSET)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any

from newsgraph.errors import NotFoundError
from newsgraph.records import ArticleRecord
from newsgraph.search import SPEAKER_LABEL_SQL, QuoteFilter, shared_catalogue
from newsgraph.store.convert import _ARTICLE_COLUMNS, _PART_QUERIES, _build_record, _grouped
from newsgraph.store.rows import ActorRow, ClaimRow, EventRow, QuoteRow, StanceRow
from newsgraph.store.schema import TABLES
from newsgraph.store.search_index import _FTS_SCHEMA, SearchIndexMixin

_DAY_PREFIX = r"'^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?'"
# The calendar part (YYYY, YYYY-MM or YYYY-MM-DD) of an event's date, else of its article's publication date.
_EVENT_WHEN = (f"coalesce(nullif(regexp_extract(e.date, {_DAY_PREFIX}, 0), ''), "
               f"nullif(regexp_extract(a.published, {_DAY_PREFIX}, 0), ''))")
_CALENDAR_DATE = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?")
# LIMIT NULL is no limit; OFFSET skips rows
_LIMIT_OFFSET = " LIMIT ? OFFSET ?"


def check_calendar_date(value: str) -> str:
    """A --from/--to bound: YYYY, YYYY-MM or YYYY-MM-DD; ValueError otherwise."""
    if not _CALENDAR_DATE.fullmatch(value):
        raise ValueError(f"{value!r} is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD")
    return value


def _like_pattern(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _actor_rows(structs: list[dict[str, Any]] | None) -> tuple[ActorRow, ...]:
    return tuple(ActorRow(**a) for a in structs or ())


class QueryMixin(SearchIndexMixin):
    """The per-article reading of ``Store``."""

    def counts(self, tables: Sequence[str] = TABLES) -> dict[str, int]:
        """Rows per table: the article tables (``TABLES``), or those given (e.g. ``ALL_TABLES``)."""
        out = {}
        for table in tables:
            row = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()
            out[table] = int(row[0]) if row else 0
        return out

    def has_article(self, article_id: str) -> bool:
        return self.con.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone() is not None

    def article_ids(self) -> list[str]:
        return [r[0] for r in self.con.execute("SELECT id FROM articles ORDER BY id").fetchall()]

    def record(self, article_id: str) -> ArticleRecord:
        """The stored record of one article; NotFoundError if there is none."""
        query = f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?"
        row = self.con.execute(query, [article_id]).fetchone()
        if row is None:
            raise NotFoundError(f"no article with id {article_id!r}")
        parts = [
            self.con.execute(f"SELECT {columns} FROM {table} WHERE article_id = ? ORDER BY {order}",
                             [article_id]).fetchall()
            for table, columns, order in _PART_QUERIES
        ]
        return _build_record(row, parts)

    def records(self, batch: int = 1000) -> Iterator[ArticleRecord]:
        """Every stored record in id order, streamed (four sorted scans merged, not a query per article)."""
        articles = self.con.cursor().execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles ORDER BY id")
        parts = [
            _grouped(self.con.cursor().execute(
                f"SELECT article_id, {columns} FROM {table} ORDER BY article_id, {order}"), batch)
            for table, columns, order in _PART_QUERIES
        ]
        pending: list[tuple[str, list[tuple[Any, ...]]] | None] = [next(p, None) for p in parts]
        while rows := articles.fetchmany(batch):
            for row in rows:
                article_id = row[0]
                found: list[list[tuple[Any, ...]]] = []
                for i, part in enumerate(parts):
                    while pending[i] is not None and pending[i][0] < article_id:  # type: ignore[index]
                        pending[i] = next(part, None)  # rows of no stored article: never written together
                    current = pending[i]
                    if current is not None and current[0] == article_id:
                        found.append(current[1])
                        pending[i] = next(part, None)
                    else:
                        found.append([])
                yield _build_record(row, found)

    def copies_of(self, article_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
        """The stored copies of each of these articles: {original id: [{id, outlet, url, published}, ...]}."""
        if not article_ids:
            return {}
        rows = self.con.execute(
            "SELECT duplicate_of, id, source, url, published, duplicate_similarity FROM articles "
            "WHERE duplicate_of IN (SELECT unnest(?)) ORDER BY published NULLS LAST, id", [list(article_ids)]
        ).fetchall()
        out: dict[str, list[dict[str, Any]]] = {}
        for original, copy_id, outlet, url, published, similarity in rows:
            out.setdefault(original, []).append({"id": copy_id, "outlet": outlet, "url": url, "published": published,
                                                 "similarity": similarity})
        return out

    def quotes(self, speaker: str | None = None, search: str | None = None, outlet: str | None = None,
               article_id: str | None = None, limit: int | None = 20, date_from: str | None = None,
               date_to: str | None = None, story_id: str | None = None, offset: int = 0,
               entity_id: str | None = None, speech: bool | None = None) -> list[QuoteRow]:
        """Stored quotes, filtered (see ``_quotes``), each once however many copies of its article are stored, with
        every outlet that carried it (``outlet`` matches a copy's outlet too)."""
        rows = self._quotes(speaker, search, outlet, article_id, limit, date_from, date_to, story_id, offset,
                            entity_id, speech)
        copies = self.copies_of(sorted({r.article_id for r in rows}))
        if not copies:
            return rows
        out = []
        for row in rows:
            carried = copies.get(row.article_id, [])
            outlets = tuple(dict.fromkeys(o for o in (row.outlet, *(c["outlet"] for c in carried)) if o))
            out.append(replace(row, outlets=outlets, copies=tuple(c["id"] for c in carried)))
        return out

    def _quotes(self, speaker: str | None = None, search: str | None = None, outlet: str | None = None,
                article_id: str | None = None, limit: int | None = 20, date_from: str | None = None,
                date_to: str | None = None, story_id: str | None = None, offset: int = 0,
                entity_id: str | None = None, speech: bool | None = None) -> list[QuoteRow]:
        """Stored quotes, filtered; a ``search`` ranks by full-text relevance (or substring fallback).

        ``date_from``/``date_to`` (YYYY[-MM[-DD]], inclusive) bound the article's publication date, compared at
        the precision both have (ValueError for a bound that is not such a date); ``story_id``: only quotes of
        that story's articles; ``entity_id``: only quotes whose speaker is that corpus entity; ``speech``: True for
        statements only (acts of saying or writing), False for reported beliefs, findings and plans only, None
        for both; ``offset``: rows skipped before the ``limit``.
        """
        version = self._search_version() if self.hold_quotes else None
        if version is not None:
            for bound in (date_from, date_to):
                if bound:
                    check_calendar_date(bound)
            catalogue = shared_catalogue(self.con, _FTS_SCHEMA, self.path, version)
            wanted = QuoteFilter(speaker=speaker, outlet=outlet, article_id=article_id, story_id=story_id,
                                 date_from=date_from, date_to=date_to, search=search, entity_id=entity_id,
                                 speech=speech)
            return [QuoteRow(*r) for r in catalogue.query(self.con, wanted, limit, int(offset))]
        where: list[str] = []
        params: list[Any] = []
        score = "NULL"
        if story_id:
            where.append("q.article_id IN (SELECT article_id FROM article_story WHERE story_id = ?)")
            params.append(story_id)
        if speech is not None:
            where.append("q.speech IS NOT FALSE" if speech else "q.speech IS FALSE")
        day = f"regexp_extract(a.published, {_DAY_PREFIX}, 0)"
        precision = f"least(length({day}), length(?))"
        for bound, compare in ((date_from, ">="), (date_to, "<=")):
            if bound:
                where.append(f"{day} <> '' AND left({day}, {precision}) {compare} left(?, {precision})")
                params += [check_calendar_date(bound)] * 3
        if speaker:
            where.append("q.speaker_name ILIKE ? ESCAPE '\\'")
            params.append(_like_pattern(speaker))
        if outlet:
            where.append("(a.source ILIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM articles c "
                         "WHERE c.duplicate_of = a.id AND c.source ILIKE ? ESCAPE '\\'))")
            params += [_like_pattern(outlet)] * 2
        if article_id:
            where.append("q.article_id = ?")
            params.append(article_id)
        if entity_id:
            where.append("EXISTS (SELECT 1 FROM entity_links l WHERE l.article_id = q.article_id "
                         "AND l.entity_id = q.speaker_entity AND l.corpus_id = ?)")
            params.append(entity_id)
        index = self.search_index() if search else None
        if search and index is None:
            where.append("q.content_text ILIKE ? ESCAPE '\\'")
            params.append(_like_pattern(search))
        source = "quotes q"
        if index is not None:
            # Filters narrow the matches in SQL; without them, only the best offset + limit are needed.
            top = None if where or limit is None else int(offset) + limit
            names, scores = index.ranked(self.con, search or "", top)
            if not names:
                return []
            source = "quotes q JOIN _newsgraph_matches m ON m.quote_id = q.quote_id"
            score = "m.score"
        sql = (
            f"SELECT q.article_id, q.quote_index, a.title, a.source, a.published, {SPEAKER_LABEL_SQL}, "
            "q.speaker_role, q.speaker_affiliation, q.content_text, q.kind, q.speech "
            f"FROM {source} JOIN articles a ON a.id = q.article_id"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        order = f"{score} DESC, " if index is not None else ""
        sql += f" ORDER BY {order}a.published DESC NULLS LAST, q.article_id, q.quote_index"
        sql += _LIMIT_OFFSET
        params += [limit, int(offset)]
        if index is None:
            rows = self.con.execute(sql, params).fetchall()
            return [QuoteRow(*r) for r in rows]
        import pyarrow as pa

        self.con.register("_newsgraph_matches", pa.table({"quote_id": pa.array(names, type=pa.string()),
                                                          "score": pa.array(scores, type=pa.float64())}))
        try:
            rows = self.con.execute(sql, params).fetchall()
        finally:
            self.con.unregister("_newsgraph_matches")
        return [QuoteRow(*r) for r in rows]

    def events(self, actor: str | None = None, type: str | None = None, date_from: str | None = None,
               date_to: str | None = None, article_id: str | None = None, modality: str | None = None,
               limit: int | None = 20, story_id: str | None = None, offset: int = 0,
               entity_id: str | None = None) -> list[EventRow]:
        """Stored events, newest first, filtered (``story_id``: of that story's articles only; ``entity_id``:
        with that corpus entity as a source or target).

        ``actor``: a source or target whose entity name or mention contains it (any case), or whose code is
        it ("RUS", or code and sector: "RUS MIL", "RUSMIL"). ``type``: the PLOVER type (any case).
        ``date_from``/``date_to`` (YYYY, YYYY-MM or YYYY-MM-DD, both inclusive): the event's date -- else
        its article's publication date -- falls in the range, compared at the precision both have (an
        event dated "2022-02" is within --from 2022-02-15). ValueError for a bound that is not such a date.
        """
        where: list[str] = []
        params: list[Any] = []
        if actor:
            pattern = _like_pattern(actor.strip())
            where.append(
                "EXISTS (SELECT 1 FROM event_actors x WHERE x.article_id = ev.article_id "
                "AND x.event_index = ev.event_index AND (x.entity_name ILIKE ? ESCAPE '\\' "
                "OR x.text ILIKE ? ESCAPE '\\' OR upper(x.code) = upper(?) "
                "OR upper(x.code || coalesce(x.sector, '')) = upper(?)))")
            params += [pattern, pattern, actor.strip(), re.sub(r"[\s+/-]", "", actor)]
        if entity_id:
            where.append(
                "EXISTS (SELECT 1 FROM event_actors x JOIN entity_links l ON l.article_id = x.article_id "
                "AND l.entity_id = x.entity_id WHERE x.article_id = ev.article_id AND x.event_index = ev.event_index "
                "AND l.corpus_id = ?)")
            params.append(entity_id)
        if type:
            where.append("upper(ev.type) = upper(?)")
            params.append(type.strip())
        if modality:
            where.append("lower(ev.modality) = lower(?)")
            params.append(modality.strip())
        if article_id:
            where.append("ev.article_id = ?")
            params.append(article_id)
        if story_id:
            where.append("ev.article_id IN (SELECT article_id FROM article_story WHERE story_id = ?)")
            params.append(story_id)
        precision = "least(length(ev.event_when), length(?))"
        if date_from:
            where.append(f"left(ev.event_when, {precision}) >= left(?, {precision})")
            params += [check_calendar_date(date_from)] * 3
        if date_to:
            where.append(f"left(ev.event_when, {precision}) <= left(?, {precision})")
            params += [check_calendar_date(date_to)] * 3
        actor_struct = ("struct_pack(code := code, sector := sector, entity := entity_id, name := entity_name, "
                        "text := text)")
        sql = f"""
            WITH ev AS (
                SELECT e.article_id, e.event_index, a.title, a.source AS outlet, a.published, e.type, e.mode,
                       e.context, e.cameo, e.modality, e.trigger_text, e.sentence_text, e.date,
                       {_EVENT_WHEN} AS event_when, q.speaker_name AS reporter, e.reported_by
                FROM events e JOIN articles a ON a.id = e.article_id
                LEFT JOIN quotes q ON q.article_id = e.article_id AND q.quote_index = e.reported_by
            ), actors AS (
                SELECT article_id, event_index,
                       list({actor_struct} ORDER BY actor_index) FILTER (WHERE role = 'source') AS sources,
                       list({actor_struct} ORDER BY actor_index) FILTER (WHERE role = 'target') AS targets
                FROM event_actors GROUP BY article_id, event_index
            )
            SELECT ev.article_id, ev.event_index, ev.title, ev.outlet, ev.published, ev.type, ev.mode,
                   ev.context, ev.cameo, ev.modality, ev.trigger_text, ev.sentence_text, ev.date, ev.event_when,
                   ev.reporter, ev.reported_by, actors.sources, actors.targets
            FROM ev LEFT JOIN actors ON actors.article_id = ev.article_id AND actors.event_index = ev.event_index
        """
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY ev.event_when DESC NULLS LAST, ev.article_id, ev.event_index"
        sql += _LIMIT_OFFSET
        params += [limit, int(offset)]
        rows = self.con.execute(sql, params).fetchall()
        return [EventRow(*[*row[:16], _actor_rows(row[16]), _actor_rows(row[17])]) for row in rows]

    def claims(self, entity: str | None = None, stance: str | None = None, search: str | None = None,
               article_id: str | None = None, limit: int | None = 20, story_id: str | None = None,
               offset: int = 0) -> list[ClaimRow]:
        """Stored claims with every stance on them, newest article first (``story_id``: of that story only).

        ``entity`` and ``stance`` select the claims one holder matching both takes: a name containing
        ``entity`` (any case) or that entity id, holding ``stance`` (asserts, denies or doubts). ``search``:
        words the claim's text contains (substring, any case).
        """
        where: list[str] = []
        params: list[Any] = []
        holder: list[str] = []
        if entity:
            holder.append("(st.name ILIKE ? ESCAPE '\\' OR st.entity_id = ?)")
            params += [_like_pattern(entity.strip()), entity.strip()]
        if stance:
            holder.append("lower(st.stance) = lower(?)")
            params.append(stance.strip())
        if holder:
            where.append("EXISTS (SELECT 1 FROM st WHERE st.article_id = c.article_id "
                         f"AND st.claim_index = c.claim_index AND {' AND '.join(holder)})")
        if search:
            where.append("c.text ILIKE ? ESCAPE '\\'")
            params.append(_like_pattern(search))
        if article_id:
            where.append("c.article_id = ?")
            params.append(article_id)
        if story_id:
            where.append("c.article_id IN (SELECT article_id FROM article_story WHERE story_id = ?)")
            params.append(story_id)
        sql = """
            WITH st AS (
                SELECT s.article_id, s.claim_index, s.stance_index, s.entity_id, coalesce(s.name, en.name) AS name,
                       s.stance, s.evidence_text
                FROM claim_stances s LEFT JOIN (
                    SELECT article_id, entity_id, any_value(name) AS name FROM entities GROUP BY article_id, entity_id
                ) en ON en.article_id = s.article_id AND en.entity_id = s.entity_id
            ), grouped AS (
                SELECT article_id, claim_index,
                       list(struct_pack(entity := entity_id, name := name, stance := stance,
                                        evidence := evidence_text) ORDER BY stance_index) AS stances
                FROM st GROUP BY article_id, claim_index
            )
            SELECT c.article_id, c.claim_index, a.title, a.source, a.published, c.text, g.stances
            FROM claims c JOIN articles a ON a.id = c.article_id
            LEFT JOIN grouped g ON g.article_id = c.article_id AND g.claim_index = c.claim_index
        """
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY a.published DESC NULLS LAST, c.article_id, c.claim_index"
        sql += _LIMIT_OFFSET
        params += [limit, int(offset)]
        rows = self.con.execute(sql, params).fetchall()
        return [ClaimRow(*[*row[:6], tuple(StanceRow(**s) for s in row[6] or ())]) for row in rows]
