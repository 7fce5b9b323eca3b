"""Within-article mention resolution, free of spaCy so it can be unit-tested on plain data.

The entities stage turns spaCy's parse into ``Mention`` records and calls ``Resolver`` to
cluster names into entities and to link pronouns and role nouns ("the envoy") to them; the
speakers stage asks the same resolver whom a quote's source means. Everything here works on
character offsets, sentence numbers and a few per-mention flags; the lexicons are small and
built in (first names by gender, titles, role nouns, place aliases and demonyms).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal


def words(text: str) -> frozenset[str]:
    """The set of whitespace-separated words of a lexicon string."""
    return frozenset(text.split())


MentionKind = Literal["name", "pronoun", "nominal"]
Gender = Literal["male", "female"]

ENTITY_TYPES: tuple[str, ...] = ("PERSON", "ORG", "GPE", "LOC", "NORP")

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

MALE_NOUNS = frozenset({"spokesman", "chairman", "congressman", "businessman", "man", "actor", "father",
                        "son", "husband", "brother", "boy", "king", "prince", "uncle", "nephew", "anchorman",
                        "councilman", "policeman", "sportsman", "gentleman", "grandfather", "boyfriend"})
FEMALE_NOUNS = words("""
spokeswoman chairwoman congresswoman businesswoman woman actress mother daughter wife sister girl queen
princess aunt niece councilwoman policewoman sportswoman lady grandmother girlfriend
""")

# Nouns that name a position a person holds; the last word of a role phrase.
ROLE_NOUNS = words("""
ambassador envoy president vice-president minister secretary secretary-general spokesman spokeswoman
spokesperson spokespeople chancellor senator sen. sen rep. representative congressman congresswoman governor
gov. mayor general gen. admiral colonel col. commander chief director official officer leader chairman
chairwoman chair ceo cfo coo founder head premier king queen prince princess emir sheikh judge justice
attorney lawyer prosecutor correspondent reporter editor analyst adviser advisor aide diplomat negotiator
counsel counselor councillor councilor lawmaker legislator speaker whip deputy undersecretary commissioner
inspector sheriff captain lieutenant sergeant mp chief-of-staff professor economist researcher scientist
executive manager partner strategist consultant candidate nominee actor actress singer star player coach
manager owner investor activist campaigner pope bishop cardinal archbishop rabbi imam cleric spokesmen
""")
SPOKESPERSON_NOUNS = frozenset({"spokesman", "spokeswoman", "spokesperson", "press secretary"})
# Plural or indefinite people nouns that name no one in particular.
GENERIC_SOURCE_NOUNS = words("""
officials sources source official people experts analysts critics observers witnesses residents diplomats
lawmakers officers spokespeople spokesmen aides advisers advisors authorities reports report others many
some insiders leaders members staff investigators police researchers scientists economists activists
""")

DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})

_MALE_FIRST = words("""
aaron abdul abdullah adam adrian ahmed alan albert alex alexander alexei alexey ali andre andrei andrew
andrey andy anthony antony anton antonio arnold arthur barack ben benjamin bernard bernie bill billy bob
bobby boris brad brandon brian bruce carl carlos charles charlie chris christopher chuck clarence colin craig
dan daniel danny dave david dennis dick dmitry don donald doug douglas dwight ed eddie edward emmanuel eric
frank franklin fred frederick gary george gerald gordon greg gregory harold harry hassan henry howard hugh
hussein ian igor ivan jack jacob jake james jason javier jean jeb jeff jeffrey jens jeremy jerry jim jimmy
joe joel john johnny jon jonathan jorge jose joseph josh joshua juan justin keith ken kenneth kevin kim kirk
larry lee leonid lloyd louis luis marco marcus mario mark martin matt matthew michael miguel mike mikhail
mitch mitt mohammed mahmoud benjamin bashar emmanuel olaf rishi keir justin jair lula
shinzo fumio yoon moon recep abdel abu ehud ariel yitzhak nelson kofi ban antonio jens
maurice samuel wladimir vitali floyd manny shaquille kobe lebron tiger roger rafael novak andy
muhammad mohammad narendra nathan neil nicholas nick nicolas nikolai oliver omar oscar
pat patrick paul pedro pete peter philip phil pierre rafael ralph ramon rand randy ray raymond recep richard
rick rob robert rodrigo roger ron ronald roy rudy russell ryan sam samuel scott sean sergei sergey sergiy
stephen steve steven stuart ted terry thomas tim timothy tom tony vassily victor viktor vincent vladimir
volodymyr walter wayne william xi yuri yury zach
""")
_FEMALE_FIRST = words("""
abigail alice alexandra alexandria alison amanda amber amy ana andrea angela angelina ann anna anne annie
barbara betsy betty beverly brenda brittany carla carol caroline carolyn catherine cathy charlotte cheryl
christina christine claire condoleezza cynthia dana debbie deborah debra denise diana diane donna dorothy
elaine elena elizabeth ellen emily emma erin eva evelyn frances gina gloria hannah heather helen hillary
irina jackie jacqueline jane janet janice jean jennifer jessica jill joan joanna joanne josephine joyce
judith judy julia julie karen kate katherine kathleen kathryn kathy katie kelly kimberly kirsten kristen
laura lauren linda lindsay lindsey lisa ellen bettie britney whitney oprah tina kamala ivanka
angela theresa jacinda giorgia liz sanna kaja annalena marine ursula christine nadia
kristalina samantha nikki kirstjen madeleine condoleezza janet gina jen karine liz lori louise lucy lynn
madeleine margaret maria marie marilyn marine
martha mary megan melania melissa michelle monica nancy natalia natalie nicole nikki olga pamela patricia
paula pelosi penny rachel rebecca rose ruth samantha sandra sara sarah sharon shirley sophia stephanie
susan suzanne svetlana tara teresa theresa tiffany tulsi ursula valerie victoria virginia wendy yulia
""")
FIRST_NAME_GENDER: dict[str, Gender] = {n: "male" for n in _MALE_FIRST}
FIRST_NAME_GENDER.update({n: "female" for n in _FEMALE_FIRST if n not in FIRST_NAME_GENDER})
FIRST_NAME_GENDER.pop("pelosi", None)

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

DEMONYMS: dict[str, str] = {
    "american": "united states", "british": "united kingdom", "english": "united kingdom",
    "russian": "russia", "ukrainian": "ukraine", "chinese": "china", "french": "france",
    "german": "germany", "italian": "italy", "spanish": "spain", "japanese": "japan", "korean": "korea",
    "north korean": "north korea", "south korean": "south korea", "indian": "india", "pakistani": "pakistan",
    "iranian": "iran", "iraqi": "iraq", "syrian": "syria", "israeli": "israel", "palestinian": "palestine",
    "turkish": "turkey", "egyptian": "egypt", "saudi": "saudi arabia", "afghan": "afghanistan",
    "canadian": "canada", "mexican": "mexico", "brazilian": "brazil", "australian": "australia",
    "polish": "poland", "belarusian": "belarus", "georgian": "georgia", "qatari": "qatar",
    "lebanese": "lebanon", "jordanian": "jordan", "libyan": "libya", "nigerian": "nigeria",
    "kenyan": "kenya", "venezuelan": "venezuela", "cuban": "cuba", "greek": "greece", "swedish": "sweden",
    "finnish": "finland", "norwegian": "norway", "danish": "denmark", "dutch": "netherlands",
    "irish": "ireland", "scottish": "scotland", "european": "european union", "soviet": "soviet union",
    "yemeni": "yemen", "emirati": "united arab emirates", "ethiopian": "ethiopia", "sudanese": "sudan",
    "hungarian": "hungary", "romanian": "romania", "serbian": "serbia", "estonian": "estonia",
    "latvian": "latvia", "lithuanian": "lithuania", "vietnamese": "vietnam", "thai": "thailand",
    "filipino": "philippines", "indonesian": "indonesia", "taiwanese": "taiwan", "colombian": "colombia",
    "argentine": "argentina", "chilean": "chile", "peruvian": "peru", "haitian": "haiti",
}

# Countries and capitals spaCy's small model sometimes tags as people.
KNOWN_PLACES = words("""
kyiv kiev moscow washington london paris berlin beijing tokyo brussels geneva tehran baghdad damascus
kabul islamabad delhi cairo riyadh doha ankara istanbul jerusalem beirut amman minsk warsaw
vilnius riga tallinn helsinki stockholm oslo copenhagen rome madrid lisbon vienna prague budapest bucharest
sofia athens belgrade zagreb havana caracas bogota lima santiago ottawa canberra seoul pyongyang taipei
hanoi bangkok manila jakarta nairobi lagos abuja tripoli khartoum kharkiv odesa odessa mariupol donetsk
luhansk crimea donbas sevastopol aleppo gaza mosul kandahar ukraine russia china iran iraq syria israel
belarus poland germany france britain england scotland wales ireland italy spain japan india pakistan
afghanistan turkey egypt qatar yemen libya sudan mexico canada brazil venezuela cuba georgia moldova
""")

# Capitals that news uses for their country's government ("Moscow said", "Kyiv is ready to ..."),
# mapped to the country's alias key. "Brussels" stands for the European Union.
CAPITAL_COUNTRY: dict[str, str] = {
    "washington": "united states", "moscow": "russia", "kyiv": "ukraine", "kiev": "ukraine",
    "beijing": "china", "london": "united kingdom", "paris": "france", "berlin": "germany",
    "tokyo": "japan", "tehran": "iran", "baghdad": "iraq", "damascus": "syria", "kabul": "afghanistan",
    "islamabad": "pakistan", "new delhi": "india", "cairo": "egypt", "riyadh": "saudi arabia",
    "doha": "qatar", "ankara": "turkey", "beirut": "lebanon", "amman": "jordan", "minsk": "belarus",
    "warsaw": "poland", "vilnius": "lithuania", "riga": "latvia", "tallinn": "estonia",
    "helsinki": "finland", "stockholm": "sweden", "oslo": "norway", "copenhagen": "denmark",
    "rome": "italy", "madrid": "spain", "lisbon": "portugal", "vienna": "austria", "budapest": "hungary",
    "bucharest": "romania", "athens": "greece", "belgrade": "serbia", "zagreb": "croatia",
    "havana": "cuba", "caracas": "venezuela", "bogota": "colombia", "brasilia": "brazil",
    "buenos aires": "argentina", "mexico city": "mexico", "ottawa": "canada", "canberra": "australia",
    "seoul": "south korea", "pyongyang": "north korea", "taipei": "taiwan", "hanoi": "vietnam",
    "bangkok": "thailand", "manila": "philippines", "jakarta": "indonesia", "nairobi": "kenya",
    "abuja": "nigeria", "tripoli": "libya", "khartoum": "sudan", "addis ababa": "ethiopia",
    "pretoria": "south africa", "tbilisi": "georgia", "chisinau": "moldova", "baku": "azerbaijan",
    "yerevan": "armenia", "sanaa": "yemen", "abu dhabi": "united arab emirates", "dhaka": "bangladesh",
    "brussels": "european union",
}
SUPRANATIONAL = frozenset({"european union"})
_LOWER_NAME_WORDS = frozenset({"of", "the", "and"})


def country_name(key: str) -> str:
    """A display name for a country alias key (``"united states"`` -> ``"United States"``)."""
    return " ".join(w if w in _LOWER_NAME_WORDS else w.capitalize() for w in key.split())


_WORD_RE = re.compile(r"[\w'’.\-]+")


# --- names ----------------------------------------------------------------------------------

def name_words(name: str) -> list[str]:
    """Lower-cased words of a name, with honorifics dropped (``"Mr. Biden"`` -> ``["biden"]``)."""
    words = [w.lower().strip("’'") for w in name.split()]
    while len(words) > 1 and words[0] in HONORIFICS:
        words.pop(0)
    return [w for w in words if w]


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


def noun_gender(word: str) -> Gender | None:
    low = word.lower()
    if low in MALE_NOUNS:
        return "male"
    if low in FEMALE_NOUNS:
        return "female"
    return None


# --- mentions and clusters --------------------------------------------------------------------

@dataclass(slots=True)
class Mention:
    """One mention: characters ``[start, end)``, its sentence, and what the parse said of it."""

    start: int
    end: int
    text: str
    sent: int
    kind: MentionKind = "name"
    etype: str = "PERSON"
    subject: bool = False  # the subject of its clause
    head: str = ""  # head noun of a nominal ("envoy"), the pronoun itself for pronouns
    modifiers: tuple[str, ...] = ()  # words before the head of a nominal ("U.S.", "Pentagon")
    clause: int = -1  # token index of the verb it depends on, to rule out "he ... him"
    in_quote: bool = False  # inside quotation marks
    parent_clause: int = -1  # for the subject of a reported clause, the reporting verb ("X said he ...")
    form: str = ""  # the ranker's mention class: "name", "nom", or a pronoun class ("he", "i", "they", ...)
    lemma: str = ""  # lower-case lemma of the head word
    plural: bool | None = None  # grammatical number, when the parse or the pronoun says
    token: int = -1  # index of the head token in the Doc


@dataclass(slots=True)
class Cluster:
    """One entity while the article is being read."""

    index: int
    etype: str
    name: str
    mentions: list[Mention] = field(default_factory=list)
    role: str | None = None
    affiliation: str | None = None
    gender: Gender | None = None
    gender_votes: dict[str, float] = field(default_factory=lambda: {"male": 0.0, "female": 0.0})
    names: set[str] = field(default_factory=set)  # distinct texts of its name mentions
    named: bool = True  # False for an entity only pronouns and descriptions refer to

    @property
    def first(self) -> int:
        return min(m.start for m in self.mentions)

    def add(self, mention: Mention) -> None:
        self.mentions.append(mention)
        if mention.kind == "name":
            self.names.add(mention.text)
        if mention.kind == "name" and better_name(mention.text, self.name, self.etype):
            self.name = mention.text

    def vote_gender(self, gender: Gender | None, weight: float) -> None:
        if gender is None:
            return
        self.gender_votes[gender] += weight
        male, female = self.gender_votes["male"], self.gender_votes["female"]
        self.gender = "male" if male > female else "female" if female > male else None

    def last_before(self, offset: int) -> Mention | None:
        best = None
        for m in self.mentions:
            if m.end <= offset and (best is None or m.start > best.start):
                best = m
        return best


def better_name(candidate: str, current: str, etype: str) -> bool:
    """Whether ``candidate`` is a fuller name than ``current`` (more words, then more letters)."""
    if etype != "PERSON" and alias_key(candidate) == alias_key(current):
        # same alias key: prefer the spelled-out variant over an abbreviation ("United States" > "U.S.")
        return len(candidate.replace(".", "")) > len(current.replace(".", ""))
    cw, uw = name_words(candidate), name_words(current)
    if len(cw) != len(uw):
        return len(cw) > len(uw)
    return len(candidate) > len(current) and "." not in candidate


# --- the resolver -------------------------------------------------------------------------------

PRONOUN_WINDOW = 4  # sentences back a pronoun looks for its antecedent
NOMINAL_WINDOW = 40  # sentences back a role noun ("the envoy") looks
DESCRIPTION_WINDOW = 2  # sentences back a role noun with no matching role ("the actress") looks


@dataclass(slots=True)
class Candidate:
    cluster: Cluster
    score: float


class Resolver:
    """Clusters an article's mentions as they are read, in text order."""

    def __init__(self) -> None:
        self.clusters: list[Cluster] = []
        self._by_key: dict[tuple[str, str], Cluster] = {}

    # names

    def add_name(self, mention: Mention) -> Cluster:
        """Put a name mention into the entity it names, or start a new one."""
        cluster = self.find_name(mention.text, mention.etype)
        if cluster is None:
            cluster = Cluster(index=len(self.clusters), etype=mention.etype, name=mention.text)
            self.clusters.append(cluster)
            cluster.vote_gender(first_name_gender(mention.text), 3.0)
            cluster.add(mention)
        else:
            cluster.add(mention)
            cluster.vote_gender(first_name_gender(mention.text), 3.0)
        key = (_type_group(mention.etype), self._key(mention.text, mention.etype))
        self._by_key.setdefault(key, cluster)
        return cluster

    def find_name(self, text: str, etype: str) -> Cluster | None:
        """The entity a name refers to: same key, else the most recent compatible fuller name."""
        key = (_type_group(etype), self._key(text, etype))
        if etype == "PERSON" and len(name_words(text)) == 1:
            # a bare surname: the most often named person it fits (journalists spell out the rarer one)
            fits = [c for c in self.clusters if c.etype == "PERSON" and _joins_person(text, c.names)]
            return max(fits, key=lambda c: (len(c.names) > 1, len(c.mentions), c.index), default=None)
        if key in self._by_key:
            return self._by_key[key]
        for cluster in reversed(self.clusters):
            if _type_group(cluster.etype) != key[0]:
                continue
            names = cluster.names
            if etype == "PERSON":
                # every name of the entity must be this name, a part of it, or a fuller form of it:
                # "Donald Trump" never joins "Melania Trump" through a shared "Trump"
                if _joins_person(text, names):
                    return cluster
            elif any(names_match(text, n, etype) or names_match(n, text, etype) for n in names):
                return cluster
        return None

    def add_for_country(self, mention: Mention, country_key: str) -> Cluster:
        """Put a capital standing for its government ("Moscow said") into its country's entity,
        starting that entity (named after the country) if the article has not named it yet."""
        cluster = self.country(country_key)
        if cluster is None:
            etype = "ORG" if country_key in SUPRANATIONAL else "GPE"
            cluster = Cluster(index=len(self.clusters), etype=etype, name=country_name(country_key))
            self.clusters.append(cluster)
            self._by_key[(_type_group(etype), country_key)] = cluster
        mention.etype = cluster.etype
        cluster.mentions.append(mention)  # not one of its names: "Moscow" never names Russia elsewhere
        return cluster

    def country(self, country_key: str) -> Cluster | None:
        """The place (or union) entity whose names have the alias key ``country_key``."""
        for group in ("PLACE", "ORG"):
            if (group, country_key) in self._by_key:
                return self._by_key[(group, country_key)]
        for cluster in self.clusters:
            if cluster.etype in ("GPE", "LOC", "ORG") and any(place_key(n) == country_key for n in cluster.names):
                return cluster
        return None

    def person_by_surname(self, word: str) -> Cluster | None:
        """The person whose name ends (or, for a first name, starts) with ``word``."""
        for cluster in reversed(self.clusters):
            if cluster.etype == "PERSON" and is_partial_name(word, cluster.name):
                return cluster
        return None

    @staticmethod
    def _key(text: str, etype: str) -> str:
        return " ".join(name_words(text)) if etype == "PERSON" else place_key(text)

    # pronouns

    def resolve_pronoun(self, mention: Mention, prefer: Cluster | None = None) -> Cluster | None:
        """The earlier entity a third-person pronoun refers to, or None."""
        word = mention.text.lower()
        if word in PERSON_PRONOUNS:
            return self._resolve_person_pronoun(mention, pronoun_gender(word), prefer)
        if word in NEUTER_PRONOUNS:
            return self._resolve_thing_pronoun(mention, prefer, ("ORG", "GPE", "NORP"))
        return None

    def _resolve_person_pronoun(self, mention: Mention, gender: Gender | None,
                                prefer: Cluster | None) -> Cluster | None:
        candidates = []
        for cluster in self.clusters:
            if cluster.etype != "PERSON" or not cluster.named:
                continue
            last = cluster.last_before(mention.start)
            if last is None or mention.sent - last.sent > PRONOUN_WINDOW:
                continue
            if gender and cluster.gender and cluster.gender != gender:
                continue
            if _bound_in_clause(mention, cluster):
                continue
            candidates.append(Candidate(cluster, self._salience(cluster, mention, gender, prefer)))
        if not candidates:
            return None
        return max(candidates, key=lambda c: c.score).cluster

    def _resolve_thing_pronoun(self, mention: Mention, prefer: Cluster | None,
                               types: tuple[str, ...]) -> Cluster | None:
        candidates = []
        for cluster in self.clusters:
            if cluster.etype not in types or not cluster.named:
                continue
            last = cluster.last_before(mention.start)
            if last is None or mention.sent - last.sent > 2 or last.in_quote != mention.in_quote:
                continue
            candidates.append(Candidate(cluster, self._salience(cluster, mention, None, prefer)))
        if not candidates:
            return None
        return max(candidates, key=lambda c: c.score).cluster

    @staticmethod
    def _salience(cluster: Cluster, mention: Mention, gender: Gender | None, prefer: Cluster | None) -> float:
        """Higher for the entity more likely meant: recent, a subject, often named, the last speaker."""
        earlier = [m for m in cluster.mentions if m.end <= mention.start]
        last = max(earlier, key=lambda m: m.start)
        distance = mention.sent - last.sent
        score = -1.5 * distance
        # within a sentence, closer is a little better
        if distance == 0:
            score -= 0.002 * min(mention.start - last.end, 500)
        recent = [m for m in earlier if mention.sent - m.sent <= 1]
        if any(m.subject for m in recent):
            score += 1.2
        if last.subject:
            score += 0.4
        if mention.subject and any(m.subject and m.kind != "name" for m in recent):
            score += 0.5  # a chain of subject pronouns keeps its referent
        if mention.parent_clause >= 0 and any(m.clause == mention.parent_clause and m.subject
                                              and m.sent == mention.sent for m in earlier):
            score += 1.5  # "X has said he is willing": he is X
        score += 0.3 * math.log1p(len(earlier))
        if gender and cluster.gender == gender:
            score += 0.8
        if last.in_quote and not mention.in_quote:
            score -= 1.0
        if prefer is not None and cluster is prefer:
            score += 0.8
        return score

    # nominals

    def resolve_nominal(self, mention: Mention, prefer: Cluster | None = None) -> Cluster | None:
        """The person (or organisation) a definite role noun refers to: "the envoy", "the U.S. ambassador"."""
        head = mention.head.lower()
        phrase = " ".join([*(w.lower() for w in mention.modifiers), head])
        mod_places = {place_key(w) for w in mention.modifiers}
        best: Candidate | None = None
        for cluster in self.clusters:
            if not cluster.named:
                continue
            last = cluster.last_before(mention.start)
            if last is None or mention.sent - last.sent > NOMINAL_WINDOW:
                continue
            score = self._nominal_score(cluster, head, phrase, mod_places)
            if score is None:
                continue
            score += -0.05 * (mention.sent - last.sent) + (1.0 if cluster is prefer else 0.0)
            if best is None or score > best.score:
                best = Candidate(cluster, score)
        if best is None:
            return self._person_by_description(mention, head, prefer)
        return best.cluster

    def _person_by_description(self, mention: Mention, head: str, prefer: Cluster | None) -> Cluster | None:
        """"The actress", "the GOP nominee" with no person introduced so: the salient recent person it fits.
        A place among the modifiers ("the Russian envoy") must be the person's stated affiliation."""
        gender = noun_gender(head)
        if gender is None and head not in ROLE_NOUNS:
            return None
        places = {place_key(w) for w in mention.modifiers if is_place_word(w)}
        candidates = []
        for cluster in self.clusters:
            if cluster.etype != "PERSON" or not cluster.named or (gender and cluster.gender
                                                                   and cluster.gender != gender):
                continue
            if cluster.role and head not in role_words(cluster.role):
                continue  # introduced with another role
            if places and (cluster.affiliation is None or place_key(cluster.affiliation) not in places):
                continue
            modifier_keys = {place_key(w) for w in mention.modifiers}
            if _party_conflict(cluster, modifier_keys) or self._named_elsewhere(cluster, mention.modifiers):
                continue
            last = cluster.last_before(mention.start)
            if last is None or mention.sent - last.sent > DESCRIPTION_WINDOW:
                continue
            candidates.append(Candidate(cluster, self._salience(cluster, mention, gender, prefer)))
        return max(candidates, key=lambda c: c.score).cluster if candidates else None

    def _named_elsewhere(self, cluster: Cluster, modifiers: tuple[str, ...]) -> bool:
        """"The FBI director", "the Indiana governor": a modifier naming an organisation or place the
        article mentions, when that is not the person's stated affiliation."""
        affiliation = place_key(cluster.affiliation) if cluster.affiliation else None
        for word in modifiers:
            key = place_key(word)
            if key in PARTIES or key == affiliation or not word[:1].isupper():
                continue
            if any(c.etype in ("ORG", "GPE", "LOC") and key in {place_key(n) for n in c.names} for c in self.clusters):
                return True
        return False

    @staticmethod
    def _nominal_score(cluster: Cluster, head: str, phrase: str, mod_places: set[str]) -> float | None:
        if cluster.etype == "PERSON":
            role = (cluster.role or "").lower()
            if not role or (head not in ROLE_NOUNS and noun_gender(head) is None):
                return None  # "the state" is no "Secretary of State"
            if _party_conflict(cluster, mod_places):
                return None
            spokesperson = head in SPOKESPERSON_NOUNS and any(s in role for s in SPOKESPERSON_NOUNS)
            if head in role_words(role) or spokesperson:
                score = 2.0
            elif head.replace("-", " ") in role:
                score = 1.5
            else:
                return None
            if cluster.affiliation and mod_places:
                affiliation = place_key(cluster.affiliation)
                score += 1.0 if affiliation in mod_places else -0.5
            return score
        if cluster.etype == "ORG" and cluster.name.lower().split()[-1] == head:
            return 1.0
        return None


# Party words as they modify a role ("the GOP nominee") or state an affiliation, by party.
PARTIES: dict[str, str] = {"gop": "republican", "republican": "republican", "republicans": "republican",
                           "democratic": "democratic", "democrat": "democratic", "democrats": "democratic"}


def _party_conflict(cluster: Cluster, modifier_keys: set[str]) -> bool:
    """"The Democratic nominee" cannot be a person introduced as a Republican."""
    party = PARTIES.get(place_key(cluster.affiliation)) if cluster.affiliation else None
    wanted = {PARTIES[k] for k in modifier_keys if k in PARTIES}
    return party is not None and bool(wanted) and party not in wanted


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


def _joins_person(text: str, names: set[str]) -> bool:
    """A lone word joins a person it is part of; a fuller name must fit all their fuller names."""
    if not any(_same_person(text, n) for n in names):
        return False
    if len(name_words(text)) == 1:
        return True
    return all(_same_person(text, n) for n in names if len(name_words(n)) > 1)


def _same_person(a: str, b: str) -> bool:
    return name_words(a) == name_words(b) or is_partial_name(a, b) or is_partial_name(b, a)


def _type_group(etype: str) -> str:
    return "PLACE" if etype in ("GPE", "LOC") else etype


def _bound_in_clause(pronoun: Mention, cluster: Cluster) -> bool:
    """'He praised him': a non-reflexive object pronoun cannot mean its own clause's subject."""
    if pronoun.subject or pronoun.clause < 0 or pronoun.text.lower() in ("himself", "herself", "his", "her"):
        return False
    return any(m.clause == pronoun.clause and m.subject and m.sent == pronoun.sent for m in cluster.mentions)


def learn_gender_from_pronouns(resolver: Resolver, pronouns: Iterable[Mention]) -> None:
    """Vote each person's gender from gendered pronouns that follow a sentence naming only them."""
    persons_by_sent: dict[int, set[int]] = {}
    for cluster in resolver.clusters:
        if cluster.etype == "PERSON":
            for m in cluster.mentions:
                persons_by_sent.setdefault(m.sent, set()).add(cluster.index)
    for p in pronouns:
        gender = pronoun_gender(p.text)
        if gender is None or p.in_quote:
            continue
        here = persons_by_sent.get(p.sent, set())
        before = persons_by_sent.get(p.sent - 1, set())
        named = here or before
        if len(named) == 1 and (not here or not before or here == before):
            resolver.clusters[next(iter(named))].vote_gender(gender, 1.0)
