"""Security headers Django does not set by itself."""

from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from django.conf import settings
from django.core.signals import setting_changed
from django.http import HttpResponse

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
