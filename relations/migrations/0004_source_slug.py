"""Sources get a slug, their natural key in the API: filled for existing rows, then made unique."""

from django.db import migrations, models
from django.utils.text import slugify

HELP = "Its key in the API; made from publisher, date and title."


def fill_slugs(apps, schema_editor):
    from relations.names import fold

    Source = apps.get_model("relations", "Source")
    taken = set()
    for source in Source.objects.order_by("pk"):
        day = source.published_on.isoformat() if source.published_on else ""
        base = slugify(fold(f"{source.publisher} {day} {source.title}"))[:80] or "source"
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        source.slug = slug
        source.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [("relations", "0003_editors_group")]

    operations = [
        migrations.AddField(
            model_name="historicalsource",
            name="slug",
            field=models.SlugField(blank=True, help_text=HELP, max_length=100),
        ),
        migrations.AddField(
            model_name="source",
            name="slug",
            field=models.SlugField(blank=True, help_text=HELP, max_length=100, db_index=False),
        ),
        migrations.RunPython(fill_slugs, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="source",
            name="slug",
            field=models.SlugField(blank=True, help_text=HELP, max_length=100, unique=True),
        ),
    ]
