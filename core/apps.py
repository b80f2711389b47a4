from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def _setup_roles_after_migrate(sender, **kwargs):
    from core.roles import setup_roles

    setup_roles()


class CoreConfig(AppConfig):
    """The foundation every content app builds on: editorial workflow, history, rich text, dates,
    validators, the page cache and the roles. It imports no content app; they register with it."""

    name = "core"
    verbose_name = "Site"

    def ready(self):
        # After every migrate the groups match core.roles. core has no models, so Django
        # sends it no post_migrate signal; auth's signal comes once per migrate.
        post_migrate.connect(
            _setup_roles_after_migrate, sender=apps.get_app_config("auth"), dispatch_uid="core.setup_roles"
        )
