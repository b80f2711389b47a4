"""Accessibility checks on rich text and summaries, shown to officers before they publish.

Plain functions over HTML strings, so they are easy to test and to call from the admin, a
management command or anywhere else. Each problem names what is wrong and quotes the text.
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser

SUMMARY_LIMIT = 300
VAGUE_LINK_TEXTS = {"click here", "here", "click", "read more", "more", "this link", "link"}
BARE_URL = re.compile(r"^(https?://|www\.)\S+$", re.IGNORECASE)
HEADING = re.compile(r"^h([1-6])$")


@dataclass(frozen=True)
class Problem:
    field: str
    message: str
    text: str = ""

    def __str__(self):
        quoted = f": “{self.text}”" if self.text else ""
        return f"{self.field}: {self.message}{quoted}"


class _Collector(HTMLParser):
    """Collect headings (level, text) and links (href, text) in document order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.headings = []
        self.links = []
        self._open = []  # stack of [kind, value, text parts]

    def handle_starttag(self, tag, attrs):
        match = HEADING.match(tag)
        if match:
            self._open.append(["heading", int(match.group(1)), []])
        elif tag == "a":
            self._open.append(["link", dict(attrs).get("href") or "", []])

    def handle_endtag(self, tag):
        if not self._open:
            return
        kind, value, parts = self._open[-1]
        if (kind == "heading" and HEADING.match(tag)) or (kind == "link" and tag == "a"):
            self._open.pop()
            text = " ".join("".join(parts).split())
            (self.headings if kind == "heading" else self.links).append((value, text))
            for outer in self._open:  # text inside a link inside a heading belongs to both
                outer[2].append("".join(parts))

    def handle_data(self, data):
        if self._open:
            self._open[-1][2].append(data)


def check_rich_text(html, *, field="Body", start_level=2):
    """Problems in one rich text field. ``start_level`` is the first heading level the page allows."""
    collector = _Collector()
    collector.feed(html or "")
    collector.close()
    problems = []
    previous = start_level - 1
    for level, text in collector.headings:
        if level == 1:
            problems.append(
                Problem(field, "uses a main heading (h1), which the page already has: it is saved as Heading 2", text)
            )
        elif level > previous + 1:
            problems.append(Problem(field, f"skips a heading level: Heading {level} follows Heading {previous}", text))
        previous = max(level, 1)
    for href, text in collector.links:
        if not text:
            problems.append(Problem(field, "has a link with no text; screen readers announce only its address", href))
        elif text.lower().strip(" .:!") in VAGUE_LINK_TEXTS:
            problems.append(Problem(field, "has a link whose text does not say where it goes", text))
        elif BARE_URL.match(text):
            problems.append(
                Problem(field, "has a link whose text is a bare web address; describe the page instead", text)
            )
    return problems


def check_summary(summary, *, field="Summary", limit=SUMMARY_LIMIT):
    text = " ".join((summary or "").split())
    if len(text) > limit:
        return [Problem(field, f"is {len(text)} characters long; keep it to {limit} or fewer", text[:80] + "…")]
    return []
