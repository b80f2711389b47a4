"""WSGI entry point, for gunicorn: ``gunicorn cpca_portal.wsgi``.

Django's handler, behind the page cache's answers from this worker's copies (``core.pagecache``).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpca_portal.settings")

django_application = get_wsgi_application()

from core.pagecache import AnswerFromCopies  # noqa: E402  (needs the settings and apps set up above)

application = AnswerFromCopies(django_application)
