"""/health/: what a load balancer or a monitor reads, in JSON whatever happens."""

import pytest
from django.db.backends.utils import CursorWrapper
from django.urls import reverse
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS
from django_tasks.backends.dummy import DummyBackend


class QueueWithProblem(DummyBackend):
    def queue_health(self) -> str | None:
        return "no worker since 10 minutes"


class HealthyQueue(DummyBackend):
    def queue_health(self) -> str | None:
        return None


@pytest.fixture
def tasks_backend(settings):
    """Name the task backend for one test (django-tasks forgets its backends when TASKS
    changes, and again when the test puts it back)."""

    def use(path: str) -> None:
        settings.TASKS = {DEFAULT_TASK_BACKEND_ALIAS: {"BACKEND": path}}

    return use


def _no_store(response) -> bool:
    return "no-store" in response.headers.get("Cache-Control", "")


@pytest.mark.django_db
def test_a_healthy_process_answers_ok_in_json_never_cached(client):
    response = client.get(reverse("core:health"))

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok", "tasks": "immediate"}
    assert _no_store(response)
    assert "sessionid" not in response.cookies and "csrftoken" not in response.cookies


@pytest.mark.django_db
def test_a_database_that_does_not_answer_gives_503_naming_the_database(client, monkeypatch):
    def refuse(self, sql, params=None):
        raise ConnectionError("server closed the connection unexpectedly")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)

    response = client.get(reverse("core:health"))

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "unavailable",
        "tasks": "immediate",
    }
    # The reason goes to the log, not to whoever asked.
    assert b"server closed" not in response.content


@pytest.mark.django_db
def test_a_task_queue_with_a_problem_gives_503_with_its_word(client, tasks_backend):
    tasks_backend("pobratym.core.tests.test_health.QueueWithProblem")

    response = client.get(reverse("core:health"))

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "ok",
        "tasks": "no worker since 10 minutes",
    }


@pytest.mark.django_db
def test_a_task_queue_that_says_it_is_fine_is_ok(client, tasks_backend):
    tasks_backend("pobratym.core.tests.test_health.HealthyQueue")

    response = client.get(reverse("core:health"))

    assert response.status_code == 200
    assert response.json()["tasks"] == "ok"


def test_liveness_asks_nothing_of_the_database(client, monkeypatch):
    def refuse(self, sql, params=None):
        raise AssertionError("the liveness check queried the database")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)

    response = client.get(reverse("core:health_live"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert _no_store(response)


@pytest.mark.django_db
def test_an_unknown_method_is_refused_without_an_html_page(client):
    response = client.post(reverse("core:health"))

    assert response.status_code == 405
    assert b"<html" not in response.content.lower()


@pytest.mark.django_db
def test_a_probe_with_an_unknown_host_name_gets_json_not_a_page(client):
    """A load balancer asking by the process's address: refused, but in JSON."""
    response = client.get(reverse("core:health"), HTTP_HOST="10.0.0.5")

    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/json"
    assert response.json()["code"]
