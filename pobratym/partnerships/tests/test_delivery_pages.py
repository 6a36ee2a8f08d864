"""Delivery pages: the pledge form is made of the need's (or the offer's) own items, errors
land on their row, the need and offer pages show per-item figures, totals name their item."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext

from pobratym.accounts.tests.factories import sign_in_verified
from pobratym.exchange.services import ItemIn
from pobratym.exchange.tests.helpers import publish_offer
from pobratym.partnerships import services
from pobratym.partnerships.models import Delivery


def pledge_url(partnership, **scope):
    query = "&".join(f"{key}={value}" for key, value in scope.items())
    url = reverse("partnerships:delivery_create", args=[partnership.pk])
    return f"{url}?scope=1&{query}" if scope else url


def form_data(world, **extra):
    return {
        "giver": f"authority:{world.bourges.pk}",
        "recipient": str(world.korosten.pk),
        "pledged_on": date.today().isoformat(),
        "visibility": "parties",
        **extra,
    }


def ship_and_receive(world, delivery):
    services.delivery_ship(delivery=delivery, actor=world.users["bourges_editor"])
    services.delivery_receive(delivery=delivery, actor=world.users["korosten_editor"])


def heater_offer(world):
    return publish_offer(
        world.bourges,
        world.users["bourges_editor"],
        kind="equipment",
        title="Radiateurs électriques",
        sectors=["energy.heating"],
        items=[ItemIn(name="Radiateur électrique", quantity="50", unit="pieces")],
    )


def test_pledge_ship_and_receive_through_the_pages(world, client):
    need = world.generators_need("10")
    partnership = world.in_dialogue()
    sign_in_verified(client, world.users["bourges_editor"])
    url = pledge_url(partnership, need=need.pk)

    page = client.get(url)
    client.post(url, form_data(world, **{"line-0-quantity": "10"}))
    delivery = Delivery.objects.get()
    client.post(reverse("partnerships:delivery_ship", args=[delivery.pk]), {"day": ""})
    refused = client.post(reverse("partnerships:delivery_receive", args=[delivery.pk]), {"day": ""})
    sign_in_verified(client, world.users["korosten_editor"])
    client.post(reverse("partnerships:delivery_receive", args=[delivery.pk]), {"day": ""})

    # One row per needed item, named as the need names it, with its figures so far (in the
    # language of Bourges's editor's account: English).
    assert [row.label for row in page.context["rows"]] == [
        "Дизельний генератор 30 кВт: 10 needed, 0 pledged, 0 received"
    ]
    assert "sectors" not in page.context["form"].fields  # the need's sectors count
    assert refused.status_code == 403
    assert Delivery.objects.get().state == "received"
    assert [(i.need_item, i.name) for i in delivery.items.all()] == [
        (need.items.get(), "Дизельний генератор 30 кВт")
    ]
    need.refresh_from_db()
    assert need.status == "met"


def test_the_partnership_s_own_need_is_chosen_by_default(world, client):
    need = world.generators_need("10")
    partnership = world.in_dialogue(need=need)
    sign_in_verified(client, world.users["bourges_editor"])

    page = client.get(pledge_url(partnership))

    assert page.context["need"] == need
    assert len(page.context["rows"]) == 1


def test_a_pledge_from_an_offer_picks_the_offered_item_and_says_what_is_left(world, client):
    offer = heater_offer(world)
    partnership = world.in_dialogue()
    sign_in_verified(client, world.users["bourges_editor"])
    url = pledge_url(partnership, offer=offer.pk)

    page = client.get(url)
    response = client.post(
        url, form_data(world, sectors=["energy.heating"], **{"line-0-quantity": "20"})
    )
    again = client.get(url)

    assert page.context["form"]["sectors"].initial == ["energy.heating"]
    assert response.status_code == 302
    line = Delivery.objects.get().items.get()
    assert (line.offer_item, line.quantity) == (offer.items.get(), 20)
    assert [row.label for row in again.context["rows"]] == [
        "Radiateur électrique: 50 offered, 30 left to give"
    ]


def test_a_pledge_over_the_stock_shows_the_error_on_its_row(world, client):
    offer = heater_offer(world)
    partnership = world.in_dialogue()
    sign_in_verified(client, world.users["bourges_editor"])

    response = client.post(
        pledge_url(partnership, offer=offer.pk),
        form_data(world, sectors=["energy.heating"], **{"line-0-quantity": "51"}),
    )

    assert response.context["rows"][0].errors["quantity"] == [
        "Only 50 pieces of this item are left to give."
    ]
    assert not Delivery.objects.exists()


def test_a_bad_free_pledge_shows_the_error_on_the_item_row(world, client):
    partnership = world.in_dialogue()
    sign_in_verified(client, world.users["bourges_editor"])

    response = client.post(
        pledge_url(partnership),
        form_data(
            world,
            **{
                "items-TOTAL_FORMS": "3",
                "items-INITIAL_FORMS": "0",
                "items-1-name": "Генератори",
                "items-1-quantity": "0",
                "items-1-unit": "pieces",
            },
        ),
    )

    free_items = response.context["free_items"]
    assert free_items.forms[1].errors["quantity"] == [
        gettext("The quantity must be more than zero.")
    ]
    assert response.context["form"].errors["sectors"] == [gettext("Choose at least one sector.")]
    assert not Delivery.objects.exists()


def test_the_need_page_shows_each_item_needed_pledged_and_received(world, client):
    need = world.generators_need("20")
    partnership = world.in_dialogue()
    delivery = services.delivery_pledge(
        partnership=partnership,
        giver=world.bourges,
        recipient=world.korosten,
        need=need,
        lines=[services.DeliveryLineIn(quantity="8", need_item=need.items.get().pk)],
        actor=world.users["bourges_editor"],
    )
    services.delivery_ship(delivery=delivery, actor=world.users["bourges_editor"])
    sign_in_verified(client, world.users["korosten_editor"])

    page = client.get(need.get_absolute_url())

    assert [(p.needed, p.pledged, p.received) for p in page.context["item_progress"]] == [
        (20, 8, 0)
    ]
    assert "data-pledged>8</td>" in page.content.decode()


def test_the_offer_page_says_when_everything_was_pledged(world, client):
    offer = heater_offer(world)
    partnership = world.in_dialogue()
    services.delivery_pledge(
        partnership=partnership,
        giver=world.bourges,
        recipient=world.korosten,
        offer=offer,
        sectors=["energy.heating"],
        lines=[services.DeliveryLineIn(quantity="50", offer_item=offer.items.get().pk)],
        actor=world.users["bourges_editor"],
    )

    page = client.get(offer.get_absolute_url())

    assert [(s.offered, s.pledged, s.left) for s in page.context["item_stock"]] == [(50, 50, 0)]
    assert page.context["used_up"] is True
    assert "data-used-up" in page.content.decode()


def test_the_partnership_page_links_the_need_only_for_those_who_may_see_it(world, client):
    public = world.generators_need("10")
    hidden = world.generators_need("5")
    hidden.visibility = "parties"
    hidden.save()
    partnership = world.in_dialogue()
    partnership.visibility = "public"
    partnership.save()
    for need in (public, hidden):
        services.delivery_pledge(
            partnership=partnership,
            giver=world.bourges,
            recipient=world.korosten,
            need=need,
            lines=[services.DeliveryLineIn(quantity="10", need_item=need.items.get().pk)],
            visibility="public",
            actor=world.users["bourges_editor"],
        )
    # A need the delivery met is still linked: it is no longer open, it is not gone.
    ship_and_receive(world, public.deliveries.get())

    anonymous = client.get(partnership.get_absolute_url()).content.decode()
    sign_in_verified(client, world.users["korosten_editor"])
    party = client.get(partnership.get_absolute_url()).content.decode()

    assert anonymous.count(public.get_absolute_url()) == 1
    assert hidden.get_absolute_url() not in anonymous
    assert hidden.get_absolute_url() in party


def test_renaming_a_needed_item_on_the_edit_page_keeps_its_aid(world, client):
    need = world.generators_need("10")
    item = need.items.get()
    partnership = world.in_dialogue()
    services.delivery_pledge(
        partnership=partnership,
        giver=world.bourges,
        recipient=world.korosten,
        need=need,
        lines=[services.DeliveryLineIn(quantity="4", need_item=item.pk)],
        actor=world.users["bourges_editor"],
    )
    sign_in_verified(client, world.users["korosten_editor"])
    url = reverse("exchange:need_edit", args=[need.pk])

    form = client.get(url).content.decode()
    response = client.post(
        url,
        {
            "title": need.title,
            "description": need.description,
            "sectors": ["energy.generators"],
            "urgency": need.urgency,
            "estimated_cost_eur": "",
            "status": "open",
            "visibility": need.visibility,
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "1",
            "items-0-id": str(item.pk),
            "items-0-name": "Генератор дизельний, 30 кВт",
            "items-0-quantity": "12",
            "items-0-unit": "pieces",
        },
    )

    assert f'name="items-0-id" value="{item.pk}"' in form
    assert response.status_code == 302
    assert list(need.items.values_list("pk", "name")) == [(item.pk, "Генератор дизельний, 30 кВт")]
    assert Delivery.objects.get().items.get().need_item_id == item.pk


def test_the_api_gives_each_delivery_its_sectors_offer_and_item_links(world, client):
    offer = heater_offer(world)
    need = world.generators_need("10")
    partnership = world.in_dialogue()
    partnership.visibility = "public"
    partnership.save()
    services.delivery_pledge(
        partnership=partnership,
        giver=world.bourges,
        recipient=world.korosten,
        offer=offer,
        sectors=["energy.heating"],
        lines=[services.DeliveryLineIn(quantity="5", offer_item=offer.items.get().pk)],
        visibility="public",
        actor=world.users["bourges_editor"],
    )
    services.delivery_pledge(
        partnership=partnership,
        giver=world.bourges,
        recipient=world.korosten,
        need=need,
        lines=[services.DeliveryLineIn(quantity="2", need_item=need.items.get().pk)],
        visibility="public",
        actor=world.users["bourges_editor"],
    )

    body = client.get(f"/api/v1/partnerships/partnerships/{partnership.pk}").json()

    assert [
        (
            d["need_id"],
            d["offer_id"],
            d["sectors"],
            [(i["need_item_id"], i["offer_item_id"]) for i in d["items"]],
        )
        for d in body["deliveries"]
    ] == [
        (need.pk, None, ["energy.generators"], [(need.items.get().pk, None)]),
        (None, offer.pk, ["energy.heating"], [(None, offer.items.get().pk)]),
    ]
