"""Tests for transcript turns: the labels of an interview transcript as sources and as people."""

from __future__ import annotations

import pytest

from newsgraph.stages.turns import find_turns

TRANSCRIPT = (
    "Governor Mary Fallin spoke to CNN on Sunday.\n\n"
    "JAKE TAPPER: Do you think he has campaigned as a healer?\n\n"
    "FALLIN: I think he is trying to.\n\n"
    "\u201cTAPPER: And you support him?\u201d\n"
)


def labels_and_contents(text: str) -> list[tuple[str, str]]:
    return [(text[t.label[0]:t.label[1]], text[t.content[0]:t.content[1]]) for t in find_turns(text)]


def test_turns_of_a_transcript() -> None:
    assert labels_and_contents(TRANSCRIPT) == [
        ("JAKE TAPPER", "Do you think he has campaigned as a healer?"),
        ("FALLIN", "I think he is trying to."),
        ("TAPPER", "And you support him?"),  # inside quotation marks: the marks are not content
    ]
    turn = find_turns(TRANSCRIPT)[0]
    assert TRANSCRIPT[turn.colon[0]:turn.colon[1]] == ":"


@pytest.mark.parametrize("text", [
    "UPDATE: The vote was moved.\n\nNOTE: This story has been corrected.\n",  # labels that name no speaker
    "Q: Why now?\nA: Because we can.\nQ: And then?\nA: We wait.\n",  # single letters
    "PENCE: We will win.\n\nThe rally went on.\n",  # one label alone: no transcript
    "The Senator said: We will win.\nShe added: Nothing else.\n",  # not capitals
])
def test_no_turns(text: str) -> None:
    assert find_turns(text) == ()


@pytest.mark.slow
def test_turns_are_quotes_of_their_speakers(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(TRANSCRIPT)
    direct = [q for q in doc._.ng_quotes if q.kind == "direct"]
    assert [(q.source.text_of(TRANSCRIPT), q.speaker.name if q.speaker else None) for q in direct] == [
        ("JAKE TAPPER", "JAKE TAPPER"), ("FALLIN", "Mary Fallin"), ("TAPPER", "JAKE TAPPER")]
    assert all(q.speech for q in direct)


def test_an_article_is_read_for_turns_once_for_both_stages() -> None:
    assert find_turns(TRANSCRIPT) is find_turns(TRANSCRIPT)  # the entities and quotes stages share the result
