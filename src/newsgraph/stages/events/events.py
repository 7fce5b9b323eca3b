"""Stage ``newsgraph_events_v1``: PLOVER events with coded actors, modality and dates.

For each sentence the verbs are looked up in the CAMEO verb dictionary (verb plus its pattern
words, e.g. CALL + "for ceasefire" -> 0256), the CAMEO code is mapped to a PLOVER type, mode and
context, and the most prominent coded verb of the sentence (the one nearest the root, past
reporting verbs) becomes the sentence's event. Its source and target are the subject and the
object (or a prepositional object) of the verb or of the verbs governing it, coded by
``actor_coding``. Runs last: it reads ``doc._.ng_entities``, ``doc._.ng_quotes`` and
``doc._.ng_times`` when the earlier stages left them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from newsgraph.records import Actor, Entity, Event, Quote, Span, TimeExpression
from newsgraph.stages.events.actor_coding import NON_STATE, ActorCode, agent_dictionary, code_words, surname_dictionary
from newsgraph.stages.events.lexicon import PloverCode, VerbEntry, to_plover, verb_dictionary
from newsgraph.stages.events.nouns import (
    CONTAINER_NOUNS,
    LIFTED_RESTRICTIONS,
    NOUN_EVENTS,
    REVERSED,
    REVERSING_VERBS,
    STATE_OF,
)
from newsgraph.stages.events.verbs import MANUAL_VERBS
from newsgraph.stages.parse import head_chain

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
OBJECT_DEPS = {"dobj", "dative", "iobj", "attr", "oprd"}
TARGET_PREPS = {
    "to",
    "against",
    "with",
    "on",
    "at",
    "into",
    "upon",
    "from",
    "toward",
    "towards",
    "over",
    "for",
    "in",
    "of",
}
# prepositions by how surely their object is the one acted on: a place ("in", "at") comes last
PREP_RANK = {
    p: rank
    for rank, p in enumerate(
        ["against", "to", "with", "toward", "towards", "on", "upon", "into", "from", "over", "for", "of", "at", "in"]
    )
}
ASIDE_PREPS = {"like", "unlike", "including", "besides", "except", "despite", "among", "amid"}
NP_CUT_DEPS = {"relcl", "acl", "advcl", "ccomp", "conj", "cc", "punct", "appos", "xcomp"}
PRONOUNS = {"it", "they", "he", "she", "we", "its", "their", "them", "this", "who", "which", "that", "i", "us", "our"}
FIRST_PERSON = {"i", "we", "us", "our", "me", "my"}
FUTURE_AUX = {"will", "would", "shall", "'ll"}
PLAN_VERBS = {
    "plan",
    "expect",
    "schedule",
    "intend",
    "prepare",
    "set",
    "due",
    "aim",
    "hope",
    "seek",
    "want",
    "agree",
    "decide",
    "promise",
    "pledge",
    "vow",
    "offer",
}
THREAT_VERBS = {"threaten", "warn", "vow"}
REPORT_VERBS = {
    "say",
    "tell",
    "report",
    "claim",
    "state",
    "announce",
    "add",
    "note",
    "quote",
    "believe",
    "according",
    "insist",
    "confirm",
    "allege",
    "write",
    "think",
}
CONDITION_MARKS = {"if", "unless", "should"}
VERB_POS = {"VERB"}
MAX_GAP = 3  # tokens a pattern may skip between two of its words
NOT_EVENTS = REPORT_VERBS | {
    "be",
    "have",
    "do",
    "add",
    "describe",
    "explain",
    "stress",
    "accord",
    "conclude",
    "include",
    "expect",
    "plan",
    "intend",
    "schedule",
    "hope",
    "want",
    "try",
    "attempt",
    "seem",
    "appear",
    "become",
    "remain",
    "get",
    "go",
    "come",
    "mean",
    "decide",
}
MOVE_VERBS = {
    "send",
    "move",
    "deploy",
    "dispatch",
    "mass",
    "amass",
    "bring",
    "station",
    "position",
    "build",
    "increase",
    "reinforce",
    "rush",
}
DESCRIPTIVE = {"newly", "recently"}  # "newly appointed": a participle describing someone
# "After the meeting, X said ...": an event in a time adjunct is background, not X's act
BACKGROUND_PREPS = {"after", "before", "during", "since", "until", "following", "amid", "despite", "like"}
CAPTIVES = {"prisoner", "hostage", "detainee", "captive", "inmate", "dissident", "activist", "soldier", "pow"}
BLOCKING_VERBS = {"block", "barricade", "obstruct", "blockade"}
PASSAGE_NOUNS = {"street", "road", "highway", "traffic", "railway", "bridge", "entrance", "route", "motorway"}
REDUCING_VERBS = {"reduce", "cut", "slash", "curtail", "halve"}
AID_NOUNS = {"aid", "assistance", "supply", "funding", "loan", "shipment", "delivery"}
TRUCE_NOUNS = {"ceasefire", "cease-fire", "truce", "armistice"}
SUPPLY_VERBS = {"send", "supply", "ship", "deliver", "provide", "sell", "give", "transfer"}
WEAPONS = {"arm", "arms", "weapon", "missile", "equipment", "ammunition", "munition"}
MAX_ACTOR_TOKENS = 15
# verbs whose bare dictionary code misleads ("engage in good faith" is no assault): only a pattern codes them
PATTERN_ONLY = {"engage", "fail"}
MAX_TRIES = 3  # candidate events tried per sentence, most prominent first, until one has actors
ANNOUNCE_VERBS = {"announce", "declare", "order", "report"}
PHONE_WORDS = {"phone", "telephone", "video", "videoconference"}
LIGHT_VERBS = {
    "issue",
    "make",
    "give",
    "take",
    "hold",
    "launch",
    "stage",
    "conduct",
    "carry",
    "begin",
    "start",
    "continue",
    "resume",
    "open",
    "complete",
    "undertake",
    "mount",
    "have",
    "impose",
    "announce",
    "end",
    "call",
    "join",
    "lead",
    "organize",
    "organise",
    "use",
    "pose",
    "extend",
    "tighten",
    "reimpose",
    "enforce",
    "declare",
    "maintain",
    "renew",
    "step",
}
COOPERATIVE = {"CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "CONCEDE", "AGREE"}
CONFLICTUAL = {"PROTEST", "ASSAULT", "COERCE", "MOBILIZE"}
WILLING = {"willing", "ready", "prepared", "committed", "determined", "eager"}


@dataclass(slots=True)
class Candidate:
    token: Token
    cameo: str
    plover: PloverCode
    specific: bool  # a pattern (not the verb's bare default) gave the code
    depth: int
    obligation: bool = False  # "X must do Y" stated by someone: a REQUEST of the one who states it


def _match_in_order(forms: list[tuple[str, str]], slots: tuple[tuple[str, ...], ...]) -> bool:
    """The slots fill in order, each within MAX_GAP tokens of the one before (of the verb, first)."""
    i = 0
    for slot in slots:
        limit = min(len(forms), i + MAX_GAP + 1)
        while i < limit and forms[i][0] not in slot and forms[i][1] not in slot:
            i += 1
        if i >= limit:
            return False
        i += 1
    return True


INFLECTIONS = (
    ("ed", ""), ("d", ""), ("ing", ""), ("ing", "e"), ("es", ""), ("s", ""), ("ied", "y"), ("ies", "y"),
)


@lru_cache(maxsize=8192)
def _known_lemma(text: str, lemma: str) -> str:
    """The verb's lemma, checked against the dictionaries: the tagger's lemma can be wrong
    ("staged" -> "stag"), so regular inflections of the word itself are tried too."""
    verbs, forms = verb_dictionary()
    known = lambda word: word.upper() in verbs or word in MANUAL_VERBS or word in LIGHT_VERBS  # noqa: E731
    if known(lemma):
        return lemma
    word = text.lower()
    base = forms.get(word.upper())
    if base:
        return base.lower()
    for suffix, repl in INFLECTIONS:
        if word.endswith(suffix) and known(word[: len(word) - len(suffix)] + repl):
            return word[: len(word) - len(suffix)] + repl
    return lemma


def verb_lemma(token: Token) -> str:
    return _known_lemma(token.text, token.lemma_.lower())


def _verb_entry(token: Token) -> VerbEntry | None:
    verbs, _ = verb_dictionary()
    return verbs.get(verb_lemma(token).upper())


def code_verb(token: Token) -> tuple[str | None, bool]:
    """The CAMEO code the dictionary gives this verb in its context, and whether a pattern gave it."""
    entry = _verb_entry(token)
    if entry is None:
        return None, False
    doc = token.doc
    after = [
        (t.text.upper(), t.lemma_.upper())
        for t in doc[token.i + 1 : token.right_edge.i + 1]
        if not t.is_punct
    ]
    before: list[tuple[str, str]] | None = None
    positions = set(entry.without_after)
    index = entry.by_first_word or {}
    for text, lemma in after[: MAX_GAP + 1]:
        positions.update(index.get(text, ()))
        positions.update(index.get(lemma, ()))
    for position in sorted(positions):
        pattern = entry.patterns[position]
        if not pattern.after and not pattern.before:
            continue
        if pattern.after and not _match_in_order(after, pattern.after):
            continue
        if pattern.before:
            if before is None:
                before = [
                    (t.text.upper(), t.lemma_.upper())
                    for t in doc[token.left_edge.i : token.i]
                    if not t.is_punct
                ][::-1]
            if not _match_in_order(before, pattern.before[::-1]):
                continue
        return pattern.code, True
    return (entry.code if entry.explicit else None), False


def _depth(token: Token) -> int:
    """Distance to the sentence root, where reporting verbs do not count."""
    return sum(1 for node in head_chain(token) if node.lemma_.lower() not in REPORT_VERBS)


def _moves_military(token: Token) -> bool:
    """A move verb whose object is a military unit ("sending more forces", "massed troops")."""
    objects = [c for c in token.children if c.dep_ == "dobj"]
    if token.dep_ == "relcl" and not objects:  # "the troops Russia has amassed"
        objects = [token.head]
    for child in objects:
        if child.pos_ in {"NOUN", "PROPN"}:
            heads = [child, *[c for c in child.children if c.dep_ == "compound"]]
            if any(
                agent_dictionary().get(h.lemma_.lower()) == "MIL" and h.lemma_.lower() not in WEAPONS
                for h in heads
            ):
                return True
    return False


def _imperative(verb: Token) -> bool:
    """A bare verb opening its own clause with no subject or auxiliary ("hear me clearly")."""
    opens_clause = verb.dep_ in {"ROOT", "parataxis"} or (
        verb.dep_ == "ccomp" and verb.head.lemma_.lower() in REPORT_VERBS  # "— hear me clearly —," she said
    )
    return (
        verb.tag_ == "VB"
        and opens_clause
        and not any(c.dep_ in SUBJECT_DEPS | {"aux", "auxpass", "expl", "mark"} for c in verb.children)
    )


def _is_person(token: Token) -> bool:
    return (
        token.ent_type_ in {"PERSON", "NORP"}
        or token.lemma_.lower() in agent_dictionary()
        or token.lemma_.lower() in CAPTIVES
        or token.pos_ == "PRON"
    )


def _wrong_sense(verb: Token, lemma: str) -> bool:
    """Verbs whose event sense needs a certain object: one demonstrates or marches with no object
    (not "demonstrated her skill"), and releases or frees people (not "released an ad")."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if lemma in {"demonstrate", "march", "rally"}:
        return bool(objects)
    if lemma in {"release", "free"}:
        return bool(objects) and not any(_is_person(o) for o in objects)
    return False


def _pattern_by_prep(token: Token) -> bool:
    """The verb's first following word is a preposition of its own ("called for", "held on to")."""
    nxt = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return nxt is not None and nxt.head.i == token.i and nxt.dep_ in {"prep", "prt"}


def _blocks_passage(token: Token) -> bool:
    """Civilians blocking streets or roads: a protest (CAMEO 144), not a military blockade."""
    if not any(c.dep_ == "dobj" and c.lemma_.lower() in PASSAGE_NOUNS for c in token.children):
        return False
    subject = next((c for c in token.children if c.dep_ in SUBJECT_DEPS), None)
    return subject is None or agent_dictionary().get(subject.lemma_.lower()) not in {"MIL", "COP"}


def _sends_weapons(token: Token) -> bool:
    """A supply verb whose object is weapons ("sent arms", "supplied missiles"): military aid."""
    return any(
        child.dep_ == "dobj" and child.lemma_.lower() in WEAPONS | {"weapon", "arm"}
        for child in token.children
    )


def _light_verb_noun(token: Token) -> str | None:
    """The event noun object of a light verb ("issued an ultimatum", "held talks", "declared a
    state of emergency", "held a round of talks")."""
    for child in token.children:
        if child.dep_ in {"dobj", "attr"}:  # "held talks", "undertook a mediation mission"
            for noun in (child, *[c for c in child.children if c.dep_ == "compound"]):
                if noun.lemma_.lower() in NOUN_EVENTS:
                    return NOUN_EVENTS[noun.lemma_.lower()]
            if child.lemma_.lower() in CONTAINER_NOUNS:
                for prep in child.children:
                    if prep.dep_ != "prep" or prep.lower_ != "of":
                        continue
                    for pobj in prep.children:
                        lemma = pobj.lemma_.lower()
                        if child.lemma_.lower() == "state" and lemma in STATE_OF:
                            return STATE_OF[lemma]
                        for noun in (pobj, *[c for c in pobj.children if c.dep_ == "compound"]):
                            if noun.lemma_.lower() in NOUN_EVENTS:
                                return NOUN_EVENTS[noun.lemma_.lower()]
    return None


def _reversed_noun(token: Token) -> str | None:
    """The reverse event of an undone noun ("lifted the blockade", "called off the strike")."""
    lemma = verb_lemma(token)
    if lemma in REDUCING_VERBS:  # "reduced food supplies to the camp", "cut aid"
        for child in token.children:
            if child.dep_ in {"dobj", "nsubjpass"} and child.lemma_.lower() in AID_NOUNS:
                return "162"
    if lemma in {"violate", "breach", "break"}:  # "violating the ceasefire agreement"
        for child in token.children:
            nouns = [child, *[c for c in child.children if c.dep_ == "compound"]]
            if child.dep_ in {"dobj", "nsubjpass"} and any(n.lemma_.lower() in TRUCE_NOUNS for n in nouns):
                return "196"
    if lemma not in REVERSING_VERBS or (
        lemma == "call" and not any(c.lower_ == "off" for c in token.children)
    ):
        return None
    for child in token.children:
        if child.dep_ in {"dobj", "nsubjpass"}:
            nouns = [child, *[c for c in child.children if c.dep_ == "compound"]]
            nouns += [g for c in child.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
            for noun in nouns:
                noun_lemma = noun.lemma_.lower()
                if noun_lemma in LIFTED_RESTRICTIONS:
                    return LIFTED_RESTRICTIONS[noun_lemma]
                code = NOUN_EVENTS.get(noun_lemma)
                plover = to_plover(code) if code else None
                if plover is not None and plover.type in REVERSED:
                    return REVERSED[plover.type]
    return None


def _candidates(sent: SpacySpan) -> list[Candidate]:
    found: list[Candidate] = []
    for token in sent:
        if token.pos_ not in VERB_POS and not (token.pos_ == "NOUN" and token.lemma_.lower() in NOUN_EVENTS):
            continue  # only verbs and event nouns can be triggers
        cameo: str | None = None
        specific = obligation = False
        lemma = verb_lemma(token) if token.pos_ in VERB_POS else token.lemma_.lower()
        if token.dep_ in {"amod", "compound"}:  # "newly appointed", "the banned movement"
            continue
        if token.tag_ == "VBN" and any(c.dep_ == "advmod" and c.lower_ in DESCRIPTIVE for c in token.children):
            continue  # "Newly appointed Prime Minister X has refused ...": a description, not the event
        if token.pos_ == "NOUN" and any(c.dep_ == "compound" and c.lower_ in {"press", "news"} for c in token.children):
            continue  # "a press release" is no release of prisoners
        if any(a.lower_ == "according" for a in token.ancestors):
            continue  # "according to a press release by X": the attribution, not the event
        if _imperative(token):
            continue  # "hear me clearly": an address to the listener, no event between actors
        if token.lower_ in WILLING and any(c.dep_ == "xcomp" for c in token.children):
            continue  # "forces prepared to conduct ...": readiness for what the complement names
        if token.pos_ in VERB_POS and lemma == "insist" and any(
            c.dep_ == "prep" and c.lower_ == "on" for c in token.children
        ):  # "insisted on its demands": a demand, not a report
            cameo, specific = "100", True
        elif token.pos_ in VERB_POS and lemma in ANNOUNCE_VERBS:  # "announced a suspension of air links"
            cameo = _light_verb_noun(token)
            specific = cameo is not None
        elif token.pos_ in VERB_POS and lemma not in NOT_EVENTS:
            cameo, specific = code_verb(token)
            if lemma in PATTERN_ONLY and not specific:
                cameo = None
            if not specific and _wrong_sense(token, lemma):  # "demonstrated her skill", "released an ad"
                cameo = None
            phrasal = any(c.dep_ == "prt" for c in token.children)
            reverse = _reversed_noun(token)
            if reverse:
                cameo, specific = reverse, True
            elif lemma in LIGHT_VERBS and not (specific and phrasal):
                noun_code = _light_verb_noun(token)
                if noun_code:
                    cameo, specific = noun_code, True
                elif not (specific and _pattern_by_prep(token)):  # "called for sanctions": CALL FOR
                    cameo, specific = None, False
            elif lemma in MANUAL_VERBS and not (specific and phrasal):
                cameo, specific = MANUAL_VERBS[lemma], False
            if lemma in BLOCKING_VERBS and _blocks_passage(token):  # "protesters blocked streets"
                cameo, specific = "144", True
            if lemma in MOVE_VERBS and not phrasal and _moves_military(token):
                cameo, specific = "154", True
            elif lemma in SUPPLY_VERBS and _sends_weapons(token):  # "continued to send arms to Pakistan"
                cameo, specific = "072", True
            if lemma in {"speak", "talk", "chat"} and any(t.lower_ in PHONE_WORDS for t in token.subtree):
                cameo, specific = "041", True
            obligation = _obligation(token) and token.dep_ != "ROOT" and _reporter(token) is not None
            if obligation and (
                cameo is None
                or (to_plover(cameo) or PloverCode("", None, None)).type not in {"REQUEST", "THREATEN"}
            ):
                cameo = "100"
            else:
                obligation = False
        elif token.pos_ == "NOUN" and lemma in NOUN_EVENTS:
            cameo = NOUN_EVENTS[lemma]
        if not cameo:
            continue
        plover = to_plover(cameo)
        if plover is None:
            continue
        depth = _depth(token) + (2 if token.pos_ == "NOUN" else 0)
        found.append(Candidate(token, cameo, plover, specific, depth, obligation))
    return found


# --- actors -------------------------------------------------------------------------------------


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
        self.text = article.text if article is not None and len(article.text) == length else doc.text
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


def _condition_subject(trigger: Token) -> Token | None:
    """The subject of a condition on the trigger or its complements ("... if Russia invades")."""
    for node in [trigger, *[c for c in trigger.children if c.dep_ in {"xcomp", "ccomp"}]]:
        for child in node.children:
            if child.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ in CONDITION_MARKS for m in child.children
            ):
                return next((c for c in child.children if c.dep_ in SUBJECT_DEPS), None)
    return None


def _antecedent(pronoun: Token) -> Token | None:
    """Of "Hungary has said it will ...": the subject of a verb the pronoun's clause hangs from."""
    node = pronoun.head
    for _ in range(6):
        for child in node.children:
            if child.dep_ in {"nsubj", "nsubjpass"} and child.i < pronoun.i and child.lower_ not in PRONOUNS:
                return child
        if node.head.i == node.i:
            break
        node = node.head
    for tok in reversed(pronoun.doc[pronoun.sent.start:pronoun.i]):  # else the nearest subject before it
        if tok.dep_ in {"nsubj", "nsubjpass"} and tok.pos_ in {"PROPN", "NOUN"}:
            return tok
    return None


def _with_conjuncts(head: Token) -> list[Token]:
    heads = [head]
    for tok in head.conjuncts:
        if tok.i > head.i and tok.pos_ in {"PROPN", "NOUN", "ADJ", "PRON"}:
            heads.append(tok)
    return heads


def _subject(verb: Token) -> tuple[Token | None, bool]:
    """The verb's subject (climbing to governing verbs for xcomp/conj/ccomp-less verbs), and passivity."""
    node: Token | None = verb
    for _ in range(5):
        if node is None:
            break
        for child in node.children:
            if child.dep_ in SUBJECT_DEPS:
                return child, child.dep_ == "nsubjpass"
        if node.dep_ == "acl" and node.head.dep_ in {"dobj", "attr", "pobj"}:  # "has no plans to invade"
            node = node.head.head
            if node.dep_ == "prep":
                node = node.head
            continue
        if node.dep_ == "acl" and node.head.pos_ in {"NOUN", "PROPN"}:
            return node.head, False
        if node.dep_ in {"xcomp", "conj", "advcl", "pcomp", "acomp"} or (
            node.dep_ == "ccomp" and node.head.pos_ == "VERB"
        ):
            node = node.head
            if node.dep_ == "prep":
                node = node.head
            continue
        break
    return None, False


def _noun_actor(noun: Token, depth: int = 0) -> Token | None:
    """Who does what a noun names: "Russia's deployment", "X speeded up the withdrawal of ...",
    "the deployment of Russian troops"."""
    poss = next((c for c in noun.children if c.dep_ == "poss" and c.pos_ != "PRON"), None)
    if poss is not None:
        return poss
    by = next((g for c in noun.children if c.dep_ == "prep" and c.lower_ == "by" for g in c.children), None)
    if by is not None and by.dep_ == "pobj":  # "a trip by British Prime Minister Boris Johnson"
        return by
    if noun.dep_ in {"dobj", "attr"} and noun.head.pos_ in {"VERB", "AUX"}:
        subject, _ = _subject(noun.head)
        if subject is not None:
            return subject
    if (
        noun.dep_ == "pobj"
        and noun.head.dep_ == "prep"
        and noun.head.lower_ not in BACKGROUND_PREPS
        and noun.head.head.pos_ in {"VERB", "AUX"}
    ):
        subject, _ = _subject(noun.head.head)  # "negotiators return to Geneva for talks", "remained on alert"
        if subject is not None:
            return subject
    if noun.dep_ == "pobj" and noun.head.lower_ == "for" and noun.head.head.pos_ == "NOUN" and depth < 2:
        doer = _noun_actor(noun.head.head, depth + 1)  # "a trip by Johnson to Kyiv for talks"
        if doer is not None:
            return doer
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in {"of", "by"}:
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
    return next((c for c in noun.children if c.dep_ in {"amod", "compound"}), None)


def _agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return grand
    return None


def _objects(verb: Token) -> list[Token]:
    """Objects of the verb and of its open complements, direct objects first."""
    direct: list[Token] = []
    preps: list[Token] = []
    frontier = [verb]
    for _ in range(3):
        nxt: list[Token] = []
        for node in frontier:
            for child in node.children:
                if child.dep_ == "dative" and child.pos_ == "ADP":  # "provided weapons to Ukraine"
                    preps.extend(g for g in child.children if g.dep_ == "pobj")
                elif child.dep_ == "dobj" and any(c.dep_ == "dative" for c in node.children):
                    continue  # "provided intelligence to Macedonia": the thing given is no target
                elif child.dep_ in OBJECT_DEPS:
                    direct.append(child)
                    for sub in child.children:  # "support Turkey's efforts", "the release of X"
                        if sub.dep_ == "poss":
                            direct.append(sub)
                        if sub.dep_ == "prep" and sub.lower_ in TARGET_PREPS:
                            preps.extend(g for g in sub.children if g.dep_ == "pobj")
                elif child.dep_ == "prep" and child.lower_ in TARGET_PREPS:
                    preps.extend(g for g in child.children if g.dep_ == "pobj")
                elif (
                    child.dep_ in {"xcomp", "ccomp"} or child.dep_ == "advcl" and _is_infinitive(child)
                ) and child.pos_ in {"VERB", "AUX"}:  # "began a hunger strike to protest X's failure"
                    nxt.append(child)
                    if child.dep_ == "ccomp" and node is verb:  # "demanded that the US cancel ..."
                        direct.extend(g for g in child.children if g.dep_ == "nsubj")
        frontier = nxt
    preps.sort(key=lambda t: PREP_RANK.get(t.head.lower_, len(PREP_RANK)))  # "against X" before "in Seoul"
    return [t for t in direct + preps if t.pos_ != "PRON"]  # "its troops": no target of its own


# --- modality, quotes, dates --------------------------------------------------------------------


def _clause_chain(token: Token) -> list[Token]:
    chain = [token]
    node = token
    while node.head.i != node.i and len(chain) < 8:
        node = node.head
        chain.append(node)
    return chain


def modality(trigger: Token, plover_type: str, reported: bool) -> str:
    chain = _clause_chain(trigger)
    # stop at the first reporting verb: what governs the report is not the event's modality
    local: list[Token] = []
    own_clause = True
    for node in chain:
        if node is not trigger and node.lemma_.lower() in REPORT_VERBS:
            reported = True
            break
        if own_clause:
            local.append(node)
        if node.dep_ == "conj" and any(c.dep_ in SUBJECT_DEPS for c in node.children):
            own_clause = False  # "cannot accept ..., and Moscow should withdraw": a clause of its own
    for node in local:
        if any(c.dep_ == "neg" for c in node.children):
            return "negated"
        if any(c.dep_ == "det" and c.lower_ == "no" for c in node.children) and node.pos_ == "NOUN":
            return "negated"
    for node in local:
        if node.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in node.children
        ):
            return "conditional"
        if node.dep_ == "advcl" and any(c.lower_ == "should" and c.i < node.i for c in node.children):
            return "conditional"
    for node in [trigger, *[c for c in trigger.children if c.dep_ in {"xcomp", "ccomp"}]]:
        for child in node.children:
            if child.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ in CONDITION_MARKS for m in child.children
            ):
                return "conditional"
    for node in local[1:]:
        if node.lemma_.lower() in THREAT_VERBS and plover_type != "THREATEN":
            return "threatened"
    for node in local:
        if any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in node.children):
            return "planned"
        if node is not trigger and node.lemma_.lower() in PLAN_VERBS:
            return "planned"
        if any(c.dep_ == "aux" and c.lower_ == "going" for c in node.children):
            return "planned"
    return "reported" if reported else "asserted"


def _own_clause(trigger: Token) -> list[Token]:
    """The trigger and the verbs/adjectives it hangs from up to its clause head (xcomp chain)."""
    chain = [trigger]
    node = trigger
    while (
        node.dep_ in {"xcomp", "acomp", "conj"} or node.dep_ == "advcl" and _is_infinitive(node)
    ) and node.head.i != node.i and len(chain) < 5:
        node = node.head
        chain.append(node)
    return chain


def _is_infinitive(verb: Token) -> bool:
    """A to-infinitive of purpose ("willing to send material to help defend ...")."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _is_negated(trigger: Token) -> bool:
    return any(c.dep_ == "neg" for node in _own_clause(trigger) for c in node.children)


def _is_future(trigger: Token) -> bool:
    """Future or intended: "will meet", "would support", "is willing to withdraw"."""
    for node in _own_clause(trigger):
        if any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in node.children):
            return True
        if node is not trigger and node.lower_ in WILLING:
            return True
    return False


def _obligation(trigger: Token) -> bool:
    """An obligation stated by someone else: "Sudan must return the helicopter"."""
    return any(c.dep_ == "aux" and c.lower_ in {"must", "should"} for c in trigger.children)


def _reporter(trigger: Token) -> Token | None:
    """Who states the obligation: the subject of the verb the trigger's clause is embedded under
    ("Russia said Sudan must return ...", "Chirac issued a reminder to Iraq that it must ...")."""
    node = trigger
    for _ in range(5):
        if node.head.i == node.i:
            return None
        node = node.head
        if node.pos_ in {"VERB", "AUX"}:
            subject = next((c for c in node.children if c.dep_ == "nsubj"), None)
            if subject is not None:
                return subject
    return None


def adjust_type(trigger: Token, event_type: str) -> str:
    """PLOVER's rules for tense and polarity: future cooperation is AGREE, future force a THREATEN,
    a refused cooperation a REJECT ("will not accept")."""
    negated = _is_negated(trigger)
    if negated and event_type in COOPERATIVE:
        return "REJECT"
    if not negated and _is_future(trigger):
        if event_type in COOPERATIVE:
            return "AGREE"
        if event_type in CONFLICTUAL:
            return "THREATEN"
    return event_type


def reporting_quote(quotes: list[Quote], trigger: Span) -> int | None:
    for index, quote in enumerate(quotes):
        if any(part.start <= trigger.start and trigger.end <= part.end for part in quote.content):
            return index
    return None


def attached_date(doc: Doc, trigger: Token, times: list[TimeExpression]) -> str | None:
    sent = trigger.sent
    best: tuple[int, str] | None = None
    anchor = trigger  # a noun trigger ("a trip ... for talks") is dated through the verb it hangs from
    for _ in range(6):
        if anchor.pos_ in {"VERB", "AUX"} or anchor.head.i == anchor.i:
            break
        anchor = anchor.head
    for timex in times:
        if not timex.value or timex.start < sent.start_char or timex.end > sent.end_char:
            continue
        if timex.type not in {"DATE", "TIME"}:  # "in decades", "every week" date nothing
            continue
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        node = span.root
        steps = 0
        while node.i != node.head.i and node.pos_ not in {"VERB", "AUX"} and steps < 6:
            node = node.head
            steps += 1
        if node.i not in {trigger.i, anchor.i} and node.lemma_.lower() in REPORT_VERBS:
            continue  # "X said Sunday that ...": the day of the statement, not of the event
        if (
            node.i in {trigger.i, anchor.i}
            or anchor.i in {n.i for n in _clause_chain(node)[:2]}
            or node.i in {n.i for n in _clause_chain(anchor)[:2] if n.pos_ in {"VERB", "AUX"}}
        ):
            rank = abs(span.root.i - trigger.i)
            if best is None or rank < best[0]:
                best = (rank, timex.value)
    return best[1] if best else None


# --- the component ------------------------------------------------------------------------------


def _actors(chosen: Candidate, coder: ActorCoder) -> tuple[list[Actor], list[Actor]]:
    """Source and target actors of a candidate event."""
    trigger = chosen.token
    subject, passive = _subject(trigger)
    reporter = _reporter(trigger) if chosen.obligation else None
    if trigger.pos_ == "NOUN":  # "Russia's deployment", "the deployment of Russian troops"
        subject = _noun_actor(trigger) or subject

    def coded(head: Token | None) -> list[Actor]:
        return [a for h in _with_conjuncts(head) for a in coder.actors(h)] if head is not None else []

    sources: list[Actor] = []
    targets: list[Actor] = []
    agent = _agent(trigger)
    if reporter is not None:
        sources, targets = coded(reporter), coded(subject)
    elif passive and agent is not None:
        sources, targets = coded(agent), coded(subject)
    elif subject is not None:
        sources = coded(subject)
    if not targets and (chosen.plover.type == "THREATEN" or verb_lemma(trigger) in THREAT_VERBS):
        condition = _condition_subject(trigger)  # "threatened sanctions if Russia invades": at Russia
        if condition is not None:
            targets = [a for a in coded(condition) if a.code not in {s.code for s in sources}]
    if not targets:
        moved = {c.i for c in trigger.children if c.dep_ == "dobj"} if chosen.plover.type == "MOBILIZE" else set()
        for obj in _objects(trigger):
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


def events_of(doc: Doc) -> list[Event]:
    """The main event of each sentence that has one: its most prominent coded verb (or event noun)
    whose source or target is a coded actor."""
    entities: list[Entity] = list(doc._.ng_entities or [])
    quotes: list[Quote] = list(doc._.ng_quotes or [])
    times: list[TimeExpression] = list(doc._.ng_times or [])
    coder = ActorCoder(doc, entities, quotes)
    events: list[Event] = []
    for sent in doc.sents:
        candidates = sorted(_candidates(sent), key=lambda c: (c.depth, not c.specific, c.token.i))
        chosen: Candidate | None = None
        sources: list[Actor] = []
        targets: list[Actor] = []
        for candidate in candidates[:MAX_TRIES]:
            sources, targets = _actors(candidate, coder)
            if sources or targets:  # PLOVER events are between political actors; "prices were cut" is none
                chosen = candidate
                break
        if chosen is None:
            for tok in sent:  # keep pronoun resolution in step with the text
                if tok.dep_ in SUBJECT_DEPS and tok.lower_ not in PRONOUNS:
                    subject_actor = coder.actor(tok)
                    if subject_actor:
                        coder.remember([subject_actor])
            continue
        coder.remember(sources)
        trigger_tok = chosen.token
        plover = chosen.plover
        event_type = adjust_type(trigger_tok, plover.type)
        trigger = Span(trigger_tok.idx, trigger_tok.idx + len(trigger_tok.text))
        sentence_end = sent.end_char
        while sentence_end > sent.start_char and coder.text[sentence_end - 1].isspace():
            sentence_end -= 1
        reported_by = reporting_quote(quotes, trigger)
        events.append(
            Event(
                type=event_type,
                trigger=trigger,
                sentence=Span(sent.start_char, sentence_end),
                mode=plover.mode if event_type == plover.type else None,
                context=plover.context,
                cameo=chosen.cameo,
                modality=modality(trigger_tok, event_type, reported_by is not None),
                source=sources,
                target=targets,
                date=attached_date(doc, trigger_tok, times),
                reported_by=reported_by,
            )
        )
    return events


@Language.component("newsgraph_events_v1")
def events_component(doc: Doc) -> Doc:
    doc._.ng_events = events_of(doc)
    return doc
