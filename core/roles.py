"""The three officer roles and the permissions each group holds.

Each content app registers its models from ``AppConfig.ready()`` with ``register_content``;
``setup_roles()`` then creates the groups and sets their permissions to exactly what the
registered models call for. It runs after every ``migrate`` and from ``manage.py setup_roles``,
and is idempotent.
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction

# {app label: [model names]} and [(app label, codename)], filled by the content apps.
CONTENT_MODELS = {}
PUBLISH_PERMISSIONS = []

# What each role may do to every content model; Publishers also hold the publish permissions.
ROLE_ACTIONS = {
    # Editors draft: they add and change, but cannot publish, unpublish or delete.
    "Editors": ["view", "add", "change"],
    # Publishers do all an Editor does, and publish and delete.
    "Publishers": ["view", "add", "change", "delete"],
    # Auditors look: view only (and the public exports, which need no login).
    "Auditors": ["view"],
}
ROLES_THAT_PUBLISH = {"Publishers"}


def register_content(app_label, model_names, *, publish_permission):
    """Give the roles their permissions on ``model_names`` of ``app_label``."""
    CONTENT_MODELS[app_label] = list(model_names)
    if (app_label, publish_permission) not in PUBLISH_PERMISSIONS:
        PUBLISH_PERMISSIONS.append((app_label, publish_permission))


def role_permissions(role):
    """``[(app label, codename)]`` for ``role``."""
    permissions = [
        (app_label, f"{action}_{model}")
        for app_label, models in CONTENT_MODELS.items()
        for model in models
        for action in ROLE_ACTIONS[role]
    ]
    return permissions + (PUBLISH_PERMISSIONS if role in ROLES_THAT_PUBLISH else [])


@transaction.atomic
def setup_roles():
    """Create or update the groups; return ``{group name: number of permissions}``."""
    for app_label in CONTENT_MODELS:
        # The permissions of apps migrated after this one may not exist yet.
        create_permissions(apps.get_app_config(app_label), verbosity=0)
    summary = {}
    for name in ROLE_ACTIONS:
        group, _ = Group.objects.get_or_create(name=name)
        permissions = [
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in role_permissions(name)
        ]
        group.permissions.set(permissions)
        summary[name] = len(permissions)
    return summary
