"""End to end on the seed article (VOA, 2022-01-31): every quote found, each speaker named in full.

Reads ``../shared/data/seed/articles.jsonl`` and skips when it is absent. Quotes are located by a
piece of their content text, never by offsets.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newsgraph.ingest import read_inputs
from newsgraph.records import Article, ArticleRecord, Entity, Quote

# Attributions reported inside another's content that newsgraph_quotes_v2 misses: its tagger's one BIO layer
# cannot mark them and adding the rules' nested ones lowered PolNeAR dev (docs/measurements.md). Known regressions.
NESTED = "nested attribution, missed by newsgraph_quotes_v2 (see docs/measurements.md)"

# (a piece of the quote's content, the speaker's full name, role, affiliation); None: not checked.
PERSON_QUOTES: list[Any] = [
    ("We urge Russia to step back", "Boris Johnson", "Prime Minister", "British"),
    ("The situation we’re facing in Europe", "Linda Thomas-Greenfield", "Ambassador", "U.S."),
    ("the more than 100,000 troops", "Linda Thomas-Greenfield", "Ambassador", "U.S."),
    ("This is the largest", "Linda Thomas-Greenfield", None, None),
    ("And as we speak", "Linda Thomas-Greenfield", None, None),
    ("that included the nearly 5,000", "Linda Thomas-Greenfield", None, None),
    ("There is evidence Moscow plans", "Linda Thomas-Greenfield", None, None),
    ("Russia’s aggression threatens Ukraine", "Linda Thomas-Greenfield", "Ambassador", "U.S."),
    ("An order that, if it stands for anything", "Linda Thomas-Greenfield", None, None),
    ("If Russia is sincere", "Joe Biden", "President", None),
    ("If instead, Russia chooses", "Joe Biden", None, None),
    ("We continue to urge diplomacy", "Joe Biden", None, None),
    ("Russia is not “scared”", "Vassily Nebenzia", "Ambassador", "Russian"),
    ("The deployment of Russian troops", "Vassily Nebenzia", None, None),
    ("the United States and Western colleagues were acting", "Vassily Nebenzia", None, None),
    ("Our Western colleagues are talking", "Vassily Nebenzia", None, None),
    ("All Russian officials", "Vassily Nebenzia", None, None),
    ("Ukraine simply cannot accept", "Sergiy Kyslytsya", "envoy", "Ukrainian"),
    ("Ukraine strongly rejects", "Sergiy Kyslytsya", None, None),
    ("The most principled position", "Sergiy Kyslytsya", None, None),
    ("Kyiv is prepared to defend itself", "Sergiy Kyslytsya", None, None),
    ("Zelenskiy has said he is willing", "Sergiy Kyslytsya", None, None),
    # a statement reported inside another's content ("He noted that ... Zelenskiy has said he is willing"): the
    # tagger's single BIO layer cannot mark it, and adding the rules' nested attributions lowered PolNeAR dev
    # (docs/measurements.md), so newsgraph_quotes_v2 misses it: a known regression, not a passing check
    pytest.param("he is willing to meet with Russian President", "Volodymyr Zelenskiy", "President", None,
                 marks=pytest.mark.xfail(strict=True, reason=NESTED)),
    ("If Russia has any questions to Ukraine", "Sergiy Kyslytsya", "envoy", "Ukrainian"),
    ("a Russian invasion is “imminent", "Sergiy Kyslytsya", None, None),
    ("Imminent, the first meaning", "Sergiy Kyslytsya", None, None),
    ("So, we have to work very hard", "Sergiy Kyslytsya", None, None),
    ("we continue to see, even over the course", "John Kirby", "Pentagon press secretary", "U.S."),
    ("increasing naval activity in the Mediterranean", "John Kirby", None, None),
    ("the Russian movements “concerning", "John Kirby", None, None),
    ("NATO has no intention of sending troops", "Jens Stoltenberg", "Secretary-General", "NATO"),
]

# Countries and organisations as speakers: (a piece of the content, the entity's name, its type).
BODY_QUOTES: list[Any] = [
    ("a U.S. document failed to address", "Russia", "GPE"),
    ("it has no plans to invade Ukraine again", "Russia", "GPE"),
    pytest.param("to increase their number to 30,000 troops", "Russia", "GPE",
                 marks=pytest.mark.xfail(strict=True, reason=NESTED)),
    pytest.param("keeping diplomatic channels with Moscow open", "Ukraine", "GPE",
                 marks=pytest.mark.xfail(strict=True, reason=NESTED)),
]


@pytest.fixture(scope="module")
def seed_record(shared_data: Path, extractor) -> ArticleRecord:  # type: ignore[no-untyped-def]
    path = shared_data / "seed" / "articles.jsonl"
    if not path.is_file():
        pytest.skip("seed article absent")
    articles = [a for a in read_inputs([path]) if isinstance(a, Article)]
    assert len(articles) == 1
    return extractor.extract(articles[0])  # type: ignore[no-any-return]


def quote_with(record: ArticleRecord, piece: str) -> Quote:
    """The quote with the shortest content that holds ``piece``."""
    text = record.text
    holding = [q for q in record.quotes if any(piece in s.text_of(text) for s in q.content)]
    assert holding, f"no quote holds {piece!r}"
    return min(holding, key=lambda q: sum(s.end - s.start for s in q.content))


def entity_named(record: ArticleRecord, name: str) -> Entity:
    found = [e for e in record.entities if e.name == name]
    assert len(found) == 1, f"{len(found)} entities named {name!r}"
    return found[0]


@pytest.mark.slow
@pytest.mark.parametrize(("piece", "name", "role", "affiliation"), PERSON_QUOTES)
def test_person_quote_names_speaker_in_full(seed_record: ArticleRecord, piece: str, name: str,
                                            role: str | None, affiliation: str | None) -> None:
    speaker = quote_with(seed_record, piece).speaker
    assert speaker is not None
    assert speaker.name == name
    entity = seed_record.entity(speaker.entity or "")
    assert entity is not None and entity.type == "PERSON" and entity.name == name
    if role is not None:
        assert speaker.role == role
    if affiliation is not None:
        assert speaker.affiliation == affiliation


@pytest.mark.slow
@pytest.mark.parametrize(("piece", "name", "etype"), BODY_QUOTES)
def test_country_quote_names_its_country(seed_record: ArticleRecord, piece: str, name: str, etype: str) -> None:
    speaker = quote_with(seed_record, piece).speaker
    assert speaker is not None and speaker.name == name
    entity = seed_record.entity(speaker.entity or "")
    assert entity is not None and (entity.name, entity.type) == (name, etype)


@pytest.mark.slow
def test_generic_source_keeps_its_affiliation(seed_record: ArticleRecord) -> None:
    speaker = quote_with(seed_record, "to discuss its contents").speaker
    assert speaker is not None and speaker.entity is None
    assert speaker.affiliation == "State Department"


@pytest.mark.slow
def test_every_person_source_is_resolved(seed_record: ArticleRecord) -> None:
    """No quote whose source is a pronoun, surname or role noun is left with that mention as its name."""
    text = seed_record.text
    for quote in seed_record.quotes:
        if quote.source is None or quote.speaker is None:
            continue
        source = quote.source.text_of(text)
        if source.lower() in ("he", "she", "the envoy", "the u.s. ambassador") or source in (
                "Johnson", "Thomas-Greenfield", "Biden", "Nebenzia", "Kyslytsya", "Kirby"):
            assert quote.speaker.entity is not None, source
            assert len(quote.speaker.name.split()) >= 2, (source, quote.speaker.name)


@pytest.mark.slow
def test_entities_have_one_canonical_name(seed_record: ArticleRecord) -> None:
    text = seed_record.text
    greenfield = entity_named(seed_record, "Linda Thomas-Greenfield")
    assert {m.text_of(text) for m in greenfield.mentions} >= {"Linda Thomas-Greenfield", "Thomas-Greenfield",
                                                               "She", "she", "The U.S. ambassador"}
    united_states = entity_named(seed_record, "United States")
    assert {m.text_of(text) for m in united_states.mentions} >= {"United States", "U.S."}
    assert not [e for e in seed_record.entities if e.name in ("U.S.", "Thomas-Greenfield", "Nebenzia")]
    assert entity_named(seed_record, "Sergiy Kyslytsya").mentions[0].text_of(text) == "Sergiy Kyslytsya"
    # a capital standing for its government is a mention of the country; the city stays a place
    russia = entity_named(seed_record, "Russia")
    assert "Moscow" in {m.text_of(text) for m in russia.mentions}
    assert entity_named(seed_record, "Moscow").type == "GPE"  # "published in Moscow"
    # a nationality is linked to the country the article names
    russian = entity_named(seed_record, "Russian")
    assert (russian.type, russian.affiliation) == ("NORP", "Russia")
