"""Stage ``newsgraph_claims_v1``: propositions that sources assert, allege, deny or doubt.

``claim_propositions`` finds every statement of a proposition with the stances taken on it (the
quotes' speakers, holders of "allegations that ..."). Statements of one proposition are then linked
into one claim: their normalised content words (lemmas, nominalisations as verbs, near-synonyms as
one concept) and entities (country codes for places and nationalities) must overlap, with no clash
of agents. Negation is no part of the key: a speaker asserting "it has no plans to invade" denies
the claim "it is planning an invasion". The claim's text is its fullest positive clausal statement.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.records import Claim, ClaimStance, Entity, Quote
from newsgraph.stages.claims.lexicon import FRAME_CONCEPTS
from newsgraph.stages.claims.propositions import Proposition
from newsgraph.stages.claims.stances import DocPropositions, flip

SMALL = 3  # a statement of this many concepts or fewer may share only one with another ...
MIN_SHARED = 2  # ... else they share at least this many (besides framing ones like "plan")
MIN_OVERLAP = 0.5  # and at least this share of the smaller one's concepts
MIN_ITEMS = 2  # a claim states some clause of at least this many concepts and entities


@Language.component("newsgraph_claims_v1")
def claims_component(doc: Doc) -> Doc:
    entities: list[Entity] = doc._.ng_entities or []
    quotes: list[Quote] = doc._.ng_quotes or []
    doc._.ng_claims = claims_of(doc, entities, quotes)
    return doc


def claims_of(doc: Doc, entities: list[Entity], quotes: list[Quote]) -> list[Claim]:
    propositions = DocPropositions(doc, entities, quotes).all()
    claims = [c for c in (build_claim(group) for group in link(propositions)) if c is not None]
    return sorted(claims, key=lambda c: (c.text.start, c.text.end))


def same_proposition(a: Proposition, b: Proposition) -> float:
    """How well two statements match (their share of the smaller one's concepts), 0 when they do not:
    they must share a predicate or argument of one of them, name a common entity where both name
    some, and not have different agents."""
    concepts = a.concepts & b.concepts
    substantive = concepts - FRAME_CONCEPTS
    if not substantive & (a.core | b.core):
        return 0.0
    if a.entities and b.entities and not a.entities & b.entities:
        return 0.0
    if a.agent and b.agent and a.agent != b.agent:
        return 0.0
    others_a, others_b = a.entities - {a.agent}, b.entities - {b.agent}
    if others_a and others_b and not others_a & others_b:
        return 0.0  # about different things ("vote for Trump", "vote for Clinton")
    if a.negated != b.negated and len(substantive) < MIN_SHARED and not (a.agent and a.agent == b.agent):
        return 0.0  # one denies what the other asserts: that needs more than a shared word
    smaller = min(len(a.concepts), len(b.concepts))
    if len(substantive) < MIN_SHARED:
        # one shared concept will do for a short statement, if it names an event that is the
        # predicate or an argument of both, and the agents agree
        if smaller > SMALL or not substantive <= a.core & b.core & a.events & b.events:
            return 0.0
        if not (a.agent and a.agent == b.agent or a.entities & b.entities or not (a.entities and b.entities)):
            return 0.0
    overlap = len(concepts) / smaller
    return overlap if overlap >= MIN_OVERLAP else 0.0


def link(propositions: list[Proposition]) -> list[list[Proposition]]:
    """Groups of statements of one proposition, in text order: each statement joins the group it
    matches best on average, provided it matches at least half of that group's statements."""
    groups: list[list[Proposition]] = []
    for prop in propositions:
        best: list[Proposition] | None = None
        best_score = 0.0
        for group in groups:
            scores = [s for s in (same_proposition(prop, other) for other in group) if s > 0]
            if 2 * len(scores) >= len(group) and scores:
                score = sum(scores) / len(scores)
                if score > best_score:
                    best, best_score = group, score
        if best is None:
            groups.append([prop])
        else:
            best.append(prop)
    return groups


def build_claim(group: list[Proposition]) -> Claim | None:
    """A claim of linked statements, if some statement is a clause and someone takes a stance."""
    if not any(p.clausal and len(p.items) >= MIN_ITEMS and p.concepts - FRAME_CONCEPTS for p in group):
        return None
    if not any(p.stances for p in group):
        return None
    if len(group) > 1:
        counts: dict[str, int] = {}
        for p in group:
            for item in p.items:
                counts[item] = counts.get(item, 0) + 1
        core = {item for item, n in counts.items() if n > 1}
    else:
        core = set(group[0].items)
    text = min(group, key=lambda p: (not p.clausal, p.negated, -len(p.items & core), p.span.end - p.span.start))
    stances: list[ClaimStance] = []
    seen: set[tuple[str, str]] = set()
    for p in group:
        for held in p.stances:
            stance = held.stance if p.negated == text.negated else flip(held.stance)
            key = (held.holder.key, stance)
            if key in seen:
                continue
            seen.add(key)
            stances.append(ClaimStance(held.holder.entity, stance, held.evidence, held.holder.name))
    if not stances:
        return None
    return Claim(text.span, stances)
