"""Country codes and pairs, read the same way by pages, filters, the API and the models."""

import pytest
from django.urls import reverse

from relations.codes import InvalidCode, Pair, country_code
from relations.models import Country


class TestCountryCodes:
    def test_a_code_in_any_case_with_blanks_around_is_upper_case(self):
        assert [country_code(text) for text in ("pk", "PK", "Pk", " pk ")] == ["PK"] * 4

    def test_a_country_record_gives_its_own_code(self):
        assert country_code(Country(code="TR", name="Türkiye")) == "TR"

    @pytest.mark.parametrize("text", ["", "p", "pak", "p1", "p-", "\x00t", "çk", "ß", "p k"])
    def test_anything_but_two_latin_letters_is_refused_quoting_the_text(self, text):
        with pytest.raises(InvalidCode) as error:
            country_code(text)
        assert str(error.value) == f"“{text}” is not an ISO country code (such as PK or TR)."

    def test_known_codes_limit_what_is_accepted(self):
        assert country_code("pk", known={"PK"}) == "PK"
        with pytest.raises(InvalidCode, match="“xx” is not an ISO country code"):
            country_code("xx", known={"PK"})


class TestPairs:
    @pytest.mark.parametrize(
        "value", ["pk-tr", "TR-PK", "tr-pk", ("pk", "tr"), ["TR", "pk"], Pair("PK", "TR")]
    )
    def test_any_order_and_case_gives_the_same_pair(self, value):
        pair = Pair.parse(value)
        assert (pair.low, pair.high, pair.slug, str(pair)) == ("PK", "TR", "pk-tr", "pk-tr")
        assert pair == Pair.of("tr", "PK")
        assert hash(pair) == hash(Pair.of("PK", "TR"))

    def test_a_pair_unpacks_as_its_two_codes(self):
        low, high = Pair.parse("tr-in")
        assert (low, high) == ("IN", "TR")

    def test_its_page_is_the_ties_page_in_alphabetical_order(self, db):
        assert (
            Pair.parse("TR-PK").get_absolute_url()
            == reverse("relations:ties", args=["pk-tr"])
            == "/ties/pk-tr/"
        )

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            ("pk", "“pk” is not a pair of country codes such as pk-tr."),
            ("pk-tr-in", "“pk-tr-in” is not a pair of country codes such as pk-tr."),
            ("pk_tr", "“pk_tr” is not a pair of country codes such as pk-tr."),
            ("pk-", "“” is not an ISO country code (such as PK or TR)."),
            ("pk-x1", "“x1” is not an ISO country code (such as PK or TR)."),
            ("pk-PK", "A pair needs two different countries."),
        ],
    )
    def test_an_invalid_pair_says_why(self, value, message):
        with pytest.raises(InvalidCode) as error:
            Pair.parse(value)
        assert str(error.value) == message

    def test_built_directly_it_takes_two_codes_in_order_only(self):
        with pytest.raises(ValueError):
            Pair("TR", "PK")
        with pytest.raises(ValueError):
            Pair("pk", "tr")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status", "location"),
    [
        ("/ties/pk-tr/", 200, None),
        ("/ties/TR-pk/?before=2025-01-01.1", 301, "/ties/pk-tr/?before=2025-01-01.1"),
        ("/ties/pk-pk/", 404, None),
        ("/ties/pk-xx/", 404, None),
        ("/ties/pk-tr-in/", 404, None),
        ("/countries/PK/", 301, "/countries/pk/"),
        ("/countries/p1/", 404, None),
    ],
)
def test_pages_read_codes_and_pairs_in_any_case_and_send_to_the_lower_case_url(
    client, path, status, location
):
    response = client.get(path)
    assert response.status_code == status
    if location:
        assert response["Location"] == location
