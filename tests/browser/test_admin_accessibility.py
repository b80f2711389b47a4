"""axe-core finds no WCAG 2.2 A or AA failure on the pages officers work in, signed in, at 1280px and 320px."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from notices.models import BestValueNotice
from statements.models import Statement
from tests.browser.axe import axe_violations, describe
from tests.factories import make_notice, make_statement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-test-password-for-the-officer"
STATEMENT = "statement-in-response-to-best-value-notice-update"
NOTICE = "revised-best-value-notice-january-2024"


def _statement():
    return Statement.objects.get(slug=STATEMENT)


def _notice():
    return BestValueNotice.objects.get(slug=NOTICE)


def _awaiting_review(path):
    """A draft statement sent for review, so the home page and the review filter list something."""
    make_statement(slug="draft-awaiting-review", is_published=False, ready_for_review=True)
    return path


def _edited_notice():
    """A draft notice saved twice, so its history has two versions to compare."""
    notice = make_notice(slug="draft-notice-with-two-versions", is_published=False)
    notice.title = "Draft notice, second version"
    notice.save()
    return notice


def _deleted_notice():
    """A draft notice that was deleted, so the deleted-records page lists one."""
    notice = make_notice(slug="deleted-draft-notice", is_published=False)
    notice.delete()


# Every admin page type: name -> a function that prepares what the page needs and returns its path.
# To scan another admin page, add it here.
ADMIN_PAGES = {
    "home": lambda: _awaiting_review(reverse("admin:index")),
    "statements list, filtered": lambda: _awaiting_review(
        reverse("admin:statements_statement_changelist") + "?review=awaiting"
    ),
    "notices list, filtered": lambda: reverse("admin:notices_bestvaluenotice_changelist") + "?status=expired",
    "statement add": lambda: reverse("admin:statements_statement_add"),
    "notice add": lambda: reverse("admin:notices_bestvaluenotice_add"),
    "statement change": lambda: reverse("admin:statements_statement_change", args=[_statement().pk]),
    "notice change": lambda: reverse("admin:notices_bestvaluenotice_change", args=[_notice().pk]),
    "statement history": lambda: reverse("admin:statements_statement_history", args=[_statement().pk]),
    "notice history": lambda: reverse("admin:notices_bestvaluenotice_history", args=[_notice().pk]),
    "notice compare": lambda: reverse("admin:notices_bestvaluenotice_compare", args=[_edited_notice().pk]),
    "deleted notices": lambda: (_deleted_notice(), reverse("admin:notices_bestvaluenotice_deleted"))[1],
}


def assert_no_axe_violations(page, where):
    """Scan at 1280px and at 320px (a 1280px screen at 400% zoom), then report both widths together."""
    found = []
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        violations = axe_violations(page)
        if violations:
            found.append(f"{len(violations)} axe violation(s) on {where} at {width}px:\n{describe(violations)}")
    report = "\n".join(found)
    print(report)
    assert not found, report


def sign_in(page, base_url, path):
    get_user_model().objects.create_superuser("officer", "officer@example.com", PASSWORD)
    page.goto(f"{base_url}{reverse('admin:login')}?next={path}")
    page.fill("#id_username", "officer")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base_url}{path}")


def test_admin_login_page_has_no_axe_violations(page, demo_site):
    """The sign-in page, before anyone is signed in, has zero violations."""
    response = page.goto(demo_site + reverse("admin:login"))
    assert response.status == 200
    assert_no_axe_violations(page, "the admin login page")


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_admin_page_has_no_axe_violations_at_desktop_and_320px(page, demo_site, name, artifacts):
    """Each admin page an officer works in, signed in with the demo content, has zero violations."""
    path = ADMIN_PAGES[name]()
    sign_in(page, demo_site, path)
    if page.locator(".django-ckeditor-widget").count():
        # Scan the page as officers use it: with the rich text editors in place.
        page.locator(".ck-editor__editable").first.wait_for()
    page.screenshot(path=str(artifacts / f"admin-{name.replace(' ', '-').replace(',', '')}.png"), full_page=True)
    assert_no_axe_violations(page, path)
