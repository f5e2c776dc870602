"""The Editors group records observations, as it does every other record (0001's create_editors)."""

from django.db import migrations

MODELS = ["observation", "historicalobservation"]


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
    dependencies = [("relations", "0024_pledge_observations_progress")]

    operations = [migrations.RunPython(grant, revoke)]
