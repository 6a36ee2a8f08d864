import pytest

from pobratym.accounts.tests.factories import editor_of
from pobratym.core.errors import InvalidInput, PermissionRefused
from pobratym.core.models import AuditRecord
from pobratym.exchange import services
from pobratym.exchange.models import Offer, OfferItem
from pobratym.exchange.services import ItemIn
from pobratym.exchange.tests.conftest import ROLES
from pobratym.exchange.tests.helpers import offer_update_values, publish_offer

# Offers of Korosten (a Ukrainian community gives back too): its editors and its curators.
ALLOWED_FOR_KOROSTEN = {
    "anonymous": False,
    "unconfirmed": False,
    "pending_claim": False,
    "member_elsewhere": False,
    "editor": True,
    "facilitator": True,
    "unrelated_facilitator": False,
    "secretariat": True,
}


def _state() -> tuple:
    return (
        list(Offer.objects.values_list("title", "status", "kind", "capacity")),
        list(OfferItem.objects.values_list("name", "quantity", "unit")),
        AuditRecord.objects.count(),
    )


RESILIENCE = {
    "kind": "expertise",
    "title": "Досвід роботи пунктів незламності",
    "description": "Громада ділиться досвідом організації пунктів незламності під час блекаутів.",
    "sectors": ["security.civil_protection"],
    "staff_languages": ["uk", "en"],
}


@pytest.mark.parametrize("role", ROLES)
def test_offer_publish_per_role(world, role):
    actor = world.users[role]
    before = _state()

    if ALLOWED_FOR_KOROSTEN[role]:
        offer = publish_offer(world.korosten, actor, **RESILIENCE)
        assert (offer.authority, offer.association) == (world.korosten, None)
    else:
        with pytest.raises(PermissionRefused):
            publish_offer(world.korosten, actor, **RESILIENCE)
        assert _state() == before


@pytest.mark.parametrize("role", ROLES)
def test_offer_update_and_close_per_role(world, role):
    offer = publish_offer(world.korosten, world.users["editor"], **RESILIENCE)
    actor = world.users[role]
    before = _state()

    if ALLOWED_FOR_KOROSTEN[role]:
        services.offer_update(offer=offer, actor=actor, **offer_update_values(offer, capacity=3))
        services.offer_close(offer=offer, actor=actor)
        assert list(Offer.objects.values_list("capacity", "status")) == [(3, "closed")]
    else:
        with pytest.raises(PermissionRefused):
            services.offer_update(
                offer=offer, actor=actor, **offer_update_values(offer, capacity=3)
            )
        with pytest.raises(PermissionRefused):
            services.offer_close(offer=offer, actor=actor)
        assert _state() == before


def test_offer_by_a_european_municipality_and_by_an_association(world):
    bourges_editor = world.users["member_elsewhere"]

    lsa_editor = editor_of(world.lsa)

    french = publish_offer(world.bourges, bourges_editor)
    lithuanian = publish_offer(
        world.lsa,
        lsa_editor,
        kind="study_visits",
        title="Studijų vizitai Lietuvos savivaldybėse",
        description="Asociacija kviečia Ukrainos bendruomenių atstovus į studijų vizitus.",
        sectors=["governance"],
        items=[ItemIn("Vietos studijų vizite", 12, "people")],
        staff_languages=["lt", "EN", "uk", "lt"],
    )

    assert (french.language, french.staff_languages) == ("fr", "fr,en")
    lithuanian = Offer.objects.get(pk=lithuanian.pk)
    assert (lithuanian.association, lithuanian.language) == (world.lsa, "lt")
    assert lithuanian.staff_language_codes == ["lt", "en", "uk"]
    assert list(lithuanian.items.values_list("name", "unit")) == [
        ("Vietos studijų vizite", "people")
    ]
    assert AuditRecord.objects.get(target_id=str(lithuanian.pk), verb="offer.published").changes[
        "kind"
    ] == [None, "study_visits"]


def test_editor_of_bourges_cannot_publish_for_the_association(world):
    with pytest.raises(PermissionRefused):
        publish_offer(world.lsa, world.users["member_elsewhere"])

    assert not Offer.objects.exists()


def test_offer_update_audits_the_change(world):
    editor = world.users["editor"]
    offer = publish_offer(world.korosten, editor, **RESILIENCE)

    services.offer_update(
        offer=offer, actor=editor, **offer_update_values(offer, staff_languages=["uk", "pl"])
    )

    assert AuditRecord.objects.get(verb="offer.updated").changes == {
        "staff_languages": ["uk,en", "uk,pl"]
    }


def test_closed_offer_cannot_be_changed_or_closed_again(world):
    editor = world.users["editor"]
    offer = publish_offer(world.korosten, editor, **RESILIENCE)
    services.offer_close(offer=offer, actor=editor)
    before = _state()

    with pytest.raises(InvalidInput):
        services.offer_update(offer=offer, actor=editor, **offer_update_values(offer, capacity=5))
    with pytest.raises(InvalidInput):
        services.offer_close(offer=offer, actor=editor)

    assert _state() == before


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"kind": "money"}, "kind"),
        ({"title": ""}, "title"),
        ({"description": "d" * 1_048_576}, "description"),
        ({"description": "<p>Hallo</p>"}, "description"),
        ({"sectors": []}, "sectors"),
        ({"sectors": ["energie"]}, "sectors"),
        ({"capacity": 0}, "capacity"),
        ({"capacity": 1001}, "capacity"),
        ({"capacity": "many"}, "capacity"),
        ({"staff_languages": ["uk", "klingon"]}, "staff_languages"),
        ({"visibility": "secret"}, "visibility"),
        ({"items": [ItemIn("Laptops", "-2", "pieces")]}, "items.0.quantity"),
        ({"items": [ItemIn("Laptops", "2", "crates")]}, "items.0.unit"),
        ({"items": [ItemIn("Laptops", "2", "pieces")] * 51}, "items"),
    ],
)
def test_offer_publish_refuses_bad_input_naming_the_field(world, overrides, field):
    before = _state()

    with pytest.raises(InvalidInput) as refused:
        publish_offer(world.korosten, world.users["editor"], **{**RESILIENCE, **overrides})

    assert list(refused.value.extra["fields"]) == [field]
    assert _state() == before
