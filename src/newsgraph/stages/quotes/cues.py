"""Cue words and their sources: the cue-precision lookups, the attribution candidate, and the words of a cue.

A cue is kept when the learned precision of its (lemma, construction) key reaches a floor
(``default_keep``); its source is the cue's subject noun phrase, inherited up the tree ("…, saying"),
or the object of "according to". Both passes of the rules (direct.py, reported.py) use these.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from newsgraph.stages.parse import doc_text, head_chain
from newsgraph.stages.quotes.lexicon import CUE_PRECISION

MIN_PRECISION = 0.4  # keep a (lemma, construction) whose train precision reaches this
MIN_PRECISION_DIRECT = 0.5  # the same for the cues of quoted passages (best direct end-to-end F1 on train)
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
NO_INHERIT_DEPS = {"relcl", "ccomp", "parataxis"}
EDGE_CHARS = " \t\n,;:—–-"


@dataclass(slots=True)
class Candidate:
    """A possible attribution; ``key`` names its cue lemma and construction ("say|ccomp")."""

    content: list[tuple[int, int]]
    cue: tuple[int, int] | None
    source: tuple[int, int] | None
    key: str
    cue_token: int | None = None
    direct: bool = False
    extra: list[str] = field(default_factory=list)


def cue_precision(key: str) -> float:
    """Train precision of a "lemma|construction" key, backing off to the construction's rare lemmas."""
    if key in CUE_PRECISION:
        return CUE_PRECISION[key]
    return CUE_PRECISION.get("*|" + key.split("|", 1)[1], 0.0)


def default_keep(key: str) -> bool:
    """Whether a key's train precision reaches its floor (a higher one for the cues of quoted passages)."""
    floor = MIN_PRECISION_DIRECT if key.split("|", 1)[1].startswith("quote") else MIN_PRECISION
    return cue_precision(key) >= floor


def token_span(doc: Doc, first: int, last: int) -> tuple[int, int]:
    """Characters of tokens ``first..last`` (inclusive), trimmed of edge punctuation and space."""
    start, end = doc[first].idx, doc[last].idx + len(doc[last].text)
    text = doc_text(doc)
    while start < end and text[start] in EDGE_CHARS:
        start += 1
    while end > start and text[end - 1] in EDGE_CHARS:
        end -= 1
    return start, end


def cue_subject(tok: Token, quoted: Callable[[int], bool] = lambda i: False) -> Token | None:
    """The subject of a cue verb, inherited up the tree ("…, saying", "issued a statement saying").

    A subject outside quotation marks wins over one the parser found inside them.
    """
    for node in (tok, *head_chain(tok, 4)):
        subjects = [child for child in node.children if child.dep_ in SUBJECT_DEPS]
        if subjects:
            return next((s for s in subjects if not quoted(s.i)), subjects[0])
        if node.dep_ in NO_INHERIT_DEPS:
            return None
    return None


def clipped_subtree(tok: Token, lo: int, hi: int) -> tuple[int, int]:
    """The subtree of ``tok`` as a token range, clipped to ``[lo, hi)`` around ``tok``."""
    return max(tok.left_edge.i, lo), min(tok.right_edge.i, hi - 1)


def cue_span(doc: Doc, tok: Token) -> tuple[int, int]:
    """The cue's characters: the word, or "according to"."""
    if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
        return tok.idx, doc[tok.i + 1].idx + 2
    return tok.idx, tok.idx + len(tok.text)


def according_source(tok: Token) -> Token | None:
    """The object of "according to"."""
    for prep in tok.children:
        if prep.lower_ == "to":
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def is_cue_word(tok: Token) -> bool:
    """A word that can cue an attribution: a verb (not an auxiliary or modifier), or "according"."""
    if tok.lower_ == "according":
        return True
    if tok.dep_ in ("aux", "auxpass", "amod", "compound"):
        return False
    return tok.pos_ in ("VERB", "AUX")


def cue_lemma(tok: Token) -> str:
    """The lemma a cue's key names."""
    return "according" if tok.lower_ == "according" else tok.lemma_.lower()
