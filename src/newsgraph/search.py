"""Full-text ranking of quotes in memory, over the index tables DuckDB's FTS extension builds.

``PRAGMA create_fts_index`` leaves the tokenised, stemmed quotes in tables (``docs``, ``dict``, ``terms``,
``stats``); its ``match_bm25`` macro then scores every stored quote per query, which takes hundreds of
milliseconds at 100,000 quotes. ``QuoteIndex`` reads those tables once into arrays (postings per term, sorted
by document) and answers a query by intersecting the postings of its terms and scoring only the documents
that hold all of them, with the same BM25 as the extension (k = 1.2, b = 0.75). Query words go through the
index's own tokeniser and Porter stemmer (in SQL); stop words are dropped from the query, as they are from the
index. A loaded index is shared by every connection of the process until the search index is rebuilt.

``QuoteCatalogue`` goes further for a long-lived process (the HTTP server): every quote's listing row in
memory, so that filtering, ranking and paging the quotes costs no query at all (DuckDB answers even a lookup of
twenty rows by id with a scan, tens of milliseconds at 100,000 quotes).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import duckdb
import numpy as np

T = TypeVar("T")
K1 = 1.2
B = 0.75


@dataclass(slots=True)
class QuoteIndex:
    """Postings of one FTS index: for term id t, documents ``docs[starts[t]:starts[t + 1]]`` (ascending) with
    term frequencies ``tfs[...]``; ``names[d]`` is the quote id of document d."""

    schema: str
    names: np.ndarray  # object array of quote ids, by document id
    lengths: np.ndarray  # tokens per document
    term_ids: dict[str, int]
    doc_freq: np.ndarray
    starts: np.ndarray
    docs: np.ndarray
    tfs: np.ndarray
    avg_length: float

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection, schema: str) -> QuoteIndex:
        """Read the index tables of ``schema`` (e.g. ``fts_main_quotes``) into arrays."""
        docs = con.execute(f"SELECT docid, name, len FROM {schema}.docs ORDER BY docid").fetchnumpy()
        size = int(docs["docid"].max()) + 1 if len(docs["docid"]) else 0
        names = np.empty(size, dtype=object)
        names[docs["docid"]] = docs["name"]
        lengths = np.zeros(size, dtype=np.float64)
        lengths[docs["docid"]] = docs["len"]
        terms = con.execute(f"SELECT termid, term, df FROM {schema}.dict ORDER BY termid").fetchnumpy()
        vocabulary = int(terms["termid"].max()) + 1 if len(terms["termid"]) else 0
        doc_freq = np.zeros(vocabulary, dtype=np.float64)
        doc_freq[terms["termid"]] = terms["df"]
        postings = con.execute(f"SELECT termid, docid, count(*) AS tf FROM {schema}.terms "
                               "GROUP BY termid, docid ORDER BY termid, docid").fetchnumpy()
        term_of = np.asarray(postings["termid"], dtype=np.int64)
        starts = np.searchsorted(term_of, np.arange(vocabulary + 1), side="left")
        stats = con.execute(f"SELECT num_docs, avgdl FROM {schema}.stats").fetchone()
        return cls(schema=schema, names=names, lengths=lengths,
                   term_ids={str(t): int(i) for t, i in zip(terms["term"], terms["termid"], strict=True)},
                   doc_freq=doc_freq, starts=starts, docs=np.asarray(postings["docid"], dtype=np.int64),
                   tfs=np.asarray(postings["tf"], dtype=np.float64),
                   avg_length=float(stats[1]) if stats and stats[1] else 1.0)

    @property
    def size(self) -> int:
        return int(len(self.names))

    def query_terms(self, con: duckdb.DuckDBPyConnection, query: str) -> list[str]:
        """The query's distinct stems, as the index tokenises and stems (stop words and empty tokens dropped)."""
        rows = con.execute(
            f"SELECT DISTINCT stem(t, 'porter') FROM (SELECT unnest({self.schema}.tokenize(?)) AS t) "
            f"WHERE t <> '' AND t NOT IN (SELECT sw FROM {self.schema}.stopwords)", [query]).fetchall()
        return [str(r[0]) for r in rows if r[0]]

    def search(self, terms: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Document ids holding every term, and their BM25 scores (unordered); empty for no terms."""
        empty = (np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64))
        ids = [self.term_ids.get(t) for t in terms]
        if not ids or any(i is None for i in ids):
            return empty
        ranges = sorted(((self.starts[i], self.starts[i + 1], i) for i in ids if i is not None),
                        key=lambda r: r[1] - r[0])  # rarest first: the smallest intersections
        matched = self.docs[ranges[0][0]:ranges[0][1]]
        for start, end, _ in ranges[1:]:
            matched = np.intersect1d(matched, self.docs[start:end], assume_unique=True)
            if not len(matched):
                return empty
        scores = np.zeros(len(matched), dtype=np.float64)
        norm = K1 * (1 - B + B * self.lengths[matched] / self.avg_length)
        for start, end, term in ranges:
            postings = self.docs[start:end]
            tf = self.tfs[start:end][np.searchsorted(postings, matched)]
            df = self.doc_freq[term]
            idf = np.log10((self.size - df + 0.5) / (df + 0.5) + 1)  # the extension takes log base 10
            scores += idf * tf * (K1 + 1) / (tf + norm)
        return matched, scores

    def ranked(self, con: duckdb.DuckDBPyConnection, query: str,
               top: int | None = None) -> tuple[list[str], list[float]]:
        """Quote ids matching every word of ``query`` with their scores, best first (only the ``top`` best)."""
        docs, scores = self.search(self.query_terms(con, query))
        if top is not None and len(docs) > top:
            best = np.argpartition(-scores, top - 1)[:top]
            docs, scores = docs[best], scores[best]
        order = np.lexsort((docs, -scores))
        return [str(n) for n in self.names[docs[order]]], [float(s) for s in scores[order]]


_LOADED: dict[tuple[str, str], QuoteIndex] = {}
_LOADING = threading.Lock()


def shared_index(con: duckdb.DuckDBPyConnection, schema: str, database: str, version: str) -> QuoteIndex:
    """The index of ``database`` as of ``version`` (a token that changes at each rebuild), loaded once per
    process and shared by its connections; older versions are dropped."""
    with _LOADING:
        return _latest(_LOADED, database, version, lambda: QuoteIndex.load(con, schema))


def _latest(cache: dict[tuple[str, str], T], database: str, version: str, load: Callable[[], T]) -> T:
    """``cache``'s entry for ``database`` at ``version``, loaded if missing (dropping its other versions);
    the caller holds ``_LOADING``."""
    found = cache.get((database, version))
    if found is None:
        found = load()
        for old in [k for k in cache if k[0] == database]:
            del cache[old]
        cache[(database, version)] = found
    return found


# A listing's speaker: the name, else "unresolved: <the source words>" for a source resolved to no named entity
SPEAKER_LABEL_SQL = ("COALESCE(q.speaker_name, CASE WHEN q.speaker_named IS FALSE THEN 'unresolved: ' || "
                     "regexp_replace(q.source_text, '\\s+', ' ', 'g') END) AS speaker_name")


@dataclass(slots=True)
class QuoteFilter:
    """What a quote listing asks for (the same meaning as ``Store.quotes``)."""

    speaker: str | None = None
    outlet: str | None = None
    article_id: str | None = None
    story_id: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    search: str | None = None
    entity_id: str | None = None  # the speaker's corpus entity
    speech: bool | None = None  # True: statements only; False: beliefs, findings, plans only; None: both


class _Codes:
    """A column as codes into its distinct values, so a test on values runs once per distinct value."""

    def __init__(self, values: list[str | None]) -> None:
        distinct: dict[str | None, int] = {}
        self.codes = np.fromiter((distinct.setdefault(v, len(distinct)) for v in values), dtype=np.int32,
                                 count=len(values))
        self.values = list(distinct)
        self._joined: str | None = None  # the lower-cased values joined by newlines, built on first use
        self._starts = np.zeros(0, dtype=np.int64)

    def where(self, test: Callable[[str], bool]) -> np.ndarray:
        """Rows whose value is not null and passes ``test``."""
        passing = np.fromiter((v is not None and test(v) for v in self.values), dtype=bool, count=len(self.values))
        return passing[self.codes]

    def containing(self, needle: str) -> np.ndarray:
        """Rows whose value contains ``needle`` in any case (as ILIKE '%needle%' does): one scan of all the
        distinct values joined into one string."""
        if self._joined is None:
            lowered = ["" if v is None else v.lower().replace("\n", " ") for v in self.values]
            self._starts = np.cumsum([0] + [len(v) + 1 for v in lowered[:-1]], dtype=np.int64)
            self._joined = "\n".join(lowered)
        needle = needle.lower()
        passing = np.zeros(len(self.values), dtype=bool)
        if needle and "\n" not in needle:
            hits = [m.start() for m in re.finditer(re.escape(needle), self._joined)]
            passing[np.searchsorted(self._starts, hits, side="right") - 1] = True
        return passing[self.codes]


@dataclass(slots=True)
class QuoteCatalogue:
    """Every stored quote's listing row in memory, in listing order (newest article first), for a long-lived
    process (the HTTP server) to filter, rank and page without a query per request. ``rows[i]`` holds the
    ``QuoteRow`` fields; ``positions[d]`` is the row of FTS document d."""

    rows: list[tuple[Any, ...]]
    speakers: _Codes
    outlets: _Codes
    articles: _Codes
    stories: _Codes
    speaker_entities: _Codes
    days: _Codes
    index: QuoteIndex | None
    positions: np.ndarray
    speech: np.ndarray  # per row: a statement (speech not false)

    LISTING = (f"SELECT q.article_id, q.quote_index, a.title, a.source, a.published, {SPEAKER_LABEL_SQL}, "
               "q.speaker_role, "
               "q.speaker_affiliation, q.content_text, q.kind, q.quote_id, s.story_id, "
               "regexp_extract(a.published, '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?', 0) AS day, l.corpus_id, q.speech, "
               # the outlets of the article's copies too (schema v5), for the outlet filter
               "concat_ws(' | ', a.source, (SELECT string_agg(c.source, ' | ') FROM articles c "
               "WHERE c.duplicate_of = a.id)) AS outlets "
               "FROM quotes q JOIN articles a ON a.id = q.article_id "
               "LEFT JOIN article_story s ON s.article_id = q.article_id "
               "LEFT JOIN entity_links l ON l.article_id = q.article_id AND l.entity_id = q.speaker_entity "
               "ORDER BY a.published DESC NULLS LAST, q.article_id, q.quote_index")

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection, index: QuoteIndex | None) -> QuoteCatalogue:
        fetched = con.execute(cls.LISTING).fetchall()
        rows = [(*r[:10], r[14]) for r in fetched]
        positions = np.full(index.size if index else 0, -1, dtype=np.int64)
        if index is not None:
            row_of = {r[10]: i for i, r in enumerate(fetched)}
            positions = np.fromiter((row_of.get(n, -1) for n in index.names), dtype=np.int64, count=index.size)
        return cls(rows=rows, speakers=_Codes([r[5] for r in fetched]),
                   outlets=_Codes([r[15] or None for r in fetched]),
                   articles=_Codes([r[0] for r in fetched]), stories=_Codes([r[11] for r in fetched]),
                   speaker_entities=_Codes([r[13] for r in fetched]),
                   days=_Codes([r[12] or None for r in fetched]), index=index, positions=positions,
                   speech=np.fromiter((r[14] is not False for r in fetched), dtype=bool, count=len(fetched)))

    def query(self, con: duckdb.DuckDBPyConnection, wanted: QuoteFilter, limit: int | None,
              offset: int = 0) -> list[tuple[Any, ...]]:
        """The listing rows ``wanted`` selects: best match first for a search, else in listing order."""
        mask = np.ones(len(self.rows), dtype=bool)
        if wanted.speaker:
            mask &= self.speakers.containing(wanted.speaker)
        if wanted.outlet:
            mask &= self.outlets.containing(wanted.outlet)
        if wanted.article_id:
            mask &= self.articles.where(lambda v: v == wanted.article_id)
        if wanted.story_id:
            mask &= self.stories.where(lambda v: v == wanted.story_id)
        if wanted.entity_id:
            mask &= self.speaker_entities.where(lambda v: v == wanted.entity_id)
        if wanted.speech is not None:
            mask &= self.speech if wanted.speech else ~self.speech
        for bound, after in ((wanted.date_from, True), (wanted.date_to, False)):
            if bound:
                mask &= self.days.where(lambda day, b=bound, a=after: _within(day, b, a))  # type: ignore[misc]
        if wanted.search:
            if self.index is None:
                return []
            docs, scores = self.index.search(self.index.query_terms(con, wanted.search))
            rows = self.positions[docs]
            keep = (rows >= 0) & mask[np.maximum(rows, 0)]
            rows, scores = rows[keep], scores[keep]
            order = np.lexsort((rows, -scores))
            selected = rows[order]
        else:
            selected = np.flatnonzero(mask)
        end = None if limit is None else offset + limit
        return [self.rows[i] for i in selected[offset:end]]


def _within(day: str, bound: str, after: bool) -> bool:
    """A day (YYYY[-MM[-DD]]) on or after (or before) a bound, compared at the precision both have."""
    precision = min(len(day), len(bound))
    return day[:precision] >= bound[:precision] if after else day[:precision] <= bound[:precision]


def shared_catalogue(con: duckdb.DuckDBPyConnection, schema: str | None, database: str,
                     version: str) -> QuoteCatalogue:
    """The quote catalogue of ``database`` as of ``version``, loaded once per process (with the search index
    of ``schema`` when there is one); older versions are dropped."""
    def load() -> QuoteCatalogue:
        index = _latest(_LOADED, database, version, lambda: QuoteIndex.load(con, schema)) if schema else None
        return QuoteCatalogue.load(con, index)

    with _LOADING:
        return _latest(_CATALOGUES, database, version, load)


_CATALOGUES: dict[tuple[str, str], QuoteCatalogue] = {}
