"""A small scene for the combined pages: Korosten (a hromada, member of AUC whose facilitator
curates it) and Bourges (a French municipality), their editors, and people with nothing to do
with either."""

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from pobratym.accounts.tests.factories import editor_of, facilitator_of, secretariat
from pobratym.allocation.models import AllocationRound, RoundProposal
from pobratym.directory.models import Association, Authority
from pobratym.directory.tests.factories import (
    AssociationFactory,
    AuthorityFactory,
    MembershipFactory,
    municipality,
)
from pobratym.exchange.models import Need, Offer
from pobratym.exchange.services import ItemIn
from pobratym.exchange.tests.helpers import publish_need, publish_offer
from pobratym.partnerships import services
from pobratym.partnerships.models import Delivery, DeliveryItem, Partnership


@pytest.fixture(autouse=True)
def _fake_embedder(settings):
    settings.EXCHANGE_EMBEDDER = "pobratym.exchange.tests.fakes.FakeEmbedder"


@dataclass
class Scene:
    korosten: Authority
    bourges: Authority
    auc: Association
    users: dict[str, Any]

    def need(self, **overrides: Any) -> Need:
        return publish_need(self.korosten, self.users["korosten_editor"], **overrides)

    def offer(self, **overrides: Any) -> Offer:
        return publish_offer(self.bourges, self.users["bourges_editor"], **overrides)

    def interest(self, **kwargs: Any) -> Partnership:
        """Bourges expresses interest in Korosten: Korosten is to answer."""
        return services.partnership_express_interest(
            from_organisation=self.bourges,
            to_organisation=self.korosten,
            actor=self.users["bourges_editor"],
            **kwargs,
        ).partnership

    def accepted(self) -> Partnership:
        partnership = self.interest()
        return services.partnership_transition(
            partnership=partnership, to_state="in_dialogue", actor=self.users["korosten_editor"]
        )

    def shipped(
        self,
        partnership: Partnership,
        *,
        day: date,
        giver: Authority | None = None,
        quantity: int = 10,
    ) -> Delivery:
        """Generators shipped from Bourges (or the giver) to Korosten, not yet received (written
        directly: this is about what waits, not about how deliveries are recorded)."""
        giving = partnership.parties.get(authority=giver or self.bourges)
        delivery = Delivery.objects.create(
            partnership=partnership,
            giver=giving,
            recipient=self.korosten,
            state="shipped",
            pledged_on=day,
            shipped_on=day,
        )
        DeliveryItem.objects.create(
            delivery=delivery, name="Генератор", quantity=quantity, unit="pieces"
        )
        return delivery

    def proposal(self, offer: Offer, **fields: Any) -> RoundProposal:
        """A published round proposing the offer to Korosten."""
        allocation_round = AllocationRound.objects.create(
            title="Зима 2026", association=self.auc, status="published"
        )
        return RoundProposal.objects.create(
            round=allocation_round, hromada=self.korosten, offer=offer, score=0.8, **fields
        )


@pytest.fixture
def scene(db) -> Scene:
    return make_scene()


def make_scene() -> Scene:
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
    MembershipFactory(association=auc, authority=korosten)
    return Scene(
        korosten=korosten,
        bourges=bourges,
        auc=auc,
        users={
            "anonymous": AnonymousUser(),
            "korosten_editor": editor_of(korosten, email="olena@korosten.example"),
            "bourges_editor": editor_of(bourges, email="claire@bourges.example", language="en"),
            "member_elsewhere": editor_of(AuthorityFactory(name="Інша громада")),
            "facilitator": facilitator_of(auc),
            "secretariat": secretariat(),
        },
    )


GENERATORS = [ItemIn(name="Дизельний генератор 30 кВт", quantity="10", unit="pieces")]
