"""The DuckDB store of article records: one embedded database file, one writer at a time.

Never imports spaCy. Each article is written in ONE transaction (its old rows deleted, the new
ones inserted), so an interrupted ingest loses nothing already committed and never leaves half an
article. Quote search uses DuckDB's full-text-search extension, loaded from the
``duckdb-extension-fts`` wheel (nothing is downloaded); its index is rebuilt after each ingest run
(``rebuild_search_index``), and searches fall back to ``ILIKE`` while the index is stale or the
extension cannot load.

Tables (``start_char``/``end_char`` are ``[start, end)`` offsets into ``articles.text``; each
``*_text`` column is the text of its span, stored for readers of exports; ``*_index`` numbers a part
within its article in record order):

- ``articles``: id (primary key), title, published (text, as given, normally YYYY-MM-DD), source
  (the outlet), url, text, text_hash (sha256 of the text), ingested_at, extras (JSON object: any
  part of the record no table below holds; ``{}`` today)
- ``entities``: article_id, entity_index, entity_id, name, type, role, affiliation, named (v4: False for
  an entity with no proper name, named by a description; NULL before v4, read as True)
- ``mentions``: article_id, entity_id, mention_index, start_char, end_char
- ``quotes``: article_id, quote_index, quote_id (``article_id#quote_index``), kind, content_spans (JSON
  list of ``{"start", "end"}``), content_text (the fragments joined with " … "), start_char, end_char,
  cue_start, cue_end, cue_text, source_start, source_end, source_text, speaker_name, speaker_entity,
  speaker_role, speaker_affiliation, speech (v4: an act of saying or writing, not a reported belief or
  finding; NULL for quotes stored before v4, read as statements)
- ``times``: article_id, time_index, start_char, end_char, text, type (DATE, TIME, DURATION, SET), value
  (TIMEX3), range_begin, range_end
- ``quantities``: article_id, quantity_index, start_char, end_char, text, value, unit, approx, of (whose:
  an entity id or a name), date (TIMEX3)
- ``events``: article_id, event_index, type (PLOVER), mode, context, cameo, modality, trigger_start,
  trigger_end, trigger_text, sentence_start, sentence_end, sentence_text, date (TIMEX3), reported_by
  (the quote_index of the quote the event is reported in)
- ``event_actors``: article_id, event_index, role (source or target), actor_index, code, sector, entity_id,
  entity_name (the entity's canonical name), start_char, end_char, text
- ``claims``: article_id, claim_index, start_char, end_char, text
- ``claim_stances``: article_id, claim_index, stance_index, entity_id, name, stance (asserts, denies,
  doubts), evidence_start, evidence_end, evidence_text
- ``stories`` (v3): id, title, first_date, last_date, actors (JSON list of ``{"id", "name"}``, most mentioned
  first), articles (how many)
- ``article_story``: article_id, story_id, seq (the order articles were linked in)
- ``corpus_entities``: id, name, type, code (CAMEO actor code, if known)
- ``entity_links``: article_id, entity_id (the article's own id), corpus_id
- ``statements``: id, story_id, speaker_id (corpus entity id, else ``name:<normalised name>``), speaker_name,
  text (the first rendering), norm_text (lower-cased, punctuation dropped)
- ``statement_quotes``: statement_id, article_id, quote_index, link ("same": that quote renders the statement;
  "paraphrase": a close paraphrase linked to it), similarity
- ``claim_groups``: id, story_id, text (the first wording), norm_text, entities (JSON list of corpus ids)
- ``claim_links``: group_id, article_id, claim_index, link ("same" or "similar"), similarity
- ``linker_state``: seq, state (the story/entity linker's state as of article ``seq``, zlib'd JSON)
- ``schema_version``: version; ``store_state``: key, value (bookkeeping such as the search index state)

Stories and corpus entities are assigned as each article is written, in its transaction, by a
``story.CorpusLinker`` whose state is checkpointed into ``linker_state`` (``checkpoint_linker``, at the end of
an ingest run once enough articles were linked since the last checkpoint); on reopening, the checkpoint is
loaded and articles linked after it are replayed into it (their stored story kept), so an ingest run never
recomputes the corpus.

A file of an older schema version is upgraded in place when opened for writing (``migrate``); opened
read-only it raises ``SchemaUpgradeNeeded``. A file of a newer version is refused.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import uuid
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import duckdb

from newsgraph.errors import NotFoundError, StoreError, StoreWriteError
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
from newsgraph.search import SPEAKER_LABEL_SQL, QuoteFilter, QuoteIndex, shared_catalogue, shared_index
from newsgraph.story import CorpusLinker, normalise_text, text_similarity, token_overlap

SCHEMA_VERSION = 5
QUOTE_JOINER = " … "
ExportFormat = Literal["jsonl", "csv", "parquet"]
EXPORT_FORMATS: tuple[str, ...] = ("jsonl", "csv", "parquet")
ARTICLE_TABLES: tuple[str, ...] = ("articles", "entities", "mentions", "quotes", "times", "quantities", "events",
                                   "event_actors", "claims", "claim_stances")
# the cross-article tables (schema v3): per-article link rows, then corpus-level rows
LINK_TABLES: tuple[str, ...] = ("article_story", "entity_links", "statement_quotes", "claim_links")
CORPUS_TABLES: tuple[str, ...] = ("stories", "corpus_entities", "statements", "claim_groups")
STORY_TABLES: tuple[str, ...] = LINK_TABLES + CORPUS_TABLES
TABLES: tuple[str, ...] = ARTICLE_TABLES  # one article's record, as ``extract`` writes it
ALL_TABLES: tuple[str, ...] = TABLES + STORY_TABLES  # what ``counts(ALL_TABLES)`` and exports cover
_TABLE_ORDER = {
    "articles": "id",
    "entities": "article_id, entity_index",
    "mentions": "article_id, entity_id, mention_index",
    "quotes": "article_id, quote_index",
    "times": "article_id, time_index",
    "quantities": "article_id, quantity_index",
    "events": "article_id, event_index",
    "event_actors": "article_id, event_index, role, actor_index",
    "claims": "article_id, claim_index",
    "claim_stances": "article_id, claim_index, stance_index",
    "article_story": "article_id",
    "entity_links": "article_id, entity_id",
    "statement_quotes": "statement_id, article_id, quote_index",
    "claim_links": "group_id, article_id, claim_index",
    "stories": "id",
    "corpus_entities": "id",
    "statements": "id",
    "claim_groups": "id",
}

_SCHEMA_V1 = """
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS store_state (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS articles (
    id VARCHAR PRIMARY KEY,
    title VARCHAR,
    published VARCHAR,
    source VARCHAR,
    url VARCHAR,
    text VARCHAR NOT NULL,
    text_hash VARCHAR NOT NULL,
    ingested_at TIMESTAMP NOT NULL,
    extras VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS entities (
    article_id VARCHAR NOT NULL,
    entity_index INTEGER NOT NULL,
    entity_id VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    role VARCHAR,
    affiliation VARCHAR,
    named BOOLEAN
);
CREATE TABLE IF NOT EXISTS mentions (
    article_id VARCHAR NOT NULL,
    entity_id VARCHAR NOT NULL,
    mention_index INTEGER NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS quotes (
    article_id VARCHAR NOT NULL,
    quote_index INTEGER NOT NULL,
    quote_id VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    content_spans VARCHAR NOT NULL,
    content_text VARCHAR NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    cue_start INTEGER,
    cue_end INTEGER,
    cue_text VARCHAR,
    source_start INTEGER,
    source_end INTEGER,
    source_text VARCHAR,
    speaker_name VARCHAR,
    speaker_entity VARCHAR,
    speaker_role VARCHAR,
    speaker_affiliation VARCHAR,
    speech BOOLEAN,
    speaker_named BOOLEAN
);
"""
# Version 2: the layers version 1 kept as JSON in articles.extras, as tables.
_SCHEMA_V2_TABLES = """
CREATE TABLE IF NOT EXISTS times (
    article_id VARCHAR NOT NULL,
    time_index INTEGER NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    value VARCHAR,
    range_begin VARCHAR,
    range_end VARCHAR
);
CREATE TABLE IF NOT EXISTS quantities (
    article_id VARCHAR NOT NULL,
    quantity_index INTEGER NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    value DOUBLE,
    unit VARCHAR,
    approx VARCHAR,
    of VARCHAR,
    date VARCHAR
);
CREATE TABLE IF NOT EXISTS events (
    article_id VARCHAR NOT NULL,
    event_index INTEGER NOT NULL,
    type VARCHAR NOT NULL,
    mode VARCHAR,
    context VARCHAR,
    cameo VARCHAR,
    modality VARCHAR NOT NULL,
    trigger_start INTEGER NOT NULL,
    trigger_end INTEGER NOT NULL,
    trigger_text VARCHAR NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end INTEGER NOT NULL,
    sentence_text VARCHAR NOT NULL,
    date VARCHAR,
    reported_by INTEGER
);
CREATE TABLE IF NOT EXISTS event_actors (
    article_id VARCHAR NOT NULL,
    event_index INTEGER NOT NULL,
    role VARCHAR NOT NULL,
    actor_index INTEGER NOT NULL,
    code VARCHAR,
    sector VARCHAR,
    entity_id VARCHAR,
    entity_name VARCHAR,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS claims (
    article_id VARCHAR NOT NULL,
    claim_index INTEGER NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS claim_stances (
    article_id VARCHAR NOT NULL,
    claim_index INTEGER NOT NULL,
    stance_index INTEGER NOT NULL,
    entity_id VARCHAR,
    name VARCHAR,
    stance VARCHAR NOT NULL,
    evidence_start INTEGER NOT NULL,
    evidence_end INTEGER NOT NULL,
    evidence_text VARCHAR NOT NULL
);
"""
# Version 3: stories, corpus entities, statements and claims across articles.
_SCHEMA_V3_TABLES = """
CREATE TABLE IF NOT EXISTS stories (
    id VARCHAR PRIMARY KEY,
    title VARCHAR NOT NULL,
    first_date VARCHAR,
    last_date VARCHAR,
    actors VARCHAR NOT NULL,
    articles INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS article_story (
    article_id VARCHAR NOT NULL,
    story_id VARCHAR NOT NULL,
    seq BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS corpus_entities (
    id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    code VARCHAR
);
CREATE TABLE IF NOT EXISTS entity_links (
    article_id VARCHAR NOT NULL,
    entity_id VARCHAR NOT NULL,
    corpus_id VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS statements (
    id VARCHAR PRIMARY KEY,
    story_id VARCHAR,
    speaker_id VARCHAR,
    speaker_name VARCHAR,
    text VARCHAR NOT NULL,
    norm_text VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS statement_quotes (
    statement_id VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL,
    quote_index INTEGER NOT NULL,
    link VARCHAR NOT NULL,
    similarity DOUBLE NOT NULL
);
CREATE TABLE IF NOT EXISTS claim_groups (
    id VARCHAR PRIMARY KEY,
    story_id VARCHAR,
    text VARCHAR NOT NULL,
    norm_text VARCHAR NOT NULL,
    entities VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS claim_links (
    group_id VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL,
    claim_index INTEGER NOT NULL,
    link VARCHAR NOT NULL,
    similarity DOUBLE NOT NULL
);
CREATE TABLE IF NOT EXISTS linker_state (
    seq BIGINT NOT NULL,
    state BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS article_story_story ON article_story (story_id);
CREATE INDEX IF NOT EXISTS statements_norm ON statements (norm_text);
CREATE INDEX IF NOT EXISTS statements_story ON statements (story_id);
CREATE INDEX IF NOT EXISTS claim_groups_story ON claim_groups (story_id);
"""
# Version 5: what web sources answered last (conditional GET, robots.txt) and each original article's
# duplicate-detection signature (dedup.py)
_SCHEMA_V5_TABLES = """
CREATE TABLE IF NOT EXISTS fetch_state (
    url VARCHAR PRIMARY KEY,
    etag VARCHAR,
    last_modified VARCHAR,
    body VARCHAR,
    fetched_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS article_signatures (
    article_id VARCHAR PRIMARY KEY,
    norm_hash VARCHAR NOT NULL,
    minhash BLOB NOT NULL
);
"""
_SCHEMA = _SCHEMA_V1 + _SCHEMA_V2_TABLES + _SCHEMA_V3_TABLES + _SCHEMA_V5_TABLES
# Version 5's article columns, added (to new and old databases alike, so the column order is one): where the
# publication date came from; the original a copy copies, and how similar it is (1.0: an exact copy)
_V5_ARTICLE_COLUMNS = (("published_from", "VARCHAR"), ("duplicate_of", "VARCHAR"), ("duplicate_similarity", "DOUBLE"))
_SEARCH_DIRTY = "search_index_dirty"
_SEARCH_VERSION = "search_index_version"  # a new token at each rebuild: in-memory copies of the index key on it
_FTS_SCHEMA = "fts_main_quotes"


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def fts_extension_path() -> Path | None:
    """The FTS extension file shipped in the ``duckdb-extension-fts`` wheel, if installed."""
    try:
        import duckdb_extension_fts  # type: ignore[import-not-found]
    except ImportError:
        return None
    root = Path(duckdb_extension_fts.__file__).parent / "extensions"
    preferred = root / f"v{duckdb.__version__}" / "fts.duckdb_extension"
    if preferred.is_file():
        return preferred
    return next(iter(sorted(root.glob("*/fts.duckdb_extension"))), None)


@dataclass(frozen=True, slots=True)
class QuoteRow:
    """One stored quote with its article's headline facts, as ``quotes`` queries return it."""

    article_id: str
    quote_index: int
    title: str | None
    outlet: str | None
    published: str | None
    speaker: str | None
    speaker_role: str | None
    speaker_affiliation: str | None
    content: str
    kind: str
    speech: bool | None = None  # None: stored before schema v4
    outlets: tuple[str, ...] = ()  # every outlet that carried it: its article's, then its copies' (schema v5)
    copies: tuple[str, ...] = ()  # the ids of the stored copies of its article

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "quote_index": self.quote_index,
            "title": self.title,
            "outlet": self.outlet,
            "published": self.published,
            "speaker": self.speaker,
            "speaker_role": self.speaker_role,
            "speaker_affiliation": self.speaker_affiliation,
            "content": self.content,
            "kind": self.kind,
            "speech": self.speech is not False,
            "outlets": list(self.outlets or ([self.outlet] if self.outlet else [])),
            "copies": list(self.copies),
        }


class SchemaUpgradeNeeded(StoreError):
    """A database of an older schema version, opened read-only: open it for writing once to upgrade it."""


@dataclass(frozen=True, slots=True)
class ActorRow:
    """One actor of a stored event: its code, sector, resolved entity and the words the article uses."""

    code: str | None
    sector: str | None
    entity: str | None
    name: str | None  # the entity's canonical name
    text: str  # the mention

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "sector": self.sector, "entity": self.entity, "name": self.name,
                "text": self.text}

    def label(self) -> str:
        """"Vladimir Putin (RUS GOV)", or the mention's words when no entity was resolved."""
        code = " ".join(c for c in (self.code, self.sector) if c)
        who = self.name or self.text
        return f"{who} ({code})" if code else who


@dataclass(frozen=True, slots=True)
class EventRow:
    """One stored event with its actors and its article's headline facts, as ``events`` queries return it."""

    article_id: str
    event_index: int
    title: str | None
    outlet: str | None
    published: str | None
    type: str
    mode: str | None
    context: str | None
    cameo: str | None
    modality: str
    trigger: str
    sentence: str
    date: str | None  # the event's own date (TIMEX3), if the article anchors it
    when: str | None  # the date the filters use: the event's date, else the article's publication date
    reported_by: str | None  # the speaker of the quote the event is reported in
    reported_in: int | None  # that quote's index
    source: tuple[ActorRow, ...]
    target: tuple[ActorRow, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id, "event_index": self.event_index, "title": self.title,
            "outlet": self.outlet, "published": self.published, "type": self.type, "mode": self.mode,
            "context": self.context, "cameo": self.cameo, "modality": self.modality, "trigger": self.trigger,
            "sentence": self.sentence, "date": self.date, "when": self.when, "reported_by": self.reported_by,
            "reported_in": self.reported_in, "source": [a.to_dict() for a in self.source],
            "target": [a.to_dict() for a in self.target],
        }


@dataclass(frozen=True, slots=True)
class StanceRow:
    """Who holds a stored claim, and how."""

    entity: str | None
    name: str | None  # the holder's name: as the claims stage gave it, else the entity's canonical name
    stance: str
    evidence: str

    def to_dict(self) -> dict[str, Any]:
        return {"entity": self.entity, "name": self.name, "stance": self.stance, "evidence": self.evidence}


@dataclass(frozen=True, slots=True)
class ClaimRow:
    """One stored claim with every stance on it and its article's headline facts."""

    article_id: str
    claim_index: int
    title: str | None
    outlet: str | None
    published: str | None
    text: str
    stances: tuple[StanceRow, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "claim_index": self.claim_index, "title": self.title,
                "outlet": self.outlet, "published": self.published, "text": self.text,
                "stances": [s.to_dict() for s in self.stances]}


@dataclass(frozen=True, slots=True)
class StoryRow:
    """One story: its title, dates, size and main actors (``{"id", "name"}``, most mentioned first)."""

    id: str
    title: str
    first_date: str | None
    last_date: str | None
    articles: int
    actors: tuple[dict[str, str], ...]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "first_date": self.first_date, "last_date": self.last_date,
                "articles": self.articles, "actors": list(self.actors)}


@dataclass(frozen=True, slots=True)
class StatementRow:
    """One statement and the quotes that carry it ("same") or paraphrase it, with their outlets."""

    id: str
    story_id: str | None
    speaker_id: str | None
    speaker_name: str | None
    text: str
    # article_id, quote_index, link ("same", "paraphrase", or "copy": a stored copy of a "same" quote's article,
    # schema v5), similarity, outlet, published, content
    quotes: tuple[dict[str, Any], ...]

    @property
    def sources(self) -> list[str]:
        """The outlets (else article ids) that carry the statement word for word."""
        return sorted({q["outlet"] or q["article_id"] for q in self.quotes if q["link"] in ("same", "copy")})

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "story": self.story_id, "speaker": self.speaker_name, "speaker_id": self.speaker_id,
                "text": self.text, "sources": self.sources, "quotes": list(self.quotes)}


@dataclass(frozen=True, slots=True)
class ClaimGroupRow:
    """One proposition across articles: each article's wording and the stances on it there."""

    id: str
    story_id: str | None
    text: str
    members: tuple[dict[str, Any], ...]  # article_id, claim_index, link, outlet, published, text, stances

    def holders(self, stance: str) -> list[str]:
        """Who takes ``stance`` (asserts, denies, doubts) across articles: "name (outlet)"."""
        out: list[str] = []
        for m in self.members:
            for s in m["stances"]:
                if s["stance"] == stance:
                    label = f"{s['name'] or '?'} ({m['outlet'] or m['article_id']})"
                    if label not in out:
                        out.append(label)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "story": self.story_id, "text": self.text, "asserts": self.holders("asserts"),
                "denies": self.holders("denies"), "doubts": self.holders("doubts"), "members": list(self.members)}


@dataclass(frozen=True, slots=True)
class EdgeRow:
    """A weighted edge of the actor graph between two corpus entities."""

    kind: str  # acts_on or speaks_about
    source: str
    source_name: str
    source_type: str
    source_code: str | None
    target: str
    target_name: str
    target_type: str
    target_code: str | None
    weight: int


@dataclass(frozen=True, slots=True)
class TimelineItem:
    """An event or statement of a story, dated, with its evidence span."""

    date: str | None
    kind: str  # "event", "event (published)" (dated by its article) or "statement"
    label: str  # the event type, or the speaker
    text: str  # the event's sentence, or the statement
    article_id: str
    start: int
    end: int
    outlet: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date, "kind": self.kind, "label": self.label, "text": self.text,
                "article_id": self.article_id, "start": self.start, "end": self.end, "outlet": self.outlet}


_DAY_PREFIX = r"'^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?'"
# The calendar part (YYYY, YYYY-MM or YYYY-MM-DD) of an event's date, else of its article's publication date.
_EVENT_WHEN = (f"coalesce(nullif(regexp_extract(e.date, {_DAY_PREFIX}, 0), ''), "
               f"nullif(regexp_extract(a.published, {_DAY_PREFIX}, 0), ''))")
_CALENDAR_DATE = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?")


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


def check_calendar_date(value: str) -> str:
    """A --from/--to bound: YYYY, YYYY-MM or YYYY-MM-DD; ValueError otherwise."""
    if not _CALENDAR_DATE.fullmatch(value):
        raise ValueError(f"{value!r} is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD")
    return value


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _like_pattern(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class Store:
    """An open connection to one newsgraph database file (or ``:memory:``)."""

    def __init__(self, path: str | Path, read_only: bool = False, hold_quotes: bool = False) -> None:
        """``hold_quotes``: answer quote listings from an in-memory catalogue (``search.QuoteCatalogue``),
        loaded once per search-index build and shared by the process: for a long-lived process such as the
        HTTP server; a one-off query is faster without it."""
        self.path = str(path)
        self.read_only = read_only
        self.hold_quotes = hold_quotes
        self._marked_stale = False  # whether this connection already recorded the search index as stale
        self._linker: CorpusLinker | None = None  # loaded on the first write (``linker``)
        self._pending: dict[str, Rows] = {}  # cross-article rows of the write in progress, inserted at its end
        self._link_index: _LinkIndex | None = None  # statements and claim groups by lookup key (``link_index``)
        self._seq = 0  # the seq of the last article linked
        self._saved_seq = -1  # the seq of the checkpoint in linker_state
        if read_only and self.path != ":memory:" and not Path(self.path).is_file():
            raise StoreError(f"{self.path}: no such database")
        config: dict[str, str | bool | int | float | list[str]] = {
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
        }
        try:
            self.con = duckdb.connect(self.path, read_only=read_only, config=config)
        except duckdb.Error as e:
            if "Could not set lock" in str(e):
                holder = re.search(r"\(PID (\d+)\)", str(e))
                by = f" (process {holder.group(1)})" if holder else ""
                raise StoreError(f"{self.path}: the database is in use by another process{by}; "
                                 "it has one writer at a time, try again when that one is done") from e
            refused = next((why for why in ("Permission denied", "Read-only file system") if why in str(e)), None)
            if refused and not read_only:
                raise StoreError(f"{self.path}: cannot open the database for writing: it is read-only ({refused}); "
                                 "commands that only read it still work") from e
            raise StoreError(f"{self.path}: cannot open database: {_first_line(e)}") from e
        self.search_available = self._load_fts()
        try:
            self._ensure_schema()
        except duckdb.Error as e:
            self.con.close()
            raise StoreError(f"{self.path}: not a newsgraph database: {_first_line(e)}") from e
        except BaseException:
            self.con.close()
            raise

    # -- lifecycle -------------------------------------------------------------------------------

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _rollback(self) -> None:
        """Roll back the open transaction, if any: a Ctrl-C during COMMIT can leave none to roll back."""
        with contextlib.suppress(duckdb.TransactionException):
            self.con.rollback()

    def _load_fts(self) -> bool:
        path = fts_extension_path()
        if path is None:
            return False
        try:
            self.con.execute(f"LOAD {_sql_string(str(path))}")
        except duckdb.Error:
            return False
        return True

    def _ensure_schema(self) -> None:
        tables = {r[0] for r in self.con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        if "schema_version" not in tables:
            if self.read_only:
                raise StoreError(f"{self.path}: not a newsgraph database (no schema_version table)")
            if tables & set(TABLES):
                raise StoreError(f"{self.path}: not a newsgraph database (tables without schema_version)")
            self.con.begin()
            self.con.execute(_SCHEMA)
            for column, type_ in _V5_ARTICLE_COLUMNS:
                self.con.execute(f"ALTER TABLE articles ADD COLUMN {column} {type_}")
            self.con.execute("INSERT INTO schema_version VALUES (?)", [SCHEMA_VERSION])
            self.con.commit()
            return
        row = self.con.execute("SELECT max(version) FROM schema_version").fetchone()
        version = row[0] if row else None
        if version == SCHEMA_VERSION:
            return
        if not isinstance(version, int) or version > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: database schema version {version} is newer than this newsgraph "
                             f"reads ({SCHEMA_VERSION}); upgrade newsgraph")
        if self.read_only:
            raise SchemaUpgradeNeeded(
                f"{self.path}: database schema version {version} is older than this newsgraph's "
                f"({SCHEMA_VERSION}); open it for writing (e.g. `newsgraph ingest`) to upgrade it")
        self.migrate(version)

    def migrate(self, version: int) -> None:
        """Upgrade a database of an older schema version in place, in one transaction."""
        self.con.begin()
        try:
            article_columns = {r[0] for r in self.con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = 'articles'").fetchall()}
            for column, type_ in _V5_ARTICLE_COLUMNS:  # version 4 -> 5, first: the later steps read articles
                if column not in article_columns:
                    self.con.execute(f"ALTER TABLE articles ADD COLUMN {column} {type_}")
            columns = {r[0] for r in self.con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = 'quotes'").fetchall()}
            if "speech" not in columns:  # version 3 -> 4 (first: the later steps read quotes back)
                self.con.execute("ALTER TABLE quotes ADD COLUMN speech BOOLEAN")
            entity_columns = {r[0] for r in self.con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = 'entities'").fetchall()}
            if "named" not in entity_columns:  # version 3 -> 4: unnamed entities, unresolved speakers
                self.con.execute("ALTER TABLE entities ADD COLUMN named BOOLEAN")
            quote_columns = {r[0] for r in self.con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = 'quotes'").fetchall()}
            if "speaker_named" not in quote_columns:
                self.con.execute("ALTER TABLE quotes ADD COLUMN speaker_named BOOLEAN")
            if version < 2:
                self._migrate_layers_out_of_extras()
            if version < 3:
                self._migrate_link_stories()
            self.con.execute(_SCHEMA_V5_TABLES)
            self.con.execute("DELETE FROM schema_version")
            self.con.execute("INSERT INTO schema_version VALUES (?)", [SCHEMA_VERSION])
            self.con.commit()
        except BaseException:
            self._rollback()
            raise

    def _migrate_layers_out_of_extras(self, batch: int = 500) -> None:
        """Version 1 -> 2: move times, quantities, events and claims from articles.extras into their tables."""
        import pyarrow as pa

        self.con.execute(_SCHEMA_V2_TABLES)
        last: str | None = None
        while found := self.con.execute("SELECT id, text, extras FROM articles WHERE ? IS NULL OR id > ? "
                                        "ORDER BY id LIMIT ?", [last, last, batch]).fetchall():
            last = found[-1][0]
            rows: dict[str, list[tuple[Any, ...]]] = {table: [] for table in _LAYER_TABLES}
            new_extras: list[tuple[str, str]] = []
            for article_id, text, extras in found:
                data = json.loads(extras or "{}")
                record = ArticleRecord.from_dict({**data, "id": article_id, "text": text})
                for table, table_rows in _layer_rows(record).items():
                    rows[table] += table_rows
                new_extras.append((article_id, _extras_json(record)))
            for table in _LAYER_TABLES:
                self._insert_rows(table, rows[table])
            ids, extras_values = zip(*new_extras, strict=True)
            self.con.register("_newsgraph_extras", pa.table({"id": pa.array(ids, type=pa.string()),
                                                             "extras": pa.array(extras_values, type=pa.string())}))
            try:
                self.con.execute("UPDATE articles SET extras = n.extras FROM _newsgraph_extras n "
                                 "WHERE articles.id = n.id")
            finally:
                self.con.unregister("_newsgraph_extras")

    def _migrate_link_stories(self) -> None:
        """Version 2 -> 3: create the cross-article tables and link every stored article (oldest first)."""
        self.con.execute(_SCHEMA_V3_TABLES)
        ids = [r[0] for r in self.con.execute("SELECT id FROM articles ORDER BY ingested_at, id").fetchall()]
        self._linker, self._seq = CorpusLinker(), 0
        self._link_records([self.record(article_id) for article_id in ids])
        self._save_linker()

    # -- stories and corpus entities -------------------------------------------------------------

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

    def _replace_rows(self, table: str, rows: Rows) -> None:
        """Insert rows keyed by their first column (``id``), replacing rows of the same ids."""
        if not rows:
            return
        import pyarrow as pa

        self.con.register("_newsgraph_keys", pa.table({"id": pa.array([r[0] for r in rows], type=pa.string())}))
        try:
            self.con.execute(f"DELETE FROM {table} WHERE id IN (SELECT id FROM _newsgraph_keys)")
        finally:
            self.con.unregister("_newsgraph_keys")
        self._insert_rows(table, rows)

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

    # -- writing ---------------------------------------------------------------------------------

    def is_unchanged(self, article: Article) -> bool:
        """Whether an article with this id, text and metadata is stored already."""
        row = self.con.execute(
            "SELECT text_hash, title, published, source, url FROM articles WHERE id = ?", [article.id]
        ).fetchone()
        if row is None:
            return False
        return tuple(row) == (text_hash(article.text), article.title, article.published, article.source,
                              article.url)

    def write(self, record: ArticleRecord) -> None:
        """Store one record in one transaction, replacing any article of the same id."""
        self.write_many([record])

    def write_many(self, records: Sequence[ArticleRecord]) -> None:
        """Store records in one transaction (all or none), replacing stored articles of the same ids.

        Raises ValueError (before writing anything) for a record with a span outside its text or an id
        given twice, and StoreError when the database refuses the write.
        """
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only")
        if not records:
            return
        for record in records:
            record.check_spans()
        ids = [r.id for r in records]
        if len(set(ids)) != len(ids):
            raise ValueError("the same article id twice in one write")
        now = datetime.now(UTC).replace(tzinfo=None)
        rows: dict[str, list[tuple[Any, ...]]] = {table: [] for table in ARTICLE_TABLES}
        for record in records:
            article = record.article
            rows["articles"].append((article.id, article.title, article.published, article.source,
                                     article.url, article.text, text_hash(article.text), now,
                                     _extras_json(record), article.published_from, None, None))
            rows["entities"] += [(article.id, i, e.id, e.name, e.type, e.role, e.affiliation, e.named)
                                 for i, e in enumerate(record.entities)]
            rows["mentions"] += [(article.id, e.id, j, m.start, m.end)
                                 for e in record.entities for j, m in enumerate(e.mentions)]
            rows["quotes"] += [_quote_row(article, i, q) for i, q in enumerate(record.quotes)]
            for table, table_rows in _layer_rows(record).items():
                rows[table] += table_rows
        seq = self._seq
        self.con.begin()
        try:
            if not self._marked_stale:
                self.con.execute(f"INSERT OR REPLACE INTO store_state VALUES ('{_SEARCH_DIRTY}', '1')")
            if self._delete_stored(ids):
                self._drop_orphans()
            for table in ARTICLE_TABLES:
                self._insert_rows(table, rows[table])
            self._link_records(records)
            self.con.commit()
        except BaseException as e:
            self._rollback()
            self._link_index = None  # it may hold rows that were rolled back
            if self._linker is not None and self._seq != seq:  # it holds what was rolled back: reload it
                self._linker = None
            if is_interrupt(e):  # Ctrl-C during a statement: DuckDB turns it into an error
                raise KeyboardInterrupt from e
            if isinstance(e, duckdb.Error):
                if _is_write_failure(e):
                    raise self._write_failure(e) from e
                raise StoreError(f"{', '.join(ids)}: cannot store: {_first_line(e)}") from e
            raise
        self._marked_stale = True

    def write_copy(self, article: Article, duplicate_of: str, similarity: float) -> None:
        """Store an article as a copy of the stored article ``duplicate_of`` (one transaction, replacing any article
        of the same id): its own row (outlet, URL, date, text) with ``duplicate_of`` set, and no layers: its
        quotes, events, claims and entities are the original's and are not counted again."""
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only")
        now = datetime.now(UTC).replace(tzinfo=None)
        extras = json.dumps({"author": article.author}, ensure_ascii=False)
        row = (article.id, article.title, article.published, article.source, article.url, article.text,
               text_hash(article.text), now, extras, article.published_from, duplicate_of, float(similarity))
        self.con.begin()
        try:
            if not self._marked_stale:
                self.con.execute(f"INSERT OR REPLACE INTO store_state VALUES ('{_SEARCH_DIRTY}', '1')")
            if self._delete_stored([article.id]):
                self._drop_orphans()
            self.con.execute("DELETE FROM article_signatures WHERE article_id = ?", [article.id])
            self._insert_rows("articles", [row])
            self.con.commit()
        except BaseException as e:
            self._rollback()
            self._link_index = None
            if is_interrupt(e):
                raise KeyboardInterrupt from e
            if isinstance(e, duckdb.Error) and _is_write_failure(e):
                raise self._write_failure(e) from e
            if isinstance(e, duckdb.Error):
                raise StoreError(f"{article.id}: cannot store: {_first_line(e)}") from e
            raise
        self._marked_stale = True

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
    def _write_failure(self, error: BaseException) -> StoreWriteError:
        return StoreWriteError(f"{self.path}: cannot write the database: {_write_reason(error)}")

    def _delete_stored(self, ids: Sequence[str]) -> int:
        """Within the caller's transaction, delete every row of these article ids; how many were stored."""
        import pyarrow as pa

        self.con.register("_newsgraph_ids", pa.table({"id": pa.array(ids, type=pa.string())}))
        try:
            found = self.con.execute(
                "SELECT count(*) FROM articles WHERE id IN (SELECT id FROM _newsgraph_ids)").fetchone()
            stored = int(found[0]) if found else 0
            if stored:
                for table in reversed(ARTICLE_TABLES + LINK_TABLES + ("article_signatures",)):
                    key = "id" if table == "articles" else "article_id"
                    self.con.execute(f"DELETE FROM {table} WHERE {key} IN (SELECT id FROM _newsgraph_ids)")
        finally:
            self.con.unregister("_newsgraph_ids")
        return stored

    def _insert_rows(self, table: str, rows: Sequence[tuple[Any, ...]]) -> None:
        """Insert rows through an Arrow table: one statement, no per-value parameter binding (slow)."""
        if not rows:
            return
        import pyarrow as pa

        types = _ARROW_TYPES[table]
        columns = [pa.array(column, type=type_) for column, type_ in zip(zip(*rows, strict=True), types,
                                                                         strict=True)]
        batch = pa.Table.from_arrays(columns, names=[f"c{i}" for i in range(len(columns))])
        self.con.register("_newsgraph_rows", batch)
        try:
            self.con.execute(f"INSERT INTO {table} SELECT * FROM _newsgraph_rows")
        finally:
            self.con.unregister("_newsgraph_rows")

    def delete(self, article_id: str) -> bool:
        """Remove one article and everything extracted from it; whether it existed."""
        self.con.begin()
        try:
            self.con.execute(f"INSERT OR REPLACE INTO store_state VALUES ('{_SEARCH_DIRTY}', '1')")
            existed = self._delete_stored([article_id]) > 0
            if existed:
                self._drop_orphans()
                # its copies stay, as articles of their own the next ingest of them extracts (text_hash cleared)
                self.con.execute("UPDATE articles SET duplicate_of = NULL, duplicate_similarity = NULL, text_hash = '' "
                                 "WHERE duplicate_of = ?", [article_id])
            self.con.commit()
        except BaseException:
            self._rollback()
            raise
        self._marked_stale = True
        return existed

    def search_index(self) -> QuoteIndex | None:
        """The full-text index in memory (shared by this process's connections), or None when it is stale or
        missing (searches then fall back to matching the words as a substring)."""
        version = self._search_version()
        return None if version is None else shared_index(self.con, _FTS_SCHEMA, self.path, version)

    def load_quote_catalogue(self) -> bool:
        """Load the in-memory quote catalogue of the current search index now (``hold_quotes`` listings then
        start fast); False when the index is stale or missing."""
        version = self._search_version()
        if version is None:
            return False
        shared_catalogue(self.con, _FTS_SCHEMA, self.path, version)
        return True

    def _search_version(self) -> str | None:
        """The token of the current search index build; None when it is stale or missing."""
        if not self.search_available:
            return None
        stale, version = self._search_state()
        return None if stale else version

    def _search_state(self) -> tuple[bool, str]:
        """Whether the search index is stale or missing, and its build token: one query, since it runs
        before every quote listing."""
        row = self.con.execute(
            f"SELECT (SELECT value FROM store_state WHERE key = '{_SEARCH_DIRTY}'), "
            f"(SELECT value FROM store_state WHERE key = '{_SEARCH_VERSION}'), "
            f"(SELECT count(*) FROM duckdb_schemas() WHERE schema_name = '{_FTS_SCHEMA}')").fetchone()
        if row is None:
            return True, "unversioned"
        return row[0] == "1" or not row[2], row[1] or "unversioned"

    def search_index_stale(self) -> bool:
        return self._search_state()[0]

    def rebuild_search_index(self) -> bool:
        """Rebuild the full-text index of quote content; False when the extension is unavailable."""
        if not self.search_available or self.read_only:
            return False
        try:
            self.con.execute("PRAGMA create_fts_index('quotes', 'quote_id', 'content_text', overwrite=1)")
            self.con.execute(f"INSERT OR REPLACE INTO store_state VALUES ('{_SEARCH_DIRTY}', '0')")
            self.con.execute(f"INSERT OR REPLACE INTO store_state VALUES ('{_SEARCH_VERSION}', ?)",
                             [uuid.uuid4().hex])
        except duckdb.Error as e:
            if _is_write_failure(e):  # the index stays marked stale: the next run rebuilds it
                raise self._write_failure(e) from e
            raise
        self._marked_stale = False
        return True

    # -- reading ---------------------------------------------------------------------------------

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

    # -- stories ---------------------------------------------------------------------------------

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

    # -- export ----------------------------------------------------------------------------------

    def export_tables(self, fmt: Literal["csv", "parquet"], folder: str | Path) -> list[Path]:
        """Write each table to ``folder/<table>.<fmt>`` with DuckDB's COPY; the files written."""
        target = Path(folder)
        target.mkdir(parents=True, exist_ok=True)
        options = "FORMAT csv, HEADER true" if fmt == "csv" else "FORMAT parquet"
        written = []
        for table in ALL_TABLES:
            path = target / f"{table}.{fmt}"
            try:
                query = f"SELECT * FROM {table} ORDER BY {_TABLE_ORDER[table]}"
                self.con.execute(f"COPY ({query}) TO {_sql_string(str(path))} ({options})")
            except duckdb.Error as e:
                raise StoreError(f"{path}: cannot write: {_first_line(e)}") from e
            written.append(path)
        return written


# LIMIT NULL is no limit; OFFSET skips rows
_LIMIT_OFFSET = " LIMIT ? OFFSET ?"


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """One stored article's headline facts, its story and how many quotes it has."""

    id: str
    title: str | None
    source: str | None
    published: str | None
    url: str | None
    story: str | None
    quotes: int
    duplicate_of: str | None = None  # a copy of this stored article (its quotes are that one's)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "source": self.source, "published": self.published,
                "url": self.url, "story": self.story, "quotes": int(self.quotes), "duplicate_of": self.duplicate_of}


@dataclass(frozen=True, slots=True)
class CorpusEntityRow:
    """One corpus-wide entity: how many articles name it, and how often."""

    id: str
    name: str
    type: str
    code: str | None
    articles: int
    mentions: int

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "type": self.type, "code": self.code,
                "articles": self.articles, "mentions": self.mentions}


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
Rows = list[tuple[Any, ...]]


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


def _arrow_types() -> dict[str, list[Any]]:
    import pyarrow as pa

    text, integer = pa.string(), pa.int32()
    return {
        "articles": [text] * 7 + [pa.timestamp("us"), text, text, text, pa.float64()],
        "entities": [text, integer] + [text] * 5 + [pa.bool_()],
        "mentions": [text, text, integer, integer, integer],
        "quotes": [text, integer] + [text] * 4 + [integer] * 4 + [text] + [integer] * 2 + [text] * 5 + [pa.bool_()] * 2,
        "times": [text] + [integer] * 3 + [text] * 5,
        "quantities": [text] + [integer] * 3 + [text, pa.float64()] + [text] * 4,
        "events": [text, integer] + [text] * 5 + [integer] * 2 + [text] + [integer] * 2 + [text] * 2 + [integer],
        "event_actors": [text, integer, text, integer] + [text] * 4 + [integer] * 2 + [text],
        "claims": [text] + [integer] * 3 + [text],
        "claim_stances": [text] + [integer] * 2 + [text] * 3 + [integer] * 2 + [text],
        "article_story": [text, text, pa.int64()],
        "entity_links": [text] * 3,
        "statement_quotes": [text, text, integer, text, pa.float64()],
        "claim_links": [text, text, integer, text, pa.float64()],
        "stories": [text] * 5 + [integer],
        "corpus_entities": [text] * 4,
        "statements": [text] * 6,
        "claim_groups": [text] * 5,
    }


class _LazyArrowTypes(dict[str, list[Any]]):
    """The Arrow column types of each table, built on first use (pyarrow loads only to write)."""

    def __missing__(self, table: str) -> list[Any]:
        self.update(_arrow_types())
        return self[table]


_ARROW_TYPES = _LazyArrowTypes()
_RELATIONAL_KEYS = frozenset(("id", "title", "published", "source", "url", "text", "entities", "quotes", "times",
                              "quantities", "events", "claims", "published_from", "duplicate_of"))


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


def _story_row(row: Sequence[Any]) -> StoryRow:
    return StoryRow(row[0], row[1], row[2], row[3], int(row[4]), tuple(json.loads(row[5])))


def _actor_rows(structs: list[dict[str, Any]] | None) -> tuple[ActorRow, ...]:
    return tuple(ActorRow(**a) for a in structs or ())


def is_interrupt(error: BaseException) -> bool:
    """Whether an error is DuckDB's rendering of a Ctrl-C that came during a statement."""
    return isinstance(error, duckdb.InterruptException) or (
        isinstance(error, RuntimeError) and isinstance(error.__cause__ or error.__context__, KeyboardInterrupt))


_WRITE_FAILURES = {"No space left on device": "the disk is full (No space left on device)",
                   "File too large": "the file size limit was reached (File too large)",
                   "Disk quota exceeded": "the disk quota is exceeded",
                   "Read-only file system": "the file system is read-only",
                   "Input/output error": "an input/output error"}


def _is_write_failure(error: BaseException) -> bool:
    """Whether a DuckDB error is the file system refusing a write (not a problem of the data written)."""
    return isinstance(error, duckdb.IOException) or any(key in str(error) for key in _WRITE_FAILURES) or (
        "Could not write file" in str(error))


def _write_reason(error: BaseException) -> str:
    return next((reason for key, reason in _WRITE_FAILURES.items() if key in str(error)), _first_line(error))


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
