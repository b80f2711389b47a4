"""Security headers on every public page type, and the admin's looser policy."""

import re

import pytest
from django.urls import reverse

from tests.factories import make_area, make_notice, make_statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_urls():
    notice = make_notice()
    make_area(notice)
    statement = make_statement(notice=notice)
    return [
        "/",
        "/governance/",
        "/governance/transparency/",
        "/governance/transparency/?on=2024-03-01",
        "/governance/transparency/best-value-notices/",
        notice.get_absolute_url(),
        "/governance/transparency/statements/",
        statement.get_absolute_url(),
    ]


def csp_directives(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def assert_security_headers(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_public_pages_send_security_headers(client, public_urls):
    for url in public_urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_security_headers(response)


def test_public_pages_have_strict_content_security_policy(client, public_urls):
    for url in public_urls:
        response = client.get(url)
        header = response["Content-Security-Policy"]
        assert "unsafe-inline" not in header, url
        assert "unsafe-eval" not in header, url
        directives = csp_directives(response)
        assert directives["default-src"] == ["'none'"]
        assert directives["script-src"] == ["'self'"]
        assert directives["style-src"] == ["'self'"]
        assert directives["frame-ancestors"] == ["'none'"]
        assert directives["object-src"] == ["'none'"]


def test_public_pages_need_no_inline_script_or_style(client, public_urls):
    """What the strict policy would block is not on the pages in the first place."""
    for url in public_urls:
        html = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert not re.search(r"<style[\s>]", html), url
        assert not re.search(r"\sstyle=", html), url
        assert not re.search(r"\son[a-z]+=", html, re.I), url


def test_not_found_page_sends_the_same_headers(client):
    response = client.get("/governance/transparency/best-value-notices/no-such-notice/")
    assert response.status_code == 404
    assert_security_headers(response)
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_health_check_sends_security_headers(client):
    response = client.get("/healthz")
    assert_security_headers(response)


def test_admin_policy_allows_inline_styles_only(client):
    """CKEditor 5 writes styles from JavaScript; scripts stay same-origin even in the admin."""
    response = client.get(reverse("admin:login"))
    directives = csp_directives(response)
    assert directives["style-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["script-src"] == ["'self'"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert_security_headers(response)


def test_hsts_and_https_redirect_under_production_settings(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    plain = client.get("/governance/transparency/")
    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/governance/transparency/"
    proxied = client.get("/governance/transparency/", headers={"x-forwarded-proto": "https"})
    assert proxied.status_code == 200
    assert proxied["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert client.get("/healthz").status_code == 200


def test_the_policy_is_built_once_per_process_and_kept_apart_for_the_admin(client, public_urls, monkeypatch):
    """Building the header is django-csp's work; with no nonce and no per-view policy it is reused."""
    import csp.middleware

    built = []
    real_build = csp.middleware.build_policy
    monkeypatch.setattr(csp.middleware, "build_policy", lambda **kw: built.append(kw) or real_build(**kw))
    public = [client.get(url)["Content-Security-Policy"] for url in public_urls * 2]
    admin = [client.get("/admin/login/")["Content-Security-Policy"] for _ in range(3)]
    assert len(set(public)) == 1 and len(set(admin)) == 1
    assert "'unsafe-inline'" in admin[0] and "'unsafe-inline'" not in public[0]
    assert len(built) <= 4  # at most once per policy (public, admin), each with its report-only twin


def test_a_view_that_asks_for_a_nonce_gets_it_in_its_own_policy(rf, settings):
    from csp.constants import NONCE
    from django.http import HttpResponse

    from core.middleware import ContentSecurityPolicyMiddleware

    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {**directives, "script-src": ["'self'", NONCE]}}

    def view(request):
        return HttpResponse(f"<script nonce='{request.csp_nonce}'></script>")

    middleware = ContentSecurityPolicyMiddleware(view)
    plain = ContentSecurityPolicyMiddleware(lambda request: HttpResponse())(rf.get("/"))["Content-Security-Policy"]
    request = rf.get("/")
    with_nonce = middleware(request)["Content-Security-Policy"]
    assert f"'nonce-{request._csp_nonce}'" in with_nonce
    assert "nonce" not in plain
