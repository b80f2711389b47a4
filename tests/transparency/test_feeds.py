"""The Atom feed of published statements and notices."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from tests.factories import make_chain, make_notice, make_statement
from tests.helpers import assert_queries_do_not_grow

D = datetime.date
pytestmark = pytest.mark.django_db
FEED_URL = "/governance/transparency/feed/"
ATOM = "{http://www.w3.org/2005/Atom}"


def aware(*args):
    return timezone.make_aware(datetime.datetime(*args))


def parse(client):
    response = client.get(FEED_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def entry_titles(feed):
    return [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")]


def test_feed_lists_published_statements_and_notices_newest_first(client):
    make_notice(title="Notice of 2023", issued_on=D(2023, 1, 24))
    make_statement(title="Statement of January 2024", published_at=aware(2024, 1, 30, 12))
    make_notice(title="Notice of February 2024", issued_on=D(2024, 2, 1))
    make_statement(title="Statement of 2022", published_at=aware(2022, 6, 1, 9))
    feed = parse(client)
    assert entry_titles(feed) == [
        "Best Value Notice: Notice of February 2024",
        "Statement of January 2024",
        "Best Value Notice: Notice of 2023",
        "Statement of 2022",
    ]


def test_feed_leaves_out_drafts_and_scheduled_statements(client):
    make_notice(title="Draft notice", is_published=False)
    make_statement(title="Draft statement", is_published=False)
    make_statement(title="Scheduled statement", published_at=timezone.now() + datetime.timedelta(hours=1))
    make_statement(title="Live statement")
    assert entry_titles(parse(client)) == ["Live statement"]


SITE = "https://transparency.example.gov.uk"


@pytest.fixture(autouse=True)
def _site_address(settings):
    settings.SITE_URL = SITE


def test_feed_is_valid_atom_with_id_updated_and_links(client):
    notice = make_notice(title="A notice", issued_on=D(2024, 1, 30))
    statement = make_statement(title="A statement", published_at=aware(2024, 1, 30, 12), notice=notice)
    feed = parse(client)
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}id") == f"{SITE}/governance/transparency/"
    assert datetime.datetime.fromisoformat(feed.findtext(f"{ATOM}updated"))
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links == {
        "alternate": f"{SITE}/governance/transparency/",
        "self": f"{SITE}/governance/transparency/feed/",
    }
    assert feed.findtext(f"{ATOM}title") == "Transparency – Cambridgeshire & Peterborough Combined Authority"
    entries = {entry.findtext(f"{ATOM}title"): entry for entry in feed.findall(f"{ATOM}entry")}
    for title, item in [("A statement", statement), ("Best Value Notice: A notice", notice)]:
        entry = entries[title]
        url = f"{SITE}{item.get_absolute_url()}"
        assert entry.findtext(f"{ATOM}id") == url
        assert entry.find(f"{ATOM}link").get("href") == url
        updated = datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
        published = datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}published"))
        assert updated >= published
    assert entries["A statement"].findtext(f"{ATOM}summary") == statement.summary


def test_feed_summary_of_a_notice_is_plain_text(client):
    make_notice(title="A notice", summary="<p>Six <strong>more</strong> months.</p>", issued_by="Dept X")
    summary = parse(client).find(f"{ATOM}entry").findtext(f"{ATOM}summary")
    assert summary == "Issued by Dept X on 30 January 2024. Six more months."


def test_transparency_pages_advertise_the_feed(client):
    for url in ["/governance/transparency/", "/governance/transparency/best-value-notices/"]:
        content = client.get(url).content.decode()
        assert '<link rel="alternate" type="application/atom+xml"' in content
        assert f'href="{FEED_URL}"' in content


def test_feed_makes_the_same_number_of_queries_with_10_and_200_records(client):
    make_chain(10, start=D(2000, 1, 1))
    assert_queries_do_not_grow(client, FEED_URL, lambda: make_chain(190, start=D(2010, 1, 1)))


def test_feed_carries_major_updates_of_public_records_only(client):
    """A change note on a listed statement or published notice is an entry; one on a draft is not."""
    from notices.models import NoticeChangeNote
    from statements.models import StatementChangeNote

    statement = make_statement(title="Our response", published_at=aware(2024, 1, 30, 12))
    notice = make_notice(title="Revised notice", issued_on=D(2024, 1, 30))
    draft = make_statement(title="Draft", is_published=False)
    note = StatementChangeNote.objects.create(
        statement=statement, note="Corrected a date.", made_at=aware(2024, 2, 2, 9)
    )
    NoticeChangeNote.objects.create(notice=notice, note="Added the PDF.", made_at=aware(2024, 2, 1, 9))
    StatementChangeNote.objects.create(statement=draft, note="Hidden", made_at=aware(2024, 2, 3, 9))
    feed = parse(client)
    titles = entry_titles(feed)
    assert titles[:2] == ["Updated: Our response", "Updated: Revised notice"]
    assert "Updated: Draft" not in titles
    first = feed.findall(f"{ATOM}entry")[0]
    assert first.findtext(f"{ATOM}summary") == "Corrected a date."
    assert first.find(f"{ATOM}link").get("href").endswith(f"{statement.get_absolute_url()}#update-{note.pk}")
    ids = [entry.findtext(f"{ATOM}id") for entry in feed.findall(f"{ATOM}entry")]
    assert len(ids) == len(set(ids))


def test_feed_ids_and_links_do_not_change_with_the_host_name_it_is_read_on(client, settings):
    """The same feed read on a second host name has the same ids and links, from the site address."""
    settings.ALLOWED_HOSTS = ["*"]
    make_statement(title="A statement", published_at=aware(2024, 1, 30, 12))
    make_notice(title="A notice", issued_on=D(2024, 1, 30))
    first = client.get(FEED_URL, HTTP_HOST="one.example.net").content
    second = client.get(FEED_URL, HTTP_HOST="two.example.org").content
    assert first == second
    assert b"example.net" not in first and f"{SITE}/governance/".encode() in first
