"""Event nouns (the CAMEO dictionaries code verbs only): lemma -> CAMEO code.

Used only where a sentence has no coded verb ("Talks between X and Y ...", "a protest in ...").
The words are the PLOVER manual's own keywords for each category ("holding talks and
discussions" for CONSULT, "rally, gather to protest" for PROTEST, ...).
"""

from __future__ import annotations

NOUN_EVENTS: dict[str, str] = {
    # CONSULT
    "talk": "040",
    "meeting": "040",
    "negotiation": "046",
    "summit": "040",
    "visit": "042",
    "consultation": "040",
    "discussion": "040",
    "call": "041",
    "mediation": "045",
    "welcome": "043",  # "gave a warm welcome to": hosting a visit
    # AGREE / SUPPORT / AID
    "agreement": "057",
    "accord": "057",
    "treaty": "057",
    "aid": "070",
    "assistance": "070",
    "grant": "070",
    "loan": "071",
    "donation": "070",
    # REQUEST
    "demand": "100",
    "appeal": "020",
    "request": "020",
    # ACCUSE
    "accusation": "112",
    "criticism": "111",
    "condemnation": "111",
    "investigation": "090",
    "probe": "090",
    "inquiry": "090",
    "hearing": "090",
    "lawsuit": "115",
    # REJECT / THREATEN
    "rejection": "120",
    "refusal": "120",
    "veto": "129",
    "threat": "130",
    "ultimatum": "139",
    # PROTEST
    "protest": "140",
    "demonstration": "141",
    "rally": "141",
    "strike": "143",
    "boycott": "143",
    "riot": "145",
    # MOBILIZE
    "buildup": "154",
    "build-up": "154",
    "deployment": "154",
    "mobilization": "154",
    "mobilisation": "154",
    "alert": "152",  # "troops remained on alert"
    # SANCTION / COERCE
    "sanction": "163",
    "embargo": "163",
    "blockade": "191",
    "arrest": "173",
    "curfew": "1723",
    "expulsion": "166",
    "suspension": "160",
    # ASSAULT
    "attack": "190",
    "clash": "190",
    "fighting": "190",
    "shelling": "194",
    "airstrike": "195",
    "bombing": "183",
    "assassination": "186",
    "massacre": "200",
    "raid": "190",
    "ambush": "190",
    "invasion": "190",
    # RETREAT
    "withdrawal": "087",
    "ceasefire": "0871",
    "truce": "0871",
    "release": "0841",
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
