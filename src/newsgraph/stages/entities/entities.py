"""Stage ``newsgraph_entities_v1``: people, organisations, places and nationalities, clustered.

Reads spaCy's named entities, repairs their boundaries and obvious type errors, clusters the
names of one article (surnames with full names, "U.S." with "the United States", acronyms with
spelled-out names), reads each person's role and affiliation from a title before the name or an
appositive after it, and links pronouns and role nouns ("the envoy") to people. The resolution
state is kept on the Doc (``doc.user_data``) so the speakers stage can ask it about quote sources.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from newsgraph.records import Entity, Span
from newsgraph.stages.entities import coref, coref_mentions, coref_merge, coref_rank
from newsgraph.stages.entities.coref import Cluster, Mention, Resolver
from newsgraph.stages.parse import quote_mask, sentence_starts

USER_DATA_KEY = "newsgraph.entities.state"

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# Lower-case words that may sit inside a title ("press secretary", "Secretary of State").
TITLE_WORDS = coref.words(
    """
press foreign prime deputy vice former acting chief senior state defense defence interior finance national
security general of for - top permanent special u.n. un white house justice health foreign-affairs affairs
economic trade commerce energy treasury homeland presidential executive assistant associate principal
managing first second attorney supreme high lead head public information military armed forces navy army
"""
)
# Capitalised headline words spaCy tends to glue to a name ("Obama Says ...", "Obama Speech").
HEADLINE_WORDS = coref.words("says said tells told warns urges asks calls slams blasts speech vows insists")


@dataclass(slots=True)
class EntityState:
    """What the entities stage learnt about one Doc, for the speakers stage."""

    resolver: Resolver
    ids: dict[int, str]  # cluster index -> Entity.id
    entities: dict[str, Entity]
    sent_starts: list[int]  # char offset where each sentence starts
    quote_mask: bytearray  # 1 for characters inside quotation marks
    token_mentions: dict[int, Cluster] = field(default_factory=dict)  # token index -> cluster it names
    anaphor_entities: dict[int, Cluster] = field(default_factory=dict)  # pronoun/description head -> entity
    text: str = ""  # the Doc's text, built once

    def sent_of(self, char: int) -> int:
        return max(0, bisect_right(self.sent_starts, char) - 1)


@Language.component("newsgraph_entities_v1")
def entities_component(doc: Doc) -> Doc:
    state = build_entities(doc)
    doc.user_data[USER_DATA_KEY] = state
    doc._.ng_entities = list(state.entities.values())
    return doc


def entity_state(doc: Doc) -> EntityState:
    """The stage's state for ``doc``, computing it if the stage has not run."""
    state = doc.user_data.get(USER_DATA_KEY)
    if not isinstance(state, EntityState):
        state = build_entities(doc)
        doc.user_data[USER_DATA_KEY] = state
    return state


# --- building -------------------------------------------------------------------------------

def build_entities(doc: Doc) -> EntityState:
    state, pronouns = build_names(doc)
    model = coref_rank.load_model()
    if model is None:
        _link_pronouns_and_nominals(doc, state, pronouns)  # the rules alone
    else:
        link_mentions(doc, state, model)
    _publish(state)
    return state


def build_names(doc: Doc) -> tuple[EntityState, list[Mention]]:
    """The names of ``doc`` clustered by the rules, with each person's title; and its gendered pronouns."""
    text = doc.text
    state = EntityState(Resolver(), {}, {}, sentence_starts(doc), quote_mask(text), text=text)
    names = [n for n in (_clean_entity(doc, ent) for ent in doc.ents) if n is not None]
    names = _retype(names, doc)
    covered = {i for span, _ in names for i in range(span.start, span.end)}
    names += _bare_surnames(doc, names, covered)
    names += _bare_places(doc, covered)
    names += _untagged_people(doc, {i for span, _ in names for i in range(span.start, span.end)})
    names.sort(key=lambda n: n[0].start)
    resolver = state.resolver
    for span, etype in names:
        mention = make_mention(state, span, "name", etype)
        country_key = _government_of(span) if etype == "GPE" else None
        cluster = resolver.add_for_country(mention, country_key) if country_key else resolver.add_name(mention)
        for i in range(span.start, span.end):
            state.token_mentions[i] = cluster
        if etype == "PERSON":
            _read_title(doc, span, cluster)
    pronouns = [make_mention(state, doc[t.i : t.i + 1], "pronoun", "PERSON") for t in doc
                if t.lower_ in coref.PERSON_PRONOUNS]
    coref.learn_gender_from_pronouns(resolver, pronouns)
    return state, pronouns


def link_mentions(doc: Doc, state: EntityState, model: coref_rank.RankerModel,
                  oracle: coref_rank.Oracle | None = None) -> list[coref_rank.Instance]:
    """Detect pronouns and descriptions and let the ranker put each into an entity (or a new one)."""

    def make(d: Doc, start: int, end: int, kind: coref.MentionKind) -> Mention:
        return make_mention(state, d[start:end], kind, "PERSON")

    heads = dict(model.nominal_types)
    for org in state.resolver.clusters:  # "the institute" for the Northfield Institute of Applied Biology
        if org.etype == "ORG":
            heads.update({w.lower(): "ORG" for w in org.name.split()[1:] if w.istitle() and w.isalpha()})
    anaphors = coref_mentions.detect(doc, state.token_mentions, heads, make)
    placed, instances = coref_rank.link(state.resolver, anaphors, model, oracle)
    for m in anaphors:
        cluster = placed.get(m.start)
        if cluster is not None:
            state.anaphor_entities[m.token] = cluster
    coref_merge.merge_copular_names(doc, state)
    coref_merge.merge_described(doc, state)
    coref_merge.merge_by_rules(state)
    _link_relatives(doc, state)
    return instances


def _link_relatives(doc: Doc, state: EntityState) -> None:
    """"Nebenzia, who ...": a relative pronoun joins the person it follows."""
    for token in doc:
        if token.lower_ in coref.RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
            cluster = state.token_mentions.get(token.head.head.i)
            if cluster is not None and cluster.etype == "PERSON":
                cluster.mentions.append(make_mention(state, doc[token.i : token.i + 1], "pronoun", "PERSON"))


# Verbs whose subject is a city as a place, not its government ("Kyiv lies on the Dnieper").
PLACE_VERBS = coref.words("""
be lie sit host see experience suffer wake border get look stand shake burn rank boast swelter freeze sleep
fall remain become have lose celebrate mourn
""")


def _government_of(span: SpacySpan) -> str | None:
    """The country key of a capital that stands for its government: the subject of an agent's verb
    ("Moscow plans to ...", "Kyiv is prepared to ...") or the source of "according to Moscow"."""
    country_key = coref.CAPITAL_COUNTRY.get(span.text.lower())
    if country_key is None:
        return None
    root = span.root
    head = root.head
    if root.dep_ == "nsubj":
        if head.lemma_.lower() not in PLACE_VERBS:
            return country_key
        # "Kyiv is ready to defend itself", "Washington is willing to talk"
        agentive = any(c.dep_ == "acomp" and any(g.dep_ == "xcomp" for g in c.children) for c in head.children)
        return country_key if agentive else None
    if root.dep_ == "pobj" and head.lower_ == "to" and head.i > 0 and head.doc[head.i - 1].lower_ == "according":
        return country_key
    if root.dep_ == "pobj" and head.lower_ == "by" and head.dep_ == "agent":
        return country_key
    return None


def _publish(state: EntityState) -> None:
    """Entity records of the named clusters, and of unnamed ones (people, organisations, places) that
    are referred to twice or more: those are named by their fullest description, ``named=False``."""
    clusters = sorted((c for c in state.resolver.clusters
                       if c.named or (c.etype in UNNAMED_TYPES and len(c.mentions) > 1)), key=lambda c: c.first)
    for n, cluster in enumerate(clusters, 1):
        entity_id = f"E{n}"
        if not cluster.named:
            cluster.name = description(cluster)
        elif cluster.etype == "PERSON":
            cluster.name = canonical_person_name(cluster)
        state.ids[cluster.index] = entity_id
        mentions = sorted({Span(m.start, m.end) for m in cluster.mentions})
        affiliation = cluster.affiliation
        if cluster.etype == "NORP" and affiliation is None:
            # a nationality belongs to its country when the article names it ("Russian" -> Russia)
            country = state.resolver.country(coref.place_key(cluster.name))
            affiliation = country.name if country is not None else None
        state.entities[entity_id] = Entity(entity_id, cluster.name, cluster.etype, mentions,
                                           cluster.role, affiliation, named=cluster.named)


UNNAMED_TYPES = frozenset({"PERSON", "ORG", "GPE"})


def description(cluster: Cluster) -> str:
    """An unnamed entity's name: its longest description, else its first mention ("they")."""
    nominals = [m for m in cluster.mentions if m.kind == "nominal"]
    if nominals:
        return _clean_text(max(nominals, key=lambda m: (len(m.text) <= 60, m.form == "nom_def", len(m.text))).text)
    return _clean_text(min(cluster.mentions, key=lambda m: m.start).text)


def canonical_person_name(cluster: Cluster) -> str:
    """The full name the article uses more than once (then the fullest): "Hillary Clinton" over a
    one-off "Crooked Hillary Clinton" that spaCy read off a nickname or headline."""
    counts: dict[str, int] = {}
    for m in cluster.mentions:
        if m.kind == "name" and len(coref.name_words(m.text)) > 1:
            counts[m.text] = counts.get(m.text, 0) + 1
    if len(counts) < 2:
        return cluster.name
    best = max(counts.items(), key=lambda kv: (kv[1], len(coref.name_words(kv[0])), len(kv[0])))
    # only for a candidate that starts with a first name: "Guajardo Villarreal" is a two-word surname
    starts_with_first_name = coref.name_words(best[0])[0] in coref.FIRST_NAME_GENDER
    return best[0] if best[1] > 1 and starts_with_first_name else cluster.name


def make_mention(state: EntityState, span: SpacySpan, kind: coref.MentionKind, etype: str) -> Mention:
    root = span.root
    return Mention(
        start=span.start_char, end=span.end_char, text=span.text, sent=state.sent_of(span.start_char),
        kind=kind, etype=etype, subject=root.dep_ in SUBJECT_DEPS or _subject_by_apposition(root),
        head=root.text, clause=root.head.i, in_quote=bool(state.quote_mask[span.start_char]),
        parent_clause=_reporting_verb(root),
    )


def _reporting_verb(token: Token) -> int:
    """For the subject of a clause embedded under a verb ("said he ..."), that verb's index, else -1."""
    if token.dep_ in SUBJECT_DEPS and token.head.dep_ == "ccomp":
        return token.head.head.i
    return -1


def _subject_by_apposition(token: Token) -> bool:
    return token.dep_ == "appos" and token.head.dep_ in SUBJECT_DEPS


def _clean_entity(doc: Doc, ent: SpacySpan) -> tuple[SpacySpan, str] | None:
    """Strip an entity of a leading article, titles, a possessive and punctuation; fix its type."""
    label = ent.label_
    if label not in coref.ENTITY_TYPES:
        return None
    start, end = ent.start, ent.end
    while start < end and (doc[start].lower_ in coref.DETERMINERS or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in ("'s", "’s", "'", "’")):
        end -= 1
    if label == "PERSON":
        while end - start > 1 and (doc[start].lower_ in coref.HONORIFICS or _is_title_token(doc[start])):
            start += 1
        while end - start > 1 and doc[end - 1].lower_ in HEADLINE_WORDS:
            end -= 1  # "Obama Says" in a headline
    if start >= end:
        return None
    span = doc[start:end]
    low = span.text.lower()
    if label == "PERSON" and low in coref.KNOWN_PLACES:
        label = "GPE"
    elif label in ("GPE", "ORG", "LOC", "PERSON") and low in coref.DEMONYMS:
        label = "NORP"
    elif label == "NORP" and low in coref.KNOWN_PLACES:
        label = "GPE"
    if label == "ORG" and start >= 2 and doc[start - 1].lower_ == "of" and _is_title_token(doc[start - 2]):
        return None  # "State" in "Secretary of State" belongs to the title
    if not any(ch.isalpha() for ch in span.text):
        return None
    return span, label


def _is_title_token(token: Token) -> bool:
    low = token.lower_
    return low in coref.ROLE_NOUNS or any(part in coref.ROLE_NOUNS for part in low.split("-") if part)


def _retype(names: list[tuple[SpacySpan, str]], doc: Doc) -> list[tuple[SpacySpan, str]]:
    """A lone word that is a known person's surname is that person, whatever spaCy tagged it."""
    surnames = {coref.name_words(s.text)[-1] for s, t in names if t == "PERSON" and len(s) > 1}
    out = []
    for span, etype in names:
        if etype != "PERSON" and len(span.text.split()) == 1 and span.text.lower() in surnames \
                and span.text.lower() not in coref.KNOWN_PLACES:
            etype = "PERSON"
        out.append((span, etype))
    return out


def _bare_surnames(doc: Doc, names: list[tuple[SpacySpan, str]],
                   covered: set[int]) -> list[tuple[SpacySpan, str]]:
    """Capitalised words spaCy did not tag that are the surname of a person the article names."""
    surnames = {coref.name_words(s.text)[-1] for s, t in names if t == "PERSON" and len(s.text.split()) > 1}
    surnames = {s for s in surnames if len(s) > 2 and "-" not in s}
    found = []
    for token in doc:
        # "DeGeneres" (not is_title), "PENCE:" in a transcript
        capitalised = token.text[:1].isupper() and (token.text[1:].islower() or token.is_upper or len(token) > 3)
        if token.i not in covered and capitalised and token.lower_ in surnames and token.pos_ == "PROPN":
            found.append((doc[token.i : token.i + 1], "PERSON"))
    return found


def _bare_places(doc: Doc, covered: set[int]) -> list[tuple[SpacySpan, str]]:
    """Well-known countries and capitals spaCy did not tag ("a trip to Kyiv")."""
    return [(doc[t.i : t.i + 1], "GPE") for t in doc
            if t.i not in covered and t.is_title and t.pos_ == "PROPN" and t.lower_ in coref.KNOWN_PLACES]


MONTHS_AND_DAYS = coref.words("""
january february march april may june july august september october november december monday tuesday
wednesday thursday friday saturday sunday
""")


def _untagged_people(doc: Doc, covered: set[int]) -> list[tuple[SpacySpan, str]]:
    """Capitalised proper nouns spaCy's NER left untagged ("Byron received his early education"): a run
    of them that the article uses twice or more, never after a determiner ("the Act"), at least once as a
    subject or possessor, is a person."""
    runs: list[SpacySpan] = []
    start = None
    for token in [*doc, None]:
        ok = token is not None and token.i not in covered and token.pos_ == "PROPN" and token.is_title \
            and len(token) > 2 and not token.ent_type_ and token.lower_ not in MONTHS_AND_DAYS \
            and token.lower_ not in coref.KNOWN_PLACES and token.lower_ not in coref.DEMONYMS \
            and not _is_title_token(token) and token.lower_ not in coref.HONORIFICS
        if ok and start is None:
            start = token.i  # type: ignore[union-attr]
        elif not ok and start is not None:
            end = token.i if token is not None else len(doc)
            if end - start <= 3:
                runs.append(doc[start:end])
            start = None
    by_text: dict[str, list[SpacySpan]] = {}
    for run in runs:
        by_text.setdefault(run.text, []).append(run)
    out = []
    for found in by_text.values():
        determined = any(r.start > 0 and doc[r.start - 1].lower_ in coref.DETERMINERS for r in found)  # "the Act"
        if len(found) > 1 and not determined and any(r.root.dep_ in ("nsubj", "nsubjpass", "poss") for r in found):
            out += [(r, "PERSON") for r in found]
    return out


# --- roles ----------------------------------------------------------------------------------

def _read_title(doc: Doc, name: SpacySpan, cluster: Cluster) -> None:
    """Set a person's role and affiliation from "U.S. Ambassador NAME" or "NAME, the envoy,"."""
    if cluster.role:
        return
    tokens = _title_before(doc, name.start) or _appositive_after(doc, name.end)
    if not tokens:
        return
    role, affiliation = _split_title(doc, tokens)
    if role:
        cluster.role = role
        cluster.affiliation = affiliation
        cluster.vote_gender(coref.noun_gender(doc[tokens[-1]].lower_), 2.0)


def _title_before(doc: Doc, name_start: int) -> list[int]:
    i = name_start - 1
    sent_start = doc[name_start].sent.start if doc.has_annotation("SENT_START") else 0
    taken: list[int] = []
    while i >= sent_start and len(taken) < 10:
        token = doc[i]
        capitalised_noun = token.is_title and token.pos_ in ("PROPN", "NOUN") and not token.ent_type_
        if _may_be_in_title(token) or capitalised_noun:
            taken.append(i)
            i -= 1
            continue
        break
    taken.reverse()
    while taken and doc[taken[0]].lower_ in ("of", "-", "for"):
        taken.pop(0)
    if not any(_is_title_token(doc[j]) for j in taken):
        return []
    # the title must end on a title word, right before the name ("Minister", "envoy")
    if not taken or taken[-1] != name_start - 1:
        return []
    return taken


def _appositive_after(doc: Doc, name_end: int) -> list[int]:
    if name_end >= len(doc) or doc[name_end].text != ",":
        return []
    i = name_end + 1
    if i < len(doc) and doc[i].lower_ in ("the", "a", "an"):
        i += 1
    taken: list[int] = []
    while i < len(doc) and len(taken) < 10:
        token = doc[i]
        possessive = token.lower_ in ("'s", "’s")
        if _may_be_in_title(token) or possessive or (token.is_title and token.pos_ == "PROPN"):
            taken.append(i)
            i += 1
            continue
        break
    while taken and not _is_title_token(doc[taken[-1]]):
        taken.pop()
    if not taken or (i < len(doc) and doc[taken[-1] + 1].is_alpha and doc[taken[-1] + 1].pos_ == "NOUN"):
        return []
    return taken


def _may_be_in_title(token: Token) -> bool:
    return token.ent_type_ in ("GPE", "NORP", "ORG") or _is_title_token(token) or token.lower_ in TITLE_WORDS


def _split_title(doc: Doc, tokens: list[int]) -> tuple[str | None, str | None]:
    """Leading place, nationality (else organisation) words are the affiliation; the rest the role."""
    affiliation_end = 0
    first = doc[tokens[0]]
    if first.ent_type_ in ("GPE", "NORP", "ORG") and first.ent_iob_ == "B":
        j = 1
        while j < len(tokens) and doc[tokens[j]].ent_iob_ == "I":
            j += 1
        # an organisation stays in a lower-case role ("Pentagon press secretary"); a place never does
        if j < len(tokens) and (first.ent_type_ != "ORG" or doc[tokens[j]].is_title):
            affiliation_end = j
    role_tokens = tokens[affiliation_end:]
    while role_tokens and doc[role_tokens[0]].lower_ in ("'s", "’s", "of", "-"):
        role_tokens = role_tokens[1:]
    if not role_tokens:
        return None, None
    role = doc[role_tokens[0] : role_tokens[-1] + 1].text
    affiliation = doc[tokens[0] : tokens[affiliation_end - 1] + 1].text if affiliation_end else None
    return role, affiliation


# --- pronouns and nominals -----------------------------------------------------------------------

def _link_pronouns_and_nominals(doc: Doc, state: EntityState, pronouns: list[Mention]) -> None:
    """Resolve each gendered pronoun and definite role noun in text order, adding it to its entity."""
    resolver = state.resolver
    org_heads = {c.name.lower().split()[-1] for c in resolver.clusters if c.etype == "ORG"}
    nominals = [_nominal(doc, state, t, org_heads) for t in doc if t.tag_ in ("NN", "NNP")]
    events = sorted([*pronouns, *(n for n in nominals if n is not None)], key=lambda m: m.start)
    for mention in events:
        if mention.kind == "pronoun":
            cluster = resolver.resolve_pronoun(mention)
        else:
            cluster = resolver.resolve_nominal(mention)
            if cluster is not None and cluster.etype == "ORG":
                mention.etype = "ORG"
        if cluster is not None:
            cluster.mentions.append(mention)
    _link_relatives(doc, state)


def _nominal(doc: Doc, state: EntityState, token: Token, org_heads: set[str]) -> Mention | None:
    """A definite noun phrase headed by a role noun ("the U.S. ambassador"), or None."""
    low = token.lower_
    if token.i in state.token_mentions or token.dep_ == "compound":
        return None
    gendered = low in coref.MALE_NOUNS or low in coref.FEMALE_NOUNS
    if not (_is_title_token(token) or gendered or low in org_heads):
        return None
    first = token.left_edge.i
    if doc[first].lower_ not in ("the", "this") or first >= token.i:
        return None
    named = (state.token_mentions.get(i) for i in range(first, token.i))
    if any(c is not None and c.etype == "PERSON" for c in named):
        return None
    span = doc[first : token.i + 1]
    mention = make_mention(state, span, "nominal", "PERSON")
    mention.head = token.text
    mention.modifiers = tuple(t.text for t in doc[first + 1 : token.i])
    return mention


_SPACE_RE = re.compile(r"\s+")


def _clean_text(text: str) -> str:
    return _SPACE_RE.sub(" ", text).strip()
