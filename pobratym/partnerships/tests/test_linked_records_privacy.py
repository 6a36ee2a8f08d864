"""Probes of the security review: a need or offer kept to its parties never reaches someone
else through a partnership — not in a picker, not as a linked title on a public page — and the
people named at an activity are shown only to those who work on the partnership."""

from datetime import date

import pytest
from django.urls import reverse

from pobratym.accounts.tests.factories import sign_in_verified
from pobratym.exchange.tests.helpers import publish_need
from pobratym.partnerships import services

SECRET_TITLE = "Генератори для укриття лікарні"
PARTICIPANTS = "Олена Коваль, Claire Martin"


@pytest.fixture
def public_partnership_with_a_secret_need(world):
    secret = publish_need(
        world.korosten, world.users["korosten_editor"], title=SECRET_TITLE, visibility="parties"
    )
    partnership = world.in_dialogue(need=secret)
    partnership = services.partnership_update(
        partnership=partnership,
        kind="solidarity",
        sectors=["energy"],
        visibility="public",
        description="",
        facilitators=[world.cemr],
        actor=world.users["secretariat"],
    )
    services.project_add(
        partnership=partnership,
        title="Енергостійкість лікарні",
        needs=[secret],
        actor=world.users["korosten_editor"],
    )
    services.delivery_pledge(
        partnership=partnership,
        giver=world.bourges,
        recipient=world.korosten,
        need=secret,
        lines=[services.DeliveryLineIn(quantity="2", need_item=secret.items.get().pk)],
        visibility="public",
        actor=world.users["bourges_editor"],
    )
    services.activity_add(
        partnership=partnership,
        kind="online_meeting",
        title="Онлайн-зустріч",
        starts_on=date(2024, 5, 28),
        participants=PARTICIPANTS,
        actor=world.users["korosten_editor"],
    )
    return partnership, secret


@pytest.mark.parametrize(
    ("role", "sees_need"),
    [
        ("anonymous", False),
        ("member_elsewhere", False),
        ("bourges_editor", False),
        ("korosten_editor", True),
        ("secretariat", True),
    ],
)
def test_a_public_partnership_names_a_parties_only_need_only_to_those_who_may_read_it(
    world, client, public_partnership_with_a_secret_need, role, sees_need
):
    partnership, secret = public_partnership_with_a_secret_need
    if role != "anonymous":
        sign_in_verified(client, world.users[role])

    page = client.get(partnership.get_absolute_url()).content.decode()

    assert (SECRET_TITLE in page) is sees_need
    assert (secret.get_absolute_url() in page) is sees_need


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("anonymous", False),
        ("member_elsewhere", False),
        ("unrelated_facilitator", False),
        ("korosten_editor", True),
        ("bourges_editor", True),
        ("facilitator_staff", True),  # CEMR facilitates it
        ("secretariat", True),
    ],
)
def test_activity_participants_are_shown_to_those_who_work_on_the_partnership(
    world, client, public_partnership_with_a_secret_need, role, sees
):
    partnership, _secret = public_partnership_with_a_secret_need
    if role != "anonymous":
        sign_in_verified(client, world.users[role])

    page = client.get(partnership.get_absolute_url()).content.decode()

    assert "Онлайн-зустріч" in page
    assert (PARTICIPANTS in page) is sees


def test_the_pickers_offer_only_needs_the_editor_may_see(world, client):
    secret = publish_need(
        world.korosten, world.users["korosten_editor"], title=SECRET_TITLE, visibility="parties"
    )
    shared = publish_need(world.korosten, world.users["korosten_editor"], title="Вода")
    partnership = world.in_dialogue()
    sign_in_verified(client, world.users["bourges_editor"])

    project = client.get(reverse("partnerships:project_create", args=[partnership.pk]))
    delivery = client.get(reverse("partnerships:delivery_create", args=[partnership.pk]))

    project_choices = [key for key, _label in project.context["form"].fields["needs"].choices]
    delivery_choices = [key for key, _label in delivery.context["scope"].fields["need"].choices]
    assert project_choices == [str(shared.pk)]
    assert delivery_choices == ["", str(shared.pk)]
    assert SECRET_TITLE not in project.content.decode() + delivery.content.decode()
    assert str(secret.pk) not in project_choices
