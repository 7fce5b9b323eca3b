"""Stage ``newsgraph_entities_v1``: people, organisations, places and nationalities, clustered.

Takes the names of the Doc (``names``: spaCy's named entities with their boundaries and obvious
type errors repaired, the names it missed, each person's role and affiliation from a title before
the name or an appositive after it), clusters the names of one article (surnames with full names,
"U.S." with "the United States", acronyms with spelled-out names, a capital standing for its
government), and links pronouns and descriptions ("the envoy") to them: by the learned ranker
(``coref_rank``), else by the rules (``coref``). The resolution state is kept on the Doc
(``doc.user_data``) so the speakers stage can ask it about quote sources.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from newsgraph.models.vectors import DOC_KEY, PieceVectors
from newsgraph.records import Entity, Span
from newsgraph.stages.entities import coref, coref_mentions, coref_merge, coref_pairs, coref_rank, coref_words, names
from newsgraph.stages.entities.coref import Cluster, Mention, Resolver
from newsgraph.stages.parse import doc_text, quote_mask, sentence_starts

USER_DATA_KEY = "newsgraph.entities.state"

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


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
    vectors = doc.user_data.pop(DOC_KEY, None)  # the attribution tagger's, when it ran
    if model is None:
        _link_pronouns_and_nominals(doc, state, pronouns)  # the rules alone
    else:
        link_mentions(doc, state, model, vectors=vectors if isinstance(vectors, PieceVectors) else None)
    _publish(state)
    return state


def build_names(doc: Doc) -> tuple[EntityState, list[Mention]]:
    """The names of ``doc`` clustered by the rules, with each person's title; and its gendered pronouns."""
    text = doc_text(doc)
    state = EntityState(Resolver(), {}, {}, sentence_starts(doc), quote_mask(text), text=text)
    resolver = state.resolver
    for span, etype in names.name_spans(doc):
        mention = make_mention(state, span, "name", etype)
        country_key = _government_of(span) if etype == "GPE" else None
        cluster = resolver.add_for_country(mention, country_key) if country_key else resolver.add_name(mention)
        for i in range(span.start, span.end):
            state.token_mentions[i] = cluster
        if etype == "PERSON":
            names.read_title(doc, span, cluster)
    coref_merge.join_short_names(state)
    pronouns = [make_mention(state, doc[t.i : t.i + 1], "pronoun", "PERSON") for t in doc
                if t.lower_ in coref_words.PERSON_PRONOUNS]
    coref.learn_gender_from_pronouns(resolver, pronouns)
    return state, pronouns


def link_mentions(doc: Doc, state: EntityState, model: coref_rank.RankerModel,
                  oracle: coref_rank.Oracle | None = None,
                  vectors: PieceVectors | None = None) -> list[coref_rank.Instance]:
    """Detect pronouns and descriptions and let the ranker put each into an entity (or a new one);
    ``vectors`` are the text's contextual piece vectors, which the pair scorer reads where present."""

    def make(d: Doc, start: int, end: int, kind: coref.MentionKind) -> Mention:
        return make_mention(state, d[start:end], kind, "PERSON")

    heads = dict(model.nominal_types)
    heads.update({w: "ORG" for w in coref_words.ORG_HEAD_WORDS if w not in heads})
    for index, words in coref_merge.descriptors(doc, state).items():  # "the utility" of "the water utility X"
        etype = state.resolver.clusters[index].etype  # a cluster's index is its place in the list
        if etype in ("ORG", "GPE"):
            heads.update({w: etype for w in words if w not in heads})
    for org in state.resolver.clusters:  # "the institute" for the Northfield Institute of Applied Biology
        if org.etype == "ORG":
            heads.update({w.lower(): "ORG" for w in org.name.split()[1:] if w.istitle() and w.isalpha()})
    anaphors = coref_mentions.detect(doc, state.token_mentions, heads, make)
    scorer = coref_pairs.load_scorer()
    pairs = coref_pairs.DocPairs(scorer, vectors) if scorer is not None and vectors is not None else None
    placed, instances = coref_rank.link(state.resolver, anaphors, model, oracle, pairs)
    for m in anaphors:
        cluster = placed.get(m.start)
        if cluster is not None:
            state.anaphor_entities[m.token] = cluster
    _link_predicates(doc, state, heads)
    coref_merge.merge_copular_names(doc, state)
    coref_merge.merge_called(doc, state)
    coref_merge.merge_described(doc, state)
    coref_merge.merge_by_rules(state)
    coref_merge.merge_same_head(state)
    coref_merge.merge_author_and_addressee(state)
    coref_merge.give_the_floor(doc, state)
    _link_person_descriptions(doc, state)
    _link_relatives(doc, state)
    return instances


def _link_person_descriptions(doc: Doc, state: EntityState) -> None:
    """"The host", "the swimmer": a definite singular description headed by a one-person noun
    (``coref_person_nouns.txt``) that neither GUM train nor the role nouns made a mention is one where the rules'
    resolver gives it a named person it fits (``Resolver.resolve_nominal``: gender, no other role, mentioned in
    the last two sentences) and that person is the one the article has named most often so far, alone. Where
    not, no mention is made: an unnamed entity for each such noun measured lower on GUM dev and on ECB+'s
    cross-document entities, and the recent person it fits was too often a second one ("the comedian" for
    DeGeneres's wife)."""
    clusters = state.resolver.clusters
    for token in doc:
        if token.pos_ != "NOUN" or token.tag_ != "NN" or token.dep_ == "compound" or token.i in state.token_mentions \
                or token.i in state.anaphor_entities or token.lower_ not in coref_words.PERSON_NOUNS:
            continue
        start, end = coref_mentions.nominal_extent(doc, token)
        if doc[start].lower_ != "the" or end != token.i + 1:  # "the host", not "the host of the show"
            continue
        m = make_mention(state, doc[start:end], "nominal", "PERSON")
        m.form, m.lemma, m.token, m.plural = "nom_def", token.lemma_.lower(), token.i, False
        m.modifiers = tuple(t.text for t in doc[start + 1 : token.i] if not t.is_punct)
        target = state.resolver.resolve_nominal(m, person_nouns=True)
        if target is None or not target.named or target.etype != "PERSON":
            continue
        rival = max((_mentions_before(c, m.start) for c in clusters
                     if c.named and c.etype == "PERSON" and c is not target), default=-1)
        if rival >= _mentions_before(target, m.start):
            continue  # not the person named most often so far
        target.mentions.append(m)
        state.anaphor_entities[token.i] = target


def _mentions_before(cluster: Cluster, offset: int) -> int:
    return sum(1 for x in cluster.mentions if x.end <= offset)


COPULAS = frozenset({"be", "become", "remain"})


def _link_predicates(doc: Doc, state: EntityState, heads: dict[str, str]) -> None:
    """"Rezwan, a blogger, ...", "the board's general manager, Yusuf Adeyemi," and "she is a psychiatrist": a noun
    phrase in apposition to a mention of an entity (a person's role, when it had none), a noun with the name
    it is given ("a man named Omar Haddad"), a place noun with the place's name ("the city of Lakemont"), the
    noun after "as" whose verb's object is one ("named Hugh Jackman as the host", "DeGeneres was chosen as
    host": ECB+ dev nominal 0.280 -> 0.303) or, with no object, its subject ("As a former prosecutor, Ruiz
    said"), the noun after "as" whose noun's owner or "of" object is one ("her performance as the host", "the
    choice of Eddie Murphy as host": 0.303 -> 0.313, GUM dev nominal 0.255 -> 0.264), or the complement of
    "be" whose subject is one (not negated: "he is not a doctor"), is another mention of that entity, whatever
    the ranker chose for it. Appositives go to the noun ``_apposition_anchor`` says."""
    anchors = {t.i: _apposition_anchor(t, state, heads) for t in doc if t.dep_ == "appos"}
    named_appositives: dict[int, Token] = {}  # noun -> the first name in apposition to it
    for a, noun in anchors.items():
        if a in state.token_mentions:
            named_appositives.setdefault(noun.i, doc[a])
    for token in doc:
        if token.pos_ != "NOUN" or token.i in state.token_mentions:
            continue
        anchor = None
        named = named_appositives.get(token.i)
        after = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if named is None and after is not None and after.dep_ == token.dep_ and after.i in state.token_mentions \
                and state.token_mentions[after.i].etype != "PERSON" and any(c.dep_ == "det" for c in token.children):
            named = after  # "The water utility AquaNorte" parsed as two subjects
        if named is None:
            named = _named_by(token, state)  # "a man named Omar Haddad"
        place = _place_named(token, state) if token.lemma_.lower() in coref_merge.PLACE_NOUNS else None
        if named is not None:  # "The board's general manager, Yusuf Adeyemi, said"
            anchor = named
            _role_from_description(doc, token, state.token_mentions[named.i])
        elif place is not None:  # "the city of Lakemont"
            anchor = place
        elif token.i in anchors:
            anchor = anchors[token.i]
        elif token.dep_ == "pobj" and token.head.lower_ == "as" and token.head.dep_ == "prep":
            anchor = _described_as(token.head.head)
        elif token.dep_ == "attr" and token.head.lemma_ in COPULAS \
                and not any(c.dep_ == "neg" for c in token.head.children):
            anchor = next((c for c in token.head.children if c.dep_ == "nsubj"), None)
        if anchor is None:
            continue
        target = state.token_mentions.get(anchor.i) or state.anaphor_entities.get(anchor.i)
        current = state.anaphor_entities.get(token.i)
        if target is None or target is current or target.etype == "NORP":
            continue
        start, end = coref_mentions.nominal_extent(doc, token)
        if current is not None:
            current.mentions[:] = [m for m in current.mentions if m.token != token.i]
        m = make_mention(state, doc[start:end], "nominal", target.etype)
        m.form, m.lemma, m.token = coref_mentions.nominal_form(doc, token, start), token.lemma_.lower(), token.i
        m.plural = token.tag_ in ("NNS", "NNPS")
        target.mentions.append(m)
        state.anaphor_entities[token.i] = target


def _described_as(head: Token) -> Token | None:
    """Whom the noun after "as" describes, from the word "as" hangs on: a verb's object where it has one
    ("named Hugh Jackman as the host"), else its subject ("As a former prosecutor, Ruiz said"); a noun's
    owner or "of" object ("her performance as the host", "the choice of Eddie Murphy as host")."""
    if head.pos_ in ("VERB", "AUX"):
        args = {c.dep_: c for c in reversed(list(head.children))}  # the first child of each relation
        return args.get("dobj") or args.get("nsubjpass") or args.get("nsubj")
    if head.pos_ == "NOUN":
        owner = next((c for c in head.children if c.dep_ == "poss"), None)
        of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        return owner or (next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None)
    return None


PREPOSITIONS_OF_ROLE = frozenset({"for", "of", "at", "with", "from", "to"})


def _apposition_anchor(appos: Token, state: EntityState, heads: dict[str, str]) -> Token:
    """The noun an appositive stands beside. The parse puts it on the nearest noun, and after "N for/of X,"
    that is often the wrong one: in "A spokeswoman for the premier, Ivana Yelich," the name is the
    spokeswoman's (a person's name beside a person noun whose object is a description of a person,
    organisation or place, not a name: not "the star of her talk show, Ellen"); in "A
    spokesman for Metrolinx, the provincial transit agency," the agency is Metrolinx (an appositive whose kind,
    person or not, is not its head's, but is that of the object of the head's preposition just before it)."""
    head = appos.head
    kind = _kind(appos, state, heads)
    prep = head.head
    if kind == "PERSON" and appos.i in state.token_mentions and head.dep_ == "pobj" and prep.dep_ == "prep" \
            and prep.lower_ in PREPOSITIONS_OF_ROLE and head.i not in state.token_mentions \
            and _kind(head, state, heads) is not None and prep.head.pos_ == "NOUN" \
            and prep.head.i not in state.token_mentions and _kind(prep.head, state, heads) == "PERSON":
        return prep.head
    if kind is not None and _kind(head, state, heads) not in (kind, None):
        for child in head.rights:
            obj = next((c for c in child.children if c.dep_ == "pobj"), None) if child.dep_ == "prep" \
                and child.lower_ in PREPOSITIONS_OF_ROLE else None
            if obj is not None and obj.right_edge.i < appos.left_edge.i and _kind(obj, state, heads) == kind:
                return obj
    return head


def _kind(token: Token, state: EntityState, heads: dict[str, str]) -> str | None:
    """"PERSON", "OTHER" (an organisation, place or group of them) or None (not known) for a name or noun."""
    cluster = state.token_mentions.get(token.i)
    etype = cluster.etype if cluster is not None else heads.get(token.lemma_.lower()) if token.pos_ == "NOUN" \
        else None
    if etype is None and token.pos_ == "NOUN" and token.lower_ in coref_words.ROLE_NOUNS:
        etype = "PERSON"
    if etype is None or etype == "OTHER":
        return None
    return "PERSON" if etype == "PERSON" else "OTHER"


def _named_by(token: Token, state: EntityState) -> Token | None:
    """The name in "a man named Omar Haddad" / "a group called Open Streets" (the name's head token)."""
    for verb in token.children:
        if verb.dep_ == "acl" and verb.lemma_ in coref_words.NAMING_VERBS and verb.tag_ == "VBN":
            for c in verb.children:
                if c.dep_ in ("oprd", "dobj", "attr", "npadvmod") and c.i in state.token_mentions:
                    return c
    return None


def _place_named(token: Token, state: EntityState) -> Token | None:
    """The place name in "the city of Lakemont" (the name's head token), if it is one."""
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is not None and obj.i in state.token_mentions \
                    and state.token_mentions[obj.i].etype in ("GPE", "LOC", "ORG"):
                return obj
    return None


def _role_from_description(doc: Doc, head: Token, cluster: Cluster) -> None:
    """A person's role from the description a name stands in apposition to: "transport director" of "the
    city's transport director, Lena Marsh"; a description without a role noun ("a friend") gives none."""
    if cluster.role or cluster.etype != "PERSON" or head.lower_ not in coref_words.ROLE_NOUNS:
        return
    words = [t for t in head.lefts if t.dep_ in ("compound", "amod", "nmod") and not t.ent_type_ and t.is_alpha]
    first = min((t.i for t in words), default=head.i)
    if all(t.dep_ in ("compound", "amod", "nmod") for t in doc[first : head.i]):
        cluster.role = doc[first : head.i + 1].text


def _link_relatives(doc: Doc, state: EntityState) -> None:
    """"Nebenzia, who ...": a relative pronoun joins the person it follows."""
    for token in doc:
        if token.lower_ in coref_words.RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
            cluster = state.token_mentions.get(token.head.head.i)
            if cluster is not None and cluster.etype == "PERSON":
                cluster.mentions.append(make_mention(state, doc[token.i : token.i + 1], "pronoun", "PERSON"))


# Verbs whose subject is a city as a place, not its government ("Kyiv lies on the Dnieper").
PLACE_VERBS = coref_words.words("""
be lie sit host see experience suffer wake border get look stand shake burn rank boast swelter freeze sleep
fall remain become have lose celebrate mourn
""")


def _government_of(span: SpacySpan) -> str | None:
    """The country key of a capital that stands for its government: the subject of an agent's verb
    ("Moscow plans to ...", "Kyiv is prepared to ...") or the source of "according to Moscow"."""
    country_key = coref_words.CAPITAL_COUNTRY.get(span.text.lower())
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
    clusters = sorted((c for c in state.resolver.clusters if c.mentions
                       and (c.named or (c.etype in UNNAMED_TYPES and len(c.mentions) > 1))), key=lambda c: c.first)
    for n, cluster in enumerate(clusters, 1):
        entity_id = f"E{n}"
        if not cluster.named:
            cluster.name = description(cluster)
        elif cluster.etype == "PERSON":
            cluster.name = canonical_person_name(cluster)
        cluster.name = _one_line(cluster.name)  # "David\nWyss" of text wrapped into lines
        cluster.role = _one_line(cluster.role) if cluster.role else cluster.role
        cluster.affiliation = _one_line(cluster.affiliation) if cluster.affiliation else cluster.affiliation
        state.ids[cluster.index] = entity_id
        mentions = sorted({Span(m.start, m.end) for m in cluster.mentions})
        affiliation = cluster.affiliation
        if cluster.etype == "NORP" and affiliation is None:
            # a nationality belongs to its country when the article names it ("Russian" -> Russia)
            country = state.resolver.country(coref_words.place_key(cluster.name))
            affiliation = country.name if country is not None else None
        state.entities[entity_id] = Entity(entity_id, cluster.name, cluster.etype, mentions,
                                           cluster.role, affiliation, named=cluster.named)


UNNAMED_TYPES = frozenset({"PERSON", "ORG", "GPE"})


def _one_line(text: str) -> str:
    """``text`` with each run of whitespace (a line break of wrapped text) made one space."""
    return " ".join(text.split())


def description(cluster: Cluster) -> str:
    """An unnamed entity's name: the longest description with the head noun it is described by most often
    ("my father", not a one-off "the color of the night-monkey's pelt"), else its first mention ("they"),
    without a possessive ending ("The city's" -> "The city")."""
    nominals = [m for m in cluster.mentions if m.kind == "nominal"]
    if nominals:
        def head(m: Mention) -> str:
            return m.lemma or m.head.lower() or m.text.split()[-1].lower()

        heads = Counter(head(m) for m in nominals)
        top = max(heads.values())
        nominals = [m for m in nominals if heads[head(m)] == top]
        text = max(nominals, key=lambda m: (len(m.text) <= 60, m.form == "nom_def", len(m.text))).text
    else:
        text = min(cluster.mentions, key=lambda m: m.start).text
    cleaned = _clean_text(text)
    return _POSSESSIVE_RE.sub("", cleaned) or cleaned


def canonical_person_name(cluster: Cluster) -> str:
    """The full name the article uses more than once (then the fullest): "Hillary Clinton" over a
    one-off "Crooked Hillary Clinton" that spaCy read off a nickname or headline."""
    counts: dict[str, int] = {}
    for m in cluster.mentions:
        if m.kind == "name" and len(coref_words.name_words(m.text)) > 1:
            counts[m.text] = counts.get(m.text, 0) + 1
    if len(counts) < 2:
        return cluster.name
    best = max(counts.items(), key=lambda kv: (kv[1], len(coref_words.name_words(kv[0])), len(kv[0])))
    # only for a candidate that starts with a first name: "Guajardo Villarreal" is a two-word surname
    starts_with_first_name = coref_words.name_words(best[0])[0] in coref_words.FIRST_NAME_GENDER
    return best[0] if best[1] > 1 and starts_with_first_name else cluster.name


def make_mention(state: EntityState, span: SpacySpan, kind: coref.MentionKind, etype: str) -> Mention:
    root = span.root
    return Mention(
        start=span.start_char, end=span.end_char, text=span.text, sent=state.sent_of(span.start_char),
        kind=kind, etype=etype, subject=root.dep_ in SUBJECT_DEPS or _subject_by_apposition(root),
        head=root.text, clause=root.head.i, in_quote=bool(state.quote_mask[span.start_char]),
        parent_clause=_reporting_verb(root), modifier=root.dep_ in ("amod", "compound"),
    )


def _reporting_verb(token: Token) -> int:
    """For the subject of a clause embedded under a verb ("said he ..."), that verb's index, else -1."""
    if token.dep_ in SUBJECT_DEPS and token.head.dep_ == "ccomp":
        return token.head.head.i
    return -1


def _subject_by_apposition(token: Token) -> bool:
    return token.dep_ == "appos" and token.head.dep_ in SUBJECT_DEPS


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
    gendered = low in coref_words.MALE_NOUNS or low in coref_words.FEMALE_NOUNS
    if not (names.is_title_token(token) or gendered or low in org_heads):
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


_POSSESSIVE_RE = re.compile(r"(?<=\w)(?:['’]s|['’])$")


def _clean_text(text: str) -> str:
    return _SPACE_RE.sub(" ", text).strip()
