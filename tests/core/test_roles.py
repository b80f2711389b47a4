import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from core.roles import ROLE_ACTIONS
from notices.models import BestValueNotice
from tests.helpers import admin_url

pytestmark = pytest.mark.django_db


def perms_of(group_name):
    group = Group.objects.get(name=group_name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def test_migrate_creates_the_three_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLE_ACTIONS)


def test_editors_cannot_publish_or_delete():
    perms = perms_of("Editors")
    assert "statements.change_statement" in perms
    assert "statements.publish_statement" not in perms
    assert "statements.delete_statement" not in perms


def test_publishers_can_publish_and_delete():
    perms = perms_of("Publishers")
    assert {
        "statements.publish_statement",
        "notices.publish_bestvaluenotice",
        "notices.delete_bestvaluenotice",
    } <= perms


def test_auditors_only_view():
    assert all(codename.split(".")[1].startswith("view_") for codename in perms_of("Auditors"))


def test_setup_roles_is_idempotent_and_restores_removed_permissions():
    group = Group.objects.get(name="Editors")
    expected = perms_of("Editors")
    group.permissions.clear()
    call_command("setup_roles", verbosity=0)
    call_command("setup_roles", verbosity=0)
    assert perms_of("Editors") == expected
    assert Group.objects.filter(name="Editors").count() == 1


def test_auditor_sees_the_admin_list_but_cannot_change(client):
    from tests.factories import make_notice

    notice = make_notice()
    user = User.objects.create_user("auditor", password="a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Auditors"))
    client.login(username="auditor", password="a-long-test-password")
    assert client.get(admin_url(BestValueNotice)).status_code == 200
    change_url = admin_url(notice, "change")
    assert client.post(change_url, {"title": "Changed"}).status_code == 403
    assert client.get(admin_url(BestValueNotice, "add")).status_code == 403
