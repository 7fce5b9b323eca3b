"""Tests for the model-free mention resolver."""

from __future__ import annotations

from newsgraph.stages.entities import coref, coref_words
from newsgraph.stages.entities.coref import Mention, Resolver


def name(text: str, start: int, sent: int, etype: str = "PERSON", subject: bool = False) -> Mention:
    return Mention(start, start + len(text), text, sent, "name", etype, subject=subject)


def pronoun(text: str, start: int, sent: int, subject: bool = True) -> Mention:
    return Mention(start, start + len(text), text, sent, "pronoun", "PERSON", subject=subject, head=text)


def test_strip_name_drops_article_and_possessive() -> None:
    assert coref_words.strip_name("the United States") == "United States"
    assert coref_words.strip_name("Russia’s") == "Russia"
    assert coref_words.strip_name("Biden's") == "Biden"


def test_short_forms_of_organisation_names() -> None:
    assert coref_words.short_org_form("Harrow", "Harrow School") == "start"
    assert coref_words.short_org_form("the House", "the House of Representatives") == "start"
    assert coref_words.short_org_form("Penn State", "The Pennsylvania State University") == "start"
    assert coref_words.short_org_form("University", "Pennsylvania State University") == "head"
    assert coref_words.short_org_form("House", "White House") == "head"
    assert coref_words.short_org_form("Post", "Washington Post") is None  # not a head word of organisations
    assert coref_words.short_org_form("Kodak", "Eastman Kodak Co") == "head"  # the word before a company suffix
    assert coref_words.short_org_form("Eastman", "Eastman Kodak Co") == "start"
    assert coref_words.short_org_form("Kodak", "Eastman Kodak") is None  # no suffix: no telling
    assert coref_words.short_org_form("Harrow School", "Harrow") is None
    assert coref_words.short_org_form("Pe State", "Pennsylvania State University") is None


def test_partial_names_match_full_names() -> None:
    assert coref_words.is_partial_name("Nebenzia", "Vassily Nebenzia")
    assert coref_words.is_partial_name("Mr. Biden", "Joe Biden")
    assert coref_words.is_partial_name("Thomas-Greenfield", "Linda Thomas-Greenfield")
    assert not coref_words.is_partial_name("Smith", "John Smithson")
    assert not coref_words.is_partial_name("Vassily Nebenzia", "Nebenzia")


def test_place_and_organisation_aliases() -> None:
    us = {coref_words.alias_key(v) for v in ("the United States", "U.S.", "US", "America", "United States")}
    assert us == {"united states"}
    assert coref_words.names_match("NATO", "North Atlantic Treaty Organization", "ORG")
    assert coref_words.names_match("Security Council", "U.N. Security Council", "ORG")
    assert coref_words.names_match("U.N.", "United Nations", "ORG")
    assert not coref_words.names_match("Council", "European Council", "ORG")
    assert coref_words.place_key("Ukrainian") == "ukraine"


def test_resolver_clusters_surname_with_earlier_full_name_and_keeps_fullest() -> None:
    r = Resolver()
    full = r.add_name(name("Vassily Nebenzia", 0, 0))
    short = r.add_name(name("Nebenzia", 40, 1))
    assert full is short and full.name == "Vassily Nebenzia" and len(full.mentions) == 2
    # a later fuller name becomes the canonical one
    r2 = Resolver()
    c = r2.add_name(name("Kirby", 0, 0))
    r2.add_name(name("John Kirby", 30, 1))
    assert c.name == "John Kirby"


def test_a_surname_joins_a_name_with_a_generational_suffix() -> None:
    assert coref_words.name_words("Arcade Joseph Comeaux, Jr.") == ["arcade", "joseph", "comeaux"]
    assert coref_words.name_words("Jr. Smith") == ["jr.", "smith"]  # only a trailing suffix of a longer name
    r = Resolver()
    full = r.add_name(name("Arcade Joseph Comeaux Jr.", 0, 0))
    assert r.add_name(name("Comeaux", 40, 1)) is full and full.name == "Arcade Joseph Comeaux Jr."


def test_us_variants_are_one_entity_named_in_full() -> None:
    r = Resolver()
    a = r.add_name(name("U.S.", 0, 0, "GPE"))
    b = r.add_name(name("United States", 10, 0, "GPE"))
    c = r.add_name(name("America", 30, 1, "GPE"))
    assert a is b is c and a.name == "United States"


def test_gender_from_first_name_and_title() -> None:
    assert coref_words.first_name_gender("Linda Thomas-Greenfield") == "female"
    assert coref_words.first_name_gender("Mr. Kyslytsya") == "male"
    assert coref_words.first_name_gender("Kyslytsya") is None


def test_pronoun_follows_gender_then_salience() -> None:
    r = Resolver()
    r.add_name(name("Linda Moore", 0, 0, subject=True))
    r.add_name(name("Tom Hall", 30, 0))
    she = pronoun("She", 60, 1)
    he = pronoun("He", 90, 2)
    assert r.resolve_pronoun(she).name == "Linda Moore"  # type: ignore[union-attr]
    assert r.resolve_pronoun(he).name == "Tom Hall"  # type: ignore[union-attr]


def test_pronoun_prefers_recent_subject_over_older_mentions() -> None:
    r = Resolver()
    r.add_name(name("Joe Biden", 0, 0, subject=True))
    r.add_name(name("Vassily Nebenzia", 100, 3, subject=True))
    assert r.resolve_pronoun(pronoun("He", 200, 4)).name == "Vassily Nebenzia"  # type: ignore[union-attr]


def test_previous_speaker_breaks_a_tie() -> None:
    r = Resolver()
    a = r.add_name(name("Pat Kim", 0, 0, subject=True))
    b = r.add_name(name("Sam Lee", 20, 0, subject=True))
    he = pronoun("he", 60, 1)
    assert r.resolve_pronoun(he, prefer=a) is a
    assert r.resolve_pronoun(he, prefer=b) is b


def test_pronoun_too_far_from_any_person_stays_unresolved() -> None:
    r = Resolver()
    r.add_name(name("John Kirby", 0, 0))
    assert r.resolve_pronoun(pronoun("he", 500, 20)) is None


def test_object_pronoun_does_not_mean_its_clauses_subject() -> None:
    r = Resolver()
    # "Jim Ross said Tom Hall praised him."
    r.add_name(name("Jim Ross", 0, 0, subject=True))
    r.add_name(Mention(14, 22, "Tom Hall", 0, "name", "PERSON", subject=True, clause=5))
    him = Mention(31, 34, "him", 0, "pronoun", "PERSON", subject=False, clause=5)
    assert r.resolve_pronoun(him).name == "Jim Ross"  # type: ignore[union-attr]


def test_role_noun_resolves_by_role_and_affiliation() -> None:
    r = Resolver()
    a = r.add_name(name("Linda Thomas-Greenfield", 0, 0))
    a.role, a.affiliation = "Ambassador", "U.S."
    b = r.add_name(name("Vassily Nebenzia", 50, 1))
    b.role, b.affiliation = "Ambassador", "Russian"
    c = r.add_name(name("Sergiy Kyslytsya", 90, 2))
    c.role, c.affiliation = "envoy", "Ukrainian"
    us_amb = Mention(200, 219, "the U.S. ambassador", 5, "nominal", head="ambassador", modifiers=("U.S.",))
    ru_amb = Mention(200, 221, "the Russian ambassador", 5, "nominal", head="ambassador",
                     modifiers=("Russian",))
    envoy = Mention(200, 210, "the envoy", 5, "nominal", head="envoy")
    assert r.resolve_nominal(us_amb) is a
    assert r.resolve_nominal(ru_amb) is b
    assert r.resolve_nominal(envoy) is c


def test_spokesman_matches_press_secretary() -> None:
    r = Resolver()
    a = r.add_name(name("John Kirby", 0, 0))
    a.role = "Pentagon press secretary"
    m = Mention(100, 123, "the Pentagon spokesman", 3, "nominal", head="spokesman", modifiers=("Pentagon",))
    assert r.resolve_nominal(m) is a


def test_gender_learnt_from_pronouns_after_a_lone_name() -> None:
    r = Resolver()
    c = r.add_name(name("Kim Kyslytsya", 0, 0))
    c.gender_votes = {"male": 0.0, "female": 0.0}
    c.gender = None
    coref.learn_gender_from_pronouns(r, [pronoun("She", 30, 1), pronoun("she", 60, 1)])
    assert c.gender == "female"


def test_two_people_sharing_a_surname_stay_apart() -> None:
    r = Resolver()
    donald = r.add_name(name("Donald Trump", 0, 0))
    assert r.add_name(name("Trump", 20, 1)) is donald
    melania = r.add_name(name("Melania Trump", 40, 2))
    assert melania is not donald
    assert r.add_name(name("Trump", 80, 3)) is donald  # a bare surname goes to the most named bearer
    assert donald.name == "Donald Trump" and melania.name == "Melania Trump"


def test_party_modifier_rules_out_a_person_of_the_other_party() -> None:
    r = Resolver()
    trump = r.add_name(Mention(0, 12, "Donald Trump", 0, subject=True))
    trump.role, trump.affiliation = "presidential nominee", "Republican"
    clinton = r.add_name(Mention(20, 35, "Hillary Clinton", 1, subject=True))
    clinton.role, clinton.affiliation = "presidential nominee", "Democratic"
    nominal = Mention(50, 80, "The Democratic presidential nominee", 2, kind="nominal", head="nominee",
                      modifiers=("Democratic", "presidential"))
    assert r.resolve_nominal(nominal) is clinton


def test_role_abbreviations_match_spelt_out_role_nouns() -> None:
    assert "governor" in coref_words.role_words("Gov.")
    assert "general" in coref_words.role_words("Secretary-General")


def test_capital_joins_its_country_and_starts_it_when_unnamed() -> None:
    r = Resolver()
    russia = r.add_name(Mention(0, 6, "Russia", 0, etype="GPE"))
    moscow = Mention(20, 26, "Moscow", 1, etype="GPE")
    assert r.add_for_country(moscow, "russia") is russia
    assert russia.name == "Russia" and "Moscow" not in russia.names
    china = r.add_for_country(Mention(40, 47, "Beijing", 2, etype="GPE"), "china")
    assert (china.name, china.etype) == ("China", "GPE")
    assert r.add_name(Mention(60, 65, "China", 3, etype="GPE")) is china
