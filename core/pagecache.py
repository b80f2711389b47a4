"""A shared cache of public pages that never shows anything late or early.

Anonymous ``GET``/``HEAD`` requests for public pages are answered from the
default cache (Redis in production, shared by every app server). Three rules
keep the cache honest:

- Every key carries a *generation*. Saving or deleting a record of any model an
  app registered with ``refresh_on_change`` stores a new generation
  (``bump_generation``), so every server's next request renders afresh.
- No entry outlives the next moment the public content changes by itself: the
  earliest moment any source registered with ``changes_by_itself`` names (a
  scheduled statement going live, say) and the next local midnight, when dates
  move on. The expiry is stored in the entry and checked to the microsecond on
  every read.
- Only complete public answers are cached: status 200, no cookie set, nothing
  ``private``/``no-store``, never for a signed-in user (staff previews), never
  the admin.

A cache outage is not a site outage: every cache call is guarded, and a page is
then rendered from the database as if caching were off; a cache that failed or hung
is skipped for a back-off (``core.cacheguard``) rather than waited on every request.
"""

import datetime
import hashlib
import logging
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import cc_delim_re

from core.cacheguard import guarded

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
EXCLUDED_PREFIXES = ("/admin/", "/ckeditor5/", "/healthz", "/media/", "/static/")
CACHE_ALIAS = "default"

# Functions of ``now`` that return the next moment their public pages change without anyone
# saving, or None. Content apps register theirs from ``AppConfig.ready()``.
_scheduled_change_sources = []


def _cache():
    return guarded(CACHE_ALIAS)  # a hung cache is skipped for a back-off, not waited on per request


def bump_generation():
    """Make every cached page stale, on every server sharing this cache."""
    try:
        # Straight to the cache, past its breaker: a save must always try to refresh every server.
        caches[CACHE_ALIAS].set(GENERATION_KEY, uuid.uuid4().hex, None)
    except Exception:
        logger.exception("Could not refresh the page cache generation; cached pages may be stale.")


def invalidate_on_change(sender, **kwargs):
    """Signal receiver: refresh now and again once the transaction commits.

    The second bump closes a race with another server that renders the old rows
    between the first bump and the commit.
    """
    bump_generation()
    transaction.on_commit(bump_generation)


def refresh_on_change(*models):
    """Saving or deleting a record of any of ``models`` refreshes every cached public page."""
    for model in models:
        for name, signal in (("save", post_save), ("delete", post_delete)):
            signal.connect(invalidate_on_change, sender=model, dispatch_uid=f"pagecache.{model._meta.label}.{name}")


def changes_by_itself(source):
    """Register ``source(now)``: the next moment after ``now`` that some public page changes by itself."""
    if source not in _scheduled_change_sources:
        _scheduled_change_sources.append(source)


def current_generation():
    cache = _cache()
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = uuid.uuid4().hex
        if not cache.add(GENERATION_KEY, generation, None):
            generation = cache.get(GENERATION_KEY) or generation
    return generation


def next_content_change(now):
    """The next moment a public page changes without anyone saving: the earliest registered change, or
    midnight (when dates, and so notice statuses, move on)."""
    local_now = timezone.localtime(now)
    midnight = timezone.make_aware(
        datetime.datetime.combine(local_now.date() + datetime.timedelta(days=1), datetime.time.min)
    )
    return min(filter(None, [source(now) for source in _scheduled_change_sources] + [midnight]))


def page_key(request, host, generation):
    url = f"{request.method}:{host}:{request.get_full_path()}"
    return f"pagecache:{generation}:{hashlib.sha256(url.encode()).hexdigest()}"


def is_cacheable_request(request):
    if settings.PAGE_CACHE_SECONDS <= 0 or request.method not in ("GET", "HEAD"):
        return False
    if request.path_info.startswith(EXCLUDED_PREFIXES):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def is_cacheable_response(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = {part.strip().lower() for part in cc_delim_re.split(response.get("Cache-Control", ""))}
    return not cache_control & {"private", "no-store", "no-cache"}


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.get_response(request)
        host = request.get_host()  # a bad Host header is a 400 from Django, not a cache problem
        try:
            key = page_key(request, host, current_generation())
            entry = _cache().get(key)
        except Exception:
            logger.warning("Page cache unavailable; serving from the database.", exc_info=True)
            return self.get_response(request)
        now = timezone.now().timestamp()
        if entry is not None and now < entry["expires"]:
            response = HttpResponse(entry["content"], status=200)
            for name, value in entry["headers"]:
                response.headers[name] = value
            response.headers["Age"] = str(max(0, int(now - entry["stored"])))
            return response

        response = self.get_response(request)
        if is_cacheable_response(response):
            self.store(key, response)
        return response

    def store(self, key, response):
        now = timezone.now()
        try:
            next_change = next_content_change(now)
        except DatabaseError:
            return  # the database is down: without the next scheduled change, keep no page
        expires = min(now.timestamp() + settings.PAGE_CACHE_SECONDS, next_change.timestamp())
        timeout = int(expires - now.timestamp())
        if timeout < 1:
            return
        entry = {
            "content": response.content,
            "headers": list(response.headers.items()),
            "stored": now.timestamp(),
            "expires": expires,
        }
        try:
            _cache().set(key, entry, timeout)
        except Exception:
            logger.warning("Page cache unavailable; page not stored.", exc_info=True)
