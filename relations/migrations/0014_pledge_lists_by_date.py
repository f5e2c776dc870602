"""Pledge lists read indexes instead of sorting and counting every match.

Each pledge and each of its party rows keeps a copy of its event's date, indexed newest first
(for all pledges, those of a status, those of a country); the number of pledges of each status a
country or a pair is party to is stored (`PledgeCountryTotal`, `PledgePairTotal`). On PostgreSQL
a trigram index serves the search of pledges' text, as `event_search_trigram` does for events.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Count, F

TRIGRAM_INDEX = "pledge_search_text_trgm"


def copy_dates(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # One join instead of a lookup per row: each table at once.
        schema_editor.execute(
            "UPDATE relations_pledge p SET date_start = e.date_start"
            " FROM relations_event e WHERE e.id = p.event_id"
        )
        schema_editor.execute(
            "UPDATE relations_pledgeparty x SET date_start = p.date_start"
            " FROM relations_pledge p WHERE p.id = x.pledge_id"
        )
        # Every row was rewritten: plan with fresh statistics from the first query on.
        schema_editor.execute("ANALYZE relations_pledge")
        schema_editor.execute("ANALYZE relations_pledgeparty")
    else:
        schema_editor.execute(
            "UPDATE relations_pledge SET date_start ="
            " (SELECT date_start FROM relations_event e WHERE e.id = relations_pledge.event_id)"
        )
        schema_editor.execute(
            "UPDATE relations_pledgeparty SET date_start ="
            " (SELECT date_start FROM relations_pledge p WHERE p.id = relations_pledgeparty.pledge_id)"
        )


def fill_totals(apps, schema_editor):
    """Each country's and each pair's number of pledges in each status, from the rows that exist."""
    PledgeParty = apps.get_model("relations", "PledgeParty")
    PledgeCountryTotal = apps.get_model("relations", "PledgeCountryTotal")
    PledgePairTotal = apps.get_model("relations", "PledgePairTotal")
    countries = (
        PledgeParty.objects.order_by()
        .values_list("country_id", "pledge__current_status")
        .annotate(n=Count("pk"))
    )
    PledgeCountryTotal.objects.bulk_create(
        [
            PledgeCountryTotal(country_id=code, status=status or "", pledges=n)
            for code, status, n in countries
        ],
        batch_size=5000,
    )
    pairs = (
        PledgeParty.objects.filter(pledge__parties__country__gt=F("country"))
        .order_by()
        .values_list("country_id", "pledge__parties__country_id", "pledge__current_status")
        .annotate(n=Count("pk"))
    )
    PledgePairTotal.objects.bulk_create(
        [
            PledgePairTotal(low_id=low, high_id=high, status=status or "", pledges=n)
            for low, high, status, n in pairs
        ],
        batch_size=5000,
    )


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON relations_pledge USING gin (search_text gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


def date_copy(null: bool, what: str) -> models.DateField:
    return models.DateField(
        editable=False, null=null, help_text=f"A copy of the event's first possible day, for {what}."
    )


class Migration(migrations.Migration):
    dependencies = [
        ("relations", "0013_participant_timeline"),
    ]

    operations = [
        migrations.AddField(
            model_name="pledge", name="date_start", field=date_copy(True, "lists of pledges")
        ),
        migrations.AddField(
            model_name="pledgeparty", name="date_start", field=date_copy(True, "a country's pledges")
        ),
        migrations.RunPython(copy_dates, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="pledge", name="date_start", field=date_copy(False, "lists of pledges")
        ),
        migrations.AlterField(
            model_name="pledgeparty", name="date_start", field=date_copy(False, "a country's pledges")
        ),
        migrations.AlterModelOptions(name="pledge", options={"ordering": ["-date_start", "-pk"]}),
        migrations.RemoveIndex(model_name="pledge", name="pledge_current_status"),
        migrations.AddIndex(
            model_name="pledge",
            index=models.Index(fields=["-date_start", "-id"], name="pledge_newest"),
        ),
        migrations.AddIndex(
            model_name="pledge",
            index=models.Index(fields=["current_status", "-date_start", "-id"], name="pledge_status_newest"),
        ),
        migrations.AddIndex(
            model_name="pledgeparty",
            index=models.Index(
                models.F("country"),
                models.OrderBy(models.F("date_start"), descending=True),
                models.OrderBy(models.F("pledge"), descending=True),
                name="pledge_party_timeline",
            ),
        ),
        migrations.CreateModel(
            name="PledgeCountryTotal",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "country",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="relations.country",
                    ),
                ),
                ("status", models.CharField(blank=True, max_length=20)),
                ("pledges", models.PositiveIntegerField(default=0)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("country", "status"), name="pledge_country_total_once")
                ],
            },
        ),
        migrations.CreateModel(
            name="PledgePairTotal",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "low",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="relations.country",
                    ),
                ),
                (
                    "high",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="relations.country",
                    ),
                ),
                ("status", models.CharField(blank=True, max_length=20)),
                ("pledges", models.PositiveIntegerField(default=0)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("low", "high", "status"), name="pledge_pair_total_once"),
                    models.CheckConstraint(
                        condition=models.Q(("low__lt", models.F("high"))),
                        name="pledge_pair_total_low_before_high",
                    ),
                ],
            },
        ),
        migrations.RunPython(fill_totals, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(create_trigram_index, drop_trigram_index, elidable=False),
    ]
