"""What the tracker already knows, read from its tables for one extraction: country names and
adjectives, officials and their aliases, commissions and sectors.

Seven small queries whatever the number of names (one per table); matching then costs one
dictionary lookup per word of the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from relations.extract.text import TokenMatcher

# Words and abbreviations the press uses for a sector, beyond its name in the tree. Keyed by the
# slug of the seed's sector tree; a slug missing from the table is simply never proposed. An
# entry written in capitals ("IT", "AI") only matches in capitals, so "it" the pronoun is not IT.
SECTOR_SYNONYMS: dict[str, tuple[str, ...]] = {
    "ai": ("AI", "artificial intelligence"),
    "it": ("IT", "information technology"),
    "lng": ("LNG", "liquefied natural gas"),
    "gas": ("natural gas",),
    "oil": ("crude oil", "petroleum"),
    "renewable-energy": (
        "renewable energy", "renewables", "clean energy", "green energy", "solar", "solar power",
        "wind power", "wind farm", "wind farms", "offshore wind", "hydropower",
    ),
    "defence": ("defence", "defense", "military cooperation"),
    "defence-technology": (
        "defence technology",
        "defense technology",
        "defence industry",
        "defense industry",
    ),
    "e-commerce": ("e-commerce", "ecommerce", "online commerce"),
    "fintech": ("fintech", "financial technology"),
    "trade-and-investment": ("trade", "investment", "investments"),
    "agriculture": (
        "agriculture", "agricultural", "farming", "farm products", "farmers", "crop", "crops", "harvest",
        "harvests",
    ),
    "health": ("health", "healthcare", "health care"),
    "tourism": ("tourism", "tourist"),
    "culture": ("culture", "cultural"),
    "media": ("media",),
    "workforce": ("workforce", "manpower"),
    "transport": (
        "transportation", "rail", "railway", "railways", "road", "roads", "motorway", "motorways",
        "highway", "highways", "shipping", "aviation",
    ),
    "water": ("water supply", "drinking water"),
    "semiconductors": ("semiconductor", "chips", "chipmaking"),
    "nuclear-energy": ("nuclear", "nuclear power", "nuclear reactors"),
    "energy": ("electricity",),
}  # fmt: skip


DEMONYM = "demonym"  # NameKind.DEMONYM


@dataclass(frozen=True)
class CountryEntry:
    code: str
    upper: bool  # written in capitals in the table ("UAE", "US"): matches only in capitals
    demonym: bool


@dataclass
class KnownOfficial:
    slug: str
    name: str
    nationality: str | None
    names: list[str] = field(default_factory=list)


@dataclass
class KnownCommission:
    slug: str
    name: str
    acronym: str
    kind: str
    members: set[str] = field(default_factory=set)
    search_text: str = ""


@dataclass(frozen=True)
class SectorEntry:
    slug: str
    name: str
    upper: bool


class Gazetteer:
    def __init__(
        self,
        *,
        countries: dict[str, str],
        country_names: list[tuple[str, str, str]],
        officials: list[KnownOfficial],
        commissions: list[KnownCommission],
        sectors: list[tuple[str, str]],
    ) -> None:
        self.country_name = countries  # code -> current name
        self.countries = TokenMatcher(
            (variant, CountryEntry(code, _is_upper(name), kind == DEMONYM))
            for code, name, kind in country_names
            for variant in _written_forms(name)
        )
        self.officials = officials
        self.official_names = TokenMatcher((name, person) for person in officials for name in person.names)
        self.commissions = commissions
        sector_names = dict(sectors)
        entries = [(name, SectorEntry(slug, name, _is_upper(name))) for slug, name in sectors]
        for slug, words in SECTOR_SYNONYMS.items():
            if slug in sector_names:
                entries += [(word, SectorEntry(slug, sector_names[slug], _is_upper(word))) for word in words]
        self.sectors = TokenMatcher(entries)

    @classmethod
    def load(cls) -> Gazetteer:
        """Everything the rules look up, in seven queries."""
        # Imported here so that the rules can be loaded (and unit-tested) without Django set up.
        from relations.models import Commission, Country, CountryName, Official, OfficialName, Sector

        officials = {
            pk: KnownOfficial(slug, name, nationality, [name])
            for pk, slug, name, nationality in Official.objects.values_list(
                "pk", "slug", "name", "nationality_id"
            )
        }
        for official_id, name in OfficialName.objects.values_list("official_id", "name"):
            officials[official_id].names.append(name)
        commissions = {
            pk: KnownCommission(slug, name, acronym, kind, search_text=search_text)
            for pk, slug, name, acronym, kind, search_text in Commission.objects.values_list(
                "pk", "slug", "name", "acronym", "kind", "search_text"
            )
        }
        for commission_id, code in Commission.members.through.objects.values_list(
            "commission_id", "country_id"
        ):
            commissions[commission_id].members.add(code)
        return cls(
            countries=dict(Country.objects.values_list("code", "name")),
            # Not the names in a country's own languages: the articles read are in English, where
            # "Maurice" (Mauritius in French) is a first name.
            country_names=list(
                CountryName.objects.exclude(kind="native").values_list("country_id", "name", "kind")
            ),
            officials=list(officials.values()),
            commissions=list(commissions.values()),
            sectors=list(Sector.objects.values_list("slug", "name")),
        )


def _written_forms(name: str) -> list[str]:
    """A name and the forms the press writes it in: an ISO name with its article in brackets
    read in order ("Congo (the Democratic Republic of the)" -> "Democratic Republic of the
    Congo"), and a long form without its inner "the" ("Democratic Republic of Congo")."""
    forms = [name]
    inverted = re.fullmatch(r"(?P<head>[^()]+?)\s*\((?:the\s+)?(?P<tail>[^()]+)\)", name)
    if inverted:
        forms.append(f"{inverted['tail']} {inverted['head']}")
    forms += [re.sub(r"\bof the\b", "of", form) for form in forms if " of the " in form]
    return list(dict.fromkeys(forms))


def _is_upper(name: str) -> bool:
    letters = [ch for ch in name if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)
