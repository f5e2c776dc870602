"""Other names of countries, beyond the ISO 3166 list that django-countries ships.

Each entry is (ISO code, name, kind, valid_from, valid_until); dates are ISO strings or None.
Kinds are `relations.models.NameKind` values. django-countries supplies the ISO names, the common
short names ("South Korea") and some former names ("Czech Republic", "Swaziland", "Turkey");
pycountry the ISO official names ("Hellenic Republic"); the Unicode CLDR, through Babel, the names
in each country's own languages ("Deutschland", "Suomi"). `add_country_names` writes them all.

A former name with the day it was dropped (``valid_until``, the first day of the new name) is
what pages show for events before that day (`relations.models.countries.name_as_of`).

The adjectives ("Turkish", "Pakistani") are in `demonyms`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

NameRow = tuple[str, str, str, str | None, str | None]

CURRENT_NAME_OVERRIDES = {
    # The ISO short name is the long form here; the UN and the press use these.
    "US": "United States",
}

OTHER_NAMES: list[tuple[str, str, str, str | None, str | None]] = [
    ("TR", "Turkey", "former", None, "2022-06-01"),
    ("TR", "Turkiye", "transliteration", "2022-06-01", None),
    ("TR", "Republic of Türkiye", "official", "2022-06-01", None),
    ("CZ", "Czech Republic", "official", None, None),
    ("CI", "Ivory Coast", "alternate", None, None),
    ("CI", "Cote d'Ivoire", "transliteration", None, None),
    ("CI", "Republic of Côte d'Ivoire", "official", None, None),
    ("SZ", "Swaziland", "former", None, "2018-04-19"),
    ("SZ", "Kingdom of Eswatini", "official", "2018-04-19", None),
    ("MM", "Burma", "former", None, "1989-06-18"),
    ("MK", "Macedonia", "former", None, "2019-02-12"),
    ("MK", "FYROM", "acronym", None, "2019-02-12"),
    ("MK", "Republic of North Macedonia", "official", "2019-02-12", None),
    ("AE", "UAE", "acronym", None, None),
    ("AE", "Emirates", "alternate", None, None),
    ("US", "USA", "acronym", None, None),
    ("US", "US", "acronym", None, None),
    ("US", "America", "alternate", None, None),
    ("GB", "UK", "acronym", None, None),
    ("GB", "Britain", "alternate", None, None),
    ("GB", "Great Britain", "alternate", None, None),
    ("KR", "Republic of Korea", "official", None, None),
    ("KR", "ROK", "acronym", None, None),
    ("KP", "Democratic People's Republic of Korea", "official", None, None),
    ("KP", "DPRK", "acronym", None, None),
    ("IR", "Islamic Republic of Iran", "official", None, None),
    ("IR", "Persia", "former", None, "1935-03-21"),
    ("RU", "Russian Federation", "official", None, None),
    ("VN", "Viet Nam", "official", None, None),
    ("CN", "People's Republic of China", "official", None, None),
    ("CN", "PRC", "acronym", None, None),
    ("CD", "DR Congo", "alternate", None, None),
    ("CD", "DRC", "acronym", None, None),
    ("CD", "Zaire", "former", "1971-10-27", "1997-05-17"),
    ("CG", "Congo-Brazzaville", "alternate", None, None),
    ("CV", "Cape Verde", "former", None, "2013-10-24"),
    ("TL", "East Timor", "alternate", None, None),
    ("LK", "Ceylon", "former", None, "1972-05-22"),
    ("NL", "Holland", "alternate", None, None),
    ("VA", "Vatican", "alternate", None, None),
    ("SA", "KSA", "acronym", None, None),
    ("PK", "Islamic Republic of Pakistan", "official", None, None),
    ("IN", "Republic of India", "official", None, None),
    ("IN", "Bharat", "alternate", None, None),
    ("SY", "Syrian Arab Republic", "official", None, None),
    ("LA", "Lao People's Democratic Republic", "official", None, None),
    ("MD", "Republic of Moldova", "official", None, None),
    ("TZ", "United Republic of Tanzania", "official", None, None),
    ("BO", "Plurinational State of Bolivia", "official", None, None),
    ("VE", "Bolivarian Republic of Venezuela", "official", None, None),
    ("BN", "Brunei Darussalam", "official", None, None),
]

# Names a country had before independence or a renaming, with the day the new name took over.
HISTORICAL_NAMES: list[NameRow] = [
    ("TH", "Siam", "former", None, "1939-06-24"),
    ("GH", "Gold Coast", "former", None, "1957-03-06"),
    ("CD", "Belgian Congo", "former", None, "1960-06-30"),
    ("ML", "French Sudan", "former", None, "1960-09-22"),
    ("CF", "Ubangi-Shari", "former", None, "1958-12-01"),
    ("MY", "Malaya", "former", None, "1963-09-16"),
    ("TZ", "Tanganyika", "former", None, "1964-04-26"),
    ("MW", "Nyasaland", "former", None, "1964-07-06"),
    ("ZM", "Northern Rhodesia", "former", None, "1964-10-24"),
    ("GY", "British Guiana", "former", None, "1966-05-26"),
    ("BW", "Bechuanaland", "former", None, "1966-09-30"),
    ("LS", "Basutoland", "former", None, "1966-10-04"),
    ("DJ", "French Somaliland", "former", None, "1967-07-05"),
    ("DJ", "French Territory of the Afars and the Issas", "former", "1967-07-05", "1977-06-27"),
    ("NA", "South West Africa", "former", None, "1968-06-12"),
    ("BD", "East Pakistan", "former", None, "1971-03-26"),
    ("BZ", "British Honduras", "former", None, "1973-06-01"),
    ("TV", "Ellice Islands", "former", None, "1975-10-01"),
    ("BJ", "Dahomey", "former", None, "1975-11-30"),
    ("KI", "Gilbert Islands", "former", None, "1979-07-12"),
    ("ZW", "Rhodesia", "former", None, "1979-06-01"),
    ("ZW", "Zimbabwe Rhodesia", "former", "1979-06-01", "1980-04-18"),
    ("VU", "New Hebrides", "former", None, "1980-07-30"),
    ("BF", "Upper Volta", "former", None, "1984-08-04"),
    ("KH", "Kampuchea", "former", "1976-01-05", "1989-05-01"),
    ("IE", "Irish Free State", "former", "1922-12-06", "1937-12-29"),
    ("MK", "Former Yugoslav Republic of Macedonia", "alternate", None, "2019-02-12"),
    ("TW", "Republic of China", "alternate", None, None),
    ("TW", "Chinese Taipei", "alternate", None, None),
]

# Territories whose status is disputed: no name is stored as their official one. What the ISO
# list calls them ("Taiwan, Province of China", "the State of Palestine") is kept as an ISO name,
# for lookups, and pages show the short name alone.
DISPUTED = {"TW", "PS", "EH"}


def official_names() -> Iterator[NameRow]:
    """The ISO 3166 official names in pycountry ("Hellenic Republic"), as official names except
    for the `DISPUTED` territories; a leading "the" is dropped ("the State of Eritrea")."""
    import pycountry

    for country in pycountry.countries:
        name = getattr(country, "official_name", None)
        if not name:
            continue
        if name.lower().startswith("the "):
            name = name[4:]
        yield (country.alpha_2, name, "iso" if country.alpha_2 in DISPUTED else "official", None, None)


def native_names(codes: list[str]) -> Iterator[NameRow]:
    """Each country's name in its official languages, as the Unicode CLDR (through Babel) gives
    them: "Deutschland", "Suomi" and "Finland", "Schweiz", "Suisse" and "Svizzera"."""
    from babel import localedata
    from babel.languages import get_official_languages

    # Each language's own file of names, without the locales it inherits from: its names of
    # territories are all in it, and reading it alone is three times quicker (every migrate).
    territories: dict[str, dict[str, str]] = {}
    for code in codes:
        for language in get_official_languages(code, de_facto=True):
            if language not in territories:
                found = localedata.exists(language)
                data = localedata.load(language, merge_inherited=False) if found else {}
                territories[language] = data.get("territories", {})
            name = territories[language].get(code)
            if name:
                yield (code, name, "native", None, None)


def add_country_names(country_model: Any, name_model: Any) -> int:
    """Give every country its official names, its names in its own languages and the historical
    names above, leaving every name already recorded as it is; the ISO list's labels
    ("Korea (the Republic of)"), recorded as official names before, become ISO names. Idempotent;
    used by the migration that added these names, with the models it is given. Returns the
    number of names added."""
    from django_countries.data import COUNTRIES

    from relations.names import fold

    codes = list(country_model.objects.values_list("code", flat=True))
    known = set(name_model.objects.values_list("country_id", "name"))
    rows: dict[tuple[str, str], NameRow] = {}
    present = set(codes)
    for row in [*HISTORICAL_NAMES, *official_names(), *native_names(codes)]:
        if row[0] in present and (row[0], row[1]) not in known:
            rows.setdefault((row[0], row[1]), row)
    official = {(row[0], row[1]) for row in official_names() if row[2] == "official"}
    labels = {(code, str(name)) for code, name in COUNTRIES.items() if (code, str(name)) not in official}
    relabelled = [
        name for name in name_model.objects.filter(kind="official") if (name.country_id, name.name) in labels
    ]
    for name in relabelled:
        name.kind = "iso"
    name_model.objects.bulk_update(relabelled, ["kind"])

    def day(text: str | None) -> dt.date | None:
        return dt.date.fromisoformat(text) if text else None

    name_model.objects.bulk_create(
        [
            name_model(
                country_id=code,
                name=name,
                kind=kind,
                valid_from=day(valid_from),
                valid_until=day(valid_until),
                folded=fold(name),
            )
            for code, name, kind, valid_from, valid_until in rows.values()
        ],
        ignore_conflicts=True,
    )
    return len(rows)
