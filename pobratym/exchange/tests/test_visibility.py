"""Who sees which need and offer: lists and detail pages agree with the rules."""

import pytest
import rules
from django.contrib.auth.models import AnonymousUser

from pobratym.accounts.tests.factories import editor_of, facilitator_of
from pobratym.core.errors import NotFound
from pobratym.directory.tests.factories import AssociationFactory, MembershipFactory
from pobratym.exchange import selectors, services
from pobratym.exchange.tests.conftest import ROLES
from pobratym.exchange.tests.helpers import publish_need, publish_offer, update_values

SEES = {
    #                        public  members  parties
    "anonymous": (True, False, False),
    "unconfirmed": (True, False, False),
    "pending_claim": (True, False, False),
    "member_elsewhere": (True, True, False),
    "editor": (True, True, True),
    "facilitator": (True, True, True),
    "unrelated_facilitator": (True, True, False),
    "secretariat": (True, True, True),
}


@pytest.fixture
def needs(world):
    editor = world.users["editor"]
    return [
        publish_need(world.korosten, editor, title="Публічна потреба", visibility="public"),
        publish_need(world.korosten, editor, title="Потреба для членів", visibility="members"),
        publish_need(world.korosten, editor, title="Потреба для сторін", visibility="parties"),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_need_list_and_detail_show_what_the_role_may_see(world, needs, role):
    viewer = world.users[role]
    expected = [need for need, seen in zip(needs, SEES[role], strict=True) if seen]

    listed = list(selectors.need_list_for_viewer(viewer=viewer))

    assert sorted(n.pk for n in listed) == sorted(n.pk for n in expected)
    for need, seen in zip(needs, SEES[role], strict=True):
        if seen:
            assert selectors.need_for_viewer(pk=need.pk, viewer=viewer) == need
        else:
            with pytest.raises(NotFound):
                selectors.need_for_viewer(pk=need.pk, viewer=viewer)


@pytest.mark.parametrize("role", ROLES)
def test_parties_only_matches_who_may_change_the_need(world, needs, role):
    viewer = world.users[role]
    parties_only = needs[2]

    visible = selectors.need_list_for_viewer(viewer=viewer).filter(pk=parties_only.pk).exists()

    assert visible == rules.has_perm("exchange.change_need", viewer, parties_only)


def test_parties_only_offer_of_an_association_reaches_its_staff_and_its_curators(world):
    lsa_editor = editor_of(world.lsa)
    parent = AssociationFactory(slug="cemr-network", kind="european_network", name="CEMR network")
    MembershipFactory(association=parent, authority=None, member_association=world.lsa)
    parent_facilitator = facilitator_of(parent)
    offer = publish_offer(world.lsa, lsa_editor, visibility="parties")

    def sees(viewer) -> bool:
        return selectors.offer_list_for_viewer(viewer=viewer).filter(pk=offer.pk).exists()

    assert sees(lsa_editor)
    assert sees(parent_facilitator)
    assert sees(world.users["secretariat"])
    assert not sees(world.users["facilitator"])  # facilitates AUC, not LSA
    assert not sees(world.users["member_elsewhere"])
    for viewer in (lsa_editor, parent_facilitator, world.users["facilitator"]):
        assert sees(viewer) == rules.has_perm("exchange.change_offer", viewer, offer)


@pytest.mark.parametrize("role", ROLES)
def test_offer_visibility_per_role(world, role):
    editor = world.users["editor"]
    offers = [
        publish_offer(world.korosten, editor, title="Public offer", visibility="public"),
        publish_offer(world.korosten, editor, title="Members offer", visibility="members"),
        publish_offer(world.korosten, editor, title="Parties offer", visibility="parties"),
    ]
    expected = {o.pk for o, seen in zip(offers, SEES[role], strict=True) if seen}

    listed = {o.pk for o in selectors.offer_list_for_viewer(viewer=world.users[role])}

    assert listed == expected


def test_withdrawn_and_met_needs_are_listed_only_when_asked_for(world):

    editor = world.users["editor"]
    open_need = publish_need(world.korosten, editor, title="Відкрита")
    met = publish_need(world.korosten, editor, title="Задоволена")
    services.need_update(need=met, actor=editor, **update_values(met, status="met"))
    gone = publish_need(world.korosten, editor, title="Відкликана")
    services.need_withdraw(need=gone, actor=editor)

    def titles(status: str) -> list[str]:
        filters = selectors.NeedFilters(status=status)
        return [
            n.title for n in selectors.need_list_for_viewer(viewer=AnonymousUser(), filters=filters)
        ]

    assert titles(selectors.STILL_OPEN) == [open_need.title]
    assert titles("met") == ["Задоволена"]
    assert titles("withdrawn") == ["Відкликана"]
    assert sorted(titles(selectors.ANY_STATUS)) == ["Відкликана", "Відкрита", "Задоволена"]
