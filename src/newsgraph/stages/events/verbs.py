"""The PLOVER manual's own verbs for each event type, as CAMEO cue codes.

The CAMEO verb dictionary leaves some common verbs without a default code (REJECT, REFUSE, SEND
...) or gives them a code PLOVER files elsewhere (AGREE -> 050 "diplomatic cooperation", while the
manual defines AGREE as "agree to, offer, promise"). These verbs, taken from the manual's
definitions of the 16 types, decide where no CAMEO pattern word matched. The table is data,
``data/lexicons/event_manual_verbs.json``: lemma -> CAMEO code, grouped by type with the manual's definition.
"""

from __future__ import annotations

from newsgraph.stages.events.lexicon import lexicon_file

MANUAL_VERBS: dict[str, str] = {
    verb: code for group in lexicon_file("event_manual_verbs.json")["groups"] for verb, code in group["verbs"].items()
}
