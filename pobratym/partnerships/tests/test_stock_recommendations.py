"""An offer whose items have all been pledged is no longer recommended; one with stock left is."""

from pobratym.exchange.services import ItemIn
from pobratym.exchange.tests.helpers import publish_need, publish_offer
from pobratym.matching import selectors
from pobratym.partnerships import services


def test_an_offer_with_nothing_left_to_give_is_no_longer_recommended(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        need = publish_need(world.korosten, world.users["korosten_editor"])
        offer = publish_offer(
            world.bourges,
            world.users["bourges_editor"],
            kind="equipment",
            title="Groupes électrogènes",
            sectors=["energy.generators"],
            capacity=5,
            items=[ItemIn(name="Groupe électrogène", quantity="10", unit="pieces")],
        )
    partnership = world.in_dialogue()

    def recommended():
        found = selectors.offers_for_need(need=need, viewer=world.users["korosten_editor"])
        return [item.offer.title for item in found.items]

    def pledge(quantity):
        # After commit, the worker's refresh of the stored recommendations.
        with django_capture_on_commit_callbacks(execute=True):
            services.delivery_pledge(
                partnership=partnership,
                giver=world.bourges,
                recipient=world.korosten,
                offer=offer,
                sectors=["energy.generators"],
                lines=[services.DeliveryLineIn(quantity=quantity, offer_item=offer.items.get().pk)],
                actor=world.users["bourges_editor"],
            )

    assert recommended() == ["Groupes électrogènes"]
    pledge("9")
    assert recommended() == ["Groupes électrogènes"]
    pledge("1")
    assert recommended() == []
