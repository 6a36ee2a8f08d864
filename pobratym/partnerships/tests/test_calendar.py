"""iCalendar feeds, read back with the icalendar library."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from pobratym.accounts.tests.factories import sign_in_verified
from pobratym.core.errors import InvalidInput
from pobratym.partnerships import services
from pobratym.partnerships.models import Activity, Agreement, CalendarFeed, FollowUp


def events(content: bytes) -> dict[str, tuple[date, date, str]]:
    calendar = Calendar.from_ical(content)
    return {
        str(event["uid"]).split("@")[0]: (
            event.decoded("dtstart"),
            event.decoded("dtend"),
            str(event["summary"]),
        )
        for event in calendar.walk("VEVENT")
    }


@pytest.fixture
def recorded(world):
    partnership = world.in_dialogue()
    editor = world.users["korosten_editor"]
    visit = services.activity_add(
        partnership=partnership,
        kind="study_visit",
        title="Навчальний візит до Буржа",
        starts_on=date(2023, 7, 1),
        ends_on=date(2023, 7, 5),
        place="Бурж",
        followups=[
            services.FollowUpIn(
                text="Список напрямків", owner="Коростень", due_on=date(2023, 8, 1)
            ),
            services.FollowUpIn(text="Без дати"),
        ],
        actor=editor,
    )
    agreement = services.agreement_add(
        partnership=partnership,
        kind="agreement",
        title="Угода про партнерство",
        signed_on=date(2023, 7, 3),
        renewal_on=date(2028, 7, 3),
        actor=editor,
    )
    return partnership, visit, agreement


def test_the_partnership_feed_holds_activities_followups_and_renewals(world, client, recorded):
    partnership, visit, agreement = recorded
    followup = visit.followups.get(text="Список напрямків")
    sign_in_verified(client, world.users["bourges_editor"])

    response = client.get(reverse("partnerships:partnership_ics", args=[partnership.pk]))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    found = events(response.content)
    assert found[f"activity-{visit.pk}"][:2] == (date(2023, 7, 1), date(2023, 7, 6))
    assert found[f"activity-{visit.pk}"][2].startswith("Навчальний візит до Буржа")
    assert found[f"followup-{followup.pk}"][:2] == (date(2023, 8, 1), date(2023, 8, 2))
    assert found[f"agreement-renewal-{agreement.pk}"][:2] == (date(2028, 7, 3), date(2028, 7, 4))
    assert len(found) == 3  # the follow-up without a date is not in the calendar


def test_the_partnership_feed_is_hidden_from_those_who_cannot_see_it(world, client, recorded):
    partnership, _visit, _agreement = recorded
    sign_in_verified(client, world.users["member_elsewhere"])

    assert (
        client.get(reverse("partnerships:partnership_ics", args=[partnership.pk])).status_code
        == 404
    )


def test_an_organisation_feed_at_its_secret_address(world, client, recorded):
    _partnership, visit, _agreement = recorded
    sign_in_verified(client, world.users["korosten_editor"])

    client.post(
        reverse("partnerships:calendars"), {"organisation": f"authority:{world.korosten.pk}"}
    )
    feed = CalendarFeed.objects.get(authority=world.korosten)
    page = client.get(reverse("partnerships:calendars")).content.decode()
    client.logout()
    response = client.get(reverse("partnerships:organisation_ics", args=[feed.token]))

    assert feed.token in page
    assert f"activity-{visit.pk}" in events(response.content)


def test_a_new_address_revokes_the_old_one(world, client, recorded):
    old = services.calendar_feed_get(
        organisation=world.korosten, actor=world.users["korosten_editor"]
    )
    new = services.calendar_feed_rotate(
        organisation=world.korosten, actor=world.users["korosten_editor"]
    )

    assert new.token != old.token
    assert client.get(reverse("partnerships:organisation_ics", args=[old.token])).status_code == 404
    assert client.get(reverse("partnerships:organisation_ics", args=[new.token])).status_code == 200


def test_only_the_organisations_people_make_its_address(world, client):
    sign_in_verified(client, world.users["member_elsewhere"])

    response = client.post(
        reverse("partnerships:calendars"), {"organisation": f"authority:{world.korosten.pk}"}
    )

    assert response.status_code == 403
    assert not CalendarFeed.objects.exists()


@pytest.mark.parametrize(
    ("field", "day"),
    [
        ("starts_on", date(9999, 12, 31)),
        ("starts_on", date(1, 1, 1)),
        ("ends_on", date(9999, 1, 1)),
    ],
)
def test_absurd_activity_dates_are_refused(world, field, day):
    partnership = world.in_dialogue()
    values = {"starts_on": date(2024, 5, 28), "ends_on": None, field: day}

    with pytest.raises(InvalidInput) as refused:
        services.activity_add(
            partnership=partnership,
            kind="online_meeting",
            title="Онлайн-зустріч",
            actor=world.users["korosten_editor"],
            **values,
        )

    assert field in refused.value.extra["fields"]
    assert not Activity.objects.exists()


@time_machine.travel(date(2026, 3, 20), tick=False)
def test_absurd_follow_up_and_renewal_dates_are_refused(world, recorded):
    partnership, visit, _agreement = recorded
    followups = FollowUp.objects.count()

    with pytest.raises(InvalidInput) as late_followup:
        services.followup_add(
            activity=visit,
            text="Колись",
            due_on=date(9999, 12, 31),
            actor=world.users["korosten_editor"],
        )
    with pytest.raises(InvalidInput) as late_renewal:
        services.agreement_add(
            partnership=partnership,
            kind="agreement",
            title="Угода",
            signed_on=date(2023, 7, 3),
            renewal_on=date(9999, 12, 31),
            actor=world.users["korosten_editor"],
        )

    assert late_followup.value.extra["fields"] == {
        "due_on": "Вкажіть дату між 01.01.1950 і 20.03.2051."
    }
    assert list(late_renewal.value.extra["fields"]) == ["renewal_on"]
    assert FollowUp.objects.count() == followups
    assert Agreement.objects.count() == 1


def test_a_feed_stays_readable_whatever_dates_are_stored(world, client, recorded):
    """Records written before dates were bounded (or by hand) must not break every feed."""
    partnership, visit, agreement = recorded
    Activity.objects.filter(pk=visit.pk).update(starts_on=date(1, 1, 1), ends_on=date(9999, 12, 31))
    FollowUp.objects.filter(activity=visit).update(due_on=date(9999, 12, 31))
    Agreement.objects.filter(pk=agreement.pk).update(renewal_on=date(9999, 12, 31))
    sign_in_verified(client, world.users["korosten_editor"])

    response = client.get(reverse("partnerships:partnership_ics", args=[partnership.pk]))

    assert response.status_code == 200
    assert events(response.content) == {}
