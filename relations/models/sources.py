from __future__ import annotations

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


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
    published_on = models.DateField(null=True, blank=True, help_text="The day it was published.")
    language = models.CharField(max_length=8, default="en", help_text="Language code, e.g. en, tr, ur.")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NEWSPAPER)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on", "publisher"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"],
                condition=~Q(url=""),
                name="source_url_unique",
                violation_error_message="A source with this URL already exists.",
            ),
        ]

    def __str__(self) -> str:
        day = f", {self.published_on:%-d %b %Y}" if self.published_on else ""
        return f"{self.publisher}{day}: {self.title}"

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            from relations.models.people import unique_slug

            day = self.published_on.isoformat() if self.published_on else ""
            self.slug = unique_slug(Source, f"{self.publisher} {day} {self.title}", exclude_pk=self.pk)
        super().save(*args, **kwargs)
