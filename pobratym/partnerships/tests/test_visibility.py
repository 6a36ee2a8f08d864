"""Who sees which partnership, its deliveries and the parties' contacts, on pages and in the API."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from ninja import NinjaAPI
from ninja.testing import TestClient

from config.api import application_error
from pobratym.accounts.tests.factories import sign_in_verified
from pobratym.core.errors import ApplicationError
from pobratym.directory.models import Contact
from pobratym.exchange.tests.helpers import publish_need, publish_offer
from pobratym.partnerships import services
from pobratym.partnerships.api import router
from pobratym.partnerships.selectors.partnerships import (
    partnership_list_for_viewer,
    party_contacts_for_viewer,
)
from pobratym.partnerships.services import DeliveryLineIn
from pobratym.partnerships.tests.helpers import shown_to


@pytest.fixture
def api_client() -> TestClient:
    """The router as the project's API serves it, with the project's error handler."""
    api = NinjaAPI(urls_namespace="partnerships-api-test")
    api.add_router("/partnerships/", router)
    api.add_exception_handler(ApplicationError, application_error)
    return TestClient(api)


ROLES = [
    "anonymous",
    "member_elsewhere",
    "korosten_editor",
    "facilitator",
    "facilitator_staff",
    "unrelated_facilitator",
    "secretariat",
]
SEES = {
    "public": set(ROLES),
    "members": set(ROLES) - {"anonymous"},
    "parties": {"korosten_editor", "facilitator", "facilitator_staff", "secretariat"},
}


def with_visibility(world, visibility):
    partnership = world.in_dialogue()
    return services.partnership_update(
        partnership=partnership,
        kind="solidarity",
        sectors=["water"],
        visibility=visibility,
        description="",
        facilitators=[world.cemr],
        actor=world.users["secretariat"],
    )


@pytest.mark.parametrize("visibility", ["public", "members", "parties"])
@pytest.mark.parametrize("role", ROLES)
def test_partnership_visibility_per_role(world, client, api_client, visibility, role):
    partnership = with_visibility(world, visibility)
    user = world.users[role]
    if role != "anonymous":
        sign_in_verified(client, user)
    expected = role in SEES[visibility]

    listed = list(partnership_list_for_viewer(viewer=user))
    detail = client.get(partnership.get_absolute_url())
    as_user = {"user": user if role != "anonymous" else AnonymousUser()}
    api = api_client.get(f"/partnerships/partnerships/{partnership.pk}", **as_user)
    api_list = api_client.get("/partnerships/partnerships", **as_user).json()

    assert listed == ([partnership] if expected else [])
    assert detail.status_code == (200 if expected else 404)
    assert api.status_code == (200 if expected else 404)
    assert [row["id"] for row in api_list["items"]] == ([partnership.pk] if expected else [])


def test_a_delivery_for_parties_only_stays_hidden_in_a_public_partnership(world, api_client):
    partnership = with_visibility(world, "public")
    services.delivery_pledge(
        partnership=partnership,
        giver=world.bourges,
        recipient=world.korosten,
        lines=[DeliveryLineIn(quantity="3", name="Генератор", unit="pieces")],
        sectors=["energy.generators"],
        visibility="parties",
        actor=world.users["bourges_editor"],
    )

    path = f"/partnerships/partnerships/{partnership.pk}"
    anonymous = api_client.get(path, user=AnonymousUser()).json()
    party = api_client.get(path, user=world.users["korosten_editor"]).json()

    assert anonymous["deliveries"] == []
    assert [d["items"][0]["quantity"] for d in party["deliveries"]] == ["3.00"]


def test_contacts_are_shown_to_the_parties_once_the_other_side_accepted(world, client):
    Contact.objects.create(
        authority=world.bourges,
        name="Constance Bonduelle",
        email="c@bourges.example",
        consented_at=timezone.now(),
    )
    Contact.objects.create(authority=world.bourges, name="Pas encore d'accord")
    partnership = world.express_interest()
    sign_in_verified(client, world.users["korosten_editor"])

    before = client.get(partnership.get_absolute_url()).content.decode()
    services.partnership_transition(
        partnership=partnership, to_state="in_dialogue", actor=world.users["bourges_editor"]
    )
    after = client.get(partnership.get_absolute_url()).content.decode()

    assert "Constance Bonduelle" not in before
    assert "Constance Bonduelle" in after and "c@bourges.example" in after
    assert "Pas encore d" not in after


def test_contacts_stay_hidden_from_those_who_only_read(world, client):
    Contact.objects.create(
        authority=world.bourges, name="Constance Bonduelle", consented_at=timezone.now()
    )
    partnership = with_visibility(world, "members")

    sign_in_verified(client, world.users["member_elsewhere"])
    page = client.get(partnership.get_absolute_url()).content.decode()

    assert "Constance Bonduelle" not in page
    assert (
        party_contacts_for_viewer(partnership=partnership, viewer=world.users["member_elsewhere"])
        == []
    )


def test_the_list_page_costs_the_same_queries_for_one_or_many_rows(world, client):
    sign_in_verified(client, world.users["secretariat"])
    with_visibility(world, "public")
    client.get(reverse("partnerships:list"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("partnerships:list"))
    for _ in range(3):
        services.partnership_create(
            organisations=[world.korosten, world.bourges],
            kind="twinning",
            actor=world.users["secretariat"],
        )
    with CaptureQueriesContext(connection) as four:
        client.get(reverse("partnerships:list"))

    assert len(four) == len(one)


def test_the_api_names_only_the_needs_and_offers_the_viewer_may_see(world, api_client):
    hidden = publish_need(world.korosten, world.users["korosten_editor"], visibility="parties")
    offer = publish_offer(world.bourges, world.users["bourges_editor"])
    partnership = world.in_dialogue(need=hidden, offer=offer)
    shown_to(partnership, "public", actor=world.users["secretariat"])

    path = f"/partnerships/partnerships/{partnership.pk}"
    anonymous = api_client.get(path, user=AnonymousUser()).json()
    party = api_client.get(path, user=world.users["korosten_editor"]).json()
    listed = api_client.get("/partnerships/partnerships", user=AnonymousUser()).json()

    assert (anonymous["need_ids"], anonymous["offer_ids"]) == ([], [offer.pk])
    assert (party["need_ids"], party["offer_ids"]) == ([hidden.pk], [offer.pk])
    assert (listed["items"][0]["need_ids"], listed["items"][0]["offer_ids"]) == ([], [offer.pk])
