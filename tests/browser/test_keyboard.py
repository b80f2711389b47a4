"""Keyboard users reach the skip link first, and it takes them to the main content."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    "path", ["/", "/governance/transparency/", "/governance/transparency/best-value-notices/", "/search/?q=notice"]
)
def test_first_tab_reaches_the_skip_link_and_enter_moves_focus_to_main(page, demo_site, path):
    page.goto(demo_site + path)
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "({text: document.activeElement.textContent.trim(), href: document.activeElement.getAttribute('href')})"
    )
    assert focused == {"text": "Skip to main content", "href": "#main-content"}
    assert page.locator(".skip-link").is_visible()  # visible when focused, so sighted keyboard users see it
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
    # The next Tab continues from the main content, not from the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_focused_links_have_a_visible_focus_style(page, demo_site):
    page.goto(demo_site + "/governance/")
    link = page.locator("main a").first
    before = link.evaluate("el => getComputedStyle(el).backgroundColor")
    link.focus()
    after = link.evaluate("el => getComputedStyle(el).backgroundColor")
    assert before != after
    assert after == "rgb(255, 221, 0)"
