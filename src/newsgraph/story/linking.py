"""Corpus-wide entities: each article's entities mapped onto one id per real-world entity, incrementally.

``EntityLinker.add(record, story)`` maps each of the article's entities onto a corpus entity ("Lavrov",
"Sergey V. Lavrov" and "Russian Foreign Minister Sergey Lavrov" are one; "Tara Reid" and "Harry Reid" are two).
Works on ``ArticleRecord`` objects and the CAMEO actor dictionary only: no spaCy, no model.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from newsgraph.cameo import actor_dictionary
from newsgraph.records import ArticleRecord, Entity
from newsgraph.story.textsim import TITLE_WORDS, name_key, word_set

__all__ = ["CorpusEntity", "EntityLinker", "PersonName", "actor_code"]

# three-letter CAMEO codes that name a kind of actor, not one country: never a key for merging
NOT_COUNTRY_CODES = word_set("""
IGO NGO IMG MNC UAF ISM REB CVL MED ELI GOV MIL BUS EDU COP JUD LEG SPY REF LAB HLH CRM OPP PTY AGR ENV
RAD MOD DEV HRI INS SET UNK
""")
PLACE_TYPES = {"GPE", "LOC"}


def actor_code(name: str) -> str | None:
    """The CAMEO code the actor dictionary gives a name (dots dropped: "U.S." -> "us"), if any."""
    table = actor_dictionary()
    lowered = " ".join(name.lower().split())
    return table.get(lowered) or table.get(name_key(name))


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
    shorts = {name_key(name).replace(" ", ""), _acronym(name)}
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
        keys = {name_key(entity.name)}
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
        keys = [name_key(entity.name)]
        code = actor_code(entity.name)
        keys += sorted(_coded_keys(entity.name, code))
        if story:
            keys.append(f"acr:{story}:{name_key(entity.name).replace(' ', '')}")
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
        key = name_key(entity.name)
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


