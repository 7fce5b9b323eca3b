"""Tests for the learned coreference ranker, its mention detection and unresolved speakers."""

from __future__ import annotations

import pytest

from newsgraph.records import Quote, Span, Speaker
from newsgraph.stages.entities import coref_pairs, coref_rank
from newsgraph.stages.entities.coref import Cluster, Mention, Resolver
from newsgraph.stages.entities.coref_mentions import pronoun_class
from newsgraph.stages.entities.entities import entity_state
from newsgraph.stages.entities.speakers import resolve_speakers


def parse(nlp, text: str):  # type: ignore[no-untyped-def]
    """The Doc after the model and the entities stage (the stages after it disabled)."""
    names = nlp.pipe_names
    later = names[names.index("newsgraph_entities_v1") + 1 :]
    with nlp.select_pipes(disable=later):
        return nlp(text)


def test_the_model_ships_with_weights_and_head_nouns() -> None:
    model = coref_rank.load_model()
    assert model is not None and len(model.weights) > 100
    assert model.nominal_types.get("mayor") == "PERSON" and model.nominal_types.get("agency") == "ORG"


def test_pronoun_classes() -> None:
    assert pronoun_class("Him") == ("he", False) and pronoun_class("our") == ("we", True)
    assert pronoun_class("envoy") is None


def _pronoun(text: str, start: int, sent: int) -> Mention:
    cls = pronoun_class(text)
    assert cls is not None
    return Mention(start, start + len(text), text, sent, kind="pronoun", form=cls[0], plural=cls[1],
                   lemma=text.lower(), head=text, subject=True)


def test_a_pronoun_joins_the_person_it_agrees_with() -> None:
    model = coref_rank.load_model()
    assert model is not None
    resolver = Resolver()
    resolver.add_name(Mention(0, 11, "Maria Lopez", 0, subject=True))
    resolver.add_name(Mention(20, 25, "Acme Corp", 0, etype="ORG"))
    she = _pronoun("She", 40, 1)
    placed, _ = coref_rank.link(resolver, [she], model)
    assert placed[40].name == "Maria Lopez"


def test_he_and_she_never_join_an_organisation_nor_they_a_nationality_only_used_before_a_noun() -> None:
    she, they = _pronoun("she", 40, 1), _pronoun("they", 40, 1)
    acme, maria = Cluster(0, "ORG", "Acme Corp"), Cluster(1, "PERSON", "Maria Lopez")
    assert not coref_rank._may_join(she, "PER", acme) and coref_rank._may_join(she, "PER", maria)
    lichtenberger = Cluster(2, "ORG", "Maria Lichtenberger", gender="female")  # a person spaCy typed otherwise
    assert coref_rank._may_join(she, "PER", lichtenberger)
    japanese = Cluster(3, "NORP", "Japanese", mentions=[Mention(0, 8, "Japanese", 0, etype="NORP", modifier=True)])
    assert not coref_rank._may_join(they, None, japanese)
    japanese.mentions.append(Mention(20, 28, "Japanese", 0, etype="NORP"))  # "the Japanese" as a noun phrase
    assert coref_rank._may_join(they, None, japanese)


def test_first_person_pronouns_make_one_unnamed_entity() -> None:
    model = coref_rank.load_model()
    assert model is not None
    resolver = Resolver()
    first, second = _pronoun("I", 0, 0), _pronoun("I", 30, 1)
    placed, _ = coref_rank.link(resolver, [first, second], model)
    assert placed[0] is placed[30] and not placed[0].named


def test_rules_alone_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSGRAPH_COREF", "rules")
    coref_rank.load_model.cache_clear()
    try:
        assert coref_rank.load_model() is None
    finally:
        monkeypatch.delenv("NEWSGRAPH_COREF")
        coref_rank.load_model.cache_clear()


def test_oracle_training_instances_put_the_gold_last_when_new() -> None:
    model = coref_rank.RankerModel({}, {})
    resolver = Resolver()
    resolver.add_name(Mention(0, 11, "Maria Lopez", 0))
    he = _pronoun("he", 20, 0)
    _, instances = coref_rank.link(resolver, [he], model, oracle=lambda m, cands: set())
    assert len(instances) == 1 and instances[0].gold == {len(instances[0].feats) - 1}
    assert instances[0].feats[-1][0] == "NULL"


def test_speaker_label() -> None:
    assert Speaker(name="Ana Ruiz").label("she") == "Ana Ruiz"
    assert Speaker(name=None, named=False).label("the\nmayor") == "unresolved: the mayor"
    data = Speaker(name=None, named=False).to_dict()
    assert data["name"] is None and data["named"] is False
    assert Speaker.from_dict(data) == Speaker(name=None, named=False)
    assert Speaker.from_dict({"name": "X"}).named


def _quote(text: str, content: str, source: str) -> Quote:
    c = text.index(content)
    s = text.index(source, c + len(content))
    return Quote([Span(c, c + len(content))], None, Span(s, s + len(source)), "direct")


@pytest.mark.slow
def test_an_unresolved_description_has_no_name(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "“We will not wait,” the mayor said on Tuesday."
    doc = parse(nlp, text)
    quotes = [_quote(text, "“We will not wait,”", "the mayor")]
    resolve_speakers(doc, quotes)
    speaker = quotes[0].speaker
    assert speaker is not None and speaker.name is None and not speaker.named
    assert speaker.label("the mayor") == "unresolved: the mayor"


@pytest.mark.slow
def test_an_unnamed_persons_quotes_share_an_entity(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("“Reserves were ample,” a Federal Reserve spokesman told a press briefing on Friday. "
            "“Float has been acting a bit strangely,” he said. “The weather was poor,” the spokesman said.")
    doc = parse(nlp, text)
    quotes = [_quote(text, "“Reserves were ample,”", "a Federal Reserve spokesman"),
              _quote(text, "“Float has been acting a bit strangely,”", "he"),
              _quote(text, "“The weather was poor,”", "the spokesman")]
    resolve_speakers(doc, quotes)
    speakers = [q.speaker for q in quotes]
    assert all(s is not None and s.name is None and not s.named for s in speakers)
    entities = {s.entity for s in speakers if s is not None}
    assert len(entities) == 1 and None not in entities
    assert speakers[1] is not None and speakers[1].affiliation == "Federal Reserve"


@pytest.mark.slow
def test_pronouns_and_descriptions_are_entity_mentions(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Senator Grace Okafor visited the port on Monday. She said the city needed money. "
            "Okafor later met workers. Her plan was praised.")
    okafor, texts = _entity_named(nlp, text, "Grace Okafor")
    assert {"Grace Okafor", "She", "Okafor", "Her"} <= set(texts)
    assert okafor.named


@pytest.mark.slow
def test_i_am_name_names_the_first_person(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Hello. I'm Mario Lucero. I wanted to work on comics. My sister helped me."
    _, texts = _entity_named(nlp, text, "Mario Lucero")
    assert sum(t in ("I", "My", "me") for t in texts) >= 2


@pytest.mark.slow
@pytest.mark.parametrize(("text", "name"), [
    ("Good morning.\nMy name is Amy Sells.\nI represent the tenants, and I ask the court to listen.", "Amy Sells"),
    ("Welcome back.\nI’m your host as always, Dave, and I am joined by Alex.\nI think it was a great show.", "Dave"),
])
def test_a_self_introduction_names_the_first_person(nlp, text: str, name: str) -> None:  # type: ignore[no-untyped-def]
    _, texts = _entity_named(nlp, text, name)
    assert texts.count("I") >= 2


@pytest.mark.slow
def test_a_line_calling_a_person_gives_them_the_first_person(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("For the appellant: Julie Rosenthal and Mike Eizenga.\nMiss Rosenthal?\nThank you.\n"
            "To give you a sense of our argument, I will be addressing waiver.\nMy colleague will address the rest.\n"
            "And I say the court below erred.")
    _, texts = _entity_named(nlp, text, "Julie Rosenthal")
    assert texts.count("I") == 2 and "My colleague" not in texts


@pytest.mark.slow
def test_a_name_called_inside_quotation_marks_is_no_turn(nlp) -> None:  # type: ignore[no-untyped-def]
    text = '"Mr. Smith?" she called from the door.\nI waited in the hall. I was cold.'
    state = entity_state(parse(nlp, text))
    smith = next(e for e in state.entities.values() if e.name == "Smith")
    assert "I" not in [text[m.start : m.end] for m in smith.mentions]


@pytest.mark.slow
def test_an_interview_headline_names_the_answers_first_person(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Interview with LibriVox founder Hugh McGuire\nWhat made you start the project?\n"
            "I wanted free audiobooks of public domain texts. I asked a few friends to read chapters.\n"
            "How do you choose the books?\nThe readers choose them, and I only keep the catalogue.")
    _, texts = _entity_named(nlp, text, "Hugh McGuire")
    assert texts.count("I") >= 2


@pytest.mark.slow
@pytest.mark.parametrize("pairs", [
    "off",
    pytest.param("on", marks=pytest.mark.xfail(strict=True, reason="the pair scorer sends Smith's cataphoric 'I' to "
                                                "the speaker before, Bill Clinton (docs/models.md)")),
])
def test_a_name_after_a_comma_names_no_other_subject(nlp, pairs: str,  # type: ignore[no-untyped-def]
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    if pairs == "off":  # the copular-name rule alone
        monkeypatch.setattr(coref_pairs, "load_scorer", lambda: None)
    text = "It’s the economy, Bill Clinton said. I’m not Dave, Smith said."
    state = entity_state(parse(nlp, text))
    for entity in state.entities.values():
        texts = [text[m.start : m.end] for m in entity.mentions]
        assert not (entity.name in ("Bill Clinton", "Dave") and ("It" in texts or "I" in texts))


def _entity_named(nlp, text: str, name: str):  # type: ignore[no-untyped-def]
    """The entity of ``text`` named ``name``, and the texts of its mentions."""
    state = entity_state(parse(nlp, text))
    entity = next(e for e in state.entities.values() if e.name == name)
    return entity, [text[m.start : m.end] for m in entity.mentions]


def test_cluster_named_default() -> None:
    assert Cluster(0, "PERSON", "X").named


def _speaker_of(nlp, text: str, content: str, source: str) -> Speaker | None:  # type: ignore[no-untyped-def]
    doc = parse(nlp, text)
    quotes = [_quote(text, content, source)]
    resolve_speakers(doc, quotes)
    return quotes[0].speaker


@pytest.mark.slow
@pytest.mark.parametrize("source", ["one", "Many"])
def test_a_lone_function_word_names_no_group(nlp, source: str) -> None:  # type: ignore[no-untyped-def]
    text = f"Officials met on Monday. “He would not stay otherwise,” said {source}."
    doc = parse(nlp, text)
    quotes = [_quote(text, "“He would not stay otherwise,”", source)]
    resolve_speakers(doc, quotes)
    assert quotes[0].speaker is not None and quotes[0].speaker.name is None


@pytest.mark.slow
@pytest.mark.parametrize(("text", "content", "source", "name"), [
    # an organisation's name before a noun of its kind is that organisation
    ("Newsweek published a poll on Monday. “The president is unpopular,” Newsweek magazine said.",
     "“The president is unpopular,”", "Newsweek magazine", "Newsweek"),
    # a poll speaks for its pollster
    ("A Los Angeles Times poll released earlier this week said 46 percent of voters approved. "
     "“The numbers are low,” the poll found.", "“The numbers are low,”", "the poll", "Los Angeles Times"),
])
def test_an_organisation_speaks_through_its_kind_or_its_poll(  # type: ignore[no-untyped-def]
        nlp, text: str, content: str, source: str, name: str) -> None:
    speaker = _speaker_of(nlp, text, content, source)
    assert speaker is not None and speaker.named and speaker.name == name


@pytest.mark.slow
def test_a_later_conjunct_of_an_appositive_is_the_named_person(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("In one of the most direct criticisms, board chairman John Tower, a longtime Reagan supporter and "
            "former Republican senator from Texas, told a press conference, “The president did not understand.”")
    doc = parse(nlp, text)
    c = text.index("“The president")
    s = text.index("and former Republican")
    quote = Quote([Span(c, len(text))], None, Span(s, text.index(", told")), "indirect")
    resolve_speakers(doc, [quote])
    assert quote.speaker is not None and quote.speaker.name == "John Tower"


@pytest.mark.slow
def test_a_description_of_a_named_body_is_that_body(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("The Northfield Institute of Applied Biology tested the seeds for five years. "
            "“The results are clear,” the institute said.")
    speaker = _speaker_of(nlp, text, "“The results are clear,”", "the institute")
    assert speaker is not None and speaker.name == "Northfield Institute of Applied Biology"


@pytest.mark.slow
def test_a_statement_speaks_for_its_named_author(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Acme Corp cut 300 jobs on Monday. “We regret the decision,” Acme Corp's statement said.")
    speaker = _speaker_of(nlp, text, "“We regret the decision,”", "Acme Corp's statement")
    assert speaker is not None and speaker.name == "Acme Corp"


@pytest.mark.slow
def test_a_description_by_a_person_noun_joins_the_person_the_article_is_about(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Ellen DeGeneres will present the Oscars in March, the academy said. DeGeneres first presented them "
            "in 2007. On Friday the host thanked her wife, Portia de Rossi.")
    _, texts = _entity_named(nlp, text, "Ellen DeGeneres")
    assert "the host" in texts
    text = "Anna Berg met Maria Lind on Monday. On Tuesday the host left."  # two people named once: no guess
    state = entity_state(parse(nlp, text))
    assert all("the host" not in {text[m.start : m.end] for m in e.mentions} for e in state.entities.values())
