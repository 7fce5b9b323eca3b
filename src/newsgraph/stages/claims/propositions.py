"""Propositions of one Doc as linking needs them: the records, and how one is built from a token range.

Each proposition carries what linking needs: its content words normalised to concepts, the
entities it names (country codes for places and nationalities, so "Russian" meets "Russia"), its
agent, and whether it is negated (a negated statement denies the positive proposition).
``PropositionBuilder`` holds the per-Doc lookups (token -> entity, sentence starts, conditional
clauses) and builds a proposition from tokens; ``stances.DocPropositions`` finds where they are stated.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from newsgraph.records import Entity, Quote, Span
from newsgraph.stages.claims.lexicon import (
    CONCEPTS,
    CONDITIONAL_MARKS,
    FIRST_PERSON,
    NOMINAL_SUFFIXES,
    STOP_LEMMAS,
    WH_WORDS,
)
from newsgraph.stages.events.actor_coding import code_words
from newsgraph.stages.parse import doc_text

EDGE_CHARS = " \t\n\r,;:—–-\"“”‘’'«»()…"
LEADING_WORDS = frozenset(("that", "whether", "and", "but", "or", "so"))
SUBJECT_DEPS = frozenset(("nsubj", "nsubjpass", "csubj", "expl"))
CONTENT_POS = frozenset(("NOUN", "VERB", "PROPN", "ADJ"))
PREDICATIVE_DEPS = frozenset(("acomp", "attr", "oprd", "ROOT", "ccomp", "xcomp", "conj"))
PLACE_TYPES = frozenset(("GPE", "NORP", "LOC"))
EVENT_CONCEPTS = frozenset(CONCEPTS.values())
MODIFIER_DEPS = frozenset(("amod", "compound", "nummod", "advmod", "npadvmod", "det", "poss", "quantmod"))
SPINE_DEPS = frozenset(("ccomp", "xcomp", "dobj", "attr", "acomp", "oprd", "nsubj", "nsubjpass", "conj", "pcomp"))
OF_LIKE = frozenset(("of", "for", "to"))
PRONOUN_FORMS = {
    "it": ("it", "its"), "they": ("they", "their", "them"), "he": ("he", "his", "him"),
    "she": ("she", "her"), "we": ("we", "our", "us"), "i": ("i", "my", "me"),
}
THIRD_PERSON_NONHUMAN = frozenset(("it", "its", "they", "their", "them"))
ANTECEDENT_TYPES = frozenset(("GPE", "ORG", "NORP"))
MAX_ANTECEDENT_DISTANCE = 40  # tokens back, within the sentence


@dataclass(slots=True)
class Holder:
    """Who holds a stance: an entity of the article, or only a name where none resolves."""

    entity: str | None
    name: str | None
    code: str | None = None  # country code of the holder or its affiliation

    @property
    def key(self) -> str:
        return self.entity or (self.name or "").lower()


@dataclass(slots=True)
class HeldStance:
    holder: Holder
    stance: str
    evidence: Span


@dataclass(slots=True)
class Proposition:
    """One statement of a proposition: its tokens ``[first, last)``, characters and normalised keys."""

    first: int
    last: int
    span: Span
    negated: bool
    clausal: bool
    concepts: frozenset[str]
    entities: frozenset[str]
    agent: str | None
    core: frozenset[str] = frozenset()  # concepts of the predicate and its arguments, not of modifiers
    events: frozenset[str] = frozenset()  # concepts naming an event or act (verbs, nominalisations)
    stances: list[HeldStance] = field(default_factory=list)

    @property
    def items(self) -> frozenset[str]:
        return self.concepts | self.entities



class PropositionBuilder:
    """The lookups of one Doc (after the entities, quotes and speakers stages) and its propositions so far."""

    def __init__(self, doc: Doc, entities: list[Entity], quotes: list[Quote]) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.quotes = quotes
        self.entities = {e.id: e for e in entities}
        self.token_starts = [t.idx for t in doc]
        self.token_entity: list[str | None] = [None] * len(doc)
        for entity in entities:
            for m in entity.mentions:
                for i in range(self._token_at(m.start), self._token_at(m.end)):
                    self.token_entity[i] = entity.id
        self.codes: dict[str, str | None] = {e.id: self._code_of(e) for e in entities}
        self.country_entity: dict[str, str] = {}
        for e in sorted(entities, key=lambda e: e.type != "GPE"):
            code = self.codes[e.id]
            if code and e.type in PLACE_TYPES:
                self.country_entity.setdefault(code, e.id)
        self.verb_lemmas = {t.lemma_.lower() for t in doc if t.pos_ == "VERB"}
        self.sent_start = [0] * len(doc)
        for sent in doc.sents:
            for i in range(sent.start, sent.end):
                self.sent_start[i] = sent.start
        self.conditional = self._conditional_mask()
        self.by_range: dict[tuple[int, int], Proposition] = {}
        self._concept_cache: dict[str, str | None] = {}

    # --- lookups ---------------------------------------------------------------------------
    def _token_at(self, char: int) -> int:
        """The first token starting at or after ``char`` (so ``[_token_at(s), _token_at(e))`` are
        the tokens starting in ``[s, e)``)."""
        return bisect_left(self.token_starts, char)

    def _code_of(self, entity: Entity) -> str | None:
        words = entity.name.lower().split()
        if entity.type in PLACE_TYPES:
            coded = code_words(words)
            return coded.code
        if entity.affiliation:
            return code_words(entity.affiliation.lower().split()).code
        return None

    def entity_key(self, entity_id: str) -> str:
        code = self.codes.get(entity_id)
        entity = self.entities.get(entity_id)
        if code and entity is not None and entity.type in PLACE_TYPES:
            return "@" + code
        return "@" + entity_id

    def holder_of_entity(self, entity_id: str) -> Holder:
        """The entity as a holder; a nationality stands for its country where the article names it."""
        entity = self.entities[entity_id]
        code = self.codes.get(entity_id)
        if entity.type == "NORP" and code and code in self.country_entity:
            entity = self.entities[self.country_entity[code]]
        return Holder(entity.id, entity.name, code)

    def _conditional_mask(self) -> bytearray:
        mask = bytearray(len(self.doc))
        for tok in self.doc:
            if tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for c in tok.children):
                for i in range(tok.left_edge.i, tok.right_edge.i + 1):
                    mask[i] = 1
        return mask

    def pronoun_entity(self, tok: Token, speaker: Holder | None, source_word: str | None) -> str | None:
        """Whom a pronoun the entities stage left unresolved means: the speaker where it repeats the
        quote's source ("it says it has ..."), else the nearest place or organisation before it."""
        word = tok.lower_
        if speaker is not None and speaker.entity and (
            word in FIRST_PERSON or (source_word and word in PRONOUN_FORMS.get(source_word, ()))
        ):
            return speaker.entity
        if word not in THIRD_PERSON_NONHUMAN:
            return None
        stop = max(self.sent_start[tok.i], tok.i - MAX_ANTECEDENT_DISTANCE)
        for i in range(tok.i - 1, stop - 1, -1):
            entity = self.token_entity[i]
            if entity and self.entities[entity].type in ANTECEDENT_TYPES:
                return entity
        return None

    def np_entity(self, head: Token) -> str | None:
        """The entity a noun phrase names: its head's, or else a possessor's or modifier's ("Russian officials")."""
        found = self.token_entity[head.i]
        if found:
            return found
        for child in head.children:
            if child.dep_ in ("poss", "amod", "compound", "npadvmod", "nmod") and self.token_entity[child.i]:
                return self.token_entity[child.i]
        for child in head.children:  # "the troops Russia has amassed"
            if child.dep_ == "relcl":
                subject = next((g for g in child.children if g.dep_ == "nsubj"), None)
                if subject is not None and self.token_entity[subject.i]:
                    return self.token_entity[subject.i]
        return None

    def np_holder(self, head: Token, speaker: Holder | None = None) -> Holder | None:
        if speaker is not None and head.lower_ in FIRST_PERSON:
            return speaker
        entity = self.np_entity(head)
        if entity:
            return self.holder_of_entity(entity)
        return None

    # --- normalisation ---------------------------------------------------------------------
    def concept(self, tok: Token) -> str | None:
        if tok.pos_ not in CONTENT_POS or not tok.is_alpha:
            return None
        if tok.pos_ == "ADJ" and tok.dep_ not in PREDICATIVE_DEPS and tok.lower_ not in CONCEPTS:
            return None
        lemma = tok.lemma_.lower()
        if lemma in self._concept_cache:
            return self._concept_cache[lemma]
        out: str | None = None
        if len(lemma) >= 3 and lemma not in STOP_LEMMAS:
            out = CONCEPTS.get(lemma) or CONCEPTS.get(tok.lower_)
            if out is None and tok.pos_ == "NOUN":
                out = self._verb_of_nominal(lemma)
            out = out or lemma
        self._concept_cache[lemma] = out
        return out

    def _verb_of_nominal(self, noun: str) -> str | None:
        for suffix, ending in NOMINAL_SUFFIXES:
            if noun.endswith(suffix) and len(noun) - len(suffix) >= 3:
                verb = noun[: -len(suffix)] + ending
                if verb in self.verb_lemmas:
                    return CONCEPTS.get(verb, verb)
        return None

    # --- building --------------------------------------------------------------------------
    def _char_span(self, first: int, last: int) -> Span | None:
        """Characters of tokens ``[first, last)``, trimmed of edge punctuation and leading "that"."""
        doc = self.doc
        while first < last and (doc[first].is_punct or doc[first].is_space or doc[first].lower_ in LEADING_WORDS):
            first += 1
        while last > first and (doc[last - 1].is_punct or doc[last - 1].is_space):
            last -= 1
        if first >= last:
            return None
        start, end = doc[first].idx, doc[last - 1].idx + len(doc[last - 1].text)
        text = self.text
        while start < end and text[start] in EDGE_CHARS:
            start += 1
        while end > start and text[end - 1] in EDGE_CHARS:
            end -= 1
        return Span(start, end) if start < end else None

    def proposition(self, first: int, last: int, root: Token, speaker: Holder | None,
                    source_word: str | None = None) -> Proposition | None:
        """The proposition of tokens ``[first, last)`` headed by ``root`` (the earlier one of the same
        characters, if any); None for an indirect question ("whether ...", "why ...")."""
        doc = self.doc
        opener = next((t for t in doc[first:last] if not (t.is_punct or t.is_space)), None)
        if opener is None or opener.lower_ in WH_WORDS:
            return None
        span = self._char_span(first, last)
        if span is None:
            return None
        found = self.by_range.get((span.start, span.end))
        if found is not None:
            return found
        skip_conditional = not self.conditional[root.i]
        concepts: set[str] = set()
        entities: set[str] = set()
        for tok in doc[first:last]:
            if skip_conditional and self.conditional[tok.i]:
                continue
            entity = self.token_entity[tok.i]
            if entity is None and tok.pos_ == "PRON":
                entity = self.pronoun_entity(tok, speaker, source_word)
            if entity:
                entities.add(self.entity_key(entity))
            elif tok.dep_ not in MODIFIER_DEPS or tok.lower_ in CONCEPTS or tok.lemma_.lower() in CONCEPTS:
                c = self.concept(tok)
                if c:
                    concepts.add(c)
        core = {c for c in (self.concept(t) for t in _spine(root, first, last)) if c} & concepts
        events = {c for c in concepts if c in self.verb_lemmas or c in EVENT_CONCEPTS}
        clausal = self._clausal(first, last, root)
        prop = Proposition(first, last, span, self._negated(root), clausal, frozenset(concepts),
                           frozenset(entities), self._agent(root, speaker, source_word), frozenset(core),
                           frozenset(events))
        self.by_range[(span.start, span.end)] = prop
        return prop

    def _negated(self, root: Token) -> bool:
        for child in root.children:
            if child.dep_ == "neg" or child.lower_ == "never":
                return True
            if child.dep_ in ("dobj", "attr", "nsubj", "nsubjpass") and (
                child.lower_ in ("nothing", "none", "nobody", "no-one")
                or any(g.dep_ == "det" and g.lower_ == "no" for g in child.children)
            ):
                return True
        return root.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ == "no" for c in root.children)

    @staticmethod
    def _clausal(first: int, last: int, root: Token) -> bool:
        if root.pos_ in ("VERB", "AUX") and root.tag_ in ("VBD", "VBZ", "VBP", "MD"):
            return True
        for tok in root.doc[first:last]:
            if tok.pos_ in ("VERB", "AUX") and any(
                c.dep_ in SUBJECT_DEPS and first <= c.i < last for c in tok.children
            ):
                return True
        return False

    def _agent(self, root: Token, speaker: Holder | None, source_word: str | None) -> str | None:
        subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None and root.pos_ == "NOUN":
            subject = next((c for c in root.children if c.dep_ in ("poss", "amod", "compound")
                            and self.token_entity[c.i]), None)
        if subject is None:
            return None
        entity = self.np_entity(subject)
        if entity is None and subject.pos_ == "PRON":
            entity = self.pronoun_entity(subject, speaker, source_word)
        return self.entity_key(entity) if entity else None


def _spine(root: Token, first: int, last: int) -> list[Token]:
    """The predicate and its arguments: the root, its complement chain, subjects and objects, and
    nouns' "of"/"for" objects ("plans for an invasion")."""
    out: list[Token] = []
    stack = [root]
    while stack and len(out) < 50:
        tok = stack.pop()
        out.append(tok)
        for child in tok.children:
            if not first <= child.i < last:
                continue
            if child.dep_ in SPINE_DEPS or child.dep_ == "acl" and tok.pos_ == "NOUN" or child.dep_ == "advcl" \
                    and not any(g.dep_ == "mark" for g in child.children):  # "forces prepared to conduct ..."
                stack.append(child)
            elif child.dep_ == "amod" and (child.lower_ in CONCEPTS or child.lemma_.lower() in CONCEPTS):
                out.append(child)
            elif child.dep_ == "prep" and tok.pos_ == "NOUN" and child.lower_ in OF_LIKE:
                stack.extend(g for g in child.children if g.dep_ in ("pobj", "pcomp"))
    return out
