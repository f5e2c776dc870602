"""A source's publication date gets a precision, like every other date: a day, a month or a year.

Each existing day carries over as a day (first and last day the same, precision 11), on the
sources and on their history; no day is invented and none is lost. Going back keeps the first
day of a month or year, the one value a plain date column can hold.
"""

from django.db import migrations, models
from django.db.models import F

DAY = 11  # relations.dates.Precision.DAY, as the migration was written


def days_to_dates(apps, schema_editor):
    for name in ("Source", "HistoricalSource"):
        model = apps.get_model("relations", name)
        model.objects.filter(published_on__isnull=False).update(
            published_on_start=F("published_on"),
            published_on_end=F("published_on"),
            published_on_precision=DAY,
            published_on_approximate=False,
        )


def dates_to_days(apps, schema_editor):
    for name in ("Source", "HistoricalSource"):
        model = apps.get_model("relations", name)
        model.objects.filter(published_on_start__isnull=False).update(published_on=F("published_on_start"))


class Migration(migrations.Migration):
    dependencies = [
        ("relations", "0017_pledge_description_and_targets"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalsource",
            name="published_on_approximate",
            field=models.BooleanField(default=False, editable=False, verbose_name="published on approximate"),
        ),
        migrations.AddField(
            model_name="historicalsource",
            name="published_on_end",
            field=models.DateField(editable=False, null=True, verbose_name="published on (last day)"),
        ),
        migrations.AddField(
            model_name="historicalsource",
            name="published_on_precision",
            field=models.PositiveSmallIntegerField(
                choices=[(9, "year"), (10, "month"), (11, "day")],
                editable=False,
                null=True,
                verbose_name="published on precision",
            ),
        ),
        migrations.AddField(
            model_name="historicalsource",
            name="published_on_start",
            field=models.DateField(editable=False, null=True, verbose_name="published on (first day)"),
        ),
        migrations.AddField(
            model_name="source",
            name="published_on_approximate",
            field=models.BooleanField(default=False, editable=False, verbose_name="published on approximate"),
        ),
        migrations.AddField(
            model_name="source",
            name="published_on_end",
            field=models.DateField(editable=False, null=True, verbose_name="published on (last day)"),
        ),
        migrations.AddField(
            model_name="source",
            name="published_on_precision",
            field=models.PositiveSmallIntegerField(
                choices=[(9, "year"), (10, "month"), (11, "day")],
                editable=False,
                null=True,
                verbose_name="published on precision",
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="published_on_start",
            field=models.DateField(editable=False, null=True, verbose_name="published on (first day)"),
        ),
        migrations.RunPython(days_to_dates, dates_to_days),
        migrations.RemoveField(
            model_name="historicalsource",
            name="published_on",
        ),
        migrations.RemoveField(
            model_name="source",
            name="published_on",
        ),
        migrations.AlterModelOptions(
            name="source",
            options={"ordering": ["-published_on_start", "publisher"]},
        ),
        migrations.AddIndex(
            model_name="source",
            index=models.Index(fields=["-published_on_start", "publisher"], name="source_newest_first"),
        ),
        migrations.AddConstraint(
            model_name="source",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("published_on_end__gte", models.F("published_on_start")),
                    ("published_on_start__isnull", True),
                    _connector="OR",
                ),
                name="relations_source_published_on_end_on_or_after_start",
                violation_error_message="The end of a date cannot be before its start.",
            ),
        ),
        migrations.AddConstraint(
            model_name="source",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("published_on_precision__in", [9, 10, 11]),
                    ("published_on_precision__isnull", True),
                    _connector="OR",
                ),
                name="relations_source_published_on_known_precision",
            ),
        ),
        migrations.AddConstraint(
            model_name="source",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("published_on_end__isnull", True),
                        ("published_on_precision__isnull", True),
                        ("published_on_start__isnull", True),
                    ),
                    models.Q(
                        ("published_on_end__isnull", False),
                        ("published_on_precision__isnull", False),
                        ("published_on_start__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="relations_source_published_on_complete",
            ),
        ),
    ]
