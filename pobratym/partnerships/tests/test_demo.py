"""The demo's seed stories, loaded on a hand-made directory holding the organisations they name."""

from datetime import date

import pytest

from pobratym.accounts.demo import DEMO_DOMAIN
from pobratym.accounts.tests.factories import secretariat
from pobratym.directory.tests.factories import (
    AssociationFactory,
    AuthorityFactory,
    MembershipFactory,
    RegionFactory,
    municipality,
)
from pobratym.exchange.models import Offer
from pobratym.exchange.services import ItemIn
from pobratym.exchange.tests.helpers import publish_need, publish_offer
from pobratym.partnerships.demo import (
    KHARKIV_GENERATORS_NEED,
    PLUNGE_HEATERS,
    PLUNGE_OFFER,
    demo_partnerships_load,
)
from pobratym.partnerships.item_selectors import offer_item_stock
from pobratym.partnerships.models import Partnership


@pytest.fixture
def seeded(db):
    AuthorityFactory()  # Korosten
    kharkiv = AuthorityFactory(
        name="Харківська міська територіальна громада",
        centre_name="Харків",
        region=RegionFactory(code="UA-63", name="Харківська область", name_uk="Харківська область"),
    )
    municipality(
        "Bourges", country="FR", country_en="France", country_uk="Франція", population=67_987
    )
    associations = {
        slug: AssociationFactory(
            slug=slug, kind="national_association", name=slug.upper(), name_uk=""
        )
        for slug in ("auc", "cemr", "afccre", "lsa")
    }
    plunge = municipality(
        "Plungė", country="LT", country_en="Lithuania", country_uk="Литва", population=18_904
    )
    MembershipFactory(association=associations["lsa"], authority=plunge)
    frontline = AssociationFactory(
        slug="frontline-cities",
        kind="national_association",
        name="Асоціація прифронтових міст та громад",
    )
    MembershipFactory(association=frontline, authority=kharkiv)
    actor = secretariat(email=f"secretariat@{DEMO_DOMAIN}")
    publish_offer(
        plunge,
        actor,
        kind="equipment",
        title=PLUNGE_OFFER,
        sectors=["energy.generators", "energy.heating"],
        items=[
            ItemIn(name="Dyzelinis generatorius 30 kW", quantity="10", unit="pieces"),
            ItemIn(name=PLUNGE_HEATERS, quantity="50", unit="pieces"),
        ],
    )
    return publish_need(
        kharkiv,
        actor,
        title=KHARKIV_GENERATORS_NEED,
        items=[ItemIn(name="Дизельний генератор 100 кВт", quantity="20", unit="pieces")],
    )


def test_the_seed_stories_load_once(seeded):
    assert demo_partnerships_load() == 2
    assert demo_partnerships_load() == 0

    korosten_bourges, memorandum = Partnership.objects.order_by("pk")
    assert korosten_bourges.state == "active"
    assert sorted(a.slug for a in korosten_bourges.facilitators.all()) == ["afccre", "auc", "cemr"]
    assert sorted((a.kind, a.starts_on, a.ends_on) for a in korosten_bourges.activities.all()) == [
        ("online_meeting", date(2023, 6, 13), None),
        ("online_meeting", date(2024, 5, 28), None),
        ("study_visit", date(2023, 7, 1), date(2023, 7, 5)),
    ]
    assert [h.to_state for h in memorandum.history.all()] == [
        "interest_expressed",
        "agreement_signed",
        "active",
    ]
    assert memorandum.history.all()[1].imported is True
    agreement = memorandum.agreements.get()
    assert agreement.signed_on is None  # seed 001 gives no year
    assert [s.name for s in agreement.signatories.all()] == ["Ігор Терехов", "Аудрюс Клішоніс"]
    heaters, generators = memorandum.deliveries.order_by("-pk")
    assert (generators.state, generators.need, [s.code for s in generators.sectors.all()]) == (
        "received",
        seeded,
        ["energy.generators"],
    )
    assert [(i.name, i.quantity, i.need_item) for i in generators.items.all()] == [
        ("Дизельний генератор 100 кВт", 10, seeded.items.get())
    ]
    # The heaters answer no need: they come from Plungė's stock, which they use up.
    assert (heaters.state, heaters.need, [s.code for s in heaters.sectors.all()]) == (
        "received",
        None,
        ["energy.heating"],
    )
    stock = offer_item_stock(Offer.objects.get(title=PLUNGE_OFFER).items.all())
    assert [(s.item.name, s.given, s.left) for s in stock] == [
        ("Dyzelinis generatorius 30 kW", 0, 10),
        (PLUNGE_HEATERS, 50, 0),
    ]
    seeded.refresh_from_db()
    assert seeded.status == "partly_met"  # 10 of the 20 generators
