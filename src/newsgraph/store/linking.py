"""Linking across articles, within the transaction that writes them: each article's story and corpus entities
(by a ``story.CorpusLinker``), its quotes joined to statements and its claims to claim groups (through
``_LinkIndex``, an in-memory mirror of the stored ones), and the rows of the stories and corpus entities they
touch; statements, claim groups, stories and corpus entities no stored article has any more are dropped.

Stories and corpus entities are assigned as each article is written, in its transaction, by a
``story.CorpusLinker`` whose state is checkpointed into ``linker_state`` (``checkpoint_linker``, at the end of
an ingest run once enough articles were linked since the last checkpoint); on reopening, the checkpoint is
loaded and articles linked after it are replayed into it (their stored story kept), so an ingest run never
recomputes the corpus.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field

import duckdb

from newsgraph.records import ArticleRecord
from newsgraph.store.base import _is_write_failure
from newsgraph.store.convert import Rows
from newsgraph.store.queries import QueryMixin
from newsgraph.story import CorpusLinker, normalise_text, text_similarity, token_overlap

StatementKey = tuple[str, str, str | None]  # (statement id, normalised text, speaker id)


@dataclass(slots=True)
class _LinkIndex:
    """The stored statements and claim groups, keyed as new quotes and claims look them up: an in-memory
    mirror, so that linking an article costs the same however many are stored."""

    statements_by_text: dict[str, list[StatementKey]] = field(default_factory=dict)
    statements_by_speaker: dict[tuple[str, str], list[StatementKey]] = field(default_factory=dict)
    statement_ids: set[str] = field(default_factory=set)
    claim_groups: dict[str, list[tuple[str, str, set[str]]]] = field(default_factory=dict)  # by story id
    claim_group_ids: set[str] = field(default_factory=set)

    def add_statement(self, statement_id: str, story_id: str, speaker_id: str | None, norm_text: str) -> None:
        key = (statement_id, norm_text, speaker_id)
        self.statements_by_text.setdefault(norm_text, []).append(key)
        if speaker_id is not None:
            self.statements_by_speaker.setdefault((story_id, speaker_id), []).append(key)
        self.statement_ids.add(statement_id)

    def statement_candidates(self, norm_text: str, story_id: str, speaker_id: str | None) -> list[StatementKey]:
        """Statements of the same normalised words, or by the same speaker in the same story, by id."""
        found = {key[0]: key for key in self.statements_by_text.get(norm_text, ())}
        if speaker_id is not None:
            found.update((key[0], key) for key in self.statements_by_speaker.get((story_id, speaker_id), ()))
        return [found[statement_id] for statement_id in sorted(found)]

    def add_claim_group(self, group_id: str, story_id: str, norm_text: str, entities_json: str) -> None:
        entities = set(json.loads(entities_json)) if entities_json else set()
        self.claim_groups.setdefault(story_id, []).append((group_id, norm_text, entities))
        self.claim_group_ids.add(group_id)


class LinkingMixin(QueryMixin):
    """The cross-article linking of ``Store``."""

    _linker: CorpusLinker | None
    _pending: dict[str, Rows]
    _link_index: _LinkIndex | None
    _seq: int
    _saved_seq: int

    @property
    def linker(self) -> CorpusLinker:
        """The story/entity linker as of the last article stored: the checkpoint, and every article
        linked since replayed into it (keeping the story it was given)."""
        if self._linker is None:
            linker = CorpusLinker()
            row = self.con.execute("SELECT seq, state FROM linker_state ORDER BY seq DESC LIMIT 1").fetchone()
            since = -1
            if row is not None:
                since = int(row[0])
                linker.load_state(json.loads(zlib.decompress(row[1]).decode("utf-8")))
            replay = self.con.execute("SELECT article_id, story_id, seq FROM article_story WHERE seq > ? "
                                      "ORDER BY seq", [since]).fetchall()
            for article_id, story_id, _ in replay:
                linker.add(self.record(article_id), story_id)
            found = self.con.execute("SELECT max(seq) FROM article_story").fetchone()
            self._seq = max(since, int(found[0]) if found and found[0] is not None else 0)
            self._saved_seq = since
            self._linker = linker
        return self._linker

    @property
    def link_index(self) -> _LinkIndex:
        """Statements and claim groups by the keys new quotes and claims are matched on, loaded once and kept
        in step with the write in progress (dropped on rollback or deletion, and reloaded when next needed)."""
        if self._link_index is None:
            index = _LinkIndex()
            for row in self.con.execute("SELECT id, story_id, speaker_id, norm_text FROM statements").fetchall():
                index.add_statement(*row)
            for row in self.con.execute("SELECT id, story_id, norm_text, entities FROM claim_groups").fetchall():
                index.add_claim_group(*row)
            self._link_index = index
        return self._link_index

    def checkpoint_linker(self, min_new: int = 1) -> bool:
        """Save the linker's state (one transaction), so the next run loads it instead of replaying, when at
        least ``min_new`` articles were linked since the last save; whether it saved. (The state grows with
        the corpus: saving it after every small run would cost more than replaying a few hundred articles.)"""
        if self.read_only or self._linker is None or self._seq - max(self._saved_seq, 0) < max(min_new, 1):
            return False
        self.con.begin()
        try:
            self._save_linker()
            self.con.commit()
        except BaseException as e:
            self._rollback()
            if isinstance(e, duckdb.Error) and _is_write_failure(e):  # the next run replays a few more articles
                raise self._write_failure(e) from e
            raise
        return True

    def _save_linker(self) -> None:
        assert self._linker is not None
        state = zlib.compress(json.dumps(self._linker.to_state(), separators=(",", ":")).encode("utf-8"), 3)
        self.con.execute("DELETE FROM linker_state")
        self.con.execute("INSERT INTO linker_state VALUES (?, ?)", [self._seq, state])
        self._saved_seq = self._seq

    def _link_records(self, records: Sequence[ArticleRecord]) -> None:
        """Within the caller's transaction: each record's story, corpus entities, statements and claim
        groups, and the story and corpus-entity rows they touch."""
        linker = self.linker
        rows: dict[str, Rows] = {"article_story": [], "entity_links": []}
        self._pending = {table: [] for table in ("statements", "statement_quotes", "claim_groups", "claim_links")}
        stories: set[str] = set()
        entities: set[str] = set()
        for record in records:
            story, mapping = linker.add(record)
            self._seq += 1
            rows["article_story"].append((record.id, story.id, self._seq))
            rows["entity_links"] += [(record.id, local, corpus) for local, corpus in sorted(mapping.items())]
            stories.add(story.id)
            entities.update(mapping.values())
            self._link_statements(record, story.id, mapping)
            self._link_claims(record, story.id, mapping)
        for table, table_rows in [*rows.items(), *self._pending.items()]:
            self._insert_rows(table, table_rows)
        self._pending = {}
        story_rows = []
        for sid in sorted(stories):
            story = linker.clusterer.stories[sid]
            actors = [{"id": a, "name": story.actor_names.get(a, a)} for a, _ in story.actors.most_common(5)]
            story_rows.append((sid, story.title, story.first_date, story.last_date,
                               json.dumps(actors, ensure_ascii=False), len(story.articles)))
        self._replace_rows("stories", story_rows)
        corpus = linker.linker.entities
        self._replace_rows("corpus_entities", [(c.id, c.name, c.type, c.code)
                                               for c in (corpus[i] for i in sorted(entities))])

    def _new_id(self, taken: set[str], wanted: str) -> str:
        """``wanted``, or ``wanted~2``, ``wanted~3``... whichever is not ``taken`` yet."""
        candidate, n = wanted, 1
        while candidate in taken:
            n += 1
            candidate = f"{wanted}~{n}"
        return candidate

    def _link_statements(self, record: ArticleRecord, story_id: str, mapping: dict[str, str]) -> None:
        """Each quote becomes a statement, or joins the statement of the same words by the same speaker in
        another article ("same": equal once normalised, or nearly), or is linked to one of the story's
        statements by that speaker it closely paraphrases ("paraphrase")."""
        for quote_index, quote in enumerate(record.quotes):
            content = quote.content_text(record.text, " ")
            norm = normalise_text(content)
            if len(norm.split()) < 3:  # "Yes", "no comment": not a statement to match across outlets
                continue
            speaker = quote.speaker
            speaker_id = None
            if speaker is not None:
                name = normalise_text(speaker.name or "")
                speaker_id = mapping.get(speaker.entity or "") or (f"name:{name}" if name else None)
            index = self.link_index
            candidates = index.statement_candidates(norm, story_id, speaker_id)
            best: tuple[str, str, float] | None = None  # (statement id, link, similarity)
            for sid, other, other_speaker in candidates:
                if other == norm:
                    similarity = 1.0
                elif other_speaker == speaker_id and speaker_id is not None:
                    similarity = text_similarity(norm, other)
                    if similarity < 0.9 and token_overlap(norm, other, content_only=True) < 0.5:
                        continue
                else:
                    continue
                same_speaker = other_speaker == speaker_id or other_speaker is None or speaker_id is None
                if not same_speaker:
                    continue
                link = "same" if similarity >= 0.9 else "paraphrase"
                if best is None or (link == "same", similarity) > (best[1] == "same", best[2]):
                    best = (sid, link, similarity)
            if best is None or best[1] == "paraphrase":
                new_id = self._new_id(index.statement_ids, f"{record.id}#{quote_index}")
                index.add_statement(new_id, story_id, speaker_id, norm)
                self._pending["statements"].append((new_id, story_id, speaker_id,
                                                    speaker.name if speaker else None, content, norm))
                self._pending["statement_quotes"].append((new_id, record.id, quote_index, "same", 1.0))
            if best is not None:
                self._pending["statement_quotes"].append((best[0], record.id, quote_index, best[1],
                                                          round(best[2], 4)))

    def _link_claims(self, record: ArticleRecord, story_id: str, mapping: dict[str, str]) -> None:
        """Each claim joins the story's claim group it states in (nearly) the same words, or that shares
        most of its content words and one of its entities ("similar"); else it starts a group."""
        spans = [(m.start, m.end, mapping.get(e.id)) for e in record.entities for m in e.mentions]
        for claim_index, claim in enumerate(record.claims):
            text = claim.text.text_of(record.text)
            norm = normalise_text(text)
            if not norm:
                continue
            entities = {cid for start, end, cid in spans if cid and claim.text.start <= start and end <= claim.text.end}
            entities |= {mapping[s.entity] for s in claim.stances if s.entity and s.entity in mapping}
            index = self.link_index
            best: tuple[str, str, float] | None = None
            for gid, other, other_entities in index.claim_groups.get(story_id, ()):
                overlap = 1.0 if other == norm else token_overlap(norm, other, content_only=True)
                shared = bool(entities & other_entities)
                if overlap >= 0.8 or (overlap >= 0.5 and (shared or not entities)) or (overlap >= 0.35 and shared):
                    link = "same" if overlap >= 0.8 else "similar"
                    if best is None or overlap > best[2]:
                        best = (gid, link, overlap)
            if best is None:
                gid = self._new_id(index.claim_group_ids, f"{record.id}#{claim_index}")
                entities_json = json.dumps(sorted(entities))
                index.add_claim_group(gid, story_id, norm, entities_json)
                self._pending["claim_groups"].append((gid, story_id, text, norm, entities_json))
                best = (gid, "same", 1.0)
            self._pending["claim_links"].append((best[0], record.id, claim_index, best[1], round(best[2], 4)))

    def _drop_orphans(self) -> None:
        """Statements, claim groups, stories and corpus entities no stored article has any more (the linker
        keeps them in memory: a later article may join them again)."""
        self._link_index = None
        self.con.execute("DELETE FROM statement_quotes WHERE statement_id NOT IN "
                         "(SELECT statement_id FROM statement_quotes WHERE link = 'same')")
        self.con.execute("DELETE FROM statements WHERE id NOT IN (SELECT statement_id FROM statement_quotes)")
        self.con.execute("DELETE FROM claim_groups WHERE id NOT IN (SELECT group_id FROM claim_links)")
        self.con.execute("DELETE FROM stories WHERE id NOT IN (SELECT story_id FROM article_story)")
        self.con.execute("DELETE FROM corpus_entities WHERE id NOT IN (SELECT corpus_id FROM entity_links)")
