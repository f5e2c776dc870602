"""Indexes for searching events (`EventQuerySet.matching`) and ordering them by title.

The trigram indexes serve ``LIKE '%term%'`` and exist on PostgreSQL only (the pg_trgm extension,
in PostgreSQL's contrib); elsewhere they are skipped, as Django's own ``TrigramExtension`` does.
They are written here rather than in the models' ``Meta.indexes`` so that SQLite never meets them,
not even when it rebuilds a table. django.contrib.postgres is not needed.
"""

from django.db import migrations, models

TRIGRAM_INDEXES = [
    # Title and summary, folded: the search's own text.
    ("event_search_text_trgm", "relations_event", "search_text gin_trgm_ops", ""),
    # Names typed for people who are not in the tracker as officials, matched case-insensitively.
    ("participant_name_trgm", "relations_participant", "UPPER(name::text) gin_trgm_ops", "WHERE name <> ''"),
]


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, columns, condition in TRIGRAM_INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({columns}) {condition}"
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _, _, _ in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("relations", "0011_eventcountry_timeline"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="event",
            index=models.Index(fields=["title"], name="event_title"),
        ),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes, elidable=False),
    ]
