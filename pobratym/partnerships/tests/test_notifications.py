"""The thread's e-mails and the reminders: each in its recipient's language, each sent once."""

from datetime import date

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import translation
from django.utils.formats import date_format

from pobratym.core.errors import InvalidInput
from pobratym.partnerships import services
from pobratym.partnerships.models import Message, ReminderSent


def in_language(language: str, text: str, **values: str) -> str:
    with translation.override(language):
        return translation.gettext(text) % values


def test_the_thread_opens_once_the_other_side_accepted(world, django_capture_on_commit_callbacks):
    partnership = world.express_interest()

    with pytest.raises(InvalidInput) as refused:
        services.message_post(
            partnership=partnership, body="Вітаємо!", actor=world.users["korosten_editor"]
        )

    assert refused.value.code == "thread_closed"
    assert not Message.objects.exists()


def test_a_message_is_mailed_to_the_other_side_in_its_language(
    world, django_capture_on_commit_callbacks
):
    partnership = world.in_dialogue()

    with django_capture_on_commit_callbacks(execute=True):
        message = services.message_post(
            partnership=partnership,
            body="Пропонуємо зустріч 13 червня.",
            actor=world.users["korosten_editor"],
        )

    [email] = mail.outbox
    assert email.to == ["claire@bourges.example"]
    with translation.override("en"):
        title = partnership.display_title
    assert email.subject == in_language(
        "en", "New message in the partnership %(partnership)s", partnership=title
    )
    assert "Пропонуємо зустріч 13 червня." in email.body
    assert message.party.organisation == world.korosten
    # Announced once: running the task again sends nothing.
    assert services.message_notify(message_id=message.pk) == 0
    assert len(mail.outbox) == 1


def test_a_facilitators_message_goes_to_every_party(world, django_capture_on_commit_callbacks):
    partnership = world.in_dialogue()

    with django_capture_on_commit_callbacks(execute=True):
        services.message_post(
            partnership=partnership, body="Нагадую про візит.", actor=world.users["facilitator"]
        )

    assert sorted(email.to[0] for email in mail.outbox) == [
        "claire@bourges.example",
        "olena@korosten.example",
    ]


@pytest.fixture
def due(world):
    partnership = world.in_dialogue()
    activity = services.activity_add(
        partnership=partnership,
        kind="online_meeting",
        title="Онлайн-зустріч",
        starts_on=date(2024, 5, 28),
        followups=[
            services.FollowUpIn(text="Надіслати список напрямків", due_on=date(2024, 6, 10))
        ],
        actor=world.users["korosten_editor"],
    )
    agreement = services.agreement_add(
        partnership=partnership,
        kind="agreement",
        title="Угода про партнерство",
        signed_on=date(2023, 7, 3),
        renewal_on=date(2024, 7, 1),
        actor=world.users["korosten_editor"],
    )
    return activity.followups.get(), agreement


def test_reminders_go_out_once_in_each_recipients_language(world, due):
    followup, agreement = due

    with time_machine.travel(date(2024, 6, 9), tick=False):
        call_command("send_partnership_reminders", stdout=None)
        first = list(mail.outbox)
        call_command("send_partnership_reminders", stdout=None)

    assert len(mail.outbox) == len(first) == 4  # two people, a follow-up and a renewal each
    by_person = {(email.to[0], email.subject): email for email in first}
    followup_uk = by_person[
        ("olena@korosten.example", in_language("uk", "Due tomorrow: %(what)s", what=followup.text))
    ]
    followup_en = by_person[
        ("claire@bourges.example", in_language("en", "Due tomorrow: %(what)s", what=followup.text))
    ]
    with translation.override("uk"):
        assert date_format(date(2024, 6, 10), "DATE_FORMAT") in followup_uk.body
    with translation.override("en"):
        assert date_format(date(2024, 6, 10), "DATE_FORMAT") in followup_en.body
    assert (
        "claire@bourges.example",
        in_language("en", "Renewal due: %(title)s", title=agreement.title),
    ) in by_person
    assert ReminderSent.objects.count() == 4


def test_no_reminder_for_a_done_followup_or_a_far_renewal(world, due):
    followup, _agreement = due
    services.followup_mark_done(followup=followup, actor=world.users["bourges_editor"])

    with time_machine.travel(date(2024, 5, 30), tick=False):
        assert services.reminders_send() == 0
    with time_machine.travel(date(2024, 6, 9), tick=False):
        assert services.reminders_send() == 2  # the renewal, to both parties
