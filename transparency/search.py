"""Search over what the public may see: published statements and Best Value Notices.

On PostgreSQL the database does the work with full-text search
(``django.contrib.postgres.search``): each statement and notice stores its weighted vector
(title, then summary, then body or improvement areas; kept current by triggers, see the
``search_vector`` migrations) behind a GIN index, ``websearch_to_tsquery`` reads the user's
words and ``ts_rank`` orders the matches. ``ts_headline``, the costly part, runs only for
the results shown. Elsewhere (SQLite for local use) a simple fallback finds records
containing every word and ranks them in SQL by the field each word was found in.

Either way the public gets a list of :class:`SearchResult` whose ``snippet`` is built
here: the text is escaped first and only our own ``<mark>`` elements are added, so
nothing from the database reaches the page unescaped. Each search makes a fixed number
of queries whatever the data size.
"""

import html
import re
from dataclasses import dataclass

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, Exists, F, Func, OuterRef, Q, Subquery, TextField, Value, When
from django.db.models.functions import Coalesce, Concat, Lower
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
# The text search configuration; the stored vectors' triggers use the same one.
CONFIG = "english"


@dataclass
class SearchResult:
    kind: str
    title: str
    url: str
    date: object
    snippet: str
    rank: float

    @classmethod
    def of(cls, record, *, snippet):
        """A result for a statement or a notice (annotated with its ``rank``), dated as its lists date it."""
        if isinstance(record, BestValueNotice):
            kind, date = "Best Value Notice", record.issued_on
        else:
            kind, date = "Statement", record.published_at
        return cls(
            kind=kind, title=record.title, url=record.get_absolute_url(), date=date, snippet=snippet, rank=record.rank
        )


def search(query, *, limit=MAX_RESULTS):
    """The published statements and notices matching ``query``, best first, at most ``limit``."""
    query = " ".join(query.split())
    if not query:
        return []
    searcher = _postgres_search if connection.vendor == "postgresql" else _simple_search
    return searcher(query, limit)


def _best(records, limit):
    """The ``limit`` best of the statements and notices found, each annotated with its ``rank``."""
    return sorted(records, key=lambda record: (-record.rank, record.title.lower()))[:limit]


def _marked(text):
    """Escape ``text`` and turn the START/STOP markers into ``<mark>`` elements."""
    parts = re.split(f"{START}(.*?){STOP}", text, flags=re.S)
    out = []
    for index, part in enumerate(parts):
        part = escape(part.replace(START, "").replace(STOP, ""))
        out.append(f"<mark>{part}</mark>" if index % 2 else part)
    return mark_safe("".join(out))


# PostgreSQL: full-text search in the database, on the stored vectors.


def _areas_text():
    """All of a notice's improvement areas as one text, in the order the stored vector reads them."""
    areas = (
        ImprovementArea.objects.filter(notice=OuterRef("pk"))
        .order_by()
        .values("notice")
        .annotate(
            text=StringAgg(
                Concat("title", Value(" "), "detail", output_field=TextField()),
                delimiter=" ",
                order_by=("position", "id"),
            )
        )
        .values("text")
    )
    return Coalesce(Subquery(areas), Value(""), output_field=TextField())


def _without_tags(expression):
    return Func(
        expression, Value("<[^>]*>"), Value(" "), Value("g"), function="regexp_replace", output_field=TextField()
    )


def _snippet_texts():
    """The text each kind of record's snippet is taken from, as the stored vector reads it."""
    return {
        Statement: Concat("summary", Value(" "), _without_tags("body"), output_field=TextField()),
        BestValueNotice: Concat(
            _without_tags("summary"), Value(" "), _without_tags(_areas_text()), output_field=TextField()
        ),
    }


def _headlines(records, search_query):
    """``ts_headline`` for just these records, in one query: ``{(model, pk): headline}``."""
    texts = _snippet_texts()
    parts = []
    for kind, model in enumerate(texts):
        pks = [record.pk for record in records if isinstance(record, model)]
        if pks:
            headline = SearchHeadline(
                texts[model],
                search_query,
                start_sel=START,
                stop_sel=STOP,
                max_words=SNIPPET_WORDS,
                min_words=15,
                config=CONFIG,
            )
            parts.append(
                model.objects.filter(pk__in=pks)
                .order_by()
                .annotate(kind=Value(kind), headline=headline)
                .values_list("kind", "pk", "headline")
            )
    if not parts:
        return {}
    models = list(texts)
    rows = parts[0].union(*parts[1:], all=True)
    return {(models[kind], pk): headline for kind, pk, headline in rows}


def _postgres_search(query, limit):
    search_query = SearchQuery(query, search_type="websearch", config=CONFIG)
    rank = SearchRank(F("search_vector"), search_query)
    statements = (
        Statement.objects.published()
        .filter(search_vector=search_query)
        .annotate(rank=rank)
        .only("title", "slug", "published_at")
        .order_by("-rank", "-published_at")[:limit]
    )
    notices = (
        BestValueNotice.objects.published()
        .filter(search_vector=search_query)
        .annotate(rank=rank)
        .only("title", "slug", "issued_on")
        .order_by("-rank", "-issued_on")[:limit]
    )
    shown = _best([*statements, *notices], limit)
    headlines = _headlines(shown, search_query)
    return [
        SearchResult.of(record, snippet=_marked(html.unescape(" ".join(headlines[type(record), record.pk].split()))))
        for record in shown
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


def _rank_in_sql(words):
    """The rank of a record containing every word: for each word, the weight of the best field it is in."""
    rank = Value(0)
    for word in words:
        rank += Case(
            When(_contains(word, ["title"]), then=Value(WEIGHTS["title"])),
            When(_contains(word, ["summary"]), then=Value(WEIGHTS["summary"])),
            default=Value(WEIGHTS["text"]),
        )
    return rank


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


def _first_found(candidates, limit, score):
    """The first ``limit`` of ``candidates`` (best first by the SQL rank) that ``score`` confirms.

    SQL matches the raw fields, so a word found only inside a tag name counts there; ``score``
    looks at the text a reader sees, drops those, and gives each record its rank (the SQL rank
    wherever every word is in the visible text) and the text its snippet is taken from. The
    records are read in chunks and reading stops once ``limit`` are found: a common word reads
    about one page of records into Python, not every match.
    """
    found = []
    for record in candidates.iterator(chunk_size=limit):
        record.rank, record.reader_text = score(record)
        if record.rank:
            found.append(record)
            if len(found) == limit:
                break
    return found


def _simple_search(query, limit):
    words = [word.strip("\"'") for word in query.split()]
    words = [word for word in words if word][:10]
    if not words:
        return []

    def statement_score(statement):
        text = plain_text(statement.body)
        fields = [(statement.title, WEIGHTS["title"]), (statement.summary, WEIGHTS["summary"]), (text, WEIGHTS["text"])]
        return _score(words, fields), f"{statement.summary} {text}"

    def notice_score(notice):
        summary = plain_text(notice.summary)
        areas = " ".join(f"{area.title}. {plain_text(area.detail)}" for area in notice.improvement_areas.all())
        fields = [(notice.title, WEIGHTS["title"]), (summary, WEIGHTS["summary"]), (areas, WEIGHTS["text"])]
        return _score(words, fields), f"{summary} {areas}"

    statements = (
        Statement.objects.published()
        .filter(_contains_every_word(words, ["title", "summary", "body"]))
        .alias(sql_rank=_rank_in_sql(words))
        .only("title", "slug", "summary", "body", "published_at")
        .order_by("-sql_rank", Lower("title"), "pk")
    )
    notices = (
        BestValueNotice.objects.published()
        .filter(_notice_contains_every_word(words))
        .alias(sql_rank=_rank_in_sql(words))
        .prefetch_related("improvement_areas")
        .only("title", "slug", "summary", "issued_on")
        .order_by("-sql_rank", Lower("title"), "pk")
    )
    shown = _best(
        [*_first_found(statements, limit, statement_score), *_first_found(notices, limit, notice_score)], limit
    )
    return [SearchResult.of(record, snippet=_snippet(words, record.reader_text)) for record in shown]
