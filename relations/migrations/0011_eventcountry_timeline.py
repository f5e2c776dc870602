"""Each event–country row keeps a copy of its event's date, indexed for a country's timeline."""

from django.db import migrations, models


def copy_dates(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # One join instead of a lookup per row: the whole table at once.
        schema_editor.execute(
            "UPDATE relations_eventcountry c SET date_start = e.date_start"
            " FROM relations_event e WHERE e.id = c.event_id"
        )
        # Every row was rewritten: plan with fresh statistics from the first query on.
        schema_editor.execute("ANALYZE relations_eventcountry")
    else:
        schema_editor.execute(
            "UPDATE relations_eventcountry SET date_start ="
            " (SELECT date_start FROM relations_event e WHERE e.id = relations_eventcountry.event_id)"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("relations", "0010_event_commission_latest_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="eventcountry",
            name="date_start",
            field=models.DateField(
                editable=False,
                help_text="A copy of the event's first possible day, for a country's timeline.",
                null=True,
            ),
        ),
        migrations.RunPython(copy_dates, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="eventcountry",
            name="date_start",
            field=models.DateField(
                editable=False,
                help_text="A copy of the event's first possible day, for a country's timeline.",
            ),
        ),
        migrations.AddIndex(
            model_name="eventcountry",
            index=models.Index(
                models.F("country"),
                models.OrderBy(models.F("date_start"), descending=True),
                models.OrderBy(models.F("event"), descending=True),
                name="event_country_timeline",
            ),
        ),
    ]
