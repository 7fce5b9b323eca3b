"""The names of a parsed Doc for the entities stage: spaCy's entities repaired, the names it missed, titles.

spaCy's named entities lose a leading article, titles, a possessive, punctuation and headline verbs glued to a
name ("Obama Says"); obvious type errors are fixed (a known capital tagged as a person, a nationality tagged
as a place); a lone word that is a named person's surname is that person. Names spaCy did not tag are added: a
capitalised name right after a title ("Mayor Ana Ruiz"), bare surnames, well-known places, capitalised runs
used as a subject twice or more. A person's role and affiliation are read from a title before the name ("U.S.
Ambassador NAME") or an appositive after it ("NAME, the envoy,"). The lexicons are ``coref_words``'s and
``data/lexicons/coref_title_words.txt``.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from newsgraph.stages.entities import coref_words
from newsgraph.stages.entities.coref import ENTITY_TYPES, Cluster
from newsgraph.stages.lines import is_wrap
from newsgraph.stages.parse import doc_text
from newsgraph.stages.turns import find_turns

# Lower-case words that may sit inside a title ("press secretary", "Secretary of State").
TITLE_WORDS = coref_words.load_words("coref_title_words.txt")

# Capitalised headline words spaCy tends to glue to a name ("Obama Says ...", "Obama Speech").
HEADLINE_WORDS = coref_words.words("""says said tells told warns urges asks calls slams blasts speech vows insists
dies dead returns resigns quits wins loses arrested charged sentenced killed hired fired named escapes joins""")


# --- names ----------------------------------------------------------------------------------

def name_spans(doc: Doc) -> list[tuple[SpacySpan, str]]:
    """The names of ``doc`` with their types, in text order: spaCy's repaired, then those it missed."""
    names = [n for n in (_clean_entity(doc, ent) for ent in doc.ents) if n is not None]
    names = _retype(names, doc)
    names += _titled_people(doc, _tokens(names))
    covered = _tokens(names)
    names += _people_in_apposition(doc, covered)
    covered = _tokens(names)
    names += _bare_surnames(doc, names, covered)
    names += _bare_places(doc, covered)
    names += _signed_names(doc, _tokens(names))
    names += _org_repeats(doc, names, _tokens(names))
    names += _untagged_people(doc, _tokens(names))
    names = _turn_speakers(doc, names)
    names.sort(key=lambda n: n[0].start)
    return names


def _people_in_apposition(doc: Doc, covered: set[int]) -> list[tuple[SpacySpan, str]]:
    """A proper name spaCy tagged as no person, organisation or place, followed by an appositive that
    describes one person, is a person ("Rei Shiratori, professor of politics at Dokkyo University")."""
    out = []
    for token in doc:
        if token.i in covered or token.pos_ != "PROPN" or not token.is_title or token.lower_ in MONTHS_AND_DAYS:
            continue
        if token.i > 0 and doc[token.i - 1].text in ("-", "–", "—", "&"):  # "Comcast - Spectacor, the owner"
            continue
        if not any(c.dep_ == "appos" and c.i > token.i and coref_words.one_person_noun(c.lower_)
                   for c in token.children):
            continue
        start = token.i
        while start > 0 and doc[start - 1].head.i == token.i and doc[start - 1].dep_ == "compound" \
                and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title and start - 1 not in covered:
            start -= 1
        if token.i - start <= 2 and not any(is_title_token(t) or t.lower_ in coref_words.HONORIFICS
                                            for t in doc[start: token.i + 1]):
            out.append((doc[start: token.i + 1], "PERSON"))
    return out


def _turn_speakers(doc: Doc, names: list[tuple[SpacySpan, str]]) -> list[tuple[SpacySpan, str]]:
    """The speakers' labels of a transcript's turns ("TAPPER: …") are people, whatever spaCy tagged them."""
    labels = [doc.char_span(*t.label) for t in find_turns(doc_text(doc))]
    spans = [span for span in labels if span is not None and len(span)]
    if not spans:
        return names
    taken = {i for span in spans for i in range(span.start, span.end)}
    kept = [(span, etype) for span, etype in names if not any(i in taken for i in range(span.start, span.end))]
    return kept + [(span, "PERSON") for span in spans]


def _tokens(names: list[tuple[SpacySpan, str]]) -> set[int]:
    return {i for span, _ in names for i in range(span.start, span.end)}


def _clean_entity(doc: Doc, ent: SpacySpan) -> tuple[SpacySpan, str] | None:
    """Strip an entity of a leading article, titles, a possessive, punctuation, and a bracket or a line
    break it ran into; fix its type."""
    label = ent.label_
    if label not in ENTITY_TYPES:
        return None
    start, end = ent.start, ent.end
    company = label == "ORG" and doc[end - 1].lower_.strip(".,<>") in coref_words.COMPANY_SUFFIXES
    cut = next((i for i in range(start + 1, end) if doc[i].text == "(" or (
        "\n" in doc[i].text and not _wrapped(doc, i) and not (company and doc[i].text.count("\n") == 1))), None)
    if cut is not None:
        end = cut  # "World Health Organisation (WHO", "George Chriss\nStudent"
    while start < end and (doc[start].lower_ in coref_words.DETERMINERS or doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in ("'s", "’s", "'", "’")):
        end -= 1
    if label == "PERSON":
        while end - start > 1 and (doc[start].lower_ in coref_words.HONORIFICS or is_title_token(doc[start])):
            start += 1
        while end - start > 1 and doc[end - 1].lower_ in HEADLINE_WORDS:
            end -= 1  # "Obama Says" in a headline
    if start >= end:
        return None
    span = doc[start:end]
    low = span.text.lower()
    if label == "PERSON" and low in coref_words.KNOWN_PLACES:
        label = "GPE"
    elif label in ("GPE", "ORG", "LOC", "PERSON") and low in coref_words.DEMONYMS:
        label = "NORP"
    elif label == "NORP" and low in coref_words.KNOWN_PLACES:
        label = "GPE"
    elif label in ("GPE", "ORG", "LOC") and (_titled_first_name(doc, span) or _says_for_organisation(doc, span)):
        label = "PERSON"  # "president\nPierre Peladeau told Reuters", tagged a place
    if label == "ORG" and start >= 2 and doc[start - 1].lower_ == "of" and is_title_token(doc[start - 2]):
        return None  # "State" in "Secretary of State" belongs to the title
    if label == "ORG" and end - start == 1 and end + 1 < len(doc) and doc[end].lower_ == "member" \
            and doc[end + 1].ent_type_ == "PERSON":
        return None  # "Council" in "Council member Raymond Okafor" belongs to the title
    if not any(ch.isalpha() for ch in span.text):
        return None
    return span, label


def _wrapped(doc: Doc, i: int) -> bool:
    """Token ``i`` is a single line break inside wrapped text ("said Andrew\nSheaf": ``lines.is_wrap``), not
    after a headline in title case, and the next line does not start a sentence."""
    if doc[i].text.count("\n") != 1 or (i + 1 < len(doc) and doc[i + 1].is_sent_start):
        return False  # a blank line, or a heading above the next sentence
    text = doc_text(doc)
    end = doc[i].idx + doc[i].text.index("\n")
    line = text[text.rfind("\n", 0, end) + 1 : end]
    words = [w for w in line.split() if w[:1].isalpha()]
    heading = sum(w[0].isupper() for w in words) >= 0.8 * len(words)  # a headline in title case
    return is_wrap(text, end) and not heading


def _short_name_words(span: SpacySpan) -> list[Token]:
    """The words of a name of two or three capitalised words (a person's name shape), else none."""
    words = [t for t in span if not t.is_space]
    return words if 2 <= len(words) <= 3 and all(t.text[:1].isupper() for t in words) else []


def _titled_first_name(doc: Doc, span: SpacySpan) -> bool:
    """A name of two or three words that starts with a first name and follows a title: a person."""
    words = _short_name_words(span)
    if not words or words[0].lower_ not in coref_words.FIRST_NAME_GENDER:
        return False
    before = span.start - 1
    while before >= 0 and doc[before].is_space:
        before -= 1
    return before >= 0 and is_title_token(doc[before])


def _says_for_organisation(doc: Doc, span: SpacySpan) -> bool:
    """"said Perrin Long of Lipper Analytical": a name of two or three capitalised words, the subject of
    "say", followed by "of"/"at"/"with" and an organisation's name, is a person's (wire copy's form)."""
    words = _short_name_words(span)
    if not words or not all(t.is_alpha for t in words) or words[-1].lower_ in coref_words.ORG_HEAD_WORDS:
        return False
    root = span.root
    after = doc[span.end : span.end + 2]
    return root.dep_ == "nsubj" and root.head.lemma_ == "say" and len(after) == 2 \
        and after[0].lower_ in ("of", "at", "with") and after[1].ent_type_ == "ORG"


def is_title_token(token: Token) -> bool:
    low = token.lower_
    return low in coref_words.ROLE_NOUNS or any(part in coref_words.ROLE_NOUNS for part in low.split("-") if part)


def _retype(names: list[tuple[SpacySpan, str]], doc: Doc) -> list[tuple[SpacySpan, str]]:
    """A lone word that is a known person's surname is that person, whatever spaCy tagged it; so is a lone word
    spaCy tagged a person more often than anything else in the article, and a first name followed by it
    ("Maurice Cheeks", tagged a place, where "Cheeks" is a person twelve times)."""
    surnames = _surnames(names, one_word=False)
    votes: dict[str, Counter[str]] = {}
    for s, t in names:
        if len(s.text.split()) == 1:
            votes.setdefault(s.text.lower(), Counter())[t] += 1
    people = {w for w, c in votes.items() if c["PERSON"] >= 2 and c["PERSON"] > sum(c.values()) - c["PERSON"]}
    out = []
    for span, etype in names:
        words = span.text.lower().split()
        if etype != "PERSON" and words and words[-1] not in coref_words.KNOWN_PLACES and (
                (len(words) == 1 and (words[0] in surnames or words[0] in people))
                or (len(words) in (2, 3) and words[-1] in people and words[0] in coref_words.FIRST_NAME_GENDER)):
            etype = "PERSON"
        out.append((span, etype))
    return out


def _surnames(names: list[tuple[SpacySpan, str]], one_word: bool) -> set[str]:
    """The last words of the people's names of several tokens, and with ``one_word`` of their one-word
    title-case names of four letters or more too."""
    return {coref_words.name_words(s.text)[-1] for s, t in names if t == "PERSON" and (
        len(s) > 1 or (one_word and s.text.istitle() and len(s.text) > 3))}


def _bare_surnames(doc: Doc, names: list[tuple[SpacySpan, str]],
                   covered: set[int]) -> list[tuple[SpacySpan, str]]:
    """Capitalised words spaCy did not tag that are the surname of a person the article names (or the one-word
    name spaCy tagged a person elsewhere in it: "Shultz acknowledged" after "Shultz refused")."""
    surnames = {s for s in _surnames(names, one_word=True) if len(s) > 2 and "-" not in s}
    found = []
    for token in doc:
        # "DeGeneres" (not is_title), "PENCE:" in a transcript
        capitalised = token.text[:1].isupper() and (token.text[1:].islower() or token.is_upper or len(token) > 3)
        if token.i not in covered and capitalised and token.lower_ in surnames and token.pos_ == "PROPN":
            found.append((doc[token.i : token.i + 1], "PERSON"))
    return found


def _titled_people(doc: Doc, covered: set[int]) -> list[tuple[SpacySpan, str]]:
    """A person spaCy did not tag, named after a capitalised title ("Mayor Ana Ruiz on Tuesday announced",
    "Senator Okafor"): one to three capitalised proper nouns right after a role noun, none of them a title,
    a month or day, a known place or a nationality, the run ending before a word that is not a name."""
    found = []
    i = 0
    while i < len(doc):
        title = doc[i]
        if not (title.is_title and is_title_token(title) and not title.ent_type_):
            i += 1
            continue
        end = i + 1
        while end < len(doc) and end - i <= 3 and doc[end].is_alpha and _bare_name_word(doc[end], covered):
            end += 1
        if end > i + 1 and not (end < len(doc) and doc[end].is_title and doc[end].pos_ == "PROPN"):
            found.append((doc[i + 1: end], "PERSON"))
        i = end
    return found


def _bare_name_word(token: Token, covered: set[int]) -> bool:
    """A capitalised proper noun spaCy left untagged that may be part of a person's name: not a title, a
    month or day, a known place, a nationality or an honorific."""
    return token.i not in covered and token.pos_ == "PROPN" and token.is_title \
        and len(token) > 1 and not token.ent_type_ and not is_title_token(token) \
        and token.lower_ not in MONTHS_AND_DAYS and token.lower_ not in coref_words.KNOWN_PLACES \
        and token.lower_ not in coref_words.DEMONYMS and token.lower_ not in coref_words.HONORIFICS


def _bare_places(doc: Doc, covered: set[int]) -> list[tuple[SpacySpan, str]]:
    """Well-known countries and capitals spaCy did not tag ("a trip to Kyiv")."""
    return [(doc[t.i : t.i + 1], "GPE") for t in doc
            if t.i not in covered and t.is_title and t.pos_ == "PROPN" and t.lower_ in coref_words.KNOWN_PLACES]


def _org_repeats(doc: Doc, names: list[tuple[SpacySpan, str]], covered: set[int]) -> list[tuple[SpacySpan, str]]:
    """Organisation names spaCy tagged once and missed elsewhere: the initials of a tagged name ("WHO"
    after "the World Health Organisation", "U.S.G.") and a one-word name written again ("University")
    on its own, not inside a longer capitalised run ("University Relations")."""
    orgs = [span.text for span, etype in names if etype == "ORG"]
    initials = {a for a in (coref_words.acronym(o) for o in orgs) if len(a) >= 2}
    single = {o for o in orgs if len(o.split()) == 1 and o[:1].isupper()}
    if not initials and not single:
        return []

    def in_run(i: int) -> bool:
        return 0 <= i < len(doc) and doc[i].is_title and doc[i].pos_ == "PROPN"

    found = []
    for token in doc:
        if token.i in covered:
            continue
        letters = token.text.replace(".", "")
        acronym = 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper() and letters.lower() in initials
        repeat = token.text in single and not in_run(token.i - 1) and not in_run(token.i + 1)
        if acronym or repeat:
            found.append((doc[token.i : token.i + 1], "ORG"))
    return found


def _signed_names(doc: Doc, covered: set[int]) -> list[tuple[SpacySpan, str]]:
    """The writer's name spaCy left untagged in a byline near the top ("By Arash Javanbakht") or on the
    line under a letter's sign-off ("Respectfully," / "George Chriss"): two to four capitalised words
    before any comma ("By Jane Roe, Reuters")."""
    bylines, signed, _ = coref_words.letter_lines(doc_text(doc))
    found = []
    for start, _, line in bylines + signed:
        span = doc.char_span(start, start + len(line.split(",")[0]), alignment_mode="contract")
        if span is None or not 2 <= len(span) <= 4 or any(t.i in covered for t in span):
            continue
        if all(t.text[:1].isupper() and t.is_alpha for t in span):
            found.append((span, "PERSON"))
    return found


MONTHS_AND_DAYS = coref_words.words("""
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
        ok = token is not None and len(token) > 2 and _bare_name_word(token, covered)
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
        determined = any(r.start > 0 and doc[r.start - 1].lower_ in coref_words.DETERMINERS for r in found)  # "the Act"
        if len(found) > 1 and not determined and any(r.root.dep_ in ("nsubj", "nsubjpass", "poss") for r in found):
            out += [(r, "PERSON") for r in found]
    return out


# --- roles ----------------------------------------------------------------------------------

def read_title(doc: Doc, name: SpacySpan, cluster: Cluster) -> None:
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
        cluster.vote_gender(coref_words.noun_gender(doc[tokens[-1]].lower_), 2.0)


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
    if not any(is_title_token(doc[j]) for j in taken):
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
    while taken and not is_title_token(doc[taken[-1]]):
        taken.pop()
    if not taken or (i < len(doc) and doc[taken[-1] + 1].is_alpha and doc[taken[-1] + 1].pos_ == "NOUN"):
        return []
    return taken


def _may_be_in_title(token: Token) -> bool:
    return token.ent_type_ in ("GPE", "NORP", "ORG") or is_title_token(token) or token.lower_ in TITLE_WORDS


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
