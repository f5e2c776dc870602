"""Reviews of pasted articles kept until saved or discarded; the Editors group may see, reopen
and discard them (0025 did the same for observations)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODELS = ["articledraft"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; the group needs them now.
    app_config = apps.get_app_config("relations")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name="Editors").first()
    if editors is not None:
        editors.permissions.add(
            *Permission.objects.filter(content_type__app_label="relations", content_type__model__in=MODELS)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name="Editors").first()
    if editors is not None:
        editors.permissions.remove(
            *Permission.objects.filter(content_type__app_label="relations", content_type__model__in=MODELS)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("relations", "0025_editors_observations"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ArticleDraft",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "updated_at",
                    models.DateTimeField(auto_now=True, help_text="When the review was last shown."),
                ),
                ("title", models.CharField(max_length=300)),
                ("url", models.URLField(blank=True, max_length=500)),
                (
                    "article",
                    models.JSONField(help_text="The pasted text and its source, as the review reads them."),
                ),
                ("proposals", models.JSONField(help_text="What was found in the text.")),
                (
                    "choices",
                    models.JSONField(
                        blank=True,
                        default=dict,
                        help_text="The editor's last choices, when the review was posted back.",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        help_text="Who pasted the article.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="article_drafts",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "article left unreviewed",
                "verbose_name_plural": "articles left unreviewed",
                "ordering": ["-updated_at", "-pk"],
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
