"""Event triggers: the verbs and event nouns of a sentence coded as CAMEO events, the candidates for its event.

A verb is looked up in the CAMEO verb dictionary with its pattern words (CALL + "for ceasefire" -> 0256),
its lemma checked against the dictionaries; our own rules recode it where its sense or its object says
more (a light verb's event noun, "lifted the blockade", "blocked streets", "sent arms", a stated
obligation), and event nouns code from ``nouns.py``. Each candidate carries its PLOVER code and its depth
below the sentence root, reporting verbs not counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from newsgraph.stages.events.actor_coding import agent_dictionary
from newsgraph.stages.events.arguments import SUBJECT_DEPS
from newsgraph.stages.events.lexicon import PloverCode, VerbEntry, to_plover, verb_dictionary
from newsgraph.stages.events.modality import REPORT_VERBS, WILLING, is_obligation, reporter_of
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
CAPTIVES = {"prisoner", "hostage", "detainee", "captive", "inmate", "dissident", "activist", "soldier", "pow"}
BLOCKING_VERBS = {"block", "barricade", "obstruct", "blockade"}
PASSAGE_NOUNS = {"street", "road", "highway", "traffic", "railway", "bridge", "entrance", "route", "motorway"}
REDUCING_VERBS = {"reduce", "cut", "slash", "curtail", "halve"}
AID_NOUNS = {"aid", "assistance", "supply", "funding", "loan", "shipment", "delivery"}
TRUCE_NOUNS = {"ceasefire", "cease-fire", "truce", "armistice"}
SUPPLY_VERBS = {"send", "supply", "ship", "deliver", "provide", "sell", "give", "transfer"}
WEAPONS = {"arm", "arms", "weapon", "missile", "equipment", "ammunition", "munition"}
# verbs whose bare dictionary code misleads ("engage in good faith" is no assault): only a pattern codes them
PATTERN_ONLY = {"engage", "fail"}
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


def trigger_candidates(sent: SpacySpan) -> list[Candidate]:
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
            obligation = is_obligation(token) and token.dep_ != "ROOT" and reporter_of(token) is not None
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
