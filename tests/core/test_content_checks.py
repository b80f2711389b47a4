from core.content_checks import check_rich_text, check_summary


def test_clean_text_has_no_problems():
    html = '<h2>Background</h2><p>See <a href="https://example.org">the notice</a>.</p><h3>Detail</h3>'
    assert check_rich_text(html) == []


def test_h1_in_body_is_reported_with_its_text():
    problems = check_rich_text("<h1>Big title</h1>")
    assert len(problems) == 1
    assert "main heading (h1)" in problems[0].message
    assert problems[0].text == "Big title"


def test_skipped_heading_level_is_reported():
    problems = check_rich_text("<h2>One</h2><h4>Three</h4>")
    assert [(p.text, "Heading 4 follows Heading 2" in p.message) for p in problems] == [("Three", True)]


def test_first_heading_below_h2_is_a_skip():
    assert [p.text for p in check_rich_text("<h3>Starts low</h3>")] == ["Starts low"]


def test_going_back_up_a_level_is_fine():
    assert check_rich_text("<h2>A</h2><h3>B</h3><h4>C</h4><h2>D</h2><h3>E</h3>") == []


def test_vague_link_texts_are_reported():
    html = '<p><a href="https://a.example">Click here</a> and <a href="https://b.example">here.</a></p>'
    assert [p.text for p in check_rich_text(html)] == ["Click here", "here."]


def test_bare_url_as_link_text_is_reported():
    html = '<p><a href="https://example.org/x">https://example.org/x</a></p>'
    problems = check_rich_text(html)
    assert len(problems) == 1 and "bare web address" in problems[0].message


def test_empty_link_is_reported_with_its_address():
    problems = check_rich_text('<p><a href="https://example.org/empty"> </a></p>')
    assert len(problems) == 1
    assert "no text" in problems[0].message and problems[0].text == "https://example.org/empty"


def test_link_inside_heading_counts_for_both():
    problems = check_rich_text('<h2><a href="https://x.example">here</a></h2>')
    assert [p.text for p in problems] == ["here"]


def test_summary_over_300_characters_is_reported_and_300_is_not():
    assert check_summary("x" * 300) == []
    problems = check_summary("x" * 301)
    assert len(problems) == 1 and "301 characters" in problems[0].message


def test_problem_string_names_field_and_quotes_text():
    (problem,) = check_rich_text("<h1>Big</h1>", field="Body")
    assert str(problem).startswith("Body: uses a main heading") and str(problem).endswith("“Big”")


def test_a_notice_summary_is_measured_as_the_reader_sees_it():
    """``&amp;`` is one character to a reader: a 300-character summary with one is not too long."""
    from notices.models import BestValueNotice

    notice = BestValueNotice(summary="<p>" + "a" * 299 + "&amp;</p>")
    assert notice.content_problems(areas=[]) == []
