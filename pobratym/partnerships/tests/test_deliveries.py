"""Aid deliveries: pledged → shipped → received, the receipt confirmed by the receiving side,
the need's status kept in step, totals."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from pobratym.core.errors import InvalidInput, PermissionRefused
from pobratym.exchange.models import Need
from pobratym.exchange.services import ItemIn
from pobratym.partnerships import selectors, services
from pobratym.partnerships.models import Delivery

TODAY = date(2026, 3, 20)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 3, 20), tick=False):
        yield


def generators(quantity="10"):
    return [ItemIn(name="Генератор", quantity=quantity, unit="pieces")]


def pledge(world, partnership, need=None, items=None, **overrides):
    values = {
        "giver": world.bourges,
        "recipient": world.korosten,
        "need": need,
        "items": items or generators(),
        "pledged_on": date(2026, 3, 1),
        "actor": world.users["bourges_editor"],
    }
    values.update(overrides)
    return services.delivery_pledge(partnership=partnership, **values)


def ship_and_receive(world, delivery):
    services.delivery_ship(
        delivery=delivery, shipped_on=date(2026, 3, 5), actor=world.users["bourges_editor"]
    )
    return services.delivery_receive(
        delivery=delivery, received_on=date(2026, 3, 9), actor=world.users["korosten_editor"]
    )


def test_ten_generators_received_meet_a_need_for_ten(world):
    need = world.generators_need("10")
    partnership = world.in_dialogue(need=need)
    delivery = pledge(world, partnership, need=need)

    assert Need.objects.get().status == "open"
    delivery = ship_and_receive(world, delivery)

    assert (delivery.state, delivery.shipped_on, delivery.received_on) == (
        "received",
        date(2026, 3, 5),
        date(2026, 3, 9),
    )
    assert delivery.received_confirmed_by == world.users["korosten_editor"]
    assert delivery.items.get().need_item == need.items.get()
    assert Need.objects.get().status == "met"


def test_part_of_the_need_received_makes_it_partly_met_then_met(world):
    need = world.generators_need("20")
    partnership = world.in_dialogue()

    ship_and_receive(world, pledge(world, partnership, need=need))
    assert Need.objects.get().status == "partly_met"

    ship_and_receive(world, pledge(world, partnership, need=need))
    assert Need.objects.get().status == "met"


def test_a_pledge_alone_leaves_the_need_open(world):
    need = world.generators_need("10")
    partnership = world.in_dialogue()
    delivery = pledge(world, partnership, need=need)
    services.delivery_ship(delivery=delivery, actor=world.users["bourges_editor"])

    assert Need.objects.get().status == "open"


def test_items_in_the_same_unit_are_matched_by_name(world):
    need = world.generators_need("10")
    partnership = world.in_dialogue()

    delivery = pledge(
        world,
        partnership,
        need=need,
        items=[
            ItemIn(name="Обігрівач", quantity="50", unit="pieces"),
            ItemIn(name="дизельний генератор 30 кВт", quantity="10", unit="pieces"),
        ],
    )

    assert [(i.name, i.need_item_id) for i in delivery.items.all()] == [
        ("Обігрівач", None),
        ("дизельний генератор 30 кВт", need.items.get().pk),
    ]


def test_only_the_receiving_side_confirms_the_receipt(world):
    partnership = world.in_dialogue()
    delivery = pledge(world, partnership)
    services.delivery_ship(delivery=delivery, actor=world.users["bourges_editor"])

    with pytest.raises(PermissionRefused):
        services.delivery_receive(delivery=delivery, actor=world.users["bourges_editor"])

    assert Delivery.objects.get().state == "shipped"
    services.delivery_receive(delivery=delivery, actor=world.users["facilitator"])
    assert Delivery.objects.get().state == "received"


def test_received_before_shipped_is_refused(world):
    partnership = world.in_dialogue()
    delivery = pledge(world, partnership)
    services.delivery_ship(
        delivery=delivery, shipped_on=date(2026, 3, 5), actor=world.users["bourges_editor"]
    )

    with pytest.raises(InvalidInput) as refused:
        services.delivery_receive(
            delivery=delivery, received_on=date(2026, 3, 4), actor=world.users["korosten_editor"]
        )

    assert list(refused.value.extra["fields"]) == ["received_on"]
    assert Delivery.objects.get().state == "shipped"


def test_shipped_before_pledged_or_in_the_future_is_refused(world):
    partnership = world.in_dialogue()
    delivery = pledge(world, partnership)

    for day in (date(2026, 2, 1), date(2026, 4, 1)):
        with pytest.raises(InvalidInput):
            services.delivery_ship(
                delivery=delivery, shipped_on=day, actor=world.users["bourges_editor"]
            )
    assert Delivery.objects.get().state == "pledged"


def test_steps_out_of_order_are_refused(world):
    partnership = world.in_dialogue()
    delivery = pledge(world, partnership)

    with pytest.raises(InvalidInput) as refused:
        services.delivery_receive(delivery=delivery, actor=world.users["korosten_editor"])
    assert refused.value.code == "delivery_state"

    ship_and_receive(world, delivery)
    with pytest.raises(InvalidInput):
        services.delivery_ship(delivery=delivery, actor=world.users["bourges_editor"])


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"items": [ItemIn(name="Генератор", quantity="-1", unit="pieces")]}, "items.0.quantity"),
        ({"items": [ItemIn(name="<b>Генератор</b>", quantity="1", unit="pieces")]}, "items.0.name"),
        ({"items": [ItemIn(name="Генератор", quantity="1", unit="barrels")]}, "items.0.unit"),
        ({"recipient": "bourges"}, "recipient"),
        ({"pledged_on": date(2026, 4, 1)}, "pledged_on"),
        ({"visibility": "everyone"}, "visibility"),
    ],
)
def test_bad_pledges_are_refused_per_field(world, overrides, field):
    partnership = world.in_dialogue()
    if overrides.get("recipient") == "bourges":
        overrides["recipient"] = world.bourges

    with pytest.raises(InvalidInput) as refused:
        pledge(world, partnership, **overrides)

    assert field in refused.value.extra["fields"]
    assert not Delivery.objects.exists()


def test_a_party_does_not_deliver_to_itself(world):
    need = world.generators_need()
    partnership = world.in_dialogue()

    with pytest.raises(InvalidInput) as refused:
        pledge(world, partnership, need=need, giver=world.korosten, recipient=world.korosten)

    assert set(refused.value.extra["fields"]) == {"recipient"}


def test_totals_per_partnership_hromada_country_and_sector(world):
    need = world.generators_need("30")
    partnership = world.in_dialogue(need=need)
    ship_and_receive(world, pledge(world, partnership, need=need))
    pledge(world, partnership, need=need, items=generators("5"))
    viewer = world.users["korosten_editor"]

    by_country = selectors.delivery_totals(viewer=viewer, by="country")
    by_hromada = selectors.delivery_totals(viewer=viewer, by="hromada")
    by_sector = selectors.delivery_totals(viewer=viewer, by="sector")
    by_partnership = selectors.delivery_totals(
        viewer=viewer, by="partnership", partnership=partnership
    )

    assert [(t.key, t.unit, t.pledged, t.shipped, t.received) for t in by_country] == [
        ("FR", "pieces", Decimal(5), Decimal(0), Decimal(10))
    ]
    assert [(t.label, t.received) for t in by_hromada] == [
        (world.korosten.display_name, Decimal(10))
    ]
    assert [(t.key, t.received) for t in by_sector] == [("energy.generators", Decimal(10))]
    assert [(t.label, t.pledged) for t in by_partnership] == [
        ("Коростенська міська територіальна громада – Бурж", Decimal(5))
    ]
    # Deliveries of a partnership shown to its parties only are not counted for others.
    assert selectors.delivery_totals(viewer=world.users["member_elsewhere"], by="country") == []
