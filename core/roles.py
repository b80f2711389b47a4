"""The three officer roles (SPEC 5) and the permissions each group holds.

``setup_roles()`` creates the groups and sets their permissions to exactly these lists;
it runs after every ``migrate`` and from ``manage.py setup_roles``, and is idempotent.
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction

CONTENT_MODELS = {
    "notices": ["bestvaluenotice", "improvementarea"],
    "statements": ["statement"],
}
PUBLISH_PERMISSIONS = [
    ("notices", "publish_bestvaluenotice"),
    ("statements", "publish_statement"),
]


def _model_permissions(actions):
    return [
        (app_label, f"{action}_{model}")
        for app_label, models in CONTENT_MODELS.items()
        for model in models
        for action in actions
    ]


ROLES = {
    # Editors draft: they add and change, but cannot publish, unpublish or delete.
    "Editors": _model_permissions(["view", "add", "change"]),
    # Publishers do all an Editor does, and publish and delete.
    "Publishers": _model_permissions(["view", "add", "change", "delete"]) + PUBLISH_PERMISSIONS,
    # Auditors look: view only (and the public exports, which need no login).
    "Auditors": _model_permissions(["view"]),
}


@transaction.atomic
def setup_roles():
    """Create or update the groups; return ``{group name: number of permissions}``."""
    for app_label in CONTENT_MODELS:
        # The permissions of apps migrated after this one may not exist yet.
        create_permissions(apps.get_app_config(app_label), verbosity=0)
    summary = {}
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = [
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in codenames
        ]
        group.permissions.set(permissions)
        summary[name] = len(permissions)
    return summary
