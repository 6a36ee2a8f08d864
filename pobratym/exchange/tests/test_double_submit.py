"""A form sent twice — a double click, a retried request, two at once — makes one record."""

import re
import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from pobratym.core.models import FormSubmission
from pobratym.exchange.models import Need


def need_form(world, key, **overrides):
    return {
        "organisation": f"authority:{world.korosten.pk}",
        "title": "Генератори для лікарні",
        "description": "",
        "sectors": ["energy.generators"],
        "urgency": "high",
        "estimated_cost_eur": "",
        "visibility": "public",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-0-name": "Генератор",
        "items-0-quantity": "2",
        "items-0-unit": "pieces",
        "submission": key,
        **overrides,
    }


def key_on(page) -> str:
    return re.search(r'name="submission" value="([^"]+)"', page.content.decode()).group(1)


def test_the_same_need_form_sent_twice_makes_one_need(client, world):
    client.force_login(world.users["editor"])
    url = reverse("exchange:need_create")
    key = key_on(client.get(url))

    first = client.post(url, need_form(world, key))
    second = client.post(url, need_form(world, key), follow=True)

    need = Need.objects.get()
    assert first["Location"] == need.get_absolute_url()
    assert second.redirect_chain == [(need.get_absolute_url(), 302)]
    assert [str(m) for m in second.context["messages"]][-1] == (
        "Цю форму вже було надіслано; її збережено один раз."
    )


def test_a_form_returned_with_errors_can_be_sent_again_corrected(client, world):
    client.force_login(world.users["editor"])
    url = reverse("exchange:need_create")
    key = key_on(client.get(url))

    refused = client.post(url, need_form(world, key, title=""))
    saved = client.post(url, need_form(world, key))

    assert refused.status_code == 200
    assert saved.status_code == 302
    assert Need.objects.count() == 1


def test_another_persons_key_is_not_theirs(client, world, sign_in_verified):
    """Keys are per person: one person's key never answers for another's form."""
    client.force_login(world.users["editor"])
    url = reverse("exchange:need_create")
    key = key_on(client.get(url))
    client.post(url, need_form(world, key))
    sign_in_verified(client, world.users["facilitator"])

    client.post(url + f"?authority={world.korosten.pk}", need_form(world, key))

    assert FormSubmission.objects.filter(key=key).count() == 2
    assert Need.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_submits_at_once_make_one_need_and_no_error(world):
    editor = world.users["editor"]
    url = reverse("exchange:need_create")
    browser = Client()
    browser.force_login(editor)
    key = key_on(browser.get(url))
    statuses: list[int] = []

    def send() -> None:
        twin = Client()
        twin.force_login(editor)
        try:
            statuses.append(twin.post(url, need_form(world, key)).status_code)
        finally:
            connections.close_all()  # each thread has its own connection

    threads = [threading.Thread(target=send) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(statuses) == [302, 302, 302]
    assert Need.objects.count() == 1
