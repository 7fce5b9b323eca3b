"""Mention detection for the coreference ranker: pronouns and nominal descriptions.

Names come from the entities stage (spaCy's entities, repaired and clustered by the rules).
This module adds every personal pronoun (first and second person too: interviews and speeches
chain "I" and "we") and every noun phrase headed by a noun that names a person, group,
organisation or place ("the mayor", "the agency", "officials", "the city"). Which head nouns
count comes from the model file (learnt from GUM train), with the rules' role nouns added.
A nominal's span is its head's subtree cut before a relative clause or an appositive, so that it
ends on the same word as the noun phrase a reader would mark.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping

from spacy.tokens import Doc, Token

from newsgraph.stages.entities import coref, coref_words
from newsgraph.stages.entities.coref import Mention

# pronoun -> (class, plural)
PRONOUN_CLASS: dict[str, tuple[str, bool | None]] = {}
for _cls, _plural, _forms in (
    ("i", False, "i me my mine myself"),
    ("we", True, "we us our ours ourselves"),
    ("you", None, "you your yours yourself yourselves"),
    ("he", False, "he him his himself"),
    ("she", False, "she her hers herself"),
    ("it", False, "it its itself"),
    ("they", True, "they them their theirs themselves"),
):
    for _form in _forms.split():
        PRONOUN_CLASS[_form] = (_cls, _plural)

POSSESSIVE_DETERMINERS = frozenset({"my", "your", "his", "her", "its", "our", "their"})
DEFINITE = frozenset({"the", "this", "that", "these", "those"})
INDEFINITE = frozenset({"a", "an", "some", "any", "another", "one", "many", "several", "few", "most", "no",
                        "every", "each", "all", "both"})
# dependents that end a mention's span: a relative clause, an appositive, a parenthesis, a comma
CUT_DEPS = frozenset({"relcl", "appos", "acl", "punct", "cc", "conj", "parataxis"})

MakeMention = Callable[[Doc, int, int, coref.MentionKind], Mention]


def pronoun_class(word: str) -> tuple[str, bool | None] | None:
    """The ranker's class of a pronoun ("him" -> ("he", False)), or None for other words."""
    return PRONOUN_CLASS.get(word.lower().replace("’", "'"))


def nominal_form(doc: Doc, head: Token, start: int) -> str:
    """"nom_def", "nom_indef", "nom_poss" or "nom_bare", from the phrase's first word."""
    first = doc[start]
    low = first.lower_
    if low in DEFINITE:
        return "nom_def"
    if low in INDEFINITE or first.pos_ == "NUM":
        return "nom_indef"
    if low in POSSESSIVE_DETERMINERS or any(t.dep_ == "poss" for t in head.lefts):
        return "nom_poss"
    return "nom_bare"


def nominal_extent(doc: Doc, head: Token) -> tuple[int, int]:
    """Token range ``[start, end)`` of a nominal: its left edge to the end of its kept right dependents."""
    start = head.left_edge.i
    end = head.i + 1
    for child in head.rights:
        if child.dep_ in CUT_DEPS:
            break
        end = max(end, child.right_edge.i + 1)
    while end - 1 > head.i and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    while start < head.i and (doc[start].is_punct or doc[start].is_space):
        start += 1
    return start, end


def detect(doc: Doc, covered: Collection[int], nominal_heads: Mapping[str, str],
           make: MakeMention) -> list[Mention]:
    """Pronoun and nominal mentions of ``doc`` in text order; ``covered`` are tokens of names."""
    out: list[Mention] = []
    for token in doc:
        if token.i in covered:
            continue
        pron = pronoun_class(token.text) if token.pos_ == "PRON" or token.tag_ in ("PRP", "PRP$") else None
        if pron is not None:
            if token.text == "US" or (token.lower_ == "it" and _pleonastic(token)):
                continue
            m = make(doc, token.i, token.i + 1, "pronoun")
            m.form, m.plural, m.lemma, m.token = pron[0], pron[1], token.lower_, token.i
            m.head = token.text
            out.append(m)
            continue
        if token.pos_ not in ("NOUN", "PROPN") or token.dep_ == "compound":
            continue
        lemma = token.lemma_.lower()
        if lemma not in nominal_heads and token.lower_ not in coref_words.ROLE_NOUNS:
            continue
        start, end = nominal_extent(doc, token)
        m = make(doc, start, end, "nominal")
        m.form = nominal_form(doc, token, start)
        m.lemma, m.token, m.head = lemma, token.i, token.text
        m.etype = nominal_heads.get(lemma, "PERSON" if token.lower_ in coref_words.ROLE_NOUNS else "OTHER")
        m.plural = token.tag_ in ("NNS", "NNPS")
        m.modifiers = tuple(t.text for t in doc[start + 1 : token.i] if not t.is_punct)
        out.append(m)
    return out


def _pleonastic(token: Token) -> bool:
    """"It is likely that ...", "it seems": an "it" that refers to nothing."""
    head = token.head
    if token.dep_ not in ("nsubj", "nsubjpass", "expl"):
        return False
    if token.dep_ == "expl":
        return True
    lemma = head.lemma_.lower()
    if lemma in ("seem", "appear", "rain", "snow", "happen", "matter"):
        return True
    return lemma == "be" and any(c.dep_ in ("ccomp", "xcomp") and c.i > head.i for c in head.children) \
        and any(c.dep_ == "acomp" for c in head.children)
