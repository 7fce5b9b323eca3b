"""Within-article mention resolution, free of spaCy so it can be unit-tested on plain data.

The entities stage turns spaCy's parse into ``Mention`` records and calls ``Resolver`` to
cluster names into entities and to link pronouns and role nouns ("the envoy") to them; the
speakers stage asks the same resolver whom a quote's source means. Everything here works on
character offsets, sentence numbers and a few per-mention flags; the lexicons and the name
helpers (first names by gender, titles, role nouns, place aliases and demonyms) are in
``coref_words``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from newsgraph.stages.entities.coref_words import (
    COMPANY_NOUNS,
    GENERIC_ORG_NOUNS,
    NEUTER_PRONOUNS,
    PARTIES,
    PERSON_NOUNS,
    PERSON_PRONOUNS,
    ROLE_NOUNS,
    SPOKESPERSON_NOUNS,
    SUPRANATIONAL,
    Gender,
    better_name,
    country_name,
    first_name_gender,
    is_partial_name,
    is_place_word,
    name_words,
    names_match,
    noun_gender,
    org_heads,
    place_key,
    pronoun_gender,
    role_words,
)

MentionKind = Literal["name", "pronoun", "nominal"]

ENTITY_TYPES: tuple[str, ...] = ("PERSON", "ORG", "GPE", "LOC", "NORP")


# --- mentions and clusters --------------------------------------------------------------------

@dataclass(slots=True)
class Mention:
    """One mention: characters ``[start, end)``, its sentence, and what the parse said of it."""

    start: int
    end: int
    text: str
    sent: int
    kind: MentionKind = "name"
    etype: str = "PERSON"
    subject: bool = False  # the subject of its clause
    head: str = ""  # head noun of a nominal ("envoy"), the pronoun itself for pronouns
    modifiers: tuple[str, ...] = ()  # words before the head of a nominal ("U.S.", "Pentagon")
    clause: int = -1  # token index of the verb it depends on, to rule out "he ... him"
    in_quote: bool = False  # inside quotation marks
    parent_clause: int = -1  # for the subject of a reported clause, the reporting verb ("X said he ...")
    form: str = ""  # the ranker's mention class: "name", "nom", or a pronoun class ("he", "i", "they", ...)
    lemma: str = ""  # lower-case lemma of the head word
    plural: bool | None = None  # grammatical number, when the parse or the pronoun says
    token: int = -1  # index of the head token in the Doc
    modifier: bool = False  # a word before a noun, not a noun phrase ("Japanese" in "Japanese investors")


@dataclass(slots=True)
class Cluster:
    """One entity while the article is being read."""

    index: int
    etype: str
    name: str
    mentions: list[Mention] = field(default_factory=list)
    role: str | None = None
    affiliation: str | None = None
    gender: Gender | None = None
    gender_votes: dict[str, float] = field(default_factory=lambda: {"male": 0.0, "female": 0.0})
    names: set[str] = field(default_factory=set)  # distinct texts of its name mentions
    named: bool = True  # False for an entity only pronouns and descriptions refer to

    @property
    def first(self) -> int:
        return min(m.start for m in self.mentions)

    def add(self, mention: Mention) -> None:
        self.mentions.append(mention)
        if mention.kind == "name":
            self.names.add(mention.text)
        if mention.kind == "name" and better_name(mention.text, self.name, self.etype):
            self.name = mention.text

    def vote_gender(self, gender: Gender | None, weight: float) -> None:
        if gender is None:
            return
        self.gender_votes[gender] += weight
        male, female = self.gender_votes["male"], self.gender_votes["female"]
        self.gender = "male" if male > female else "female" if female > male else None

    def last_before(self, offset: int) -> Mention | None:
        best = None
        for m in self.mentions:
            if m.end <= offset and (best is None or m.start > best.start):
                best = m
        return best


# --- the resolver -------------------------------------------------------------------------------

PRONOUN_WINDOW = 4  # sentences back a pronoun looks for its antecedent
NOMINAL_WINDOW = 40  # sentences back a role noun ("the envoy") looks
GENERIC_ORG_WINDOW = 3  # sentences back "the group" looks for an organisation
DESCRIPTION_WINDOW = 2  # sentences back a role noun with no matching role ("the actress") looks


@dataclass(slots=True)
class Candidate:
    cluster: Cluster
    score: float


class Resolver:
    """Clusters an article's mentions as they are read, in text order."""

    def __init__(self) -> None:
        self.clusters: list[Cluster] = []
        self._by_key: dict[tuple[str, str], Cluster] = {}

    # names

    def add_name(self, mention: Mention) -> Cluster:
        """Put a name mention into the entity it names, or start a new one."""
        cluster = self.find_name(mention.text, mention.etype)
        if cluster is None:
            cluster = Cluster(index=len(self.clusters), etype=mention.etype, name=mention.text)
            self.clusters.append(cluster)
            cluster.vote_gender(first_name_gender(mention.text), 3.0)
            cluster.add(mention)
        else:
            cluster.add(mention)
            cluster.vote_gender(first_name_gender(mention.text), 3.0)
        key = (_type_group(mention.etype), self._key(mention.text, mention.etype))
        self._by_key.setdefault(key, cluster)
        return cluster

    def find_name(self, text: str, etype: str) -> Cluster | None:
        """The entity a name refers to: same key, else the most recent compatible fuller name."""
        key = (_type_group(etype), self._key(text, etype))
        if etype == "PERSON" and len(name_words(text)) == 1:
            # a bare surname: the most often named person it fits (journalists spell out the rarer one)
            fits = [c for c in self.clusters if c.etype == "PERSON" and _joins_person(text, c.names)]
            return max(fits, key=lambda c: (len(c.names) > 1, len(c.mentions), c.index), default=None)
        if key in self._by_key:
            return self._by_key[key]
        for cluster in reversed(self.clusters):
            if _type_group(cluster.etype) != key[0]:
                continue
            names = cluster.names
            if etype == "PERSON":
                # every name of the entity must be this name, a part of it, or a fuller form of it:
                # "Donald Trump" never joins "Melania Trump" through a shared "Trump"
                if _joins_person(text, names):
                    return cluster
            elif any(names_match(text, n, etype) or names_match(n, text, etype) for n in names):
                return cluster
        return None

    def rekey(self, old: Cluster, new: Cluster) -> None:
        """Point the name keys of ``old`` (merged away) at ``new``."""
        for key, cluster in self._by_key.items():
            if cluster is old:
                self._by_key[key] = new

    def add_for_country(self, mention: Mention, country_key: str) -> Cluster:
        """Put a capital standing for its government ("Moscow said") into its country's entity,
        starting that entity (named after the country) if the article has not named it yet."""
        cluster = self.country(country_key)
        if cluster is None:
            etype = "ORG" if country_key in SUPRANATIONAL else "GPE"
            cluster = Cluster(index=len(self.clusters), etype=etype, name=country_name(country_key))
            self.clusters.append(cluster)
            self._by_key[(_type_group(etype), country_key)] = cluster
        mention.etype = cluster.etype
        cluster.mentions.append(mention)  # not one of its names: "Moscow" never names Russia elsewhere
        return cluster

    def country(self, country_key: str) -> Cluster | None:
        """The place (or union) entity whose names have the alias key ``country_key``."""
        for group in ("PLACE", "ORG"):
            if (group, country_key) in self._by_key:
                return self._by_key[(group, country_key)]
        for cluster in self.clusters:
            if cluster.etype in ("GPE", "LOC", "ORG") and any(place_key(n) == country_key for n in cluster.names):
                return cluster
        return None

    def person_by_surname(self, word: str) -> Cluster | None:
        """The person whose name ends (or, for a first name, starts) with ``word``."""
        for cluster in reversed(self.clusters):
            if cluster.etype == "PERSON" and is_partial_name(word, cluster.name):
                return cluster
        return None

    @staticmethod
    def _key(text: str, etype: str) -> str:
        return " ".join(name_words(text)) if etype == "PERSON" else place_key(text)

    # pronouns

    def resolve_pronoun(self, mention: Mention, prefer: Cluster | None = None) -> Cluster | None:
        """The earlier entity a third-person pronoun refers to, or None."""
        word = mention.text.lower()
        if word in PERSON_PRONOUNS:
            return self._resolve_person_pronoun(mention, pronoun_gender(word), prefer)
        if word in NEUTER_PRONOUNS:
            return self._resolve_thing_pronoun(mention, prefer, ("ORG", "GPE", "NORP"))
        return None

    def _resolve_person_pronoun(self, mention: Mention, gender: Gender | None,
                                prefer: Cluster | None) -> Cluster | None:
        candidates = []
        for cluster in self.clusters:
            if cluster.etype != "PERSON" or not cluster.named:
                continue
            last = cluster.last_before(mention.start)
            if last is None or mention.sent - last.sent > PRONOUN_WINDOW:
                continue
            if gender and cluster.gender and cluster.gender != gender:
                continue
            if _bound_in_clause(mention, cluster):
                continue
            candidates.append(Candidate(cluster, self._salience(cluster, mention, gender, prefer)))
        if not candidates:
            return None
        return max(candidates, key=lambda c: c.score).cluster

    def _resolve_thing_pronoun(self, mention: Mention, prefer: Cluster | None,
                               types: tuple[str, ...]) -> Cluster | None:
        candidates = []
        for cluster in self.clusters:
            if cluster.etype not in types or not cluster.named:
                continue
            last = cluster.last_before(mention.start)
            if last is None or mention.sent - last.sent > 2 or last.in_quote != mention.in_quote:
                continue
            candidates.append(Candidate(cluster, self._salience(cluster, mention, None, prefer)))
        if not candidates:
            return None
        return max(candidates, key=lambda c: c.score).cluster

    @staticmethod
    def _salience(cluster: Cluster, mention: Mention, gender: Gender | None, prefer: Cluster | None) -> float:
        """Higher for the entity more likely meant: recent, a subject, often named, the last speaker."""
        earlier = [m for m in cluster.mentions if m.end <= mention.start]
        last = max(earlier, key=lambda m: m.start)
        distance = mention.sent - last.sent
        score = -1.5 * distance
        # within a sentence, closer is a little better
        if distance == 0:
            score -= 0.002 * min(mention.start - last.end, 500)
        recent = [m for m in earlier if mention.sent - m.sent <= 1]
        if any(m.subject for m in recent):
            score += 1.2
        if last.subject:
            score += 0.4
        if mention.subject and any(m.subject and m.kind != "name" for m in recent):
            score += 0.5  # a chain of subject pronouns keeps its referent
        if mention.parent_clause >= 0 and any(m.clause == mention.parent_clause and m.subject
                                              and m.sent == mention.sent for m in earlier):
            score += 1.5  # "X has said he is willing": he is X
        score += 0.3 * math.log1p(len(earlier))
        if gender and cluster.gender == gender:
            score += 0.8
        if last.in_quote and not mention.in_quote:
            score -= 1.0
        if prefer is not None and cluster is prefer:
            score += 0.8
        return score

    # nominals

    def resolve_nominal(self, mention: Mention, prefer: Cluster | None = None,
                        person_nouns: bool = False) -> Cluster | None:
        """The person (or organisation) a definite role noun refers to: "the envoy", "the U.S. ambassador";
        with ``person_nouns``, a noun of occupation or circumstance too ("the swimmer", "the host")."""
        head = mention.head.lower()
        phrase = " ".join([*(w.lower() for w in mention.modifiers), head])
        mod_places = {place_key(w) for w in mention.modifiers}
        best: Candidate | None = None
        for cluster in self.clusters:
            if not cluster.named:
                continue
            last = cluster.last_before(mention.start)
            if last is None or mention.sent - last.sent > NOMINAL_WINDOW:
                continue
            score = self._nominal_score(cluster, head, phrase, mod_places)
            if score is None and cluster.etype == "ORG" and mention.sent - last.sent <= GENERIC_ORG_WINDOW and (
                    head in GENERIC_ORG_NOUNS or (head in COMPANY_NOUNS and head in org_heads(cluster.name))):
                # "the group said" after the National Apartment Association, "the company" after X Inc (the one
                # that was a subject: "X Corp said its Y Co unit ...")
                score = 0.6 if last.subject else 0.5
            if score is None:
                continue
            score += -0.05 * (mention.sent - last.sent) + (1.0 if cluster is prefer else 0.0)
            if best is None or score > best.score:
                best = Candidate(cluster, score)
        if best is None:
            return self._person_by_description(mention, head, prefer, person_nouns)
        return best.cluster

    def _person_by_description(self, mention: Mention, head: str, prefer: Cluster | None,
                               person_nouns: bool = False) -> Cluster | None:
        """"The actress", "the GOP nominee" with no person introduced so: the salient recent person it fits.
        A place among the modifiers ("the Russian envoy") must be the person's stated affiliation."""
        gender = noun_gender(head)
        if gender is None and head not in ROLE_NOUNS and not (person_nouns and head in PERSON_NOUNS):
            return None
        places = {place_key(w) for w in mention.modifiers if is_place_word(w)}
        candidates = []
        for cluster in self.clusters:
            if cluster.etype != "PERSON" or not cluster.named or (gender and cluster.gender
                                                                   and cluster.gender != gender):
                continue
            if cluster.role and head not in role_words(cluster.role):
                continue  # introduced with another role
            if places and (cluster.affiliation is None or place_key(cluster.affiliation) not in places):
                continue
            modifier_keys = {place_key(w) for w in mention.modifiers}
            if _party_conflict(cluster, modifier_keys) or self._named_elsewhere(cluster, mention.modifiers):
                continue
            last = cluster.last_before(mention.start)
            if last is None or mention.sent - last.sent > DESCRIPTION_WINDOW:
                continue
            candidates.append(Candidate(cluster, self._salience(cluster, mention, gender, prefer)))
        return max(candidates, key=lambda c: c.score).cluster if candidates else None

    def _named_elsewhere(self, cluster: Cluster, modifiers: tuple[str, ...]) -> bool:
        """"The FBI director", "the Indiana governor": a modifier naming an organisation or place the
        article mentions, when that is not the person's stated affiliation."""
        affiliation = place_key(cluster.affiliation) if cluster.affiliation else None
        for word in modifiers:
            key = place_key(word)
            if key in PARTIES or key == affiliation or not word[:1].isupper():
                continue
            if any(c.etype in ("ORG", "GPE", "LOC") and key in {place_key(n) for n in c.names} for c in self.clusters):
                return True
        return False

    @staticmethod
    def _nominal_score(cluster: Cluster, head: str, phrase: str, mod_places: set[str]) -> float | None:
        if cluster.etype == "PERSON":
            role = (cluster.role or "").lower()
            if not role or (head not in ROLE_NOUNS and noun_gender(head) is None):
                return None  # "the state" is no "Secretary of State"
            if _party_conflict(cluster, mod_places):
                return None
            spokesperson = head in SPOKESPERSON_NOUNS and any(s in role for s in SPOKESPERSON_NOUNS)
            if head in role_words(role) or spokesperson:
                score = 2.0
            elif head.replace("-", " ") in role:
                score = 1.5
            else:
                return None
            if cluster.affiliation and mod_places:
                affiliation = place_key(cluster.affiliation)
                score += 1.0 if affiliation in mod_places else -0.5
            return score
        if cluster.etype == "ORG" and cluster.name.lower().split()[-1] == head:
            return 1.0
        return None


def _party_conflict(cluster: Cluster, modifier_keys: set[str]) -> bool:
    """"The Democratic nominee" cannot be a person introduced as a Republican."""
    party = PARTIES.get(place_key(cluster.affiliation)) if cluster.affiliation else None
    wanted = {PARTIES[k] for k in modifier_keys if k in PARTIES}
    return party is not None and bool(wanted) and party not in wanted


def _joins_person(text: str, names: set[str]) -> bool:
    """A lone word joins a person it is part of; a fuller name must fit all their fuller names."""
    if not any(_same_person(text, n) for n in names):
        return False
    if len(name_words(text)) == 1:
        return True
    return all(_same_person(text, n) for n in names if len(name_words(n)) > 1)


def _same_person(a: str, b: str) -> bool:
    return name_words(a) == name_words(b) or is_partial_name(a, b) or is_partial_name(b, a)


def _type_group(etype: str) -> str:
    return "PLACE" if etype in ("GPE", "LOC") else etype


def _bound_in_clause(pronoun: Mention, cluster: Cluster) -> bool:
    """'He praised him': a non-reflexive object pronoun cannot mean its own clause's subject."""
    if pronoun.subject or pronoun.clause < 0 or pronoun.text.lower() in ("himself", "herself", "his", "her"):
        return False
    return any(m.clause == pronoun.clause and m.subject and m.sent == pronoun.sent for m in cluster.mentions)


def learn_gender_from_pronouns(resolver: Resolver, pronouns: Iterable[Mention]) -> None:
    """Vote each person's gender from gendered pronouns that follow a sentence naming only them."""
    persons_by_sent: dict[int, set[int]] = {}
    for cluster in resolver.clusters:
        if cluster.etype == "PERSON":
            for m in cluster.mentions:
                persons_by_sent.setdefault(m.sent, set()).add(cluster.index)
    for p in pronouns:
        gender = pronoun_gender(p.text)
        if gender is None or p.in_quote:
            continue
        here = persons_by_sent.get(p.sent, set())
        before = persons_by_sent.get(p.sent - 1, set())
        named = here or before
        if len(named) == 1 and (not here or not before or here == before):
            resolver.clusters[next(iter(named))].vote_gender(gender, 1.0)
