"""Each access rule's two forms agree: the query a selector filters by and the predicate a
page, a service or the API checks (pobratym/core/access.py).

The world is the access matrix's (access_world.py), widened so that every branch of every
rule is taken: needs, offers, partnerships and deliveries of each visibility; an offer of an
association; a partnership with a facilitating association; an association that is a member of
another, its facilitator and an editor of an association. For every viewer and every record,
the record is in the viewer's query exactly when the predicate allows it; and each rule both
allows and refuses somebody something, so that the agreement says something.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db.models import QuerySet
from django.utils import timezone

from pobratym.accounts.models import OrganisationMembership
from pobratym.accounts.rules import acts_for
from pobratym.accounts.tests.factories import editor_of, facilitator_of, secretariat
from pobratym.core.access import AccessRule
from pobratym.directory.models import Association, Authority
from pobratym.directory.tests.factories import AssociationFactory, MembershipFactory
from pobratym.exchange.enums import Visibility
from pobratym.exchange.models import Need, Offer
from pobratym.exchange.rules import need_visible, offer_visible
from pobratym.exchange.tests.helpers import publish_need, publish_offer
from pobratym.partnerships.models import Delivery, DeliveryItem, Partnership, PartnershipParty
from pobratym.partnerships.rules import changes, delivery_visible, partnership_visible
from pobratym.tests.access_world import World, make_world

VISIBILITIES = list(Visibility.values)


def _partnership(
    visibility: str,
    *parties: Authority | Association,
    facilitators: Iterable[Association] = (),
) -> Partnership:
    partnership = Partnership.objects.create(
        kind="cooperation_agreement", source="manual", state="in_dialogue", visibility=visibility
    )
    for index, organisation in enumerate(parties):
        PartnershipParty.objects.create(
            partnership=partnership,
            authority=organisation if isinstance(organisation, Authority) else None,
            association=organisation if isinstance(organisation, Association) else None,
            is_initiator=index == 0,
        )
    partnership.facilitators.set(facilitators)
    return partnership


def _deliveries(partnership: Partnership, recipient: Authority) -> None:
    """A delivery of each visibility, each with an item."""
    giver = partnership.parties.first()
    assert giver is not None
    for visibility in VISIBILITIES:
        delivery = Delivery.objects.create(
            partnership=partnership,
            giver=giver,
            recipient=recipient,
            state="pledged",
            pledged_on=timezone.localdate(),
            visibility=visibility,
        )
        DeliveryItem.objects.create(delivery=delivery, name="Генератор", quantity=1, unit="pieces")


@pytest.fixture
def world() -> World:
    world = make_world()
    korosten, bourges, auc = world.korosten, world.bourges, world.auc
    ks = Association.objects.get(slug="ks")
    other = OrganisationMembership.objects.get(user=world.users["other_editor"]).authority
    assert other is not None
    # AUC is itself a member of a federation: the federation's facilitator curates AUC.
    federation = AssociationFactory(slug="federation", kind="national_association")
    MembershipFactory(association=federation, authority=None, member_association=auc)
    world.users |= {
        "federation_facilitator": facilitator_of(federation),
        "association_editor": editor_of(auc),
        "inactive_secretariat": secretariat(is_active=False),
    }
    editor, partner = world.users["editor"], world.users["partner"]
    facilitator = world.users["facilitator"]
    for visibility in VISIBILITIES:
        publish_need(korosten, editor, title=f"Потреба ({visibility})", visibility=visibility)
        publish_need(
            other, world.users["other_editor"], title=f"Інша ({visibility})", visibility=visibility
        )
        publish_offer(bourges, partner, title=f"Offre ({visibility})", visibility=visibility)
        publish_offer(auc, facilitator, title=f"Пропозиція ({visibility})", visibility=visibility)
        _partnership(visibility, bourges, korosten)
        _partnership(visibility, bourges, other, facilitators=[ks])
        _partnership(visibility, auc, bourges)
    for partnership in Partnership.objects.all():
        recipient = next(
            (party.authority for party in partnership.parties.all() if party.authority), korosten
        )
        _deliveries(partnership, recipient)
    return world


@dataclass(frozen=True)
class Case:
    rule: AccessRule[Any]
    records: Callable[[], QuerySet[Any]]
    # The records the query filters (the records themselves unless given) and their field
    # naming the record.
    queried: Callable[[], QuerySet[Any]] | None = None
    to_record: str = "pk"
    fields: dict[str, Any] = field(default_factory=dict)


# One case per rule and per form its query is used in.
CASES = {
    "acting for an authority": Case(
        acts_for, Authority.objects.all, fields={"authority": "pk", "association": None}
    ),
    "acting for an association": Case(
        acts_for, Association.objects.all, fields={"authority": None, "association": "pk"}
    ),
    "seeing a need": Case(need_visible, Need.objects.all),
    "seeing an offer": Case(offer_visible, Offer.objects.all),
    "changing a partnership": Case(changes, Partnership.objects.all),
    "seeing a partnership": Case(partnership_visible, Partnership.objects.all),
    "seeing a delivery": Case(delivery_visible, Delivery.objects.all),
    "seeing a delivery through its items": Case(
        delivery_visible,
        Delivery.objects.all,
        queried=DeliveryItem.objects.all,
        to_record="delivery_id",
        fields={"prefix": "delivery__"},
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", CASES)
def test_a_rules_query_and_predicate_agree_for_every_viewer_and_record(world, name):
    case = CASES[name]
    records = case.records()
    disagreements = []
    answers = set()
    for role, viewer in world.users.items():
        queried = (case.queried or case.records)().filter(case.rule.q(viewer, **case.fields))
        shown = set(queried.values_list(case.to_record, flat=True))
        for record in records:
            allowed = case.rule.check(viewer, record)
            answers.add(allowed)
            if (record.pk in shown) != allowed:
                disagreements.append((role, record, record.pk in shown))

    assert disagreements == []
    assert answers == {True, False}
