"""Word-by-word comparison of two texts, marked up with ``<ins>`` and ``<del>``.

Two entry points, both returning safe HTML:

- ``diff_text(old, new)`` for plain text (escaped here);
- ``diff_html(old, new)`` for rich text already sanitized on save: the words are compared as
  text, so markup alone never counts as a change, and the result keeps the structure of the
  new version (paragraphs, lists, headings), with removed words placed where they stood.

Changes are readable without colour (``<ins>`` is underlined, ``<del>`` struck through) and
announced to screen readers by a visually hidden "added:" / "removed:" inside each mark.
"""

import difflib
import html
import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

# A tag, a run of spaces, or a word: letters and digits, one character entity, or one other
# character (punctuation is its own word, so "important." and "<strong>important</strong>." agree).
TOKEN = re.compile(r"(<[^>]*>)|(\s+)|(&#?\w+;|\w+|[^\w\s<&]|&)")


def _mark(tag, label, text):
    return f'<{tag}><span class="visually-hidden">{label}: </span>{text}</{tag}>'


def _tokens(markup):
    """(kind, source) pairs: kind is "tag", "space" or "word"; source is the original markup."""
    tokens = []
    for tag, space, word in TOKEN.findall(markup or ""):
        if tag:
            tokens.append(("tag", tag))
        elif space:
            tokens.append(("space", space))
        else:
            tokens.append(("word", word))
    return tokens


def _text_between(tokens, first, last):
    """The words ``first`` to ``last`` (token indexes, inclusive) with the spaces between them, no markup."""
    return "".join(source for kind, source in tokens[first : last + 1] if kind != "tag")


def _render(old_tokens, new_tokens):
    """The new tokens with inserted words wrapped in ``<ins>`` and removed ones put back in ``<del>``."""
    old_positions = [index for index, (kind, _source) in enumerate(old_tokens) if kind == "word"]
    new_positions = [index for index, (kind, _source) in enumerate(new_tokens) if kind == "word"]
    matcher = difflib.SequenceMatcher(
        None,
        [html.unescape(old_tokens[index][1]) for index in old_positions],
        [html.unescape(new_tokens[index][1]) for index in new_positions],
        autojunk=False,
    )
    before = {}  # new token index -> removed text to show just before it
    added = set()  # new token indexes of inserted words
    for op, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if op in ("delete", "replace"):
            at = new_positions[new_start] if new_start < len(new_positions) else len(new_tokens)
            removed = _text_between(old_tokens, old_positions[old_start], old_positions[old_end - 1])
            before.setdefault(at, []).append(_mark("del", "removed", removed))
        if op in ("insert", "replace"):
            added.update(new_positions[new_start:new_end])
    out = []
    run = []  # the inserted words (and the spaces between them) not yet written

    def close_run():
        if run:
            out.append(_mark("ins", "added", "".join(run)))
            run.clear()

    for index, (kind, source) in enumerate(new_tokens):
        if index in before:
            close_run()
            out.append(" ".join(before[index]) + " ")
        if index in added:
            run.append(source)
        elif kind == "space" and run and index + 1 in added:
            run.append(source)  # a space between two inserted words stays inside the mark
        else:
            close_run()
            out.append(source)
    close_run()
    if len(new_tokens) in before:
        out.append(" " + " ".join(before[len(new_tokens)]))
    return "".join(out)


def diff_text(old, new):
    """Plain ``old`` and ``new`` compared word by word; the result is escaped, safe HTML."""
    return mark_safe(_render(_tokens(escape(old or "")), _tokens(escape(new or ""))))  # noqa: S308 - escaped above


def diff_html(old, new):
    """Sanitized rich text compared word by word, shown with the structure of ``new``.

    Both values must come from a rich text field (sanitized on save); markup is carried through
    as it is, so only sanitized markup may be passed in.
    """
    return mark_safe(_render(_tokens(old), _tokens(new)))  # noqa: S308 - sanitized rich text
