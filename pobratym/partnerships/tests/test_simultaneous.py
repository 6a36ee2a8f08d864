"""Four clicks on "accept" at once: one accepts, the others are told it already happened; no
request fails with "database is locked"."""

import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from pobratym.partnerships.models import Partnership, StateChange


@pytest.mark.django_db(transaction=True)
def test_accepting_four_times_at_once_accepts_once(world):
    partnership = world.express_interest()
    editor = world.users["bourges_editor"]
    url = reverse("partnerships:transition", args=[partnership.pk])
    statuses: list[int] = []

    def accept() -> None:
        browser = Client()
        browser.force_login(editor)
        try:
            statuses.append(browser.post(url, {"to_state": "in_dialogue"}).status_code)
        finally:
            connections.close_all()  # each thread has its own connection

    threads = [threading.Thread(target=accept) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert statuses == [302, 302, 302, 302]
    assert Partnership.objects.get().state == "in_dialogue"
    assert list(StateChange.objects.values_list("to_state", flat=True)) == [
        "interest_expressed",
        "in_dialogue",
    ]
