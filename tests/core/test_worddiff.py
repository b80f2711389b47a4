"""The shared word-by-word diff: <ins>/<del>, announced to screen readers, structure kept."""

from core.worddiff import diff_html, diff_text

ADDED = '<span class="visually-hidden">added: </span>'
REMOVED = '<span class="visually-hidden">removed: </span>'


def test_changed_words_are_marked_with_ins_and_del_and_announced():
    """A replaced word reads "removed: quick" struck through, then "added: slow" underlined."""
    assert diff_text("The quick fox", "The slow fox") == f"The <del>{REMOVED}quick</del> <ins>{ADDED}slow</ins> fox"


def test_plain_text_is_escaped():
    """Markup typed in a plain field is shown, never run."""
    result = diff_text("", "<script>alert(1)</script>")
    assert "<script>" not in result and "&lt;script&gt;" in result


def test_rich_text_keeps_the_structure_of_the_new_version():
    """A new list item appears inside its list, marked as added."""
    result = diff_html("<p>One two.</p>", "<p>One two.</p><ul><li>New item</li></ul>")
    assert result == f"<p>One two.</p><ul><li><ins>{ADDED}New item</ins></li></ul>"


def test_a_change_of_markup_alone_is_not_a_change_of_words():
    """Making a word bold marks nothing as added or removed."""
    result = diff_html("<p>Very important.</p>", "<p>Very <strong>important</strong>.</p>")
    assert "<ins>" not in result and "<del>" not in result


def test_removed_words_are_shown_where_they_stood():
    """Words removed from the end are put back, struck through, at the end."""
    assert diff_html("<p>Keep this and that.</p>", "<p>Keep this</p>").startswith("<p>Keep this")
    assert f"<del>{REMOVED}and that.</del>" in diff_html("<p>Keep this and that.</p>", "<p>Keep this</p>")


def test_identical_texts_have_no_marks():
    """Nothing changed: the text comes back as it was."""
    assert diff_text("Same words here", "Same words here") == "Same words here"
