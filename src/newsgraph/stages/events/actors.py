"""The actors of an event: its arguments' noun phrases coded in their article, and its source and target.

``ActorCoder`` codes the phrases of one Doc with ``actor_coding`` (the phrase's core, its appositions,
the article's entities, the speaker of the quote a first-person pronoun sits in, a pronoun's antecedent,
names coded earlier in the article, the country it names most); ``sources_and_targets`` picks who
acts and who is acted on from the trigger's arguments (``arguments.py``).
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from newsgraph.records import Actor, Entity, Quote, Span
from newsgraph.stages.events.actor_coding import NON_STATE, ActorCode, code_words, surname_dictionary
from newsgraph.stages.events.arguments import (
    agent_of,
    condition_subject,
    noun_actor,
    objects_of,
    subject_of,
    with_conjuncts,
)
from newsgraph.stages.events.modality import THREAT_VERBS, reporter_of, reporting_quote
from newsgraph.stages.events.triggers import Candidate, verb_lemma
from newsgraph.stages.parse import doc_text, head_chain

ASIDE_PREPS = {"like", "unlike", "including", "besides", "except", "despite", "among", "amid"}
NP_CUT_DEPS = {"relcl", "acl", "advcl", "ccomp", "conj", "cc", "punct", "appos", "xcomp"}
PRONOUNS = {"it", "they", "he", "she", "we", "its", "their", "them", "this", "who", "which", "that", "i", "us", "our"}
FIRST_PERSON = {"i", "we", "us", "our", "me", "my"}
MAX_ACTOR_TOKENS = 15


def _np_tokens(head: Token) -> list[Token]:
    """The head's phrase without clauses, conjuncts and appositions hanging off it."""
    out: list[Token] = []

    def walk(tok: Token) -> None:
        out.append(tok)
        for child in tok.children:
            if child.dep_ in NP_CUT_DEPS and tok.i == head.i:
                continue
            if child.dep_ == "prep" and child.lower_ in ASIDE_PREPS:  # "Britain, like the United States"
                continue
            if child.dep_ in {"relcl", "acl", "advcl", "ccomp"}:
                continue
            walk(child)

    walk(head)
    return sorted(out, key=lambda t: t.i)


class ActorCoder:
    """Codes noun phrases of one Doc, remembering names it coded for later bare mentions."""

    def __init__(self, doc: Doc, entities: list[Entity], quotes: list[Quote] | None = None) -> None:
        self.doc = doc
        article = doc._.ng_article if doc.has_extension("ng_article") else None
        # Doc.text joins every token on each access: the article's own text is the same string
        length = doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0
        self.text = article.text if article is not None and len(article.text) == length else doc_text(doc)
        self.entities = entities
        self.quotes = quotes or []
        self.ent_codes: dict[int, str | None] = {}
        self.entity_codes: dict[str, ActorCode] = {}
        self.home: str | None = None
        self.by_name: dict[str, ActorCode] = {}
        self.last: ActorCode | None = None

    def entity_at(self, start: int, end: int, head: Token | None = None) -> Entity | None:
        """The article entity the phrase names: the one whose mention holds the phrase's head
        ("Russian Foreign Minister Sergey Lavrov" -> Lavrov, not "Russian"), else the one whose
        mention overlaps the phrase most."""
        probe = Span(start, end)
        best: tuple[int, Entity] | None = None
        for entity in self.entities:
            for mention in entity.mentions:
                if not mention.overlaps(probe):
                    continue
                if head is not None and mention.start <= head.idx < mention.end:
                    return entity
                overlap = min(end, mention.end) - max(start, mention.start)
                if best is None or overlap > best[0]:
                    best = (overlap, entity)
        return best[1] if best else None

    def home_country(self) -> str | None:
        """The country the article names most often (the earliest of equals): an unnamed domestic
        actor's country ("President Omar El Bashir ... the curfew imposed in Sudan")."""
        if self.home is None:
            counts: dict[str, int] = {}
            for ent in self.doc.ents:
                if ent.label_ in {"GPE", "NORP"}:
                    code = self._ent_code(ent)
                    if code and code not in NON_STATE:
                        counts[code] = counts.get(code, 0) + 1
            self.home = max(counts, key=lambda c: counts[c]) if counts else ""  # dicts keep first-seen order
        return self.home or None

    def _ent_code(self, ent: SpacySpan) -> str | None:
        if ent.start_char not in self.ent_codes:
            self.ent_codes[ent.start_char] = self.code_tokens(list(ent)).code
        return self.ent_codes[ent.start_char]

    def sentence_country(self, sent: SpacySpan, start: int, end: int, other_than: str | None = None) -> str | None:
        """The first country the sentence names outside the phrase: an unnamed domestic actor's
        country ("President Omar El Bashir ... the curfew imposed in Sudan")."""
        for ent in sent.ents:
            if ent.label_ not in {"GPE", "NORP"} or start <= ent.start_char < end:
                continue
            code = self._ent_code(ent)
            if code and code not in NON_STATE and code != other_than:
                return code
        return None

    def quote_at(self, char: int) -> Quote | None:
        index = reporting_quote(self.quotes, Span(char, char + 1))
        return self.quotes[index] if index is not None else None

    def entity_by_id(self, entity_id: str | None) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None) if entity_id else None

    def speaker_code(self, quote: Quote) -> tuple[ActorCode, Entity | None]:
        """The code of a quote's speaker, from its entity or else what the article says of it."""
        speaker = quote.speaker
        if speaker is None:
            return ActorCode(None, None), None
        entity = self.entity_by_id(speaker.entity)
        coded = self.code_entity(entity) if entity is not None else ActorCode(None, None)
        if coded.code is None or coded.sector is None:
            words = " ".join(x for x in (speaker.affiliation, speaker.role, speaker.name) if x)
            extra = code_words(words.lower().replace("'s", " 's").replace("’s", " 's").split())
            coded = ActorCode(coded.code or extra.code, coded.sector or extra.sector)
        return coded, entity

    def code_tokens(self, tokens: list[Token]) -> ActorCode:
        if any(t.text == "'s" for t in tokens):  # "Democratic People's Republic of Korea" is one name
            merged = code_words(
                self.text[tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)].lower().split()
            )
            if merged.code:
                return merged
        words = [t.text.lower() for t in tokens if not t.is_punct or t.text in {".", "-"}]
        lemmas = [t.lemma_.lower() for t in tokens if not t.is_punct or t.text in {".", "-"}]
        cased = [t.text for t in tokens if not t.is_punct or t.text in {".", "-"}]
        return code_words(words, lemmas, cased)

    def code_entity(self, entity: Entity) -> ActorCode:
        if entity.id not in self.entity_codes:
            self.entity_codes[entity.id] = self._code_entity(entity)
        return self.entity_codes[entity.id]

    def _code_entity(self, entity: Entity) -> ActorCode:
        text = self.text
        best = ActorCode(None, None)
        for mention in sorted(entity.mentions, key=lambda m: m.start - m.end):
            words = text[mention.start : mention.end].lower().replace("'s", " 's").split()
            coded = code_words(words)
            if coded.code:
                return coded if coded.sector or not best.sector else ActorCode(coded.code, best.sector)
            if coded.sector and not best.sector:
                best = coded
        extra = " ".join(x for x in (entity.affiliation, entity.role) if x)
        if extra:
            coded = code_words(extra.lower().split())
            return ActorCode(coded.code, coded.sector or best.sector)
        return best

    def actor(self, head: Token) -> Actor | None:
        tokens = _np_tokens(head)
        while tokens and (tokens[0].is_punct or tokens[0].dep_ in {"det", "cc"}):
            tokens = tokens[1:]
        while tokens and tokens[-1].is_punct:
            tokens = tokens[:-1]
        if not tokens:
            return None
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        # "Republic of Korea", "the government of Peru": an "of" + name belongs to the core
        named_of = {
            g.i
            for prep in head.children
            if prep.dep_ == "prep" and prep.lower_ == "of"
            and any(p.dep_ == "pobj" and p.pos_ == "PROPN" for p in prep.children)
            for g in prep.subtree
        }
        core = [t for t in tokens if t.i <= head.i or t.head.i == head.i and t.dep_ != "prep" or t.i in named_of]
        coded = self.code_tokens(core)  # "a stronghold on the Thai border": the core names the actor
        if coded.code is None:
            wider = self.code_tokens(tokens)
            coded = ActorCode(wider.code, coded.sector or wider.sector)
        for appos in (c for c in head.children if c.dep_ == "appos"):  # "Kenzo Oshima, the U.N. coordinator"
            role = self.code_tokens(_np_tokens(appos))
            named = head.ent_type_ == "PERSON" or head.pos_ == "PROPN" and role.sector is not None
            if role.code and (coded.code is None or named):
                coded = role
                break
        if coded.code is None and head.lower_ not in PRONOUNS:  # "workers affiliated with the Serbian union"
            whole = [t for t in head.subtree if not t.is_punct][:MAX_ACTOR_TOKENS]
            wider = self.code_tokens(whole)
            if wider.code:
                coded = ActorCode(wider.code, coded.sector or wider.sector)
        entity = self.entity_at(start, end, head)
        # "We urge Russia ...," Johnson said: the speaker of the quote the pronoun sits in
        if coded.code is None and head.lower_ in FIRST_PERSON and head.pos_ == "PRON":
            quote = self.quote_at(head.idx)
            if quote is not None:
                coded, speaker_entity = self.speaker_code(quote)
                entity = speaker_entity or entity
        if coded.code is None and head.lower_ in PRONOUNS:
            antecedent = _antecedent(head)
            if antecedent is not None:
                coded = self.code_tokens(_np_tokens(antecedent))
        if coded.code is None and entity is not None:
            from_entity = self.code_entity(entity)
            coded = ActorCode(from_entity.code, coded.sector or from_entity.sector)
        key = head.text.lower()
        if coded.code is None and head.pos_ == "PROPN" and key in self.by_name:
            coded = ActorCode(self.by_name[key].code, coded.sector or self.by_name[key].sector)
        if coded.code is None and head.pos_ == "PROPN" and head.ent_type_ == "PERSON":  # "President Mugabe"
            country = surname_dictionary().get(head.lower_)
            if country:
                coded = ActorCode(country, coded.sector or "GOV")
        if coded.code is None and head.lower_ in PRONOUNS and self.last is not None:
            coded = self.last
        if coded.code is None and coded.sector is not None:
            coded = ActorCode(self.home_country(), coded.sector)
        if coded.code is not None and any(t.lower_ == "ethnic" for t in tokens):
            # "ethnic Albanians in Serbia": an ethnic group is coded to the state it lives in
            home = self.sentence_country(head.sent, start, end, other_than=coded.code)
            if home is None:
                home = next((self.code_tokens([t]).code for t in tokens if t.ent_type_ == "GPE"), None)
            if home is not None and home != coded.code:
                coded = ActorCode(home, coded.sector)
        if coded.code is None and coded.sector is None:
            return None
        if coded.code is not None:
            for tok in tokens:
                if tok.pos_ == "PROPN":
                    self.by_name.setdefault(tok.text.lower(), coded)
        return Actor(start, end, coded.code, coded.sector, entity.id if entity else None)

    def actors(self, head: Token) -> list[Actor]:
        """The actors a phrase names: one per country of "diplomats from the United States and
        Russia" or "U.S. and Russian negotiators", else the phrase's one actor."""
        split = self._per_country(head)
        if split:
            return split
        single = self.actor(head)
        return [single] if single else []

    def _per_country(self, head: Token) -> list[Actor]:
        if head.pos_ != "NOUN":
            return []
        groups = [
            [pobj, *pobj.conjuncts]
            for prep in head.children
            if prep.dep_ == "prep" and prep.lower_ in {"from", "of"}
            for pobj in prep.children
            if pobj.dep_ == "pobj"
        ]
        groups += [[mod, *mod.conjuncts] for mod in head.children if mod.dep_ in {"amod", "compound", "nmod"}]
        role = self.code_tokens([head]).sector
        for group in groups:
            if len(group) < 2:
                continue
            found: list[Actor] = []
            for member in sorted(group, key=lambda t: t.i):
                tokens = [t for t in _np_tokens(member) if t.dep_ not in {"det", "cc", "punct"}]
                if member.dep_ in {"amod", "compound", "nmod"}:  # "U.S. and Russian": the word alone
                    tokens = [t for t in member.subtree if t.dep_ not in {"cc", "punct", "conj"} or t is member]
                if not tokens:
                    return []
                coded = self.code_tokens(tokens)
                if coded.code is None:
                    return []
                start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
                entity = self.entity_at(start, end, member)
                found.append(Actor(start, end, coded.code, role or coded.sector, entity.id if entity else None))
            if len({a.code for a in found}) >= 2:
                return found
        return []

    def remember(self, actors: Iterable[Actor]) -> None:
        for a in actors:
            if a.code:
                self.last = ActorCode(a.code, a.sector)


def _antecedent(pronoun: Token) -> Token | None:
    """Of "Hungary has said it will ...": the subject of a verb the pronoun's clause hangs from."""
    for node in [pronoun.head, *head_chain(pronoun.head, 5)]:
        for child in node.children:
            if child.dep_ in {"nsubj", "nsubjpass"} and child.i < pronoun.i and child.lower_ not in PRONOUNS:
                return child
    for tok in reversed(pronoun.doc[pronoun.sent.start:pronoun.i]):  # else the nearest subject before it
        if tok.dep_ in {"nsubj", "nsubjpass"} and tok.pos_ in {"PROPN", "NOUN"}:
            return tok
    return None


def sources_and_targets(chosen: Candidate, coder: ActorCoder) -> tuple[list[Actor], list[Actor]]:
    """Source and target actors of a candidate event."""
    trigger = chosen.token
    subject, passive = subject_of(trigger)
    reporter = reporter_of(trigger) if chosen.obligation else None
    if trigger.pos_ == "NOUN":  # "Russia's deployment", "the deployment of Russian troops"
        subject = noun_actor(trigger) or subject

    def coded(head: Token | None) -> list[Actor]:
        return [a for h in with_conjuncts(head) for a in coder.actors(h)] if head is not None else []

    sources: list[Actor] = []
    targets: list[Actor] = []
    agent = agent_of(trigger)
    if reporter is not None:
        sources, targets = coded(reporter), coded(subject)
    elif passive and agent is not None:
        sources, targets = coded(agent), coded(subject)
    elif subject is not None:
        sources = coded(subject)
    if not targets and (chosen.plover.type == "THREATEN" or verb_lemma(trigger) in THREAT_VERBS):
        condition = condition_subject(trigger)  # "threatened sanctions if Russia invades": at Russia
        if condition is not None:
            targets = [a for a in coded(condition) if a.code not in {s.code for s in sources}]
    if not targets:
        moved = {c.i for c in trigger.children if c.dep_ == "dobj"} if chosen.plover.type == "MOBILIZE" else set()
        for obj in objects_of(trigger):
            if obj.i in moved:  # "sending more forces": the forces moved, not a target
                continue
            if obj.dep_ == "dobj" and any(c.dep_ == "poss" and c.pos_ == "PRON" for c in obj.children):
                continue  # "withdraw its troops from Lebanon": the source's own, not a target
            seen = {(s.code, s.start) for s in sources}
            found = [a for a in coded(obj) if (a.code, a.start) not in seen]
            if any(a.code for a in found):
                targets = found
                break
    return sources, targets
