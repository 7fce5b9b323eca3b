"""Tests for the speakers stage: quotes built by hand, sources resolved to whom they mean."""

from __future__ import annotations

import pytest

from newsgraph.records import Quote, Span
from newsgraph.stages.entities.speakers import resolve_speakers

LATER_STAGES = ("newsgraph_quotes_", "newsgraph_speakers_")  # name prefixes: any version


def parse(nlp, text: str):  # type: ignore[no-untyped-def]
    """The Doc after the model and the entities stage only."""
    with nlp.select_pipes(disable=[p for p in nlp.pipe_names if p.startswith(LATER_STAGES)]):
        return nlp(text)


def find(text: str, needle: str, after: int = 0) -> Span:
    start = text.index(needle, after)
    return Span(start, start + len(needle))


def quote(text: str, content: str, source: str | None, anchor: str | None = None,
          cue: str | None = None) -> Quote:
    """A quote whose source (and cue) is searched inside ``anchor`` (default: after the content)."""
    content_span = find(text, content)
    where = text.index(anchor) if anchor else content_span.start
    source_span = find(text, source, where) if source else None
    cue_span = find(text, cue, source_span.end if source_span else where) if cue else None
    return Quote([content_span], cue_span, source_span, "direct" if content.startswith("“") else "indirect")


def speaker_names(nlp, text: str, quotes: list[Quote]) -> list[str | None]:  # type: ignore[no-untyped-def]
    doc = parse(nlp, text)
    doc._.ng_quotes = quotes
    resolve_speakers(doc, quotes)
    return [q.speaker.name if q.speaker else None for q in quotes]


@pytest.mark.slow
def test_surname_and_pronoun_resolve_to_full_name(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Senator Maria Lopez met Governor Tom Baker on Friday. "
            "\u201cWe agreed on nothing,\u201d Lopez said. She added that talks would go on. "
            "Baker said he was hopeful.")
    quotes = [
        quote(text, "\u201cWe agreed on nothing,\u201d", "Lopez", cue="said"),
        quote(text, "talks would go on", "She", anchor="She added", cue="added"),
        quote(text, "he was hopeful", "Baker", anchor="Baker said", cue="said"),
    ]
    assert speaker_names(nlp, text, quotes) == ["Maria Lopez", "Maria Lopez", "Tom Baker"]
    assert quotes[0].speaker is not None and quotes[0].speaker.role == "Senator"


@pytest.mark.slow
def test_role_noun_resolves_to_person_introduced_with_it(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("French envoy Pierre Martin spoke first. Then German Chancellor Anna Weber spoke. "
            "\u201cWe will not move,\u201d the envoy said.")
    quotes = [quote(text, "\u201cWe will not move,\u201d", "the envoy", cue="said")]
    assert speaker_names(nlp, text, quotes) == ["Pierre Martin"]


@pytest.mark.slow
def test_the_doctor_is_dr_x_and_an_unresolved_occupation_gets_no_name(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Dr. Anna Steiner examined the boy on Monday. \u201cHe is recovering,\u201d the doctor said. "
            "\u201cIt was loud,\u201d a witness said.")
    quotes = [quote(text, "\u201cHe is recovering,\u201d", "the doctor", cue="said"),
              quote(text, "\u201cIt was loud,\u201d", "a witness", cue="said")]
    assert speaker_names(nlp, text, quotes) == ["Anna Steiner", None]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "source", "name"), [
    ("The National Apartment Association, which represents landlords, opposed the bill. \u201cRent control "
     "reduces the supply of housing,\u201d the group said in a statement.", "the group",
     "National Apartment Association"),
    ("The Office for Budget Responsibility cut its forecast. \u201cGrowth will slow,\u201d the watchdog said.",
     "the watchdog", "Office for Budget Responsibility"),
    # "the company" of a company named with its suffix; the subject, not the unit it names
    ("Harwell Travel Corp said its Harwell Life Insurance Co unit has expanded. \u201cThe unit is growing,\u201d "
     "the company said.", "the company", "Harwell Travel Corp"),
    ("Brixton Inns Limited Partnership filed for an offering. \u201cWe expect demand,\u201d the company said.",
     "the company", "Brixton Inns Limited Partnership"),
])
def test_the_group_is_the_organisation_named_just_before(nlp, text: str, source: str, name: str) -> None:  # type: ignore[no-untyped-def]
    content = text[text.index("\u201c"): text.index("\u201d") + 1]
    assert speaker_names(nlp, text, [quote(text, content, source, cue="said")]) == [name]


@pytest.mark.slow
def test_it_in_wire_copy_wrapped_into_lines_is_the_company(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("AM International Inc, reporting an\noperating loss for the January 31 second quarter, said\n"
            "prospects for the balance of the fiscal year remain good.\n    It said orders at its Harris "
            "Graphics\nsubsidiary continue to run at a strong pace.")
    quotes = [quote(text, "orders at its Harris", "It", anchor="It said", cue="said")]
    assert speaker_names(nlp, text, quotes) == ["AM International Inc"]


@pytest.mark.slow
def test_they_of_a_group_named_by_a_description_is_that_group(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Quotas will stay unchanged until April, ICO delegates said. Distribution would then be on a new "
            "basis, they said.")
    quotes = [quote(text, "Distribution would then be on a new basis", "they", cue="said")]
    assert speaker_names(nlp, text, quotes) == ["ICO delegates"]
    assert quotes[0].speaker is not None and quotes[0].speaker.named is False and quotes[0].speaker.entity is None


@pytest.mark.slow
def test_generic_source_keeps_its_text_and_no_entity(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The ministry issued a statement. Senior officials said the plan was dead."
    quotes = [quote(text, "the plan was dead", "Senior officials", anchor="Senior", cue="said")]
    assert speaker_names(nlp, text, quotes) == ["Senior officials"]
    assert quotes[0].speaker is not None and quotes[0].speaker.entity is None
    text = "The union, which represents 4,000 nurses, said it would hold a rally on Thursday."
    quotes = [quote(text, "it would hold a rally on Thursday", "The union, which represents 4,000 nurses",
                    anchor="The union", cue="said")]
    assert speaker_names(nlp, text, quotes) == ["The union"]  # a group's description, not its relative clause
    text = "The carriers will share lock schedules, according to a joint statement released Friday."
    quotes = [quote(text, "The carriers will share lock schedules", "a joint statement")]
    assert speaker_names(nlp, text, quotes) == [None]  # a document whose author is not found is no speaker name


@pytest.mark.slow
def test_sourceless_quote_inherits_previous_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "\u201cIt is over,\u201d said Paul Smith. \u201cWe lost.\u201d"
    quotes = [
        quote(text, "\u201cIt is over,\u201d", "Paul Smith"),
        quote(text, "\u201cWe lost.\u201d", None),
    ]
    quotes[0].cue = find(text, "said")
    assert speaker_names(nlp, text, quotes) == ["Paul Smith", "Paul Smith"]


@pytest.mark.slow
def test_coordinated_sources_are_no_single_entity(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "The United States, NATO and Ukraine have all rejected the demand."
    quotes = [quote(text, "the demand", "The United States, NATO and Ukraine", anchor="The", cue="rejected")]
    assert speaker_names(nlp, text, quotes) == ["The United States, NATO and Ukraine"]
    assert quotes[0].speaker is not None and quotes[0].speaker.entity is None


@pytest.mark.slow
def test_country_as_speaker_is_its_entity(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Russia said the talks had failed."
    quotes = [quote(text, "the talks had failed", "Russia", anchor="Russia", cue="said")]
    doc = parse(nlp, text)
    resolve_speakers(doc, quotes)
    speaker = quotes[0].speaker
    assert speaker is not None and speaker.name == "Russia"
    entity = next(e for e in doc._.ng_entities if e.id == speaker.entity)
    assert entity.type == "GPE"


# The seed article: (content, anchor the source is searched in, source, cue, expected speaker).
SEED_QUOTES: list[tuple[str, str | None, str | None, str | None, str]] = [
    ("“We urge Russia", "” Johnson said", "Johnson", "said", "Boris Johnson"),
    ("a U.S. document failed to address", "Russia said a U.S.", "Russia", "said", "Russia"),
    ("to discuss its contents", "State Department officials", "State Department officials", "declined",
     "State Department officials"),
    ("it has no plans to invade Ukraine again", "it says it", "it", "says", "Russia"),
    ("“The situation we’re facing", "U.S. Ambassador Linda", "U.S. Ambassador Linda Thomas-Greenfield",
     "told", "Linda Thomas-Greenfield"),
    ("the more than 100,000 troops", "She said the more", "She", "said", "Linda Thomas-Greenfield"),
    ("“This is the largest", "” Thomas-Greenfield said", "Thomas-Greenfield", "said",
     "Linda Thomas-Greenfield"),
    ("“And as we speak", None, None, None, "Linda Thomas-Greenfield"),
    ("that included the nearly 5,000", "She said that included", "She", "said", "Linda Thomas-Greenfield"),
    ("There is evidence Moscow plans", "she added", "she", "added", "Linda Thomas-Greenfield"),
    ("Russia’s aggression threatens", "The U.S. ambassador said", "The U.S. ambassador", "said",
     "Linda Thomas-Greenfield"),
    ("“An order that", "” she said", "she", "said", "Linda Thomas-Greenfield"),
    ("“If Russia is sincere", "” Biden said", "Biden", "said", "Joe Biden"),
    ("“If instead, Russia", None, None, None, "Joe Biden"),
    ("the United States is ready for any scenario", "He later told", "He", "told", "Joe Biden"),
    ("“We continue to urge diplomacy", "he added, “We", "he", "added", "Joe Biden"),
    ("Russia is not “scared”", "He said Russia is not", "He", "said", "Vassily Nebenzia"),
    ("“The deployment of Russian troops", "” Nebenzia said", "Nebenzia", "said", "Vassily Nebenzia"),
    ("the United States and Western colleagues", "He said that the United", "He", "said", "Vassily Nebenzia"),
    ("“Our Western colleagues", "” he said, calling", "he", "said", "Vassily Nebenzia"),
    ("All Russian officials have", "he said, and anyone", "he", "said", "Vassily Nebenzia"),
    ("Ukraine simply cannot accept", "Ukrainian envoy Sergiy", "Ukrainian envoy Sergiy Kyslytsya", "told",
     "Sergiy Kyslytsya"),
    ("“Ukraine strongly rejects", "” Kyslytsya said", "Kyslytsya", "said", "Sergiy Kyslytsya"),
    ("“The most principled position", None, None, None, "Sergiy Kyslytsya"),
    ("Kyiv is prepared to defend itself", "He emphasized", "He", "emphasized", "Sergiy Kyslytsya"),
    ("Ukraine President Volodymyr Zelenskiy has said he is willing", "He noted", "He", "noted",
     "Sergiy Kyslytsya"),
    ("he is willing to meet with", "Ukraine President Volodymyr", "Ukraine President Volodymyr Zelenskiy",
     "has said", "Volodymyr Zelenskiy"),
    ("“If Russia has any questions", "” the envoy said", "the envoy", "said", "Sergiy Kyslytsya"),
    ("a Russian invasion is “imminent.”", "Kyslytsya said he believes", "Kyslytsya", "said",
     "Sergiy Kyslytsya"),
    ("“Imminent, the first meaning", "” he said, translating", "he", "said", "Sergiy Kyslytsya"),
    ("“So, we have to work", None, None, None, "Sergiy Kyslytsya"),
    ("“we continue to see", "U.S. Pentagon press", "U.S. Pentagon press secretary John Kirby", "told",
     "John Kirby"),
    ("the Russian movements “concerning.”", "He called", "He", "called", "John Kirby"),
    ("NATO has no intention", "NATO Secretary-General", "NATO Secretary-General Jens Stoltenberg", "said",
     "Jens Stoltenberg"),
]


@pytest.fixture(scope="module")
def seed_text(shared_data) -> str:  # type: ignore[no-untyped-def]
    path = shared_data / "seed" / "000_b4bac461340a2d4f.txt"
    if not path.is_file():
        pytest.skip("seed article absent")
    return path.read_text(encoding="utf-8")


@pytest.mark.slow
def test_seed_article_every_quote_gets_full_name(nlp, seed_text: str) -> None:  # type: ignore[no-untyped-def]
    quotes = [quote(seed_text, content, source, anchor, cue)
              for content, anchor, source, cue, _ in SEED_QUOTES]
    names = speaker_names(nlp, seed_text, quotes)
    expected = [row[-1] for row in SEED_QUOTES]
    wrong = [(row[0], got, want)
             for row, got, want in zip(SEED_QUOTES, names, expected, strict=True) if got != want]
    assert not wrong


@pytest.mark.slow
def test_seed_roles_and_affiliations(nlp, seed_text: str) -> None:  # type: ignore[no-untyped-def]
    doc = parse(nlp, seed_text)
    by_name = {e.name: e for e in doc._.ng_entities}
    assert (by_name["Linda Thomas-Greenfield"].role, by_name["Linda Thomas-Greenfield"].affiliation) == \
        ("Ambassador", "U.S.")
    kirby = by_name["John Kirby"]
    assert (kirby.role, kirby.affiliation) == ("Pentagon press secretary", "U.S.")
    assert by_name["Sergiy Kyslytsya"].role == "envoy"
    assert by_name["Sergiy Kyslytsya"].affiliation in ("Ukrainian", "Ukraine")
    assert by_name["Vassily Nebenzia"].type == "PERSON"
    assert len([e for e in doc._.ng_entities if e.name == "United States"]) == 1


@pytest.mark.slow
def test_capital_standing_for_its_government_is_the_country(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Russia moved troops to the border. Moscow said the drills were routine. "
            "The drills were held near Moscow.")
    quotes = [quote(text, "the drills were routine", "Moscow", anchor="Moscow said", cue="said")]
    doc = parse(nlp, text)
    resolve_speakers(doc, quotes)
    speaker = quotes[0].speaker
    assert speaker is not None and speaker.name == "Russia"
    russia = next(e for e in doc._.ng_entities if e.id == speaker.entity)
    assert "Moscow" in {m.text_of(text) for m in russia.mentions}
    # the city itself ("held near Moscow") stays a place of its own
    assert any(e.name == "Moscow" and e.type == "GPE" for e in doc._.ng_entities)


@pytest.mark.slow
def test_capital_of_a_country_not_named_starts_that_country(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Beijing said on Monday that it would retaliate against the new tariffs."
    quotes = [quote(text, "it would retaliate", "Beijing", anchor="Beijing", cue="said")]
    assert speaker_names(nlp, text, quotes) == ["China"]


@pytest.mark.slow
def test_relative_pronoun_source_is_its_antecedent(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Governor Tom Baker spoke on Friday. Baker, who said the budget was balanced, "
            "left early.")
    quotes = [quote(text, "the budget was balanced", "who", anchor="who said", cue="said")]
    assert speaker_names(nlp, text, quotes) == ["Tom Baker"]


@pytest.mark.slow
def test_first_person_source_inside_a_quote_is_its_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "\u201cI think the deal is dead, I told them so,\u201d said Paul Smith."
    quotes = [
        quote(text, "\u201cI think the deal is dead, I told them so,\u201d", "Paul Smith"),
        quote(text, "the deal is dead", "I", anchor="I think", cue="think"),
    ]
    quotes[0].cue = find(text, "said")
    assert speaker_names(nlp, text, quotes) == ["Paul Smith", "Paul Smith"]


@pytest.mark.slow
def test_campaign_of_a_person_is_not_the_person(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Donald Trump spoke in Ohio. The Trump campaign said the ad was false."
    quotes = [quote(text, "the ad was false", "The Trump campaign", anchor="The Trump", cue="said")]
    assert speaker_names(nlp, text, quotes) == ["The Trump campaign"]
    speaker = quotes[0].speaker
    assert speaker is not None and speaker.entity is None and speaker.affiliation == "Donald Trump"


@pytest.mark.slow
def test_description_before_a_name_is_that_person_and_gives_the_role(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Retired nurse Omar Field said the clinic was too far. "
            "The agency's deputy director, Ines Carvalho, said a bus would run from June.")
    source = "The agency's deputy director, Ines Carvalho"
    quotes = [quote(text, "a bus would run from June", source, anchor="The agency", cue="said")]
    doc = parse(nlp, text)
    by_name = {e.name: e for e in doc._.ng_entities}
    assert by_name["Ines Carvalho"].role == "deputy director"
    start = text.index("The agency's deputy director")
    assert not any(m.start == start for m in by_name["Omar Field"].mentions)
    assert speaker_names(nlp, text, quotes) == ["Ines Carvalho"]


@pytest.mark.slow
def test_statement_of_a_described_body_speaks_for_that_body(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("The Dunmore county planning commission on Tuesday rejected the tower. "
            "The height was out of scale, according to the commission's ruling. "
            "The commission will meet again in May.")
    quotes = [Quote([find(text, "The height was out of scale")], find(text, "according to"),
                    find(text, "the commission's ruling"), "indirect")]
    assert speaker_names(nlp, text, quotes) == ["The Dunmore county planning commission"]
    assert quotes[0].speaker is not None and quotes[0].speaker.named is False


@pytest.mark.slow
def test_description_an_organisation_or_place_was_introduced_with_names_it(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("The water utility AquaNorte raised its rates in May. The utility said costs had doubled. "
            "The town of Brevik objected to the increase. The town said it would appeal.")
    quotes = [quote(text, "costs had doubled", "The utility", anchor="The utility said", cue="said"),
              quote(text, "it would appeal", "The town", anchor="The town said", cue="said")]
    assert speaker_names(nlp, text, quotes) == ["AquaNorte", "Brevik"]


@pytest.mark.slow
def test_study_by_a_named_body_speaks_for_it_and_so_does_the_study(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("A survey by the Harwick Foundation found that most tenants pay more than a third of their income in rent. "
            "The survey said younger tenants were hit hardest.")
    quotes = [quote(text, "most tenants pay more", "A survey by the Harwick Foundation", anchor="A survey",
                    cue="found"),
              quote(text, "younger tenants were hit hardest", "The survey", anchor="The survey said", cue="said")]
    assert speaker_names(nlp, text, quotes) == ["Harwick Foundation", "Harwick Foundation"]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "name", "named"), [
    # a coordination inside the source's modifier is no second speaker
    ('"We expect a cut," said Lawrence Cohn, analyst with Merrill Lynch, Pierce, Fenner and Smith.',
     "Lawrence Cohn", True),
    ('Standard Oil Co and BP North America Inc said they would merge.',  # the head word coordinated: two
     "Standard Oil Co and BP North America Inc", False),
    # two descriptions of one person under one determiner
    ('Hillary Clinton spoke in Ohio. The former secretary of state and current Democratic nominee said the '
     'plan would work.', "Hillary Clinton", True),
    # a name spaCy typed as a work of art, with a one-person appositive, is a person
    ('"It is irresponsible," Tomo Harikawa, professor of economics at Keio University, told Reuters.',
     "Tomo Harikawa", True),
])
def test_speaker_of_a_source_with_modifiers(nlp, text: str, name: str, named: bool) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    [q] = doc._.ng_quotes
    assert q.speaker is not None and (q.speaker.name, q.speaker.named) == (name, named)
    if named:
        assert any(e.name == name and e.type == "PERSON" for e in doc._.ng_entities)


@pytest.mark.slow
def test_the_report_speaks_for_whoever_said_it_in_that_report(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Palm oil output will rise this year, the Harlow Embassy said in its annual report on the farm sector.\n"
            "Exports should also increase, the report said.")
    quotes = nlp(text)._.ng_quotes
    assert [(q.source.text_of(text), q.speaker.name) for q in quotes if q.source and q.speaker] == [
        ("the Harlow Embassy", "Harlow Embassy"), ("the report", "Harlow Embassy")]


@pytest.mark.slow
def test_a_study_far_after_the_report_still_speaks_for_its_author(nlp) -> None:  # type: ignore[no-untyped-def]
    filler = " ".join(f"Farm prices rose by {n} pct in the {n}th district." for n in range(30, 60))  # 300+ tokens
    text = ("Palm oil output will rise this year, the Harlow Embassy said in its annual report on the farm sector.\n"
            f"{filler}\nThe study said that exports would also increase.")
    doc = parse(nlp, text)
    quotes = [quote(text, "that exports would also increase", "The study", anchor="The study")]
    doc._.ng_quotes = quotes
    resolve_speakers(doc, quotes)
    assert len(doc) > 300 and quotes[0].speaker is not None and quotes[0].speaker.name == "Harlow Embassy"


@pytest.mark.slow
@pytest.mark.parametrize(("text", "name"), [
    # the country the article names most
    ("Indonesia cut its rice imports. Indonesia will also buy less wheat, traders in Singapore said.\n"
     "The government expects a record harvest, an official said.", "Indonesia"),
    # two countries named as often: no telling whose government it is
    ("Indonesia and Malaysia cut their rice imports. Indonesia and Malaysia will also buy less wheat.\n"
     "The government expects a record harvest, an official said.", None),
])
def test_the_government_is_the_country_the_article_is_about(nlp, text: str, name: str | None) -> None:  # type: ignore[no-untyped-def]
    quotes = [quote(text, "a record harvest", "The government", anchor="The government")]
    names = speaker_names(nlp, text, quotes)
    assert names == [name] if name else names != ["Indonesia"] and names != ["Malaysia"]


@pytest.mark.slow
def test_the_airline_after_a_company_quote_is_that_company(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Braniff Inc said its load factor rose to 50.5 pct in February.\n"
            "The airline said capacity for February was up 43.3 pct.")
    quotes = [quote(text, "its load factor rose to 50.5 pct in February", "Braniff Inc", anchor="Braniff"),
              quote(text, "capacity for February was up 43.3 pct", "The airline", anchor="The airline")]
    assert speaker_names(nlp, text, quotes) == ["Braniff Inc", "Braniff Inc"]


@pytest.mark.slow
def test_the_department_is_the_public_body_not_the_company_quoted_before(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Productivity rose 1.7 pct in the fourth quarter, the Labor Department said.\n"
            "Acme Corp said its own output rose 3 pct.\n"
            "The department said output per hour rose faster in manufacturing.")
    quotes = [quote(text, "Productivity rose 1.7 pct in the fourth quarter", "the Labor Department"),
              quote(text, "its own output rose 3 pct", "Acme Corp", anchor="Acme"),
              quote(text, "output per hour rose faster in manufacturing", "The department", anchor="The department")]
    names = speaker_names(nlp, text, quotes)
    assert names[1] == "Acme Corp" and names[2] == names[0] and names[0] is not None and "Labor" in names[0]


@pytest.mark.slow
def test_they_after_a_group_quote_is_the_group_not_a_plural_in_the_content(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Japan will cut its lending rate, Finance Ministry sources said.\n"
            "Japanese institutions now see a risk in relying on Treasury bonds, they said.")
    quotes = [quote(text, "Japan will cut its lending rate", "Finance Ministry sources"),
              quote(text, "Japanese institutions now see a risk in relying on Treasury bonds", "they")]
    names = speaker_names(nlp, text, quotes)
    assert names[1] == names[0] and names[0] is not None and names[0].endswith("sources")


@pytest.mark.slow
def test_they_continuing_a_group_quote_is_that_group(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("The meeting was likely to adjourn tonight without agreement, delegates said.\n"
            "The council is expected to reconvene within six weeks, they said.")
    quotes = nlp(text)._.ng_quotes
    assert [(q.source.text_of(text), q.speaker.name, q.speaker.named) for q in quotes if q.source and q.speaker] == [
        ("delegates", "delegates", False), ("they", "delegates", False)]
