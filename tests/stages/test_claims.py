"""Tests for the claims stage: propositions, who asserts, denies or doubts them, and their linking."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsgraph.records import CLAIM_STANCES, Article, Claim
from newsgraph.stages.claims import lexicon
from newsgraph.stages.claims.lexicon import ASSERTS, DENIES, DOUBTS
from newsgraph.stages.claims.stances import compose, flip

SEED_ID = "000_b4bac461340a2d4f"


def run(nlp, text: str) -> list[Claim]:  # type: ignore[no-untyped-def]
    doc = nlp.make_doc(text)
    doc._.ng_article = Article("t", text)
    doc = nlp(doc)
    claims: list[Claim] = doc._.ng_claims
    for claim in claims:  # every span is a real, non-empty piece of the text
        assert 0 <= claim.text.start < claim.text.end <= len(text)
        assert claim.stances
        for stance in claim.stances:
            assert stance.stance in CLAIM_STANCES
            assert 0 <= stance.evidence.start < stance.evidence.end <= len(text)
    return claims


def text_of(text: str, claim: Claim) -> str:
    return text[claim.text.start : claim.text.end]


def stances_of(claim: Claim) -> set[tuple[str | None, str]]:
    return {(s.name, s.stance) for s in claim.stances}


def claim_with(text: str, claims: list[Claim], words: str) -> Claim:
    found = [c for c in claims if words in text_of(text, c)]
    assert found, f"no claim mentions {words!r}: {[text_of(text, c) for c in claims]}"
    return found[0]


def test_compose_and_flip() -> None:
    assert compose(ASSERTS, DENIES) == DENIES  # "X said Y denied P", X speaking for Y
    assert compose(DENIES, ASSERTS) == DENIES
    assert compose(DENIES, DENIES) == ASSERTS
    assert compose(DOUBTS, ASSERTS) == DOUBTS
    assert flip(ASSERTS) == DENIES and flip(DENIES) == ASSERTS and flip(DOUBTS) == DOUBTS


def test_word_lists_read_from_their_data_files() -> None:
    assert lexicon.STANCE_VERBS["say"] == ASSERTS and lexicon.STANCE_VERBS["deny"] == DENIES
    assert lexicon.STANCE_NOUNS["denial"] == DENIES and lexicon.STANCE_ADJECTIVES["skeptical"] == DOUBTS
    assert set(lexicon.STANCE_VERBS.values()) == {ASSERTS, DENIES, DOUBTS}
    assert list(lexicon.STANCE_VERBS)[:3] == ["say", "tell", "claim"]  # file order
    assert lexicon.CONCEPTS["invasion"] == "attack" and list(lexicon.CONCEPTS)[0] == "intend"
    assert "say" in lexicon.STOP_LEMMAS and all(w and w == w.strip() for w in lexicon.STOP_LEMMAS)


@pytest.mark.slow
def test_allegation_and_denial_are_one_claim(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Prosecutor John Smith said Acme Corp bribed officials in Kenya to win the contract. "
            "Acme Corp denied that it bribed officials in Kenya.")
    claims = run(nlp, text)
    claim = claim_with(text, claims, "bribed officials in Kenya")
    assert ("John Smith", "asserts") in stances_of(claim)
    assert ("Acme Corp", "denies") in stances_of(claim)
    assert len([c for c in claims if "bribed" in text_of(text, c)]) == 1
    denial = next(s for s in claim.stances if s.stance == "denies")
    assert "denied" in text[denial.evidence.start : denial.evidence.end]


@pytest.mark.slow
def test_negated_statement_denies_the_positive_claim(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Foreign Minister Dmytro Kuleba said Russia is planning an attack on Kyiv. "
            "Kremlin spokesman Dmitry Peskov said Russia has no plans to attack Kyiv.")
    claims = run(nlp, text)
    claim = claim_with(text, claims, "planning an attack on Kyiv")  # the positive statement is the text
    assert stances_of(claim) >= {("Dmytro Kuleba", "asserts"), ("Dmitry Peskov", "denies")}
    assert len(claims) == 1


@pytest.mark.slow
def test_doubt_is_linked_to_the_assertion(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Treasury Secretary Tom Lee said the tax cut will create millions of jobs. "
            "Senator Jane Doe doubted that the tax cut would create jobs.")
    claims = run(nlp, text)
    claim = claim_with(text, claims, "create")
    assert stances_of(claim) >= {("Tom Lee", "asserts"), ("Jane Doe", "doubts")}


@pytest.mark.slow
def test_stance_nouns_name_their_holders(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The Kremlin rejected U.S. allegations that Russian hackers interfered in the American election."
    (claim,) = run(nlp, text)
    assert text_of(text, claim) == "Russian hackers interfered in the American election"
    assert stances_of(claim) == {("Kremlin", "denies"), ("U.S.", "asserts")}
    text = ("Acme Corp's denial that it polluted the river angered residents. "
            "Environmental groups say Acme Corp polluted the river for years.")
    (claim,) = run(nlp, text)
    assert ("Acme Corp", "denies") in stances_of(claim)
    assert ("Environmental groups", "asserts") in stances_of(claim)  # a speaker no entity resolves


@pytest.mark.slow
def test_no_doubt_asserts_and_different_objects_stay_apart(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "“There’s no doubt that these groups think they speak for the whole country,” said Senator Obama."
    (claim,) = run(nlp, text)
    assert text_of(text, claim) == "these groups think they speak for the whole country"
    assert [s.stance for s in claim.stances] == ["asserts"]
    text = "Senator Ted Cruz said he will vote for Donald Trump. Cruz said he would never vote for Hillary Clinton."
    claims = run(nlp, text)
    assert len(claims) == 2
    assert all(stances_of(c) == {("Ted Cruz", "asserts")} for c in claims)


@pytest.mark.slow
def test_unrelated_statements_stay_apart(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Mayor Anna Berg said the city budget will rise by 5 percent next year. "
            "Police chief Tom Hale said burglaries fell sharply in the spring.")
    claims = run(nlp, text)
    assert len(claims) == 2
    assert {len(c.stances) for c in claims} == {1}
    budget = claim_with(text, claims, "budget")
    assert stances_of(budget) == {("Anna Berg", "asserts")}


@pytest.mark.slow
def test_speech_acts_and_questions_are_no_claims(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("“We urge Russia to step back and engage in dialogue,” Johnson said. "
            "“Why would anyone believe that?” Smith asked.")
    assert run(nlp, text) == []


def seed_article(shared_data: Path) -> dict[str, str]:
    path = shared_data / "seed" / "articles.jsonl"
    if not path.is_file():
        pytest.skip("seed article absent")
    for line in path.read_text(encoding="utf-8").splitlines():
        article = json.loads(line)
        if article["id"] == SEED_ID:
            return article
    pytest.skip("seed article absent")


@pytest.mark.slow
# Russia's and Nebenzia's denials are attributions nested in another's content, which newsgraph_quotes_v2 misses
# (docs/measurements.md): a known regression
def test_seed_article_invasion_claim(nlp, shared_data: Path) -> None:  # type: ignore[no-untyped-def]
    article = seed_article(shared_data)
    text = article["text"]
    claims = run(nlp, text)
    invasion = [c for c in claims if ("invasion" in text_of(text, c) or "invade" in text_of(text, c))
                and ("Linda Thomas-Greenfield", "asserts") in stances_of(c)]
    assert len(invasion) == 1, [text_of(text, c) for c in claims]
    (claim,) = invasion
    assert "planning a large-scale invasion" in text_of(text, claim)  # the fullest positive statement
    held = stances_of(claim)
    assert ("Sergiy Kyslytsya", "asserts") in held
    assert {("Vassily Nebenzia", "denies"), ("Russia", "denies")} <= held
    assert not {name for name, stance in held if stance == "asserts"} & {"Vassily Nebenzia", "Russia"}
    nebenzia = next(s for s in claim.stances if s.name == "Vassily Nebenzia")
    assert "categorically rejected" in text[nebenzia.evidence.start : nebenzia.evidence.end]
    # Stoltenberg's "no intention of sending troops ... if Russia invades" is another proposition
    assert "Jens Stoltenberg" not in {name for name, _ in held}
