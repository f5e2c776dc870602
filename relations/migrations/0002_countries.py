"""Every ISO 3166-1 country with its names, so that editors never type a country."""

import datetime as dt

from django.db import migrations


def add_countries(apps, schema_editor):
    from django_countries import countries as iso
    from django_countries.data import COUNTRIES

    from relations.country_names import CURRENT_NAME_OVERRIDES, OTHER_NAMES
    from relations.names import fold

    Country = apps.get_model("relations", "Country")
    CountryName = apps.get_model("relations", "CountryName")

    names: dict[tuple[str, str], tuple[str, str | None, str | None]] = {}

    def add(code, name, kind, valid_from=None, valid_until=None):
        names.setdefault((code, name), (kind, valid_from, valid_until))

    for code in COUNTRIES:
        current = CURRENT_NAME_OVERRIDES.get(code) or str(iso.name(code))
        Country.objects.update_or_create(code=code, defaults={"name": current})
        add(code, current, "short")
    for code, name in COUNTRIES.items():
        add(code, str(name), "official")
    for code, old_names in iso.OLD_NAMES.items():
        for name in old_names:
            add(code, " ".join(name.split()), "former")
    for code, name, kind, valid_from, valid_until in OTHER_NAMES:
        names[(code, name)] = (kind, valid_from, valid_until)

    def day(text):
        return dt.date.fromisoformat(text) if text else None

    CountryName.objects.bulk_create(
        [
            CountryName(
                country_id=code,
                name=name,
                kind=kind,
                valid_from=day(valid_from),
                valid_until=day(valid_until),
                folded=fold(name),
            )
            for (code, name), (kind, valid_from, valid_until) in names.items()
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("relations", "0001_initial")]

    operations = [migrations.RunPython(add_countries, migrations.RunPython.noop)]
