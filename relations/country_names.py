"""Other names of countries, beyond the ISO 3166 list that django-countries ships.

Each entry is (ISO code, name, kind, valid_from, valid_until); dates are ISO strings or None.
Kinds are `relations.models.NameKind` values. django-countries supplies the ISO names, the common
short names ("South Korea") and some former names ("Czech Republic", "Swaziland", "Turkey").
"""

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
