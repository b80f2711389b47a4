"""Behind the README's nginx: sign-in lockouts count against the reader's address, never the proxy's."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.5"  # the nginx in front: every request reaches the app server from here
ATTACKER = "203.0.113.66"
OFFICER = "198.51.100.20"
PASSWORD = "a-long-test-password"


@pytest.fixture
def login_limits(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    return settings


@pytest.fixture
def behind_one_proxy(login_limits):
    login_limits.TRUSTED_PROXY_COUNT = 1


@pytest.fixture
def officer():
    return User.objects.create_user("officer", password=PASSWORD, is_staff=True)


def through_proxy(client_address, sent_header=None):
    """A client whose requests reach Django as nginx forwards them: the socket is the proxy's, and
    ``X-Forwarded-For`` is what the client sent (if anything) with its own address appended."""
    forwarded = f"{sent_header}, {client_address}" if sent_header else client_address
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


def sign_in(client, password, username="officer"):
    return client.post(
        reverse("admin:login") + "?next=" + reverse("admin:index"), {"username": username, "password": password}
    )


def test_behind_one_proxy_an_attackers_failures_lock_only_the_attackers_address(behind_one_proxy, officer):
    """Three wrong passwords from one reader lock that reader's address, not the officer at theirs."""
    attacker = through_proxy(ATTACKER)
    for _ in range(3):
        sign_in(attacker, "wrong-password")
    assert sign_in(attacker, PASSWORD).status_code == 429
    assert sign_in(through_proxy(OFFICER), PASSWORD).status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}


def test_behind_one_proxy_a_lockout_is_for_the_attacked_username_only(behind_one_proxy, officer):
    """From the locked address, another officer's username still signs in."""
    User.objects.create_user("colleague", password="another-long-password", is_staff=True)
    attacker = through_proxy(ATTACKER)
    for _ in range(3):
        sign_in(attacker, "wrong-password")
    assert sign_in(attacker, "another-long-password", username="colleague").status_code == 302


def test_a_client_supplied_forwarded_for_cannot_choose_the_address(behind_one_proxy, officer):
    """An attacker who sends the officer's address in X-Forwarded-For is still counted at their own."""
    attacker = through_proxy(ATTACKER, sent_header=OFFICER)
    for _ in range(3):
        sign_in(attacker, "wrong-password")
    assert sign_in(through_proxy(OFFICER), PASSWORD).status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}


def test_without_a_trusted_proxy_forwarded_for_is_ignored(login_limits, officer):
    """With the default of no proxy, the socket address counts and the header changes nothing."""
    attacker = Client(REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=OFFICER)
    for _ in range(3):
        sign_in(attacker, "wrong-password")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    assert sign_in(Client(REMOTE_ADDR=OFFICER), PASSWORD).status_code == 302


def test_a_request_that_bypassed_the_proxy_counts_at_its_socket_address(behind_one_proxy, officer):
    """A request with no X-Forwarded-For (a probe on the private network) is counted where it came from."""
    for _ in range(3):
        sign_in(Client(REMOTE_ADDR=ATTACKER), "wrong-password")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}


def test_a_malformed_forwarded_entry_is_not_taken_as_an_address(behind_one_proxy, officer):
    """Garbage where the proxy's entry should be falls back to the socket address, never a made-up one."""
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="not-an-address")
    sign_in(client, "wrong-password")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {PROXY}
