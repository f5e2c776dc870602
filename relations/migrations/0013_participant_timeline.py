"""Each participant keeps a copy of its event's date, indexed for an official's events attended."""

from django.db import migrations, models


def copy_dates(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # One join instead of a lookup per row: the whole table at once.
        schema_editor.execute(
            "UPDATE relations_participant p SET date_start = e.date_start"
            " FROM relations_event e WHERE e.id = p.event_id"
        )
        # Every row was rewritten: plan with fresh statistics from the first query on.
        schema_editor.execute("ANALYZE relations_participant")
    else:
        schema_editor.execute(
            "UPDATE relations_participant SET date_start ="
            " (SELECT date_start FROM relations_event e WHERE e.id = relations_participant.event_id)"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("relations", "0012_event_search_trigram"),
    ]

    operations = [
        migrations.AddField(
            model_name="participant",
            name="date_start",
            field=models.DateField(
                editable=False,
                help_text="A copy of the event's first possible day, for an official's events.",
                null=True,
            ),
        ),
        migrations.RunPython(copy_dates, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="participant",
            name="date_start",
            field=models.DateField(
                editable=False,
                help_text="A copy of the event's first possible day, for an official's events.",
            ),
        ),
        migrations.AddIndex(
            model_name="participant",
            index=models.Index(
                fields=["official", "-date_start", "-id"], name="participant_official_timeline"
            ),
        ),
    ]
