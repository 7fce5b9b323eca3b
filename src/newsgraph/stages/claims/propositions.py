"""Propositions of one Doc and who takes which stance on them, before they are linked into claims.

Two sources, both linear in the Doc's length:

* quotes whose cue is a stance verb ("said", "denied", "questioned"): each sentence of the content is
  a proposition held by the quote's speaker; a stance verb heading that sentence ("All Russian
  officials have rejected plans ...") is unwrapped, its complement becoming the proposition;
* stance nouns with a clause ("Russian-denied allegations that it is planning an invasion"), their
  holders read from the noun phrase or the verb governing it.

Each proposition carries what linking needs: its content words normalised to concepts, the
entities it names (country codes for places and nationalities, so "Russian" meets "Russia"), its
agent, and whether it is negated (a negated statement denies the positive proposition).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from newsgraph.records import Entity, Quote, Span
from newsgraph.stages.claims.lexicon import (
    ASSERTS,
    CONCEPTS,
    CONDITIONAL_MARKS,
    DENIES,
    DOUBTS,
    FIRST_PERSON,
    LIGHT_STANCE_VERBS,
    NOMINAL_SUFFIXES,
    PERFORMATIVES,
    STANCE_ADJECTIVES,
    STANCE_NOUNS,
    STANCE_VERBS,
    STOP_LEMMAS,
    WH_WORDS,
)
from newsgraph.stages.events.actor_coding import code_words

EDGE_CHARS = " \t\n\r,;:—–-\"“”‘’'«»()…"
LEADING_WORDS = frozenset(("that", "whether", "and", "but", "or", "so"))
SUBJECT_DEPS = frozenset(("nsubj", "nsubjpass", "csubj", "expl"))
COMPLEMENT_DEPS = frozenset(("ccomp", "xcomp", "dobj"))
CONTENT_POS = frozenset(("NOUN", "VERB", "PROPN", "ADJ"))
PREDICATIVE_DEPS = frozenset(("acomp", "attr", "oprd", "ROOT", "ccomp", "xcomp", "conj"))
PLACE_TYPES = frozenset(("GPE", "NORP", "LOC"))
MAX_EVIDENCE_CHARS = 320
EVENT_CONCEPTS = frozenset(CONCEPTS.values())
MODIFIER_DEPS = frozenset(("amod", "compound", "nummod", "advmod", "npadvmod", "det", "poss", "quantmod"))
SPINE_DEPS = frozenset(("ccomp", "xcomp", "dobj", "attr", "acomp", "oprd", "nsubj", "nsubjpass", "conj", "pcomp"))
OF_LIKE = frozenset(("of", "for", "to"))
NOT_HOLDERS = frozenset(("that", "which", "who", "it", "they", "this", "these", "those", "there", "one", "some", "i",
                         "we", "you", "he", "she", "me", "us", "him", "her", "them"))
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


def compose(outer: str, inner: str) -> str:
    """The stance of "X <outer> that Y <inner> P" on P, where X speaks for Y."""
    if outer == ASSERTS:
        return inner
    if outer == DENIES:
        return {ASSERTS: DENIES, DENIES: ASSERTS}.get(inner, DOUBTS)
    return DOUBTS


def flip(stance: str) -> str:
    """The stance on P of a stance on not-P."""
    return {ASSERTS: DENIES, DENIES: ASSERTS}.get(stance, stance)


class DocPropositions:
    """Finds the propositions of one Doc (after the entities, quotes and speakers stages)."""

    def __init__(self, doc: Doc, entities: list[Entity], quotes: list[Quote]) -> None:
        self.doc = doc
        self.text = doc.text  # Doc.text joins every token on each access: read it once
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

    # --- sources ---------------------------------------------------------------------------
    def from_quotes(self) -> None:
        for quote in self.quotes:
            self._from_quote(quote)

    def _cue(self, quote: Quote) -> tuple[Token | None, str | None]:
        if quote.cue is None:
            return None, ASSERTS if quote.kind == "direct" else None
        i = self._token_at(quote.cue.start)
        if i >= len(self.doc):
            return None, None
        tok = self.doc[i]
        lemma = "according" if tok.lower_ == "according" else tok.lemma_.lower()
        stance = STANCE_VERBS.get(lemma)
        if stance and any(c.dep_ == "neg" for c in tok.children):
            stance = DENIES if stance == ASSERTS else None
        return tok, stance

    def _speaker(self, quote: Quote) -> Holder | None:
        speaker = quote.speaker
        if speaker is None:
            return None
        if speaker.entity is None and (speaker.name or "").lower() in NOT_HOLDERS:
            return None
        if speaker.entity and speaker.entity in self.entities:
            holder = self.holder_of_entity(speaker.entity)
            if holder.code is None and speaker.affiliation:
                holder.code = code_words(speaker.affiliation.lower().split()).code
            return holder
        code = code_words(speaker.affiliation.lower().split()).code if speaker.affiliation else None
        return Holder(None, speaker.name, code)

    def _evidence(self, quote: Quote, span: Span) -> Span:
        parts = [s for s in (quote.source, quote.cue) if s is not None]
        for extra in (parts, [quote.cue] if quote.cue else []):
            start = min([span.start, *(s.start for s in extra)])
            end = max([span.end, *(s.end for s in extra)])
            if end - start <= max(MAX_EVIDENCE_CHARS, span.end - span.start) and "\n" not in self.text[start:end]:
                return Span(start, end)
        return span

    def _from_quote(self, quote: Quote) -> None:
        cue, stance = self._cue(quote)
        if stance is None:
            return
        speaker = self._speaker(quote)
        doc = self.doc
        for content in quote.content:
            lo, hi = self._token_at(content.start), self._token_at(content.end)
            i = lo
            while i < hi:
                sent = doc[i].sent
                part_hi = min(hi, sent.end)
                self._from_part(quote, cue, stance, speaker, i, part_hi)
                i = part_hi

    def _from_part(self, quote: Quote, cue: Token | None, stance: str, speaker: Holder | None,
                   lo: int, hi: int) -> None:
        doc = self.doc
        end = hi
        while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space):
            hi -= 1
        if hi - lo < 3 or any(doc[k].text == "?" for k in range(hi, min(end + 1, len(doc)))):
            return  # too short, or a question
        root = _part_root(doc, lo, hi)
        if root is None or (cue is not None and root.i == cue.i):
            return
        if _performative(root):
            return
        stances: list[tuple[Holder, str]] = [(speaker, stance)] if speaker else []
        first, last = lo, hi
        shown = self._char_span(lo, hi)  # what the evidence shows: the whole sentence of the content
        inner = STANCE_VERBS.get(root.lemma_.lower()) if root.pos_ == "VERB" else None
        complement = _complement(root, lo, hi) if inner else None
        if inner and complement is not None:
            if any(c.dep_ == "neg" for c in root.children):
                inner = DENIES if inner == ASSERTS else None
            subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            holder = self.np_holder(subject, speaker) if subject is not None else None
            stances = []
            if inner is not None:
                same = holder is not None and speaker is not None and (
                    holder.key == speaker.key or subject is not None and subject.pos_ == "PRON"
                    and subject.lower_ not in ("they", "them") and quote.source is not None
                    and subject.lower_ == self.text[quote.source.start : quote.source.end].lower())
                if same and speaker is not None:
                    stances.append((speaker, compose(stance, inner)))
                else:
                    if holder is not None:
                        stances.append((holder, inner))
                    if speaker is not None and holder is not None and speaker.code and speaker.code == holder.code:
                        stances.append((speaker, compose(stance, inner)))
            root = complement
            first = max(lo, complement.left_edge.i)
            last = min(hi, complement.right_edge.i + 1)
        noun = _stance_noun_of(root)  # "rejected allegations that P", "there is no doubt that P"
        if noun is not None:
            clause = _clause_child(noun)
            if clause is not None and lo <= clause.i < hi:
                noun_stance = noun_stance_of(noun)
                stances = [(h, compose(s, noun_stance)) for h, s in stances]
                root = clause
                first = max(lo, clause.left_edge.i)
                last = min(hi, clause.right_edge.i + 1)
        source_word = self.text[quote.source.start : quote.source.end].lower() if quote.source else None
        prop = self.proposition(first, last, root, speaker, source_word)
        if prop is None:
            return
        for holder_, held in stances:
            prop.stances.append(HeldStance(holder_, held, self._evidence(quote, shown or prop.span)))

    def from_stance_words(self) -> None:
        """Stance nouns and adjectives governing a clause, with the holders their phrase names."""
        for tok in self.doc:
            lemma = tok.lemma_.lower()
            if tok.pos_ == "NOUN" and lemma in STANCE_NOUNS:
                self._from_stance_noun(tok, STANCE_NOUNS[lemma])
            elif tok.pos_ == "ADJ" and lemma in STANCE_ADJECTIVES:
                self._from_stance_adjective(tok, STANCE_ADJECTIVES[lemma])

    def _from_stance_noun(self, noun: Token, stance: str) -> None:
        clause = _clause_child(noun)
        if clause is None:
            return
        stance = noun_stance_of(noun)
        holders: list[tuple[Holder, str, Token]] = []
        for child in noun.children:
            if child.dep_ in ("poss", "compound", "amod", "nmod") and self.token_entity[child.i]:
                entity = self.token_entity[child.i]
                assert entity is not None
                holders.append((self.holder_of_entity(entity), stance, child))
            elif child.dep_ == "amod" and child.pos_ == "VERB" and child.lemma_.lower() in STANCE_VERBS:
                by = [g for g in child.children if g.dep_ in ("npadvmod", "compound", "nsubj", "nmod")]
                by += [p for a in child.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]
                for g in by:
                    holder = self.np_holder(g)
                    if holder is not None:
                        holders.append((holder, STANCE_VERBS[child.lemma_.lower()], g))
            elif child.dep_ == "prep" and child.lower_ in ("by", "from"):
                for obj in child.children:
                    holder = self.np_holder(obj) if obj.dep_ == "pobj" else None
                    if holder is not None:
                        holders.append((holder, stance, noun))
        head = noun.head
        if noun.dep_ in ("dobj", "nsubjpass") and head.pos_ == "VERB":
            verb_lemma = head.lemma_.lower()
            subject = next((c for c in head.children if c.dep_ == "nsubj"), None)
            holder = self.np_holder(subject) if subject is not None else None
            if holder is not None and subject is not None:
                if verb_lemma in STANCE_VERBS and verb_lemma not in LIGHT_STANCE_VERBS:
                    holders.append((holder, compose(STANCE_VERBS[verb_lemma], stance), subject))
                elif verb_lemma in LIGHT_STANCE_VERBS:
                    holders.append((holder, stance, subject))
        self._add_clause(clause, holders, noun)

    def _from_stance_adjective(self, adjective: Token, stance: str) -> None:
        clause = _clause_child(adjective)
        if clause is None or adjective.dep_ not in ("acomp", "ROOT"):
            return
        subject = next((c for c in adjective.head.children if c.dep_ == "nsubj"), None)
        holder = self.np_holder(subject) if subject is not None else None
        if any(c.dep_ == "neg" for c in (*adjective.children, *adjective.head.children)):
            stance = DOUBTS  # "is not sure that ...", "is not convinced that ..."
        if holder is not None and subject is not None:
            self._add_clause(clause, [(holder, stance, subject)], adjective)

    def _add_clause(self, clause: Token, holders: list[tuple[Holder, str, Token]], word: Token) -> None:
        first, last = clause.left_edge.i, clause.right_edge.i + 1
        prop = self.proposition(first, last, clause, None)
        if prop is None:
            return
        for holder, stance, at in holders:
            start = min(at.left_edge.idx, word.idx, prop.span.start)
            evidence = Span(start, max(prop.span.end, word.idx + len(word.text)))
            prop.stances.append(HeldStance(holder, stance, evidence))

    def all(self) -> list[Proposition]:
        self.from_quotes()
        self.from_stance_words()
        return sorted(self.by_range.values(), key=lambda p: (p.span.start, p.span.end))


def _stance_noun_of(root: Token) -> Token | None:
    """The stance noun heading a part, or the object of its light verb ("there is no doubt that ...")."""
    if root.pos_ == "NOUN" and root.lemma_.lower() in STANCE_NOUNS:
        return root
    if root.lemma_.lower() in ("be", "have") or root.lower_ in ("’s", "'s"):
        for child in root.children:
            if child.dep_ in ("attr", "dobj") and child.pos_ == "NOUN" and child.lemma_.lower() in STANCE_NOUNS:
                return child
    return None


def noun_stance_of(noun: Token) -> str:
    """A stance noun's stance, turned by "no" ("there is no doubt that ..." asserts)."""
    stance = STANCE_NOUNS[noun.lemma_.lower()]
    negated = any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children) or any(
        c.dep_ == "neg" for c in noun.head.children) and noun.dep_ in ("dobj", "attr")
    if not negated:
        return stance
    return {DOUBTS: ASSERTS, ASSERTS: DENIES, DENIES: ASSERTS}[stance]


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


def _part_root(doc: Doc, lo: int, hi: int) -> Token | None:
    """The token of ``[lo, hi)`` heading most of it."""
    best: Token | None = None
    best_size = -1
    for tok in doc[lo:hi]:
        if lo <= tok.head.i < hi and tok.head.i != tok.i:
            continue
        size = min(hi, tok.right_edge.i + 1) - max(lo, tok.left_edge.i)
        if size > best_size:
            best, best_size = tok, size
    return best


def _complement(verb: Token, lo: int, hi: int) -> Token | None:
    """What a stance verb takes a stance on: its clause or object, inside ``[lo, hi)``."""
    for child in verb.children:
        if child.dep_ in COMPLEMENT_DEPS and lo <= child.i < hi:
            return child
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "about", "on", "that"):
            for obj in child.children:
                if obj.dep_ in ("pobj", "pcomp") and lo <= obj.i < hi:
                    return obj
    return None


def _clause_child(word: Token) -> Token | None:
    """A "that"/"whether" clause (or "of" + gerund clause) a stance noun or adjective governs."""
    for child in word.children:
        if child.dep_ in ("acl", "ccomp", "advcl") and child.pos_ in ("VERB", "AUX") and (
            any(g.dep_ == "mark" and g.lower_ in ("that", "whether") for g in child.children)
            or child.dep_ == "acl" and child.left_edge.lower_ == "that" and child.left_edge.i > word.i
        ):  # "allegations that P" ("that" is sometimes parsed as the clause's object)
            return child
    for child in word.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "about", "that"):
            for obj in child.children:
                if obj.dep_ == "pcomp" and obj.pos_ == "VERB" and any(
                    c.dep_ in SUBJECT_DEPS or c.dep_ == "dobj" for c in obj.children
                ):
                    return obj
    return None


def _performative(root: Token) -> bool:
    """A first-person speech act ("We urge Russia to ...", "we continue to urge ...")."""
    verb = root
    for _ in range(3):
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if verb.lemma_.lower() in PERFORMATIVES and (subject is None or subject.lower_ in FIRST_PERSON):
            return subject is not None or verb.tag_ == "VB"
        xcomp = next((c for c in verb.children if c.dep_ == "xcomp"), None)
        if xcomp is None:
            return False
        verb = xcomp
    return False

