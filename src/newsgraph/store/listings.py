"""Reading across articles: stories and their articles, statements (one quote however many outlets carry it),
claim groups, the actor graph's edges, story timelines, and the article and corpus-entity listings of the
HTTP API."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from newsgraph.errors import NotFoundError
from newsgraph.store.queries import _DAY_PREFIX, _EVENT_WHEN, _LIMIT_OFFSET, QueryMixin, _like_pattern
from newsgraph.store.rows import (
    ArticleRow,
    ClaimGroupRow,
    CorpusEntityRow,
    EdgeRow,
    StatementRow,
    StoryRow,
    TimelineItem,
)


def _story_row(row: Sequence[Any]) -> StoryRow:
    return StoryRow(row[0], row[1], row[2], row[3], int(row[4]), tuple(json.loads(row[5])))


class ListingMixin(QueryMixin):
    """The cross-article reading of ``Store``."""

    def stories(self, search: str | None = None, limit: int | None = 20, offset: int = 0) -> list[StoryRow]:
        """Stories, most recent last date first (then the largest); ``search``: words in the title."""
        sql = "SELECT id, title, first_date, last_date, articles, actors FROM stories"
        params: list[Any] = []
        if search:
            sql += " WHERE title ILIKE ? ESCAPE '\\'"
            params.append(_like_pattern(search))
        sql += " ORDER BY last_date DESC NULLS LAST, articles DESC, id"
        sql += _LIMIT_OFFSET
        params += [limit, int(offset)]
        return [_story_row(row) for row in self.con.execute(sql, params).fetchall()]

    def story(self, story_id: str) -> StoryRow:
        row = self.con.execute("SELECT id, title, first_date, last_date, articles, actors FROM stories WHERE id = ?",
                               [story_id]).fetchone()
        if row is None:
            raise NotFoundError(f"no story with id {story_id!r}")
        return _story_row(row)

    def story_articles(self, story_id: str, copies: bool = False) -> list[dict[str, Any]]:
        """The story's articles (id, title, outlet, published), oldest first; with ``copies``, after them the
        stored copies of them, each with ``duplicate_of`` (schema v5)."""
        rows = self.con.execute(
            "SELECT a.id, a.title, a.source, a.published FROM article_story s JOIN articles a ON a.id = s.article_id "
            "WHERE s.story_id = ? ORDER BY a.published NULLS LAST, s.seq", [story_id]).fetchall()
        out = [{"id": r[0], "title": r[1], "outlet": r[2], "published": r[3]} for r in rows]
        if copies:
            for original, found in self.copies_of([r[0] for r in rows]).items():
                out += [{"id": c["id"], "title": None, "outlet": c["outlet"], "published": c["published"],
                         "duplicate_of": original} for c in found]
        return out

    def corpus_ids(self, article_id: str) -> dict[str, str]:
        """The corpus entity id of each of an article's entities (by its id within the article)."""
        rows = self.con.execute("SELECT entity_id, corpus_id FROM entity_links WHERE article_id = ?",
                                [article_id]).fetchall()
        return dict(rows)

    def story_of(self, article_id: str) -> str | None:
        row = self.con.execute("SELECT story_id FROM article_story WHERE article_id = ?", [article_id]).fetchone()
        return row[0] if row else None

    def statements(self, story_id: str | None = None, limit: int | None = None,
                   offset: int = 0) -> list[StatementRow]:
        """Statements (one quote however many outlets carry it) with every source and paraphrase, the most
        widely reported first."""
        # a statement belongs to every story one of its quotes' articles is in
        where = ("WHERE st.id IN (SELECT statement_id FROM statement_quotes WHERE article_id IN "
                 "(SELECT article_id FROM article_story WHERE story_id = ?))") if story_id else ""
        params: list[Any] = [story_id] if story_id else []
        sql = f"""
            SELECT st.id, st.story_id, st.speaker_id, st.speaker_name, st.text,
                   list(struct_pack(article_id := sq.article_id, quote_index := sq.quote_index, link := sq.link,
                                    similarity := sq.similarity, outlet := a.source, published := a.published,
                                    content := q.content_text, start := q.start_char, "end" := q.end_char)
                        ORDER BY a.published NULLS LAST, sq.article_id, sq.quote_index) AS quotes,
                   count(*) FILTER (WHERE sq.link = 'same') AS n_same
            FROM statements st JOIN statement_quotes sq ON sq.statement_id = st.id
            JOIN articles a ON a.id = sq.article_id
            JOIN quotes q ON q.article_id = sq.article_id AND q.quote_index = sq.quote_index
            {where}
            GROUP BY st.id, st.story_id, st.speaker_id, st.speaker_name, st.text
            ORDER BY n_same DESC, st.id
        """
        sql += _LIMIT_OFFSET
        params += [limit, int(offset)]
        rows = self.con.execute(sql, params).fetchall()
        copies = self.copies_of(sorted({q["article_id"] for row in rows for q in row[5] if q["link"] == "same"}))
        out = []
        for row in rows:
            quotes = list(row[5])
            quotes += [{**q, "article_id": c["id"], "link": "copy", "similarity": c["similarity"],
                        "outlet": c["outlet"], "published": c["published"]}
                       for q in row[5] if q["link"] == "same" for c in copies.get(q["article_id"], [])]
            out.append(StatementRow(row[0], row[1], row[2], row[3], row[4], tuple(quotes)))
        return out

    def claim_groups(self, story_id: str | None = None, limit: int | None = None,
                     offset: int = 0) -> list[ClaimGroupRow]:
        """Claims across articles: each proposition with every article's wording and who asserts, denies or
        doubts it there (holders by corpus entity), the most widely held first."""
        where = "WHERE g.story_id = ?" if story_id else ""
        params: list[Any] = [story_id] if story_id else []
        sql = f"""
            WITH holders AS (
                SELECT s.article_id, s.claim_index,
                       list(struct_pack(entity := coalesce(l.corpus_id, s.entity_id),
                                        name := coalesce(s.name, ce.name), stance := s.stance,
                                        evidence := s.evidence_text) ORDER BY s.stance_index) AS stances
                FROM claim_stances s
                LEFT JOIN entity_links l ON l.article_id = s.article_id AND l.entity_id = s.entity_id
                LEFT JOIN corpus_entities ce ON ce.id = l.corpus_id
                GROUP BY s.article_id, s.claim_index
            )
            SELECT g.id, g.story_id, g.text,
                   list(struct_pack(article_id := cl.article_id, claim_index := cl.claim_index, link := cl.link,
                                    similarity := cl.similarity, outlet := a.source, published := a.published,
                                    text := c.text, stances := h.stances)
                        ORDER BY a.published NULLS LAST, cl.article_id, cl.claim_index) AS members
            FROM claim_groups g JOIN claim_links cl ON cl.group_id = g.id
            JOIN articles a ON a.id = cl.article_id
            JOIN claims c ON c.article_id = cl.article_id AND c.claim_index = cl.claim_index
            LEFT JOIN holders h ON h.article_id = cl.article_id AND h.claim_index = cl.claim_index
            {where}
            GROUP BY g.id, g.story_id, g.text
            ORDER BY count(*) DESC, g.id
        """
        sql += _LIMIT_OFFSET
        params += [limit, int(offset)]
        out = []
        for gid, sid, text, members in self.con.execute(sql, params).fetchall():
            for m in members:
                m["stances"] = list(m["stances"] or [])
            out.append(ClaimGroupRow(gid, sid, text, tuple(members)))
        return out

    def actor_edges(self, story_id: str | None = None) -> list[EdgeRow]:
        """Weighted edges between corpus entities: "acts_on" (an event's source -> its target, one per event)
        and "speaks_about" (a quote's speaker -> an entity mentioned in the quote, one per quote), over one
        story or the whole corpus."""
        story = "AND x.article_id IN (SELECT article_id FROM article_story WHERE story_id = ?)" if story_id else ""
        params = [story_id] * 2 if story_id else []
        sql = f"""
            WITH acts AS (
                SELECT DISTINCT x.article_id, x.event_index, ls.corpus_id AS src, lt.corpus_id AS tgt
                FROM event_actors x JOIN event_actors y
                  ON y.article_id = x.article_id AND y.event_index = x.event_index AND y.role = 'target'
                JOIN entity_links ls ON ls.article_id = x.article_id AND ls.entity_id = x.entity_id
                JOIN entity_links lt ON lt.article_id = y.article_id AND lt.entity_id = y.entity_id
                WHERE x.role = 'source' {story}
            ), talk AS (
                SELECT DISTINCT x.article_id, x.quote_index, ls.corpus_id AS src, lt.corpus_id AS tgt
                FROM quotes x JOIN mentions m ON m.article_id = x.article_id
                 AND m.start_char >= x.start_char AND m.end_char <= x.end_char
                 AND NOT (x.source_start IS NOT NULL AND m.start_char < x.source_end AND m.end_char > x.source_start)
                JOIN entity_links ls ON ls.article_id = x.article_id AND ls.entity_id = x.speaker_entity
                JOIN entity_links lt ON lt.article_id = m.article_id AND lt.entity_id = m.entity_id
                WHERE true {story}
            ), edges AS (
                SELECT 'acts_on' AS kind, src, tgt, count(*) AS weight FROM acts WHERE src <> tgt GROUP BY src, tgt
                UNION ALL
                SELECT 'speaks_about', src, tgt, count(*) FROM talk WHERE src <> tgt GROUP BY src, tgt
            )
            SELECT e.kind, e.src, s.name, s.type, s.code, e.tgt, t.name, t.type, t.code, e.weight
            FROM edges e JOIN corpus_entities s ON s.id = e.src JOIN corpus_entities t ON t.id = e.tgt
            ORDER BY e.weight DESC, e.kind, e.src, e.tgt
        """
        return [EdgeRow(*row) for row in self.con.execute(sql, params).fetchall()]

    def story_timeline(self, story_id: str) -> list[TimelineItem]:
        """The story's events and statements in time order: an event by its own date, else its article's
        publication date; a statement by the first publication that carries it. Each with its evidence
        span (article, [start, end))."""
        events = self.con.execute(f"""
            SELECT e.article_id, e.event_index, {_EVENT_WHEN} AS event_when, e.date IS NOT NULL
                   AND regexp_matches(e.date, {_DAY_PREFIX}), e.type, e.trigger_start, e.trigger_end,
                   e.sentence_text, a.source
            FROM events e JOIN articles a ON a.id = e.article_id
            WHERE e.article_id IN (SELECT article_id FROM article_story WHERE story_id = ?)""", [story_id]).fetchall()
        items = [TimelineItem(when, "event" if dated else "event (published)", kind, sentence, article_id,
                              start, end, outlet)
                 for article_id, _, when, dated, kind, start, end, sentence, outlet in events]
        for statement in self.statements(story_id):
            first = next((q for q in statement.quotes if q["link"] == "same"), statement.quotes[0])
            date_prefix = re.match(r"\d{4}(-\d{2}(-\d{2})?)?", first["published"] or "")
            items.append(TimelineItem(date_prefix.group(0) if date_prefix else None, "statement",
                                      statement.speaker_name or "(unknown)", statement.text, first["article_id"],
                                      first["start"], first["end"], first["outlet"]))
        items.sort(key=lambda i: (i.date is None, i.date or "", i.article_id, i.start))
        return items

    # -- listings for the HTTP API ---------------------------------------------------------------

    def articles(self, search: str | None = None, source: str | None = None, story_id: str | None = None,
                 limit: int | None = 50, offset: int = 0) -> list[ArticleRow]:
        """Stored articles, newest first: ``search`` in the title or text, ``source`` in the outlet (substring,
        any case), ``story_id``: that story's articles only."""
        where: list[str] = []
        params: list[Any] = []
        if search:
            where.append("(a.title ILIKE ? ESCAPE '\\' OR a.text ILIKE ? ESCAPE '\\')")
            params += [_like_pattern(search)] * 2
        if source:
            where.append("a.source ILIKE ? ESCAPE '\\'")
            params.append(_like_pattern(source))
        if story_id:
            where.append("coalesce(s.story_id, o.story_id) = ?")
            params.append(story_id)
        sql = ("SELECT a.id, a.title, a.source, a.published, a.url, coalesce(s.story_id, o.story_id), "
               "(SELECT count(*) FROM quotes q WHERE q.article_id = coalesce(a.duplicate_of, a.id)), a.duplicate_of "
               "FROM articles a LEFT JOIN article_story s ON s.article_id = a.id "
               "LEFT JOIN article_story o ON o.article_id = a.duplicate_of")
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY a.published DESC NULLS LAST, a.id" + _LIMIT_OFFSET
        params += [limit, int(offset)]
        return [ArticleRow(*row) for row in self.con.execute(sql, params).fetchall()]

    def corpus_entities(self, search: str | None = None, type: str | None = None, limit: int | None = 50,
                        offset: int = 0, entity_id: str | None = None) -> list[CorpusEntityRow]:
        """Corpus-wide entities with how many articles and mentions each has, the most widespread first:
        ``search`` in the name (substring, any case), ``type`` (any case), or the one ``entity_id``."""
        where: list[str] = []
        params: list[Any] = []
        if search:
            where.append("ce.name ILIKE ? ESCAPE '\\'")
            params.append(_like_pattern(search))
        if type:
            where.append("upper(ce.type) = upper(?)")
            params.append(type.strip())
        if entity_id is not None:
            where.append("ce.id = ?")
            params.append(entity_id)
        sql = """
            WITH per_link AS (
                SELECT l.corpus_id, l.article_id,
                       (SELECT count(*) FROM mentions m WHERE m.article_id = l.article_id
                          AND m.entity_id = l.entity_id) AS mentions
                FROM entity_links l
            ), totals AS (
                SELECT corpus_id, count(DISTINCT article_id) AS articles, sum(mentions) AS mentions
                FROM per_link GROUP BY corpus_id
            )
            SELECT ce.id, ce.name, ce.type, ce.code, coalesce(t.articles, 0), coalesce(t.mentions, 0)
            FROM corpus_entities ce LEFT JOIN totals t ON t.corpus_id = ce.id
        """
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY 5 DESC, 6 DESC, ce.id" + _LIMIT_OFFSET
        params += [limit, int(offset)]
        return [CorpusEntityRow(r[0], r[1], r[2], r[3], int(r[4]), int(r[5]))
                for r in self.con.execute(sql, params).fetchall()]

    def corpus_entity(self, entity_id: str) -> CorpusEntityRow:
        """One corpus entity; NotFoundError if there is none."""
        found = self.corpus_entities(entity_id=entity_id, limit=1)
        if not found:
            raise NotFoundError(f"no entity with id {entity_id!r}")
        return found[0]

    def entity_articles(self, entity_id: str) -> list[dict[str, Any]]:
        """The articles naming a corpus entity (id, title, outlet, published, mentions, local_id), newest first."""
        rows = self.con.execute(
            "SELECT a.id, a.title, a.source, a.published, l.entity_id, "
            "(SELECT count(*) FROM mentions m WHERE m.article_id = l.article_id AND m.entity_id = l.entity_id) "
            "FROM entity_links l JOIN articles a ON a.id = l.article_id WHERE l.corpus_id = ? "
            "ORDER BY a.published DESC NULLS LAST, a.id", [entity_id]).fetchall()
        return [{"id": r[0], "title": r[1], "outlet": r[2], "published": r[3], "local_id": r[4], "mentions": int(r[5])}
                for r in rows]
