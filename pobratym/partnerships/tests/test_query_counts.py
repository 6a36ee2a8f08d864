"""The partnership page and its API detail read a fixed number of queries, whoever looks and
however many deliveries, parties, activities, messages, agreements and projects it has."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pobratym.accounts.tests.factories import sign_in_verified
from pobratym.directory.tests.factories import municipality
from pobratym.exchange.services import ItemIn
from pobratym.exchange.tests.helpers import publish_need, publish_offer
from pobratym.partnerships import services
from pobratym.partnerships.models import PartnershipParty
from pobratym.partnerships.tests.helpers import shown_to


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def grow(world, partnership, n: int, start: int = 0) -> None:
    """n more of everything a partnership page lists: parties, deliveries pledged, shipped and
    received, activities with follow-ups, messages, agreements and projects."""
    korosten_editor = world.users["korosten_editor"]
    bourges_editor = world.users["bourges_editor"]
    today = timezone.localdate()
    for i in range(start, start + n):
        town = municipality(
            f"Town {i}", country="FR", country_en="France", country_uk="Франція", population=900 + i
        )
        PartnershipParty.objects.create(partnership=partnership, authority=town)
        need = publish_need(
            world.korosten,
            korosten_editor,
            title=f"Генератори {i}",
            items=[ItemIn(name="Генератор", quantity="10", unit="pieces")],
        )
        offer = publish_offer(
            world.bourges,
            bourges_editor,
            title=f"Heaters {i}",
            kind="equipment",
            items=[ItemIn(name="Heater", quantity="50", unit="pieces")],
        )
        pledged = services.delivery_pledge(
            partnership=partnership,
            giver=world.bourges,
            recipient=world.korosten,
            need=need,
            lines=[services.DeliveryLineIn(quantity="2", need_item=need.items.get().pk)],
            actor=bourges_editor,
        )
        shipped = services.delivery_pledge(
            partnership=partnership,
            giver=world.bourges,
            recipient=world.korosten,
            offer=offer,
            sectors=["energy"],
            lines=[services.DeliveryLineIn(quantity="1", offer_item=offer.items.get().pk)],
            actor=bourges_editor,
        )
        services.delivery_ship(delivery=shipped, actor=bourges_editor)
        services.delivery_ship(delivery=pledged, actor=bourges_editor)
        services.delivery_receive(delivery=pledged, actor=korosten_editor)
        services.activity_add(
            partnership=partnership,
            kind="meeting",
            title=f"Зустріч {i}",
            starts_on=today - timedelta(days=i + 1),
            followups=[services.FollowUpIn(text=f"Крок {i}", due_on=today)],
            actor=korosten_editor,
        )
        services.message_post(partnership=partnership, body=f"Лист {i}", actor=bourges_editor)
        services.agreement_add(
            partnership=partnership,
            kind="memorandum",
            title=f"Меморандум {i}",
            signed_on=today - timedelta(days=i),
            signatories=[services.SignatoryIn(name=f"Підписант {i}")],
            actor=korosten_editor,
        )
        services.project_add(
            partnership=partnership, title=f"Проєкт {i}", needs=[need], actor=korosten_editor
        )


# (page, API detail) for each viewer of a public partnership in dialogue between Korosten and
# Bourges: permissions are looked up once per page, not once per delivery or party (before:
# Korosten's editor 50 queries with one of everything and 71 with four, AUC's facilitator 72
# and 120; docs/benchmarks.md, "Queries per page").
EXPECTED = {
    "anonymous": (23, 18),
    "korosten_editor": (29, 22),
    "bourges_editor": (29, 22),
    "facilitator": (30, 22),
    "member_elsewhere": (27, 22),
    "secretariat": (28, 21),
}


@pytest.mark.parametrize("viewer", list(EXPECTED))
def test_the_partnership_page_and_api_are_a_fixed_number_of_queries(world, client, viewer):
    partnership = world.in_dialogue()
    shown_to(partnership, "public", actor=world.users["korosten_editor"])
    if viewer != "anonymous":
        sign_in_verified(client, world.users[viewer])
    page = partnership.get_absolute_url()
    api = f"/api/v1/partnerships/partnerships/{partnership.pk}"
    grow(world, partnership, 1)
    queries(client, page)  # warm the caches (content types, sectors)
    queries(client, api)
    before = queries(client, page), queries(client, api)

    grow(world, partnership, 3, start=1)
    after = queries(client, page), queries(client, api)

    assert (before, after) == (EXPECTED[viewer], EXPECTED[viewer])
    shown = client.get(page).context
    assert (len(shown["parties"]), len(shown["deliveries"])) == (6, 8)
