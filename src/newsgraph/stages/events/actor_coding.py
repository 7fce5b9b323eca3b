"""CAMEO-style actor codes for noun phrases: ISO 3166 alpha-3 country (or IGO/NGO/...) plus sector.

"Russian troops" -> RUS + MIL; "U.S. Secretary of State Antony Blinken" -> USA + GOV; "NATO" -> IGO.
Names come from the Phoenix actor dictionaries, role nouns from Phoenix.agents.txt (both MIT,
(c) Open Event Data Alliance; converted by ``scripts/build_cameo_data.py``), so a person the
dictionaries lack is still coded from what the article says ("Russian Foreign Minister Sergey Lavrov").
The CAMEO code tables (non-state codes, sectors, codes naming no state, legacy codes) are data,
``data/lexicons/event_actor_codes.json``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from newsgraph.cameo import actor_dictionary, read_table
from newsgraph.stages.events.lexicon import lexicon_file

MAX_NGRAM = 7
_CODES = lexicon_file("event_actor_codes.json")  # the CAMEO actor codes' own tables
# Non-country actor codes (CAMEO): their three letters are the code, what follows is no sector.
NON_STATE: frozenset[str] = frozenset(_CODES["non_state"])
SECTORS: frozenset[str] = frozenset(_CODES["sectors"])
# CAMEO region, religion and other non-country codes: they name no state.
NOT_COUNTRIES: frozenset[str] = frozenset(_CODES["not_countries"])
LEGACY_CODES: dict[str, str] = dict(_CODES["legacy_codes"])
# Generic role nouns the agents file lacks (its regular plurals are generated: "troops" -> "troop").
AGENT_SUPPLEMENT = {
    "force": "MIL",
    "official": "GOV",
    "negotiator": "GOV",
    "authority": "GOV",
    "authorities": "GOV",
    "tank": "MIL",
    "brigade": "MIL",
    "warplane": "MIL",
    "jet": "MIL",
}
SIDING = {"pro", "anti"}
# Words that match actor-dictionary entries but are too ambiguous alone ("us", "chad", "turkey" the bird).
AMBIGUOUS = {"georgia", "jordan river", "china town", "guinea pig", "may", "bar", "man"}


@dataclass(frozen=True, slots=True)
class ActorCode:
    code: str | None
    sector: str | None


NAME_STOPWORDS = {"of", "the", "and", "for", "inc", "corp", "co", "ltd", "bank", "group", "party", "fund"}


@lru_cache(maxsize=1)
def surname_dictionary() -> dict[str, str]:
    """Lower-case surname -> country code, for surnames only one country's listed people bear
    ("mugabe" -> ZWE from "robert mugabe"): news names office-holders by title and surname."""
    seen: dict[str, set[str]] = {}
    for name, full in actor_dictionary().items():
        words = name.split()
        if not 2 <= len(words) <= 4 or any(w in NAME_STOPWORDS or not w.isalpha() for w in words):
            continue
        coded = split_code(full)
        if coded.code is None or coded.code in NON_STATE or full[:3] in NON_STATE:
            continue
        surname = words[-1]
        if len(surname) >= 4 and surname not in actor_dictionary():
            seen.setdefault(surname, set()).add(coded.code)
    return {surname: next(iter(codes)) for surname, codes in seen.items() if len(codes) == 1}


@lru_cache(maxsize=1)
def agent_dictionary() -> dict[str, str]:
    """Lower-case role noun phrase -> sector code ("foreign minister" -> "GOV")."""
    table = dict(read_table("cameo", "agents.json.gz"))
    for word, sector in AGENT_SUPPLEMENT.items():
        table.setdefault(word, sector)
    return table


def split_code(full: str) -> ActorCode:
    """Split a full code: "RUSGOV" -> RUS + GOV; "IGOWSTNAT" -> IGO + None."""
    full = full.strip().upper()
    code = LEGACY_CODES.get(full[:3], full[:3])
    if code in NOT_COUNTRIES:
        rest = full[3:6]
        return ActorCode(None, rest if rest in SECTORS else None)
    if code in NON_STATE:
        return ActorCode(code, None)
    rest = full[3:6]
    return ActorCode(code, rest if rest in SECTORS else None)


def _longest_matches(
    words: Sequence[str], table: dict[str, str], longest: int = MAX_NGRAM
) -> list[tuple[int, int, str]]:
    """Non-overlapping longest matches, left to right: (start, end, value)."""
    out: list[tuple[int, int, str]] = []
    i = 0
    n = len(words)
    while i < n:
        for j in range(min(n, i + longest), i, -1):
            key = " ".join(words[i:j])
            if key in table and key not in AMBIGUOUS:
                out.append((i, j, table[key]))
                i = j
                break
        else:
            i += 1
    return out


def code_words(
    words: Sequence[str], lemmas: Sequence[str] | None = None, cased: Sequence[str] | None = None
) -> ActorCode:
    """Code a phrase given as lower-case words (and their lemmas): country from the actor
    dictionary (the longest name wins), sector from the actor code or else from a role noun."""
    actors = actor_dictionary()
    # regular plurals of names and nationalities ("Albanians", "Turks") are not listed
    words = [w[:-1] if w.endswith("s") and w not in actors and w[:-1] in actors else w for w in words]
    # "pro-Iranian Hizbollah", "anti-Syrian militia": the country named is not the actor's
    matches = [
        m
        for m in _longest_matches(words, actors)
        if not (m[0] >= 2 and words[m[0] - 1] == "-" and words[m[0] - 2] in SIDING)
    ]
    if cased is not None:  # "US" as a word counts only in capitals
        matches = [m for m in matches if not (words[m[0] : m[1]] == ["us"] and cased[m[0]] != "US")]
    code: str | None = None
    sector: str | None = None
    coded = [(m, split_code(m[2])) for m in matches]
    for (i, j, _), c in list(coded):  # "Palestinian Islamic Jihad" is a region code: try "Palestinian"
        if c.code is None and j - i > 1:
            inner = [(i + a, i + b, v) for a, b, v in _longest_matches(words[i:j], actors, j - i - 1)]
            coded.extend((m, split_code(m[2])) for m in inner)
    with_country = [(m, c) for m, c in coded if c.code]
    if with_country:
        # the first name or nationality ("Russian", "U.N. mediator ...") names the country
        first = min(with_country, key=lambda mc: (mc[0][0], -(mc[0][1] - mc[0][0])))[1]
        code = first.code
        sector = first.sector or next(
            (c.sector for _, c in with_country if c.code == code and c.sector), None
        )
    elif coded:
        sector = next((c.sector for _, c in coded if c.sector), None)
    if sector is None:
        agents = agent_dictionary()
        for seq in (words, lemmas):
            if seq is None:
                continue
            found = _longest_matches(seq, agents)
            if found:
                sector = max(found, key=lambda m: (m[1] - m[0], m[0]))[2][:3]
                break
    if code is None and sector is None:
        return ActorCode(None, None)
    return ActorCode(code, sector)
