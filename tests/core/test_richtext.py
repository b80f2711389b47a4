import pytest
from django.core.exceptions import ValidationError

from core.richtext import sanitize_html
from tests.factories import make_area, make_notice, make_statement

pytestmark = pytest.mark.django_db


def test_script_tags_are_removed_with_their_content():
    assert sanitize_html("<p>Hello</p><script>alert(1)</script>") == "<p>Hello</p>"


def test_event_handler_attributes_are_removed():
    assert sanitize_html('<p onclick="x()">Hi <a href="https://example.org" onerror="x()">link</a></p>') == (
        '<p>Hi <a href="https://example.org" rel="noopener noreferrer">link</a></p>'
    )


def test_javascript_links_lose_their_href():
    assert "javascript" not in sanitize_html('<a href="javascript:alert(1)">x</a>')


def test_allowed_markup_survives():
    html = (
        "<h2>Heading</h2><h3>Sub</h3><h4>Minor</h4><p><strong>b</strong> <em>i</em><br></p>"
        "<ul><li>one</li></ul><ol><li>two</li></ol><blockquote><p>q</p></blockquote>"
        '<table><thead><tr><th scope="col">H</th></tr></thead><tbody><tr><td>C</td></tr></tbody></table>'
        '<p><a href="mailto:a@example.org" rel="noopener noreferrer">mail</a></p>'
    )
    assert sanitize_html(html) == html


def test_tags_outside_the_allow_list_are_dropped_but_their_text_kept():
    assert sanitize_html('<h1>Big</h1><div style="color:red"><img src=x>Text</div>') == "<h2>Big</h2>Text"


def test_statement_body_is_sanitized_on_save():
    statement = make_statement(body='<p>Safe</p><script>alert(1)</script><img src=x onerror="alert(1)">')
    statement.refresh_from_db()
    assert statement.body == "<p>Safe</p>"


def test_notice_summary_and_area_detail_are_sanitized_on_save():
    notice = make_notice(summary='<p>S</p><a href="javascript:evil()">x</a>')
    area = make_area(notice, detail="<p>D</p><iframe src='https://evil.example'></iframe>")
    notice.refresh_from_db()
    area.refresh_from_db()
    assert "javascript" not in notice.summary
    assert area.detail == "<p>D</p>"


@pytest.mark.django_db
def test_a_required_rich_text_field_with_only_an_empty_paragraph_is_refused():
    """What a cleared editor sends (an empty paragraph) is refused as blank, with the field named."""
    statement = make_statement(is_published=False)
    statement.body = "<p>&nbsp;</p>"
    with pytest.raises(ValidationError) as error:
        statement.full_clean()
    assert error.value.error_dict["body"][0].code == "blank"
