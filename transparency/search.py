"""Search over what the public may see: published statements and Best Value Notices.

On PostgreSQL the database does the work with full-text search
(``django.contrib.postgres.search``): weighted vectors (title, then summary, then body
or improvement areas), ``websearch_to_tsquery`` for the user's words, ``ts_rank`` and
``ts_headline``. Elsewhere (SQLite for local use) a simple fallback finds records
containing every word, ranked by the field each word was found in.

Either way the public gets a list of :class:`SearchResult` whose ``snippet`` is built
here: the text is escaped first and only our own ``<mark>`` elements are added, so
nothing from the database reaches the page unescaped. Each search makes a fixed number
of queries whatever the data size.
"""

import html
import re
from dataclasses import dataclass

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Exists, Func, OuterRef, Q, Subquery, TextField, Value
from django.db.models.functions import Coalesce, Concat
from django.utils.html import escape
from django.utils.safestring import mark_safe

from core.richtext import plain_text
from notices.models import BestValueNotice, ImprovementArea
from statements.models import Statement

MAX_RESULTS = 50
SNIPPET_WORDS = 35
# Markers ts_headline puts around matches; private-use characters that never reach a page.
START, STOP = "\ue000", "\ue001"
WEIGHTS = {"title": 3, "summary": 2, "text": 1}


@dataclass
class SearchResult:
    kind: str
    title: str
    url: str
    date: object
    snippet: str
    rank: float

    @classmethod
    def of(cls, record, *, snippet, rank):
        """A result for a statement or a notice, dated as its lists date it."""
        if isinstance(record, BestValueNotice):
            kind, date = "Best Value Notice", record.issued_on
        else:
            kind, date = "Statement", record.published_at
        return cls(kind=kind, title=record.title, url=record.get_absolute_url(), date=date, snippet=snippet, rank=rank)


def search(query, *, limit=MAX_RESULTS):
    """The published statements and notices matching ``query``, best first, at most ``limit``."""
    query = " ".join(query.split())
    if not query:
        return []
    searcher = _postgres_search if connection.vendor == "postgresql" else _simple_search
    results = searcher(query, limit)
    results.sort(key=lambda result: (-result.rank, result.title.lower()))
    return results[:limit]


def _marked(text):
    """Escape ``text`` and turn the START/STOP markers into ``<mark>`` elements."""
    parts = re.split(f"{START}(.*?){STOP}", text, flags=re.S)
    out = []
    for index, part in enumerate(parts):
        part = escape(part.replace(START, "").replace(STOP, ""))
        out.append(f"<mark>{part}</mark>" if index % 2 else part)
    return mark_safe("".join(out))


# PostgreSQL: full-text search in the database.


def _areas_text():
    """All of a notice's improvement areas as one text, for the search vector and headline."""
    areas = (
        ImprovementArea.objects.filter(notice=OuterRef("pk"))
        .order_by()
        .values("notice")
        .annotate(text=StringAgg(Concat("title", Value(" "), "detail", output_field=TextField()), delimiter=" "))
        .values("text")
    )
    return Coalesce(Subquery(areas), Value(""), output_field=TextField())


def _without_tags(expression):
    return Func(
        expression, Value("<[^>]*>"), Value(" "), Value("g"), function="regexp_replace", output_field=TextField()
    )


def _postgres_search(query, limit):

    config = "english"
    search_query = SearchQuery(query, search_type="websearch", config=config)
    headline_options = {
        "start_sel": START,
        "stop_sel": STOP,
        "max_words": SNIPPET_WORDS,
        "min_words": 15,
        "config": config,
    }

    statement_vector = (
        SearchVector("title", weight="A", config=config)
        + SearchVector("summary", weight="B", config=config)
        + SearchVector(_without_tags("body"), weight="C", config=config)
    )
    statements = (
        Statement.objects.published()
        .alias(search_document=statement_vector)
        .annotate(rank=SearchRank(statement_vector, search_query))
        .filter(search_document=search_query)
        .annotate(
            headline=SearchHeadline(
                Concat("summary", Value(" "), _without_tags("body"), output_field=TextField()),
                search_query,
                **headline_options,
            )
        )
        .only("title", "slug", "published_at")
        .order_by("-rank", "-published_at")[:limit]
    )
    notice_vector = (
        SearchVector("title", weight="A", config=config)
        + SearchVector(_without_tags("summary"), weight="B", config=config)
        + SearchVector(_without_tags(_areas_text()), weight="C", config=config)
    )
    notices = (
        BestValueNotice.objects.published()
        .alias(search_document=notice_vector)
        .annotate(rank=SearchRank(notice_vector, search_query))
        .filter(search_document=search_query)
        .annotate(
            headline=SearchHeadline(
                Concat(_without_tags("summary"), Value(" "), _without_tags(_areas_text()), output_field=TextField()),
                search_query,
                **headline_options,
            )
        )
        .only("title", "slug", "issued_on")
        .order_by("-rank", "-issued_on")[:limit]
    )
    return [
        SearchResult.of(record, snippet=_marked(html.unescape(" ".join(record.headline.split()))), rank=record.rank)
        for record in [*statements, *notices]
    ]


# Elsewhere: every word must appear; a word counts more in the title than in the summary or text.


def _contains(word, fields):
    either = Q()
    for field in fields:
        # Rich text stores "&" as "&amp;": look for both spellings.
        either |= Q(**{f"{field}__icontains": word}) | Q(**{f"{field}__icontains": escape(word)})
    return either


def _contains_every_word(words, fields):
    condition = Q()
    for word in words:
        condition &= _contains(word, fields)
    return condition


def _notice_contains_every_word(words):
    """Each word in the title, the summary or any one of the notice's improvement areas."""
    condition = Q()
    for word in words:
        in_areas = ImprovementArea.objects.filter(_contains(word, ["title", "detail"]), notice=OuterRef("pk"))
        condition &= _contains(word, ["title", "summary"]) | Q(Exists(in_areas))
    return condition


def _score(words, fields):
    """Rank by field, on the text a reader sees (so a word inside a tag name does not count)."""
    score = 0
    for word in words:
        found = [weight for name, weight in fields if word.lower() in name.lower()]
        if not found:
            return 0
        score += max(found)
    return score


def _snippet(words, text):
    """About ``SNIPPET_WORDS`` words of ``text`` around the first match, every match marked."""
    lower = text.lower()
    positions = [lower.find(word.lower()) for word in words if word.lower() in lower]
    # Start at a word boundary about 80 characters before the first match.
    start = text.rfind(" ", 0, max(0, min(positions) - 80)) + 1 if positions else 0
    tokens = text[start:].split(" ")
    window = " ".join(tokens[:SNIPPET_WORDS])
    if start > 0:
        window = "… " + window
    if len(tokens) > SNIPPET_WORDS:
        window += " …"
    pattern = re.compile("|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)), re.I)
    return _marked(pattern.sub(lambda match: f"{START}{match.group(0)}{STOP}", window))


def _simple_search(query, limit):
    words = [word.strip("\"'") for word in query.split()]
    words = [word for word in words if word][:10]
    if not words:
        return []
    results = []
    statements = (
        Statement.objects.published()
        .filter(_contains_every_word(words, ["title", "summary", "body"]))
        .only("title", "slug", "summary", "body", "published_at")
    )
    for statement in statements:
        text = plain_text(statement.body)
        rank = _score(
            words,
            [(statement.title, WEIGHTS["title"]), (statement.summary, WEIGHTS["summary"]), (text, WEIGHTS["text"])],
        )
        if rank:
            results.append(
                SearchResult.of(statement, snippet=_snippet(words, f"{statement.summary} {text}"), rank=rank)
            )
    notices = (
        BestValueNotice.objects.published()
        .filter(_notice_contains_every_word(words))
        .prefetch_related("improvement_areas")
        .only("title", "slug", "summary", "issued_on")
    )
    for notice in notices:
        summary = plain_text(notice.summary)
        areas = " ".join(f"{area.title}. {plain_text(area.detail)}" for area in notice.improvement_areas.all())
        rank = _score(
            words,
            [(notice.title, WEIGHTS["title"]), (summary, WEIGHTS["summary"]), (areas, WEIGHTS["text"])],
        )
        if rank:
            results.append(SearchResult.of(notice, snippet=_snippet(words, f"{summary} {areas}"), rank=rank))
    return results
