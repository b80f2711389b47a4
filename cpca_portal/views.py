"""Views the project needs whatever its apps: the error page and the editor's closed upload address."""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader

# Seconds a reader (or a crawler) is asked to wait when the database cannot be reached.
DATABASE_DOWN_RETRY_AFTER = 60


def editor_upload_refused(request):
    """CKEditor's upload address, closed: the toolbar has no image button and the sanitizer keeps no
    ``<img>``, so an upload could only leave an unused file in public storage. The widget still
    needs the URL name ``ck_editor_5_upload_file`` to render."""
    return JsonResponse({"error": {"message": "Uploading files through the editor is turned off."}}, status=403)


def server_error(request, template_name="500.html"):
    """The error page, rendered without the request or the database (either may be what failed).

    When the database cannot be reached the answer is 503 with ``Retry-After``: the service is
    unavailable for a while, not broken, and crawlers come back rather than forget the page.
    """
    context = {"authority_name": settings.AUTHORITY_NAME, "contact_email": settings.CONTACT_EMAIL}
    content = loader.get_template(template_name).render(context)
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        response = HttpResponse(content, status=503)
        response["Retry-After"] = str(DATABASE_DOWN_RETRY_AFTER)
        return response
    return HttpResponseServerError(content)
