"""The learned coreference ranker: for each pronoun and description, the entity it refers to, or none.

A mention-ranking model over entities (Wiseman et al. 2016 call it entity-level mention ranking):
the mentions of an article are read in text order; each pronoun or nominal description scores
every entity mentioned shortly before it (the rules' entity from names, or one started by an
earlier pronoun or description) and a "new entity" option, and joins the best. A score is the sum
of the weights of the pair's features: its mention classes, distance in sentences and mentions,
gender and number agreement, head and string match, role match, subjects, quotation context, the
entity's type and size, and whether the rules (``coref.Resolver``) pick that entity. The weights
are a log-linear model trained on GUM train by ``scripts/train_coref.py`` and shipped as
``data/models/coref/ranker.json`` (plain Python). Where the attribution tagger left its piece vectors,
each candidate's score also gains the contextual pair scorer's (``coref_pairs.py``, numpy).
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from newsgraph.stages.entities import coref_words
from newsgraph.stages.entities.coref import Cluster, Mention, Resolver
from newsgraph.stages.entities.coref_pairs import DocPairs

MODEL_FILE = ("data", "models", "coref", "ranker.json")  # under the newsgraph package
PRONOUN_SENTS = 10  # sentences back a pronoun looks
NOMINAL_SENTS = 30  # sentences back a description looks for an unnamed entity (named ones: any distance)
MAX_CANDIDATES = 30
PERSON_FORMS = frozenset({"i", "we", "you", "he", "she", "they"})
RULE_PRONOUNS = frozenset({"he", "she", "it"})


@dataclass(slots=True)
class RankerModel:
    weights: dict[str, float]
    nominal_types: dict[str, str]  # head lemma -> PERSON / ORG / GPE, for detection and new entities
    meta: dict[str, Any] = field(default_factory=dict)

    def score(self, feats: Iterable[str]) -> float:
        w = self.weights
        return sum(w.get(f, 0.0) for f in feats)


@lru_cache(maxsize=1)
def load_model() -> RankerModel | None:
    """The shipped model, or None when the file is absent or ``NEWSGRAPH_COREF=rules`` (for comparing):
    the rules alone then link pronouns and role nouns."""
    if os.environ.get("NEWSGRAPH_COREF") == "rules":
        return None
    try:
        raw = resources.files("newsgraph").joinpath(*MODEL_FILE).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    data = json.loads(raw)
    return RankerModel(dict(data["weights"]), dict(data["nominal_types"]), dict(data.get("meta", {})))


# --- features ---------------------------------------------------------------------------------

def _bucket(n: int, edges: tuple[int, ...]) -> int:
    for i, edge in enumerate(edges):
        if n <= edge:
            return i
    return len(edges)


SENT_EDGES = (0, 1, 2, 3, 5, 10)
MENTION_EDGES = (0, 1, 2, 4, 9, 19)
SIZE_EDGES = (1, 2, 4, 8)


def type_group(etype: str) -> str:
    return {"PERSON": "PER", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "NORP": "NORP"}.get(etype, "OTH")


def mention_gender(m: Mention) -> coref_words.Gender | None:
    if m.kind == "pronoun":
        return coref_words.pronoun_gender(m.text)
    if m.kind == "nominal":
        return coref_words.noun_gender(m.head)
    return None


@dataclass(slots=True)
class EntityView:
    """What the ranker knows of an entity so far in the reading."""

    cluster: Cluster
    seen: list[Mention] = field(default_factory=list)  # its mentions up to the current point
    lemmas: set[str] = field(default_factory=set)
    texts: set[str] = field(default_factory=set)
    plural_votes: int = 0
    gender_votes: int = 0  # + male, - female (from pronouns and gendered nouns it was given)
    last_pos: int = 0  # position of its last mention among all mentions read
    forms: set[str] = field(default_factory=set)  # pronoun classes that referred to it

    def add(self, m: Mention) -> None:
        self.seen.append(m)
        if m.lemma:
            self.lemmas.add(m.lemma)
        self.texts.add(coref_words.strip_name(m.text).lower())
        if m.kind == "pronoun":
            self.forms.add(m.form)
        if m.plural is not None:
            self.plural_votes += 1 if m.plural else -1
        g = mention_gender(m)
        if g is not None:
            self.gender_votes += 1 if g == "male" else -1

    @property
    def last(self) -> Mention:
        return self.seen[-1]


def pair_features(m: Mention, view: EntityView, rank: int, between: int, rule_pick: bool,
                  type_rank: int = -1, top: bool = False, total: int = 0) -> list[str]:
    """The features of "mention ``m`` refers to the entity of ``view``": ``rank`` among all candidates
    by recency, ``type_rank`` among those of the type ``m`` expects (-1: not of it), ``top`` for the
    most often mentioned candidate of that type."""
    p = m.form
    a = view.last
    c = view.cluster
    ct = type_group(c.etype)
    ac = a.form or a.kind
    nm = int(c.named)
    out = [f"{p}|ac={ac}", f"{p}|ct={ct}|nm={int(c.named)}", f"{p}|ac={ac}|ct={ct}",
           f"{p}|sd={_bucket(m.sent - a.sent, SENT_EDGES)}", f"{p}|md={_bucket(between, MENTION_EDGES)}",
           f"{p}|rk={min(rank, 6)}", f"{p}|q={int(a.in_quote)}{int(m.in_quote)}",
           f"{p}|sj={int(a.subject)}{int(m.subject)}", f"{p}|sz={_bucket(len(view.seen), SIZE_EDGES)}",
           f"{p}|ac={ac}|sd={_bucket(m.sent - a.sent, SENT_EDGES)}"]
    g = mention_gender(m)
    cg = c.gender or ("male" if view.gender_votes > 0 else "female" if view.gender_votes < 0 else None)
    out.append(f"{p}|g={'u' if g is None or cg is None else 'a' if g == cg else 'x'}")
    if m.plural is not None and view.plural_votes:
        out.append(f"{p}|n={'a' if m.plural == (view.plural_votes > 0) else 'x'}")
    else:
        out.append(f"{p}|n=u")
    out.append(f"{p}|trk={min(type_rank, 4)}|nm={nm}")
    if m.kind == "pronoun":
        out.append(f"{p}|hasform={int(p in view.forms)}")
    recent = 0
    for x in reversed(view.seen):
        if x.sent < m.sent - 2 or recent == 3:
            break
        recent += 1
    out.append(f"{p}|rec={recent}")
    share = len(view.seen) / total if total else 0.0
    out.append(f"{p}|sal={_bucket(int(share * 20), (0, 1, 3, 7))}")
    if view.seen[0].sent <= 1:
        out.append(f"{p}|topic")
    if top:
        out.append(f"{p}|top|nm={nm}")
    if rule_pick:
        out.append(f"{p}|rule")
    if a.kind == "pronoun" and a.text.lower() == m.text.lower():
        out.append(f"{p}|same")
    if m.kind == "nominal":
        out.append(f"nh={m.lemma}|ct={ct}")
        if m.lemma in view.lemmas:
            out.append(f"{p}|hm")
        if coref_words.strip_name(m.text).lower() in view.texts:
            out.append(f"{p}|str")
        head = m.head.lower()
        if c.role and head in coref_words.role_words(c.role):
            out.append(f"{p}|role")
        if c.named and head in c.name.lower().split():
            out.append(f"{p}|inname")
        out.append(f"{p}|et={m.etype}|ct={ct}|nm={nm}")
        if any(m.start <= x.start and x.end <= m.end for x in view.seen):
            out.append(f"{p}|inside")  # "Lohan's lawyer" is not Lohan
        if m.modifiers and _modifier_fits(m.modifiers, c):
            out.append(f"{p}|modfit")
    elif m.kind == "pronoun" and a.kind == "pronoun":
        out.append(f"{p}|af={a.form}")
    if m.kind == "pronoun" and m.sent == a.sent and m.clause >= 0 and m.clause == a.clause and a.subject \
            and not m.subject and not m.text.lower().endswith("self") \
            and m.text.lower() not in ("his", "her", "its", "their"):
        out.append(f"{p}|bound")
    return out


def _modifier_fits(modifiers: tuple[str, ...], c: Cluster) -> bool:
    """A word before the head is in the entity's name, role or affiliation ("the U.S. ambassador")."""
    known = set(c.name.lower().split()) if c.named else set()
    for text in (c.role, c.affiliation):
        if text:
            known.update(text.lower().split())
    keys = {coref_words.place_key(c.affiliation)} if c.affiliation else set()
    return any(w.lower() in known or coref_words.place_key(w) in keys for w in modifiers if w[:1].isalpha())


def expected_type(m: Mention) -> str | None:
    """The type group a mention's entity should have: people for "he", "the mayor"; None: any."""
    if m.kind == "pronoun":
        return "PER" if m.form in ("i", "we", "you", "he", "she") else "NONPER" if m.form == "it" else None
    return type_group(m.etype) if m.etype != "OTHER" else None


def _fits(want: str | None, c: Cluster) -> bool:
    if want is None:
        return True
    ct = type_group(c.etype)
    return ct != "PER" if want == "NONPER" else ct == want


def _may_join(m: Mention, want: str | None, c: Cluster) -> bool:
    """A description of a person never joins an organisation or a place, nor one of those a person ("the
    agency" is not the mayor), and "he" or "she" only a person (or a name with a gendered first name): the
    ranker weighs the other type mismatches. (The pair scorer's scores can outweigh the ranker's agreement
    features: the first 1,000 Reuters articles gave "he" to Union Carbide Corp; ECB+ dev pronouns 0.838 -> 0.841.)
    No pronoun joins a nationality the article only uses before a noun."""
    if m.kind == "pronoun" and m.form in ("he", "she"):
        return type_group(c.etype) == "PER" or c.gender is not None  # a person spaCy typed otherwise
    if m.kind == "pronoun" and c.etype == "NORP" and c.mentions and all(x.modifier for x in c.mentions):
        return False  # "Japanese" only ever before a noun ("Japanese investors"): no pronoun's antecedent
    if m.kind != "nominal" or want is None or want == "OTH":
        return True
    return (type_group(c.etype) == "PER") == (want == "PER")


def null_features(m: Mention, n_candidates: int) -> list[str]:
    p = m.form
    out = ["NULL", f"NULL|{p}", f"NULL|{p}|q={int(m.in_quote)}", f"NULL|{p}|nc={_bucket(n_candidates, SIZE_EDGES)}",
           f"NULL|{p}|sj={int(m.subject)}"]
    if m.kind == "nominal":
        out.append(f"NULL|nh={m.lemma}")
        out.append(f"NULL|{p}|mods={min(len(m.modifiers), 3)}")
    return out


# --- linking ----------------------------------------------------------------------------------

# Training hook: given an anaphor and the candidate clusters, the indices of the correct ones.
Oracle = Callable[[Mention, list[Cluster]], set[int]]


@dataclass(slots=True)
class Instance:
    """One anaphor's choice for training: feature lists, candidates first, "new" last; gold indices."""

    feats: list[list[str]]
    gold: set[int]


def new_entity_type(m: Mention, model: RankerModel) -> str:
    if m.kind == "pronoun":
        return "PERSON" if m.form in PERSON_FORMS else "OTHER"
    # detection typed the description from the model's nouns, the organisation head words and the
    # article's organisation names ("the institute"); the model's own type first
    return model.nominal_types.get(m.lemma) or m.etype


def link(resolver: Resolver, anaphors: list[Mention], model: RankerModel,
         oracle: Oracle | None = None, pairs: DocPairs | None = None) -> tuple[dict[int, Cluster], list[Instance]]:
    """Put each anaphor (pronoun, description) into an entity, in text order; new entities are
    added to ``resolver.clusters`` unnamed. Returns anaphor start -> its entity, and, with an
    ``oracle``, the training instances (decoding then follows the oracle). With ``pairs``, each
    candidate's score gains the pair scorer's (weighted) best score with its recent mentions."""
    names = sorted(((m, c) for c in resolver.clusters for m in c.mentions), key=lambda x: x[0].start)
    events: list[tuple[Mention, Cluster | None]] = [*names, *((m, None) for m in anaphors)]
    events.sort(key=lambda x: (x[0].start, x[1] is None))
    views: dict[int, EntityView] = {}
    order: list[int] = []  # cluster indices, most recently mentioned last
    count = 0
    placed: dict[int, Cluster] = {}
    instances: list[Instance] = []
    for m, cluster in events:
        count += 1
        if cluster is not None:
            _note(views, order, cluster, m, count)
            continue
        cands = _candidates(m, views, order)
        rule = _rule_pick(resolver, m)
        want = expected_type(m)
        fitting = [c for c in cands if _fits(want, c)]
        type_ranks = {c.index: r for r, c in enumerate(fitting)}
        top = max(fitting, key=lambda c: len(views[c.index].seen)).index if fitting else -1
        feats = [pair_features(m, views[c.index], rank, count - views[c.index].last_pos - 1, c is rule,
                               type_ranks.get(c.index, -1), c.index == top, count)
                 for rank, c in enumerate(cands)]
        feats.append(null_features(m, len(cands)))
        if oracle is not None:
            gold = oracle(m, cands)
            instances.append(Instance(feats, gold or {len(cands)}))
            best = max(gold) if gold else len(cands)  # the most recent correct entity
        else:
            bonus = _pair_bonus(pairs, m, [views[c.index] for c in cands])
            scores = [model.score(f) + b if _may_join(m, want, c) else -math.inf
                      for f, c, b in zip(feats, cands, bonus, strict=False)]
            scores.append(model.score(feats[-1]))
            best = max(range(len(scores)), key=scores.__getitem__)
        if best < len(cands):
            target = cands[best]
            target.mentions.append(m)
        else:
            target = Cluster(index=len(resolver.clusters), etype=new_entity_type(m, model), name=m.text, named=False)
            target.mentions.append(m)
            resolver.clusters.append(target)
        if m.kind == "pronoun" and m.form in ("he", "she") and not target.named:
            target.vote_gender(coref_words.pronoun_gender(m.text), 1.0)
        m.etype = target.etype
        placed[m.start] = target
        _note(views, order, target, m, count)
    return placed, instances


def _pair_bonus(pairs: DocPairs | None, m: Mention, views: list[EntityView]) -> list[float]:
    """The pair scorer's weighted score of ``m`` with each candidate entity (0 without vectors)."""
    if pairs is None or not views:
        return [0.0] * len(views)
    recent = pairs.scorer.recent
    scores = pairs.entity_scores(m.start, m.end, [[(x.start, x.end) for x in v.seen[-recent:]] for v in views])
    return [0.0 if v is None else pairs.scorer.weight * v for v in scores]


def _note(views: dict[int, EntityView], order: list[int], cluster: Cluster, m: Mention, count: int) -> None:
    view = views.get(cluster.index)
    if view is None:
        view = views[cluster.index] = EntityView(cluster)
    view.add(m)
    view.last_pos = count
    if order and order[-1] == cluster.index:
        return
    if cluster.index in order:
        order.remove(cluster.index)
    order.append(cluster.index)


def _candidates(m: Mention, views: dict[int, EntityView], order: list[int]) -> list[Cluster]:
    """Entities mentioned before ``m`` within its window, most recent first."""
    window = PRONOUN_SENTS if m.kind == "pronoun" else NOMINAL_SENTS
    out: list[Cluster] = []
    for index in reversed(order):
        view = views[index]
        c = view.cluster
        if m.sent - view.last.sent > window and not (m.kind == "nominal" and c.named):
            continue
        out.append(c)
        if len(out) >= MAX_CANDIDATES:
            break
    return out


def _rule_pick(resolver: Resolver, m: Mention) -> Cluster | None:
    """The entity the rules would choose, a feature of the ranker."""
    if m.kind == "pronoun":
        return resolver.resolve_pronoun(m) if m.form in RULE_PRONOUNS else None
    if m.form == "nom_def":
        return resolver.resolve_nominal(m)
    return None
