from __future__ import annotations

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from relations.dates import Precision
from relations.models import touched
from relations.models.fuzzy import FuzzyDateField

# How `Source.__str__` writes a publication date of each precision: "9 Sep 2025", "Jul 2025".
SHORT_DATE = {Precision.DAY: "%-d %b %Y", Precision.MONTH: "%b %Y", Precision.YEAR: "%Y"}


class Source(models.Model):
    """A document that reports facts: a statement, a wire story, an article."""

    class Kind(models.TextChoices):
        OFFICIAL = "official", "official statement"
        WIRE = "wire", "news agency"
        NEWSPAPER = "newspaper", "newspaper"
        BROADCASTER = "broadcaster", "broadcaster"
        ONLINE = "online", "online news"
        RESEARCH = "research", "research or reference"
        OTHER = "other", "other"

    title = models.CharField(max_length=300)
    slug = models.SlugField(
        max_length=100,
        unique=True,
        blank=True,
        help_text="Its key in the API; made from publisher, date and title.",
    )
    url = models.URLField("URL", max_length=500, blank=True)
    publisher = models.CharField(
        max_length=200, help_text="E.g. “Arab News”, “Associated Press of Pakistan”."
    )
    published_on = FuzzyDateField(
        "published on",
        required=False,
        help_text="The day it was published (9 July 2025); the month (July 2025) or year if no day is known.",
    )
    language = models.CharField(max_length=8, default="en", help_text="Language code, e.g. en, tr, ur.")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NEWSPAPER)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on_start", "publisher"]
        indexes = [
            # Newest first: admin's source list and the API's ?ordering=-published_on.
            models.Index(fields=["-published_on_start", "publisher"], name="source_newest_first"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["url"],
                condition=~Q(url=""),
                name="source_url_unique",
                violation_error_message="A source with this URL already exists.",
            ),
        ]

    def __str__(self) -> str:
        published = self.published_on
        if published is None:
            return f"{self.publisher}: {self.title}"
        day = published.start.strftime(SHORT_DATE[published.precision])
        return f"{self.publisher}, {'c. ' if published.approximate else ''}{day}: {self.title}"

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            from relations.models.people import unique_slug

            # "2025-07-09", or "2025-07" for a month: the date as precise as it is known.
            day = self.published_on.edtf() if self.published_on else ""
            self.slug = unique_slug(Source, f"{self.publisher} {day} {self.title}", exclude_pk=self.pk)
        with touched.shown_saving(self, kwargs.get("update_fields")):  # events citing it show its slug
            super().save(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        return touched.shown_loaded(super().from_db(db, field_names, values))
