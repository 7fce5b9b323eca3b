"""Full-text ranking of quotes in memory, over the index tables DuckDB's FTS extension builds.

``PRAGMA create_fts_index`` leaves the tokenised, stemmed quotes in tables (``docs``, ``dict``, ``terms``,
``stats``); its ``match_bm25`` macro then scores every stored quote per query, which takes hundreds of
milliseconds at 100,000 quotes. ``QuoteIndex`` reads those tables once into arrays (postings per term, sorted
by document) and answers a query by intersecting the postings of its terms and scoring only the documents
that hold all of them, with the same BM25 as the extension (k = 1.2, b = 0.75). Query words go through the
index's own tokeniser and Porter stemmer (in SQL); stop words are dropped from the query, as they are from the
index. A loaded index is shared by every connection of the process until the search index is rebuilt.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import duckdb
import numpy as np

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
    key = (database, version)
    with _LOADING:
        index = _LOADED.get(key)
        if index is None:
            index = QuoteIndex.load(con, schema)
            for old in [k for k in _LOADED if k[0] == database]:
                del _LOADED[old]
            _LOADED[key] = index
        return index
