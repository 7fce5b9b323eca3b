"""Statements apart from beliefs: whether an attribution reports an act of saying or writing.

``speech`` is true when a word of the cue has its lemma in ``data/lexicons/speech_cues.txt`` (said, told,
wrote, tweeted, announced, added, ...), when the cue is "according to", a colon or a dash, or when the
content is a quoted passage (direct or mixed) whose cue holds no verb of another kind; it is false for
reported beliefs, findings, plans, expectations and refusals (believes, expects, shows, found, plans,
wants, declined). No spaCy here: the quotes stage passes the cue's lemmas.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

STRUCTURAL_CUES = frozenset({":", "—", "–", "-", "--", "―"})


@lru_cache(maxsize=1)
def speech_lemmas() -> frozenset[str]:
    text = resources.files("newsgraph").joinpath("data/lexicons/speech_cues.txt").read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if (w := line.split("#", 1)[0].strip().lower()))


def is_speech(cue_text: str | None, cue_lemmas: Sequence[str], verb_lemmas: Sequence[str], quoted: bool) -> bool:
    """``cue_lemmas``: lemmas of every word of the cue; ``verb_lemmas``: those of its verbs."""
    lexicon = speech_lemmas()
    if any(lemma in lexicon for lemma in cue_lemmas):
        return True
    cue = (cue_text or "").strip().lower()
    if cue in STRUCTURAL_CUES or cue == "according to" or cue.startswith("according"):
        return True
    return quoted and not verb_lemmas
