"""Production's settings come from the environment: what an operator must set stops the start
with its name when missing or wrong; uploads go to a folder or a private S3 bucket."""

import importlib
import re
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage, StorageHandler
from storages.backends.s3 import S3Storage

import config.settings
from config.settings.base import upload_storage

PRODUCTION = {
    "SECRET_KEY": "a-long-random-production-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "pobratym.example, www.pobratym.example",
    "SITE_URL": "https://pobratym.example",
    "DEFAULT_FROM_EMAIL": "Pobratym <noreply@pobratym.example>",
    "DATABASE_URL": "postgres://pobratym:secret@db.internal:5432/pobratym",
}


@pytest.fixture
def environment(monkeypatch):
    """Production's variables, each test changing what it is about."""
    for name, value in PRODUCTION.items():
        monkeypatch.setenv(name, value)
    return monkeypatch


@pytest.fixture
def production_settings(monkeypatch):
    """Production's settings read afresh from the environment, base and all, as a process
    starting would; the suite's own settings modules are put back afterwards."""

    def read() -> dict:
        for name in ("config.settings.base", "config.settings.prod"):
            monkeypatch.delitem(sys.modules, name, raising=False)
        monkeypatch.setattr(config.settings, "base", config.settings.base)
        return vars(importlib.import_module("config.settings.prod"))

    return read


def test_production_reads_its_settings_from_the_environment(environment, production_settings):
    environment.setenv("DATABASE_CONN_MAX_AGE", "120")

    settings = production_settings()

    assert settings["ALLOWED_HOSTS"] == ["pobratym.example", "www.pobratym.example"]
    assert settings["SITE_URL"] == "https://pobratym.example"
    database = settings["DATABASES"]["default"]
    assert (database["HOST"], database["NAME"], database["CONN_MAX_AGE"]) == (
        "db.internal",
        "pobratym",
        120,
    )
    assert database["CONN_HEALTH_CHECKS"] is True
    assert settings["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert settings["LOGGING"]["formatters"]["main"] == {"()": "pobratym.core.logs.JsonFormatter"}
    # A load balancer's plain-HTTP probe is answered, not redirected to https; pages are.
    exempt = settings["SECURE_REDIRECT_EXEMPT"]
    assert settings["SECURE_SSL_REDIRECT"] is True
    assert all(any(re.search(p, path) for p in exempt) for path in ("health/", "health/live/"))
    assert not any(re.search(p, "accounts/login/") for p in exempt)


@pytest.mark.parametrize(
    "name", ["ALLOWED_HOSTS", "SITE_URL", "DEFAULT_FROM_EMAIL", "DATABASE_URL"]
)
def test_a_missing_required_variable_is_named(environment, production_settings, name):
    environment.delenv(name)

    with pytest.raises(ImproperlyConfigured, match=f"Set {name} in the environment"):
        production_settings()


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DATABASE_CONN_MAX_AGE", "sixty", "DATABASE_CONN_MAX_AGE='sixty' is not a whole number"),
        ("SECURE_HSTS_SECONDS", "-1", "SECURE_HSTS_SECONDS=-1 is below its minimum, 0"),
        ("SECURE_SSL_REDIRECT", "ture", "SECURE_SSL_REDIRECT='ture' is not a yes/no value"),
        ("LOG_FORMAT", "xml", "LOG_FORMAT='xml' is not one of: text, json"),
        ("STORAGE_BACKEND", "ftp", "STORAGE_BACKEND='ftp' is not one of: local, s3"),
        (
            "API_RATE_ANONYMOUS",
            "120 per minute",
            "API_RATE_ANONYMOUS='120 per minute' is not a rate",
        ),
        ("SITE_URL", "pobratym.example", "SITE_URL='pobratym.example' is not an address"),
    ],
)
def test_a_wrong_value_names_its_variable(environment, production_settings, name, value, message):
    environment.setenv(name, value)

    with pytest.raises(ImproperlyConfigured, match=message):
        production_settings()


def test_a_database_address_that_is_not_one_is_refused_without_showing_it(
    environment, production_settings
):
    environment.setenv("DATABASE_URL", "mysqlx://admin:hunter2@db/pobratym")

    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL") as refused:
        production_settings()

    assert "hunter2" not in str(refused.value)


def test_s3_uploads_build_a_private_s3_storage_without_signed_links(monkeypatch):
    monkeypatch.setenv("S3_BUCKET", "pobratym-uploads")
    monkeypatch.setenv("S3_ENDPOINT_URL", "https://s3.fr-par.example")
    monkeypatch.setenv("S3_REGION", "fr-par")
    monkeypatch.setenv("S3_ACCESS_KEY_ID", "AKIAEXAMPLE")
    monkeypatch.setenv("S3_SECRET_ACCESS_KEY", "example-secret")
    monkeypatch.setenv("S3_ADDRESSING_STYLE", "path")

    storage = StorageHandler({"default": upload_storage("s3")})["default"]

    assert isinstance(storage, S3Storage)
    assert (storage.bucket_name, storage.endpoint_url, storage.region_name) == (
        "pobratym-uploads",
        "https://s3.fr-par.example",
        "fr-par",
    )
    assert (storage.access_key, storage.secret_key) == ("AKIAEXAMPLE", "example-secret")
    assert storage.default_acl == "private"
    assert storage.querystring_auth is False
    assert storage.file_overwrite is False
    assert storage.addressing_style == "path"
    # An address of a private object without a signature opens nothing, whoever holds it.
    address = storage.url("partnerships/agreements/abc.pdf")
    assert "Signature" not in address and "X-Amz" not in address


def test_s3_uploads_without_a_bucket_are_refused_by_name(monkeypatch):
    monkeypatch.delenv("S3_BUCKET", raising=False)

    with pytest.raises(ImproperlyConfigured, match="Set S3_BUCKET in the environment"):
        upload_storage("s3")


def test_local_uploads_are_the_media_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"

    storage = StorageHandler({"default": upload_storage("local")})["default"]

    assert isinstance(storage, FileSystemStorage)
    assert storage.path("partnerships/a.pdf") == str(tmp_path / "media" / "partnerships" / "a.pdf")
