"""The extractor's name rules: countries through names and adjectives, with their traps; officials
known and new; commission sessions; sectors."""

from __future__ import annotations

import datetime as dt

import pytest

from relations.extract import extract
from relations.extract.gazetteer import Gazetteer
from relations.models import Commission, Country, OfficeHeld, Official, Sector
from tests.world import load_story

pytestmark = pytest.mark.django_db

ON = dt.date(2025, 9, 9)


def codes(text: str) -> list[str]:
    return [country.code for country in extract(text, ON).countries]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Talks with Turkiye.", "TR"),
        ("Talks with Türkiye.", "TR"),
        ("Talks with Turkey.", "TR"),
        ("The Turkish minister.", "TR"),
        ("A Pakistani delegation.", "PK"),
        ("The Indian side.", "IN"),
        ("Talks with the Czech Republic.", "CZ"),
        ("Talks with Czechia.", "CZ"),
        ("Talks with Swaziland.", "SZ"),
        ("A Swazi minister.", "SZ"),
        ("Talks with North Macedonia.", "MK"),
        ("Talks with Macedonia.", "MK"),
        ("Talks with Ivory Coast.", "CI"),
        ("Talks with Côte d'Ivoire.", "CI"),
        ("Talks with Cote d’Ivoire.", "CI"),
        ("An Ivorian minister.", "CI"),
        ("Talks with Burma.", "MM"),
        ("A Burmese delegation.", "MM"),
        ("U.S. officials said.", "US"),
        ("The UAE said.", "AE"),
    ],
)
def test_every_name_alias_and_adjective_finds_its_country(text, code):
    assert codes(text) == [code]


def test_every_country_has_an_adjective_in_the_tables_but_dominica():
    without = set(Country.objects.exclude(names__kind="demonym").values_list("code", flat=True))
    assert "DM" in without
    assert {"TR", "PK", "IN", "SZ", "CI", "MM"}.isdisjoint(without)


def test_the_longest_name_wins():
    assert codes("Papua New Guinea and Equatorial Guinea met Guinea-Bissau.") == ["PG", "GQ", "GW"]
    assert codes("South Sudan and Sudan.") == ["SS", "SD"]
    assert codes("The Dominican Republic and Nigeria.") == ["DO", "NG"]
    assert codes("Niger and Dominica.") == ["NE", "DM"]
    assert codes("South Korean and North Korean envoys.") == ["KR", "KP"]


def test_common_words_and_first_names_are_not_countries():
    assert codes("They ate turkey and china plates; it suits us.") == []
    assert codes("Chad Okonkwo met Michael Jordan and Georgia Adeyemi.") == []
    assert codes("Refugees fled into Chad, Jordan and Georgia.") == ["TD", "JO", "GE"]


def test_a_currency_sign_and_regions_are_not_countries():
    assert codes("A US$5 billion target across Latin American and West African markets.") == []
    assert codes("Ships crossed the Indian Ocean.") == []
    assert codes("Ships crossed the South China Sea.") == ["CN"]


def test_a_shared_adjective_goes_to_the_country_named_outright():
    assert codes("Congo's president met Congolese traders.") == ["CG"]
    assert codes("Congolese traders.") == []


def test_the_gazetteer_is_read_in_seven_queries_whatever_the_names(django_assert_num_queries):
    with django_assert_num_queries(7):
        Gazetteer.load()


# Officials ----------------------------------------------------------------------------------


@pytest.fixture
def seeded():
    load_story()


def officials(text: str) -> list[tuple[str, str | None, str, str | None]]:
    return [(o.name, o.official, o.office, o.country) for o in extract(text, ON).officials]


def test_a_known_official_is_found_through_an_alias_without_accents(seeded):
    assert officials("Yasar Guler arrived.") == [("Yaşar Güler", "yasar-guler", "", "TR")]


def test_a_new_official_is_proposed_with_the_title_and_country_before_the_name(seeded):
    assert officials("Kenyan Trade Minister Daniel Kiprono said.") == [
        ("Daniel Kiprono", None, "Trade Minister", "KE")
    ]
    assert officials("Uganda's Minister of Works and Transport Grace Nakato said.") == [
        ("Grace Nakato", None, "Minister of Works and Transport", "UG")
    ]
    assert officials("President William Oduya of Kenya said.") == [("William Oduya", None, "President", "KE")]


def test_offices_written_around_the_name_count_too(seeded):
    assert officials("Zhao Lei, vice chairman of China's planning agency, spoke.")[0][:2] == (
        "Zhao Lei",
        None,
    )
    assert officials("The British ambassador in Skopje, Matthew Lawson, said so.") == [
        ("Matthew Lawson", None, "ambassador", "GB")
    ]
    assert officials("Czech Prime Minister Petr Dvořák and his Polish counterpart Anna Nowak met.") == [
        ("Petr Dvořák", None, "Prime Minister", "CZ"),
        ("Anna Nowak", None, "Prime Minister", "PL"),
    ]


def test_an_economist_is_not_an_official(seeded):
    assert officials("Georgia Adeyemi, an economist at a business school, said so.") == []


def test_a_known_official_with_a_new_title_is_proposed_with_it(seeded):
    hakan = Official.objects.get(slug="hakan-fidan")
    assert OfficeHeld.objects.filter(official=hakan, title__icontains="vice").count() == 0
    assert officials("Turkish Vice President Hakan Fidan arrived.") == [
        ("Hakan Fidan", "hakan-fidan", "Vice President", "TR")
    ]


def test_a_surname_alone_after_the_full_name_is_the_same_official(seeded):
    [khan] = extract("Commerce Minister Jam Kamal Khan spoke. Later Khan said more.", ON).officials
    assert len(khan.spans) == 2


def test_a_quotation_by_a_known_official_carries_their_slug(seeded):
    text = "Commerce Minister Jam Kamal Khan spoke. “Trade will double,” Khan said."
    [quote] = extract(text, ON).quotes
    assert (quote.text, quote.speaker, quote.official) == ("Trade will double", "Khan", "jam-kamal-khan")


def test_a_surname_before_the_full_name_is_nobody(seeded):
    assert extract("Khan spoke first.", ON).officials == []


# Sessions and sectors -------------------------------------------------------------------------


def sessions(text: str) -> list[tuple[int, str | None, str, list[str]]]:
    return [(s.number, s.commission, s.name, s.countries) for s in extract(text, ON).sessions]


def test_a_session_is_matched_to_the_known_commission_of_its_kind_and_countries(seeded):
    text = "Pakistan and Turkiye met. The joint ministerial commission's 16th meeting was held."
    assert sessions(text) == [
        (16, "pakistan-turkiye-jmc", "Pakistan–Türkiye Joint Ministerial Commission", ["PK", "TR"])
    ]
    text = "Pakistan and Turkiye met. It was the first session of the Joint Commission."
    assert sessions(text)[0][:2] == (1, "pakistan-turkiye-joint-commission")


def test_an_unknown_commission_is_proposed_with_a_name_built_from_its_countries(seeded):
    text = "Kenya and Uganda held the 7th session of the Kenya–Uganda Joint Economic Commission."
    assert sessions(text) == [(7, None, "Kenya–Uganda Joint Economic Commission", ["KE", "UG"])]


def test_a_three_country_commission_keeps_every_member(seeded):
    Commission.objects.create(name="Tripartite", kind=Commission.Kind.JOINT).members.set(["KE", "UG"])
    text = "The 3rd session of the Kenya–Uganda–Tanzania Tripartite Joint Commission opened."
    [(number, slug, name, members)] = sessions(text)
    assert (number, slug, members) == (3, None, ["KE", "UG", "TZ"])
    assert name == "Kenya–Uganda–Tanzania Tripartite Joint Commission"


def test_sector_synonyms_and_acronyms_are_found_only_as_written(seeded):
    Sector.objects.create(slug="transport", name="Transport")
    found = extract("It will cover IT, AI, renewables and a new railway; it pleases us.", ON).sectors
    assert [s.slug for s in found] == ["it", "ai", "renewable-energy", "transport"]


def test_a_sector_word_inside_a_name_is_not_a_sector(seeded):
    assert extract("The European Investment Bank will lend.", ON).sectors == []
    assert [s.slug for s in extract("An upgrade of the Karakoram Trade Highway.", ON).sectors] == []


def sector_words(text: str) -> dict[str, list[str]]:
    return {s.slug: [text[a:b] for a, b in s.spans] for s in extract(text, ON).sectors}


@pytest.mark.parametrize(
    "text",
    [
        "Türkiye's Minister of National Defense Yaşar Güler arrived.",
        "Pakistan's Defence Minister Khawaja Asif arrived.",
        "Kenya's Minister of Energy Opiyo Wandayi arrived.",
        "Nigeria's Trade Minister Bola Adeyemi arrived.",
        "The US Agriculture Secretary Brooke Rollins arrived.",
        "The Ministry of Commerce said so.",
        "The Energy Ministry said so.",
        "The Colombian trade ministry said so.",
    ],
)
def test_a_sector_word_naming_an_office_or_ministry_is_not_a_sector(seeded, text):
    assert extract(text, ON).sectors == []


def test_the_same_word_elsewhere_is_a_sector_without_the_office_s_place(seeded):
    text = "Türkiye's Minister of National Defense Yaşar Güler said both sides would deepen defense ties."
    [defence] = extract(text, ON).sectors
    assert (defence.slug, [text[a:b] for a, b in defence.spans]) == ("defence", ["defense"])


def test_crops_and_harvests_are_agriculture(seeded):
    text = "They will share data on harvests; the 2023 crop was small."
    assert sector_words(text) == {"agriculture": ["harvests", "crop"]}
