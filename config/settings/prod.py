"""Production: what an operator must set is required, with its name when it is missing; the
rest has production's defaults (docs/deploy.md lists every variable)."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    LOG_LEVELS,
    SECRET_KEY,
    STORAGE_BACKEND,
    database,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_required,
    env_str,
    logging_config,
    upload_storage,
)

DEBUG = False
if SECRET_KEY.startswith("dev-only"):
    raise ImproperlyConfigured("Set SECRET_KEY in the environment for production.")
ALLOWED_HOSTS = [
    host.strip()
    for host in env_required("ALLOWED_HOSTS", "the site's host names, comma-separated").split(",")
    if host.strip()
]
# Links in e-mails: the address people type, https and all.
SITE_URL = env_required("SITE_URL", "the site's address, e.g. https://pobratym.example")
if not SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(f"SITE_URL={SITE_URL!r} is not an address such as https://….")
DEFAULT_FROM_EMAIL = env_required(
    "DEFAULT_FROM_EMAIL", "the sender of the platform's e-mails, e.g. Pobratym <noreply@…>"
)
# Mail goes out by SMTP unless another backend is named; the console would print sign-in links
# into the logs.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")

# Persistent connections, checked before each request reuses one (a restarted PostgreSQL
# or a proxy that dropped an idle connection gives a fresh one, not an error page).
DATABASES = {
    "default": database(
        env_required("DATABASE_URL", "the database, e.g. postgres://user:password@host/pobratym"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=env_bool("DATABASE_CONN_HEALTH_CHECKS", True),
    )
}
# TLS ends at the reverse proxy, which says so in X-Forwarded-Proto (and must overwrite a
# client's own: docs/deploy.md).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# A load balancer's probe speaks plain HTTP to the process: a redirect would read as a failure.
SECURE_REDIRECT_EXEMPT = [r"^health/"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
STORAGES = {
    "default": upload_storage(STORAGE_BACKEND),
    # collectstatic writes hashed, compressed copies; WhiteNoise serves them, cached for good.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

LOGGING = logging_config(
    log_format=env_choice("LOG_FORMAT", "json", ("text", "json")),
    level=env_choice("LOG_LEVEL", "warning", LOG_LEVELS).upper(),
    requests=env_bool("LOG_REQUESTS", True),
)
