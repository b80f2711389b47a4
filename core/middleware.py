"""Security headers Django does not set by itself, and the lean path for anonymous public pages.

Anonymous readers of public pages make almost every request, and they have no session, no sign-in
and no messages. Django's session, authentication and message middlewares are swapped for
subclasses (so Django's own checks still recognise them) that such a request passes straight by:
``request.user`` is ``AnonymousUser`` for templates and the page cache, every security header,
CSRF and the page cache still apply. The admin, the editor, media and any request carrying a
session cookie keep the full stack.
"""

from functools import partial

from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from django.conf import settings
from django.contrib.auth import middleware as auth
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import middleware as messages
from django.contrib.sessions import middleware as sessions
from django.core.signals import setting_changed
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject

from core.pagecache import is_sessionless_public_request

# What a view can set on its response to change its policy; any of them means building it afresh.
_PER_RESPONSE_POLICY = (
    "_csp_config", "_csp_update", "_csp_replace", "_csp_exempt",
    "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro", "_csp_exempt_ro",
)  # fmt: skip
_HEADERS = ("Content-Security-Policy", "Content-Security-Policy-Report-Only")


class SecurityHeadersMiddleware:
    """Add ``Permissions-Policy`` to every response (Django sets the other security headers)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the looser admin policy under the admin's paths only.

    The policy is the same for every response that uses no nonce and no per-view policy, so it is
    built once per process for each of the two policies (public, admin) and reused.
    """

    _built = {}

    def process_response(self, request, response):
        if (
            getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in _PER_RESPONSE_POLICY)
            or any(name in response for name in _HEADERS)
            or (settings.DEBUG and response.status_code in (404, 500))
        ):
            return super().process_response(request, response)
        admin = self.is_admin_path(request)
        if admin not in self._built:
            built = super().process_response(request, HttpResponse())
            self._built[admin] = [(name, built[name]) for name in _HEADERS if name in built]
        else:
            # As django-csp does: a nonce asked for after the header is written is an error, not a silent gap.
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        for name, value in self._built[admin]:
            response.headers[name] = value
        return response

    def is_admin_path(self, request):
        return request.path_info.startswith(tuple(settings.CONTENT_SECURITY_POLICY_ADMIN_PATHS))

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and self.is_admin_path(request):
            return PolicyParts(settings.CONTENT_SECURITY_POLICY_ADMIN, parts.update, parts.replace, parts.nonce)
        return parts


def _forget_built_policies(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY") or setting == "DEBUG":
        ContentSecurityPolicyMiddleware._built.clear()


setting_changed.connect(_forget_built_policies)


# --- The lean path: an anonymous reader's public page skips what only signed-in officers need ---------


def takes_full_stack(request):
    """Whether a request needs sessions, sign-in and messages: anything but an anonymous public GET.

    The admin, the editor's upload address, media and the health check always do, and so does any
    request that carries a session cookie (an officer viewing the public site, who may preview drafts).
    """
    return not is_sessionless_public_request(request)


class FullStackOnly:
    """Mixin for a middleware that an anonymous public GET passes straight by (``lean``)."""

    def __call__(self, request):
        if takes_full_stack(request):
            return super().__call__(request)
        return self.lean(request)

    def lean(self, request):
        return self.get_response(request)


class SessionMiddleware(FullStackOnly, sessions.SessionMiddleware):
    """Django's, skipped by anonymous public GETs; their answer still varies by cookie if it read the user."""

    def lean(self, request):
        response = self.get_response(request)
        if getattr(request, "_user_was_read", False):
            # As Django's session middleware does when the user was looked up: a reader who signs
            # in gets a different answer, so a shared cache must key on the cookie.
            patch_vary_headers(response, ("Cookie",))
        return response


class AuthenticationMiddleware(FullStackOnly, auth.AuthenticationMiddleware):
    """Django's; an anonymous public GET gets ``AnonymousUser`` without a session lookup."""

    def lean(self, request):
        request.user = SimpleLazyObject(lambda: _anonymous_user_read(request))
        request.auser = partial(_anonymous_auser, request)
        return self.get_response(request)


class MessageMiddleware(FullStackOnly, messages.MessageMiddleware):
    """Django's; an anonymous reader has no messages (the template context then has none)."""


def _anonymous_user_read(request):
    request._user_was_read = True
    return AnonymousUser()


async def _anonymous_auser(request):
    return _anonymous_user_read(request)
