"""Where propositions are stated and who takes which stance on them, in two sources, both linear in the
Doc's length:

* quotes whose cue is a stance verb ("said", "denied", "questioned"): each sentence of the content is
  a proposition held by the quote's speaker; a stance verb heading that sentence ("All Russian
  officials have rejected plans ...") is unwrapped, its complement becoming the proposition;
* stance nouns with a clause ("Russian-denied allegations that it is planning an invasion"), their
  holders read from the noun phrase or the verb governing it.

Also the stance algebra (``compose``, ``flip``) and the parse helpers these sources use.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from newsgraph.records import Quote, Span
from newsgraph.stages.claims.lexicon import (
    ASSERTS,
    DENIES,
    DOUBTS,
    FIRST_PERSON,
    LIGHT_STANCE_VERBS,
    PERFORMATIVES,
    STANCE_ADJECTIVES,
    STANCE_NOUNS,
    STANCE_VERBS,
)
from newsgraph.stages.claims.propositions import SUBJECT_DEPS, HeldStance, Holder, Proposition, PropositionBuilder
from newsgraph.stages.events.actor_coding import code_words
from newsgraph.stages.lines import breaks_paragraph

COMPLEMENT_DEPS = frozenset(("ccomp", "xcomp", "dobj"))
MAX_EVIDENCE_CHARS = 320
NOT_HOLDERS = frozenset(("that", "which", "who", "it", "they", "this", "these", "those", "there", "one", "some", "i",
                         "we", "you", "he", "she", "me", "us", "him", "her", "them"))


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


class DocPropositions(PropositionBuilder):
    """Finds the propositions of one Doc (after the entities, quotes and speakers stages) with their stances."""

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
            if end - start <= max(MAX_EVIDENCE_CHARS, span.end - span.start) \
                    and not breaks_paragraph(self.text, start, end):  # a wrapped line's break is no limit
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

