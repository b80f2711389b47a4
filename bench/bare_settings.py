"""The bare baseline the performance goals are shares of: Django with only the Security and Common
middleware, no database, no templates, serving the fixed 12 KB page (``bench.bare_urls``).

It measures what any Django page costs on this machine, so the site's own middleware is part of
what the pages are judged on, not of the yardstick.
"""

import os

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.bare_urls"
INSTALLED_APPS = []
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]
DATABASES = {}
USE_TZ = True
