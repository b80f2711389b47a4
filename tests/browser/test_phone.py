"""On a phone (320 and 375 CSS px) nothing is cut or too small to read, and the pages are screenshotted.

Screenshots at 320, 375 and 1280px of the home, transparency, notices list and notice pages,
with the "What is a Best Value Notice?" explainer opened, are left in test-artifacts/.
"""

import pytest

from tests.browser.test_accessibility import NOTICE, axe_violations, describe

PAGES = {
    "home": "/",
    "transparency": "/governance/transparency/",
    "notices": "/governance/transparency/best-value-notices/",
    "notice": NOTICE,
}
PHONE_WIDTHS = (320, 375)
MIN_TEXT_PX = 12
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Visible text smaller than MIN_TEXT_PX: HTML text by its computed size, SVG text by its drawn
# height (a scaled drawing shrinks its text without changing the computed size).
SMALL_TEXT = """(min) => {
  const small = [];
  const visible = (el) => {
    const rect = el.getBoundingClientRect();
    return rect.width > 1 && rect.height > 1 && getComputedStyle(el).visibility !== 'hidden';
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!node.textContent.trim() || !el || !visible(el)) continue;
    if (el.closest('svg')) {
      const height = el.getBoundingClientRect().height;
      if (height < min) small.push(`svg <${el.tagName}> "${node.textContent.trim()}" drawn ${height}px high`);
    } else {
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < min) small.push(`<${el.tagName}> "${node.textContent.trim().slice(0, 40)}" at ${size}px`);
    }
  }
  return small;
}"""

# Cells, and anything inside a table or the timeline, that is cut: wider than its box, or past the
# window's edge. Text hidden on purpose for screen readers (clipped to nothing) is not counted.
CLIPPED = """() => {
  const clipped = [];
  const width = document.documentElement.clientWidth;
  const hiddenOnPurpose = (el) => {
    for (let e = el; e; e = e.parentElement) {
      if (getComputedStyle(e).clipPath !== 'none') return true;
    }
    return false;
  };
  for (const el of document.querySelectorAll('main th, main td, main table *, main .timeline *')) {
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 || hiddenOnPurpose(el)) continue;
    if (rect.left < -0.5 || rect.right > width + 0.5) clipped.push(`<${el.tagName}> past the edge: ${rect.left}-${rect.right}`);
    if (!(el instanceof SVGElement) && el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible') {
      clipped.push(`<${el.tagName}> "${el.textContent.trim().slice(0, 40)}" cut: ${el.scrollWidth} > ${el.clientWidth}`);
    }
  }
  return clipped;
}"""


def open_explainer(page):
    summary = page.locator("summary", has_text="What is a Best Value Notice?")
    if summary.count():
        summary.first.click()
        # Blur it, so the screenshot shows the page as read rather than the focus style.
        page.evaluate("document.activeElement.blur()")


@pytest.mark.parametrize("name", PAGES)
def test_on_a_phone_no_text_is_cut_or_smaller_than_12px_and_axe_finds_nothing(page, demo_site, name, artifacts):
    """At 320 and 375px: no sideways scroll, no clipped cell, no text under 12px, zero axe violations."""
    page.goto(demo_site + PAGES[name])
    open_explainer(page)
    for width in PHONE_WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.screenshot(path=str(artifacts / f"phone-{width}px-{name}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert page.evaluate(CLIPPED) == [], f"{name} at {width}px"
        assert page.evaluate(SMALL_TEXT, MIN_TEXT_PX) == [], f"{name} at {width}px"
        violations = axe_violations(page)
        assert violations == [], f"{name} at {width}px:\n{describe(violations)}"


@pytest.mark.parametrize("name", PAGES)
def test_desktop_screenshot_with_the_explainer_open(page, demo_site, name, artifacts):
    """At 1280px the page is screenshotted with the explainer open, and nothing is cut."""
    page.goto(demo_site + PAGES[name])
    open_explainer(page)
    page.screenshot(path=str(artifacts / f"desktop-1280px-{name}.png"), full_page=True)
    assert page.evaluate(CLIPPED) == []
    assert page.evaluate(SMALL_TEXT, MIN_TEXT_PX) == []


@pytest.mark.parametrize("width", PHONE_WIDTHS)
def test_notices_table_rows_stack_with_each_cells_heading_on_a_phone(page, demo_site, width):
    """Below 641px each notice is a block and each cell shows its column's heading; at 1280px the header row does."""
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(demo_site + PAGES["notices"])
    headings = page.locator(".table tbody tr").first.locator(".table__cell-heading")
    assert headings.all_inner_texts() == ["Issued", "In force", "Status"]
    status = page.locator(".table tbody tr").first.locator("td").last
    assert "Ended on 31 July 2024." in status.inner_text()
    page.set_viewport_size({"width": 1280, "height": 800})
    assert not headings.first.is_visible()
    assert page.locator(".table thead").is_visible()


def test_the_explainer_opens_without_javascript(browser, demo_site):
    """A native <details>: with JavaScript off, a click on the summary shows the text."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(demo_site + PAGES["transparency"])
    text = page.locator(".details__text")
    assert not text.is_visible()
    page.locator("summary", has_text="What is a Best Value Notice?").click()
    assert text.is_visible()
    context.close()
