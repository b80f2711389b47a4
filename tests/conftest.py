import pytest


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgresql`` run only against PostgreSQL; on SQLite they are deselected, not skipped."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    deselected = [item for item in items if item.get_closest_marker("postgresql")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("postgresql")]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _login_limits_off(settings):
    """django-axes needs a request to authenticate, which ``client.login()`` does not give.

    Tests of the login limits turn it back on with ``settings.AXES_ENABLED = True`` and log in
    through the admin login form, as a person would.
    """
    settings.AXES_ENABLED = False


@pytest.fixture(autouse=True)
def _cache_breakers_closed():
    """Each test starts with the cache tried, whatever an earlier test's broken cache tripped."""
    from core import cacheguard

    cacheguard.reset_all()
    yield
    cacheguard.reset_all()


@pytest.fixture(autouse=True)
def _page_cache_off(settings):
    """Public page caching is off in tests unless a test turns it on."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def first_and_revised():
    """The notice of 24 January 2023 and the revised notice of 30 January 2024 that replaced it."""
    from tests.factories import make_first_and_revised

    return make_first_and_revised()


def _signed_in(client, role):
    from tests.officers import make_officer

    user = make_officer(role)
    client.force_login(user)
    return user


@pytest.fixture
def editor(client):
    """A member of the Editors group, signed in on ``client``."""
    return _signed_in(client, "Editors")


@pytest.fixture
def publisher(client):
    """A member of the Publishers group, signed in on ``client``."""
    return _signed_in(client, "Publishers")


@pytest.fixture
def auditor(client):
    """A member of the Auditors group, signed in on ``client``."""
    return _signed_in(client, "Auditors")
