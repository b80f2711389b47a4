"""Settings for the transparency portal, read from the environment.

Local use needs no configuration: ``DEBUG`` is on, SQLite is the database and a
throwaway secret key is used. In production set at least ``DEBUG=0``,
``SECRET_KEY``, ``ALLOWED_HOSTS`` and ``DATABASE_URL``; with ``DEBUG`` off the
site refuses to start without a real secret key and allowed hosts.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

_INSECURE_KEY = "django-insecure-local-development-only"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = _INSECURE_KEY
elif not DEBUG and (SECRET_KEY == _INSECURE_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured("SECRET_KEY must be a real secret of at least 50 characters when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# --- Apps, middleware and templates ------------------------------------------------------------------

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_ckeditor_5",
    "simple_history",
    "core",
    "notices",
    "statements",
    "transparency",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files answered here, before the page headers below are built for them.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A page-cache hit is answered here, with the headers the middlewares below gave the page.
    "core.pagecache.PublicPageCacheMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
    "core.middleware.ContentSecurityPolicyMiddleware",
    # Sessions, sign-in and messages: the full Django middlewares, except that an anonymous GET of
    # a public page passes them by (core.middleware, "the lean path").
    "core.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "core.middleware.AuthenticationMiddleware",
    "core.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cpca_portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
            ],
            # {% url %} without arguments and {% static %} worked out once per process, not on every
            # page (core.templatetags.known_urls, core.templatetags.known_static).
            "builtins": ["core.templatetags.known_urls", "core.templatetags.known_static"],
        },
    },
]

WSGI_APPLICATION = "cpca_portal.wsgi.application"

# --- Database ----------------------------------------------------------------------------------------

# SQLite is the embedded default; production uses PostgreSQL through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Language, time zone and the authority -----------------------------------------------------------

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# The authority this site belongs to, printed in the header, titles and as the
# default recipient of a Best Value Notice.
AUTHORITY_NAME = os.environ.get("AUTHORITY_NAME", "Cambridgeshire & Peterborough Combined Authority")
CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "transparency@cambridgeshirepeterborough-ca.gov.uk")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- Static files, media and uploads -----------------------------------------------------------------

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Static files: hashed, compressed and served for a year by whitenoise. Every page names the hashed
# copies, so the unhashed ones are not kept; source maps (only developer tools fetch them) are not
# compressed: the editor's map alone is 8.6 MB, most of collectstatic's time.
WHITENOISE_MAX_AGE = 31536000
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")

# Media (notice PDFs) on local disk by default. For several app servers set
# MEDIA_STORAGE_BACKEND to a shared storage, e.g. "storages.backends.s3.S3Storage"
# from django-storages, with its options as JSON in MEDIA_STORAGE_OPTIONS
# (README "Notice PDFs on S3-compatible storage").
if os.environ.get("MEDIA_STORAGE_BACKEND"):
    import json

    STORAGES["default"] = {
        "BACKEND": os.environ["MEDIA_STORAGE_BACKEND"],
        "OPTIONS": json.loads(os.environ.get("MEDIA_STORAGE_OPTIONS", "{}")),
    }

# Notice PDFs: checked by content (a real PDF that pypdf can read) and limited in size.
NOTICE_DOCUMENT_MAX_BYTES = int(os.environ.get("NOTICE_DOCUMENT_MAX_BYTES", str(20 * 1024 * 1024)))
# An uploaded PDF is read in a child process that is stopped after this many seconds (core.pdfreader):
# a real notice reads in well under a second, a hostile file is refused with a form error.
PDF_READ_TIMEOUT_SECONDS = float(os.environ.get("PDF_READ_TIMEOUT_SECONDS", "10"))
# Where readers ask for a document in an accessible format (the "Request an accessible format" link).
ACCESSIBLE_FORMAT_EMAIL = os.environ.get("ACCESSIBLE_FORMAT_EMAIL", CONTACT_EMAIL)

# --- Cache and the public page cache -----------------------------------------------------------------

# Cache: CACHE_URL (or REDIS_URL) selects Django's built-in Redis backend (core.cache keeps one
# client per connection pool), e.g. redis://127.0.0.1:6379/0; unset means a per-process
# local-memory cache.
# Every app server of one site must share the same Redis.
_CACHE_URL = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL") or "locmem://"
if _CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": _CACHE_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "cpca"),
            # Fail fast when Redis is down: the page cache then serves from the database.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
elif _CACHE_URL.startswith("locmem://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "cpca"}}
elif _CACHE_URL.startswith("dummy://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
else:
    raise ImproperlyConfigured("CACHE_URL must start with redis://, rediss://, unix://, locmem:// or dummy://.")

# After a cache call fails or times out, each process treats the cache as missing for this many
# seconds instead of waiting on it in every request (core.cacheguard); /healthz still reports it.
CACHE_BACKOFF_SECONDS = float(os.environ.get("CACHE_BACKOFF_SECONDS", "30"))

# Public page cache (core.pagecache): seconds an anonymous visitor's page may be
# served from the cache; 0 turns it off. Saving any notice, area or statement
# refreshes every page, and no page outlives the next scheduled statement.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0" if DEBUG else "300"))
# With Redis, each process also keeps copies of this many of the cached pages it served last and
# serves them with no round trip while Redis's announcements show them current (core.pagecopies);
# 0 keeps none, so every hit reads Redis.
PAGE_CACHE_LOCAL_COPIES = int(os.environ.get("PAGE_CACHE_LOCAL_COPIES", "200"))
# HTTP caching for a reverse proxy in front (core.pagecache): public pages say
# "public, max-age=0, s-maxage=N" with N at most this many seconds and never past the
# next scheduled change or midnight, carry an ETag and answer If-None-Match with 304;
# 0 leaves those headers out.
PROXY_CACHE_SECONDS = int(os.environ.get("PROXY_CACHE_SECONDS", "0" if DEBUG else "60"))

# --- Officers: sign-in, sessions and the editor ------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "admin:login"
# Where a sign-in lands when its ``next=`` is missing or refused (another site, say): the admin
# home, not Django's default /accounts/profile/, which this site does not have.
LOGIN_REDIRECT_URL = "admin:index"

# Admin login attempts are limited per username and address (django-axes). After
# AXES_FAILURE_LIMIT failures that pair is locked out for AXES_COOLOFF_TIME hours.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# The address a lockout is counted against (core.clientip). Behind the README's nginx set
# TRUSTED_PROXY_COUNT=1: the client is then the right-most X-Forwarded-For entry, the one nginx
# appended; anything a client sends itself is left of it and never read. With 0 (the default,
# no proxy) the socket address is used, so without a proxy X-Forwarded-For is ignored.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "core.clientip.client_ip"

# Staff sessions end after a working day without activity: each request renews the 8 hours.
# Only logged-in users have a session, so public pages are unaffected.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 60 * 60)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Sessions live in the database (default) or in the shared cache: no app server
# keeps state of its own. SESSION_BACKEND=cache needs a Redis CACHE_URL.
SESSION_ENGINE = {
    "db": "django.contrib.sessions.backends.db",
    "cache": "django.contrib.sessions.backends.cache",
    "cached_db": "django.contrib.sessions.backends.cached_db",
}[os.environ.get("SESSION_BACKEND", "db")]

# Rich text: CKEditor 5 in the admin. The toolbar offers only what the
# sanitizer (core.richtext) keeps, so officers never lose formatting on save.
CKEDITOR_5_CONFIGS = {
    "default": {
        "toolbar": {
            "items": [
                "heading",
                "|",
                "bold",
                "italic",
                "link",
                "|",
                "bulletedList",
                "numberedList",
                "blockQuote",
                "insertTable",
                "|",
                "undo",
                "redo",
            ],
        },
        "heading": {
            "options": [
                {"model": "paragraph", "title": "Paragraph", "class": "ck-heading_paragraph"},
                {"model": "heading2", "view": "h2", "title": "Heading 2", "class": "ck-heading_heading2"},
                {"model": "heading3", "view": "h3", "title": "Heading 3", "class": "ck-heading_heading3"},
                {"model": "heading4", "view": "h4", "title": "Heading 4", "class": "ck-heading_heading4"},
            ]
        },
        "table": {"contentToolbar": ["tableColumn", "tableRow"]},
        "link": {"defaultProtocol": "https://"},
    },
}

# Publishers see notices ending within this many days on the admin home page.
NOTICES_DUE_WITHIN_DAYS = int(os.environ.get("NOTICES_DUE_WITHIN_DAYS", "30"))

# --- Security: HTTPS, headers and the content security policy ----------------------------------------

# TLS. Behind a proxy that terminates TLS, set SECURE_PROXY_SSL_HEADER=1 and make
# the proxy send "X-Forwarded-Proto: https" (and strip it from clients).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Load balancers probe health over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Headers (Django's own; Permissions-Policy comes from core.middleware).
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)

# Content Security Policy (django-csp 4). Public pages load only this site's own
# CSS; no inline script or style is allowed anywhere outside the admin.
_CSP_SELF = "'self'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": [_CSP_SELF],
        "style-src": [_CSP_SELF],
        "img-src": [_CSP_SELF, "data:"],
        "font-src": [_CSP_SELF],
        "connect-src": [_CSP_SELF],
        "manifest-src": [_CSP_SELF],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": [_CSP_SELF],
        "frame-ancestors": ["'none'"],
    },
}
# The admin only: CKEditor 5 applies inline styles from JavaScript, which a strict
# style-src blocks (seen in Chromium's console). Scripts stay same-origin there too.
CONTENT_SECURITY_POLICY_ADMIN_PATHS = ("/admin/", "/ckeditor5/")
CONTENT_SECURITY_POLICY_ADMIN = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "style-src": [_CSP_SELF, "'unsafe-inline'"],
}

# --- Logging -----------------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # pypdf logs a warning for every object it repairs (thousands for one hostile file); the
    # validator logs one line per refused file instead (core.validators).
    "loggers": {"pypdf": {"level": "ERROR"}},
}
