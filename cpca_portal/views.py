"""Views the project needs whatever its apps: the error page and the editor's closed upload address."""

from django.conf import settings
from django.http import HttpResponseServerError, JsonResponse
from django.template import loader


def editor_upload_refused(request):
    """CKEditor's upload address, closed: the toolbar has no image button and the sanitizer keeps no
    ``<img>``, so an upload could only leave an unused file in public storage. The widget still
    needs the URL name ``ck_editor_5_upload_file`` to render."""
    return JsonResponse({"error": {"message": "Uploading files through the editor is turned off."}}, status=403)


def server_error(request, template_name="500.html"):
    """The 500 page, rendered without the request or the database (either may be what failed)."""
    context = {"authority_name": settings.AUTHORITY_NAME, "contact_email": settings.CONTACT_EMAIL}
    return HttpResponseServerError(loader.get_template(template_name).render(context))
