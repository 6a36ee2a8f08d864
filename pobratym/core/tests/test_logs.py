"""Logs for a collector: one JSON object per line; a line per request with its path, status
and duration, never the keys in a link, its query string or who asked."""

import json
import logging

import pytest
from django.urls import reverse

from pobratym.accounts.tests.factories import UserFactory
from pobratym.core.logs import JsonFormatter


def _record(message: str, *args, exc_info=None, **extra) -> logging.LogRecord:
    record = logging.getLogger("pobratym.test").makeRecord(
        "pobratym.test", logging.ERROR, __file__, 1, message, args, exc_info, extra=extra
    )
    return record


def test_a_record_is_one_json_line_with_time_level_logger_and_message():
    line = JsonFormatter().format(_record("Imported %d hromadas\nin %s", 1469, "45 s"))

    assert "\n" not in line
    parsed = json.loads(line)
    assert parsed["level"] == "ERROR"
    assert parsed["logger"] == "pobratym.test"
    assert parsed["message"] == "Imported 1469 hromadas\nin 45 s"
    assert parsed["time"].endswith("+00:00")


def test_an_exception_is_a_field_of_its_line():
    try:
        raise ValueError("the queue is gone")
    except ValueError as error:
        line = JsonFormatter().format(
            _record("Task failed", exc_info=(type(error), error, error.__traceback__))
        )

    assert "\n" not in line
    parsed = json.loads(line)
    assert parsed["message"] == "Task failed"
    assert "ValueError: the queue is gone" in parsed["exception"]
    assert "Traceback" in parsed["exception"]


def test_what_a_caller_attaches_is_left_out_but_the_request_fields_stay():
    line = JsonFormatter().format(
        _record("GET / 200", method="GET", path="/", status=200, duration_ms=3.2, request=object())
    )

    parsed = json.loads(line)
    assert {key: parsed[key] for key in ("method", "path", "status", "duration_ms")} == {
        "method": "GET",
        "path": "/",
        "status": 200,
        "duration_ms": 3.2,
    }
    assert "request" not in parsed


REQUEST_LINE_KEYS = {
    "time",
    "level",
    "logger",
    "message",
    "request_id",
    "method",
    "path",
    "status",
    "duration_ms",
}


def _request_lines(caplog) -> list[dict]:
    formatter = JsonFormatter()
    return [
        json.loads(formatter.format(record))
        for record in caplog.records
        if record.name == "pobratym.requests"
    ]


@pytest.mark.django_db
def test_a_request_logs_its_path_status_and_duration_with_its_id(client, caplog):
    caplog.set_level(logging.INFO, logger="pobratym.requests")

    response = client.get(reverse("core:health"), HTTP_X_REQUEST_ID="proxy-given-0123456789")

    [line] = _request_lines(caplog)
    assert line["method"] == "GET"
    assert line["path"] == "/health/"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float)
    assert line["request_id"] == "proxy-given-0123456789"
    assert response.headers["X-Request-ID"] == "proxy-given-0123456789"


@pytest.mark.django_db
def test_a_forged_request_id_is_replaced(client, caplog):
    caplog.set_level(logging.INFO, logger="pobratym.requests")

    response = client.get(reverse("core:health_live"), HTTP_X_REQUEST_ID='x" level=ERROR')

    [line] = _request_lines(caplog)
    assert line["request_id"] == response.headers["X-Request-ID"]
    assert "level" not in line["request_id"]


@pytest.mark.django_db
def test_a_link_with_a_key_and_a_query_string_logs_neither_nor_who_asked(client, caplog):
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.INFO, logger="pobratym.requests")
    user = UserFactory(email="olena@korosten.example")
    secret = "a1b2c3-9f8e7d6c5b4a39281706f5e4d3c2b1a0"
    client.force_login(user)

    client.get(
        reverse("accounts:password_reset_confirm", args=["MQ", secret])
        + "?next=/accounts/&token=query-secret-42"
    )
    client.get(reverse("accounts:confirm", args=[secret]))

    lines = _request_lines(caplog)
    assert [line["path"] for line in lines] == [
        "/accounts/password-reset/[secret]/[secret]/",
        "/accounts/confirm/[secret]/",
    ]
    everything = "\n".join(JsonFormatter().format(record) for record in caplog.records)
    for private in (secret, "query-secret-42", "olena@korosten.example"):
        assert private not in everything
    assert all(set(line) <= REQUEST_LINE_KEYS for line in lines)
