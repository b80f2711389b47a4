"""Uploaded files (notice PDFs) served by Django when they live on the local disk.

Only the document of a published notice is public; staff who may view notices in the
admin (Editors, Publishers and Auditors) can also open drafts' documents. Files are always sent as PDFs with a file name,
so a browser never sniffs them into anything else. With S3-compatible storage the
document URLs point at the bucket and this view is not used.
"""

import posixpath

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404

from notices.models import BestValueNotice


def serve_document(request, path):
    path = posixpath.normpath(path).lstrip("/")
    if path.startswith("..") or "\x00" in path:
        raise Http404("No such file.")
    notices = BestValueNotice.objects.filter(document=path)
    public = notices.published().exists()
    # Whoever may view a draft notice in the admin may read its document: Auditors too.
    if not public and not (request.user.has_perm("notices.view_bestvaluenotice") and notices.exists()):
        raise Http404("No such file.")
    try:
        handle = default_storage.open(path, "rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404("No such file.") from error
    response = FileResponse(handle, content_type="application/pdf", filename=posixpath.basename(path))
    response["X-Content-Type-Options"] = "nosniff"
    # A draft's document, seen by staff, must never be kept by a shared cache.
    response["Cache-Control"] = "public, max-age=3600" if public else "private, no-store"
    return response
