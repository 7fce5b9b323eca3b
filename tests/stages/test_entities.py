"""Tests for the entities stage: hand-built Docs for boundary and type repairs, the model for the rest."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from newsgraph import stages
from newsgraph.records import Entity
from newsgraph.stages.entities.coref import Cluster, Mention
from newsgraph.stages.entities.entities import build_entities, description
from newsgraph.stages.parse import quote_mask, sentence_starts

LATER_STAGES = ("newsgraph_quotes_", "newsgraph_speakers_")  # name prefixes: any version


@pytest.fixture(scope="module")
def vocab():  # type: ignore[no-untyped-def]
    stages.register()
    return spacy.blank("en").vocab


def hand_doc(vocab, words: list[str], ents: list[str]) -> Doc:  # type: ignore[no-untyped-def]
    spaces = [not (i + 1 < len(words) and words[i + 1] in (".", ",", "'s")) for i in range(len(words))]
    return Doc(vocab, words=words, spaces=spaces, ents=ents)


def entities_of(doc: Doc) -> list[Entity]:
    return list(build_entities(doc).entities.values())


def assert_spans_match(doc: Doc, entities: list[Entity]) -> None:
    for e in entities:
        for m in e.mentions:
            assert 0 <= m.start < m.end <= len(doc.text)


def test_title_swallowed_into_person_span_is_cut_off_and_kept_as_role(vocab) -> None:  # type: ignore[no-untyped-def]
    words = ["Ambassador", "Linda", "Moore", "spoke", "."]
    doc = hand_doc(vocab, words, ["B-PERSON", "I-PERSON", "I-PERSON", "O", "O"])
    [entity] = entities_of(doc)
    assert entity.name == "Linda Moore"
    assert [doc.text[m.start : m.end] for m in entity.mentions] == ["Linda Moore"]
    assert entity.role == "Ambassador"


def test_surname_mistagged_as_place_joins_the_person(vocab) -> None:  # type: ignore[no-untyped-def]
    words = ["Vassily", "Nebenzia", "spoke", ".", "Nebenzia", "left", "."]
    doc = hand_doc(vocab, words, ["B-PERSON", "I-PERSON", "O", "O", "B-GPE", "O", "O"])
    entities = entities_of(doc)
    assert [(e.name, e.type, len(e.mentions)) for e in entities] == [("Vassily Nebenzia", "PERSON", 2)]


def test_article_and_possessive_are_stripped_and_aliases_merge(vocab) -> None:  # type: ignore[no-untyped-def]
    words = ["the", "U.S.", "met", "Russia", "'s", "envoy", "and", "the", "United", "States", "left", "."]
    ents = ["B-GPE", "I-GPE", "O", "B-GPE", "I-GPE", "O", "O", "B-GPE", "I-GPE", "I-GPE", "O", "O"]
    doc = hand_doc(vocab, words, ents)
    entities = entities_of(doc)
    assert [(e.id, e.name) for e in entities] == [("E1", "United States"), ("E2", "Russia")]
    texts = {e.name: [doc.text[m.start : m.end] for m in e.mentions] for e in entities}
    assert texts == {"United States": ["U.S.", "United States"], "Russia": ["Russia"]}


def test_capital_mistagged_as_person_becomes_a_place(vocab) -> None:  # type: ignore[no-untyped-def]
    doc = hand_doc(vocab, ["Kyiv", "is", "ready", "."], ["B-PERSON", "O", "O", "O"])
    assert [(e.name, e.type) for e in entities_of(doc)] == [("Kyiv", "GPE")]


def _names(doc: Doc) -> dict[str, tuple[str, list[str]]]:
    return {e.name: (e.type, [doc.text[m.start : m.end] for m in e.mentions]) for e in entities_of(doc)}


def test_short_form_of_an_organisation_joins_it_whatever_its_type(vocab) -> None:  # type: ignore[no-untyped-def]
    words = ["He", "went", "to", "Harrow", "School", ".", "At", "Harrow", "he", "read", "."]
    ents = ["O", "O", "O", "B-ORG", "I-ORG", "O", "O", "B-PERSON", "O", "O", "O"]
    doc = hand_doc(vocab, words, ents)
    assert _names(doc)["Harrow School"] == ("ORG", ["Harrow School", "Harrow"])
    words = ["Students", "of", "Pennsylvania", "State", "University", "like", "Penn", "State", "."]
    ents = ["O", "O", "B-ORG", "I-ORG", "I-ORG", "O", "B-ORG", "I-ORG", "O"]
    doc = hand_doc(vocab, words, ents)
    assert _names(doc) == {"Pennsylvania State University": ("ORG", ["Pennsylvania State University", "Penn State"])}


def test_short_form_takes_the_organisation_named_last_before_it_else_the_one_it_starts(vocab) -> None:  # type: ignore[no-untyped-def]
    words = ["The", "White", "House", "faulted", "the", "House", "of", "Representatives", ".", "The", "House", "voted",
             "."]
    ents = ["O", "B-ORG", "I-ORG", "O", "O", "B-ORG", "I-ORG", "I-ORG", "O", "O", "B-ORG", "O", "O"]
    names = _names(hand_doc(vocab, words, ents))
    assert names["House of Representatives"][1] == ["House of Representatives", "House"]
    assert names["White House"][1] == ["White House"]
    words = ["The", "House", "voted", ".", "The", "House", "of", "Representatives", "and", "the", "White", "House",
             "met", "."]
    ents = ["O", "B-ORG", "O", "O", "O", "B-ORG", "I-ORG", "I-ORG", "O", "O", "B-ORG", "I-ORG", "O", "O"]
    names = _names(hand_doc(vocab, words, ents))
    assert names["House of Representatives"][1] == ["House", "House of Representatives"]
    assert "House" not in names


def test_a_known_place_never_joins_an_organisation_it_starts(vocab) -> None:  # type: ignore[no-untyped-def]
    words = ["The", "Washington", "Post", "said", "Washington", "erred", "."]
    ents = ["O", "B-ORG", "I-ORG", "O", "B-GPE", "O", "O"]
    names = _names(hand_doc(vocab, words, ents))
    assert names == {"Washington Post": ("ORG", ["Washington Post"]), "Washington": ("GPE", ["Washington"])}


def test_a_place_named_before_an_organisation_it_starts_stays_a_place(vocab) -> None:  # type: ignore[no-untyped-def]
    words = ["Lakemont", "needs", "trains", ".", "The", "Lakemont", "Transit", "Commission", "agreed", "."]
    ents = ["B-GPE", "O", "O", "O", "O", "B-ORG", "I-ORG", "I-ORG", "O", "O"]
    names = _names(hand_doc(vocab, words, ents))
    assert names["Lakemont"] == ("GPE", ["Lakemont"])


def test_initials_of_a_tagged_organisation_are_its_mentions(vocab) -> None:  # type: ignore[no-untyped-def]
    words = ["The", "World", "Health", "Organisation", "(", "WHO", ")", "warned", ".", "WHO", "experts", "agree", "."]
    ents = ["O", "B-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "O", "O", "O", "O", "O", "O"]
    doc = hand_doc(vocab, words, ents)
    assert _names(doc) == {"World Health Organisation": ("ORG", ["World Health Organisation", "WHO", "WHO"])}


def test_quote_mask_and_sentence_starts(vocab) -> None:  # type: ignore[no-untyped-def]
    text = "He said “no way” today.\nNext line"
    mask = quote_mask(text)
    assert mask[text.index("no way")] == 1 and mask[text.index("today")] == 0
    doc = Doc(vocab, words=text.replace("\n", " \n ").split(" "))
    assert doc.text.index("Next") in sentence_starts(doc)


@pytest.fixture(scope="module")
def parse(nlp):  # type: ignore[no-untyped-def]
    def run(text: str) -> Doc:
        with nlp.select_pipes(disable=[p for p in nlp.pipe_names if p.startswith(LATER_STAGES)]):
            return nlp(text)

    return run


@pytest.mark.slow
def test_a_text_wrapped_into_lines_is_not_a_sentence_per_line(parse) -> None:  # type: ignore[no-untyped-def]
    text = ("AM International Inc, reporting an\noperating loss for the quarter, said\nprospects remain good.\n"
            "    It said orders at its printing unit\nrose 35 pct.\n\nHeadline without a stop\nThe board met.")
    doc = parse(text)
    assert sentence_starts(doc) == [0, text.index("It said"), text.index("Headline"), text.index("The board")]


@pytest.mark.slow
def test_a_name_after_a_title_that_starts_with_a_first_name_is_a_person(parse) -> None:  # type: ignore[no-untyped-def]
    text = ("Quebecor Inc is likely to launch a daily newspaper, president\nPierre Peladeau told Reuters. "
            "\"We will move,\" he said.")
    types = {e.name: e.type for e in parse(text)._.ng_entities}
    assert types.get("Pierre Peladeau") == "PERSON"


@pytest.mark.slow
def test_wire_copy_names_run_over_a_wrapped_line_and_speak_for_their_firm(parse) -> None:  # type: ignore[no-untyped-def]
    text = ("Tokyo share prices will keep rising through the spring, said Andrew\nSheaf, general manager of "
            "international equity activities at County\nSecurities Japan. \"It is highly unlikely,\" said "
            "Perrin Long of Lipper Analytical.\n\nMarkets Rally As Investors Return To Tokyo Stocks Today\n"
            "Brokers were busy.")
    entities = {e.name: e for e in parse(text)._.ng_entities}
    assert "Andrew Sheaf" in entities and entities["Andrew Sheaf"].type == "PERSON"
    assert entities["Perrin Long"].type == "PERSON"
    assert not any("\n" in name for name in entities)


@pytest.mark.slow
def test_roles_from_titles_and_appositives(parse) -> None:  # type: ignore[no-untyped-def]
    text = ("Ukrainian envoy Sergiy Kyslytsya spoke to the council on Monday. Later, John Kirby, the Pentagon "
            "press secretary, told reporters that the talks had failed. Kyslytsya disagreed.")
    doc = parse(text)
    by_name = {e.name: e for e in doc._.ng_entities}
    assert by_name["Sergiy Kyslytsya"].role == "envoy"
    assert by_name["Sergiy Kyslytsya"].affiliation == "Ukrainian"
    assert len(by_name["Sergiy Kyslytsya"].mentions) == 2
    assert by_name["John Kirby"].role == "Pentagon press secretary"


@pytest.mark.slow
def test_ids_follow_first_mention_and_pronouns_join_people(parse) -> None:  # type: ignore[no-untyped-def]
    text = ("President Joe Biden spoke with British Prime Minister Boris Johnson on Monday. "
            "Biden said the talks went well. He thanked the United States Congress.")
    doc = parse(text)
    entities = doc._.ng_entities
    assert [e.id for e in entities] == [f"E{i}" for i in range(1, len(entities) + 1)]
    firsts = [e.mentions[0].start for e in entities]
    assert firsts == sorted(firsts)
    biden = next(e for e in entities if e.name == "Joe Biden")
    assert [doc.text[m.start : m.end] for m in biden.mentions] == ["Joe Biden", "Biden", "He"]
    johnson = next(e for e in entities if e.name == "Boris Johnson")
    assert (johnson.role, johnson.affiliation) == ("Prime Minister", "British")
    for e in entities:
        for m in e.mentions:
            assert doc.text[m.start : m.end].strip() == doc.text[m.start : m.end]


def test_canonical_person_name_is_the_full_name_used_repeatedly() -> None:
    from newsgraph.stages.entities.coref import Cluster, Mention
    from newsgraph.stages.entities.entities import canonical_person_name

    def cluster_of(*texts: str) -> Cluster:
        cluster = Cluster(index=0, etype="PERSON", name=texts[0])
        for i, text in enumerate(texts):
            cluster.add(Mention(i * 100, i * 100 + len(text), text, i))
        return cluster

    # a one-off nickname or headline word glued to the name loses to the name the article repeats
    assert canonical_person_name(cluster_of("Crooked Hillary Clinton", "Hillary Clinton", "Hillary Clinton",
                                            "Clinton")) == "Hillary Clinton"
    # a name given once in full and then by surname keeps the full name
    assert canonical_person_name(cluster_of("Linda Thomas-Greenfield", "Thomas-Greenfield",
                                            "Thomas-Greenfield")) == "Linda Thomas-Greenfield"
    # a two-word surname repeated is no reason to drop the first name
    assert canonical_person_name(cluster_of("Ildefonso Guajardo Villarreal", "Guajardo Villarreal",
                                            "Guajardo Villarreal")) == "Ildefonso Guajardo Villarreal"


def mention_texts(parse, text: str) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """Each entity's name with the texts of its mentions."""
    return {e.name: [text[m.start : m.end] for m in e.mentions] for e in parse(text)._.ng_entities}


@pytest.mark.slow
@pytest.mark.parametrize(("text", "expected"), [
    # apposition and "be" (not negated)
    ("Rezwan Haque, a blogger from Dhaka, writes every week. Lina Park is a copywriter. Park is not a doctor.",
     [("Rezwan Haque", "a blogger from Dhaka", True), ("Lina Park", "a copywriter", True),
      ("Lina Park", "a doctor", False)]),
    # a noun given a name, and the noun after "as"
    ("Police questioned a man named Omar Haddad on Friday. As a former prosecutor, Maria Ruiz said the case was weak.",
     [("Omar Haddad", "a man", True), ("Maria Ruiz", "a former prosecutor", True)]),
    # the noun after "as" is the object's where the verb has one
    ("Organizers named Hugh Jackman as the host of the Oscars.", [("Hugh Jackman", "the host of the Oscars", True)]),
    ("Ellen DeGeneres was chosen as the host of the show.", [("Ellen DeGeneres", "the host of the show", True)]),
    # ... or the owner of the noun it follows
    ("Critics praised Ellen DeGeneres. Her performance as the host of the show was a success.",
     [("Ellen DeGeneres", "the host of the show", True)]),
    # an appositive after "N for X," is N's when the parse put it on X but it names or fits N
    ("Ontario Premier Doug Ford spoke first. A spokeswoman for the premier, Ivana Yelich, said the money was there.",
     [("Doug Ford", "the premier", True), ("Ivana Yelich", "the premier", False)]),
    ("Trains stopped on Monday. A spokesman for Metrolinx, the provincial transit agency, said it was reviewing "
     "the plan.", [("Metrolinx", "the provincial transit agency", True)]),
    # "the company" of the organisation a chief executive works for
    ("Boeing Chief Executive Kelly Ortberg spoke to analysts on Tuesday. The company said deliveries would rise.",
     [("Boeing", "The company", True)]),
])
def test_descriptions_join_their_entity(parse, text: str, expected: list[tuple[str, str, bool]]) -> None:  # type: ignore[no-untyped-def]
    texts = mention_texts(parse, text)
    for name, mention, joined in expected:
        assert (mention in texts[name]) is joined, (name, mention)


@pytest.mark.slow
def test_the_object_of_call_with_a_name_is_that_person(parse) -> None:  # type: ignore[no-untyped-def]
    text = "When I was small, my grandmother called me Anna Petrova. I laughed every time, and I still miss her."
    texts = mention_texts(parse, text)
    assert {"me", "I", "my"} <= set(texts["Anna Petrova"])


@pytest.mark.slow
def test_writer_of_a_byline_or_a_signed_letter_is_its_i_and_the_addressee_its_you(parse) -> None:  # type: ignore[no-untyped-def]
    text = ("Why I Walk to Work\nBy Tomasz Wielgosz\nEvery morning I leave the car at home. My knees thank me.\n")
    by_name = {e.name: e for e in parse(text)._.ng_entities}
    assert {text[m.start : m.end] for m in by_name["Tomasz Wielgosz"].mentions} >= {"Tomasz Wielgosz", "I", "My"}
    letter = ("Dear Ms. Okonjo,\nThank you for your note. I have read it twice and I agree with you.\n"
              "Respectfully,\nHenrik Vasquez\n")
    by_name = {e.name: e for e in parse(letter)._.ng_entities}
    assert "I" in {letter[m.start : m.end] for m in by_name["Henrik Vasquez"].mentions}
    assert {"you", "your"} <= {letter[m.start : m.end] for m in by_name["Okonjo"].mentions}


@pytest.mark.slow
def test_council_in_council_member_is_no_organisation(parse) -> None:  # type: ignore[no-untyped-def]
    text = "Council member Raymond Okafor, who voted against the closure, said the city had not planned for it."
    names = {e.name for e in parse(text)._.ng_entities}
    assert "Raymond Okafor" in names and "Council" not in names


def test_an_unnamed_entity_is_named_by_its_description_without_a_possessive() -> None:
    city = Cluster(0, "GPE", "", [Mention(0, 10, "The city's", 0, "nominal", form="nom_def"),
                                  Mention(40, 44, "it", 1, "pronoun")], named=False)
    assert description(city) == "The city"
    parents = Cluster(1, "PERSON", "", [Mention(0, 12, "the parents'", 0, "nominal", form="nom_def")], named=False)
    assert description(parents) == "the parents"
    they = Cluster(2, "PERSON", "", [Mention(5, 9, "they", 0, "pronoun")], named=False)
    assert description(they) == "they"
    father = Cluster(3, "PERSON", "", [Mention(0, 11, "My father's", 0, "nominal", form="nom_poss", lemma="father"),
                                       Mention(20, 56, "the color of the night-monkey's pelt", 1, "nominal",
                                               form="nom_def", lemma="color"),
                                       Mention(70, 79, "my father", 2, "nominal", form="nom_poss", lemma="father")],
                     named=False)
    assert description(father) == "My father"  # the head noun it is described by most often


@pytest.mark.slow
def test_a_person_named_after_a_title_is_found_where_spacy_misses_the_name(parse) -> None:  # type: ignore[no-untyped-def]
    text = ("Mayor Ana Ruiz on Tuesday announced that the transit agency MetroLink will add 40 buses next year. "
            "Ruiz added that fares would not rise. The agency said the new routes would open in March.")
    texts = mention_texts(parse, text)
    assert "Ruiz" in texts["Ana Ruiz"]
    assert "The agency" in texts["MetroLink"]  # a description of an organisation never joins the mayor
    assert "The agency" not in texts["Ana Ruiz"]


@pytest.mark.slow
def test_the_head_noun_of_an_organisation_name_is_that_organisation(parse) -> None:  # type: ignore[no-untyped-def]
    text = ("The Department of Transportation said it would review the proposal. "
            "The department added that safety inspections would continue.")
    assert "The department" in mention_texts(parse, text)["Department of Transportation"]
    text = "Medline Inc., which supplies the hospital, said it had not been told. The company said it would wait."
    assert "The company" in mention_texts(parse, text)["Medline Inc."]  # a company suffix
    text = "The firm that builds the buses, Northline Motors, said it could deliver. The company said it was ready."
    assert "The company" in mention_texts(parse, text)["Northline Motors"]  # introduced as a firm


def test_a_company_name_runs_over_a_line_break_to_its_suffix(vocab) -> None:  # type: ignore[no-untyped-def]
    words = ["Talbot", "Electronics", "\n", "Inc", "said", "it", "agreed", "."]
    doc = Doc(vocab, words=words, spaces=[True, False, False, True, True, True, False, False],
              ents=["B-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "O", "O", "O"])
    [entity] = entities_of(doc)
    assert entity.name == "Talbot Electronics Inc"
    person = Doc(vocab, words=["George", "Chriss", "\n", "Student", "said", "."],  # no suffix: cut at the break
                 spaces=[True, False, False, True, False, False],
                 ents=["B-PERSON", "I-PERSON", "I-PERSON", "I-PERSON", "O", "O"])
    assert [e.name for e in entities_of(person)] == ["George Chriss"]


def test_a_one_word_name_tagged_a_person_once_is_a_person_where_untagged(vocab) -> None:  # type: ignore[no-untyped-def]
    words = ["Shultz", "acknowledged", "failings", ".", "Shultz", "refused", "to", "resign", "."]
    doc = Doc(vocab, words=words, pos=["PROPN", "VERB", "NOUN", "PUNCT", "PROPN", "VERB", "PART", "VERB", "PUNCT"],
              ents=["O", "O", "O", "O", "B-PERSON", "O", "O", "O", "O"])
    [entity] = entities_of(doc)
    assert (entity.name, entity.type, [doc.text[m.start:m.end] for m in entity.mentions]) == (
        "Shultz", "PERSON", ["Shultz", "Shultz"])


@pytest.mark.parametrize(("words", "ents", "name"), [
    (["Esther", "Williams", "Dies", "At", "91"], ["B-PERSON", "I-PERSON", "I-PERSON", "O", "O"], "Esther Williams"),
    (["Obama", "Says", "No"], ["B-PERSON", "I-PERSON", "O"], "Obama"),
])
def test_a_headline_verb_is_no_part_of_a_name(vocab, words: list[str], ents: list[str],  # type: ignore[no-untyped-def]
                                              name: str) -> None:
    assert [e.name for e in entities_of(hand_doc(vocab, words, ents))] == [name]


def test_a_name_spacy_tags_a_person_most_often_is_a_person_everywhere(vocab) -> None:  # type: ignore[no-untyped-def]
    words = ["Cheeks", "returns", ".", "Maurice", "Cheeks", "spoke", ".", "Cheeks", "said", ".", "Cheeks", "left", "."]
    ents = ["B-ORG", "O", "O", "B-GPE", "I-GPE", "O", "O", "B-PERSON", "O", "O", "B-PERSON", "O", "O"]
    entities = entities_of(hand_doc(vocab, words, ents))
    assert [(e.name, e.type, len(e.mentions)) for e in entities] == [("Maurice Cheeks", "PERSON", 4)]
