"""Stage newsgraph_event_mentions_v1: event words with their participants, clause dates and tense."""

from __future__ import annotations

import pytest

from newsgraph.records import Article, ArticleRecord
from newsgraph.stages import STAGE_NAMES

pytestmark = pytest.mark.slow


def _record(nlp, text: str, published: str = "2006-05-08") -> ArticleRecord:  # type: ignore[no-untyped-def]
    from newsgraph.pipeline import doc_to_record

    doc = nlp.make_doc(text)
    doc._.ng_article = Article(id="t", text=text, published=published)
    return doc_to_record(nlp(doc))


def test_stage_runs_last() -> None:
    assert STAGE_NAMES[-1] == "newsgraph_event_mentions_v1"


def test_verbs_and_event_nouns_with_their_participants(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Apple Corps lost the court case against Apple Computer in London on Monday."
    record = _record(nlp, text)
    by_word = {text[m.start:m.end]: m for m in record.event_mentions}
    assert "lost" in by_word and "case" in by_word
    lost = by_word["lost"]
    agents = [text[p.start:p.end] for p in lost.participants if p.role == "agent"]
    assert any("Apple Corps" in a for a in agents)
    assert lost.tense == "past"
    assert lost.date == "2006-05-08"  # "on Monday" before a Monday publication date... anchored by the times stage
    # the event noun inherits the subject of the verb whose object it is
    case_agents = [text[p.start:p.end] for p in by_word["case"].participants if p.role == "agent"]
    assert any("Apple Corps" in a for a in case_agents)
    record.check_spans()


def test_future_tense_and_entity_ids(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Boeing will deliver the first 787 to All Nippon Airways."
    record = _record(nlp, text)
    deliver = next(m for m in record.event_mentions if m.lemma == "deliver")
    assert deliver.tense == "future"
    boeing = next((e for e in record.entities if "Boeing" in e.name), None)
    if boeing is not None:
        assert any(p.entity == boeing.id for p in deliver.participants)
    assert ArticleRecord.from_dict(record.to_dict()).event_mentions == record.event_mentions
