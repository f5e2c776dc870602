from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Case, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Length
from simple_history.models import HistoricalRecords

from relations.models import touched
from relations.names import fold
from relations.paths import country_url


class NameKind(models.TextChoices):
    OFFICIAL = "official", "official"
    SHORT = "short", "short"
    FORMER = "former", "former"
    ALTERNATE = "alternate", "alternate"
    TRANSLITERATION = "transliteration", "transliteration"
    ACRONYM = "acronym", "acronym"
    # The adjective: "Turkish" for Türkiye. Kept with the names so lookups and the article
    # extractor find a country through it.
    DEMONYM = "demonym", "adjective (demonym)"
    # The name in one of the country's own languages (Unicode CLDR): "Deutschland", "Suomi".
    NATIVE = "native", "in its own language"
    # The ISO 3166-1 English short name ("Korea (the Republic of)"), which is a code list's
    # label, not a name the country calls itself: kept for lookups, never shown as official.
    ISO = "iso", "ISO 3166 name"


#: The names a country goes by today, which a lookup tries first: its short and official names,
#: the short name without diacritics ("Turkiye") and its acronyms ("DRC"). Former names, other
#: languages', adjectives and the ISO list's labels come after them.
CURRENT_KINDS = (NameKind.SHORT, NameKind.OFFICIAL, NameKind.TRANSLITERATION, NameKind.ACRONYM)


class CountryQuerySet(models.QuerySet):
    def matching(self, text: str) -> CountryQuerySet:
        """Countries whose code or any name contains ``text``, folding case and accents."""
        folded = fold(text)
        if not folded:
            return self.none()
        return self.filter(Q(code__iexact=folded) | Q(names__folded__contains=folded)).distinct()

    def ranked_matching(self, text: str) -> CountryQuerySet:
        """Countries whose ISO code is ``text`` or any of whose names contains it (folding case
        and accents), best match first: the code ("TR", matched whole), then by the name that
        matched best, annotated as ``matched_name`` with its rank ``match_rank``:

        0. a current name (`CURRENT_KINDS`) that is ``text``;
        1. a current name that starts with it;
        2. another name (former, alternate, in its own language…) that is ``text``;
        3. another name that starts with it;
        4. any name that contains it.

        Within a rank, the country whose matching name is shortest comes first (the text names
        more of it: "Turk" gives Türkiye before Turkmenistan), then by name. One query, with
        no join and no DISTINCT: each country reads its own few names through their index.
        """
        folded = fold(text)
        if not folded:
            return self.none()
        current = Q(kind__in=CURRENT_KINDS)
        names = (
            CountryName.objects.filter(country=OuterRef("pk"), folded__contains=folded)
            .annotate(
                rank=Case(
                    When(current & Q(folded=folded), then=Value(0)),
                    When(current & Q(folded__startswith=folded), then=Value(1)),
                    When(folded=folded, then=Value(2)),
                    When(folded__startswith=folded, then=Value(3)),
                    default=Value(4),
                ),
                length=Length("folded"),
            )
            .order_by("rank", "length", "name")
        )
        ranked = self.annotate(
            match_rank=Subquery(names.values("rank")[:1]),
            matched_name=Subquery(names.values("name")[:1]),
            match_length=Subquery(names.values("length")[:1]),
        )
        if len(folded) == 2:  # an ISO code, matched whole: "TR", never "T"
            code = Q(code=folded.upper())
            ranked = ranked.filter(code | Q(match_rank__isnull=False)).alias(
                by_code=Case(When(code, then=Value(0)), default=Value(1))
            )
            return ranked.order_by("by_code", "match_rank", "match_length", "name")
        return ranked.filter(match_rank__isnull=False).order_by("match_rank", "match_length", "name")

    def lookup(self, text: str) -> Country | None:
        """The one country that ``text`` names exactly (code or any name), or ``None``.

        "tr", "Turkey", "TURKIYE" and "Türkiye" all give TR; one query.
        """
        folded = fold(text)
        if not folded:
            return None
        return (
            self.filter(Q(code__iexact=folded) | Q(names__folded=folded)).distinct().order_by("code").first()
        )

    def taking_part(self) -> CountryQuerySet:
        """Countries that take part in at least one event, annotated with ``event_count``.

        One query over the countries and their stored totals (`CountryTotal`), whatever the
        number of events.
        """
        return self.filter(total__events__gt=0).annotate(event_count=models.F("total__events"))


class CountryNameQuerySet(models.QuerySet):
    def in_use_before_renaming(self, on: dt.date | None = None) -> CountryNameQuerySet:
        """Former names that were the country's name on ``on`` (default today): dropped after
        that day (``valid_until`` is the first day of the new name) and taken up on or before
        it, or at a date not recorded. The one dropped soonest comes first: the name in use then.
        """
        on = on or dt.date.today()
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=on), kind=NameKind.FORMER, valid_until__gt=on
        ).order_by("valid_until", "name")


def name_as_of(code: str = "country_id", day: str = "date_start") -> Coalesce:
    """An expression for the name of the country whose code is in the outer query's column
    ``code`` as it was on the outer query's ``day``: the former name then in use
    (`CountryNameQuerySet.in_use_before_renaming`), else the current name. Two index lookups
    per row, no query of its own: "Turkey" for an event of 2019, "Türkiye" for one of 2025."""
    former = CountryName.objects.filter(country=OuterRef(code)).in_use_before_renaming(OuterRef(day))
    current = Country.objects.filter(code=OuterRef(code)).order_by().values("name")
    return Coalesce(Subquery(former.values("name")[:1]), Subquery(current))


class Country(models.Model):
    """A country by its ISO 3166-1 alpha-2 code, which is its identity in URLs and the API."""

    code = models.CharField("ISO code", max_length=2, primary_key=True)
    name = models.CharField(max_length=100, help_text="The current English short name.")

    history = HistoricalRecords()
    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z]{2}$"),
                name="country_code_is_two_capitals",
                violation_error_message="A country code is two capital letters, such as PK.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.code = self.code.upper()
        with touched.shown_saving(self, kwargs.get("update_fields")):  # events show its name
            super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return country_url(self.code.lower())

    @classmethod
    def from_db(cls, db, field_names, values):
        return touched.shown_loaded(super().from_db(db, field_names, values))

    def name_on(self, on: dt.date | None = None) -> str:
        """Its name on the day ``on`` (default today): a former name if it was renamed after
        that day, else its current name. One query."""
        former = self.names.in_use_before_renaming(on).values_list("name", flat=True).first()
        return former or self.name


class CountryName(models.Model):
    """A name a country is or was known by, with its kind and, where known, its validity."""

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=150)
    kind = models.CharField(max_length=20, choices=NameKind.choices, default=NameKind.ALTERNATE)
    valid_from = models.DateField(null=True, blank=True, help_text="When the name came into use.")
    valid_until = models.DateField(null=True, blank=True, help_text="When the name was dropped.")
    folded = models.CharField(max_length=150, editable=False, db_index=True)  # lookup by name

    history = HistoricalRecords()
    objects = CountryNameQuerySet.as_manager()

    class Meta:
        ordering = ["country", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "name"],
                name="country_name_unique",
                violation_error_message="This country already has this name.",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("valid_from"))
                | Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True),
                name="country_name_valid_until_after_from",
                violation_error_message="A name cannot stop being used before it started.",
            ),
        ]
        indexes = [
            # The name a country went by on a day (`in_use_before_renaming`, `name_as_of`): only
            # the few dated former names, so that most countries' lookup reads an empty range.
            models.Index(
                fields=["country", "valid_until"],
                condition=Q(kind="former", valid_until__isnull=False),
                name="country_name_renamed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"

    def save(self, *args, **kwargs) -> None:
        self.folded = fold(self.name)
        with touched.shown_saving(self, kwargs.get("update_fields")):  # a former name, shown as of a day
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        deleted = super().delete(*args, **kwargs)
        touched.events_showing(self)  # its events older than its renaming show the current name now
        return deleted

    @classmethod
    def from_db(cls, db, field_names, values):
        return touched.shown_loaded(super().from_db(db, field_names, values))
