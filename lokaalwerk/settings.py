"""Settings for Lokaal Werk: one module, every value from an environment variable.

The defaults serve the embedded SQLite demo on a developer's machine; production sets
``DATABASE_URL``, ``LOKAALWERK_SECRET_KEY`` and ``LOKAALWERK_ALLOWED_HOSTS``. Every variable is
documented in docs/configuration.md.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


# --- Core -----------------------------------------------------------------------------------
DEBUG = env_bool("LOKAALWERK_DEBUG")
# pytest sets PYTEST_VERSION: the suite talks plain http to its own servers and runs jobs inline.
RUNNING_TESTS = "PYTEST_VERSION" in os.environ
VAR_DIR = Path(env_str("LOKAALWERK_VAR_DIR", str(REPO_DIR / "var")))


def _secret_key() -> str:
    """The configured key, or one generated once and kept under var/ for local use."""
    configured = env_str("LOKAALWERK_SECRET_KEY")
    if configured:
        return configured
    key_file = VAR_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(64)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("LOKAALWERK_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("LOKAALWERK_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "lokaalwerk.core",
    "lokaalwerk.accounts",
    "lokaalwerk.audit",
    "lokaalwerk.geography",
    "lokaalwerk.agreements",
    "lokaalwerk.governance",
    "lokaalwerk.results",
    "lokaalwerk.indicators",
    "lokaalwerk.referrals",
    "lokaalwerk.catalogue",
    "lokaalwerk.screening",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "lokaalwerk.core.null_characters.RejectNullCharactersMiddleware",
]

ROOT_URLCONF = "lokaalwerk.urls"
WSGI_APPLICATION = "lokaalwerk.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lokaalwerk.core.context_processors.platform",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'lokaalwerk.sqlite3'}")
if DATABASE_URL.startswith("sqlite"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    # A request that opens its own PostgreSQL connection spends ~10 ms on it before any query:
    # keep connections for a minute and check them before reuse.
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A web process and the task worker share the file: wait for a lock instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
    # The observations' covering index (INCLUDE) serves PostgreSQL; SQLite builds it without the
    # extra columns, which is all the embedded database needs.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]

# --- Authentication -------------------------------------------------------------------------
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language and time ----------------------------------------------------------------------
LANGUAGE_CODE = "nl-be"
LANGUAGES = [("nl-be", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("LOKAALWERK_STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("LOKAALWERK_MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("LOKAALWERK_MANIFEST_STATIC", not (DEBUG or RUNNING_TESTS))
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = env_bool("LOKAALWERK_STATIC_FINDERS", True)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024

# --- Uploads and imports (docs/adr/0091) ------------------------------------------------------
MB = 1024 * 1024
# Each kind of upload has a ceiling, checked on the file's size before a byte of it is read.
AGREEMENT_UPLOAD_MAX_BYTES = env_int("LOKAALWERK_AGREEMENT_UPLOAD_MAX_MB", 20) * MB
FIGURES_UPLOAD_MAX_BYTES = env_int("LOKAALWERK_FIGURES_UPLOAD_MAX_MB", 20) * MB
VACANCY_UPLOAD_MAX_BYTES = env_int("LOKAALWERK_VACANCY_UPLOAD_MAX_MB", 5) * MB
PLAN_UPLOAD_MAX_BYTES = env_int("LOKAALWERK_PLAN_UPLOAD_MAX_MB", 5) * MB
SCREENING_UPLOAD_MAX_BYTES = env_int("LOKAALWERK_SCREENING_UPLOAD_MAX_MB", 60) * MB
EVIDENCE_UPLOAD_MAX_BYTES = env_int("LOKAALWERK_EVIDENCE_UPLOAD_MAX_MB", 20) * MB
# No request body above this is received: the first upload handler stops reading it (413).
UPLOAD_REQUEST_MAX_BYTES = env_int(
    "LOKAALWERK_UPLOAD_REQUEST_MAX_MB",
    max(AGREEMENT_UPLOAD_MAX_BYTES, FIGURES_UPLOAD_MAX_BYTES, VACANCY_UPLOAD_MAX_BYTES,
        PLAN_UPLOAD_MAX_BYTES, SCREENING_UPLOAD_MAX_BYTES, EVIDENCE_UPLOAD_MAX_BYTES) // MB + 1,
) * MB  # fmt: skip
FILE_UPLOAD_HANDLERS = [
    "lokaalwerk.core.uploads.UploadLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Readers stop at the first row past these (rows of a file; for figures, the figures read).
FIGURES_MAX_VALUES = env_int("LOKAALWERK_FIGURES_MAX_VALUES", 100_000)
VACANCY_MAX_ROWS = env_int("LOKAALWERK_VACANCY_MAX_ROWS", 5000)
PLAN_MAX_ROWS = env_int("LOKAALWERK_PLAN_MAX_ROWS", 1000)
# An import whose file holds more than this (a workbook: unpacked) runs as a background job.
IMPORT_BACKGROUND_BYTES = env_int("LOKAALWERK_IMPORT_BACKGROUND_KB", 256) * 1024

# --- Security -------------------------------------------------------------------------------
# HTTPS is assumed unless debugging; a local demo over plain http sets LOKAALWERK_HTTPS=false.
HTTPS = env_bool("LOKAALWERK_HTTPS", not (DEBUG or RUNNING_TESTS))
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = HTTPS and env_bool("LOKAALWERK_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = env_int("LOKAALWERK_HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "LOKAALWERK_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env_str("LOKAALWERK_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("LOKAALWERK_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("LOKAALWERK_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("LOKAALWERK_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("LOKAALWERK_EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env_str("LOKAALWERK_DEFAULT_FROM_EMAIL", "Lokaal Werk <noreply@localhost>")

# --- Background jobs ------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": env_str(
            "LOKAALWERK_TASKS_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend"
            if RUNNING_TESTS
            else "django_tasks_db.DatabaseBackend",
        ),
    }
}

# --- API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # The JSON parser refuses a body over the request ceiling unread (core/parsers.py); the
    # multipart one refuses null characters (core/null_characters.py).
    "DEFAULT_PARSER_CLASSES": [
        "lokaalwerk.core.parsers.LimitedJSONParser",
        "rest_framework.parsers.FormParser",
        "lokaalwerk.core.null_characters.ApiMultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "lokaalwerk.core.schema.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Lokaal Werk API",
    "DESCRIPTION": "Read and write the cooperation agreement between a local government and VDAB.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "lokaalwerk.core.schema.drop_database_integer_limits",
    ],
}

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOKAALWERK_LOG_LEVEL", "INFO")},
}

# --- Catalogue ------------------------------------------------------------------------------
# Directory entries not checked for this many months are flagged to their owner (action 2.1).
CATALOGUE_STALE_AFTER_MONTHS = env_int("LOKAALWERK_CATALOGUE_STALE_AFTER_MONTHS", 6)
# Name the catalogue's choice sets in the API schema; "kind" and "status" exist in other apps.
SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {}).update(
    {
        "DirectoryKindEnum": "lokaalwerk.catalogue.constants.DirectoryKind",
        "VacancyStatusEnum": "lokaalwerk.catalogue.constants.VacancyStatus",
    }
)

# --- Referrals ------------------------------------------------------------------------------
# Days after a referral is finished before it is pseudonymised (GDPR storage limitation).
REFERRAL_RETENTION_DAYS = env_int("LOKAALWERK_REFERRAL_RETENTION_DAYS", 730)
# The largest signed consent form (PDF, JPEG or PNG) accepted, checked before it is read.
CONSENT_FORM_MAX_BYTES = env_int("LOKAALWERK_CONSENT_FORM_MAX_MB", 10) * 1024 * 1024

# --- Results --------------------------------------------------------------------------------
# The address in reminder e-mails, e.g. https://lokaalwerk.mechelen.be (no trailing slash).
RESULTS_SITE_URL = env_str("LOKAALWERK_SITE_URL", "http://127.0.0.1:8000")
# Owners get a first reminder this many days before their progress update is due.
RESULTS_REMINDER_DAYS_BEFORE = env_int("LOKAALWERK_RESULTS_REMINDER_DAYS_BEFORE", 7)
# Name the progress and agreement status choice sets in the API schema ("status" is used widely).
SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {}).update(
    {
        "ProgressStatusEnum": "lokaalwerk.results.constants.ProgressStatus",
        "ApprovalStateEnum": "lokaalwerk.results.constants.ApprovalState",
        "AgreementStatusEnum": "lokaalwerk.agreements.constants.AgreementStatus",
    }
)

# --- Sign-in protection and sessions --------------------------------------------------------
# Repeated failed sign-ins lock out the username and the address they came from (django-axes):
# on the sign-in page, the admin's login and the API token endpoint alike. An office behind one
# public address shares that address, so it gets a higher limit of its own.
INSTALLED_APPS += ["axes"]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
MIDDLEWARE += [
    "lokaalwerk.accounts.middleware.SessionTimeoutMiddleware",
    "axes.middleware.AxesMiddleware",
]
AXES_FAILURE_LIMIT = env_int("LOKAALWERK_SIGNIN_FAILURE_LIMIT", 5)
SIGNIN_ADDRESS_FAILURE_LIMIT = env_int("LOKAALWERK_SIGNIN_ADDRESS_FAILURE_LIMIT", 20)
SIGNIN_COOLOFF_MINUTES = env_int("LOKAALWERK_SIGNIN_COOLOFF_MINUTES", 15)
AXES_COOLOFF_TIME = "lokaalwerk.accounts.signin.cool_off"
AXES_LOCKOUT_PARAMETERS = [["username"], ["ip_address"]]
AXES_HANDLER = "lokaalwerk.accounts.signin.SignInAttemptHandler"
AXES_LOCKOUT_CALLABLE = "lokaalwerk.accounts.signin.lockout_response"
AXES_CLIENT_IP_CALLABLE = "lokaalwerk.accounts.signin.client_address"
# A successful sign-in forgives that person's own mistakes from that address (see the handler).
AXES_RESET_ON_SUCCESS = True
# Attempts while locked out neither count nor push the end of the lockout further away, so the
# time the page names holds.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Successful sign-ins are not kept: the audit log and the failed attempts are what matter, and a
# log of every sign-in would need a retention rule of its own.
AXES_DISABLE_ACCESS_LOG = True
# The accounts admin registers the attempts with an audited "lift the lockout" action.
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
# Failures and lockouts are worth a log line (warnings); every successful sign-in is not.
LOGGING.setdefault("loggers", {})["axes"] = {"level": "WARNING"}
# Behind this many reverse proxies the client's address is taken from X-Forwarded-For
# (each proxy appends the address it saw); 0 trusts only the connection's address.
REST_FRAMEWORK["NUM_PROXIES"] = env_int("LOKAALWERK_TRUSTED_PROXIES", 0)
# Whom a locked-out person can write to; the page always names their organisation's administrator.
SUPPORT_EMAIL = env_str("LOKAALWERK_SUPPORT_EMAIL")

# People who can open client files are signed out after a short idle time; everybody else
# after a working day without activity. No session outlives SESSION_COOKIE_AGE.
SESSION_IDLE_MINUTES_CLIENT_DATA = env_int("LOKAALWERK_SESSION_IDLE_MINUTES_CLIENT_DATA", 30)
SESSION_IDLE_MINUTES = env_int("LOKAALWERK_SESSION_IDLE_MINUTES", 8 * 60)
SESSION_COOKIE_AGE = env_int("LOKAALWERK_SESSION_MAX_DAYS", 14) * 24 * 60 * 60
