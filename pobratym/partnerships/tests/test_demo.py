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
from pobratym.exchange.services import ItemIn
from pobratym.exchange.tests.helpers import publish_need
from pobratym.partnerships.demo import KHARKIV_GENERATORS_NEED, demo_partnerships_load
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
    for slug in ("auc", "cemr", "afccre", "lsa"):
        AssociationFactory(slug=slug, kind="national_association", name=slug.upper(), name_uk="")
    frontline = AssociationFactory(
        slug="frontline-cities",
        kind="national_association",
        name="Асоціація прифронтових міст та громад",
    )
    MembershipFactory(association=frontline, authority=kharkiv)
    actor = secretariat(email=f"secretariat@{DEMO_DOMAIN}")
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
    delivery = memorandum.deliveries.get()
    assert delivery.state == "received"
    seeded.refresh_from_db()
    assert seeded.status == "partly_met"  # 10 of the 20 generators
