"""How an event is stated: its modality (negated, conditional, threatened, planned, reported or asserted),
PLOVER's tense and polarity adjustment of its type (``adjust_type``: future cooperation is AGREE, a refused
one REJECT), an obligation stated by someone else and who states it, the quote that reports the event and
the date attached to its trigger.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from newsgraph.records import Quote, Span, TimeExpression
from newsgraph.stages.events.arguments import CONDITION_MARKS, SUBJECT_DEPS, is_infinitive
from newsgraph.stages.parse import head_chain

FUTURE_AUX = {"will", "would", "shall", "'ll"}
PLAN_VERBS = {
    "plan",
    "expect",
    "schedule",
    "intend",
    "prepare",
    "set",
    "due",
    "aim",
    "hope",
    "seek",
    "want",
    "agree",
    "decide",
    "promise",
    "pledge",
    "vow",
    "offer",
}
THREAT_VERBS = {"threaten", "warn", "vow"}
REPORT_VERBS = {
    "say",
    "tell",
    "report",
    "claim",
    "state",
    "announce",
    "add",
    "note",
    "quote",
    "believe",
    "according",
    "insist",
    "confirm",
    "allege",
    "write",
    "think",
}
COOPERATIVE = {"CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "CONCEDE", "AGREE"}
CONFLICTUAL = {"PROTEST", "ASSAULT", "COERCE", "MOBILIZE"}
WILLING = {"willing", "ready", "prepared", "committed", "determined", "eager"}


def _clause_chain(token: Token) -> list[Token]:
    """The token and up to seven of its heads, nearest first."""
    return [token, *head_chain(token, 7)]


def _verb_at_or_above(token: Token, limit: int = 6) -> Token:
    """The nearest verb or auxiliary at or above ``token`` within ``limit`` steps, else where the walk stops."""
    node = token
    for head in head_chain(token, limit):
        if node.pos_ in {"VERB", "AUX"}:
            break
        node = head
    return node


def modality(trigger: Token, plover_type: str, reported: bool) -> str:
    chain = _clause_chain(trigger)
    # stop at the first reporting verb: what governs the report is not the event's modality
    local: list[Token] = []
    own_clause = True
    for node in chain:
        if node is not trigger and node.lemma_.lower() in REPORT_VERBS:
            reported = True
            break
        if own_clause:
            local.append(node)
        if node.dep_ == "conj" and any(c.dep_ in SUBJECT_DEPS for c in node.children):
            own_clause = False  # "cannot accept ..., and Moscow should withdraw": a clause of its own
    for node in local:
        if any(c.dep_ == "neg" for c in node.children):
            return "negated"
        if any(c.dep_ == "det" and c.lower_ == "no" for c in node.children) and node.pos_ == "NOUN":
            return "negated"
    for node in local:
        if node.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in node.children
        ):
            return "conditional"
        if node.dep_ == "advcl" and any(c.lower_ == "should" and c.i < node.i for c in node.children):
            return "conditional"
    for node in [trigger, *[c for c in trigger.children if c.dep_ in {"xcomp", "ccomp"}]]:
        for child in node.children:
            if child.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ in CONDITION_MARKS for m in child.children
            ):
                return "conditional"
    for node in local[1:]:
        if node.lemma_.lower() in THREAT_VERBS and plover_type != "THREATEN":
            return "threatened"
    for node in local:
        if any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in node.children):
            return "planned"
        if node is not trigger and node.lemma_.lower() in PLAN_VERBS:
            return "planned"
        if any(c.dep_ == "aux" and c.lower_ == "going" for c in node.children):
            return "planned"
    return "reported" if reported else "asserted"


def _own_clause(trigger: Token) -> list[Token]:
    """The trigger and the verbs/adjectives it hangs from up to its clause head (xcomp chain)."""
    chain = [trigger]
    node = trigger
    while (
        node.dep_ in {"xcomp", "acomp", "conj"} or node.dep_ == "advcl" and is_infinitive(node)
    ) and node.head.i != node.i and len(chain) < 5:
        node = node.head
        chain.append(node)
    return chain


def _is_negated(trigger: Token) -> bool:
    return any(c.dep_ == "neg" for node in _own_clause(trigger) for c in node.children)


def _is_future(trigger: Token) -> bool:
    """Future or intended: "will meet", "would support", "is willing to withdraw"."""
    for node in _own_clause(trigger):
        if any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in node.children):
            return True
        if node is not trigger and node.lower_ in WILLING:
            return True
    return False


def is_obligation(trigger: Token) -> bool:
    """An obligation stated by someone else: "Sudan must return the helicopter"."""
    return any(c.dep_ == "aux" and c.lower_ in {"must", "should"} for c in trigger.children)


def reporter_of(trigger: Token) -> Token | None:
    """Who states the obligation: the subject of the verb the trigger's clause is embedded under
    ("Russia said Sudan must return ...", "Chirac issued a reminder to Iraq that it must ...")."""
    for node in head_chain(trigger, 5):
        if node.pos_ in {"VERB", "AUX"}:
            subject = next((c for c in node.children if c.dep_ == "nsubj"), None)
            if subject is not None:
                return subject
    return None


def adjust_type(trigger: Token, event_type: str) -> str:
    """PLOVER's rules for tense and polarity: future cooperation is AGREE, future force a THREATEN,
    a refused cooperation a REJECT ("will not accept")."""
    negated = _is_negated(trigger)
    if negated and event_type in COOPERATIVE:
        return "REJECT"
    if not negated and _is_future(trigger):
        if event_type in COOPERATIVE:
            return "AGREE"
        if event_type in CONFLICTUAL:
            return "THREATEN"
    return event_type


def reporting_quote(quotes: list[Quote], trigger: Span) -> int | None:
    for index, quote in enumerate(quotes):
        if any(part.start <= trigger.start and trigger.end <= part.end for part in quote.content):
            return index
    return None


def attached_date(doc: Doc, trigger: Token, times: list[TimeExpression]) -> str | None:
    sent = trigger.sent
    best: tuple[int, str] | None = None
    anchor = _verb_at_or_above(trigger)  # a noun trigger ("a trip ... for talks") is dated through its verb
    for timex in times:
        if not timex.value or timex.start < sent.start_char or timex.end > sent.end_char:
            continue
        if timex.type not in {"DATE", "TIME"}:  # "in decades", "every week" date nothing
            continue
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        node = _verb_at_or_above(span.root)
        if node.i not in {trigger.i, anchor.i} and node.lemma_.lower() in REPORT_VERBS:
            continue  # "X said Sunday that ...": the day of the statement, not of the event
        if (
            node.i in {trigger.i, anchor.i}
            or anchor.i in {n.i for n in _clause_chain(node)[:2]}
            or node.i in {n.i for n in _clause_chain(anchor)[:2] if n.pos_ in {"VERB", "AUX"}}
        ):
            rank = abs(span.root.i - trigger.i)
            if best is None or rank < best[0]:
                best = (rank, timex.value)
    return best[1] if best else None
