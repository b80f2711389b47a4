"""The bare baseline as gunicorn serves it: Django's own WSGI handler and nothing in front of it."""

from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()
