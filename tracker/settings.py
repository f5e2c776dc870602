"""Settings, read from the environment; safe for production unless DEBUG is turned on.

Every environment variable read here, with its meaning and default (README.md's table has them
too, and the production server's own, read by tracker/serve.py):

- DEBUG: development mode, pages with tracebacks; off.
- SECRET_KEY: the key that signs sessions and tokens; required unless DEBUG is on.
- ALLOWED_HOSTS: host names served, comma-separated; localhost,127.0.0.1,[::1] with DEBUG, else none.
- CSRF_TRUSTED_ORIGINS: origins trusted for forms posted over HTTPS, comma-separated; none.
- DATABASE_URL: the database; SQLite in db.sqlite3 beside manage.py (empty means that too).
- CONN_MAX_AGE: seconds a database connection is kept for reuse; 60.
- TESTING: set by the test suite: a fast password hasher, plain static files, no stored pages; off.
- SECURE_SSL_REDIRECT: send HTTP requests to HTTPS; on unless DEBUG.
- SECURE_HSTS_SECONDS: how long browsers keep to HTTPS (HSTS); one year, 0 with DEBUG.
- SECURE_HSTS_PRELOAD: ask browsers to ship the HTTPS-only rule (HSTS preload); on unless DEBUG.
- REDIS_URL: the shared cache for throttling and stored pages; none (a database table instead).
- PAGE_CACHE_SECONDS: how long an anonymous read stays stored; 600, 0 (off) when TESTING.
- API_ANON_RATE: requests an anonymous API client may make, "none" for no limit; 120/minute.
- API_EXTRACT_RATE: articles an editor may have read through the API, or "none"; 30/minute.
- LOG_LEVEL: the root logger's level; INFO.
- TRUSTED_PROXIES: how many reverse proxies in front append to X-Forwarded-For; 0.
- LOGIN_FAILURE_LIMIT: failed admin sign-ins for one account from one address before a lockout; 5.
- LOGIN_LOCKOUT_MINUTES: how long that lockout lasts after the last failure; 15.

A boolean is 1/true/yes/on or 0/false/no/off, a number a whole number: any other value stops
the start with an error naming the variable.
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 1/true/yes/on or 0/false/no/off, not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    try:
        return int(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it to a long random string (for example the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`), or set DEBUG=1 "
            "for local development."
        )
    # Development only: a key per process is enough, and nothing secret lands in the repository.
    SECRET_KEY = "dev-" + os.urandom(32).hex()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "relations.apps.TrackerAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",  # its templates: the sitemap index and sections (relations/sitemaps.py)
    "django_countries",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "relations",
]

MIDDLEWARE = [
    # Stored public pages and API reads for anonymous readers, served before everything else
    # (relations/cache.py); what they store already carries the security middleware's headers.
    "relations.cache.StoredResponseMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every response (the policy is below); under the store above, so
    # a stored page keeps its header.
    "tracker.csp.TrackerCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records which user made each change in the change history.
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "tracker.urls"
WSGI_APPLICATION = "tracker.wsgi.application"

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
            ],
        },
    },
]

# SQLite in the project folder unless DATABASE_URL says otherwise (postgres://… in production).
if not os.environ.get("DATABASE_URL", "").strip():
    os.environ.pop("DATABASE_URL", None)  # an empty value means the default, not an error
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several editors (or the server's threads) writing at once, as Django's SQLite notes advise.
    # Each transaction takes the write lock at BEGIN (IMMEDIATE): one that began by reading and
    # then wrote would fail at once with "database is locked" if another writer came between,
    # whatever the timeout. A writer waits up to `timeout` seconds for the lock. WAL lets pages be
    # read while a write goes on; journal_size_limit trims the -wal file after a checkpoint.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA journal_size_limit=67108864",
        **DATABASES["default"].get("OPTIONS", {}),
    }

# Tests sign in hundreds of times: there a fast hasher replaces the one that is slow on purpose.
if env_bool("TESTING", False):
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# The review of a long pasted article posts a few fields per proposal: 1,600 for a 50,000-character
# text of pledges and quotations, past Django's default of 1,000.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Django 6 behaviour now: a URL typed without a scheme is taken as https.
FORMS_URLFIELD_ASSUME_HTTPS = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed files served by whitenoise; the manifest needs `collectstatic`.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or env_bool("TESTING", False)
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Behind HTTPS in production; a local DEBUG run speaks plain HTTP.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Asks browsers to ship the HTTPS-only rule; turn off before the domain is submitted if unsure.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): only this server's own files run or style a page, and no
# inline script or style is allowed (the project's templates keep their styles in static/css and
# have no script). The one narrow exception, style attributes in the browsable API and the admin
# change history, is explained in tracker/csp.py.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # data: for the small SVG icons the admin and Swagger UI inline in their stylesheets.
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Throttling counts and stored pages live in this cache, which must be shared by every worker
# process: Redis when REDIS_URL is set, otherwise a database table (`createcachetable`).
# Redis is only a cache: while it is unreachable the site answers uncached (tracker/redis_cache.py).
REDIS_URL = os.environ.get("REDIS_URL", "")
REDIS_OPTIONS = {
    # A local Redis answers in well under a millisecond: one that takes longer is treated as down
    # rather than left to hold every request (redis-py's default is to wait for ever).
    "socket_connect_timeout": 0.25,
    "socket_timeout": 0.25,
    # After a failure Redis is left alone this long (requests skip the cache at no cost)...
    "RETRY_SECONDS": 5,
    # ...and an outage is logged at most this often.
    "LOG_SECONDS": 60,
}
CACHES = {
    "default": {"BACKEND": "tracker.redis_cache.RedisCache", "LOCATION": REDIS_URL, "OPTIONS": REDIS_OPTIONS}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "tracker_cache"}
}

# Seconds an anonymous reader's page or API read stays stored (relations/cache.py); any write
# to the data makes it stale at once. 0 turns it off; the test suite measures views uncached.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 0 if env_bool("TESTING", False) else 600)

# Requests an anonymous API client may make; "none" lifts the limit (for a proxy that limits
# in front, or a load test).
ANON_RATE = os.environ.get("API_ANON_RATE") or "120/minute"
# Articles an editor may have read by POST /api/extract/ (each costs a worker a moment).
EXTRACT_RATE = os.environ.get("API_EXTRACT_RATE") or "30/minute"

REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate header makes an anonymous write a 401, not a 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Anyone may read; writing needs the model's add/change/delete permission.
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly"],
    "DEFAULT_RENDERER_CLASSES": [
        # DRF's, which also writes a page of stored event records as they are (relations/records.py).
        "relations.records.RecordsJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
        "relations.api.csv.CSVRenderer",
    ],
    # DRF's JSON parser, refusing bodies nested too deeply to parse (relations/api/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "relations.api.parsers.DepthLimitedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # drf-spectacular with the error responses every operation may give (relations/api/schema.py).
    "DEFAULT_SCHEMA_CLASS": "relations.api.schema.TrackerAutoSchema",
    "SEARCH_PARAM": "q",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": None if ANON_RATE.lower() == "none" else ANON_RATE,
        "extract": None if EXTRACT_RATE.lower() == "none" else EXTRACT_RATE,
    },
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Diplomatic Ties Tracker API",
    "DESCRIPTION": (
        "Relations between countries: events, commissions, officials, pledges and their sources. "
        "Anyone may read; writing needs an account with the model's permission (session or token). "
        "Every list takes `?format=csv` for all matching rows."
    ),
    "VERSION": "1",
    # The docs page is served from local files, never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Swagger UI would otherwise send the schema to validator.swagger.io for its badge.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "COMPONENT_SPLIT_REQUEST": True,
    # The schema describes the API, not the schema endpoint itself.
    "SERVE_INCLUDE_SCHEMA": False,
    # Several models have a "kind", "status" or "role"; name each choice set after its model.
    "ENUM_NAME_OVERRIDES": {
        "EventKindToneEnum": "relations.models.EventKind.Tone",
        "PloverEventEnum": "relations.models.EventKind.Plover",
        "EventStatusEnum": "relations.models.Event.Status",
        "PledgeStatusEnum": "relations.models.PledgeStatus",
        "CommissionKindEnum": "relations.models.Commission.Kind",
        "OrganizationKindEnum": "relations.models.Organization.Kind",
        "SourceKindEnum": "relations.models.Source.Kind",
        "NameKindEnum": "relations.models.NameKind",
        "EventCountryRoleEnum": "relations.models.EventCountry.Role",
        "ParticipantRoleEnum": "relations.models.Participant.Role",
        "PledgePartyRoleEnum": "relations.models.PledgeParty.Role",
        "UnitEnum": "relations.models.targets.Unit",  # a target's and its observations' units
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# --- Client addresses and sign-in lockout ---------------------------------------------------
# TRUSTED_PROXIES: how many proxies in front of the app append the client's address to
# X-Forwarded-For. 0 (the default, the app facing clients directly): the address is the
# connection's, and X-Forwarded-For is ignored, since any client can send one. 1 behind one
# reverse proxy: the last address that proxy appended. The API throttle (DRF's NUM_PROXIES), the
# stored-page throttle check and the sign-in lockout all read the address this way
# (tracker/lockout.py); the server (tracker/serve.py) trusts forwarded headers only from them.
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0)
REST_FRAMEWORK["NUM_PROXIES"] = TRUSTED_PROXIES

# Admin sign-in lockout (django-axes): after LOGIN_FAILURE_LIMIT failures for one account from
# one address, that account is refused from that address for LOGIN_LOCKOUT_MINUTES after the
# last failure (other accounts and addresses are unaffected). An administrator lifts it under
# "Axes" in admin, or with `manage.py axes_reset_username <name>` / `axes_reset_ip <address>`.
INSTALLED_APPS += ["axes"]
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]  # last: turns a refused sign-in into the page
AUTHENTICATION_BACKENDS = ["tracker.lockout.LockoutBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "tracker.lockout.client_address"
AXES_LOCKOUT_CALLABLE = "tracker.lockout.lockout_response"
# A successful sign-in clears the account's earlier failures from that address.
AXES_RESET_ON_SUCCESS = True
# No banner at every start (commands included); failures and lockouts are still logged.
AXES_VERBOSE = False
