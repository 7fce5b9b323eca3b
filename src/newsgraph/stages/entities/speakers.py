"""Stage ``newsgraph_speakers_v1``: resolve each quote's source mention to whom it means.

A name resolves to its entity (a surname to the full name given earlier); a pronoun to the
earlier person it agrees with, favouring the previous quote's speaker, subjects and recent
mentions; a role noun ("the envoy", "the U.S. ambassador") to the person introduced with that
title; a country or organisation to its entity; a generic source ("officials") to a speaker with
no entity. A quote with no source that directly follows another inherits that quote's speaker.
The entities stage's resolver does the work (see ``coref`` and ``entities``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from newsgraph.records import Quote, Span, Speaker
from newsgraph.stages.entities import coref, coref_words
from newsgraph.stages.entities.coref import Cluster, Mention
from newsgraph.stages.entities.coref_mentions import nominal_extent
from newsgraph.stages.entities.entities import EntityState, entity_state, make_mention
from newsgraph.stages.lines import breaks_paragraph
from newsgraph.stages.parse import head_chain

RELATIVE_SOURCE_WORDS = coref_words.RELATIVE_PRONOUNS | {"which", "that"}
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
NAME_MODIFIER_DEPS = frozenset({"compound", "poss", "nmod", "amod"})
MAX_INHERIT_GAP = 3  # letters allowed between a sourceless quote and the quote it continues
MAX_CONTINUATION_GAP = 120  # characters of attribution ("he said, smiling.") it may follow in a paragraph


@Language.component("newsgraph_speakers_v1")
def speakers_component(doc: Doc) -> Doc:
    quotes: list[Quote] = doc._.ng_quotes or []
    if quotes:
        resolve_speakers(doc, quotes)
    return doc


def resolve_speakers(doc: Doc, quotes: list[Quote]) -> None:
    """Set ``quote.speaker`` for every quote, in text order."""
    state = entity_state(doc)
    previous: tuple[Quote, Cluster | None] | None = None
    sourced: Quote | None = None  # the quote the previous one's speaker was found for (it may have inherited it)
    resolved: list[tuple[Quote, Cluster | None]] = []
    for quote in sorted(quotes, key=lambda q: q.start):
        cluster: Cluster | None = None
        enclosing = _enclosing_speaker(state.text, quote, resolved)
        if enclosing is not None:
            quote.speaker, cluster = enclosing
        elif quote.source is not None:
            prefer = previous[1] if previous else None
            quote.speaker, cluster = resolve_source(doc, state, quote.source, prefer)
            if not quote.speaker.named and sourced is not None and previous is not None \
                    and previous[0].speaker is sourced.speaker and _same_group(doc, state, sourced, quote):
                # "..., bankers said. They declined to ...": the group, not another plural the ranker chose
                # ("The bureau channels funds to government financial institutions ..., they said")
                quote.speaker, cluster = sourced.speaker, None
        elif previous is not None and previous[0].speaker is not None \
                and _continues(state.text, state, previous[0], previous[1], quote):
            quote.speaker, cluster = previous[0].speaker, previous[1]
        if quote.speaker is not None:
            previous = (quote, cluster)
            resolved.append(previous)
            if quote.source is not None:
                sourced = quote
    _first_person_in_quotes(doc, state, resolved)


GROUP_WINDOW = 3  # sentences from a group's quote to a "they" quote that continues it


def _same_group(doc: Doc, state: EntityState, before: Quote, quote: Quote) -> bool:
    """Whether the source of ``quote`` is "they" continuing the quote before it, whose speaker is a group
    named only by a plural description ("analysts", "underwriting sources")."""
    speaker, src, prev = before.speaker, quote.source, before.source
    if speaker is None or speaker.named or not speaker.name or src is None or prev is None:
        return False
    if state.text[src.start:src.end].lower() not in coref_words.PLURAL_PRONOUNS:
        return False
    span = doc.char_span(prev.start, prev.end, alignment_mode="expand")
    if span is None or span.root.tag_ not in ("NNS", "NNPS"):
        return False
    return state.sent_of(src.start) - state.sent_of(prev.start) <= GROUP_WINDOW


FIRST_PERSON_SINGULAR = frozenset({"i", "me", "my", "myself", "mine"})


def _first_person_in_quotes(doc: Doc, state: EntityState, resolved: list[tuple[Quote, Cluster | None]]) -> None:
    """"I", "me", "my" in a quote's words are its speaker: those mentions move to the speaker's entity."""
    for quote, cluster in resolved:
        if cluster is None or not cluster.named or cluster.etype != "PERSON":
            continue
        for part in quote.content:
            span = doc.char_span(part.start, part.end, alignment_mode="expand")
            for token in span if span is not None else ():
                if token.lower_ not in FIRST_PERSON_SINGULAR or state.anaphor_entities.get(token.i) is cluster:
                    continue
                mention = make_mention(state, doc[token.i : token.i + 1], "pronoun", "PERSON")
                mention.form, mention.lemma, mention.token, mention.head = "i", token.lower_, token.i, token.text
                _move_mention(state, mention, cluster)
                state.anaphor_entities[token.i] = cluster


def _enclosing_speaker(text: str, quote: Quote,
                       resolved: list[tuple[Quote, Cluster | None]]) -> tuple[Speaker, Cluster | None] | None:
    """For "I" as a source inside another quote's words ("“I think ...,” he said"), that quote's speaker."""
    source = quote.source
    if source is None or text[source.start : source.end].lower() not in FIRST_PERSON_SINGULAR:
        return None
    for outer, cluster in reversed(resolved):
        if outer.speaker is not None and any(s.start <= source.start and source.end <= s.end for s in outer.content):
            return outer.speaker, cluster
    return None


def _continues(text: str, state: EntityState, before: Quote, speaker: Cluster | None, quote: Quote) -> bool:
    """Whether ``quote`` directly follows ``before``: close, in the same paragraph (or with nothing
    between them), with no other person named in between."""
    end = max(s.end for s in [*before.content, *(x for x in (before.cue, before.source) if x)])
    if end > quote.start:
        return False
    gap = text[end : quote.start]
    if sum(ch.isalpha() for ch in gap) <= MAX_INHERIT_GAP:
        return True
    if breaks_paragraph(text, end, quote.start) or len(gap) > MAX_CONTINUATION_GAP or any(q in gap for q in "“”\""):
        return False
    for cluster in state.resolver.clusters:
        if cluster is not speaker and cluster.etype == "PERSON" and cluster.named \
                and any(end <= m.start < quote.start for m in cluster.mentions):
            return False
    return True


def resolve_source(doc: Doc, state: EntityState, source: Span,
                   prefer: Cluster | None = None) -> tuple[Speaker, Cluster | None]:
    """Whom the source mention at ``source`` means, and that entity's cluster (None if generic)."""
    text = state.text[source.start : source.end]  # Doc.text rebuilds the string on every call
    span = doc.char_span(source.start, source.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return Speaker(name=None, named=False), None
    root = span.root
    antecedent = _relative_antecedent(root)
    if antecedent is not None:
        # "Nebenzia, who said ...": whom the relative pronoun stands for; "X and Y, who ...": both
        first = antecedent.left_edge.i
        conjuncts = [c for c in antecedent.children if c.dep_ == "conj" and c.i < root.i]
        last = max(conjuncts, key=lambda c: c.i) if conjuncts else antecedent
        return resolve_source(doc, state, Span(doc[first].idx, last.idx + len(last)), prefer)
    described = _described_name(root, state)
    if described is not None:  # "John Tower, a longtime Reagan supporter and former Republican senator, told"
        return resolve_source(doc, state, Span(described.idx, described.idx + len(described)), prefer)
    if _coordinated(span):
        # "The United States, NATO and Ukraine": several speakers, none of them alone
        return Speaker(name=_clean_text(text), named=False), None
    cluster = _named_in(span, state)
    if cluster is None and root.lemma_.lower() in STATEMENT_NOUNS:
        cluster = _author_of(doc, state, root, prefer)
        body = _unnamed_author(state, root) if cluster is None else None
        if body is not None:  # "according to the board's resolution": the board, named by its description
            return Speaker(name=body.name, affiliation=body.affiliation, named=False), None
    if cluster is None:
        cluster = _resolve_anaphor(doc, state, span, prefer)
    if cluster is None or not cluster.named:
        cluster = _home_country(state, root) or _described_org(state, root, prefer) or cluster
    if cluster is None or not cluster.named:
        group = _described_group(state, root)
        if group is not None:  # "ICO delegates said ... they said": the group, by its description
            return Speaker(name=group.name, affiliation=group.affiliation, named=False), None
        return _unresolved(span, text, state), None
    entity_id = state.ids.get(cluster.index)
    speaker = Speaker(name=cluster.name, entity=entity_id, role=cluster.role, affiliation=cluster.affiliation)
    return speaker, cluster


def _described_name(root: Token, state: EntityState) -> Token | None:
    """The name a source describes in apposition, perhaps as a later conjunct of the appositive: the tagger can
    take "former Republican senator from Texas" of "John Tower, a longtime Reagan supporter and former Republican
    senator from Texas, told" as the source; the parse hangs it from "supporter", in apposition to "Tower"."""
    if root.dep_ == "cc":  # the span's root is the "and" of "and former Republican senator"
        root = next((t for t in root.doc[root.i + 1 : root.i + 8] if t.dep_ == "conj" and t.head == root.head), root)
    if root.dep_ != "conj":
        return None
    token, through_apposition = root, False
    while token.dep_ in ("conj", "appos") and token.head.i != token.i:
        through_apposition = through_apposition or token.dep_ == "appos"
        token = token.head
        cluster = state.token_mentions.get(token.i)
        if through_apposition and cluster is not None:
            return token if cluster.etype == "PERSON" else None
    return None


# Nouns for what a body issues: "the board's resolution", "the institute's study" speak for their author.
STATEMENT_NOUNS = coref_words.words("statement resolution report study letter release memo filing survey analysis "
                              "communique declaration ruling decision verdict notice poll figure")


# Verbs whose "by" names a statement's author ("a poll conducted by Newsweek"); "quoted by", "carried by" do not.
AUTHORING_VERBS = coref_words.words("conduct issue release publish prepare write sign compile produce draft")


# Statement nouns for one kind of document: "The study forecast" after "The OECD, in its annual report" is that
# report.
DOCUMENT_NOUNS = coref_words.words("report study survey analysis poll")


def _author_of(doc: Doc, state: EntityState, root: Token, prefer: Cluster | None) -> Cluster | None:
    """The named author of a statement noun: its possessor, the noun modifying it ("a council statement")
    or the object of its "by" ("a study by the Westbrook Institute"); for "the study" with none of these,
    the author of the last statement noun before it with that lemma (or, for a report, study, survey or
    analysis, any of the four) that has one, however far back ("the U.S. Embassy said in a report" ...
    "the report says" ten paragraphs on)."""
    cluster = _own_author(doc, state, root, prefer)
    if cluster is None and root.tag_ not in ("NNS", "NNPS") and any(c.lower_ == "the" for c in root.lefts):
        lemma = root.lemma_.lower()
        same = DOCUMENT_NOUNS if lemma in DOCUMENT_NOUNS else {lemma}
        for token in reversed(doc[: root.i]):
            if token.lemma_.lower() in same and token.dep_ != "compound":  # not the "study" of "study group"
                cluster = _own_author(doc, state, token, prefer)
                if cluster is not None:
                    break
    return cluster


def _own_author(doc: Doc, state: EntityState, root: Token, prefer: Cluster | None) -> Cluster | None:
    """The named entity a statement noun's possessor, modifier, "by" or "from" object ("a statement from", "a poll
    conducted by") resolves to, or the subject of the verb it is the "in" of ("the U.S. Embassy said in its annual
    report", "The OECD, in its report, ...")."""
    authors = [c for c in root.lefts if c.dep_ in ("poss", "compound", "nmod") and c.pos_ in ("PROPN", "NOUN")]
    preps = [p for p in root.rights if p.dep_ == "prep" and p.lower_ in ("by", "from")]  # "a statement from"
    preps += [a for c in root.rights if c.dep_ == "acl" and c.lemma_.lower() in AUTHORING_VERBS
              for a in c.children if a.dep_ == "agent"]  # "a poll conducted by", not "a statement quoted by"
    for prep in preps:
        authors += [c for c in prep.children if c.dep_ == "pobj" and c.pos_ in ("PROPN", "NOUN")]
    verb = root.head.head
    if root.dep_ == "pobj" and root.head.lower_ == "in" and verb.pos_ in ("VERB", "AUX"):
        authors += [c for c in verb.children if c.dep_ == "nsubj" and c.pos_ in ("PROPN", "NOUN")]
    for child in authors:
        last = child.right_edge if child.dep_ == "pobj" or (child.dep_ != "poss" and child.right_edge.i < root.i) \
            else child  # "the board" of "the board's"; "Bank of Korea" of "Bank of Korea figures"
        _, cluster = resolve_source(doc, state, Span(child.left_edge.idx, last.idx + len(last)), prefer)
        if cluster is not None and cluster.named:
            return cluster
    return None


def _unnamed_author(state: EntityState, root: Token) -> Cluster | None:
    """The unnamed organisation (one the article describes twice or more: "The Harlow Valley water board
    ... the board's") whose mention is the possessor or modifier of a statement noun."""
    for child in root.lefts:
        if child.dep_ not in ("poss", "compound"):
            continue
        cluster = state.anaphor_entities.get(child.i)
        if cluster is None and child.dep_ == "compound":  # "a council statement": the council described before
            lemma = child.lemma_.lower()
            cluster = next((c for c in state.resolver.clusters if not c.named and c.index in state.ids and any(
                m.kind == "nominal" and m.lemma == lemma and m.end <= child.idx for m in c.mentions)), None)
        if cluster is not None and not cluster.named and cluster.etype == "ORG" and cluster.index in state.ids:
            return cluster
    return None


def _home_country(state: EntityState, root: Token) -> Cluster | None:
    """The country whose government a bare "the government" is: the one the article has named most before it
    (twice at least, more often than any other country), as "Jakarta said" stands for Indonesia's."""
    if root.lower_ != "government" or not _bare_definite(root, ("prep",)):
        return None
    return _named_most(state, root.idx, 2, lambda c: c.etype == "GPE" and coref_words.is_country(c.name))


def _bare_definite(root: Token, no_right: tuple[str, ...]) -> bool:
    """"the" and the noun alone: no other word before it, none of ``no_right`` after ("the bank of X")."""
    return [c.lower_ for c in root.lefts] == ["the"] and not any(c.dep_ in no_right for c in root.rights)


def _named_most(state: EntityState, before: int, at_least: int, fits: Callable[[Cluster], bool]) -> Cluster | None:
    """The named entity that ``fits`` with the most mentions before ``before`` (``at_least`` of them), if no
    other has as many."""
    counts = sorted(((sum(1 for m in c.mentions if m.end <= before), c) for c in state.resolver.clusters
                     if c.named and c.index in state.ids and fits(c)), key=lambda x: -x[0])
    if not counts or counts[0][0] < at_least or (len(counts) > 1 and counts[1][0] == counts[0][0]):
        return None
    return counts[0][1]


# Nouns a business story uses for the company it is about ("Braniff said ... The airline said").
BUSINESS_NOUNS = coref_words.COMPANY_NOUNS | coref_words.words(
    "airline carrier utility insurer lender bank maker automaker producer retailer concern exchange newspaper paper "
    "daily broadcaster network")
# Nouns an organisation's name modifies to name it again ("Newsweek magazine", "the Xinhua news agency").
ORG_KIND_NOUNS = coref_words.ORG_HEAD_WORDS | BUSINESS_NOUNS | coref_words.words("magazine agency")
# Head nouns of public bodies: "the department" is the Labor Department, never the company quoted before.
PUBLIC_NOUNS = (coref_words.ORG_HEAD_WORDS - BUSINESS_NOUNS - {"corporation", "group"}) | {"embassy"}


def _described_org(state: EntityState, root: Token, prefer: Cluster | None) -> Cluster | None:
    """The named organisation a bare "the company", "the airline" or "the department" as a source is: the
    previous quote's speaker where that is an organisation named lately that the noun fits ("Braniff said ...
    The airline said": a business noun fits any organisation but a public body, a public body's noun only one
    whose name ends in it or has it before "of"), else the organisation the article has named most before it
    whose name's head nouns hold the noun (a company suffix gives "company" and "firm"; "the group" fits any),
    if one is named more often than the others. "The government" is ``_home_country``'s."""
    head = root.lemma_.lower()
    if root.tag_ != "NN" or head == "government" or not _bare_definite(root, ("prep", "appos")):
        return None
    generic = head in coref_words.GENERIC_ORG_NOUNS
    if not (generic or head in BUSINESS_NOUNS or head in PUBLIC_NOUNS):
        return None

    def fits(org: Cluster, loose: bool) -> bool:
        heads = coref_words.org_heads(org.name)
        if generic or head in heads:
            return True
        return loose and head in BUSINESS_NOUNS and not heads & PUBLIC_NOUNS

    if prefer is not None and prefer.named and prefer.etype == "ORG" and prefer.index in state.ids \
            and fits(prefer, loose=True):
        last = prefer.last_before(root.idx)
        if last is not None and state.sent_of(root.idx) - last.sent <= coref.PRONOUN_WINDOW:
            return prefer
    return _named_most(state, root.idx, 1, lambda c: c.etype == "ORG" and fits(c, loose=False))


def _described_group(state: EntityState, root: Token) -> Cluster | None:
    """The unnamed entity a plural pronoun source was put in, when a description of a group names it."""
    if root.lower_ not in coref_words.PLURAL_PRONOUNS:
        return None
    cluster = state.anaphor_entities.get(root.i)
    if cluster is None or cluster.named or cluster.index not in state.ids:
        return None
    return cluster if any(m.kind == "nominal" and m.plural for m in cluster.mentions) else None


def _unresolved(span: SpacySpan, text: str, state: EntityState) -> Speaker:
    """A source resolved to no named entity: a pronoun, a description of one person ("he", "the
    mayor") or a document whose author is not found ("a joint statement") gets no name, but the entity of an
    unnamed person the entities stage put a one-person source in; a group or body named by a description keeps
    its words as the name ("State Department officials", "the Trump campaign"), ``named`` False."""
    root = span.root
    low = root.lower_
    one_person = root.pos_ == "PRON" or low in coref_words.THIRD_PERSON_PRONOUNS or (
        root.tag_ not in ("NNS", "NNPS") and low not in coref_words.GENERIC_SOURCE_NOUNS
        and coref_words.one_person_noun(low))
    document = root.lemma_.lower() in STATEMENT_NOUNS  # "according to a joint statement": no one named
    name = None if one_person or document else _clean_text(_group_words(span, text))
    if name is not None and " " not in name and not name.isupper() and span.doc.vocab[name.lower()].is_stop:
        name = None  # "said one", "most acknowledged", "the" of a cut description: no group's name
    speaker = Speaker(name=name, affiliation=_affiliation_in(span, state), named=False)
    cluster = state.anaphor_entities.get(root.i) if one_person and low not in coref_words.PLURAL_PRONOUNS else None
    if cluster is not None and not cluster.named and cluster.etype == "PERSON" and cluster.index in state.ids:
        # "A Federal Reserve spokesman told ... He said ... The spokesman said": one unnamed person, one entity
        speaker.entity = state.ids[cluster.index]
        speaker.affiliation = speaker.affiliation or _entity_affiliation(span.doc, cluster, state)
    return speaker


def _entity_affiliation(doc: Doc, cluster: Cluster, state: EntityState) -> str | None:
    """The organisation, place or person the first description of an unnamed entity names ("A Federal Reserve
    spokesman")."""
    for m in cluster.mentions:
        if m.kind == "nominal":
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            affiliation = _affiliation_in(span, state) if span is not None else None
            if affiliation is not None:
                return affiliation
    return None


def _group_words(span: SpacySpan, text: str) -> str:
    """A group's description without the clause or apposition after it ("The union[, which represents
    4,000 nurses]"), when the parse shows one; else the words as they are."""
    start, end = nominal_extent(span.doc, span.root)
    if not (span.start <= start < end <= span.end) or end == span.end:
        return text
    first, last = span.doc[max(start, span.start)], span.doc[end - 1]
    offset = span.start_char
    return text[first.idx - offset: last.idx + len(last.text) - offset]


def _resolve_anaphor(doc: Doc, state: EntityState, span: SpacySpan, prefer: Cluster | None) -> Cluster | None:
    """The entity a pronoun or description source means: the rules' choice, which knows the previous
    quote's speaker (tuned on news quotes), else the learned ranker's named entity (``coref_rank``)."""
    root = span.root
    low = root.lower_
    learned = state.anaphor_entities.get(root.i)
    if learned is not None and not learned.named:
        learned = None
    mention: Mention | None = None
    rules: Cluster | None = None
    if low in coref_words.THIRD_PERSON_PRONOUNS and low not in coref_words.PLURAL_PRONOUNS:
        mention, rules = _rule_choice(doc, state, doc[root.i : root.i + 1], "pronoun", prefer)
    elif root.pos_ in ("NOUN", "PROPN") and low not in coref_words.GENERIC_SOURCE_NOUNS and root.tag_ != "NNS":
        nominal = _nominal_span(doc, span)
        if nominal is not None:
            mention, rules = _rule_choice(doc, state, nominal, "nominal", prefer)
    chosen = rules if rules is not None else learned
    if mention is not None and chosen is not None:
        _move_mention(state, mention, chosen)
    return chosen


def _relative_antecedent(token: Token) -> Token | None:
    """The noun a relative pronoun ("who", "which") refers to, from the parse."""
    if token.lower_ not in RELATIVE_SOURCE_WORDS or token.head.dep_ != "relcl":
        return None
    antecedent = token.head.head
    if token.lower_ in coref_words.RELATIVE_PRONOUNS and antecedent.ent_type_ in PLACE_LABELS \
            and antecedent.dep_ == "pobj" and antecedent.head.head.pos_ in ("PROPN", "NOUN"):
        antecedent = antecedent.head.head  # "Donna Rawlings, of Ashton, Md., who ...": the person
    return antecedent if antecedent.pos_ in ("PROPN", "NOUN") and antecedent.i < token.i else None


def _coordinated(span: SpacySpan) -> bool:
    """Whether the source is several speakers: its head word coordinated with another ("X and Y", "X, Y
    and Z"), not a coordination inside a modifier ("Lawrence Cohn, analyst with Merrill Lynch, Pierce,
    Fenner and Smith")."""
    root = span.root.i
    for t in span:
        if t.dep_ != "conj" or t.pos_ not in ("PROPN", "NOUN", "PRON") or not span.start <= t.head.i < span.end:
            continue
        if t.tag_ == "NN" and not any(c.dep_ in ("det", "poss") for c in t.children):
            continue  # "the former secretary of state and current nominee": two descriptions of one person
        head = t.head  # up the conjuncts, and a name in apposition ("The United States, NATO and Ukraine")
        while (head.dep_ == "conj" or (head.dep_ == "appos" and head.pos_ == "PROPN")) and head.i != root \
                and span.start <= head.head.i < span.end:
            head = head.head
        if head.i == root:
            return True
    return False


def _named_in(span: SpacySpan, state: EntityState) -> Cluster | None:
    """The entity a source names: its head word's, else a person named in it ("X and his aide")."""
    root = span.root
    if root.i in state.token_mentions:
        return state.token_mentions[root.i]
    if root.lower_ in coref_words.GENERIC_SOURCE_NOUNS or root.tag_ == "NNS":
        return None
    for token in span:
        cluster = state.token_mentions.get(token.i)
        if cluster is not None and cluster.etype == "PERSON" and not _modifies_head(token, root):
            return cluster
    if root.tag_ == "NN" and root.lower_ in ORG_KIND_NOUNS and not any(
            t.i > root.i and t.i in state.token_mentions for t in span):  # "Newsweek magazine"; not "office Eurostat"
        for child in root.lefts:
            cluster = state.token_mentions.get(child.i)
            if child.dep_ in ("compound", "nmod") and cluster is not None and cluster.etype == "ORG":
                return cluster
    if coref_words.one_person_noun(root.lower_):
        # "Ardent's operations chief, Danielle Mbeki": the name in apposition to a role is a person,
        # whatever type the tagger gave it
        for child in root.rights:
            cluster = state.token_mentions.get(child.i)
            if child.dep_ == "appos" and cluster is not None and cluster.etype in ("PERSON", "GPE", "LOC", "ORG"):
                return _as_person(state, cluster)
    return None


def _as_person(state: EntityState, cluster: Cluster) -> Cluster:
    """Retype an entity the tagger took for a place or organisation that the article shows is a person."""
    if cluster.etype != "PERSON":
        cluster.etype = "PERSON"
        entity = state.entities.get(state.ids.get(cluster.index, ""))
        if entity is not None:
            entity.type = "PERSON"
    return cluster


def _modifies_head(token: Token, root: Token) -> bool:
    """"Trump" in "the Trump campaign", "Obama's aides": a name that only qualifies the head noun."""
    for head in head_chain(token):
        if head.i == root.i or token.dep_ not in NAME_MODIFIER_DEPS:
            break
        token = head
    return token.head.i == root.i and token.dep_ in NAME_MODIFIER_DEPS and root.pos_ == "NOUN"


def _affiliation_in(span: SpacySpan, state: EntityState) -> str | None:
    """For a generic source ("State Department officials", "the Trump campaign"), the organisation,
    place or person it names."""
    named = [c for c in (state.token_mentions.get(t.i) for t in span) if c is not None]
    for cluster in named:
        if cluster.etype != "PERSON":
            return cluster.name
    return named[0].name if named else None


def _nominal_span(doc: Doc, span: SpacySpan) -> SpacySpan | None:
    root = span.root
    first = root.left_edge.i
    if first < span.start:
        first = span.start
    if doc[first].lower_ not in ("the", "this", "that"):
        return None
    if any(t.lower_ in ("'s", "’s") for t in doc[first : root.i]):
        return None  # "the candidate's former doctor" is not the candidate
    return doc[first : root.i + 1]


def _rule_choice(doc: Doc, state: EntityState, span: SpacySpan, kind: coref.MentionKind,
                 prefer: Cluster | None) -> tuple[Mention, Cluster | None]:
    """The rules' entity for a pronoun or role noun, knowing the previous speaker."""
    mention = make_mention(state, span, kind, "PERSON")
    if kind == "nominal":
        mention.head = span.root.text
        mention.modifiers = tuple(t.text for t in doc[span.start + 1 : span.root.i])
    resolver = state.resolver
    if kind == "pronoun":
        # the previous speaker only counts while recent
        recent = prefer if prefer is not None and _recently_named(prefer, mention) else None
        return mention, resolver.resolve_pronoun(mention, prefer=recent)
    return mention, resolver.resolve_nominal(mention, prefer=prefer)


def _recently_named(cluster: Cluster, mention: Mention) -> bool:
    last = cluster.last_before(mention.start)
    return last is not None and mention.sent - last.sent <= coref.PRONOUN_WINDOW


def _move_mention(state: EntityState, mention: Mention, cluster: Cluster | None) -> None:
    """Keep the mention in exactly one entity (the resolved one), in the Entity records too."""
    span = Span(mention.start, mention.end)
    for other in state.resolver.clusters:
        if other is cluster:
            continue
        kept = [m for m in other.mentions if not (m.start == mention.start and m.kind != "name")]
        if len(kept) != len(other.mentions):
            other.mentions[:] = kept
            entity = state.entities.get(state.ids.get(other.index, ""))
            if entity is not None:
                entity.mentions = [s for s in entity.mentions if s != span]
    if cluster is None:
        return
    if not any(m.start == mention.start and m.end == mention.end for m in cluster.mentions):
        cluster.mentions.append(mention)
    entity = state.entities.get(state.ids.get(cluster.index, ""))
    if entity is not None and span not in entity.mentions:
        entity.mentions = sorted([*entity.mentions, span])


_SPACE_RE = re.compile(r"\s+")


def _clean_text(text: str) -> str:
    return _SPACE_RE.sub(" ", text).strip()
