"""Aid deliveries: made of the need's own items, pledged → shipped → received, the receipt
confirmed by the receiving side, the need's status and the offer's stock kept in step, totals
that never add two items or two units together."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from pobratym.core.errors import InvalidInput, PermissionRefused
from pobratym.exchange.models import Need, NeedItem, Offer
from pobratym.exchange.services import ItemIn, need_update
from pobratym.exchange.tests.helpers import publish_offer, update_values
from pobratym.partnerships import item_selectors, services
from pobratym.partnerships.models import Delivery, DeliveryItem
from pobratym.partnerships.selectors.deliveries import delivery_totals
from pobratym.partnerships.services import DeliveryLineIn

TODAY = date(2026, 3, 20)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 3, 20), tick=False):
        yield


def free_generators(quantity="10"):
    return [DeliveryLineIn(quantity=quantity, name="Генератор", unit="pieces")]


def need_lines(need, quantity="10"):
    return [DeliveryLineIn(quantity=quantity, need_item=need.items.get().pk)]


def pledge(world, partnership, need=None, lines=None, **overrides):
    values = {
        "giver": world.bourges,
        "recipient": world.korosten,
        "need": need,
        "lines": lines if lines is not None else (need_lines(need) if need else free_generators()),
        "sectors": [] if need else ["energy.generators"],
        "pledged_on": date(2026, 3, 1),
        "actor": world.users["bourges_editor"],
    }
    values.update(overrides)
    return services.delivery_pledge(partnership=partnership, **values)


def ship(world, delivery):
    return services.delivery_ship(
        delivery=delivery, shipped_on=date(2026, 3, 5), actor=world.users["bourges_editor"]
    )


def ship_and_receive(world, delivery):
    ship(world, delivery)
    return services.delivery_receive(
        delivery=delivery, received_on=date(2026, 3, 9), actor=world.users["korosten_editor"]
    )


def generator_offer(world, quantity="10"):
    return publish_offer(
        world.bourges,
        world.users["bourges_editor"],
        kind="equipment",
        title="Groupes électrogènes",
        sectors=["energy.generators"],
        items=[
            ItemIn(name="Groupe électrogène 30 kW", quantity=quantity, unit="pieces"),
            ItemIn(name="Gazole", quantity="500", unit="litres"),
        ],
    )


def snapshot():
    return (
        list(Delivery.objects.values()),
        list(DeliveryItem.objects.values()),
        list(Offer.objects.values("pk", "updated_at")),
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
    line = delivery.items.get()
    assert (line.need_item, line.name, line.unit) == (
        need.items.get(),
        "Дизельний генератор 30 кВт",
        "pieces",
    )
    assert Need.objects.get().status == "met"


def test_a_delivery_answering_a_need_is_made_of_its_items_name_and_unit_included(world):
    need = world.generators_need("10")
    partnership = world.in_dialogue()

    delivery = pledge(
        world,
        partnership,
        need=need,
        # Whatever a form sent beside the item, the name and unit are the needed item's.
        lines=[
            DeliveryLineIn(
                quantity="4", need_item=need.items.get().pk, name="generators", unit="kw"
            )
        ],
    )

    assert [(i.name, i.quantity, i.unit) for i in delivery.items.all()] == [
        ("Дизельний генератор 30 кВт", Decimal("4.00"), "pieces")
    ]


def test_free_items_on_a_delivery_answering_a_need_are_refused_and_nothing_is_saved(world):
    need = world.generators_need("10")
    other = world.generators_need("5")
    partnership = world.in_dialogue()
    before = snapshot()

    with pytest.raises(InvalidInput) as refused:
        pledge(
            world,
            partnership,
            need=need,
            lines=[
                DeliveryLineIn(quantity="10", name="Heaters", unit="pieces"),
                DeliveryLineIn(quantity="1", need_item=other.items.get().pk),
            ],
        )

    assert set(refused.value.extra["fields"]) == {"items.0.need_item", "items.1.need_item"}
    assert snapshot() == before


def test_part_of_the_need_received_makes_it_partly_met_then_met(world):
    need = world.generators_need("20")
    partnership = world.in_dialogue()

    ship_and_receive(world, pledge(world, partnership, need=need))
    assert Need.objects.get().status == "partly_met"

    ship_and_receive(world, pledge(world, partnership, need=need))
    assert Need.objects.get().status == "met"


def test_a_need_is_met_only_when_every_item_received_what_was_needed(world):
    need = world.generators_need("10")
    need_update(
        need=need,
        actor=world.users["korosten_editor"],
        **update_values(
            need,
            items=[
                ItemIn("Дизельний генератор 30 кВт", "10", "pieces", id=need.items.get().pk),
                ItemIn("Паливо", "500", "litres"),
            ],
        ),
    )
    generator, fuel = need.items.all()
    partnership = world.in_dialogue()

    ship_and_receive(
        world,
        pledge(
            world,
            partnership,
            need=need,
            lines=[
                DeliveryLineIn(quantity="10", need_item=generator.pk),
                DeliveryLineIn(quantity="499", need_item=fuel.pk),
            ],
        ),
    )
    assert Need.objects.get().status == "partly_met"

    ship_and_receive(
        world, pledge(world, partnership, need=need, lines=[DeliveryLineIn("1", fuel.pk)])
    )
    assert Need.objects.get().status == "met"


def test_a_pledge_alone_leaves_the_need_open(world):
    need = world.generators_need("10")
    partnership = world.in_dialogue()
    delivery = pledge(world, partnership, need=need)
    services.delivery_ship(delivery=delivery, actor=world.users["bourges_editor"])

    assert Need.objects.get().status == "open"


def test_the_need_shows_per_item_needed_pledged_and_received(world):
    need = world.generators_need("20")
    partnership = world.in_dialogue()
    ship_and_receive(world, pledge(world, partnership, need=need, lines=need_lines(need, "5")))
    ship(world, pledge(world, partnership, need=need, lines=need_lines(need, "3")))
    pledge(world, partnership, need=need, lines=need_lines(need, "2"))

    progress = item_selectors.need_item_progress(need=need, viewer=world.users["korosten_editor"])

    # "Pledged" is pledged and not yet received: the shipped 3 still count, the received 5 not.
    assert [(p.item.name, p.needed, p.pledged, p.received) for p in progress] == [
        ("Дизельний генератор 30 кВт", Decimal(20), Decimal(5), Decimal(5))
    ]
    # The deliveries are the parties' own: someone else sees the need but not the aid.
    elsewhere = item_selectors.need_item_progress(need=need, viewer=world.users["member_elsewhere"])
    assert [(p.pledged, p.received) for p in elsewhere] == [(Decimal(0), Decimal(0))]


def test_editing_a_need_keeps_the_aid_with_its_item(world):
    need = world.generators_need("10")
    partnership = world.in_dialogue()
    delivery = pledge(world, partnership, need=need, lines=need_lines(need, "4"))
    item = need.items.get()

    need_update(
        need=need,
        actor=world.users["korosten_editor"],
        **update_values(need, items=[ItemIn("Генератор 30 кВт", "12", "pieces", id=item.pk)]),
    )

    assert list(NeedItem.objects.values_list("pk", "name", "quantity")) == [
        (item.pk, "Генератор 30 кВт", Decimal("12.00"))
    ]
    assert delivery.items.get().need_item_id == item.pk


@pytest.mark.parametrize(
    "items",
    [
        [],  # the item removed
        [ItemIn("Дизельний генератор 30 кВт", "10", "kw")],  # its unit changed
    ],
)
def test_an_item_with_recorded_aid_cannot_be_removed_or_change_its_unit(world, items):
    need = world.generators_need("10")
    partnership = world.in_dialogue()
    pledge(world, partnership, need=need, lines=need_lines(need, "4"))
    before = list(NeedItem.objects.values())

    with pytest.raises(InvalidInput) as refused:
        need_update(
            need=need, actor=world.users["korosten_editor"], **update_values(need, items=items)
        )

    assert "«Дизельний генератор 30 кВт»" in refused.value.extra["fields"]["items"]
    assert list(NeedItem.objects.values()) == before


def test_pledges_from_an_offer_take_from_what_is_left_to_give(world):
    offer = generator_offer(world, quantity="10")
    generators, _fuel = offer.items.all()
    need = world.generators_need("20")
    partnership = world.in_dialogue()

    first = pledge(
        world,
        partnership,
        need=need,
        offer=offer,
        lines=[
            DeliveryLineIn(quantity="6", need_item=need.items.get().pk, offer_item=generators.pk)
        ],
    )
    ship(world, first)
    pledge(
        world,
        partnership,
        offer=offer,
        sectors=["energy.generators"],
        lines=[DeliveryLineIn(quantity="3", offer_item=generators.pk)],
    )

    stock = item_selectors.offer_item_stock(offer.items.all())
    assert [(s.item.name, s.offered, s.pledged, s.given, s.left) for s in stock] == [
        ("Groupe électrogène 30 kW", Decimal(10), Decimal(3), Decimal(6), Decimal(1)),
        ("Gazole", Decimal(500), Decimal(0), Decimal(0), Decimal(500)),
    ]
    assert first.items.get().offer_item == generators


def test_pledging_more_than_is_left_to_give_is_refused(world):
    offer = generator_offer(world, quantity="10")
    generators = offer.items.first()
    partnership = world.in_dialogue()
    pledge(
        world,
        partnership,
        offer=offer,
        lines=[DeliveryLineIn(quantity="8", offer_item=generators.pk)],
    )
    before = snapshot()

    with pytest.raises(InvalidInput) as refused:
        pledge(
            world,
            partnership,
            offer=offer,
            lines=[DeliveryLineIn(quantity="3", offer_item=generators.pk)],
        )

    assert refused.value.extra["fields"] == {
        "items.0.quantity": "Для передачі лишилося лише 2 шт. цієї позиції."
    }
    assert snapshot() == before


def test_an_offer_with_nothing_left_is_used_up(world):
    offer = generator_offer(world, quantity="10")
    generators, fuel = offer.items.all()
    partnership = world.in_dialogue()
    lines = [DeliveryLineIn(quantity="10", offer_item=generators.pk)]
    pledge(world, partnership, offer=offer, lines=lines)
    assert item_selectors.offers_used_up([offer.pk]) == set()

    pledge(world, partnership, offer=offer, lines=[DeliveryLineIn("500", offer_item=fuel.pk)])

    assert item_selectors.offers_used_up([offer.pk]) == {offer.pk}


def test_a_pledge_from_an_offer_changes_its_stamp(world):
    offer = generator_offer(world)
    before = Offer.objects.get().updated_at
    partnership = world.in_dialogue()

    with time_machine.travel(date(2026, 3, 21), tick=False):
        pledge(
            world,
            partnership,
            offer=offer,
            lines=[DeliveryLineIn(quantity="1", offer_item=offer.items.first().pk)],
        )

    assert Offer.objects.get().updated_at > before


def test_offer_and_need_items_in_different_units_are_refused(world):
    offer = generator_offer(world)
    _generators, fuel = offer.items.all()
    need = world.generators_need("10")
    partnership = world.in_dialogue()

    with pytest.raises(InvalidInput) as refused:
        pledge(
            world,
            partnership,
            need=need,
            offer=offer,
            lines=[DeliveryLineIn(quantity="1", need_item=need.items.get().pk, offer_item=fuel.pk)],
        )

    assert refused.value.extra["fields"] == {
        "items.0.offer_item": "Запропоновану позицію рахують у «л», а потрібну — у «шт.»."
    }
    assert not Delivery.objects.exists()


def test_an_offer_of_someone_else_or_an_item_listed_twice_is_refused(world):
    other = publish_offer(
        world.korosten,
        world.users["korosten_editor"],
        kind="equipment",
        items=[ItemIn(name="Генератор", quantity="3", unit="pieces")],
    )
    offer = generator_offer(world)
    generators = offer.items.first()
    partnership = world.in_dialogue()

    with pytest.raises(InvalidInput) as not_the_givers:
        pledge(
            world,
            partnership,
            offer=other,
            lines=[DeliveryLineIn(quantity="1", offer_item=other.items.get().pk)],
        )
    with pytest.raises(InvalidInput) as twice:
        pledge(
            world,
            partnership,
            offer=offer,
            lines=[DeliveryLineIn("1", offer_item=generators.pk)] * 2,
        )

    assert set(not_the_givers.value.extra["fields"]) == {"offer"}
    assert set(twice.value.extra["fields"]) == {"items.1.quantity"}
    assert not Delivery.objects.exists()


def test_a_delivery_counts_under_its_need_s_sectors_or_the_chosen_ones(world):
    need = world.generators_need("10")
    partnership = world.in_dialogue(need=need)
    partnership.sectors.set([])  # the partnership's own sectors play no part

    answering = pledge(world, partnership, need=need)
    heating = pledge(
        world,
        partnership,
        lines=[DeliveryLineIn(quantity="50", name="Обігрівач", unit="pieces")],
        sectors=["energy.heating"],
    )

    assert [s.code for s in answering.sectors.all()] == ["energy.generators"]
    assert [s.code for s in heating.sectors.all()] == ["energy.heating"]


def test_a_delivery_answering_no_need_must_say_its_sectors(world):
    partnership = world.in_dialogue()

    with pytest.raises(InvalidInput) as refused:
        pledge(world, partnership, sectors=[])

    assert set(refused.value.extra["fields"]) == {"sectors"}
    assert not Delivery.objects.exists()


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
        ({"lines": free_generators("-1")}, "items.0.quantity"),
        (
            {"lines": [DeliveryLineIn(quantity="1", name="<b>Генератор</b>", unit="pieces")]},
            "items.0.name",
        ),
        ({"lines": [DeliveryLineIn(quantity="1", name="Бочка", unit="barrels")]}, "items.0.unit"),
        ({"lines": []}, "items"),
        ({"recipient": "bourges"}, "recipient"),
        ({"pledged_on": date(2026, 4, 1)}, "pledged_on"),
        ({"visibility": "everyone"}, "visibility"),
        ({"sectors": ["no.such.sector"]}, "sectors"),
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
    ship(world, pledge(world, partnership, need=need, lines=need_lines(need, "3")))
    pledge(world, partnership, need=need, lines=need_lines(need, "5"))
    viewer = world.users["korosten_editor"]

    by_country = delivery_totals(viewer=viewer, by="country")
    by_hromada = delivery_totals(viewer=viewer, by="hromada")
    by_sector = delivery_totals(viewer=viewer, by="sector")
    by_partnership = delivery_totals(viewer=viewer, by="partnership", partnership=partnership)

    # Pledged is pledged and not yet received (5 pledged + 3 on the way), not only "pledged".
    assert [(t.key, t.item, t.unit, t.pledged, t.shipped, t.received) for t in by_country] == [
        ("FR", "Дизельний генератор 30 кВт", "pieces", Decimal(8), Decimal(3), Decimal(10))
    ]
    assert [(t.label, t.received) for t in by_hromada] == [
        (world.korosten.display_name, Decimal(10))
    ]
    assert [(t.key, t.received) for t in by_sector] == [("energy.generators", Decimal(10))]
    assert [(t.label, t.pledged) for t in by_partnership] == [
        ("Коростенська міська територіальна громада – Бурж", Decimal(8))
    ]
    # Deliveries of a partnership shown to its parties only are not counted for others.
    assert delivery_totals(viewer=world.users["member_elsewhere"], by="country") == []


def test_totals_never_add_different_items_or_units_together(world):
    partnership = world.in_dialogue()
    ship_and_receive(
        world,
        pledge(
            world,
            partnership,
            lines=[
                DeliveryLineIn(quantity="10", name="Генератор", unit="pieces"),
                DeliveryLineIn(quantity="50", name="Обігрівач", unit="pieces"),
                DeliveryLineIn(quantity="500", name="Обігрівач", unit="tonnes"),
            ],
            sectors=["energy"],
        ),
    )

    totals = delivery_totals(viewer=world.users["korosten_editor"], by="hromada")

    assert [(t.item, t.unit, t.received) for t in totals] == [
        ("Генератор", "pieces", Decimal(10)),
        ("Обігрівач", "tonnes", Decimal(500)),
        ("Обігрівач", "pieces", Decimal(50)),
    ]
