from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models import signals


class TrackerAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the tracker's site (`relations.admin.site`) as ``admin.site``."""

    default = False  # "relations" alone names RelationsConfig
    default_site = "relations.admin.site.tracker_site"


class RelationsConfig(AppConfig):
    name = "relations"
    verbose_name = "Diplomatic relations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from relations.cache import data_changed, data_migrated

        # Any write to a record of this app (its history included) makes stored pages stale.
        for model in self.get_models():
            for signal in (signals.post_save, signals.post_delete):
                signal.connect(data_changed, sender=model, dispatch_uid=f"data_changed:{signal}:{model}")
            for field in model._meta.local_many_to_many:
                signals.m2m_changed.connect(
                    data_changed, sender=field.remote_field.through, dispatch_uid=f"data_changed:m2m:{field}"
                )
        signals.post_migrate.connect(data_migrated, sender=self, dispatch_uid="data_changed:migrate")
