"""axe-core (vendored, see vendor/) finds no WCAG 2.2 A or AA failure on any public page type."""

import pytest

from notices.models import BestValueNotice
from statements.models import Statement
from tests.browser.axe import axe_violations, describe

STATEMENT = "/governance/transparency/statements/statement-in-response-to-best-value-notice-update/"
NOTICE = "/governance/transparency/best-value-notices/revised-best-value-notice-january-2024/"

# Every public page type, with the status it must answer.
PAGES = {
    "home": ("/", 200),
    "governance": ("/governance/", 200),
    "transparency": ("/governance/transparency/", 200),
    "transparency as it stood": ("/governance/transparency/?on=2024-03-01", 200),
    "transparency with a bad date": ("/governance/transparency/?on=2024-02-30", 400),
    "statements": ("/governance/transparency/statements/", 200),
    "statement": (STATEMENT, 200),
    "notices": ("/governance/transparency/best-value-notices/", 200),
    "notice": (NOTICE, 200),
    "statement as it read": (STATEMENT + "?on=2024-03-01", 200),
    "statement not public that day": (STATEMENT + "?on=2023-06-01", 404),
    "statement with a bad date": (STATEMENT + "?on=2024-02-30", 400),
    "notice as it read": (NOTICE + "?on=2024-03-01", 200),
    "notices as they read": ("/governance/transparency/best-value-notices/?on=2024-03-01", 200),
    "statements as they read": ("/governance/transparency/statements/?on=2024-03-01", 200),
    "notice with no fixed end date as it read": (
        "/governance/transparency/best-value-notices/best-value-notice-january-2023/?on=2023-06-01",
        200,
    ),
    "statement versions": (STATEMENT + "versions/", 200),
    "statement version": (STATEMENT + "versions/1/", 200),
    "notice versions": (NOTICE + "versions/", 200),
    "notice version": (NOTICE + "versions/1/", 200),
    "accessibility statement": ("/accessibility/", 200),
    "search results": ("/search/?q=improvement+board", 200),
    "search without results": ("/search/?q=zzzzzz", 200),
    "search too long": ("/search/?q=" + "x" * 101, 400),
    "page not found": ("/no-such-page/", 404),
}
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_axe_violations_at_desktop_and_320px(page, demo_site, name, artifacts):
    """Zero violations at 1280px, then at 320px (the width of a 1280px screen at 400% zoom)."""
    path, status = PAGES[name]
    response = page.goto(demo_site + path)
    assert response.status == status
    page.screenshot(path=str(artifacts / f"desktop-{name.replace(' ', '-')}.png"), full_page=True)
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        violations = axe_violations(page)
        if violations:
            print(f"axe violations on {path} at {width}px:\n{describe(violations)}")
        assert violations == [], f"{len(violations)} axe violation(s) on {path} at {width}px:\n{describe(violations)}"


@pytest.mark.parametrize("slug_path", [STATEMENT, NOTICE])
def test_what_changed_page_has_no_axe_violations_at_desktop_and_320px(page, demo_site, slug_path):
    """The word-by-word changes of a second version (a correction made here) pass axe at both widths."""
    model = Statement if slug_path == STATEMENT else BestValueNotice
    record = model.objects.get(slug=slug_path.rstrip("/").rsplit("/", 1)[1])
    record.title += " (corrected)"
    if model is Statement:
        record.body = record.body.replace("twelve months", "year")
    else:
        record.summary = record.summary.replace("six months", "half a year")
    record.change_kind, record.change_note = "major", "Corrected the wording."
    record.save()
    response = page.goto(f"{demo_site}{slug_path}versions/2/changes/")
    assert response.status == 200
    assert page.locator("ins").count() and page.locator("del").count()
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        violations = axe_violations(page)
        assert violations == [], f"{len(violations)} axe violation(s) at {width}px:\n{describe(violations)}"


@pytest.mark.parametrize("name", ["home", "transparency", "statement", "notice", "search results"])
def test_page_reflows_at_400_and_200_percent_zoom_without_horizontal_scrolling(page, demo_site, name, artifacts):
    """WCAG 1.4.10: a 1280px screen at 400% (320 CSS px) and 200% (640 CSS px) needs no sideways scrolling.

    Wide tables scroll inside their own focusable region instead.
    """
    page.goto(demo_site + PAGES[name][0])
    for width in (320, 640):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(artifacts / f"{width}px-{name.replace(' ', '-')}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("name", ["statement", "notice"])
def test_the_print_stylesheet_prints_the_page_address_and_hides_navigation(page, demo_site, name, artifacts):
    path = PAGES[name][0]
    page.goto(demo_site + path)
    assert not page.locator(".print-url").is_visible()
    page.emulate_media(media="print")
    assert page.locator(".print-url").is_visible()
    assert path in page.locator(".print-url").inner_text()
    assert not page.locator(".breadcrumb").is_visible()
    assert not page.locator(".site-search").is_visible()
    assert page.locator("h1").is_visible()
    page.pdf(path=str(artifacts / f"print-{name}.pdf"), format="A4")
