"""Word lists for the claims stage: stance verbs and nouns, and the normalisation of content words.

A stance word says how its holder stands to a proposition: "alleged" asserts it, "denied" denies
it, "questioned" doubts it. Content words are normalised so that two statements of one
proposition meet: nominalisations go to their verb ("invasion" -> "invade"), near-synonyms to one
concept ("intention", "prepare" -> "plan").

The long lists are data in ``newsgraph/data/lexicons/``, read once at import: ``claim_stance_words.tsv``
(``STANCE_VERBS``, ``STANCE_NOUNS``, ``STANCE_ADJECTIVES``: kind, lemma and stance a line),
``claim_stop_lemmas.txt`` (``STOP_LEMMAS``, a lemma a line) and ``claim_concepts.tsv`` (``CONCEPTS``, word
and concept a line); in each, a line starting with "#" is a comment. The short lists stay here.
"""

from __future__ import annotations

from importlib import resources

ASSERTS, DENIES, DOUBTS = "asserts", "denies", "doubts"
STANCES = {stance: stance for stance in (ASSERTS, DENIES, DOUBTS)}


def read_rows(name: str) -> list[list[str]]:
    """The tab-separated fields of each line of ``data/lexicons/<name>`` that is not a comment."""
    text = resources.files("newsgraph").joinpath(f"data/lexicons/{name}").read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


def read_stance_words() -> dict[str, dict[str, str]]:
    """Stance of each lemma by kind of word ("verb", "noun", "adjective"), in file order."""
    words: dict[str, dict[str, str]] = {"verb": {}, "noun": {}, "adjective": {}}
    for kind, lemma, stance in read_rows("claim_stance_words.tsv"):
        words[kind][lemma] = STANCES[stance]
    return words


_STANCE_WORDS = read_stance_words()

# Cue lemmas of reported speech and belief that take a stance on their content; nouns naming a stance
# toward a clause they govern ("allegations that ..."); adjectives that make their subject a doubter or an
# asserter ("X is skeptical that ...").
STANCE_VERBS: dict[str, str] = _STANCE_WORDS["verb"]
STANCE_NOUNS: dict[str, str] = _STANCE_WORDS["noun"]
STANCE_ADJECTIVES: dict[str, str] = _STANCE_WORDS["adjective"]

# Verbs that hand their object's stance to their subject ("X raised doubts that ...").
LIGHT_STANCE_VERBS = frozenset(
    ("make", "voice", "express", "raise", "cast", "level", "repeat", "echo", "issue", "share", "air", "have",
     "hold", "renew", "reiterate", "offer", "give", "publish", "file", "lodge", "bring"))

# Subordinators of clauses that are not part of the proposition ("... if Russia invades").
CONDITIONAL_MARKS = frozenset(("if", "unless", "whether", "once", "until", "lest", "provided", "when"))

# First-person "we urge ...": speech acts, not propositions.
PERFORMATIVES = frozenset(
    ("urge", "call", "ask", "thank", "welcome", "hope", "want", "wish", "invite", "appeal", "encourage",
     "congratulate", "demand", "request", "beg", "implore", "promise", "pledge", "vow", "commit",
     "apologize", "apologise", "offer", "propose", "recommend", "invite", "let"))

FIRST_PERSON = frozenset(("i", "we", "us", "our", "ours", "me", "my", "mine", "myself", "ourselves"))

NEGATORS = frozenset(("not", "n't", "never", "no", "neither", "nor", "nobody", "nothing", "none", "nowhere"))

# Words too common or too light to tell propositions apart.
STOP_LEMMAS = frozenset(row[0] for row in read_rows("claim_stop_lemmas.txt"))

# Near-synonyms and irregular nominalisations -> one concept.
CONCEPTS: dict[str, str] = {word: concept for word, concept in read_rows("claim_concepts.tsv")}

# Concepts that frame another ("plans to ...", "is ready to ..."): two statements sharing only these
# and entities are not yet one proposition.
FRAME_CONCEPTS = frozenset(
    ("plan", "want", "try", "attempt", "begin", "start", "stop", "decide", "able", "ready", "willing",
     "need", "seek", "expect", "hope", "agree", "refuse", "fail", "likely", "possible", "going", "help",
     "support", "continue", "allow", "order", "report", "accord", "claim", "believe", "consider"))

WH_WORDS = frozenset(("why", "how", "what", "whether", "who", "whom", "when", "where", "which", "if"))

# Suffixes of nominalisations whose stem is a verb of the same article ("deployment" -> "deploy").
NOMINAL_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("ation", ""), ("ation", "e"), ("ition", ""), ("ition", "e"), ("ion", ""), ("ion", "e"),
    ("ment", ""), ("al", ""), ("al", "e"), ("ance", ""), ("ance", "e"), ("ence", ""), ("ence", "e"),
    ("ure", ""), ("ure", "e"), ("ing", ""), ("ing", "e"),
)
