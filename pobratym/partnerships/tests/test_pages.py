"""The pages: forms put the services' refusals on their fields; each write is one redirect."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from pobratym.accounts.tests.factories import sign_in_verified
from pobratym.exchange.tests.helpers import publish_offer
from pobratym.partnerships import services
from pobratym.partnerships.enums import PartnershipState
from pobratym.partnerships.models import Activity, Partnership, Project


def test_express_interest_from_an_offer(world, client):
    offer = publish_offer(world.bourges, world.users["bourges_editor"])
    sign_in_verified(client, world.users["korosten_editor"])
    url = reverse("partnerships:express_interest") + f"?offer={offer.pk}"

    page = client.get(url)
    response = client.post(
        url, {"from_organisation": f"authority:{world.korosten.pk}", "note": "Цікаво"}
    )

    assert page.status_code == 200
    partnership = Partnership.objects.get()
    assert response.url == partnership.get_absolute_url()
    assert (list(partnership.offers.all()), partnership.state) == ([offer], "interest_expressed")
    assert [s.code for s in partnership.sectors.all()] == ["energy"]


def test_express_interest_needs_an_organisation_to_speak_for(world, client):
    sign_in_verified(client, world.users["secretariat"])

    response = client.get(
        reverse("partnerships:express_interest") + f"?authority={world.bourges.pk}"
    )

    assert response.status_code == 403


def test_the_other_side_accepts_with_the_button(world, client):
    partnership = world.express_interest()
    sign_in_verified(client, world.users["korosten_editor"])
    own_page = client.get(partnership.get_absolute_url()).content.decode()
    sign_in_verified(client, world.users["bourges_editor"])
    other_page = client.get(partnership.get_absolute_url()).content.decode()

    client.post(
        reverse("partnerships:transition", args=[partnership.pk]), {"to_state": "in_dialogue"}
    )

    assert 'value="in_dialogue"' not in own_page
    assert 'value="in_dialogue"' in other_page
    assert Partnership.objects.get().state == "in_dialogue"


def test_a_refused_transition_is_said_on_the_page(world, client):
    partnership = world.in_dialogue()
    sign_in_verified(client, world.users["korosten_editor"])

    response = client.post(
        reverse("partnerships:transition", args=[partnership.pk]),
        {"to_state": "dormant"},
        follow=True,
    )

    expected = gettext("A partnership cannot go from “%(from)s” to “%(to)s”.") % {
        "from": PartnershipState.IN_DIALOGUE.label,
        "to": PartnershipState.DORMANT.label,
    }
    assert expected in response.content.decode()
    assert Partnership.objects.get().state == "in_dialogue"


def activity_data(**overrides):
    data = {
        "kind": "online_meeting",
        "title": "Онлайн-зустріч",
        "starts_on": "2024-05-28",
        "minutes": "Домовилися про візит.",
        "followups-TOTAL_FORMS": "2",
        "followups-INITIAL_FORMS": "0",
        "followups-0-text": "Надіслати програму",
        "followups-0-owner": "Бурж",
        "followups-0-due_on": "2024-06-10",
    }
    data.update(overrides)
    return data


def test_an_activity_with_minutes_and_a_followup(world, client):
    partnership = world.in_dialogue()
    sign_in_verified(client, world.users["facilitator"])

    response = client.post(
        reverse("partnerships:activity_create", args=[partnership.pk]), activity_data()
    )

    assert response.status_code == 302
    activity = Activity.objects.get()
    assert (activity.minutes, activity.created_by) == (
        "Домовилися про візит.",
        world.users["facilitator"],
    )
    assert [(f.text, f.owner, f.due_on) for f in activity.followups.all()] == [
        ("Надіслати програму", "Бурж", date(2024, 6, 10))
    ]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ends_on": "2024-05-27"}, "ends_on", "The end date is before the start date."),
        (
            {"link": "javascript:alert(1)"},
            "link",
            "Enter a web address starting with https:// or http://.",
        ),
        (
            {"title": "<script>x</script>"},
            "title",
            "Write plain text: HTML tags such as <b> are not accepted.",
        ),
    ],
)
def test_bad_activities_are_refused_on_their_field(world, client, overrides, field, message):
    partnership = world.in_dialogue()
    sign_in_verified(client, world.users["korosten_editor"])

    response = client.post(
        reverse("partnerships:activity_create", args=[partnership.pk]), activity_data(**overrides)
    )

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [gettext(message)]
    assert not Activity.objects.exists()


def test_a_followup_due_before_the_activity_is_refused_on_its_row(world, client):
    partnership = world.in_dialogue()
    sign_in_verified(client, world.users["korosten_editor"])

    response = client.post(
        reverse("partnerships:activity_create", args=[partnership.pk]),
        activity_data(**{"followups-0-due_on": "2024-05-01"}),
    )

    formset = response.context["formsets"][0][1]
    assert formset.forms[0].errors["due_on"] == [
        gettext("The follow-up is due before the activity starts.")
    ]
    assert not Activity.objects.exists()


def test_a_project_with_a_bad_dream_identifier_is_refused(world, client):
    need = world.generators_need()
    partnership = world.in_dialogue()
    sign_in_verified(client, world.users["korosten_editor"])
    url = reverse("partnerships:project_create", args=[partnership.pk])
    data = {
        "title": "Енергостійкість лікарні",
        "budget_eur": "125 000,50",
        "funding_source": "U-LEAD",
        "status": "applied",
        "needs": [str(need.pk)],
    }

    refused = client.post(url, {**data, "dream_id": "DREAM 123"})
    saved = client.post(url, {**data, "dream_id": "UA-2024-000123"})

    assert "dream_id" in refused.context["form"].errors
    assert saved.status_code == 302
    project = Project.objects.get()
    assert (str(project.budget_eur), project.dream_id, list(project.needs.all())) == (
        "125000.50",
        "UA-2024-000123",
        [need],
    )


def test_the_public_list_and_totals_pages(world, client):
    partnership = world.in_dialogue()
    services.partnership_update(
        partnership=partnership,
        kind="twinning",
        sectors=["water"],
        visibility="public",
        description="",
        facilitators=[world.auc],
        actor=world.users["secretariat"],
    )

    listed = client.get(reverse("partnerships:list"))
    totals = client.get(reverse("partnerships:delivery_totals"))
    detail = client.get(partnership.get_absolute_url()).content.decode()

    assert list(listed.context["page"].object_list) == [partnership]
    assert totals.status_code == 200
    assert gettext("Messages") not in detail  # the thread is for those who work on it


def test_a_message_through_the_page(world, client):
    partnership = world.in_dialogue()
    sign_in_verified(client, world.users["bourges_editor"])

    client.post(
        reverse("partnerships:message_create", args=[partnership.pk]), {"body": "Bonjour !"}
    )

    assert [m.body for m in partnership.messages.all()] == ["Bonjour !"]
