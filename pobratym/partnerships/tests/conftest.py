"""People and organisations the partnership tests act as.

Korosten (a hromada, member of AUC) expresses interest in Bourges (a French municipality,
member of AFCCRE); CEMR is named the partnership's facilitator. Other people have nothing to do
with either.
"""

from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from pobratym.accounts.tests.factories import editor_of, facilitator_of, secretariat
from pobratym.directory.models import Association, Authority
from pobratym.directory.tests.factories import (
    AssociationFactory,
    AuthorityFactory,
    MembershipFactory,
    municipality,
)
from pobratym.exchange.models import Need
from pobratym.exchange.services import ItemIn
from pobratym.exchange.tests.helpers import publish_need
from pobratym.partnerships import services
from pobratym.partnerships.models import Partnership


@pytest.fixture(autouse=True)
def _quiet_storage_and_embedder(settings, tmp_path):
    """Uploads go to a temporary MEDIA_ROOT; texts are embedded by the fake model."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EXCHANGE_EMBEDDER = "pobratym.exchange.tests.fakes.FakeEmbedder"


@dataclass
class World:
    korosten: Authority
    bourges: Authority
    auc: Association
    cemr: Association
    users: dict[str, Any]

    def express_interest(self, **kwargs: Any) -> Partnership:
        return services.partnership_express_interest(
            from_organisation=self.korosten,
            to_organisation=self.bourges,
            actor=self.users["korosten_editor"],
            **kwargs,
        ).partnership

    def in_dialogue(self, **kwargs: Any) -> Partnership:
        partnership = self.express_interest(**kwargs)
        return services.partnership_transition(
            partnership=partnership, to_state="in_dialogue", actor=self.users["bourges_editor"]
        )

    def generators_need(self, quantity: str = "10") -> Need:
        return publish_need(
            self.korosten,
            self.users["korosten_editor"],
            items=[ItemIn(name="Дизельний генератор 30 кВт", quantity=quantity, unit="pieces")],
        )


@pytest.fixture
def world(db) -> World:
    korosten = AuthorityFactory()
    bourges = municipality(
        "Bourges",
        name_uk="Бурж",
        country="FR",
        country_en="France",
        country_uk="Франція",
        population=67_987,
    )
    auc = AssociationFactory(
        slug="auc", kind="national_association", name="Асоціація міст України", name_uk=""
    )
    afccre = AssociationFactory(
        slug="afccre", kind="national_association", name="AFCCRE", name_uk=""
    )
    cemr = AssociationFactory(slug="cemr", kind="european_network", name="CEMR", name_uk="")
    elsewhere = AssociationFactory(slug="ks", kind="national_association", name="KS", name_uk="")
    MembershipFactory(association=auc, authority=korosten)
    MembershipFactory(association=afccre, authority=bourges)
    return World(
        korosten=korosten,
        bourges=bourges,
        auc=auc,
        cemr=cemr,
        users={
            "anonymous": AnonymousUser(),
            "member_elsewhere": editor_of(AuthorityFactory(name="Інша громада")),
            "korosten_editor": editor_of(korosten, email="olena@korosten.example"),
            "bourges_editor": editor_of(bourges, email="claire@bourges.example", language="en"),
            "facilitator": facilitator_of(auc),
            "facilitator_staff": editor_of(cemr),
            "unrelated_facilitator": facilitator_of(elsewhere),
            "secretariat": secretariat(),
        },
    )
