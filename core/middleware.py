"""Security headers Django does not set by itself."""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings


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
    """django-csp's middleware, with the looser admin policy under the admin's paths only."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(tuple(settings.CONTENT_SECURITY_POLICY_ADMIN_PATHS))
        ):
            return PolicyParts(settings.CONTENT_SECURITY_POLICY_ADMIN, parts.update, parts.replace, parts.nonce)
        return parts
