"""Copies of one article: exact (the same normalised text) and near (MinHash LSH over word shingles, datasketch).

At ingest (``service``) each new article is checked against every stored original before it is extracted:

- **exact**: the SHA-256 of its normalised text (NFKC, case folded, only the word tokens, one space apart) is an
  original's: similarity 1.0;
- **near**: the estimated Jaccard similarity of its word ``SHINGLE``-grams with an original's is at least
  ``THRESHOLD`` (candidates from an LSH index of ``NUM_PERM``-permutation MinHash signatures, then the estimate
  checked). Texts under ``MIN_TOKENS`` words are matched exactly only (too few shingles to estimate).

``THRESHOLD`` and ``SHINGLE`` were chosen on the pairs of ``benchmarks/dedup_eval.py`` (Reuters-21578 and edited
copies of the seed article; figures in docs/measurements.md). A copy is stored by ``Store.write_copy``; only
originals have a signature (table ``article_signatures``), so a copy of a copy finds the original. No spaCy.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsgraph.store import Store

THRESHOLD = 0.7
SHINGLE = 3
NUM_PERM = 128
MIN_TOKENS = 50
SCHEME = "affine64"  # datasketch's hashing scheme, named so stored signatures read back the same
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Match:
    """An article found to be a copy of the stored original ``original`` (similarity 1.0: an exact copy)."""

    original: str
    similarity: float

    @property
    def kind(self) -> str:
        return "exact" if self.similarity >= 1.0 else "near"


def tokens(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def norm_hash(text: str) -> str:
    """The SHA-256 of the normalised text: equal for texts that differ only in case, spacing and punctuation."""
    return hashlib.sha256(" ".join(tokens(text)).encode("utf-8")).hexdigest()


def shingles(words: Sequence[str], size: int = SHINGLE) -> set[bytes]:
    if len(words) < size:
        return {" ".join(words).encode("utf-8")}
    return {" ".join(words[i:i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def minhash(words: Sequence[str], num_perm: int = NUM_PERM, size: int = SHINGLE) -> Any:
    from datasketch import MinHash

    signature = MinHash(num_perm=num_perm, scheme=SCHEME)
    signature.update_batch(list(shingles(words, size)))
    return signature


def _to_bytes(signature: Any) -> bytes:
    import numpy as np

    return np.asarray(signature.hashvalues, dtype="<u8").tobytes()


def _from_bytes(data: bytes, num_perm: int = NUM_PERM) -> Any:
    import numpy as np
    from datasketch import MinHash

    return MinHash(num_perm=num_perm, hashvalues=np.frombuffer(data, dtype="<u8").astype(np.uint64), scheme=SCHEME)


class DuplicateIndex:
    """The originals' exact keys and MinHash signatures in memory, with an LSH index over them."""

    def __init__(self, threshold: float = THRESHOLD, num_perm: int = NUM_PERM, size: int = SHINGLE) -> None:
        from datasketch import MinHashLSH

        self.threshold, self.num_perm, self.size = threshold, num_perm, size
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._exact: dict[str, str] = {}  # norm_hash -> article id
        self._keys: dict[str, tuple[str, Any | None]] = {}  # article id -> (norm_hash, signature or None)

    def __len__(self) -> int:
        return len(self._keys)

    def signature(self, text: str) -> tuple[str, Any | None]:
        """(exact key, MinHash or None for a text too short to estimate)."""
        words = tokens(text)
        key = hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()
        return key, (minhash(words, self.num_perm, self.size) if len(words) >= MIN_TOKENS else None)

    def find(self, article_id: str, text: str) -> Match | None:
        """The original this text copies (another article than ``article_id``), the most similar; or None."""
        key, signature = self.signature(text)
        return self.find_signature(article_id, key, signature)

    def find_signature(self, article_id: str, key: str, signature: Any | None) -> Match | None:
        original = self._exact.get(key)
        if original is not None and original != article_id:
            return Match(original, 1.0)
        if signature is None:
            return None
        best: Match | None = None
        for candidate in self._lsh.query(signature):
            if candidate == article_id:
                continue
            other = self._keys[candidate][1]
            similarity = float(signature.jaccard(other)) if other is not None else 0.0
            if similarity >= self.threshold and (best is None or similarity > best.similarity
                                                 or (similarity == best.similarity and candidate < best.original)):
                best = Match(candidate, round(similarity, 4))
        return best

    def add(self, article_id: str, key: str, signature: Any | None) -> None:
        self.remove(article_id)
        self._keys[article_id] = (key, signature)
        self._exact.setdefault(key, article_id)
        if signature is not None:
            self._lsh.insert(article_id, signature)

    def remove(self, article_id: str) -> None:
        old = self._keys.pop(article_id, None)
        if old is None:
            return
        if self._exact.get(old[0]) == article_id:
            del self._exact[old[0]]
        if old[1] is not None:
            self._lsh.remove(article_id)


class Deduplicator:
    """The duplicate index of a store: loads the stored signatures (computing those missing: articles stored
    before schema v5, or by an interrupted run), checks new articles, and records the new originals'."""

    def __init__(self, store: Store, threshold: float = THRESHOLD) -> None:
        self.store = store
        self.index = DuplicateIndex(threshold)
        con = store.con
        for article_id, key, data in con.execute(
                "SELECT s.article_id, s.norm_hash, s.minhash FROM article_signatures s "
                "JOIN articles a ON a.id = s.article_id WHERE a.duplicate_of IS NULL").fetchall():
            self.index.add(article_id, key, _from_bytes(data) if data else None)
        # (text_hash '': a copy whose original was deleted, waiting to be extracted as an article of its own)
        missing = con.execute("SELECT id, text FROM articles WHERE duplicate_of IS NULL AND text_hash <> '' AND id "
                              "NOT IN (SELECT article_id FROM article_signatures) ORDER BY ingested_at, id").fetchall()
        if missing and not store.read_only:
            self._save([(article_id, *self.index.signature(text)) for article_id, text in missing])

    def check(self, article_id: str, text: str) -> Match | None:
        return self.index.find(article_id, text)

    def stored(self, originals: Sequence[tuple[str, str]]) -> None:
        """Record the signatures of originals just stored: ``(article id, text)`` pairs."""
        self._save([(article_id, *self.index.signature(text)) for article_id, text in originals])

    def copied(self, article_id: str) -> None:
        """An article stored as a copy is no original any more."""
        self.index.remove(article_id)

    def _save(self, rows: Sequence[tuple[str, str, Any | None]]) -> None:
        if not rows:
            return
        import pyarrow as pa

        for article_id, key, signature in rows:
            self.index.add(article_id, key, signature)
        table = pa.table({
            "article_id": pa.array([r[0] for r in rows], type=pa.string()),
            "norm_hash": pa.array([r[1] for r in rows], type=pa.string()),
            "minhash": pa.array([_to_bytes(r[2]) if r[2] is not None else b"" for r in rows], type=pa.binary()),
        })
        con = self.store.con
        con.register("_newsgraph_signatures", table)
        try:
            con.execute("DELETE FROM article_signatures WHERE article_id IN "
                        "(SELECT article_id FROM _newsgraph_signatures)")
            con.execute("INSERT INTO article_signatures SELECT * FROM _newsgraph_signatures")
        finally:
            con.unregister("_newsgraph_signatures")
