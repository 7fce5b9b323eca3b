"""Stories and corpus-wide entities over hand-built records (no model)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from newsgraph.records import (
    Actor,
    Article,
    ArticleRecord,
    Entity,
    Event,
    Quote,
    Span,
    Speaker,
    TimeExpression,
)
from newsgraph.service import NewsGraph
from newsgraph.story import CorpusLinker, EntityLinker, StoryClusterer
from newsgraph.story.linking import PersonName

QUAKE_A = ("A magnitude 7.6 earthquake struck off the coast of Sumatra near Padang on Wednesday, "
           "toppling hotels and burying villagers in landslides. Indonesian officials said rescuers in "
           "Padang were digging through collapsed schools as aftershocks rattled West Sumatra.")
QUAKE_B = ("A magnitude 6.0 earthquake shook Napa in northern California early Sunday, injuring dozens, "
           "cracking wineries and sparking fires. Napa Valley residents swept broken glass as California "
           "officials inspected damaged bridges.")


def record(article_id: str, text: str, names: dict[str, str], published: str | None = None,
           dates: tuple[str, ...] = ()) -> ArticleRecord:
    """A record whose entities are ``names`` (name -> type), each mentioned wherever its text occurs."""
    entities = []
    for n, (name, etype) in enumerate(names.items(), 1):
        spans = [Span(m.start(), m.end()) for m in re.finditer(re.escape(name), text)]
        entities.append(Entity(f"E{n}", name, etype, spans or [Span(0, 1)]))
    times = [TimeExpression(0, 1, "DATE", d) for d in dates]
    return ArticleRecord(Article(article_id, text, published=published), entities=entities, times=times)


def quake_records() -> list[ArticleRecord]:
    return [
        record("a1", QUAKE_A, {"Sumatra": "LOC", "Padang": "GPE"}, "2009-09-30"),
        record("b1", QUAKE_B, {"Napa": "GPE", "California": "GPE"}, "2014-08-24"),
        record("a2", QUAKE_A.replace("Wednesday", "late Wednesday") + " Death toll rose in Padang.",
               {"Sumatra": "LOC", "Padang": "GPE"}, "2009-10-01"),
        record("b2", QUAKE_B.replace("dozens", "more than 100") + " Napa schools closed.",
               {"Napa": "GPE", "California": "GPE"}, "2014-08-25"),
    ]


def partition(assignment: dict[str, str]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for article, story in assignment.items():
        groups.setdefault(story, set()).add(article)
    return {frozenset(g) for g in groups.values()}


def test_two_earthquakes_in_different_places_are_two_stories() -> None:
    clusterer = StoryClusterer()
    stories = {r.id: clusterer.add(r).id for r in quake_records()}
    assert partition(stories) == {frozenset({"a1", "a2"}), frozenset({"b1", "b2"})}
    story = clusterer.stories[stories["a1"]]
    assert story.title.startswith("A magnitude 7.6 earthquake")
    assert (story.first_date, story.last_date) == ("2009-09-30", "2009-10-01")
    assert story.to_dict()["actors"] == []  # actors come with CorpusLinker, which maps the entities
    linked = CorpusLinker()
    for r in quake_records():
        linked.add(r)
    quake = linked.clusterer.stories[linked.clusterer.story_of["a1"]]
    assert quake.main_actors() == ["Padang"]  # a GPE named twice in each article; Sumatra is a LOC


def test_incremental_assignment_does_not_depend_on_arrival_order() -> None:
    records = quake_records()
    forward = StoryClusterer()
    one_by_one = {r.id: forward.add(r).id for r in records}
    backward = StoryClusterer()
    reversed_order = {r.id: backward.add(r).id for r in reversed(records)}
    assert partition(one_by_one) == partition(reversed_order)
    # an article already placed keeps its story when offered again
    assert forward.add(records[0]).id == one_by_one["a1"]


def test_a_clash_of_dates_keeps_similar_articles_apart() -> None:
    text = "Police arrested a man on suspicion of robbing a bank downtown, police said."
    clusterer = StoryClusterer()
    first = clusterer.add(record("r1", text, {}, dates=("2010-03-02",)))
    near = clusterer.add(record("r2", text, {}, dates=("2010-03-03",)))
    assert near.id == first.id
    with_penalty = clusterer.similarity(
        clusterer_features(record("r3", text, {}, dates=("2012-07-20",))), first)
    without = clusterer.similarity(clusterer_features(record("r4", text, {})), first)
    assert with_penalty < without


def clusterer_features(rec: ArticleRecord):  # type: ignore[no-untyped-def]
    from newsgraph.story import article_features

    return article_features(rec)


def test_person_names_with_initials_and_titles_agree() -> None:
    lavrov = PersonName.parse("Sergey V. Lavrov")
    assert lavrov is not None and lavrov.surname == "lavrov"
    assert lavrov.compatible(PersonName.parse("Foreign Minister Sergey Lavrov"))  # type: ignore[arg-type]
    assert lavrov.compatible(PersonName.parse("S. Lavrov"))  # type: ignore[arg-type]
    assert lavrov.compatible(PersonName.parse("Lavrov"))  # type: ignore[arg-type]
    assert not lavrov.compatible(PersonName.parse("Ivan Lavrov"))  # type: ignore[arg-type]


def test_one_person_across_articles_gets_one_id_and_a_cameo_code() -> None:
    linker = EntityLinker()
    first = linker.add(record("x1", "Sergey V. Lavrov met envoys.", {"Sergey V. Lavrov": "PERSON"}), "S1")
    second = linker.add(record("x2", "Sergey Lavrov said talks went well.", {"Sergey Lavrov": "PERSON"}), "S2")
    third = linker.add(record("x3", "Lavrov left Geneva.", {"Lavrov": "PERSON", "Geneva": "GPE"}), "S2")
    assert first["E1"] == second["E1"] == third["E1"]
    lavrov = linker.entities[first["E1"]]
    assert lavrov.code == "RUSGOV" and lavrov.name == "Sergey V. Lavrov"


def test_people_sharing_a_surname_stay_apart() -> None:
    linker = EntityLinker()
    tara = linker.add(record("t1", "Tara Reid entered rehab.", {"Tara Reid": "PERSON"}), "S1")["E1"]
    harry = linker.add(record("h1", "Harry Reid spoke in the Senate.", {"Harry Reid": "PERSON"}), "S2")["E1"]
    assert tara != harry
    # a bare surname goes to the person of that name in the same story
    assert linker.add(record("t2", "Reid checked in.", {"Reid": "PERSON"}), "S1")["E1"] == tara
    assert linker.add(record("h2", "Reid said no.", {"Reid": "PERSON"}), "S2")["E1"] == harry
    # two people of one article keep their own ids
    both = linker.add(record("b", "Tara Reid and Harry Reid.", {"Tara Reid": "PERSON", "Harry Reid": "PERSON"}))
    assert both == {"E1": tara, "E2": harry}


def test_country_aliases_share_one_entity() -> None:
    linker = EntityLinker()
    us = linker.add(record("u1", "The U.S. said so.", {"U.S.": "GPE"}), "S1")["E1"]
    assert linker.add(record("u2", "The United States agreed.", {"United States": "GPE"}), "S2")["E1"] == us
    assert linker.entities[us].code == "USA"
    other = linker.add(record("u3", "Canada agreed.", {"Canada": "GPE"}), "S2")["E1"]
    assert other != us
    # a state the dictionary codes USA is not the country
    state = linker.add(record("u5", "California and the U.S.", {"California": "GPE", "U.S.": "GPE"}), "S2")
    assert state["E2"] == us != state["E1"]
    # two companies the dictionary codes alike (MNC) stay two
    firms = linker.add(record("u4", "Aecom Technology and Aercap Holdings.",
                              {"Aecom Technology": "ORG", "Aercap Holdings": "ORG"}), "S2")
    assert firms["E1"] != firms["E2"] and linker.entities[firms["E1"]].code == "MNC"


def test_annotate_remaps_every_reference_and_adds_the_story() -> None:
    text = 'Sergey Lavrov said "we will talk" and Russia met Ukraine.'
    rec = record("r", text, {"Sergey Lavrov": "PERSON", "Russia": "GPE", "Ukraine": "GPE"})
    rec.quotes = [Quote([Span(20, 32)], Span(14, 18), Span(0, 13), "direct", Speaker("Sergey Lavrov", "E1"))]
    rec.events = [Event("CONSULT", Span(45, 48), Span(0, len(text)), source=[Actor(38, 44, "RUS", entity="E2")],
                        target=[Actor(49, 56, "UKR", entity="E3")])]
    linker = CorpusLinker()
    before = linker.annotate(record("before", "Ukraine and Russia.", {"Ukraine": "GPE", "Russia": "GPE"}))
    out = linker.annotate(rec)
    ids = {e["name"]: e["id"] for e in out["entities"]}
    assert ids == {"Sergey Lavrov": "E3", **{e["name"]: e["id"] for e in before["entities"]}}
    assert ids["Ukraine"] == "E1" != rec.entities[2].id  # the corpus id, not the article's E3
    assert [e["code"] for e in out["entities"]] == ["RUSGOV", "RUS", "UKR"]
    assert out["quotes"][0]["speaker"]["entity"] == ids["Sergey Lavrov"]
    assert out["events"][0]["source"][0]["entity"] == ids["Russia"]
    assert out["events"][0]["target"][0]["entity"] == ids["Ukraine"]
    assert out["story"] in linker.clusterer.stories
    assert ArticleRecord.from_dict(out).entity(ids["Russia"]) is not None


def test_one_person_the_article_split_in_two_becomes_one_entity() -> None:
    linker = CorpusLinker()
    first = linker.annotate(record("c1", "Arcade Joseph Comeaux Jr. escaped. Comeaux was armed.",
                                   {"Arcade Joseph Comeaux Jr.": "PERSON", "Comeaux": "PERSON"}))
    assert [(e["id"], e["name"]) for e in first["entities"]] == [("E1", "Arcade Joseph Comeaux Jr.")]
    assert len(first["entities"][0]["mentions"]) == 3  # "Comeaux" inside the full name, and alone
    # a one-word name spaCy tagged ORG in the same story is that person
    second = linker.annotate(record("c2", "Arcade Joseph Comeaux Jr. escaped. Comeaux was armed.",
                                    {"Arcade Joseph Comeaux Jr.": "PERSON", "Comeaux": "ORG"}))
    assert second["story"] == first["story"] and {e["id"] for e in second["entities"]} == {"E1"}
    # a headline that ran the name on into its verb
    third = linker.annotate(record("c3", "Arcade Joseph Comeaux Escapes\nArcade Joseph Comeaux Jr. escaped.",
                                   {"Arcade Joseph Comeaux Escapes": "ORG", "Arcade Joseph Comeaux Jr.": "PERSON"}))
    assert {e["id"] for e in third["entities"]} == {"E1"}
    assert linker.linker.entities["E1"].name == "Arcade Joseph Comeaux Jr."


class EntityFinder:
    """A stand-in extractor: every capitalised word pair of the text is a PERSON (no model)."""

    def extract(self, article: Article) -> ArticleRecord:
        rec = record(article.id, article.text, {m[0]: "PERSON" for m in re.finditer(r"[A-Z]\w+ [A-Z]\w+",
                                                                                     article.text)})
        rec.article = article
        return rec

    def extract_many(self, articles):  # type: ignore[no-untyped-def]
        return [self.extract(a) for a in articles]


def test_extract_linked_streams_stories_and_corpus_ids(tmp_path: Path) -> None:
    lines = [{"id": "a1", "text": QUAKE_A + " Rescue chief Budi Santoso said."},
             {"id": "b1", "text": QUAKE_B + " Mayor Jill Techel said."},
             {"id": "a2", "text": QUAKE_A + " Budi Santoso said more."}]
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    out = list(NewsGraph(extractor=EntityFinder()).extract_linked([path]))
    assert [o["id"] for o in out] == ["a1", "b1", "a2"]  # type: ignore[index]
    stories = [o["story"] for o in out]  # type: ignore[index]
    assert stories[0] == stories[2] != stories[1]
    budi = [{e["name"]: e["id"] for e in o["entities"]}.get("Budi Santoso") for o in out]  # type: ignore[index]
    assert budi[0] is not None and budi[0] == budi[2]


def test_linker_state_round_trips_through_json_and_goes_on_the_same() -> None:
    records = quake_records()
    whole = CorpusLinker()
    expected = [whole.add(r) for r in records]
    first_half = CorpusLinker()
    for r in records[:2]:
        first_half.add(r)
    resumed = CorpusLinker()
    resumed.load_state(json.loads(json.dumps(first_half.to_state())))
    got = [resumed.add(r) for r in records[2:]]
    assert [(s.id, m) for s, m in got] == [(s.id, m) for s, m in expected[2:]]
    assert resumed.clusterer.stories[got[0][0].id].articles == ["a1", "a2"]
    assert resumed.linker.entities.keys() == whole.linker.entities.keys()


def test_a_forced_story_replays_an_assignment() -> None:
    clusterer = StoryClusterer()
    clusterer.add(record("a1", QUAKE_A, {}))
    placed = clusterer.add(record("b1", QUAKE_B, {}), story_id="S1")  # as a store replays what it stored
    assert placed.id == "S1" and clusterer.stories["S1"].articles == ["a1", "b1"]
    assert clusterer.add(record("c1", QUAKE_B, {})).id == "S1"
    assert clusterer.add(record("d1", "Parliament passed the budget bill on a late vote.", {})).id == "S2"


def test_normalised_quotes_compare_equal_across_typography() -> None:
    from newsgraph.story import normalise_text, text_similarity, token_overlap

    a = normalise_text("\u201cWe will not raise taxes,\u201d")
    assert a == normalise_text('"We will NOT raise taxes"') == "we will not raise taxes"
    assert text_similarity(a, normalise_text("we will not raise any taxes")) > 0.9
    assert token_overlap("prices will fall sharply", "prices could fall", content_only=True) == 2 / 3
