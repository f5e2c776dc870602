import pytest

from relations.models import Country, Official
from tests.world import build_world

pytestmark = pytest.mark.django_db


def test_every_iso_country_is_present_after_migrate():
    assert Country.objects.count() == 249
    assert Country.objects.get(code="TR").name == "Türkiye"


@pytest.mark.parametrize("text", ["Turkiye", "Türkiye", "turkey", "TURKEY", "tr", "Republic of Türkiye"])
def test_every_name_of_turkiye_finds_it(text):
    assert Country.objects.lookup(text).code == "TR"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Czech Republic", "CZ"),
        ("czechia", "CZ"),
        ("Ivory Coast", "CI"),
        ("Cote d'Ivoire", "CI"),
        ("Côte d’Ivoire", "CI"),
        ("Swaziland", "SZ"),
        ("Eswatini", "SZ"),
        ("Burma", "MM"),
        ("Myanmar", "MM"),
        ("Macedonia", "MK"),
        ("North Macedonia", "MK"),
        ("UAE", "AE"),
        ("USA", "US"),
        ("United States of America", "US"),
        ("UK", "GB"),
        ("South Korea", "KR"),
        ("Iran", "IR"),
        ("Russia", "RU"),
        ("Vietnam", "VN"),
        ("Viet Nam", "VN"),
    ],
)
def test_renamed_and_shortened_countries_are_found(text, code):
    assert Country.objects.lookup(text).code == code


def test_an_unknown_name_finds_nothing():
    assert Country.objects.lookup("Atlantis") is None
    assert Country.objects.lookup("   ") is None


def test_former_names_carry_their_validity():
    turkey = Country.objects.get(code="TR").names.get(name="Turkey")
    assert turkey.kind == "former"
    assert str(turkey.valid_until) == "2022-06-01"


def test_partial_names_match_through_aliases():
    assert "TR" in set(Country.objects.matching("turk").values_list("code", flat=True))


@pytest.mark.parametrize("text", ["yasar guler", "Yaşar Güler", "GULER", "yaşar"])
def test_an_official_is_found_without_accents_through_any_name(text):
    world = build_world()
    assert list(Official.objects.matching(text)) == [world.guler]
