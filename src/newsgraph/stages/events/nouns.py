"""Event nouns (the CAMEO dictionaries code verbs only): lemma -> CAMEO code.

Used only where a sentence has no coded verb ("Talks between X and Y ...", "a protest in ...").
The words are the PLOVER manual's own keywords for each category ("holding talks and
discussions" for CONSULT, "rally, gather to protest" for PROTEST, ...). The table of event nouns is
data, ``data/lexicons/event_nouns.json``; the short tables of what undoes them stay here.
"""

from __future__ import annotations

from newsgraph.stages.events.lexicon import lexicon_file

NOUN_EVENTS: dict[str, str] = {
    noun: code for group in lexicon_file("event_nouns.json")["groups"] for noun, code in group["nouns"].items()
}

# Restrictions a verb can lift, and what lifting them is (the manual: easing administrative
# restrictions and curfews is CONCEDE; easing a blockade, RETREAT 0872; economic sanctions, RETREAT 085).
LIFTED_RESTRICTIONS: dict[str, str] = {
    "blockade": "0872",
    "siege": "0872",
    "curfew": "081",
    "emergency": "081",
    "ban": "081",
    "restriction": "081",
    "closure": "081",
    "sanction": "085",
    "embargo": "085",
    "boycott": "085",
}

# "lift a blockade", "call off a strike", "end talks": a verb that undoes what the noun names
# codes the reverse event (CAMEO 0872 ease blockade, 082 ease dissent, 164 halt negotiations, ...).
REVERSED: dict[str, str] = {
    "COERCE": "0872",
    "SANCTION": "085",
    "PROTEST": "082",
    "CONSULT": "164",
    "ASSAULT": "087",
    "AID": "162",
    "MOBILIZE": "087",
    "THREATEN": "080",
}
# "a state of siege", "a round of talks", "ten days of war games": the event is the "of" noun
STATE_OF = {"emergency": "1724", "siege": "1724", "alert": "152"}  # "declared a state of emergency"
CONTAINER_NOUNS = {"state", "round", "series", "wave", "campaign", "day", "week", "spate", "string", "process"}
REVERSING_VERBS = {
    "lift",
    "ease",
    "end",
    "remove",
    "relax",
    "cancel",
    "drop",
    "halt",
    "suspend",
    "stop",
    "abandon",
    "scrap",
    "break",
    "revoke",
    "rescind",
    "loosen",
    "terminate",
    "postpone",
    "call",
}
