"""Asking for a new organisation lists the countries alphabetically in the reader's language."""

import pytest
from django.urls import reverse

from pobratym.accounts.models import OrganisationRequest
from pobratym.accounts.tests.factories import UserFactory
from pobratym.directory.models import Country
from pobratym.directory.tests.alphabet import (
    COUNTRIES_IN_ORDER,
    countries_and_oblasts,
    select_options,
)


@pytest.mark.parametrize("language", ["uk", "en"])
def test_new_organisation_request_lists_countries_alphabetically(client, db, language):
    countries_and_oblasts()
    client.force_login(UserFactory(language=language))

    html = client.get(reverse("accounts:organisation_request")).content.decode()

    assert select_options(html, "country") == COUNTRIES_IN_ORDER[language]


def test_new_organisation_request_still_takes_a_listed_country_and_refuses_another(client, db):
    countries_and_oblasts()
    client.force_login(UserFactory())
    request = {"name": "Tallinna linn", "kind": "municipality", "website": "", "note": ""}

    unknown = client.post(
        reverse("accounts:organisation_request"), {**request, "country": "999999"}
    )
    assert unknown.status_code == 200
    assert set(unknown.context["form"].errors) == {"country"}
    assert not OrganisationRequest.objects.exists()

    estonia = Country.objects.get(code="EE")
    sent = client.post(reverse("accounts:organisation_request"), {**request, "country": estonia.pk})
    assert sent.status_code == 302
    assert OrganisationRequest.objects.get().country.code == "EE"
