"""Expressing interest: a new partnership told to the other side by e-mail, or additions to the
one already open; never in one's own organisation; withdrawn by the side that expressed it."""

import pytest
from django.core import mail
from django.utils import translation

from pobratym.accounts.tests.factories import _membership, editor_of
from pobratym.core.audit import AuditRecord
from pobratym.core.errors import InvalidInput, PermissionRefused
from pobratym.directory.tests.factories import municipality
from pobratym.exchange import services as exchange
from pobratym.exchange.tests.helpers import publish_need, publish_offer
from pobratym.partnerships import services
from pobratym.partnerships.enums import PartnershipState as S
from pobratym.partnerships.models import Message, Partnership, StateChange
from pobratym.partnerships.sections import may_express_interest_in
from pobratym.partnerships.selectors.waiting import interests_to_answer


def interest(world, organisation=None, to=None, actor=None, **kwargs):
    return services.partnership_express_interest(
        from_organisation=organisation or world.korosten,
        to_organisation=to or world.bourges,
        actor=actor or world.users["korosten_editor"],
        **kwargs,
    )


def snapshot():
    return (
        list(Partnership.objects.values_list("pk", "state")),
        list(Partnership.needs.through.objects.values_list("partnership_id", "need_id")),
        list(Partnership.offers.through.objects.values_list("partnership_id", "offer_id")),
        Message.objects.count(),
        StateChange.objects.count(),
        AuditRecord.objects.count(),
    )


# 1. Interest expressed again while a partnership is open --------------------------------------


def test_interest_again_links_the_need_and_posts_the_note_to_the_open_partnership(
    world, django_capture_on_commit_callbacks
):
    offer = publish_offer(world.bourges, world.users["bourges_editor"], sectors=["energy"])
    water = publish_need(world.korosten, world.users["korosten_editor"], sectors=["water"])
    with django_capture_on_commit_callbacks(execute=True):
        first = interest(world, offer=offer)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        again = interest(world, need=water, note="Також нам потрібна вода для лікарні.")

    assert (again.is_new, again.partnership) == (False, first.partnership)
    assert again.linked == [water]
    partnership = Partnership.objects.get()
    assert list(partnership.needs.all()) == [water]
    assert list(partnership.offers.all()) == [offer]
    assert sorted(s.code for s in partnership.sectors.all()) == ["energy", "water"]
    [message] = partnership.messages.all()
    assert (message.author, message.party.organisation, message.body) == (
        world.users["korosten_editor"],
        world.korosten,
        "Також нам потрібна вода для лікарні.",
    )
    assert again.message == message
    # No second history row: the partnership did not change state.
    assert partnership.history.count() == 1
    linked = AuditRecord.objects.get(verb="partnership.records_linked")
    assert linked.details == {"needs": [water.pk], "offers": []}
    # The note reaches the other side like any message.
    [email] = mail.outbox
    assert email.to == ["claire@bourges.example"]
    assert "Також нам потрібна вода для лікарні." in email.body


def test_interest_again_with_nothing_new_adds_nothing(world):
    offer = publish_offer(world.bourges, world.users["bourges_editor"])
    interest(world, offer=offer)
    before = snapshot()

    again = interest(world, offer=offer)

    assert (again.is_new, again.linked, again.message) == (False, [], None)
    assert snapshot() == before


@pytest.mark.parametrize("closed", [S.DECLINED, S.WITHDRAWN, S.ENDED])
def test_a_closed_partnership_gives_way_to_a_new_one(world, closed):
    old = interest(world).partnership
    Partnership.objects.filter(pk=old.pk).update(state=closed)

    new = interest(world, note="Спробуймо ще раз")

    assert new.is_new is True
    assert new.partnership != old
    assert Partnership.objects.count() == 2


def test_a_european_side_names_its_own_offer_for_the_need(world):
    need = world.generators_need()
    offer = publish_offer(world.bourges, world.users["bourges_editor"])

    result = interest(
        world,
        organisation=world.bourges,
        to=world.korosten,
        actor=world.users["bourges_editor"],
        need=need,
        offer=offer,
    )

    partnership = result.partnership
    assert (list(partnership.needs.all()), list(partnership.offers.all())) == ([need], [offer])
    assert [(p.organisation, p.is_initiator) for p in partnership.parties.all()] == [
        (world.bourges, True),
        (world.korosten, False),
    ]


def test_an_offer_of_a_third_organisation_is_refused(world):
    plunge = municipality(
        "Plungė", country="LT", country_en="Lithuania", country_uk="Литва", population=18_904
    )
    theirs = publish_offer(plunge, editor_of(plunge))
    before = snapshot()

    with pytest.raises(InvalidInput) as refused:
        interest(world, offer=theirs)

    assert refused.value.extra["fields"] == {"offer": "Ця пропозиція не належить жодній зі сторін."}
    assert snapshot() == before


def test_a_withdrawn_need_and_a_closed_offer_are_refused(world):
    need = world.generators_need()
    exchange.need_withdraw(need=need, actor=world.users["korosten_editor"])
    offer = publish_offer(world.bourges, world.users["bourges_editor"])
    exchange.offer_close(offer=offer, actor=world.users["bourges_editor"])
    need.refresh_from_db()
    offer.refresh_from_db()
    before = snapshot()

    with pytest.raises(InvalidInput) as refused:
        interest(world, need=need, offer=offer)

    assert refused.value.extra["fields"] == {
        "need": "Ця потреба вже не відкрита.",
        "offer": "Ця пропозиція закрита.",
    }
    assert snapshot() == before


# 6. Never in one's own organisation -----------------------------------------------------------


def test_interest_in_ones_own_organisation_is_refused(world):
    both = world.users["korosten_editor"]
    _membership(world.bourges, user=both, state="verified")
    before = snapshot()

    with pytest.raises(InvalidInput) as refused:
        interest(world, actor=both)

    assert refused.value.extra["fields"] == {
        "to_organisation": "Ви представляєте «Бурж»: інтерес виявляють до інших організацій."
    }
    assert snapshot() == before


# 2. The other side is told by e-mail, once ----------------------------------------------------


def test_a_new_interest_is_mailed_once_to_the_other_side_in_its_language(
    world, django_capture_on_commit_callbacks
):
    need = world.generators_need()
    with django_capture_on_commit_callbacks(execute=True):
        partnership = interest(world, need=need, note="Шукаємо партнера для лікарні").partnership

    [email] = mail.outbox
    assert email.to == ["claire@bourges.example"]
    with translation.override("en"):
        korosten = world.korosten.display_name
        title = partnership.display_title
    assert email.subject == f"{korosten} would like to work with you"
    assert email.body.startswith(
        f"{korosten} expressed interest in a partnership with you: {title}.\n"
        f"The need: {need.title}\n"
    )
    assert "Their note:\nШукаємо партнера для лікарні\n" in email.body
    assert f"/partnerships/{partnership.pk}/" in email.body
    partnership.refresh_from_db()
    assert partnership.interest_notified_at is not None
    # Sent once: running the task again sends nothing.
    assert services.interest_notify(partnership_id=partnership.pk) == 0
    assert len(mail.outbox) == 1


def test_an_interest_withdrawn_before_the_mail_went_is_not_mailed(world):
    partnership = interest(world).partnership
    services.partnership_transition(
        partnership=partnership, to_state=S.WITHDRAWN, actor=world.users["korosten_editor"]
    )

    assert services.interest_notify(partnership_id=partnership.pk) == 0
    assert mail.outbox == []


# 3. Withdrawing -------------------------------------------------------------------------------


def test_the_initiator_withdraws_its_interest(world):
    partnership = interest(world).partnership

    services.partnership_transition(
        partnership=partnership,
        to_state=S.WITHDRAWN,
        note="Знайшли іншого партнера",
        actor=world.users["korosten_editor"],
    )

    partnership.refresh_from_db()
    assert partnership.state == S.WITHDRAWN
    last = partnership.history.last()
    assert (last.from_state, last.to_state, last.by, last.note) == (
        S.INTEREST_EXPRESSED,
        S.WITHDRAWN,
        world.users["korosten_editor"],
        "Знайшли іншого партнера",
    )
    audit = AuditRecord.objects.get(verb="partnership.state_changed")
    assert audit.changes == {"state": [S.INTEREST_EXPRESSED, S.WITHDRAWN]}
    # The other side is no longer asked to answer it.
    assert interests_to_answer(viewer=world.users["bourges_editor"]) == []


@pytest.mark.parametrize(
    ("role", "to_state"),
    [
        ("bourges_editor", S.WITHDRAWN),  # only the side that expressed it withdraws
        ("korosten_editor", S.DECLINED),  # only the other side declines it
        ("korosten_editor", S.IN_DIALOGUE),
        ("facilitator_staff", S.WITHDRAWN),
    ],
)
def test_each_side_answers_for_itself(world, role, to_state):
    partnership = interest(world).partnership
    before = snapshot()

    with pytest.raises(PermissionRefused):
        services.partnership_transition(
            partnership=partnership, to_state=to_state, actor=world.users[role]
        )

    assert snapshot() == before


@pytest.mark.parametrize("role", ["facilitator", "secretariat"])
def test_curators_of_the_initiator_and_the_secretariat_withdraw(world, role):
    partnership = interest(world).partnership

    services.partnership_transition(
        partnership=partnership, to_state=S.WITHDRAWN, actor=world.users[role]
    )

    assert Partnership.objects.get().state == S.WITHDRAWN


def test_nothing_more_is_recorded_in_a_withdrawn_interest(world):
    partnership = interest(world).partnership
    services.partnership_transition(
        partnership=partnership, to_state=S.WITHDRAWN, actor=world.users["korosten_editor"]
    )

    with pytest.raises(InvalidInput) as refused:
        services.project_add(
            partnership=partnership,
            title="Спільний проєкт",
            budget_eur=None,
            funding_source="",
            status="planned",
            dream_id="",
            needs=[],
            actor=world.users["korosten_editor"],
        )

    assert refused.value.code == "withdrawn"
    assert not partnership.projects.exists()


@pytest.mark.parametrize(
    ("role", "speaks_for"),
    [
        ("korosten_editor", "korosten"),
        ("bourges_editor", "bourges"),  # Bourges's own: no button, and refused
        ("member_elsewhere", None),
        ("both", "korosten"),  # works for both: Bourges is its own too
    ],
)
def test_the_button_and_the_service_agree_on_ones_own_organisation(world, rf, role, speaks_for):
    if role == "both":
        user = world.users["korosten_editor"]
        _membership(world.bourges, user=user, state="verified")
    else:
        user = world.users[role]
    request = rf.get("/")
    request.user = user
    speaker = (
        getattr(world, speaks_for)
        if speaks_for
        else user.organisation_memberships.get().organisation
    )

    shown = may_express_interest_in(request, world.bourges)
    try:
        interest(world, organisation=speaker, actor=user)
    except InvalidInput:
        allowed = False
    else:
        allowed = True

    assert shown is allowed
    assert shown is (role in ("korosten_editor", "member_elsewhere"))
