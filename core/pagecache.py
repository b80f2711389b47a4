"""A shared cache of public pages that never shows anything late or early, and the HTTP caching
headers that let a reverse proxy in front do the same.

Anonymous ``GET``/``HEAD`` requests for public pages are answered from the
default cache (Redis in production, shared by every app server). Four rules
keep the cache honest and fast:

- Every entry records the *generation* it was rendered under. Saving or deleting
  a record of any model an app registered with ``refresh_on_change`` stores a
  new generation (``bump_generation``), so every server's next request renders
  afresh.
- A hit costs one round trip at most: the generation and the page are read
  together (one ``get_many``, an ``MGET`` on Redis), and the page counts only if
  it was rendered under the current generation. On Redis each process also keeps
  copies of the pages it served last and serves one with no round trip while it
  is sure, from the generations Redis announces, that the copy is current
  (``core.pagecopies``).
- No entry outlives the next moment the public content changes by itself: the
  earliest moment any source registered with ``changes_by_itself`` names (a
  scheduled statement going live, say) and the next local midnight, when dates
  move on. That moment is stored in the entry and checked on every read.
- Only complete public answers are cached: status 200, no cookie set, nothing
  ``private``/``no-store``, never for a signed-in user (staff previews), never
  the admin.
- A hit is answered before the rest of the middleware stack runs: the middleware sits
  just inside Django's security and static-file middlewares, reads only requests without
  a session cookie (nobody can be signed in without one), and stores each page with the
  headers the inner middlewares gave it (security headers, policy, ``Vary``), so a hit
  replays the whole answer.
- A plain read of a page the worker holds a current copy of is answered before Django's
  handler runs at all (``AnswerFromCopies``, the WSGI application gunicorn serves), with the
  status and headers the whole stack sent when the middleware last answered it from the cache.

With ``PROXY_CACHE_SECONDS`` above 0, the same public answers carry
``Cache-Control: public, max-age=0, s-maxage=N`` (N never reaching past that next
change) and a strong ``ETag``, and a matching ``If-None-Match`` gets a 304; answers
to signed-in users and answers that set a cookie get ``private, no-store``.

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
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.core.signals import setting_changed
from django.db import DatabaseError, transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import cc_delim_re, get_conditional_response, patch_cache_control, patch_vary_headers

from core.cacheguard import guarded
from core.pagecopies import PageCopies, announce

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
EXCLUDED_PREFIXES = ("/admin/", "/ckeditor5/", "/healthz", "/media/", "/static/")
CACHE_ALIAS = "default"
# Where the middleware leaves ``(key, entry)`` of a page it answered from the cache, for AnswerFromCopies.
ANSWERED_FROM_CACHE = "cpca.pagecache.answered"
# A request carrying any of these may get a 304 or a 412: only the middleware answers it.
CONDITIONAL_HEADERS = ("HTTP_IF_MATCH", "HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_UNMODIFIED_SINCE")

# Functions of ``now`` that return the next moment their public pages change without anyone
# saving, or None. Content apps register theirs from ``AppConfig.ready()``.
_scheduled_change_sources = []


def _cache():
    return guarded(CACHE_ALIAS)  # a hung cache is skipped for a back-off, not waited on per request


def bump_generation():
    """Make every cached page stale, on every server sharing this cache."""
    generation = uuid.uuid4().hex
    try:
        # Straight to the cache, past its breaker: a save must always try to refresh every server.
        caches[CACHE_ALIAS].set(GENERATION_KEY, generation, None)
        announce(CACHE_ALIAS, GENERATION_KEY, generation)
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


def new_generation(cache):
    """The generation to use when none is stored (first use, or the cache was emptied).

    Not announced: no save made it, so a copy of a page kept under the old one is still true.
    """
    generation = uuid.uuid4().hex
    if not cache.add(GENERATION_KEY, generation, None):
        generation = cache.get(GENERATION_KEY) or generation
    return generation


def current_generation(cache=None):
    """The stored generation, or a new one; from ``cache`` (default: the cache behind its breaker)."""
    cache = cache or _cache()
    return cache.get(GENERATION_KEY) or new_generation(cache)


# Read past the breaker: a failure reaches PageCopies, which then keeps no copies for a while.
copies = PageCopies(CACHE_ALIAS, GENERATION_KEY, lambda: current_generation(caches[CACHE_ALIAS]))


def _forget_copies(setting, **kwargs):
    if setting in ("CACHES", "PAGE_CACHE_SECONDS", "PAGE_CACHE_LOCAL_COPIES"):
        copies.reset()


setting_changed.connect(_forget_copies)


def lookup(key):
    """The current generation and the entry stored under ``key`` if it belongs to it, in one round trip."""
    cache = _cache()
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY) or new_generation(cache)
    entry = found.get(key)
    if entry is not None and entry["generation"] != generation:
        entry = None
    return generation, entry


def next_content_change(now):
    """The next moment a public page changes without anyone saving: the earliest registered change, or
    midnight (when dates, and so notice statuses, move on)."""
    local_now = timezone.localtime(now)
    midnight = timezone.make_aware(
        datetime.datetime.combine(local_now.date() + datetime.timedelta(days=1), datetime.time.min)
    )
    return min(filter(None, [source(now) for source in _scheduled_change_sources] + [midnight]))


# The next change as worked out in this process: (generation, worked out at, next change), timestamps.
_remembered_next_change = [None, 0.0, 0.0]


def next_change_under(generation, now):
    """``next_content_change(now)`` as a timestamp, worked out once per generation in each process.

    Every save that could schedule a change stores a new generation, and a remembered moment is
    used only between the time it was worked out and the moment itself, so it is never later
    than the database would say. Without a generation (no cache to read it from) it is worked out
    each time.
    """
    timestamp = now.timestamp()
    remembered_generation, worked_out_at, changes_at = _remembered_next_change
    if generation is not None and generation == remembered_generation and worked_out_at <= timestamp < changes_at:
        return changes_at
    changes_at = next_content_change(now).timestamp()
    if generation is not None:
        _remembered_next_change[:] = [generation, timestamp, changes_at]
    return changes_at


def page_key(request, host):
    url = f"{request.method}:{host}:{request.get_full_path()}"
    return f"pagecache:page:{hashlib.sha256(url.encode()).hexdigest()}"


def is_public_page_read(request):
    """A GET or HEAD of a public page (not the admin, media, the editor or the health check)."""
    return request.method in ("GET", "HEAD") and not request.path_info.startswith(EXCLUDED_PREFIXES)


def is_sessionless_public_request(request):
    """A public page read without a session cookie: nobody can be signed in, so the answer is the
    same for every reader, and this is known before any other middleware runs."""
    return is_public_page_read(request) and settings.SESSION_COOKIE_NAME not in request.COOKIES


def is_public_request(request):
    """A public page read by an anonymous reader, once the inner middlewares have set ``request.user``."""
    user = getattr(request, "user", None)
    return is_public_page_read(request) and not (user is not None and user.is_authenticated)


def is_cacheable_response(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    return not cache_control_directives(response) & {"private", "no-store", "no-cache"}


def cache_control_directives(response):
    return {part.strip().lower().split("=")[0] for part in cc_delim_re.split(response.get("Cache-Control", ""))}


def strong_etag(content):
    return f'"{hashlib.sha256(content).hexdigest()[:32]}"'


def age(entry, now):
    """The ``Age`` header of an answer from the cache: whole seconds since the page was stored."""
    return str(max(0, int(now - entry["stored"])))


def proxy_seconds(changes_at, now):
    """How long a shared cache may keep the page: until the next change, at most PROXY_CACHE_SECONDS."""
    return max(0, min(settings.PROXY_CACHE_SECONDS, int(changes_at - now)))


def proxy_cache_control(changes_at, now):
    """``Cache-Control`` for a shared cache, keeping the page for ``proxy_seconds``."""
    return f"public, max-age=0, s-maxage={proxy_seconds(changes_at, now)}"


def mark_personal(request, response):
    """Answers for one person (a signed-in user, or one that sets a cookie) must not be kept by a proxy."""
    user = getattr(request, "user", None)
    if response.cookies or (user is not None and user.is_authenticated):
        patch_cache_control(response, private=True, no_store=True)
    return response


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.PAGE_CACHE_SECONDS <= 0 and settings.PROXY_CACHE_SECONDS <= 0:
            return self.get_response(request)  # nothing cached here or by a proxy: nothing to decide
        if request.path_info.startswith(EXCLUDED_PREFIXES):
            return self.get_response(request)  # the admin, media and health check set their own headers
        if settings.PAGE_CACHE_SECONDS <= 0 or not is_sessionless_public_request(request):
            return self.render(request)
        host = request.get_host()  # a bad Host header is a 400 from Django, not a cache problem
        key = page_key(request, host)
        entry = copies.get(key)
        if entry is not None:
            generation = entry["generation"]
        else:
            try:
                generation, entry = lookup(key)
            except Exception:
                logger.warning("Page cache unavailable; serving from the database.", exc_info=True)
                return self.render(request)
            copies.keep(key, entry)
        now = timezone.now().timestamp()
        if entry is not None and now < entry["expires"]:
            response = HttpResponse(entry["content"], status=200)
            for name, value in entry["headers"]:
                response.headers[name] = value
            response.headers["Age"] = age(entry, now)
            request.environ[ANSWERED_FROM_CACHE] = (key, entry)
            return self.for_proxies(request, response, entry["changes_at"], now)
        return self.render(request, key, generation)

    def render(self, request, key=None, generation=None):
        """The page rendered afresh: stored when it may be, with the headers for proxies.

        What the page shows is read after ``read_from``, so its next change is counted from then.
        Counted from the end of the render, a change falling during it would be missed: the page
        would show what was true before the change and be kept past it.
        """
        read_from = timezone.now()
        return self.finish(request, self.get_response(request), read_from, key, generation)

    def finish(self, request, response, read_from, key=None, generation=None):
        """``response``, read from the database after ``read_from``: stored when it may be, with the
        headers for proxies."""
        if not (is_public_request(request) and is_cacheable_response(response)):
            return mark_personal(request, response)
        # A signed-in reader gets a private answer instead, so a shared cache must key on the cookie.
        patch_vary_headers(response, ("Cookie",))
        if key is None and settings.PROXY_CACHE_SECONDS <= 0:
            return response
        now = timezone.now()
        if generation is None:
            generation = self.generation_if_known()
        try:
            changes_at = next_change_under(generation, read_from)
        except DatabaseError:
            # The database is down: without the next scheduled change, keep no page and let no
            # proxy keep one either.
            if settings.PROXY_CACHE_SECONDS > 0:
                patch_cache_control(response, no_cache=True)
            return response
        if settings.PROXY_CACHE_SECONDS > 0:
            response.headers["ETag"] = strong_etag(response.content)
        if key is not None:
            self.store(key, generation, response, now.timestamp(), changes_at)
        return self.for_proxies(request, response, changes_at, now.timestamp())

    def generation_if_known(self):
        """The current generation, which spares a query for the next change; None when the cache is down.

        Heard on this process's channel when it can vouch for it (no round trip), else read from the cache.
        """
        try:
            return copies.generation() or current_generation()
        except Exception:
            return None

    def for_proxies(self, request, response, changes_at, now):
        """Let a shared cache keep the page until the next change at the latest; answer If-None-Match.

        Within the last second before a change the proxy gets the whole page, never a 304: nginx
        reads a 304 that may be kept for no time as leave to keep its stored copy for that copy's
        own ``s-maxage`` again, past the change.
        """
        if settings.PROXY_CACHE_SECONDS <= 0:
            return response
        response.headers["Cache-Control"] = proxy_cache_control(changes_at, now)
        conditional = get_conditional_response(request, etag=response.get("ETag"), response=response)
        if conditional.status_code == 304 and proxy_seconds(changes_at, now) == 0:
            return response
        return conditional

    def store(self, key, generation, response, now, changes_at):
        expires = min(now + settings.PAGE_CACHE_SECONDS, changes_at)
        timeout = int(expires - now)
        if timeout < 1:
            return
        entry = {
            "generation": generation,
            "content": response.content,
            "headers": list(response.headers.items()),
            "stored": now,
            "expires": expires,
            "changes_at": changes_at,
        }
        try:
            _cache().set(key, entry, timeout)
        except Exception:
            logger.warning("Page cache unavailable; page not stored.", exc_info=True)
            return
        copies.keep(key, entry)


class AnswerFromCopies:
    """WSGI: answer a plain read of a page this worker holds a current copy of, before Django's handler.

    A hit from the worker's copy still pays for Django's handling of a request (the request object
    and its signals, the middleware chain, a response object), about as much again as the hit.
    So beside each copy this remembers the status and headers the whole stack sent the last time
    the middleware answered that read from the cache (the security headers included), and gives
    the same read the same answer, with the copy's content and a fresh ``Age`` and
    ``Cache-Control``, for as long as ``copies`` vouches for the copy and the copy has not expired:
    the checks the middleware makes. Any read the middleware might answer otherwise goes to Django:
    a session cookie, a conditional request, a host Django refuses, a page cache turned off. Answers
    are remembered per scheme, since HTTPS adds HSTS and plain HTTP may be redirected.
    """

    def __init__(self, application):
        self.application = application
        self.answers = {}  # (page key, over HTTPS) -> (the copy answered, headers less Age and Cache-Control)

    def __call__(self, environ, start_response):
        read = self.plain_read(environ)
        if read is None:
            return self.application(environ, start_response)
        remembered = self.answers.get(read)
        if remembered is not None:
            entry, headers = remembered
            now = timezone.now().timestamp()
            if copies.get(read[0]) is entry and now < entry["expires"]:
                start_response("200 OK", [*headers, *self.fresh_headers(entry, now)])
                return [entry["content"]]
        return self.answer_and_remember(read, environ, start_response)

    def plain_read(self, environ):
        """``(page key, over HTTPS)`` of a read the middleware would answer from the cache, else None."""
        if settings.PAGE_CACHE_SECONDS <= 0 or any(name in environ for name in CONDITIONAL_HEADERS):
            return None
        request = WSGIRequest(environ)
        if not is_sessionless_public_request(request):
            return None
        try:
            host = request.get_host()
        except DisallowedHost:
            return None  # Django answers it with a 400
        return page_key(request, host), request.is_secure()

    def answer_and_remember(self, read, environ, start_response):
        sent = []

        def start_and_note(status, headers, exc_info=None):
            sent.append((status, headers))
            return start_response(status, headers, exc_info)

        body = self.application(environ, start_and_note)
        answered = environ.get(ANSWERED_FROM_CACHE)
        if answered is not None and answered[0] == read[0] and sent and sent[0][0] == "200 OK":
            self.remember(read, answered[1], sent[0][1])
        return body

    def remember(self, read, entry, headers):
        if any(name.lower() == "set-cookie" for name, _ in headers):
            return
        fresh = {name.lower() for name, _ in self.fresh_headers(entry, entry["stored"])}
        if len(self.answers) >= 2 * settings.PAGE_CACHE_LOCAL_COPIES:
            self.answers = {}  # bounded like the copies: most of these have lost theirs by now
        self.answers[read] = (entry, [(name, value) for name, value in headers if name.lower() not in fresh])

    def fresh_headers(self, entry, now):
        headers = [("Age", age(entry, now))]
        if settings.PROXY_CACHE_SECONDS > 0:
            headers.append(("Cache-Control", proxy_cache_control(entry["changes_at"], now)))
        return headers
