from django.apps import AppConfig, apps
from django.db.models.signals import post_delete, post_migrate, post_save

# Saving or deleting any of these refreshes every cached public page (core.pagecache).
PUBLIC_CONTENT_MODELS = [
    "notices.BestValueNotice",
    "notices.ImprovementArea",
    "notices.NoticeChangeNote",
    "statements.Statement",
    "statements.StatementChangeNote",
]


def _setup_roles_after_migrate(sender, **kwargs):
    from core.roles import setup_roles

    setup_roles()


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Site"

    def ready(self):
        # After every migrate the groups match core.roles. core has no models, so Django
        # sends it no post_migrate signal; auth's signal comes once per migrate.
        post_migrate.connect(
            _setup_roles_after_migrate, sender=apps.get_app_config("auth"), dispatch_uid="core.setup_roles"
        )

        from core.pagecache import invalidate_on_change

        for label in PUBLIC_CONTENT_MODELS:
            model = apps.get_model(label)
            for name, signal in (("save", post_save), ("delete", post_delete)):
                signal.connect(invalidate_on_change, sender=model, dispatch_uid=f"core.pagecache.{label}.{name}")
