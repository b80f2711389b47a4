"""The CSV and JSON exports of the notices, checked field by field against the database."""

import csv
import datetime
import gc
import io
import json

import pytest
from django.conf import settings

from notices import exports
from notices.models import BestValueNotice
from tests.factories import make_area, make_chain, make_first_and_revised, make_notice
from tests.helpers import assert_queries_do_not_grow

D = datetime.date
pytestmark = pytest.mark.django_db
CSV_URL = "/governance/transparency/best-value-notices.csv"
JSON_URL = "/governance/transparency/best-value-notices.json"
COLUMNS = [
    "slug", "title", "issued_by", "recipient", "issued_on", "starts_on", "ends_on", "in_force_until",
    "status", "supersedes", "superseded_by", "withdrawn_on", "improvement_areas", "url",
]  # fmt: skip


@pytest.fixture
def chain(today):
    """A superseded notice, its revised successor with areas, a withdrawn notice and a draft successor."""
    first, revised = make_first_and_revised(title="Revised – “notice” £")
    make_area(revised, position=2, title="Culture", progress="in_progress")
    make_area(revised, position=1, title="Improvement Board", progress="complete")
    withdrawn = make_notice(slug="withdrawn", issued_on=D(2022, 3, 1), withdrawn_on=D(2022, 5, 1))
    make_notice(slug="draft-successor", issued_on=D(2022, 4, 1), supersedes=withdrawn, is_published=False)
    return [first, revised, withdrawn]


def read_csv(response):
    return list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8"))))


def expected_record(notice):
    """What a row must say, worked out from the database with the model's own single-object rules."""
    notice = BestValueNotice.objects.get(pk=notice.pk)
    predecessor = notice.supersedes if notice.supersedes and notice.supersedes.is_published else None
    successor = notice.published_successor

    def iso(day):
        return day.isoformat() if day else None

    return {
        "slug": notice.slug,
        "title": notice.title,
        "issued_by": notice.issued_by,
        "recipient": notice.recipient,
        "issued_on": iso(notice.issued_on),
        "starts_on": iso(notice.starts_on),
        "ends_on": iso(notice.ends_on),
        "in_force_until": iso(notice.compute_in_force_until()),
        "status": str(notice.status_on()),  # today, frozen by the fixture
        "supersedes": predecessor.slug if predecessor else None,
        "superseded_by": successor.slug if successor else None,
        "withdrawn_on": iso(notice.withdrawn_on),
        "url": settings.SITE_URL + notice.get_absolute_url(),
    }


def test_csv_has_the_spec_columns_in_order(client, chain):
    response = client.get(CSV_URL)
    header = next(csv.reader(io.StringIO(response.getvalue().decode("utf-8"))))
    assert header == COLUMNS


def test_csv_rows_match_the_database_field_by_field(client, chain):
    rows = read_csv(client.get(CSV_URL))
    assert [row["slug"] for row in rows] == ["revised", "first", "withdrawn"]
    for row, notice in zip(rows, [chain[1], chain[0], chain[2]], strict=True):
        expected = expected_record(notice)
        for field in COLUMNS:
            if field == "improvement_areas":
                assert row[field] == str(notice.improvement_areas.count())
            else:
                assert row[field] == (expected[field] or ""), field


def test_csv_spells_out_the_chain_and_statuses(client, chain):
    """Read by hand: what replaced what, and each status on 1 March 2024."""
    rows = {row["slug"]: row for row in read_csv(client.get(CSV_URL))}
    assert rows["first"]["superseded_by"] == "revised"
    assert rows["first"]["in_force_until"] == "2024-01-29"
    assert rows["first"]["status"] == "superseded"
    assert rows["revised"]["supersedes"] == "first"
    assert rows["revised"]["status"] == "in_force"
    assert rows["revised"]["improvement_areas"] == "2"
    # The draft successor is not named, and does not cut the notice short.
    assert rows["withdrawn"]["superseded_by"] == ""
    assert rows["withdrawn"]["in_force_until"] == "2022-04-30"
    assert rows["withdrawn"]["status"] == "withdrawn"
    assert rows["withdrawn"]["withdrawn_on"] == "2022-05-01"


def test_csv_is_a_utf8_attachment_named_after_the_filters_and_the_date(client, chain):
    response = client.get(CSV_URL, {"issued_from": "2023-01-01", "issued_to": "2024-12-31", "status": "in_force"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="best-value-notices_issued-from-2023-01-01_issued-to-2024-12-31_status-in_force_2024-03-01.csv"'
    )
    assert "Revised – “notice” £" in response.getvalue().decode("utf-8")


def test_unfiltered_export_is_named_with_the_date_only(client, chain):
    response = client.get(JSON_URL)
    assert response["Content-Disposition"] == 'attachment; filename="best-value-notices_2024-03-01.json"'


@pytest.mark.parametrize("value", ['=HYPERLINK("http://evil")', "+SUM(1,2)", "-2+3", "@SUM(A1)", "\t=1"])
def test_csv_neutralises_values_a_spreadsheet_would_run_as_formulas(client, today, value):
    make_notice(slug="formula", title=value, issued_by=value, recipient=value)
    row = read_csv(client.get(CSV_URL))[0]
    for field in ["title", "issued_by", "recipient"]:
        assert row[field] == "'" + value
        assert row[field][0] not in "=+-@\t"


def test_json_keeps_values_as_given(client, today):
    """Formula neutralising is for spreadsheets only: the JSON holds the text as the officer wrote it."""
    make_notice(slug="formula", title="=1+1")
    assert json.loads(client.get(JSON_URL).getvalue())["results"][0]["title"] == "=1+1"


def test_neutralise_leaves_ordinary_values_alone():
    assert exports.neutralise("Best Value Notice") == "Best Value Notice"
    assert exports.neutralise("2024-01-30") == "2024-01-30"
    assert exports.neutralise(5) == "5"
    assert exports.neutralise(None) == ""


def test_json_has_count_filters_and_results_matching_the_database(client, chain):
    response = client.get(JSON_URL, {"issued_from": "2023-01-01", "issued_to": "2024-12-31"})
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; ")
    data = json.loads(response.getvalue().decode("utf-8"))
    assert set(data) == {"count", "filters", "results"}
    assert data["count"] == 2
    assert data["filters"] == {"issued_from": "2023-01-01", "issued_to": "2024-12-31"}
    assert [result["slug"] for result in data["results"]] == ["revised", "first"]
    for result, notice in zip(data["results"], [chain[1], chain[0]], strict=True):
        assert list(result) == COLUMNS
        expected = expected_record(notice)
        for field in COLUMNS:
            if field != "improvement_areas":
                assert result[field] == expected[field], field
        areas = [
            {"position": area.position, "title": area.title, "progress": area.progress, "carried_from": None,
             "progress_history": [{"date": "2024-03-01", "progress": area.progress, "note": ""}]}
            for area in notice.improvement_areas.order_by("position")
        ]  # fmt: skip
        assert result["improvement_areas"] == areas


def test_json_lists_the_areas_in_order_with_their_progress(client, chain):
    data = json.loads(client.get(JSON_URL, {"in_force_on": "2024-03-01"}).getvalue())
    areas = data["results"][0]["improvement_areas"]
    assert [(area["position"], area["title"], area["progress"]) for area in areas] == [
        (1, "Improvement Board", "complete"),
        (2, "Culture", "in_progress"),
    ]
    assert data["filters"] == {"in_force_on": "2024-03-01"}


def test_json_filters_are_normalised_to_iso_dates(client, chain):
    """``2024-3-1`` is accepted and echoed back as ``2024-03-01``."""
    data = json.loads(client.get(JSON_URL, {"in_force_on": "2024-3-1", "status": ""}).getvalue())
    assert data["filters"] == {"in_force_on": "2024-03-01"}


def test_exports_never_include_drafts(client, chain):
    assert "draft-successor" not in client.get(CSV_URL).getvalue().decode()
    assert "draft-successor" not in client.get(JSON_URL).getvalue().decode()


def test_empty_export_still_has_its_header_and_count(client, today):
    assert client.get(CSV_URL).getvalue().decode().strip() == ",".join(COLUMNS)
    assert json.loads(client.get(JSON_URL).getvalue()) == {"count": 0, "filters": {}, "results": []}


@pytest.mark.parametrize("url", [CSV_URL, JSON_URL, f"{JSON_URL}?issued_from=2000-01-01&status=superseded"])
def test_exports_make_the_same_number_of_queries_with_10_and_200_records(client, url):
    make_chain(10, start=D(2000, 1, 1))
    counts = assert_queries_do_not_grow(
        client, url, lambda: make_chain(190, start=D(2010, 1, 1), areas=3, statements=2)
    )
    # The count, the notices, and for JSON their areas and the areas' history.
    assert counts[url] <= 4


def test_exports_are_streamed_in_chunks_with_the_same_bytes_as_in_one_piece(client, chain, monkeypatch):
    """Reading two notices at a time changes nothing in either file."""
    whole = {url: client.get(url).getvalue() for url in (CSV_URL, JSON_URL)}
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    for url, body in whole.items():
        response = client.get(url)
        assert response.streaming
        assert response.getvalue() == body


def test_json_is_written_exactly_as_one_indented_document(client, chain):
    """The streamed JSON is byte for byte ``json.dumps(document, indent=2, ensure_ascii=False)``."""
    body = client.get(JSON_URL, {"issued_from": "2023-01-01"}).getvalue().decode("utf-8")
    assert body == json.dumps(json.loads(body), indent=2, ensure_ascii=False)


def test_csv_is_written_exactly_as_a_csv_writer_writes_it(client, chain):
    """Same bytes as a ``csv.writer`` over the rows (CRLF line ends, quoting)."""
    body = client.get(CSV_URL).getvalue().decode("utf-8")
    rows = list(csv.reader(io.StringIO(body)))
    expected = io.StringIO()
    csv.writer(expected).writerows(rows)
    assert body == expected.getvalue()


def test_json_areas_name_the_earlier_area_they_continue_and_their_progress_history(client, chain):
    """``carried_from`` is the earlier notice's slug and the area's position; history is newest first."""
    first, revised = chain[0], chain[1]
    earlier = make_area(first, position=3, title="Board, first time")
    area = make_area(revised, position=3, title="Board again", carried_from=earlier)
    area.progress, area.progress_note, area.progress_updated_on = "in_progress", "Started.", D(2024, 2, 1)
    area.save()
    area.progress, area.progress_note, area.progress_updated_on = "complete", "Done.", D(2024, 2, 20)
    area.save()
    result = json.loads(client.get(JSON_URL).getvalue())["results"][0]
    record = result["improvement_areas"][-1]
    assert record["carried_from"] == {"notice": "first", "position": 3}
    assert record["progress_history"] == [
        {"date": "2024-02-20", "progress": "complete", "note": "Done."},
        {"date": "2024-02-01", "progress": "in_progress", "note": "Started."},
    ]


@pytest.mark.parametrize("url", [CSV_URL, JSON_URL])
def test_a_bad_on_day_on_the_exports_is_a_clear_400(client, chain, url):
    """An impossible ``on`` is refused with the field named, never ignored."""
    response = client.get(url, {"on": "2024-02-30"})
    assert response.status_code == 400
    assert "on" in response.content.decode().lower()


def test_csv_for_excel_starts_with_a_byte_order_mark(client, chain):
    """``bom=1`` puts the UTF-8 byte-order mark first; the rows are unchanged."""
    plain = client.get(CSV_URL).getvalue()
    with_bom = client.get(CSV_URL, {"bom": "1"}).getvalue()
    assert with_bom == b"\xef\xbb\xbf" + plain
    assert not plain.startswith(b"\xef\xbb\xbf")


def test_csv_refuses_an_unknown_bom_value(client, chain):
    """Only ``bom=1`` (or 0) means anything; anything else is a 400 naming the parameter."""
    response = client.get(CSV_URL, {"bom": "yes"})
    assert response.status_code == 400
    assert "bom=1" in response.content.decode()


def test_export_urls_come_from_the_site_address_not_the_request_host(client, chain, settings):
    """A second host name gives the same ``url`` values."""
    settings.ALLOWED_HOSTS = ["*"]
    settings.SITE_URL = "https://transparency.example.gov.uk"
    body = client.get(JSON_URL, HTTP_HOST="other.example.net").getvalue().decode()
    urls = [result["url"] for result in json.loads(body)["results"]]
    assert urls and all(url.startswith("https://transparency.example.gov.uk/governance/") for url in urls)


@pytest.mark.parametrize("url", [CSV_URL, JSON_URL])
def test_exports_free_each_chunk_of_notices_once_it_is_written(client, monkeypatch, url):
    """Memory stays flat: with the cyclic collector off, only about a chunk of notices is alive at a time."""
    make_chain(30, areas=1, statements=0)
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    response = client.get(url)
    gc.collect()
    gc.disable()
    try:
        alive = [sum(type(obj) is BestValueNotice for obj in gc.get_objects()) for _ in response.streaming_content]
    finally:
        gc.enable()
    # A chunk is two notices, each with the notices it replaced and was replaced by: 30 notices kept would be 90.
    assert len(alive) > 10 and max(alive) <= 12, alive
