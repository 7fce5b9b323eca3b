"""The arguments of an event trigger, read from the parse: its subject (climbing to the verbs that govern
it) and passivity, the agent of a passive, its objects (direct ones first, then prepositional ones ranked
by how surely they are the one acted on), who does what an event noun names, conjoined heads, and the
subject of a condition on it ("... if Russia invades"). Tokens only: ``actors.py`` codes them.
"""

from __future__ import annotations

from spacy.tokens import Token

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
CONDITION_MARKS = {"if", "unless", "should"}
# "After the meeting, X said ...": an event in a time adjunct is background, not X's act
BACKGROUND_PREPS = {"after", "before", "during", "since", "until", "following", "amid", "despite", "like"}


def condition_subject(trigger: Token) -> Token | None:
    """The subject of a condition on the trigger or its complements ("... if Russia invades")."""
    for node in [trigger, *[c for c in trigger.children if c.dep_ in {"xcomp", "ccomp"}]]:
        for child in node.children:
            if child.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ in CONDITION_MARKS for m in child.children
            ):
                return next((c for c in child.children if c.dep_ in SUBJECT_DEPS), None)
    return None


def with_conjuncts(head: Token) -> list[Token]:
    heads = [head]
    for tok in head.conjuncts:
        if tok.i > head.i and tok.pos_ in {"PROPN", "NOUN", "ADJ", "PRON"}:
            heads.append(tok)
    return heads


def subject_of(verb: Token) -> tuple[Token | None, bool]:
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


def noun_actor(noun: Token, depth: int = 0) -> Token | None:
    """Who does what a noun names: "Russia's deployment", "X speeded up the withdrawal of ...",
    "the deployment of Russian troops"."""
    poss = next((c for c in noun.children if c.dep_ == "poss" and c.pos_ != "PRON"), None)
    if poss is not None:
        return poss
    by = next((g for c in noun.children if c.dep_ == "prep" and c.lower_ == "by" for g in c.children), None)
    if by is not None and by.dep_ == "pobj":  # "a trip by British Prime Minister Boris Johnson"
        return by
    if noun.dep_ in {"dobj", "attr"} and noun.head.pos_ in {"VERB", "AUX"}:
        subject, _ = subject_of(noun.head)
        if subject is not None:
            return subject
    if (
        noun.dep_ == "pobj"
        and noun.head.dep_ == "prep"
        and noun.head.lower_ not in BACKGROUND_PREPS
        and noun.head.head.pos_ in {"VERB", "AUX"}
    ):
        subject, _ = subject_of(noun.head.head)  # "negotiators return to Geneva for talks", "remained on alert"
        if subject is not None:
            return subject
    if noun.dep_ == "pobj" and noun.head.lower_ == "for" and noun.head.head.pos_ == "NOUN" and depth < 2:
        doer = noun_actor(noun.head.head, depth + 1)  # "a trip by Johnson to Kyiv for talks"
        if doer is not None:
            return doer
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in {"of", "by"}:
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
    return next((c for c in noun.children if c.dep_ in {"amod", "compound"}), None)


def agent_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return grand
    return None


def objects_of(verb: Token) -> list[Token]:
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
                    child.dep_ in {"xcomp", "ccomp"} or child.dep_ == "advcl" and is_infinitive(child)
                ) and child.pos_ in {"VERB", "AUX"}:  # "began a hunger strike to protest X's failure"
                    nxt.append(child)
                    if child.dep_ == "ccomp" and node is verb:  # "demanded that the US cancel ..."
                        direct.extend(g for g in child.children if g.dep_ == "nsubj")
        frontier = nxt
    preps.sort(key=lambda t: PREP_RANK.get(t.head.lower_, len(PREP_RANK)))  # "against X" before "in Seoul"
    return [t for t in direct + preps if t.pos_ != "PRON"]  # "its troops": no target of its own


def is_infinitive(verb: Token) -> bool:
    """A to-infinitive of purpose ("willing to send material to help defend ...")."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
