"""Whose the counted things are: the token that says so ("Russian troops", "Russia's troops", "troops Russia has
amassed", "troops from Russia") and what it resolves to, an article entity or a name as written, with
demonyms read as their countries (the table: ``data/lexicons/quantity_demonyms.json``).
"""

from __future__ import annotations

from spacy.tokens import Token

from newsgraph.stages.quantities.numbers import lexicon_file
from newsgraph.stages.quantities.view import View, name_key

DEMONYM_COUNTRIES: dict[str, str] = dict(lexicon_file("quantity_demonyms.json")["demonyms"])
OWNER_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})


def country_of_demonym(name: str) -> str | None:
    """"Russian" -> "Russia", "Russians" -> "Russia"; None when not a known demonym."""
    low = name.strip().lower()
    if low in DEMONYM_COUNTRIES:
        return DEMONYM_COUNTRIES[low]
    if low.endswith("s") and low[:-1] in DEMONYM_COUNTRIES:
        return DEMONYM_COUNTRIES[low[:-1]]
    return None


def owner_of(noun: Token) -> Token | None:
    """The token saying whose the counted things are: "Russian troops", "Russia's troops",
    "troops Russia has amassed", "troops from Russia"."""
    by_kind: dict[str, Token] = {}
    for child in noun.children:
        if child.dep_ == "poss" and child.pos_ == "PROPN":
            by_kind.setdefault("poss", child)
        elif child.dep_ in ("amod", "compound", "nmod") and child.i < noun.i \
                and child.ent_type_ in OWNER_LABELS:
            by_kind.setdefault("modifier", child)
        elif child.dep_ in ("relcl", "acl"):
            for grandchild in child.children:
                if grandchild.dep_ == "nsubj" and grandchild.pos_ == "PROPN":
                    by_kind.setdefault("clause", grandchild)
                elif grandchild.dep_ == "agent":
                    for agent in grandchild.children:
                        if agent.dep_ == "pobj" and agent.pos_ == "PROPN":
                            by_kind.setdefault("clause", agent)
        elif child.dep_ == "prep" and child.lower_ in ("from", "of"):
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.ent_type_ in OWNER_LABELS:
                    by_kind.setdefault("prep", obj)
    for kind in ("poss", "modifier", "clause", "prep"):
        if kind in by_kind:
            return by_kind[kind]
    return None


def _entity_name(token: Token) -> str:
    """The name a token is part of, as written ("Russia" of "Russia's")."""
    doc = token.doc
    if not token.ent_type_:
        return token.text
    start, end = token.i, token.i + 1
    while start > 0 and token.ent_iob_ != "B" and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    if end - start > 1 and doc[end - 1].tag_ == "POS":
        end -= 1
    return doc[start:end].text


def resolve_owner(token: Token, view: View) -> str:
    """An Entity.id when an entity mention covers the owner (a nationality resolved to its country's
    entity where there is one), else the name as written (a country's for a nationality)."""
    entity = view.entity_at.get(token.i)
    if entity is not None:
        if entity.type == "NORP":
            country = country_of_demonym(entity.name) or country_of_demonym(token.text)
            if country and name_key(country) in view.entity_named:
                return view.entity_named[name_key(country)].id
        return entity.id
    name = _entity_name(token)
    country = country_of_demonym(name)
    if country:
        name = country
    named = view.entity_named.get(name_key(name))
    return named.id if named is not None else name
