"""Stories and corpus-wide entities across articles, assigned incrementally as records arrive.

``StoryClusterer.add(record)`` puts an article into the best-matching story (TF-IDF cosine of its
words and names against each candidate story's centroid, less a penalty for clashing dates) or starts
a new one; nothing already assigned is recomputed. ``EntityLinker.add(record, story)`` maps each of the
article's entities onto a corpus entity ("Lavrov", "Sergey V. Lavrov" and "Russian Foreign Minister
Sergey Lavrov" are one; "Tara Reid" and "Harry Reid" are two). ``CorpusLinker`` runs both and rewrites a
record's entity ids (and every reference to them) to the corpus ids. Works on ``ArticleRecord`` objects
only: no spaCy, no model.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from newsgraph.cameo import actor_dictionary
from newsgraph.records import ArticleRecord, Entity

__all__ = ["CorpusEntity", "CorpusLinker", "EntityLinker", "Story", "StoryClusterer", "article_features",
           "normalise_text", "text_similarity", "token_overlap"]


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS = _word_set("""
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

_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]|\d+(?:[.,]\d+)?")
_FULL_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_YEAR_RE = re.compile(r"^(\d{4})")

NAME_TYPES = {"PERSON", "ORG", "GPE", "LOC", "NORP"}
# three-letter CAMEO codes that name a kind of actor, not one country: never a key for merging
NOT_COUNTRY_CODES = _word_set("""
IGO NGO IMG MNC UAF ISM REB CVL MED ELI GOV MIL BUS EDU COP JUD LEG SPY REF LAB HLH CRM OPP PTY AGR ENV
RAD MOD DEV HRI INS SET UNK
""")
PLACE_TYPES = {"GPE", "LOC"}
TITLE_WORDS = _word_set("""
mr mrs ms miss dr sir lord lady president vice senator sen rep gov governor mayor judge justice
minister secretary general gen col lt sgt capt captain chief officer prince princess king queen pope
saint st rev reverend father sheriff deputy detective professor prof coach jr sr
""")


# -- article features ------------------------------------------------------------------------------


@dataclass(slots=True)
class ArticleFeatures:
    """What a story is compared on: weighted terms and the article's dates (as day ordinals)."""

    terms: dict[str, float]
    dates: list[int]  # ordinals of full dates the article names or was published on
    year: int | None  # the publication year, else the latest year the article names


def _name_key(name: str) -> str:
    return " ".join(w.lower() for w in _WORD_RE.findall(name.replace(".", "")))


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
        for w in _WORD_RE.findall(text):
            lw = w.lower()
            if lw in STOPWORDS or (len(lw) < 3 and not lw[0].isdigit()):
                continue
            if lw.isdigit() and len(lw) != 4:  # bare counts say little; a year says when
                continue
            terms["w:" + lw] += weight
    for entity in record.entities:
        if entity.type not in NAME_TYPES or not entity.named:  # "the company", "they": no name to share
            continue
        key = _name_key(entity.name)
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


# -- corpus entities -------------------------------------------------------------------------------


def actor_code(name: str) -> str | None:
    """The CAMEO code the actor dictionary gives a name (dots dropped: "U.S." -> "us"), if any."""
    table = actor_dictionary()
    lowered = " ".join(name.lower().split())
    return table.get(lowered) or table.get(_name_key(name))


@dataclass(slots=True)
class PersonName:
    """A person's name split into given names (or initials) and surname, titles dropped."""

    given: tuple[str, ...]
    surname: str

    @classmethod
    def parse(cls, name: str) -> PersonName | None:
        words = [w.lower().strip(".") for w in re.findall(r"[A-Za-z][A-Za-z.'-]*", name)]
        words = [w for w in words if w and w not in TITLE_WORDS]
        if not words:
            return None
        return cls(tuple(words[:-1]), words[-1])

    def compatible(self, other: PersonName) -> bool:
        """Same surname, and (where both give one) a given name of one agrees with one of the other,
        or is its initial: "Sergey V. Lavrov" and "Sergey Lavrov", not "Tara Reid" and "Harry Reid"."""
        if self.surname != other.surname:
            return False
        if not self.given or not other.given:
            return True
        return any(a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))
                   for a in self.given for b in other.given)


@dataclass(slots=True)
class CorpusEntity:
    """One person, organisation, place or group across the corpus."""

    id: str
    name: str
    type: str
    code: str | None = None  # CAMEO actor code where the dictionary has the name
    keys: set[str] = field(default_factory=set)
    person: PersonName | None = None
    stories: Counter[str] = field(default_factory=Counter)
    articles: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "type": self.type, "code": self.code,
                "articles": self.articles, "stories": sorted(self.stories)}


def _is_country_code(code: str | None) -> bool:
    """A bare country code ("USA"), not a person's ("RUSGOV") nor a kind of actor ("MNC")."""
    return code is not None and len(code) == 3 and code not in NOT_COUNTRY_CODES


def _coded_keys(name: str, code: str | None) -> set[str]:
    """Keys under which "U.S." meets "United States" (one country code, and one is the other's
    initials), but not "California" (coded USA too, but a state, not the country)."""
    if not _is_country_code(code):
        return set()
    shorts = {_name_key(name).replace(" ", ""), _acronym(name)}
    return {f"code:{code}:{short}" for short in shorts if short}


def _type_group(etype: str) -> str:
    return "PLACE" if etype in PLACE_TYPES else etype


def _acronym(name: str) -> str | None:
    words = [w for w in re.findall(r"[A-Za-z]+", name) if w.lower() not in {"of", "the", "and", "for", "in"}]
    return "".join(w[0] for w in words).lower() if len(words) >= 2 else None


class EntityLinker:
    """Maps each article's entities onto corpus entities, incrementally.

    People: full names that agree (same surname, a given name or initial in common) are one person
    corpus-wide; a bare surname ("Reid") joins the person of that surname in the same story, else the
    one corpus person of that surname known by a fuller name (none when there are two). Organisations,
    places and groups: the same normalised name, the same country code from the CAMEO dictionary
    ("U.S." and "United States"), or an acronym of a name in the same story ("LAPD"). Names spaCy typed
    differently in another article are matched too (see ``_find_in_story``).
    """

    def __init__(self, prefix: str = "E") -> None:
        self.prefix = prefix
        self.entities: dict[str, CorpusEntity] = {}
        self._by_key: dict[tuple[str, str], list[str]] = {}  # (type group, key) -> corpus ids
        self._by_surname: dict[str, list[str]] = {}

    def _new(self, entity: Entity, story: str | None) -> CorpusEntity:
        corpus = CorpusEntity(f"{self.prefix}{len(self.entities) + 1}", entity.name, entity.type,
                              code=actor_code(entity.name))
        self.entities[corpus.id] = corpus
        return corpus

    def _register(self, corpus: CorpusEntity, entity: Entity, story: str | None) -> None:
        group = _type_group(entity.type)
        keys = {_name_key(entity.name)}
        if group != "PERSON":
            code = actor_code(entity.name)
            keys |= _coded_keys(entity.name, code)
            if (acr := _acronym(entity.name)) and story:
                keys.add(f"acr:{story}:{acr}")
            if corpus.code is None:
                corpus.code = code
        else:
            person = PersonName.parse(entity.name)
            if person is not None:
                keys.add(" ".join((*person.given, person.surname)))  # titles and "Jr." dropped
            if person is not None and (corpus.person is None or corpus.person.compatible(person)):
                if corpus.person is None or len(person.given) > len(corpus.person.given):
                    corpus.person = person
                    corpus.name = entity.name if person.given else corpus.name
                ids = self._by_surname.setdefault(person.surname, [])
                if corpus.id not in ids:
                    ids.append(corpus.id)
            if corpus.code is None:
                corpus.code = actor_code(entity.name)
        for key in keys - corpus.keys:
            if key:
                self._by_key.setdefault((group, key), []).append(corpus.id)
        corpus.keys |= keys
        if len(entity.name) > len(corpus.name) and group != "PERSON" and group == _type_group(corpus.type):
            corpus.name = entity.name
        if story:
            corpus.stories[story] += 1
        corpus.articles += 1

    def _find_person(self, entity: Entity, story: str | None) -> CorpusEntity | None:
        person = PersonName.parse(entity.name)
        if person is None:
            return None
        found = [self.entities[i] for i in self._by_surname.get(person.surname, [])]
        found = [c for c in found if c.person is not None and c.person.compatible(person)]
        if not found:
            return None
        in_story = [c for c in found if story and story in c.stories]
        if person.given:
            full = [c for c in found if c.person is not None and c.person.given]
            if full:
                pool = [c for c in full if c in in_story] or full
                return max(pool, key=lambda c: c.articles)
            # only bare-surname entities so far: claim one of this story's
            return in_story[0] if in_story else None
        if in_story:
            return max(in_story, key=lambda c: c.stories[story or ""])
        # elsewhere in the corpus, only the one person known by a fuller name of that surname
        full = [c for c in found if c.person is not None and c.person.given]
        return full[0] if len(full) == 1 else None

    def _find_other(self, entity: Entity, story: str | None) -> CorpusEntity | None:
        group = _type_group(entity.type)
        keys = [_name_key(entity.name)]
        code = actor_code(entity.name)
        keys += sorted(_coded_keys(entity.name, code))
        if story:
            keys.append(f"acr:{story}:{_name_key(entity.name).replace(' ', '')}")
        # the same name under another non-person type ("Betty Ford Center" as ORG and as a place)
        others = [(g, keys[0]) for g in ("ORG", "PLACE") if g != group and group in ("ORG", "PLACE")]
        for type_key in [(group, key) for key in keys] + others:
            ids = self._by_key.get(type_key, [])
            if ids:
                return self.entities[max(ids, key=lambda i: (story in self.entities[i].stories if story else 0,
                                                           self.entities[i].articles))]
        return None

    def _find_in_story(self, entity: Entity, story: str | None) -> CorpusEntity | None:
        """An entity of the same story under another type with this exact name (spaCy tags one name
        differently from article to article; a person's full name anywhere in the corpus), the person
        of the story whose surname this one-word name is ("Comeaux" tagged ORG), or whose full name
        a headline ran on ("Esther Williams Dies")."""
        if not story:
            return None
        key = _name_key(entity.name)
        words = key.split()
        for group in ("PERSON", "ORG", "PLACE", "NORP"):
            if group == _type_group(entity.type):
                continue
            ids = [i for i in self._by_key.get((group, key), [])
                   if story in self.entities[i].stories or (group == "PERSON" and len(words) > 1)]
            if ids:
                return self.entities[ids[0]]
        if len(words) == 1 and _type_group(entity.type) != "PERSON":
            people = [self.entities[i] for i in self._by_surname.get(key, []) if story in self.entities[i].stories]
            if len(people) == 1:
                return people[0]
        # a headline's name run on into its verb ("Lindsay Lohan Checks Out", "Esther Williams Dies")
        for n in range(len(words) - 1, 1, -1):
            ids = [i for i in self._by_key.get(("PERSON", " ".join(words[:n])), [])
                   if story in self.entities[i].stories]
            if ids:
                return self.entities[ids[0]]
        return None

    def to_state(self) -> dict[str, Any]:
        """The corpus entities and their indexes, as JSON-able data."""
        return {
            "entities": [{"id": c.id, "name": c.name, "type": c.type, "code": c.code, "keys": sorted(c.keys),
                          "person": None if c.person is None else [list(c.person.given), c.person.surname],
                          "stories": dict(c.stories), "articles": c.articles} for c in self.entities.values()],
            "by_key": [[group, key, ids] for (group, key), ids in self._by_key.items()],
            "by_surname": self._by_surname,
        }

    def load_state(self, state: dict[str, Any]) -> None:
        """Restore what ``to_state`` saved."""
        self.entities = {}
        for data in state["entities"]:
            person = None if data["person"] is None else PersonName(tuple(data["person"][0]), data["person"][1])
            self.entities[data["id"]] = CorpusEntity(data["id"], data["name"], data["type"], data["code"],
                                                     set(data["keys"]), person, Counter(data["stories"]),
                                                     int(data["articles"]))
        self._by_key = {(group, key): list(ids) for group, key, ids in state["by_key"]}
        self._by_surname = {k: list(v) for k, v in state["by_surname"].items()}

    def add(self, record: ArticleRecord, story: str | None = None) -> dict[str, str]:
        """Map each entity of ``record`` to a corpus entity id. Two entities of one article that name the
        same corpus entity (the article's own resolver kept "Comeaux" apart from "Arcade Joseph Comeaux
        Jr.") get the same id; ``relabel`` merges them. An entity with no proper name (``named`` False:
        "the mayor", "they") stays the article's own: no corpus id."""
        mapping: dict[str, str] = {}
        # full names first, so that a bare surname in the same article can find its person
        order = sorted((e for e in record.entities if e.named),
                       key=lambda e: (e.type != "PERSON", -len(e.name.split())))
        for entity in order:
            if _type_group(entity.type) == "PERSON":
                corpus = self._find_person(entity, story)
            else:
                corpus = self._find_other(entity, story)
            corpus = corpus or self._find_in_story(entity, story) or self._new(entity, story)
            self._register(corpus, entity, story)
            mapping[entity.id] = corpus.id
        return mapping


# -- both, over a stream of records ------------------------------------------------------------------


class CorpusLinker:
    """Stories and corpus entity ids for a stream of records, one record at a time."""

    def __init__(self, clusterer: StoryClusterer | None = None, linker: EntityLinker | None = None) -> None:
        self.clusterer = clusterer or StoryClusterer()
        self.linker = linker or EntityLinker()

    def add(self, record: ArticleRecord, story_id: str | None = None) -> tuple[Story, dict[str, str]]:
        """Assign the record's story (``story_id`` forces it) and map its entity ids to corpus ids (the
        record is left as is)."""
        story = self.clusterer.add(record, story_id)
        mapping = self.linker.add(record, story.id)
        for local, corpus_id in mapping.items():
            entity = record.entity(local)
            if entity is not None and entity.type in {"PERSON", "ORG", "GPE"}:
                story.actors[corpus_id] += len(entity.mentions)
                story.actor_names[corpus_id] = self.linker.entities[corpus_id].name
        return story, mapping

    def to_state(self) -> dict[str, Any]:
        """The state to persist between runs (``load_state`` restores it)."""
        return {"version": 1, "stories": self.clusterer.to_state(), "entities": self.linker.to_state()}

    def load_state(self, state: dict[str, Any]) -> None:
        self.clusterer.load_state(state["stories"])
        self.linker.load_state(state["entities"])

    def annotate(self, record: ArticleRecord) -> dict[str, Any]:
        """The record's JSON object with corpus-wide entity ids (every reference remapped), each
        entity's CAMEO ``code`` where known, and ``"story"``."""
        story, mapping = self.add(record)
        out = record.to_dict()
        # an entity with no proper name is the article's own: an id no other article shares
        mapping.update({e.id: f"{record.id}#{e.id}" for e in record.entities if not e.named})
        return relabel(out, mapping, story.id, {cid: e.code for cid, e in self.linker.entities.items()})


def relabel(out: dict[str, Any], mapping: dict[str, str], story: str, codes: dict[str, str | None]) -> dict[str, Any]:
    """Rewrite entity ids in a record's JSON object (entities, quote speakers, event actors, claim
    stances, quantity owners) through ``mapping``, and add ``story``."""
    def remap(value: Any) -> Any:
        return mapping.get(value, value) if isinstance(value, str) else value

    merged: dict[str, dict[str, Any]] = {}
    for entity in out.get("entities") or []:
        entity["id"] = remap(entity["id"])
        entity["code"] = codes.get(entity["id"])
        first = merged.setdefault(entity["id"], entity)
        if first is not entity:  # one corpus entity the article had as two: one entity, every mention
            spans = {(m["start"], m["end"]) for m in first["mentions"] + entity["mentions"]}
            first["mentions"] = [{"start": a, "end": b} for a, b in sorted(spans)]
            if entity["type"] == first["type"] and len(entity["name"]) > len(first["name"]):
                first["name"] = entity["name"]
            for key in ("role", "affiliation"):
                first[key] = first.get(key) or entity.get(key)
    if "entities" in out:
        out["entities"] = list(merged.values())
    for quote in out.get("quotes") or []:
        if quote.get("speaker"):
            quote["speaker"]["entity"] = remap(quote["speaker"].get("entity"))
    for event in out.get("events") or []:
        for actor in (event.get("source") or []) + (event.get("target") or []):
            actor["entity"] = remap(actor.get("entity"))
    for claim in out.get("claims") or []:
        for stance in claim.get("stances") or []:
            stance["entity"] = remap(stance.get("entity"))
    for quantity in out.get("quantities") or []:
        quantity["of"] = remap(quantity.get("of"))
    out["story"] = story
    return out


# -- text matching across articles (statements, claims) ---------------------------------------------

_QUOTE_MARKS = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2026": " "})


def normalise_text(text: str) -> str:
    """Lower case, typographic quotes and punctuation dropped, whitespace collapsed: the form under
    which two outlets' renderings of one quote compare equal."""
    words = _WORD_RE.findall(text.translate(_QUOTE_MARKS).lower())
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
