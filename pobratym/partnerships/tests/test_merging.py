"""A directory merge carries the duplicate's partnership references over to the target."""

from pobratym.directory.tests.factories import AuthorityFactory
from pobratym.partnerships import services
from pobratym.partnerships.models import CalendarFeed, Delivery, PartnershipParty
from pobratym.partnerships.services import DeliveryLineIn


def test_merging_moves_parties_deliveries_and_the_calendar(world):
    duplicate = AuthorityFactory(name="Коростенська громада", official_code="UA18DUPLICATE")
    partnership = world.in_dialogue()
    both = services.partnership_create(
        organisations=[duplicate, world.korosten, world.bourges],
        kind="twinning",
        actor=world.users["secretariat"],
    )
    services.delivery_pledge(
        partnership=both,
        giver=duplicate,
        recipient=world.korosten,
        lines=[DeliveryLineIn(quantity="1", name="Генератор", unit="pieces")],
        sectors=["energy.generators"],
        actor=world.users["secretariat"],
    )
    alone = services.partnership_create(
        organisations=[duplicate, world.bourges], kind="twinning", actor=world.users["secretariat"]
    )
    services.delivery_pledge(
        partnership=alone,
        giver=world.bourges,
        recipient=duplicate,
        lines=[DeliveryLineIn(quantity="2", name="Генератор", unit="pieces")],
        sectors=["energy.generators"],
        actor=world.users["secretariat"],
    )
    CalendarFeed.objects.create(authority=duplicate)

    moved = services.partnerships_merge_authority_unsafe(duplicate=duplicate, target=world.korosten)

    assert moved == {
        "partnership parties dropped as duplicates": 1,
        "partnership parties": 1,
        "deliveries received": 1,
        "calendar addresses": 1,
    }
    assert not PartnershipParty.objects.filter(authority=duplicate).exists()
    assert [p.organisation for p in both.parties.all()] == [world.korosten, world.bourges]
    assert Delivery.objects.get(partnership=both).giver.organisation == world.korosten
    assert Delivery.objects.get(partnership=alone).recipient == world.korosten
    assert CalendarFeed.objects.get().authority == world.korosten
    assert partnership.parties.count() == 2
