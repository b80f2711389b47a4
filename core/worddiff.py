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

# A tag, a run of spaces, or a word (anything else up to the next space or tag).
TOKEN = re.compile(r"(<[^>]*>)|(\s+)|([^\s<]+)")


def _mark(tag, label, words):
    return f'<{tag}><span class="visually-hidden">{label}: </span>{" ".join(words)}</{tag}>'


def inserted(words):
    return _mark("ins", "added", words)


def deleted(words):
    return _mark("del", "removed", words)


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


def _render(old_tokens, new_tokens):
    """The new tokens with inserted words wrapped in ``<ins>`` and removed ones put back in ``<del>``."""
    old_words = [source for kind, source in old_tokens if kind == "word"]
    new_positions = [index for index, (kind, _source) in enumerate(new_tokens) if kind == "word"]
    new_words = [new_tokens[index][1] for index in new_positions]
    matcher = difflib.SequenceMatcher(
        None, [html.unescape(w) for w in old_words], [html.unescape(w) for w in new_words], autojunk=False
    )
    # What to write before the new word at a position, and which new words are insertions.
    before = {}
    added = set()
    for op, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if op in ("delete", "replace"):
            at = new_positions[new_start] if new_start < len(new_positions) else len(new_tokens)
            before.setdefault(at, []).append(deleted(old_words[old_start:old_end]))
        if op in ("insert", "replace"):
            added.update(range(new_start, new_end))
    out = []
    word_number = 0
    run = []

    def close_run():
        if run:
            out.append(inserted(run))
            run.clear()

    for index, (kind, source) in enumerate(new_tokens):
        if index in before:
            close_run()
            out.append(" ".join(before[index]) + " ")
        if kind == "word":
            if word_number in added:
                run.append(source)
            else:
                close_run()
                out.append(source)
            word_number += 1
        elif kind == "space" and run and _next_word_added(new_tokens, index, word_number, added):
            continue  # the space joins two added words inside one mark
        else:
            close_run()
            out.append(source)
    close_run()
    if len(new_tokens) in before:
        out.append(" " + " ".join(before[len(new_tokens)]))
    return "".join(out)


def _next_word_added(tokens, index, word_number, added):
    """Whether the token after this space is an added word (so the mark continues over the space)."""
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    return following is not None and following[0] == "word" and word_number in added


def diff_text(old, new):
    """Plain ``old`` and ``new`` compared word by word; the result is escaped, safe HTML."""
    return mark_safe(_render(_tokens(escape(old or "")), _tokens(escape(new or ""))))  # noqa: S308 - escaped above


def diff_html(old, new):
    """Sanitized rich text compared word by word, shown with the structure of ``new``.

    Both values must come from a rich text field (sanitized on save); markup is carried through
    as it is, so only sanitized markup may be passed in.
    """
    return mark_safe(_render(_tokens(old), _tokens(new)))  # noqa: S308 - sanitized rich text
