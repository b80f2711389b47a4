"""Admin login attempts are limited per username and address; staff sessions end after a working day."""

import datetime

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.urls import reverse
from pytest_django.asserts import assertContains

pytestmark = pytest.mark.django_db


@pytest.fixture
def login_limits(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    return settings


@pytest.fixture
def officer():
    return User.objects.create_user("officer", password="a-long-test-password", is_staff=True)


def attempt(client, password, username="officer"):
    return client.post(
        f"{reverse('admin:login')}?next={reverse('admin:index')}", {"username": username, "password": password}
    )


def test_correct_password_signs_in_through_the_login_form(client, login_limits, officer):
    response = attempt(client, "a-long-test-password")
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_locked_out_after_the_configured_number_of_failures_even_with_the_right_password(client, login_limits, officer):
    for _ in range(2):
        assert attempt(client, "wrong-password").status_code == 200
    locked = attempt(client, "wrong-password")
    assert locked.status_code == 429
    assertContains(locked, "Too many failed sign-in attempts", status_code=429)
    assertContains(locked, "is paused for 60 minutes", status_code=429)
    after = attempt(client, "a-long-test-password")
    assert after.status_code == 429
    assert client.get(reverse("admin:index")).status_code == 302  # still not signed in


def test_fewer_failures_than_the_limit_still_let_the_officer_in(client, login_limits, officer):
    for _ in range(2):
        attempt(client, "wrong-password")
    assert attempt(client, "a-long-test-password").status_code == 302


def test_lockout_is_per_username_and_address(client, login_limits, officer):
    User.objects.create_user("colleague", password="another-long-password", is_staff=True)
    for _ in range(3):
        attempt(client, "wrong-password")
    assert attempt(client, "another-long-password", username="colleague").status_code == 302


def test_login_limit_settings_are_on_by_default():
    assert "axes" in django_settings.INSTALLED_APPS
    assert "axes.middleware.AxesMiddleware" in django_settings.MIDDLEWARE
    assert django_settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert django_settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_staff_sessions_end_after_a_working_day_of_inactivity(client, officer, time_machine):
    start = datetime.datetime(2024, 2, 1, 8, 0, tzinfo=datetime.UTC)
    time_machine.move_to(start, tick=False)
    client.force_login(officer)
    time_machine.move_to(start + datetime.timedelta(hours=7), tick=False)
    assert client.get(reverse("admin:index")).status_code == 200  # activity renews the session
    time_machine.move_to(start + datetime.timedelta(hours=14), tick=False)
    assert client.get(reverse("admin:index")).status_code == 200  # 7 idle hours: still signed in
    time_machine.move_to(start + datetime.timedelta(hours=22, minutes=1), tick=False)
    assert client.get(reverse("admin:index")).status_code == 302  # 8 idle hours: signed out


def test_a_refused_next_address_lands_on_the_admin_home(client, officer):
    """Signing in with ``next=`` pointing at another site goes to the admin home, not a 404."""
    response = client.post(
        reverse("admin:login") + "?next=https://attacker.example/steal",
        {"username": "officer", "password": "a-long-test-password"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert client.get(response["Location"]).status_code == 200
