"""Arbitrary query strings, paths, headers and bodies at every public URL: never a 500, never a traceback."""

from urllib.parse import quote

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import make_area, make_notice, make_statement

pytestmark = pytest.mark.django_db

T = "/governance/transparency"
URL_GROUPS = {
    "landing pages": ["/", "/governance/", f"{T}/", f"{T}/?on=2024-03-01"],
    "notices": [f"{T}/best-value-notices/", f"{T}/best-value-notices/fuzz-notice/", f"{T}/best-value-notices/?page=2"],
    "statements": [
        f"{T}/statements/",
        f"{T}/statements/fuzz-statement/",
        f"{T}/statements/?page=1",
        f"{T}/statements/?on=2024-03-01",
    ],
    "versions": [
        f"{T}/statements/fuzz-statement/versions/",
        f"{T}/statements/fuzz-statement/versions/1/",
        f"{T}/statements/fuzz-statement/versions/2/changes/",
        f"{T}/best-value-notices/fuzz-notice/versions/",
        f"{T}/best-value-notices/fuzz-notice/versions/1/",
    ],
    # The exports and the feed belong to another branch; until it merges they answer 404, which is fine.
    "exports and feeds": [
        f"{T}/best-value-notices.csv",
        f"{T}/best-value-notices.json",
        f"{T}/best-value-notices/datapackage.json",
        f"{T}/feed/",
    ],
    "site files": ["/healthz", "/media/notices/fuzz.pdf", "/sitemap.xml", "/robots.txt", "/search/", "/accessibility/"],
}

NASTY = [
    "%",
    "%ZZ",
    "%C3%28",
    "%00",
    "%FF%FE",
    "\x00",
    "../",
    "..%2f",
    "<script>",
    "'",
    '"',
    "\\",
    "\u202e",
    "🙂",
    "%%",
]
text = st.one_of(
    st.text(max_size=80), st.sampled_from(NASTY), st.lists(st.sampled_from(NASTY), max_size=6).map("".join)
)
KNOWN_BAD_QUERIES = [
    "on=", "on=2024-02-30", "on=2024-01-01&on=2024-01-02", "on=" + "9" * 200, "on=0000-01-01", "on=9999-12-31",
    "page=0", "page=-1", "page=99999999999999999999", "page=last", "page=1&page=2", "status=nonsense",
    "issued_from=2024-13-01", "issued_to=yesterday", "in_force_on=%00",
]  # fmt: skip
FIELD_NAMES = st.one_of(st.sampled_from(["on", "page", "q", "status", "issued_from", "issued_to", "in_force_on"]), text)
HEADER_NAMES = [
    "Accept", "Accept-Language", "Accept-Encoding", "Cookie", "Referer", "User-Agent", "If-None-Match",
    "If-Modified-Since", "Range", "X-Forwarded-Proto", "X-Forwarded-For", "Origin", "Content-Type",
]  # fmt: skip


def header_value():
    return st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=255, exclude_characters="\x7f"), max_size=80)


requests = st.fixed_dictionaries(
    {
        "method": st.sampled_from(["GET", "GET", "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"]),
        "suffix": st.one_of(st.just(""), st.just(""), st.just(""), text.map(lambda value: quote(value, safe="/%"))),
        "query": st.one_of(
            st.sampled_from(KNOWN_BAD_QUERIES),
            st.lists(st.tuples(FIELD_NAMES, text), max_size=4).map(
                lambda pairs: "&".join(f"{quote(k, safe='%')}={quote(v, safe='%')}" for k, v in pairs)
            ),
            text.map(lambda value: quote(value, safe="%&=+;")),
        ),
        "headers": st.dictionaries(st.sampled_from(HEADER_NAMES), header_value(), max_size=4),
        "body": st.one_of(st.binary(max_size=200), text.map(lambda value: value.encode())),
    }
)


@pytest.fixture
def content(settings):
    """A little of everything, with the page cache on as in production."""
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    notice = make_notice(slug="fuzz-notice")
    make_area(notice)
    make_statement(slug="fuzz-statement", notice=notice)


@pytest.mark.parametrize("group", URL_GROUPS)
def test_no_input_gives_a_server_error(client, content, group):
    @settings(
        max_examples=100,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(url=st.sampled_from(URL_GROUPS[group]), request=requests)
    def check(url, request):
        path, _, base_query = url.partition("?")
        query = "&".join(part for part in (base_query, request["query"]) if part)
        full = path + request["suffix"] + (f"?{query}" if query else "")
        response = client.generic(
            request["method"],
            full,
            data=request["body"],
            content_type="application/x-www-form-urlencoded",
            headers=request["headers"],
        )
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code < 500, (full, request)
        assert b"Traceback" not in body
        assert b'File "' not in body

    check()
