"""Pages a signed-in person sees are never stored by the browser or a proxy (issue: contacts
and one's own data stayed in the cache of a shared office computer)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from pobratym.accounts.tests.factories import editor_of, sign_in_verified
from pobratym.directory.models import Contact
from pobratym.directory.tests.factories import AuthorityFactory


@pytest.fixture
def korosten(db):
    authority = AuthorityFactory()
    Contact.objects.create(
        authority=authority,
        name="Ірина Шевчук",
        email="iryna.shevchuk@korosten.example",
        consented_at=timezone.now(),
    )
    return authority


def _cache_control(response) -> set[str]:
    return {part.strip() for part in response.headers.get("Cache-Control", "").split(",")}


def test_a_profile_shown_to_its_member_with_contacts_is_not_stored(client, korosten):
    sign_in_verified(client, editor_of(korosten))

    response = client.get(korosten.get_absolute_url())

    assert b"iryna.shevchuk@korosten.example" in response.content
    assert {"no-store", "private"} <= _cache_control(response)


def test_the_my_data_export_is_not_stored(client, korosten):
    sign_in_verified(client, editor_of(korosten))

    response = client.get(reverse("accounts:my_data_export"))

    assert response.status_code == 200
    assert "no-store" in _cache_control(response)


def test_public_pages_for_anonymous_visitors_may_be_cached(client, korosten):
    response = client.get(korosten.get_absolute_url())

    assert b"iryna.shevchuk@korosten.example" not in response.content
    assert "no-store" not in _cache_control(response)
