"""Stage ``newsgraph_event_mentions_v1``: every event word with its participants, for timelines.

PLOVER events cover a few coded types; a timeline needs every event an entity takes part in
("founded", "lost", "the lawsuit", "launching"). Candidates are content verbs and event nouns
(deverbal suffixes, nouns that head a verb's object or an of/by-phrase naming an agent, and a
short list of common event nouns). Participants come from the parse: subjects (carried into
xcomp/conjoined verbs and onto a verb's event-noun object), objects, by/of/for-phrases,
possessors and compounds of nouns. Each mention gets the time expression of its clause
(the one its verb governs, else the nearest in the sentence) and its verb's tense. The noun lists are
data, ``data/lexicons/event_mention_nouns.json``.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newsgraph.records import Entity, EventMention, Participant, TimeExpression
from newsgraph.records import Span as CharSpan
from newsgraph.stages.events.lexicon import lexicon_file
from newsgraph.stages.parse import clause_head


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())

NON_EVENT_VERBS = _words("""
be have do get seem appear become remain include mean let use
""")
_NOUNS = lexicon_file("event_mention_nouns.json")
EVENT_NOUNS: frozenset[str] = frozenset(_NOUNS["event_nouns"])  # common event nouns without a deverbal suffix
SUFFIX_RE = re.compile(r"(?:tion|sion|ment|ance|ence|ure|sal|ing|al)$")
NOT_EVENT_NOUNS: frozenset[str] = frozenset(_NOUNS["not_event_nouns"])  # they end like one but name no event
SUBJECT_DEPS = frozenset(("nsubj", "csubj"))
OBJECT_DEPS = frozenset(("dobj", "nsubjpass", "dative", "attr", "oprd"))
NOUN_ARG_DEPS = frozenset(("poss", "compound", "nmod"))
AGENT_PREPS = frozenset(("by",))
PATIENT_PREPS = frozenset(("of", "for", "against", "with", "to", "from", "on", "into", "in", "at"))
MODALS = _words("will would shall should may might can could must")


@Language.component("newsgraph_event_mentions_v1")
def event_mentions_component(doc: Doc) -> Doc:
    doc._.ng_event_mentions = event_mentions_of(doc, doc._.ng_entities or [], doc._.ng_times or [])
    return doc


def _is_event_noun(token: Token) -> bool:
    lemma = token.lemma_.lower()
    if token.pos_ != "NOUN" or lemma in NOT_EVENT_NOUNS or len(lemma) < 4:
        return lemma in EVENT_NOUNS
    return lemma in EVENT_NOUNS or bool(SUFFIX_RE.search(lemma))


def is_event_word(token: Token) -> bool:
    """A content verb or an event noun."""
    if token.pos_ == "VERB":
        return token.dep_ not in ("aux", "auxpass", "amod") and token.lemma_.lower() not in NON_EVENT_VERBS
    return _is_event_noun(token)


def _phrase(head: Token) -> tuple[int, int]:
    """Character extent of a noun phrase's core: the head with its compounds, modifiers and determiners."""
    left = head
    for child in head.lefts:
        if child.dep_ in ("compound", "amod", "det", "poss", "nummod", "nmod", "case", "punct") or \
                child.ent_iob_ == "I":
            left = child if child.i < left.i else left
    right = head
    for child in head.rights:
        if child.dep_ in ("compound", "nummod", "flat") and child.i == right.i + 1:
            right = child
        elif child.dep_ == "appos" and child.i <= right.i + 2:  # "Boeing's rival, Airbus,"
            right = max(child.right_edge, child, key=lambda t: t.i) if child.right_edge.i - child.i < 6 else child
    return left.idx, right.idx + len(right.text)


def _tense(verb: Token) -> str | None:
    if verb.pos_ != "VERB":
        return None
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in MODALS for a in auxes):
        return "future" if any(a.lower_ in ("will", "shall") for a in auxes) else "modal"
    if any(a.lower_ == "to" for a in auxes) or verb.tag_ == "VB":
        return None
    if verb.tag_ in ("VBD",) or any(a.tag_ == "VBD" for a in auxes):
        return "past"
    if verb.tag_ == "VBN":
        return "past" if any(a.tag_ in ("VBZ", "VBP") for a in auxes) else None
    return "present"


class _Context:
    """Fast lookups over the article's entities and times."""

    def __init__(self, doc: Doc, entities: list[Entity], times: list[TimeExpression]) -> None:
        self.entity_of_char: dict[int, str] = {}
        for entity in entities:
            for m in entity.mentions:
                for c in range(m.start, m.end):
                    self.entity_of_char.setdefault(c, entity.id)
        self.times = sorted((t for t in times if _dated(t.value)), key=lambda t: t.start)
        self.time_clause = {id(t): _clause_head_at(doc, t) for t in self.times}  # clause head token index

    def entity_in(self, start: int, end: int, head: Token) -> str | None:
        found = self.entity_of_char.get(head.idx)
        if found is not None:
            return found
        return next((self.entity_of_char[c] for c in range(start, end) if c in self.entity_of_char), None)

    def date_for(self, sent: Span, token: Token) -> str | None:
        """The value of the time expression in the clause of ``token`` (else the nearest one in its sentence)."""
        lo, hi = sent.start_char, sent.end_char
        candidates = [t for t in self.times if lo <= t.start and t.end <= hi]
        if not candidates:
            return None
        clause = clause_head(token)
        governed = [t for t in candidates if self.time_clause[id(t)] == clause.i]
        pool = governed or candidates
        best = min(pool, key=lambda t: abs(t.start - token.idx))
        return best.value


def _dated(value: str | None) -> bool:
    return bool(value) and (value[:4].isdigit() or value == "PRESENT_REF")  # type: ignore[index]


def _clause_head_at(doc: Doc, time: TimeExpression) -> int | None:
    span = doc.char_span(time.start, time.end, alignment_mode="expand")
    return clause_head(span.root).i if span is not None and len(span) else None


def _participants(token: Token, ctx: _Context) -> list[Participant]:
    out: list[Participant] = []

    def add(head: Token, role: str) -> None:
        if head.pos_ not in ("PROPN", "NOUN", "PRON", "NUM", "X"):
            return
        start, end = _phrase(head)
        out.append(Participant(start, end, role, ctx.entity_in(start, end, head)))
        for conj in head.conjuncts:
            if conj.i > head.i:
                c_start, c_end = _phrase(conj)
                out.append(Participant(c_start, c_end, role, ctx.entity_in(c_start, c_end, conj)))

    for child in token.children:
        dep = child.dep_
        if dep in SUBJECT_DEPS:
            add(child, "agent")
        elif dep in OBJECT_DEPS:
            add(child, "patient")
        elif dep in NOUN_ARG_DEPS and token.pos_ != "VERB" and (dep == "poss" or child.pos_ == "PROPN"):
            add(child, "agent")  # "Apple's lawsuit", "the Boeing order"; not "the court case"
        elif dep == "agent" or (dep == "prep" and child.lower_ in AGENT_PREPS):
            for obj in child.children:
                if obj.dep_ == "pobj":
                    add(obj, "agent")
        elif dep == "prep" and child.lower_ in PATIENT_PREPS:
            for obj in child.children:
                if obj.dep_ == "pobj":
                    add(obj, "patient")
    if not any(p.role == "agent" for p in out):
        subject = _inherited_subject(token)
        if subject is not None:
            add(subject, "agent")
    if token.pos_ != "VERB" and token.dep_ == "appos" and token.head.pos_ in ("PROPN", "NOUN"):
        add(token.head, "agent")  # "Tiger, the newest version of ..."
    return out


def _inherited_subject(token: Token) -> Token | None:
    """The subject of the verb that governs an xcomp / conjoined verb, or a verb's event-noun object."""
    node = token
    for _ in range(3):
        if node.dep_ in ("xcomp", "conj", "dobj", "advcl", "pobj", "prep", "acl", "ccomp") and node.head.i != node.i:
            node = node.head
            if node.pos_ == "VERB":
                subject = next((c for c in node.children if c.dep_ in SUBJECT_DEPS), None)
                if subject is not None:
                    return subject
        elif node.dep_ == "relcl" and node.head.pos_ in ("PROPN", "NOUN"):
            return node.head  # "Apple, which launched ..."
        else:
            return None
    return None


def event_mentions_of(doc: Doc, entities: list[Entity], times: list[TimeExpression]) -> list[EventMention]:
    ctx = _Context(doc, entities, times)
    out: list[EventMention] = []
    for sent in doc.sents:
        sentence = CharSpan(sent.start_char, sent.end_char)
        for token in sent:
            if not is_event_word(token):
                continue
            participants = _participants(token, ctx)
            if not participants:
                continue
            clause_verb = clause_head(token)
            out.append(EventMention(
                start=token.idx, end=token.idx + len(token.text), lemma=token.lemma_.lower(), sentence=sentence,
                participants=participants, date=ctx.date_for(sent, token), tense=_tense(clause_verb)))
    return out
