"""Improvement areas across revised notices, and the public history of their progress."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from notices.areas import progress_reports
from notices.models import ImprovementArea
from tests.factories import make_area, make_notice
from tests.helpers import admin_url, count_queries

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def story(today):
    """Three notices in a chain: 2023 → 2024 → 2025, whose areas continue, start and stop."""
    first = make_notice(slug="first", title="First notice", issued_on=D(2023, 1, 24), ends_on=D(2024, 1, 29))
    board = make_area(first, position=1, title="Improvement Board")
    investigation = make_area(first, position=2, title="Investigation")
    revised = make_notice(slug="revised", title="Revised notice", issued_on=D(2024, 1, 30), supersedes=first)
    board_again = make_area(revised, position=1, title="Keep the Board", carried_from=board)
    partners = make_area(revised, position=2, title="Partners")
    third = make_notice(slug="third", title="Third notice", issued_on=D(2024, 2, 20), supersedes=revised)
    make_area(third, position=1, title="The Board, once more", carried_from=board_again)
    return {"first": first, "revised": revised, "third": third, "board": board, "investigation": investigation,
            "board_again": board_again, "partners": partners}  # fmt: skip


def test_an_area_may_continue_an_area_of_the_notice_its_notice_replaces(story):
    """The link to the replaced notice's area passes validation."""
    story["board_again"].full_clean()


def test_an_area_of_another_notice_is_refused_with_a_clear_message(story):
    """Continuing an area of a notice that is not the replaced one names both notices."""
    area = ImprovementArea(notice=story["third"], position=2, title="Stray", carried_from=story["board"])
    with pytest.raises(ValidationError) as error:
        area.full_clean()
    assert error.value.error_dict["carried_from"][0].code == "carried_from_other_notice"
    assert "First notice" in str(error.value) and "Revised notice" in str(error.value)


def test_an_area_of_a_notice_that_replaces_none_cannot_continue_one(story):
    """A first notice has nothing to continue."""
    lone = make_notice(slug="lone", issued_on=D(2022, 1, 1))
    area = ImprovementArea(notice=lone, position=1, title="Stray", carried_from=story["board"])
    with pytest.raises(ValidationError) as error:
        area.full_clean()
    assert error.value.error_dict["carried_from"][0].code == "carried_from_without_predecessor"


def test_the_earlier_area_knows_the_areas_that_carry_it_forward(story):
    """The reverse link is ``carried_forward_as``."""
    assert list(story["board"].carried_forward_as.all()) == [story["board_again"]]


def test_the_revised_notice_labels_continued_and_new_areas_and_lists_the_dropped_ones(client, story):
    """Continues (linked to the earlier area), new, and no longer listed."""
    html = client.get(story["revised"].get_absolute_url()).content.decode()
    board_link = f'href="/governance/transparency/best-value-notices/first/#area-{story["board"].pk}"'
    assert re.search(rf"Continues an area of the <a {board_link}>January 2023 notice</a>: “Improvement Board”", html)
    assert "<strong>New in this notice</strong>" in html
    dropped = html[html.index("No longer listed</h3>") :]
    assert f'#area-{story["investigation"].pk}">Investigation</a>' in dropped
    assert "Improvement Board" not in dropped


def test_the_replaced_notice_says_where_each_area_went(client, story):
    """Each area of the replaced notice says which area continues it, or that none does."""
    html = client.get(story["first"].get_absolute_url()).content.decode()
    assert f'Continued in the <a href="/governance/transparency/best-value-notices/revised/">January 2024 notice</a> as <a href="/governance/transparency/best-value-notices/revised/#area-{story["board_again"].pk}">“Keep the Board”</a>' in html  # fmt: skip
    assert "No longer listed in the" in html
    assert f'id="area-{story["investigation"].pk}"' in html


def test_a_chain_of_three_reads_correctly_from_the_middle_and_both_ends(client, story):
    """The middle notice shows both where its areas came from and where they went."""
    middle = client.get(story["revised"].get_absolute_url()).content.decode()
    assert "Continues an area of the" in middle
    assert "Continued in the" in middle and "“The Board, once more”" in middle
    assert "No longer listed in the" in middle  # Partners stopped with the third notice
    last = client.get(story["third"].get_absolute_url()).content.decode()
    assert "“Keep the Board”" in last and "Partners" in last.split("No longer listed</h3>")[1]
    first = client.get(story["first"].get_absolute_url()).content.decode()
    assert "Continues an area" not in first and "New in this notice" not in first


def test_a_draft_successor_says_nothing_on_the_replaced_notices_page(client, story):
    """Only a published successor is public: a draft's areas are not named."""
    story["third"].is_published = False
    story["third"].save()
    html = client.get(story["revised"].get_absolute_url()).content.decode()
    assert "Continued in the" not in html and "The Board, once more" not in html


def test_a_revised_notice_that_continues_every_area_says_so(client, story):
    """When nothing was dropped the page says every earlier area continues."""
    make_area(story["revised"], position=3, title="Still investigating", carried_from=story["investigation"])
    assertContains(client.get(story["revised"].get_absolute_url()), "continues in this notice.")


def test_the_notice_page_makes_a_fixed_number_of_queries_whatever_the_areas_and_history(client, story):
    """Neighbours' areas and every area's history come in one query each."""
    url = story["revised"].get_absolute_url()
    before = count_queries(client, url)
    for position in range(3, 13):
        area = make_area(story["revised"], position=position, title=f"Area {position}")
        area.progress, area.progress_note = "in_progress", "Begun."
        area.save()
        make_area(story["first"], position=position, title=f"Old {position}")
    assert count_queries(client, url) == before


def report(area, progress, note, day):
    area.progress, area.progress_note, area.progress_updated_on = progress, note, day
    area.save()


def test_each_change_of_progress_is_listed_newest_first_with_its_date(client, story):
    """Every change of progress or note shows, dated, newest first; saving nothing new adds nothing."""
    area = story["partners"]
    report(area, "in_progress", "Talks begun.", D(2024, 2, 1))
    report(area, "in_progress", "Talks begun.", D(2024, 2, 1))
    report(area, "complete", "Priorities agreed.", D(2024, 2, 20))
    html = client.get(story["revised"].get_absolute_url()).content.decode()
    history = html[html.index("Progress history") :]
    entries = re.findall(r'<li><time datetime="([\d-]+)">[^<]+</time>: <span class="tag tag--(\w+)">', history)
    assert entries[:2] == [("2024-02-20", "complete"), ("2024-02-01", "in_progress")]
    assert history.index("Priorities agreed.") < history.index("Talks begun.")


def test_reports_saved_while_the_notice_was_a_draft_show_only_as_they_stood_at_publication():
    """Progress becomes public with the notice: earlier draft reports collapse into the last of them."""
    published = timezone.make_aware(datetime.datetime(2024, 1, 30, 12))
    versions = [
        (published - datetime.timedelta(days=2), "in_progress", "Draft wording", D(2024, 1, 28)),
        (published - datetime.timedelta(days=1), "in_progress", "Final wording", D(2024, 1, 29)),
        (published + datetime.timedelta(days=1), "complete", "Done", D(2024, 1, 31)),
    ]
    assert [r.note for r in progress_reports(versions, published)] == ["Done", "Final wording"]


def test_an_area_never_reported_has_no_history():
    """Versions without a report date (never reported) are not progress reports."""
    assert progress_reports([(timezone.now(), "not_started", "", None)], None) == []


def test_an_ended_notice_with_areas_never_reported_says_so(client, story):
    """A replaced notice says no progress was reported while it was in force, not "not yet"."""
    html = client.get(story["first"].get_absolute_url()).content.decode()
    assert "No progress was reported while this notice was in force" in html
    assert "Progress not yet reported" not in html


def test_a_notice_in_force_with_areas_not_reported_says_not_yet(client, story):
    """While the notice is in force the area is simply not yet reported."""
    response = client.get(story["third"].get_absolute_url())
    assertContains(response, "Progress not yet reported")
    assertNotContains(response, "No progress was reported")


def test_the_admin_offers_only_the_replaced_notices_areas_to_continue(admin_client, story):
    """The "continues" choice lists the areas of the notice this one replaces, by position and title."""
    html = admin_client.get(admin_url(story["third"], "change")).content.decode()
    select = html[html.index('name="improvement_areas-0-carried_from"') :]
    select = select[: select.index("</select>")]
    assert f'<option value="{story["board_again"].pk}" selected>1. Keep the Board</option>' in select
    assert "2. Partners" in select
    assert "Improvement Board" not in select and "None: new in this notice" in select
