"""Every detail page and API detail endpoint reads a fixed number of queries for each viewer,
however many related rows its record has: partnerships and deliveries answering a need or
giving from an offer, other needs and offers to recommend, members and contacts of an
organisation, proposals of a round."""

from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pobratym.accounts.tests.factories import claim, editor_of, sign_in_verified
from pobratym.allocation.models import AllocationRound, RoundProposal
from pobratym.directory.models import Contact
from pobratym.directory.tests.factories import MembershipFactory, municipality
from pobratym.exchange.models import Need, Offer
from pobratym.exchange.services import ItemIn
from pobratym.matching import keeper
from pobratym.partnerships import services
from pobratym.partnerships.models import Partnership
from pobratym.portal.tests.conftest import GENERATORS, Scene


@dataclass
class Records:
    need: Need
    offer: Offer
    partnership: Partnership
    allocation_round: AllocationRound


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def records(scene: Scene) -> Records:
    """Korosten's need for generators, Bourges's offer of heaters, their partnership and a
    round of AUC proposing offers to Korosten."""
    offer = scene.offer(
        title="Heaters",
        kind="equipment",
        items=[ItemIn(name="Heater", quantity="500", unit="pieces")],
    )
    need = scene.need(
        title="Генератори для лікарні",
        items=[ItemIn(name="Генератор", quantity="500", unit="pieces")],
    )
    partnership = services.partnership_express_interest(
        from_organisation=scene.bourges,
        to_organisation=scene.korosten,
        need=need,
        offer=offer,
        actor=scene.users["bourges_editor"],
    ).partnership
    services.partnership_transition(
        partnership=partnership, to_state="in_dialogue", actor=scene.users["korosten_editor"]
    )
    allocation_round = AllocationRound.objects.create(
        title="Зима 2026", association=scene.auc, status="under_review"
    )
    return Records(need, offer, partnership, allocation_round)


def grow(scene: Scene, records: Records, n: int, start: int = 0) -> None:
    """n more of everything the detail pages list."""
    bourges_editor = scene.users["bourges_editor"]
    for i in range(start, start + n):
        town = municipality(
            f"Town {i}", country="FR", country_en="France", country_uk="Франція", population=900 + i
        )
        town_editor = editor_of(town)
        answering = services.partnership_express_interest(
            from_organisation=town,
            to_organisation=scene.korosten,
            need=records.need,
            actor=town_editor,
        ).partnership
        services.partnership_transition(
            partnership=answering, to_state="in_dialogue", actor=scene.users["korosten_editor"]
        )
        for partnership, giver, actor, line in (
            (
                answering,
                town,
                town_editor,
                services.DeliveryLineIn(quantity="1", need_item=records.need.items.get().pk),
            ),
            (
                records.partnership,
                scene.bourges,
                bourges_editor,
                services.DeliveryLineIn(quantity="1", offer_item=records.offer.items.get().pk),
            ),
        ):
            delivery = services.delivery_pledge(
                partnership=partnership,
                giver=giver,
                recipient=scene.korosten,
                need=records.need if giver == town else None,
                offer=records.offer if giver != town else None,
                sectors=[] if giver == town else ["energy"],
                lines=[line],
                actor=actor,
            )
            services.delivery_ship(delivery=delivery, actor=actor)
        MembershipFactory(association=scene.auc, authority=town)
        Contact.objects.create(
            authority=scene.korosten,
            name=f"Контакт {i}",
            email=f"contact{i}@korosten.example",
            consented_at=timezone.now(),
        )
        scene.need(title=f"Потреба {i}", items=GENERATORS)
        other = scene.offer(title=f"Offer {i}")
        RoundProposal.objects.create(
            round=records.allocation_round, hromada=scene.korosten, offer=other, score=0.5
        )


def url_of(page: str, scene: Scene, records: Records) -> str:
    api = "/api/v1"
    return {
        "authority": scene.korosten.get_absolute_url(),
        "association": scene.auc.get_absolute_url(),
        "need": records.need.get_absolute_url(),
        "offer": records.offer.get_absolute_url(),
        "round": reverse("allocation:round", args=[records.allocation_round.pk]),
        "api authority": f"{api}/directory/authorities/{scene.korosten.pk}",
        "api association": f"{api}/directory/associations/{scene.auc.slug}",
        "api need": f"{api}/exchange/needs/{records.need.pk}",
        "api offer": f"{api}/exchange/offers/{records.offer.pk}",
        "api offers for need": f"{api}/matching/needs/{records.need.pk}/offers",
        "api hromadas for offer": f"{api}/matching/offers/{records.offer.pk}/hromadas",
        "api hromadas for authority": f"{api}/matching/authorities/{scene.bourges.pk}/hromadas",
    }[page]


def measured(client, url: str, scene: Scene, shown: Records) -> tuple[int, int]:
    """Queries of the page with one of everything, then with four, each once the stored
    recommendations were brought up to date (what a task worker does after every write; the
    scene embeds no text, so the pages read that their recommendations are being prepared)."""
    grow(scene, shown, 1)
    keeper.refresh()
    before = queries(client, url)
    grow(scene, shown, 3, start=1)
    keeper.refresh()
    return before, queries(client, url)


# Queries for each viewer: anonymous; then Korosten's editor (the need's owner), Bourges's
# editor (the offer's owner), AUC's facilitator (curates Korosten) and the secretariat, each
# signed in with a second factor (session, user, device and memberships), and shown more than
# the public is (sections, actions, who may change what).
EXPECTED = {
    "authority": [7, 15, 16, 16, 15],
    "association": [5, 11, 11, 11, 11],
    "need": [5, 10, 10, 11, 10],
    "offer": [5, 10, 10, 11, 10],
    "api authority": [1, 4, 4, 4, 4],
    "api association": [1, 4, 4, 4, 4],
    "api need": [3, 7, 7, 7, 6],
    "api offer": [3, 7, 7, 7, 6],
    "api offers for need": [4, 8, 8, 8, 7],
    "api hromadas for offer": [4, 8, 8, 8, 7],
    "api hromadas for authority": [3, 6, 6, 6, 6],
}
VIEWERS = ["anonymous", "korosten_editor", "bourges_editor", "facilitator", "secretariat"]


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("page", list(EXPECTED))
def test_detail_pages_are_a_fixed_number_of_queries(scene, client, page, viewer):
    shown = records(scene)
    if viewer != "anonymous":
        sign_in_verified(client, scene.users[viewer])
    expected = EXPECTED[page][VIEWERS.index(viewer)]

    assert measured(client, url_of(page, scene, shown), scene, shown) == (expected, expected)


# The round's page is for those who run or review it: AUC's facilitator and the secretariat.
@pytest.mark.parametrize(("viewer", "expected"), [("facilitator", 7), ("secretariat", 6)])
def test_the_round_page_is_a_fixed_number_of_queries(scene, client, viewer, expected):
    shown = records(scene)
    sign_in_verified(client, scene.users[viewer])

    assert measured(client, url_of("round", scene, shown), scene, shown) == (expected, expected)


# Who acts for Korosten: its editor, AUC's facilitator (curates it) and the secretariat, with
# two members and a claim, then five of each (before: a query more for each of them, as
# the page looked up the organisation of every membership again).
@pytest.mark.parametrize(
    ("viewer", "expected"), [("korosten_editor", 6), ("facilitator", 7), ("secretariat", 6)]
)
def test_the_members_page_is_a_fixed_number_of_queries(scene, client, viewer, expected):
    sign_in_verified(client, scene.users[viewer])
    url = reverse("accounts:members", args=["authority", scene.korosten.pk])
    editor_of(scene.korosten)
    claim(scene.korosten)
    queries(client, url)
    before = queries(client, url)
    for _ in range(4):
        editor_of(scene.korosten)
        claim(scene.korosten)
    after = queries(client, url)

    assert (before, after) == (expected, expected)
    assert len(client.get(url).context["staff"]) == 11
