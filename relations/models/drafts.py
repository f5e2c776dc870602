"""Reviews of pasted articles that are not saved yet: proposals left unreviewed.

Showing the review of an article keeps it here, so that an editor called away can reopen it
(the drafts list, "Reopen review"), and the admin index can count what is waiting. Saving the
review, or discarding it, removes it. A draft holds what the review's signed value carries: the
article (its text and source) and the proposals made from it, with the editor's last choices
when the review was posted back with errors.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from relations.models.sources import Source


class ArticleDraft(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="article_drafts",
        help_text="Who pasted the article.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, help_text="When the review was last shown.")
    title = models.CharField(max_length=Source._meta.get_field("title").max_length)
    url = models.URLField(max_length=Source._meta.get_field("url").max_length, blank=True)
    article = models.JSONField(help_text="The pasted text and its source, as the review reads them.")
    proposals = models.JSONField(help_text="What was found in the text.")
    choices = models.JSONField(
        default=dict, blank=True, help_text="The editor's last choices, when the review was posted back."
    )

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = "article left unreviewed"
        verbose_name_plural = "articles left unreviewed"

    def __str__(self) -> str:
        return self.title
