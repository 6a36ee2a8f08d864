"""What waits for whom: interests to answer, round proposals to answer, deliveries to confirm,
follow-ups due — each listed for the side that must act, gone once it has acted."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pobratym.accounts.tests.factories import sign_in_verified
from pobratym.allocation import services as allocation
from pobratym.partnerships import services
from pobratym.partnerships.models import FollowUp
from pobratym.portal.selectors import waiting_for


def today():
    return timezone.localdate()


def waiting(scene, role):
    return waiting_for(viewer=scene.users[role], today=today())


def meeting_with_followups(scene, partnership):
    """Follow-ups overdue, due in 3 days, due in 10 days (not yet listed) and done."""
    activity = services.activity_add(
        partnership=partnership,
        kind="online_meeting",
        title="Онлайн-зустріч",
        starts_on=today() - timedelta(days=30),
        followups=[
            services.FollowUpIn(text="Надіслати список", due_on=today() - timedelta(days=2)),
            services.FollowUpIn(text="Погодити дату візиту", due_on=today() + timedelta(days=3)),
            services.FollowUpIn(text="Підготувати звіт", due_on=today() + timedelta(days=10)),
            services.FollowUpIn(text="Вже зроблено", due_on=today()),
        ],
        actor=scene.users["korosten_editor"],
    )
    done = activity.followups.get(text="Вже зроблено")
    services.followup_mark_done(followup=done, done=True, actor=scene.users["korosten_editor"])
    return activity


@pytest.fixture
def busy(scene):
    """An accepted partnership with a shipped delivery and follow-ups, a pending interest from
    another hromada in Korosten, and a published proposal of Bourges's offer to Korosten."""
    partnership = scene.accepted()
    delivery = scene.shipped(partnership, day=today() - timedelta(days=1))
    meeting_with_followups(scene, partnership)
    other = scene.users["member_elsewhere"]
    pending = services.partnership_express_interest(
        from_organisation=other.organisation_memberships.get().organisation,
        to_organisation=scene.korosten,
        actor=other,
    ).partnership
    proposal = scene.proposal(scene.offer())
    return {
        "partnership": partnership,
        "delivery": delivery,
        "pending": pending,
        "proposal": proposal,
    }


def test_each_side_sees_what_it_must_do(scene, busy):
    korosten = waiting(scene, "korosten_editor")
    bourges = waiting(scene, "bourges_editor")
    initiator = waiting(scene, "member_elsewhere")

    assert korosten.interests == [busy["pending"]]
    assert [row.proposal for row in korosten.proposals] == [busy["proposal"]]
    assert [row.organisation for row in korosten.proposals] == [scene.korosten]
    assert korosten.deliveries == [busy["delivery"]]
    assert [f.text for f in korosten.followups] == ["Надіслати список", "Погодити дату візиту"]
    assert korosten.count == 5
    # Bourges answers its side of the proposal and shares the partnership's follow-ups; the
    # delivery's receipt and the other hromada's interest are not its to act on.
    assert (bourges.interests, bourges.deliveries) == ([], [])
    assert [row.organisation for row in bourges.proposals] == [scene.bourges]
    assert [f.text for f in bourges.followups] == ["Надіслати список", "Погодити дату візиту"]
    # Whoever expressed an interest waits for the answer; it is not asked to give one.
    assert initiator.count == 0


@pytest.mark.parametrize("role", ["anonymous", "facilitator", "secretariat"])
def test_only_the_organisations_own_people_are_asked(scene, busy, role):
    # Curators and the secretariat may act, but the list is of one's own organisations.
    assert waiting(scene, role).count == 0


def test_what_was_done_is_no_longer_waiting(scene, busy):
    olena = scene.users["korosten_editor"]
    services.partnership_transition(partnership=busy["pending"], to_state="declined", actor=olena)
    allocation.proposal_answer(
        proposal=busy["proposal"], organisation=scene.korosten, answer="accepted", actor=olena
    )
    services.delivery_receive(delivery=busy["delivery"], received_on=today(), actor=olena)
    for followup in FollowUp.objects.filter(done_at__isnull=True):
        services.followup_mark_done(followup=followup, done=True, actor=olena)

    assert waiting(scene, "korosten_editor").count == 0
    # Bourges has not answered the proposal yet.
    assert [row.proposal for row in waiting(scene, "bourges_editor").proposals] == [
        busy["proposal"]
    ]


def test_a_proposal_the_other_side_declined_is_not_asked_for(scene):
    proposal = scene.proposal(scene.offer(), offer_response="declined")

    assert waiting(scene, "korosten_editor").proposals == []
    assert proposal.hromada_response == "pending"


def test_the_account_page_lists_what_waits(scene, busy, client):
    sign_in_verified(client, scene.users["korosten_editor"])

    page = client.get(reverse("accounts:home")).content.decode()

    assert "Чекає на вас" in page
    assert f'href="{busy["pending"].get_absolute_url()}"' in page
    assert "Надіслати список" in page and "Погодити дату візиту" in page
    assert "Підготувати звіт" not in page
    assert "Генератор, 10 шт." in page
    assert "«Conseil en gestion de l&#x27;énergie municipale» — " in page


def test_the_home_page_lists_what_waits_when_signed_in(scene, busy, client):
    anonymous = client.get(reverse("home")).content.decode()
    sign_in_verified(client, scene.users["korosten_editor"])
    signed_in = client.get(reverse("home")).content.decode()

    assert "waiting-heading" not in anonymous
    assert "Чекає на вас" in signed_in
    assert f'href="{busy["pending"].get_absolute_url()}"' in signed_in


def test_nothing_waiting_is_said(scene, client):
    sign_in_verified(client, scene.users["bourges_editor"])

    page = client.get(reverse("accounts:home")).content.decode()

    assert "Nothing waits for you now." in page  # her account reads English
