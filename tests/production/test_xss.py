"""Known XSS payloads saved through the admin into every text field never reach a public page as markup."""

import datetime
from collections import Counter
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import User

from notices.models import BestValueNotice
from statements.models import Statement
from tests.helpers import admin_url

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(2)</scr</script>ipt>",
    "<img src=x onerror=alert(3)>",
    "<svg onload=alert(4)>",
    "<svg><script>alert(5)</script></svg>",
    '<svg><a xlink:href="javascript:alert(6)"><text x=20 y=20>click</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(7)>",
    "<body onload=alert(8)>",
    '<iframe src="javascript:alert(9)"></iframe>',
    '<iframe srcdoc="<script>alert(10)</script>"></iframe>',
    '<a href="javascript:alert(11)">link</a>',
    '<a href="JaVaScRiPt:alert(12)">link</a>',
    '<a href="java&#x09;script:alert(13)">link</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(14)">link</a>',
    '<a href=" javascript:alert(15)">link</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxNik8L3NjcmlwdD4=">link</a>',
    '<a href="vbscript:msgbox(17)">link</a>',
    '<a href="https://example.org" onclick="alert(18)">link</a>',
    '<p style="background:url(javascript:alert(19))">styled</p>',
    "<style>body{display:none}</style>",
    "<style>@import 'https://evil.example/x.css';</style>",
    '<object data="javascript:alert(22)"></object>',
    '<embed src="data:image/svg+xml,<svg onload=alert(23)>">',
    '<form action="https://evil.example"><input name=q><button>go</button></form>',
    "<input autofocus onfocus=alert(25)>",
    "<details open ontoggle=alert(26)>",
    '<video><source onerror="alert(27)"></video>',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(30)">',
    '<link rel=stylesheet href="https://evil.example/x.css">',
    '"><script>alert(32)</script>',
    "'><img src=x onerror=alert(33)>",
    "</title><script>alert(34)</script>",
    "</textarea><script>alert(35)</script>",
    '<!--<img src="--><img src=x onerror=alert(36)//">',
    '<p><b><i>malformed <a href="javascript:alert(37)">nesting</b></p></i>',
    "&lt;script&gt;alert(38)&lt;/script&gt;",
    '<noscript><p title="</noscript><img src=x onerror=alert(39)>"></noscript>',
    "<template><script>alert(40)</script></template>",
    '<table><td background="javascript:alert(41)">cell</td></table>',
    '<div onmouseover="alert(42)">hover</div>',
]

LIVE_TAGS = {
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "svg", "math", "img", "video", "audio",
    "source", "base", "template", "marquee", "applet", "noscript", "details", "xmp",
}  # fmt: skip
# The site's own forms (search, filters, "as it stood") have these: each page must keep exactly as many.
FORM_TAGS = {"form", "input", "button", "label", "select", "textarea", "option"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "background", "poster", "srcdoc"}


def is_own_markup(tag, attrs):
    """The site's own live tags: the timeline's <svg>s (notices/timeline.py) and the explainer's <details>."""
    own = {"svg": {"timeline__track", "timeline__axis"}, "details": {"details"}}
    return dict(attrs).get("class") in own.get(tag, set())


class Markup(HTMLParser):
    """The tags, event handlers, styles and URLs of a page, as a browser would parse them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = Counter()
        self.in_body = False
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self.in_body = True
        if self.in_body:
            self.tags[tag] += 1
            if tag in LIVE_TAGS | {"meta", "link"} and not is_own_markup(tag, attrs):
                self.problems.append(f"<{tag}> in the body")
        elif tag in {"script", "style", "base"}:
            self.problems.append(f"<{tag}> in the head")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name} on <{tag}>")
            if name == "style":
                self.problems.append(f"style attribute on <{tag}>")
            if name in URL_ATTRIBUTES and value:
                scheme = "".join(ch for ch in value if ch > " ").lower()
                if scheme.startswith(("javascript:", "data:", "vbscript:")):
                    self.problems.append(f"{name}={value!r} on <{tag}>")


def parse(response):
    parser = Markup()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture
def admin_client(client):
    User.objects.create_superuser("root", password="a-long-test-password")
    client.login(username="root", password="a-long-test-password")
    return client


def add_statement(client, index, payload):
    response = client.post(
        admin_url(Statement, "add"),
        {
            "title": f"Statement {index} {payload}"[:200],
            "slug": f"xss-statement-{index}",
            "summary": payload,
            "body": f"<p>Body {index}</p>{payload}",
            "notice": "",
            "published_at_0": "2024-01-30",
            "published_at_1": "10:00:00",
            "_publish": "Publish now",
            "_save": "Save",
        },
    )
    assert response.status_code == 302, (payload, response.content.decode()[:3000])


def add_notice(client, index, payload):
    response = client.post(
        admin_url(BestValueNotice, "add"),
        {
            "title": f"Notice {index} {payload}"[:200],
            "slug": f"xss-notice-{index}",
            "issued_by": payload,
            "recipient": payload,
            "issued_on": (datetime.date(2001, 1, 1) + datetime.timedelta(days=index)).isoformat(),
            "starts_on": "",
            "ends_on": "",
            "supersedes": "",
            "withdrawn_on": "",
            "summary": f"<p>Summary {index}</p>{payload}",
            "source_url": "",
            "_publish": "Publish now",
            "improvement_areas-TOTAL_FORMS": "1",
            "improvement_areas-INITIAL_FORMS": "0",
            "improvement_areas-MIN_NUM_FORMS": "0",
            "improvement_areas-MAX_NUM_FORMS": "1000",
            "improvement_areas-0-position": "1",
            "improvement_areas-0-title": payload[:200],
            "improvement_areas-0-detail": f"<p>Detail {index}</p>{payload}",
            "improvement_areas-0-progress": "in_progress",
            "improvement_areas-0-progress_note": payload,
            "improvement_areas-0-progress_updated_on": "",
            "_save": "Save",
        },
    )
    assert response.status_code == 302, (payload, response.content.decode()[:3000])


def page_urls():
    urls = ["/", "/governance/", "/governance/transparency/", "/governance/transparency/?on=2001-02-01"]
    notice_pages = -(-BestValueNotice.objects.count() // 20)
    urls += [f"/governance/transparency/best-value-notices/?page={n}" for n in range(1, notice_pages + 1)]
    statement_pages = -(-Statement.objects.count() // 20)
    urls += [f"/governance/transparency/statements/?page={n}" for n in range(1, statement_pages + 1)]
    urls += [notice.get_absolute_url() for notice in BestValueNotice.objects.all()]
    urls += [statement.get_absolute_url() for statement in Statement.objects.all()]
    return urls


def page_kind(url):
    return url.rstrip("/").rsplit("/", 1)[0] if "xss-" in url else url.split("?")[0]


def test_corpus_is_large_enough():
    assert len(PAYLOADS) >= 30
    assert len(set(PAYLOADS)) == len(PAYLOADS)


def test_payloads_saved_through_the_admin_never_become_live_markup(admin_client, client):
    # What the pages hold with harmless content: how many form controls each kind of page has.
    add_statement(admin_client, 0, "plain words")
    add_notice(admin_client, 0, "plain words")
    admin_client.logout()
    baseline = {page_kind(url): parse(client.get(url)).tags for url in page_urls()}

    admin_client.login(username="root", password="a-long-test-password")
    for index, payload in enumerate(PAYLOADS, start=1):
        add_statement(admin_client, index, payload)
        add_notice(admin_client, index, payload)
    admin_client.logout()

    # The payloads are stored, sanitized in rich text and verbatim in plain text.
    assert Statement.objects.filter(summary=PAYLOADS[0]).exists()
    assert "<script" not in "".join(Statement.objects.values_list("body", flat=True))

    for url in page_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        page = parse(response)
        assert page.problems == [], url
        expected = baseline[page_kind(url)]
        for tag in FORM_TAGS:
            assert page.tags[tag] == expected[tag], (url, tag)
        html = response.content.decode()
        for payload in PAYLOADS:
            if "<" in payload:
                assert payload not in html, (url, payload)
