"""In Chromium: the strict Content Security Policy blocks nothing the public pages use."""

import pytest

from tests.factories import make_area, make_notice, make_statement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_public_pages_break_no_content_security_policy_rule(live_server, page):
    notice = make_notice()
    make_area(notice, detail="<p>Detail with <a href='https://example.org'>a link</a>.</p>")
    statement = make_statement(notice=notice, body="<h2>Heading</h2><ul><li>point</li></ul>")
    for url in [
        "/",
        "/governance/",
        "/governance/transparency/",
        "/governance/transparency/best-value-notices/",
        notice.get_absolute_url(),
        "/governance/transparency/statements/",
        statement.get_absolute_url(),
    ]:
        page.goto(live_server.url + url)
        assert page.evaluate("document.styleSheets.length") >= 1, url
    assert page.csp_messages == []
