"""Merges after the ranker: an unnamed entity that the text says is a named one.

"I'm Mario J. Lucero" and "my name is Katie" (a pronoun subject of "be", or the owner of its subject
"name", with a name as its complement) and "the Secretary" after "Secretary Cardona" (a definite
description that introduced exactly one named entity before it: a person's title, the nouns an
organisation is introduced with, the last word of its name) make the unnamed entity the named one; a
line that only calls a person by title and name ("Miss Rosenthal?") gives that person the first
persons of the lines after it. Called by the entities stage on its state.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from newsgraph.stages.entities import coref_words
from newsgraph.stages.entities.coref import NOMINAL_WINDOW, Cluster, Mention
from newsgraph.stages.entities.coref_words import COMPANY_NOUNS, org_heads

if TYPE_CHECKING:
    from newsgraph.stages.entities.entities import EntityState


BE_FORMS = frozenset({"’m", "’s", "’re"})  # curly-apostrophe forms of "be", which spaCy leaves unlemmatised


def merge_copular_names(doc: Doc, state: EntityState) -> None:
    """"I'm Mario J. Lucero", "I'm your host, Dave", "my name is Katie", "his name is Omar": the unnamed
    entity of a pronoun subject of "be" (or of the pronoun owning a subject "name") whose complement is a
    person's name, has one in apposition or, after "I", is followed by one after a comma in its clause ("I’m your
    host as always, Dave, and ...") is that person; not "I've always been an Andy Bogard" (a name after "a"/"an" is a
    kind, not an identity) nor "I'm not Dave"."""
    for token, cluster in list(state.anaphor_entities.items()):
        subject = doc[token]
        if subject.dep_ == "poss" and subject.head.lemma_.lower() == "name":
            subject = subject.head  # "my name is Katie"
        verb = subject.head
        if cluster.named or subject.dep_ != "nsubj" or not (verb.lemma_ == "be" or verb.lower_ in BE_FORMS):
            continue
        if any(c.dep_ == "neg" for c in verb.children):
            continue
        complement_deps = ("attr", "dobj") if verb.lower_ in BE_FORMS else ("attr",)  # "’m" parsed as a verb
        for attr in (c for c in verb.children if c.dep_ in complement_deps):
            if any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in attr.children):
                continue
            named = state.token_mentions.get(attr.i) or next(
                (state.token_mentions[c.i] for c in attr.children if c.dep_ == "appos" and c.i in state.token_mentions),
                None) or (_name_after_comma(doc, attr, state) if doc[token].lower_ in ("i", "my") else None)
            if named is not None and named.etype == "PERSON" and named is not cluster:
                merge(state, cluster, named)
                break


def _name_after_comma(doc: Doc, attr: Token, state: EntityState) -> Cluster | None:
    """The person named right after a comma that follows a complement, in its clause: "your host as always,
    Dave" (parsed as the object of "as"), up to a conjunction or the sentence's end."""
    for t in doc[attr.i + 1 : attr.sent.end]:
        if t.dep_ == "cc" or t.pos_ == "VERB":
            return None
        if t.i in state.token_mentions and doc[t.i - 1].text == ",":
            return state.token_mentions[t.i]
    return None


def merge_called(doc: Doc, state: EntityState) -> None:
    """"He called me Muscles", "they named him Tomas": the unnamed entity of the object of "call" or
    "name" whose predicate is a person's name is that person."""
    for token, cluster in list(state.anaphor_entities.items()):
        verb = doc[token].head
        if cluster.named or doc[token].dep_ != "dobj" or verb.pos_ != "VERB" \
                or verb.lemma_ not in coref_words.NAMING_VERBS:
            continue
        oprd = next((c for c in verb.children if c.dep_ == "oprd" and c.i in state.token_mentions), None)
        named = state.token_mentions[oprd.i] if oprd is not None else None
        if named is not None and named.etype == "PERSON" and named is not cluster:
            merge(state, cluster, named)


FIRST_PERSON_SINGULAR = frozenset({"i", "me", "my", "mine", "myself"})


def give_the_floor(doc: Doc, state: EntityState) -> None:
    """A line that only calls a person by title and name ("Miss Rosenthal?", "General Prelogar.", "Dr.
    Guruswamy.": a hearing's presiding judge giving the floor, a letter's sender above it) makes the "I", "me" and
    "my" of the lines after it, up to the next such line, that person's, where the ranker left them in an unnamed
    entity and they lie outside quotation marks (a story's narrator and its dialogue are not turns)."""
    floors: list[tuple[int, Cluster]] = []  # (offset where the turn starts, the person given the floor)
    for token_i, cluster in state.token_mentions.items():
        if cluster.etype != "PERSON" or state.token_mentions.get(token_i - 1) is cluster:
            continue  # one look per name: at its first token
        if _calls_by_name(doc, token_i, cluster, state):
            line_end = state.text.find("\n", doc[token_i].idx)
            floors.append((len(state.text) if line_end < 0 else line_end, cluster))
    if not floors:
        return
    floors.sort(key=lambda x: x[0])
    starts = [start for start, _ in floors]
    for token_i, cluster in list(state.anaphor_entities.items()):
        token = doc[token_i]
        if cluster.named or token.lower_ not in FIRST_PERSON_SINGULAR or state.quote_mask[token.idx]:
            continue
        k = bisect_right(starts, token.idx) - 1
        if k < 0:
            continue
        person = floors[k][1]
        moved = [m for m in cluster.mentions if (m.start, m.end) == (token.idx, token.idx + len(token))]
        for m in moved:
            cluster.mentions.remove(m)
            person.mentions.append(m)
        if moved:
            state.anaphor_entities[token_i] = person


def _calls_by_name(doc: Doc, token_i: int, cluster: Cluster, state: EntityState) -> bool:
    """Whether the line of the name starting at ``token_i`` is a title, that name and at most a "?" or ".". Reads
    only the tokens around the name, up to the first that does not fit: most names stand in long lines of prose."""
    idx = doc[token_i].idx
    if state.quote_mask[idx]:
        return False
    line_start = state.text.rfind("\n", 0, idx) + 1
    line_end = state.text.find("\n", idx)
    line_end = len(state.text) if line_end < 0 else line_end
    titles = 0
    i = token_i - 1
    while i >= 0 and doc[i].idx >= line_start:
        t = doc[i]
        if t.lower_ in coref_words.HONORIFICS or t.lower_ in coref_words.ROLE_NOUNS:
            titles += 1
        elif not t.is_space and state.token_mentions.get(t.i) is not cluster:
            return False
        i -= 1
    ended = False  # past the "?" or "." that closes the line
    for t in doc[token_i:]:
        if t.idx >= line_end:
            break
        if t.is_space or (not ended and state.token_mentions.get(t.i) is cluster):
            continue
        if t.text not in ("?", "."):
            return False
        ended = True
    return titles > 0


def join_short_names(state: EntityState) -> None:
    """A named entity whose every name shortens one organisation's fuller name ("Harrow" and "Harrow
    School", "the House" and "the House of Representatives", "Penn State" and "the Pennsylvania State
    University") is that organisation, whatever type spaCy gave the short form. When several fit: the
    one named last before the short form's first mention, else (not for a place) the only one it starts
    ("House" is the House of Representatives, not the White House), else none. A known place never joins, nor a
    "person" with a first name, a title, or a mention as a subject."""
    clusters = state.resolver.clusters
    orgs = [c for c in clusters if c.named and c.etype == "ORG" and c.mentions]
    for short in [c for c in clusters if c.named and c.names and c.etype in ("ORG", "PERSON", "GPE", "LOC")]:
        if not _may_shorten(short):
            continue
        forms = {o.index: {coref_words.short_org_form(n, o.name) for n in short.names} for o in orgs
                 if o is not short and o.mentions}
        fits = [o for o in orgs if o.index in forms and None not in forms[o.index]]
        start = short.first
        before = [o for o in fits if o.first < start]
        starts = [o for o in fits if forms[o.index] == {"start"}]
        if before:
            target = max(before, key=lambda o: max(m.start for m in o.mentions if m.start < start))
        elif short.etype in ("GPE", "LOC"):  # "Toronto" before the Toronto Transit Commission is the city
            continue
        elif len(fits) == 1 or len(starts) == 1:
            target = fits[0] if len(fits) == 1 else starts[0]
        else:
            continue
        for m in short.mentions:
            m.etype = target.etype
            target.add(m)
        short.mentions.clear()
        short.names.clear()
        for token, cluster in state.token_mentions.items():
            if cluster is short:
                state.token_mentions[token] = target
        state.resolver.rekey(short, target)


def _may_shorten(cluster: Cluster) -> bool:
    for name in cluster.names:
        low = coref_words.strip_name(name).lower()
        if low in coref_words.KNOWN_PLACES or low in coref_words.DEMONYMS:
            return False
        first = coref_words.name_words(name)[0]
        if cluster.etype == "PERSON" and (first in coref_words.FIRST_NAME_GENDER
                                          or name.split()[0].lower() in coref_words.HONORIFICS):
            return False
    # a "person" who acts is one ("Byron" never joins "Byron composed Thyrza", nor "Trump" the Trump Organization)
    return cluster.etype != "PERSON" or not (cluster.role or any(m.subject for m in cluster.mentions))


def merge(state: EntityState, source: Cluster, target: Cluster) -> None:
    """Move every mention of the unnamed ``source`` into ``target``."""
    target.mentions.extend(source.mentions)
    source.mentions.clear()
    for token, cluster in state.anaphor_entities.items():
        if cluster is source:
            state.anaphor_entities[token] = target


def descriptors(doc: Doc, state: EntityState) -> dict[int, set[str]]:
    """Per named cluster, the head nouns that describe it: a person's title words ("ambassador", "doctor"
    for "Dr."), the
    nouns an organisation or place is introduced with ("the transit agency MetroLink", "MetroLink, the
    agency,") and its name's last word ("the commission" for "the European Commission")."""
    out: dict[int, set[str]] = {}
    for token_i, cluster in state.token_mentions.items():
        if not cluster.named:
            continue
        words = out.setdefault(cluster.index, set())
        if cluster.role:
            words.update(coref_words.role_words(cluster.role))
        honorific = coref_words.HONORIFIC_NOUNS.get(doc[token_i - 1].lower_) if token_i > 0 else None
        if cluster.etype == "PERSON" and honorific:
            words.add(honorific)  # "the doctor" for Dr. Anna Steiner
        if cluster.etype in ("ORG", "GPE", "LOC"):
            words.add(cluster.name.lower().split()[-1])
            token = doc[token_i]
            for near in (*token.lefts, *token.rights):
                if near.pos_ == "NOUN" and near.dep_ in ("compound", "appos") and near.i not in state.token_mentions:
                    words.add(near.lemma_.lower())
            head = token.head
            before = doc[token_i - 1] if token_i > 0 else None
            if token.dep_ == "appos" and head.pos_ == "NOUN" and head.i not in state.token_mentions:
                words.add(head.lemma_.lower())  # "the transit agency MetroLink", parsed with the name in apposition
            elif before is not None and before.pos_ == "NOUN" and before.i not in state.token_mentions:
                words.add(before.lemma_.lower())  # the same, parsed as two subjects
            elif token.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in PLACE_NOUNS:
                words.add(head.head.lemma_.lower())  # "the city of Lakemont"
    return out


# Nouns that introduce a place by name: "the city of Lakemont" is Lakemont.
PLACE_NOUNS = coref_words.words("city town village state country province region county island republic kingdom")


def merge_described(doc: Doc, state: EntityState) -> None:
    """An unnamed entity that a definite description names ("the ambassador", "the agency") joins the
    one named entity introduced with that description before it, if exactly one was."""
    described = descriptors(doc, state)
    clusters = state.resolver.clusters
    for cluster in [c for c in clusters if not c.named and c.mentions]:
        first = min(cluster.mentions, key=lambda m: m.start)
        heads = {m.lemma for m in cluster.mentions if m.form == "nom_def" and not m.plural}
        if not heads or first.kind != "nominal":
            continue
        fits = [c for c in clusters if c.named and c.index in described and heads & described[c.index]
                and any(m.end <= first.start for m in c.mentions)]
        genders = {coref_words.pronoun_gender(m.text) for m in cluster.mentions if m.kind == "pronoun"} - {None}
        if len(fits) == 1 and not (fits[0].gender and genders - {fits[0].gender}):  # no "he" for Dr. Anna Steiner
            merge(state, cluster, fits[0])


def merge_by_rules(state: EntityState) -> None:
    """The rules as a fallback: an unnamed person entity started by a definite description ("the actress")
    joins the named person the rules' resolver gives that description, if any; an unnamed organisation
    started by "the" and the head noun of exactly one organisation named before it ("the department" after
    the Department of Transportation) joins that one."""
    resolver = state.resolver
    employers = _employers(resolver.clusters)
    for cluster in [c for c in resolver.clusters if not c.named and c.mentions and c.etype in ("PERSON", "ORG")]:
        first = min(cluster.mentions, key=lambda m: m.start)
        if first.kind != "nominal" or first.form != "nom_def" or first.plural:
            continue
        if cluster.etype == "ORG":
            target = _org_named_by_head(resolver.clusters, first, employers)
        else:
            target = resolver.resolve_nominal(first)
        if target is not None and target.named and target.etype == cluster.etype:
            merge(state, cluster, target)


def _org_named_by_head(clusters: list[Cluster], first: Mention, employers: Collection[str]) -> Cluster | None:
    if not first.text.lower().startswith("the "):
        return None  # "this court" in a courtroom is the court speaking, not the appeal court named before
    head = first.head.lower()
    fits = [c for c in clusters if c.named and c.etype == "ORG" and head in _described_by(c, first.start, employers)
            and (last := c.last_before(first.start)) is not None and first.sent - last.sent <= NOMINAL_WINDOW]
    return fits[0] if len(fits) == 1 else None


def _described_by(org: Cluster, before: int, employers: Collection[str] = ()) -> set[str]:
    """The head nouns of an organisation's name and of the descriptions of it before ``before`` ("the firm
    that builds the buses, Northline Motors"); "company" and "firm" stand for each other, and for an
    organisation whose name is among ``employers`` (a chief executive's: "Boeing Chief Executive Kelly
    Ortberg")."""
    heads = org_heads(org.name) | {m.lemma for m in org.mentions if m.kind == "nominal" and m.start < before}
    if heads & COMPANY_NOUNS or any(coref_words.alias_key(n) in employers for n in (org.name, *org.names)):
        heads |= COMPANY_NOUNS
    return heads


# Roles only a company has: its people's affiliation is a company.
CORPORATE_ROLES = ("chief executive", "ceo", "chief financial officer", "cfo", "chief operating officer", "coo",
                   "chief technology officer", "cto", "founder", "managing director")


def _employers(clusters: list[Cluster]) -> set[str]:
    """The keys of the names that are the affiliation of a person in a company role."""
    return {coref_words.alias_key(c.affiliation) for c in clusters if c.etype == "PERSON" and c.affiliation
            and c.role and any(r in c.role.lower().replace(".", "") for r in CORPORATE_ROLES)}


def merge_same_head(state: EntityState) -> None:
    """"The Harlow Valley water board ... the board's resolution": an unnamed organisation or place entity
    started by a singular definite description joins the unnamed one of its type last described with the
    same head noun before it (people are left to the ranker: "the man" may be another man)."""
    clusters = [c for c in state.resolver.clusters if not c.named and c.mentions and c.etype in ("ORG", "GPE")]
    for cluster in sorted(clusters, key=lambda c: c.first):
        first = min(cluster.mentions, key=lambda m: m.start)
        if first.kind != "nominal" or first.form != "nom_def" or first.plural:
            continue
        earlier = [(max(m.start for m in c.mentions if m.start < first.start), c) for c in clusters
                   if c is not cluster and c.mentions and c.etype == cluster.etype and c.first < first.start
                   and any(m.kind == "nominal" and m.lemma == first.lemma and not m.plural for m in c.mentions)]
        if earlier:
            merge(state, cluster, max(earlier, key=lambda x: x[0])[1])


def merge_author_and_addressee(state: EntityState) -> None:
    """The writer of an essay, op-ed or letter is its "I" and the addressee of a letter its "you": a byline
    near the top ("By Arash Javanbakht") or the name under a sign-off ("Respectfully, / George Chriss") names
    the unnamed entity of first-person singular pronouns outside quotations; a salutation ("Dear Hannah:")
    names that of "you". With none of these, an interview whose headline names one person ("Interview with
    LibriVox founder Hugh McGuire") gives that person both: the answers' "I" and the questions' "you"."""
    bylines, signed, salutations = coref_words.letter_lines(state.text)
    people = [_person_on(state, start, end) for start, end, _ in signed]  # the last signed name, else the byline
    author = next((p for p in reversed(people) if p), None) or next(
        (p for p in (_person_on(state, start, end) for start, end, _ in bylines) if p), None)
    addressee = next((p for p in (_person_on(state, start, end) for start, end, _ in salutations) if p), None)
    headline = coref_words.interview_headline(state.text) if author is None and addressee is None else None
    if headline is not None:  # an interview's answers say "I" and its questions "you" to the one person it names
        named = _people_on(state, headline[0], headline[1])
        author = addressee = named[0] if len(named) == 1 else None
    for person, form in ((author, "i"), (addressee, "you")):
        if person is None:
            continue
        for cluster in [c for c in state.resolver.clusters if not c.named and c.mentions]:
            own = [m for m in cluster.mentions if m.kind == "pronoun" and m.form == form and not m.in_quote]
            if len(own) * 2 > len(cluster.mentions):
                merge(state, cluster, person)


def _person_on(state: EntityState, start: int, end: int) -> Cluster | None:
    """The named person whose name is on the line ``[start, end)``."""
    return next(iter(_people_on(state, start, end)), None)


def _people_on(state: EntityState, start: int, end: int) -> list[Cluster]:
    """The named people whose names are on the line ``[start, end)``."""
    return [c for c in state.resolver.clusters if c.named and c.etype == "PERSON" and any(
        m.kind == "name" and start <= m.start and m.end <= end for m in c.mentions)]
