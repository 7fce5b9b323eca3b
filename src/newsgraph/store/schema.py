"""The store's tables: their DDL by schema version, ``SCHEMA_VERSION``, the groups of tables the write path,
counts and exports go over, and the Arrow column types their rows are inserted with.

Tables (``start_char``/``end_char`` are ``[start, end)`` offsets into ``articles.text``; each
``*_text`` column is the text of its span, stored for readers of exports; ``*_index`` numbers a part
within its article in record order):

- ``articles``: id (primary key), title, published (text, as given, normally YYYY-MM-DD), source
  (the outlet), url, text, text_hash (sha256 of the text), ingested_at, extras (JSON object: any
  part of the record no table below holds; ``{}`` today), and (v5) published_from (where the date came from),
  duplicate_of (the stored original this article copies), duplicate_similarity (1.0: an exact copy)
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
- ``fetch_state`` (v5): url, etag, last_modified, body, fetched_at (what a web source answered last: webstate.py)
- ``article_signatures`` (v5): article_id, norm_hash, minhash (an original article's duplicate-detection
  signature: dedup.py)
- ``schema_version``: version; ``store_state``: key, value (bookkeeping such as the search index state)
"""

from __future__ import annotations

from typing import Any

SCHEMA_VERSION = 5
ARTICLE_TABLES: tuple[str, ...] = ("articles", "entities", "mentions", "quotes", "times", "quantities", "events",
                                   "event_actors", "claims", "claim_stances")
# the cross-article tables (schema v3): per-article link rows, then corpus-level rows
LINK_TABLES: tuple[str, ...] = ("article_story", "entity_links", "statement_quotes", "claim_links")
CORPUS_TABLES: tuple[str, ...] = ("stories", "corpus_entities", "statements", "claim_groups")
STORY_TABLES: tuple[str, ...] = LINK_TABLES + CORPUS_TABLES
TABLES: tuple[str, ...] = ARTICLE_TABLES  # one article's record, as ``extract`` writes it
ALL_TABLES: tuple[str, ...] = TABLES + STORY_TABLES  # what ``counts(ALL_TABLES)`` and exports cover

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
