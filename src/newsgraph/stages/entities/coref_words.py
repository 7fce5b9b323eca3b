"""The words and names the coreference rules read: lexicons and name helpers, free of spaCy.

Short word lists (pronouns, titles, honorifics, gendered nouns, place aliases, parties, role
abbreviations) are here; the long ones are data under ``newsgraph/data/lexicons/``, read once at
import: ``coref_first_names.json`` (first names by gender), ``coref_role_nouns.txt`` (nouns that name
a position), ``coref_demonyms.json`` (nationality words to their country), ``coref_known_places.txt``
(countries and capitals spaCy may tag as people), ``coref_capitals.json`` (capitals that stand for
their country's government). The helpers compare names: words without honorifics, alias keys
("U.S." and "the United States"), partial names ("Biden" of "Joe Biden"), genders of names, pronouns
and nouns. ``coref`` (the resolver) and the entities and speakers stages use them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from importlib import resources
from typing import Literal, cast

from newsgraph.stages import lines

Gender = Literal["male", "female"]


def words(text: str) -> frozenset[str]:
    """The set of whitespace-separated words of a lexicon string."""
    return frozenset(text.split())


def _read(name: str) -> str:
    return resources.files("newsgraph").joinpath(f"data/lexicons/{name}").read_text(encoding="utf-8")


def load_words(name: str) -> frozenset[str]:
    """The words of the plain-text lexicon ``data/lexicons/NAME``: one a line, "#" starts a comment."""
    return frozenset(w for line in _read(name).splitlines() if (w := line.split("#", 1)[0].strip()))


def load_table(name: str) -> dict[str, str]:
    """The JSON object ``data/lexicons/NAME`` (word -> word), in the file's order."""
    table: dict[str, str] = json.loads(_read(name))
    return table


# --- lexicons -------------------------------------------------------------------------------

MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
NEUTER_PRONOUNS = frozenset({"it", "its", "itself"})
PERSON_PRONOUNS = MALE_PRONOUNS | FEMALE_PRONOUNS
THIRD_PERSON_PRONOUNS = PERSON_PRONOUNS | PLURAL_PRONOUNS | NEUTER_PRONOUNS
RELATIVE_PRONOUNS = frozenset({"who", "whom", "whose"})

MALE_TITLES = frozenset({"mr", "mr.", "sir", "lord", "king", "prince", "sheikh", "brother", "father"})
FEMALE_TITLES = frozenset({"ms", "ms.", "mrs", "mrs.", "miss", "madam", "madame", "dame", "lady", "queen",
                           "princess", "sister"})
NEUTRAL_HONORIFICS = frozenset({"dr", "dr.", "prof", "prof.", "rev", "rev.", "mx", "mx."})
HONORIFICS = MALE_TITLES | FEMALE_TITLES | NEUTRAL_HONORIFICS
# The noun an honorific stands for: "the doctor" describes Dr. Anna Steiner.
HONORIFIC_NOUNS = {"dr.": "doctor", "dr": "doctor", "prof.": "professor", "prof": "professor"}
# Verbs that give a name: "a man named Omar Haddad", "he called me Muscles".
NAMING_VERBS = frozenset({"name", "call"})

MALE_NOUNS = frozenset({"spokesman", "chairman", "congressman", "businessman", "man", "actor", "father",
                        "son", "husband", "brother", "boy", "king", "prince", "uncle", "nephew", "anchorman",
                        "councilman", "policeman", "sportsman", "gentleman", "grandfather", "boyfriend"})
FEMALE_NOUNS = words("""
spokeswoman chairwoman congresswoman businesswoman woman actress mother daughter wife sister girl queen
princess aunt niece councilwoman policewoman sportswoman lady grandmother girlfriend
""")

# Nouns that name a position a person holds; the last word of a role phrase.
ROLE_NOUNS = load_words("coref_role_nouns.txt")
# Nouns that name one person by occupation, kin or circumstance ("the doctor", "a witness").
PERSON_NOUNS = load_words("coref_person_nouns.txt")
SPOKESPERSON_NOUNS = frozenset({"spokesman", "spokeswoman", "spokesperson", "press secretary"})
# Plural or indefinite people nouns that name no one in particular.
GENERIC_SOURCE_NOUNS = words("""
officials sources source official people experts analysts critics observers witnesses residents diplomats
lawmakers officers spokespeople spokesmen aides advisers advisors authorities reports report others many
some insiders leaders members staff investigators police researchers scientists economists activists
""")

DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})

# first names of the 1990 U.S. Census (public domain; scripts/build_first_names.py), then the hand-made list
FIRST_NAME_GENDER: dict[str, Gender] = {
    name: cast(Gender, gender) for table in ("coref_first_names_census.json", "coref_first_names.json")
    for name, gender in load_table(table).items()}

# Place and organisation aliases: every variant maps to one key.
_ALIASES: dict[str, tuple[str, ...]] = {
    "united states": ("u.s.", "us", "u.s.a.", "usa", "america", "united states of america", "the states"),
    "united kingdom": ("u.k.", "uk", "britain", "great britain"),
    "united nations": ("u.n.", "un"),
    "european union": ("e.u.", "eu"),
    "russia": ("russian federation",),
    "soviet union": ("ussr", "u.s.s.r."),
    "united arab emirates": ("uae", "u.a.e."),
    "north atlantic treaty organization": ("nato",),
    "democratic republic of congo": ("drc", "dr congo"),
    "china": ("people's republic of china", "prc"),
    "netherlands": ("holland",),
}
ALIAS_KEY: dict[str, str] = {}
for _key, _variants in _ALIASES.items():
    ALIAS_KEY[_key] = _key
    for _v in _variants:
        ALIAS_KEY[_v] = _key

DEMONYMS: dict[str, str] = load_table("coref_demonyms.json")

# Countries and capitals spaCy's small model sometimes tags as people.
KNOWN_PLACES = load_words("coref_known_places.txt")

# Capitals that news uses for their country's government ("Moscow said", "Kyiv is ready to ..."),
# mapped to the country's alias key. "Brussels" stands for the European Union.
CAPITAL_COUNTRY: dict[str, str] = load_table("coref_capitals.json")

SUPRANATIONAL = frozenset({"european union"})
_LOWER_NAME_WORDS = frozenset({"of", "the", "and"})


def country_name(key: str) -> str:
    """A display name for a country alias key (``"united states"`` -> ``"United States"``)."""
    return " ".join(w if w in _LOWER_NAME_WORDS else w.capitalize() for w in key.split())


# --- names ----------------------------------------------------------------------------------

GENERATION_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


def name_words(name: str) -> list[str]:
    """Lower-cased words of a name, with honorifics and a generational suffix dropped (``"Mr. Biden"`` ->
    ``["biden"]``, ``"Arcade Joseph Comeaux, Jr."`` -> ``["arcade", "joseph", "comeaux"]``)."""
    words = [w.lower().strip("’',") for w in name.split()]
    while len(words) > 1 and words[0] in HONORIFICS:
        words.pop(0)
    words = [w for w in words if w]
    while len(words) > 2 and words[-1] in GENERATION_SUFFIXES:
        words.pop()
    return words


def strip_name(text: str) -> str:
    """A mention's text without a leading article or trailing possessive."""
    text = text.strip()
    for article in ("the ", "The ", "THE "):
        if text.startswith(article):
            text = text[len(article):]
    for possessive in ("'s", "’s", "'", "’"):
        if text.endswith(possessive) and len(text) > len(possessive) + 1:
            text = text[: -len(possessive)]
            break
    return text.strip()


def alias_key(name: str) -> str:
    """The key all variants of a place or organisation name share (``"U.S."`` -> ``"united states"``)."""
    low = " ".join(name.lower().replace("’", "'").split())
    if low.startswith("the "):
        low = low[4:]
    return ALIAS_KEY.get(low, low)


def place_key(text: str) -> str:
    """Alias key of a place, mapping a demonym to its country (``"Ukrainian"`` -> ``"ukraine"``)."""
    low = alias_key(text)
    return DEMONYMS.get(low, low)


# Alias keys of the countries (the quantities stage's demonym table names them all).
COUNTRY_KEYS = frozenset({alias_key(c) for c in json.loads(_read("quantity_demonyms.json"))["demonyms"].values()}
                         | set(CAPITAL_COUNTRY.values()) | set(DEMONYMS.values()))


def is_country(name: str) -> bool:
    """Whether a place's name names a country ("Indonesia", "U.S."), not a city or region."""
    return place_key(name) in COUNTRY_KEYS


def acronym(name: str) -> str:
    """Initials of a name's capitalised words (``"North Atlantic Treaty Organization"`` -> ``"nato"``)."""
    words = [w for w in re.split(r"[\s\-]+", name) if w and w[0].isupper()]
    return "".join(w[0] for w in words).lower() if len(words) > 1 else ""


def is_partial_name(short: str, full: str) -> bool:
    """True when ``short`` names the same person as ``full``: its words end or start ``full``'s."""
    s, f = name_words(short), name_words(full)
    if not s or len(s) >= len(f):
        return False
    if f[-len(s):] == s:
        return True
    # a lone first name also counts ("Lindsay" for "Lindsay Lohan")
    return len(s) == 1 and f[0] == s[0]


def names_match(short: str, full: str, etype: str) -> bool:
    """Whether two names of one type can mean the same entity."""
    if etype == "PERSON":
        return name_words(short) == name_words(full) or is_partial_name(short, full)
    a, b = alias_key(short), alias_key(full)
    if a == b:
        return True
    if etype in ("GPE", "LOC", "NORP"):
        return place_key(short) == place_key(full)
    # organisations: acronyms and trailing parts ("Security Council" of "U.N. Security Council")
    if a.replace(".", "") == acronym(full) or b.replace(".", "") == acronym(short):
        return True
    sw, fw = a.split(), b.split()
    return 1 < len(sw) < len(fw) and fw[-len(sw):] == sw


# Head words of organisations: alone and capitalised ("the University", "the House") they shorten the one
# organisation the article names with that last word ("the Pennsylvania State University"); lower-case
# ("the board", "the agency") they are descriptions of organisations for the coreference ranker.
ORG_HEAD_WORDS = words("""
university college school academy institute house senate congress council commission ministry department
agency court parliament assembly committee board bank company corporation foundation association union
museum hospital library federation league party army navy police church firm authority administration
government cooperative coalition alliance organisation organization office bureau
""")


def org_heads(name: str) -> set[str]:
    """The head nouns of an organisation's name: its last word, the word before its first "of", "for" or
    "on" ("department" and "transportation" for the Department of Transportation), and "company" and "firm"
    for a name ending in a company suffix ("Medline Inc.")."""
    words = name.lower().split()
    heads = {words[-1]} if words else set()
    cut = next((i for i, w in enumerate(words) if w in ("of", "for", "on")), 0)
    if cut > 0:
        heads.add(words[cut - 1])
    if words and words[-1].strip(".,<>") in COMPANY_SUFFIXES:
        heads |= COMPANY_NOUNS  # "the company" of Medline Inc.
    return heads


COMPANY_SUFFIXES = lines.COMPANY_SUFFIXES | words("corporation partnership lp")  # the last word of a company's name
COMPANY_NOUNS = words("company firm")
# Nouns for any organisation (of a kind): "the group said" after the National Apartment Association, "the watchdog".
GENERIC_ORG_NOUNS = words("group organization organisation watchdog regulator")


def short_org_form(short: str, full: str) -> Literal["start", "head"] | None:
    """How ``short`` shortens the organisation name ``full``, if it does: by its first words ("Harrow"
    of "Harrow School", "House" of "House of Representatives"), those words abbreviated ("Penn State"
    of "Pennsylvania State University"): "start"; by its head word alone ("University", or "Kodak" of a
    company's name with its suffix, "Eastman Kodak Co"): "head"."""
    s, f = alias_key(strip_name(short)).split(), alias_key(strip_name(full)).split()
    if not s or len(s) >= len(f):
        return None
    if len(s) == 1:
        if len(f) >= 3 and f[-1].strip(".,") in COMPANY_SUFFIXES and s[0] == f[-2] and s[0] not in ORG_HEAD_WORDS:
            return "head"
        return "start" if s[0] == f[0] else "head" if s[0] == f[-1] and s[0] in ORG_HEAD_WORDS else None
    return "start" if all(a == b or (len(a) >= 3 and b.startswith(a)) for a, b in zip(s, f, strict=False)) else None


def first_name_gender(name: str) -> Gender | None:
    words = name.split()
    if words and words[0].lower() in MALE_TITLES:
        return "male"
    if words and words[0].lower() in FEMALE_TITLES:
        return "female"
    w = name_words(name)
    if len(w) > 1:
        return FIRST_NAME_GENDER.get(w[0].split("-")[0])
    return None


def pronoun_gender(word: str) -> Gender | None:
    low = word.lower()
    if low in MALE_PRONOUNS:
        return "male"
    if low in FEMALE_PRONOUNS:
        return "female"
    return None


def one_person_noun(word: str) -> bool:
    """A singular noun that describes one person: a position, an occupation or a gendered noun."""
    return word in ROLE_NOUNS or word in PERSON_NOUNS or noun_gender(word) is not None


def noun_gender(word: str) -> Gender | None:
    low = word.lower()
    if low in MALE_NOUNS:
        return "male"
    if low in FEMALE_NOUNS:
        return "female"
    return None


def better_name(candidate: str, current: str, etype: str) -> bool:
    """Whether ``candidate`` is a fuller name than ``current`` (more words, then more letters)."""
    if etype != "PERSON" and alias_key(candidate) == alias_key(current):
        # same alias key: prefer the spelled-out variant over an abbreviation ("United States" > "U.S.")
        return len(candidate.replace(".", "")) > len(current.replace(".", ""))
    cw, uw = name_words(candidate), name_words(current)
    if len(cw) != len(uw):
        return len(cw) > len(uw)
    return len(candidate) > len(current) and "." not in candidate


# Party words as they modify a role ("the GOP nominee") or state an affiliation, by party.
PARTIES: dict[str, str] = {"gop": "republican", "republican": "republican", "republicans": "republican",
                           "democratic": "democratic", "democrat": "democratic", "democrats": "democratic"}


ROLE_ABBREVIATIONS: dict[str, str] = {
    "gov.": "governor", "gov": "governor", "sen.": "senator", "sen": "senator", "rep.": "representative",
    "gen.": "general", "lt.": "lieutenant", "col.": "colonel", "sgt.": "sergeant", "capt.": "captain",
    "adm.": "admiral", "atty.": "attorney", "pres.": "president", "supt.": "superintendent",
}


def role_words(role: str) -> list[str]:
    """The lower-case words of a role, abbreviations spelt out ("Gov." -> "governor")."""
    out = []
    for word in role.lower().split():
        out.append(ROLE_ABBREVIATIONS.get(word, word))
        out.extend(part for part in word.split("-") if part and "-" in word)
    return out


def is_place_word(word: str) -> bool:
    """A country, capital, alias or nationality word ("U.S.", "Russian", "Kyiv")."""
    low = word.lower()
    return low in DEMONYMS or low in ALIAS_KEY or low in KNOWN_PLACES or low in CAPITAL_COUNTRY


# --- document structure: bylines, salutations, sign-offs ---------------------------------------

# Lines that close a letter; the next line is its writer ("Respectfully, / George Chriss").
SIGN_OFFS = frozenset({"yours", "yours truly", "yours sincerely", "sincerely", "sincerely yours", "respectfully",
                       "respectfully yours", "regards", "best regards", "kind regards", "warm regards", "best wishes",
                       "cordially", "faithfully", "yours faithfully", "love", "cheers", "with thanks"})
BYLINE = re.compile(r"(?i)by\s+\S")
SALUTATION = re.compile(r"(?i)(dear|to)\s+\S")
HEADER_LINES = 8  # a byline or a salutation is among the first lines
INTERVIEW = re.compile(r"(?i)\binterview(?:s|ed)?\b")  # "Wikinews interviews X", "Interview with X", "X interviewed"
Line = tuple[int, int, str]  # start, end, text


def lines_of(text: str) -> list[Line]:
    """The non-blank lines of ``text``: (start, end, text) of each, without its surrounding spaces."""
    return list(_lines(text))


def _lines(text: str) -> Iterator[Line]:
    """``lines_of``, one line at a time (the text is not split further than it is read)."""
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        raw = text[start:end]
        stripped = raw.strip()
        first = start + len(raw) - len(raw.lstrip())
        if stripped:
            yield first, first + len(stripped), stripped
        start = end + 1


def letter_lines(text: str) -> tuple[list[Line], list[Line], list[Line]]:
    """The lines of ``text`` that name its writer and addressee: bylines near the top (without their
    "By"), the lines under a sign-off ("Respectfully,"), and salutations near the top ("Dear Hannah:")."""
    lines = lines_of(text)
    bylines, signed, salutations = [], [], []
    for k, (start, end, line) in enumerate(lines):
        if k < HEADER_LINES and BYLINE.match(line):
            name = line.split(None, 1)[1]
            bylines.append((end - len(name), end, name))
        elif k < HEADER_LINES and SALUTATION.match(line):
            salutations.append((start, end, line))
        if line.lower().rstrip(",.!:; ") in SIGN_OFFS and k + 1 < len(lines):
            signed.append(lines[k + 1])
    return bylines, signed, salutations


def interview_headline(text: str) -> Line | None:
    """The first line of ``text`` when it says the piece is an interview ("Interview with LibriVox founder Hugh
    McGuire", "Jack Herrick, wikiHow founder interviewed by Wikinews")."""
    head = next(_lines(text), None)  # the first line only: the text is not split whole again
    return head if head is not None and INTERVIEW.search(head[2]) else None
