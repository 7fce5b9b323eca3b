"""Word lists for the claims stage: stance verbs and nouns, and the normalisation of content words.

A stance word says how its holder stands to a proposition: "alleged" asserts it, "denied" denies
it, "questioned" doubts it. Content words are normalised so that two statements of one
proposition meet: nominalisations go to their verb ("invasion" -> "invade"), near-synonyms to one
concept ("intention", "prepare" -> "plan").
"""

from __future__ import annotations

ASSERTS, DENIES, DOUBTS = "asserts", "denies", "doubts"

# Cue lemmas of reported speech and belief that take a stance on their content. Cues that report
# acts rather than propositions ("threaten", "decline", "urge", "discuss") are absent on purpose.
STANCE_VERBS: dict[str, str] = {
    **dict.fromkeys(
        (
            "say", "tell", "claim", "allege", "accuse", "warn", "insist", "argue", "believe", "confirm",
            "state", "add", "note", "emphasize", "emphasise", "stress", "report", "write", "explain",
            "acknowledge", "admit", "maintain", "contend", "suggest", "think", "conclude", "find", "show",
            "announce", "reveal", "indicate", "predict", "estimate", "assert", "charge", "declare",
            "testify", "recall", "according", "reiterate", "repeat", "point", "observe", "remark",
            "assure", "affirm", "concede", "suspect", "fear", "know", "feel", "deem", "consider",
            "describe", "call", "label", "brand", "blame", "complain",
            "caution", "signal", "hint", "imply", "assume", "guess", "reckon", "realize", "realise",
            "understand", "recognize", "recognise", "prove", "demonstrate", "establish", "determine",
            "tweet", "post", "comment", "respond", "reply", "answer", "counter", "retort",
        ),
        ASSERTS,
    ),
    **dict.fromkeys(
        (
            "deny", "reject", "dismiss", "refute", "dispute", "rebut", "disavow", "contradict", "debunk",
            "disprove", "discount", "repudiate", "disagree", "discredit", "downplay", "belittle",
        ),
        DENIES,
    ),
    **dict.fromkeys(("doubt", "question", "wonder", "challenge", "distrust", "mistrust"), DOUBTS),
}

# Nouns naming a stance toward a clause they govern ("allegations that ...", "Russia's denial that").
STANCE_NOUNS: dict[str, str] = {
    **dict.fromkeys(
        (
            "allegation", "claim", "accusation", "assertion", "charge", "belief", "suspicion", "fear",
            "report", "statement", "insistence", "argument", "contention", "warning", "assessment",
            "conclusion", "finding", "view", "conviction", "admission", "confirmation", "prediction",
            "estimate", "suggestion", "notion", "idea", "assumption", "rumor", "rumour", "speculation",
        ),
        ASSERTS,
    ),
    **dict.fromkeys(("denial", "rejection", "dismissal", "refutation", "rebuttal"), DENIES),
    **dict.fromkeys(("doubt", "skepticism", "scepticism", "question", "uncertainty", "disbelief"), DOUBTS),
}

# Adjectives that make their subject a doubter or an asserter ("X is skeptical that ...").
STANCE_ADJECTIVES: dict[str, str] = {
    **dict.fromkeys(("skeptical", "sceptical", "doubtful", "unconvinced", "dubious", "unsure"), DOUBTS),
    **dict.fromkeys(("confident", "convinced", "certain", "sure", "adamant", "aware"), ASSERTS),
}

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
STOP_LEMMAS = frozenset(
    (
        "be", "have", "do", "make", "get", "take", "go", "come", "say", "tell", "will", "would", "can", "could",
        "may", "might", "must", "shall", "should", "include", "continue", "keep", "become", "seem", "let",
        "put", "give", "use", "want", "need", "try", "see", "look", "know", "think", "thing", "way", "time",
        "year", "day", "week", "month", "people", "lot", "other", "more", "many", "much", "such", "own", "new",
        "first", "last", "next", "same", "few", "several", "some", "any", "all", "very", "just", "also",
        "even", "still", "only", "part", "kind", "sort", "number", "one", "today", "yesterday", "tomorrow",
        "mr", "mrs", "ms", "per", "cent", "percent", "about", "there", "here", "this", "that", "these",
        "those", "what", "which", "who", "whom", "whose", "where", "when", "why", "how", "clearly",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "again", "already",
        "well", "able", "likely", "really", "actually", "fact", "case", "point", "issue", "matter",
    )
)

# Near-synonyms and irregular nominalisations -> one concept.
CONCEPTS: dict[str, str] = {
    # plans and intentions
    "intend": "plan", "intention": "plan", "intent": "plan", "prepare": "plan", "preparation": "plan",
    "plot": "plan", "aim": "plan", "scheme": "plan", "plan": "plan", "prepared": "plan",
    # armed attack
    "invade": "attack", "invasion": "attack", "attack": "attack", "assault": "attack", "offensive": "attack",
    "incursion": "attack",
    # killing, dying
    "kill": "kill", "killing": "kill", "murder": "kill", "slay": "kill", "slaying": "kill", "death": "die",
    "dead": "die", "die": "die",
    # detention
    "arrest": "arrest", "detain": "arrest", "detention": "arrest", "custody": "arrest", "jail": "arrest",
    "imprison": "arrest", "imprisonment": "arrest",
    # change in amount
    "rise": "increase", "raise": "increase", "grow": "increase", "growth": "increase", "boost": "increase",
    "increase": "increase", "cut": "decrease", "reduce": "decrease", "reduction": "decrease",
    "decline": "decrease", "drop": "decrease", "fall": "decrease", "decrease": "decrease",
    "lower": "decrease",
    # irregular verb <-> noun pairs
    "expansion": "expand", "decision": "decide", "permission": "permit", "admission": "admit",
    "suspension": "suspend", "extension": "extend", "explosion": "explode", "destruction": "destroy",
    "production": "produce", "introduction": "introduce", "failure": "fail", "departure": "depart",
    "threat": "threaten", "sale": "sell", "loss": "lose", "proof": "prove", "choice": "choose",
    "flight": "fly", "response": "respond", "defense": "defend", "defence": "defend", "collapse": "collapse",
    "victory": "win", "defeat": "lose", "withdrawal": "withdraw", "approval": "approve",
    "refusal": "refuse", "denial": "deny", "agreement": "agree", "payment": "pay", "support": "support",
    "backing": "support", "endorsement": "support", "funding": "fund", "finance": "fund",
    "election": "elect", "vote": "vote", "voting": "vote", "ban": "ban", "prohibition": "ban",
    "sanction": "sanction", "deployment": "deploy", "deploy": "deploy", "movement": "move",
    "investigation": "investigate", "probe": "investigate", "inquiry": "investigate",
    "corruption": "corrupt", "bribe": "bribe", "bribery": "bribe", "fraud": "fraud", "lie": "lie",
    "collusion": "collude", "interference": "interfere", "meddling": "interfere", "meddle": "interfere",
    "negotiation": "negotiate", "talk": "negotiate", "escalation": "escalate", "mobilization": "mobilize",
    "mobilisation": "mobilize", "occupation": "occupy", "annexation": "annex", "protest": "protest",
    "resignation": "resign", "appointment": "appoint", "nomination": "nominate", "violation": "violate",
    "breach": "violate", "abuse": "abuse", "harassment": "harass", "assistance": "help", "aid": "help",
    "help": "help",
}

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
