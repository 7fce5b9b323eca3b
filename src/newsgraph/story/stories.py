"""Stories across articles, assigned incrementally as records arrive.

``StoryClusterer.add(record)`` puts an article into the best-matching story (TF-IDF cosine of its
words and names against each candidate story's centroid, less a penalty for clashing dates) or starts
a new one; nothing already assigned is recomputed. Works on ``ArticleRecord`` objects only: no spaCy, no model.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from newsgraph.records import ArticleRecord
from newsgraph.story.textsim import STOPWORDS, TITLE_WORDS, WORD_RE, name_key

__all__ = ["ArticleFeatures", "Story", "StoryClusterer", "article_features"]

_FULL_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_YEAR_RE = re.compile(r"^(\d{4})")

NAME_TYPES = {"PERSON", "ORG", "GPE", "LOC", "NORP"}


# -- article features ------------------------------------------------------------------------------


@dataclass(slots=True)
class ArticleFeatures:
    """What a story is compared on: weighted terms and the article's dates (as day ordinals)."""

    terms: dict[str, float]
    dates: list[int]  # ordinals of full dates the article names or was published on
    year: int | None  # the publication year, else the latest year the article names


def _day(value: str | None) -> int | None:
    m = _FULL_DATE_RE.match(value or "")
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3])).toordinal()
    except ValueError:
        return None


def article_features(record: ArticleRecord, name_weight: float = 3.0) -> ArticleFeatures:
    """Content words of the title and text (stopwords out, title counted twice) plus the article's
    names (each PERSON/ORG/place name and a person's surname, weighted by ``name_weight``)."""
    terms: defaultdict[str, float] = defaultdict(float)
    title = record.article.title or ""
    for text, weight in ((title, 2.0), (record.text, 1.0)):
        for w in WORD_RE.findall(text):
            lw = w.lower()
            if lw in STOPWORDS or (len(lw) < 3 and not lw[0].isdigit()):
                continue
            if lw.isdigit() and len(lw) != 4:  # bare counts say little; a year says when
                continue
            terms["w:" + lw] += weight
    for entity in record.entities:
        if entity.type not in NAME_TYPES or not entity.named:  # "the company", "they": no name to share
            continue
        key = name_key(entity.name)
        if not key:
            continue
        weight = name_weight * min(1.0 + math.log(max(1, len(entity.mentions))), 3.0)
        terms["n:" + key] += weight
        if entity.type == "PERSON":
            words = [w for w in key.split() if w not in TITLE_WORDS]
            if len(words) > 1:
                terms["n:" + words[-1]] += weight
    days = [d for d in (_day(record.article.published),) if d is not None]
    days += [d for t in record.times if t.type == "DATE" and (d := _day(t.value)) is not None]
    years = [int(m[1]) for t in record.times if t.type == "DATE" and (m := _YEAR_RE.match(t.value or ""))]
    year = max(years, default=None)
    if record.article.published and (m := _YEAR_RE.match(record.article.published)):
        year = int(m[1])
    return ArticleFeatures(terms, days, year)


# -- stories ---------------------------------------------------------------------------------------


@dataclass(slots=True)
class Story:
    """Articles about one real-world event or developing situation."""

    id: str
    title: str
    articles: list[str] = field(default_factory=list)
    terms: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))  # summed term weights
    days: Counter[int] = field(default_factory=Counter)
    years: Counter[int] = field(default_factory=Counter)
    actors: Counter[str] = field(default_factory=Counter)  # corpus entity id -> mentions
    actor_names: dict[str, str] = field(default_factory=dict)
    published: list[str] = field(default_factory=list)

    @property
    def first_date(self) -> str | None:
        """The first publication date, else the earliest full date its articles name."""
        if self.published:
            return min(self.published)
        return date.fromordinal(min(self.days)).isoformat() if self.days else None

    @property
    def last_date(self) -> str | None:
        if self.published:
            return max(self.published)
        return date.fromordinal(max(self.days)).isoformat() if self.days else None

    def main_actors(self, n: int = 5) -> list[str]:
        return [self.actor_names.get(a, a) for a, _ in self.actors.most_common(n)]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "articles": list(self.articles),
                "first_date": self.first_date, "last_date": self.last_date, "actors": self.main_actors()}


def _title_of(record: ArticleRecord) -> str:
    if record.article.title:
        return record.article.title.strip()
    first_line = next((line.strip() for line in record.text.splitlines() if line.strip()), record.id)
    return first_line if len(first_line) <= 120 else first_line[:117].rsplit(" ", 1)[0] + "…"


class StoryClusterer:
    """Single-pass clustering: each article joins the most similar story above ``threshold`` or starts one.

    Similarity is the cosine of sublinear TF-IDF vectors (document frequencies counted as articles
    arrive) between the article and a story's centroid, minus ``date_penalty`` when both name full
    dates and none of the article's lies within ``date_window`` days of the story's, and minus
    ``year_penalty`` when the article's year (published, else the latest it names) is more than one
    off the story's usual year: a second earthquake or arrest is told with other places, names and
    dates. Candidate stories are those sharing one of the article's top-weighted terms (an inverted
    index), and story vectors are cached, so one article does not cost a pass over every story's terms.
    """

    def __init__(self, threshold: float = 0.18, date_window: int = 10, date_penalty: float = 0.15,
                 candidate_terms: int = 30, name_weight: float = 3.0, year_penalty: float = 0.1,
                 max_candidates: int = 20, max_postings: int = 50, prefix: str = "S") -> None:
        self.year_penalty = year_penalty
        self.max_candidates = max_candidates
        self.max_postings = max_postings
        self.threshold = threshold
        self.name_weight = name_weight
        self.date_window = date_window
        self.date_penalty = date_penalty
        self.candidate_terms = candidate_terms
        self.prefix = prefix
        self.stories: dict[str, Story] = {}
        self.story_of: dict[str, str] = {}  # article id -> story id
        self.df: Counter[str] = Counter()
        self.n_docs = 0
        self._postings: dict[str, dict[str, None]] = {}  # term -> the latest stories using it, oldest first
        self._vectors: dict[str, tuple[int, int, dict[str, float]]] = {}

    def _next_id(self) -> str:
        number = len(self.stories) + 1
        while f"{self.prefix}{number}" in self.stories:
            number += 1
        return f"{self.prefix}{number}"

    def to_state(self) -> dict[str, Any]:
        """Everything needed to go on clustering later, as JSON-able data (the vector cache left out)."""
        return {
            "n_docs": self.n_docs, "df": dict(self.df), "story_of": self.story_of,
            "postings": {t: list(p) for t, p in self._postings.items()},
            "stories": [{"id": s.id, "title": s.title, "articles": s.articles, "terms": dict(s.terms),
                         "days": list(s.days.items()), "years": list(s.years.items()),
                         "actors": dict(s.actors), "actor_names": s.actor_names, "published": s.published}
                        for s in self.stories.values()],
        }

    def load_state(self, state: dict[str, Any]) -> None:
        """Restore what ``to_state`` saved."""
        self.n_docs = int(state["n_docs"])
        self.df = Counter(state["df"])
        self.story_of = dict(state["story_of"])
        self._postings = {t: dict.fromkeys(ids) for t, ids in state["postings"].items()}
        self._vectors = {}
        self.stories = {}
        for data in state["stories"]:
            story = Story(data["id"], data["title"], list(data["articles"]),
                          defaultdict(float, data["terms"]), Counter(dict((int(k), v) for k, v in data["days"])),
                          Counter(dict((int(k), v) for k, v in data["years"])), Counter(data["actors"]),
                          dict(data["actor_names"]), list(data["published"]))
            self.stories[story.id] = story

    def idf(self, term: str) -> float:
        return math.log((self.n_docs + 1) / (self.df[term] + 1)) + 1.0

    def _vector(self, terms: dict[str, float]) -> dict[str, float]:
        vec = {t: (1.0 + math.log(c)) * self.idf(t) if c >= 1 else c * self.idf(t) for t, c in terms.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {t: v / norm for t, v in vec.items()}

    def _story_vector(self, story: Story) -> dict[str, float]:
        """The story centroid's unit TF-IDF vector, cached until the story or the corpus grows by a tenth
        (a story of ten articles or fewer: until it grows)."""
        cached = self._vectors.get(story.id)
        size = len(story.articles)
        if cached is not None and size <= max(cached[0], cached[0] * 1.1) and self.n_docs <= cached[1] * 1.1:
            return cached[2]
        vec = self._vector({t: c / len(story.articles) for t, c in story.terms.items()})
        self._vectors[story.id] = (len(story.articles), self.n_docs, vec)
        return vec

    def _candidates(self, doc_vec: dict[str, float]) -> list[str]:
        """Stories sharing the article's top-weighted terms, the ``max_candidates`` that share most."""
        top = sorted(doc_vec, key=lambda t: -doc_vec[t])[: self.candidate_terms]
        shared: Counter[str] = Counter()
        for t in top:
            for sid in self._postings.get(t, ()):
                shared[sid] += 1
        return sorted(sid for sid, _ in shared.most_common(self.max_candidates))

    def similarity(self, features: ArticleFeatures, story: Story, doc_vec: dict[str, float] | None = None) -> float:
        """Cosine of the article and the story centroid, less the date-clash penalty."""
        doc_vec = doc_vec if doc_vec is not None else self._vector(features.terms)
        story_vec = self._story_vector(story)
        score = sum(v * story_vec.get(t, 0.0) for t, v in doc_vec.items())
        if features.dates and story.days:
            near = any(abs(d - s) <= self.date_window for d in features.dates for s in story.days)
            if not near:
                score -= self.date_penalty
        if features.year is not None and story.years:
            usual = story.years.most_common(1)[0][0]
            if abs(features.year - usual) > 1:
                score -= self.year_penalty
        return score

    def best(self, record: ArticleRecord, features: ArticleFeatures | None = None) -> tuple[Story | None, float]:
        """The most similar existing story and its score (None, 0.0 when there is none)."""
        features = features or article_features(record, self.name_weight)
        doc_vec = self._vector(features.terms)
        best: tuple[Story | None, float] = (None, 0.0)
        for sid in self._candidates(doc_vec):
            score = self.similarity(features, self.stories[sid], doc_vec)
            if score > best[1]:
                best = (self.stories[sid], score)
        return best

    def add(self, record: ArticleRecord, story_id: str | None = None) -> Story:
        """Assign ``record`` to a story (an existing one or a new one) and return it; ``story_id`` forces
        the story (replaying assignments already made, e.g. from a store)."""
        if record.id in self.story_of:
            return self.stories[self.story_of[record.id]]
        features = article_features(record, self.name_weight)
        self.n_docs += 1
        self.df.update(features.terms.keys())
        if story_id is not None:
            story = self.stories.get(story_id) or Story(story_id, _title_of(record))
            self.stories[story.id] = story
        else:
            found, score = self.best(record, features)
            if found is None or score < self.threshold:
                found = Story(self._next_id(), _title_of(record))
                self.stories[found.id] = found
            story = found
        story.articles.append(record.id)
        for term, weight in features.terms.items():
            story.terms[term] += weight
        story.days.update(features.dates)
        if features.year is not None:
            story.years[features.year] += 1
        if record.article.published:
            story.published.append(record.article.published)
        for term in features.terms:
            posting = self._postings.setdefault(term, {})
            posting.pop(story.id, None)
            posting[story.id] = None
            if len(posting) > self.max_postings:  # a term in every story finds no story in particular
                del posting[next(iter(posting))]
        self.story_of[record.id] = story.id
        return story
