"""The words and text measures that story clustering, entity linking and the store's cross-article matching share.

Stopwords and title words, the word pattern, the name key two spellings of one name share, and the measures under
which two outlets' renderings of one quote compare (``normalise_text``, ``token_overlap``, ``text_similarity``).
"""

from __future__ import annotations

import re

__all__ = ["STOPWORDS", "TITLE_WORDS", "WORD_RE", "name_key", "normalise_text", "text_similarity", "token_overlap",
           "word_set"]


def word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS = word_set("""
a about above after again against all also although am among an and another any are around as at be
because been before being below between both but by can could did do does doing done down during each
either even ever every few for from further had has have having he her here hers herself him himself his
how however i if in into is it its itself just last least less like made make many may me might more most
much must my myself near need neither never new no nor not now of off on once one only or other others
our ours ourselves out over own past per perhaps put rather really said same say says see seen several
shall she should since so some still such than that the their theirs them themselves then there these they
this those though three through thus till to too toward towards two under until up upon us very via was we
well were what whatever when where whether which while who whom whose why will with within without would
yet you your yours yourself yourselves first second third four five six seven eight nine ten year years
day days week weeks month months time times today yesterday tomorrow monday tuesday wednesday thursday
friday saturday sunday told according people just get got go going went come came take took back way
news report reported reports reporting reporter reporters published update updated story article
""")
TITLE_WORDS = word_set("""
mr mrs ms miss dr sir lord lady president vice senator sen rep gov governor mayor judge justice
minister secretary general gen col lt sgt capt captain chief officer prince princess king queen pope
saint st rev reverend father sheriff deputy detective professor prof coach jr sr
""")
WORD_RE = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]|\d+(?:[.,]\d+)?")


def name_key(name: str) -> str:
    """A name's words lower-cased, dots dropped ("U.S." -> "us"): the key two spellings of one name share."""
    return " ".join(w.lower() for w in WORD_RE.findall(name.replace(".", "")))


# -- text matching across articles (statements, claims) ---------------------------------------------

_QUOTE_MARKS = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2026": " "})


def normalise_text(text: str) -> str:
    """Lower case, typographic quotes and punctuation dropped, whitespace collapsed: the form under
    which two outlets' renderings of one quote compare equal."""
    words = WORD_RE.findall(text.translate(_QUOTE_MARKS).lower())
    return " ".join(words)


def token_overlap(a: str, b: str, content_only: bool = False) -> float:
    """Jaccard overlap of the word sets of two normalised texts (stopwords out with ``content_only``)."""
    sa, sb = set(a.split()), set(b.split())
    if content_only:
        sa, sb = sa - STOPWORDS, sb - STOPWORDS
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


def text_similarity(a: str, b: str) -> float:
    """Character-level similarity (0..1) of two normalised texts: near 1 for one quote rendered with a
    word changed or dropped."""
    from difflib import SequenceMatcher

    return SequenceMatcher(None, a, b, autojunk=False).ratio()
