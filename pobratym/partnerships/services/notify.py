"""E-mails that follow writes: an expressed interest and a new message to the other side, and
the daily reminders.

All are called by tasks (pobratym/partnerships/tasks.py) and are safe to run again: an interest
is announced once (Partnership.interest_notified_at), a message once (Message.notified_at), a
reminder once per recipient and date (ReminderSent).
"""

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from pobratym.accounts.models import User
from pobratym.core.mail import site_link

from ..enums import CLOSED_STATES, PartnershipState, ReminderKind
from ..models import Agreement, FollowUp, Message, Partnership, ReminderSent
from ..notifications import editors_of, send

RENEWAL_NOTICE_DAYS = 30


def interest_notify(*, partnership_id: int) -> int:
    """E-mail the verified editors of the side an interest was expressed in, each in their own
    language; returns how many e-mails went out (none if it was announced before, or was
    answered or withdrawn before the task ran)."""
    with transaction.atomic():
        partnership = (
            Partnership.objects.select_for_update(of=("self",))
            .filter(pk=partnership_id, state=PartnershipState.INTEREST_EXPRESSED)
            .first()
        )
        if partnership is None or partnership.interest_notified_at is not None:
            return 0
        parties = list(partnership.parties.select_related("authority", "association"))
        initiators = [party.organisation for party in parties if party.is_initiator]
        first = partnership.history.order_by("at", "pk").first()
        recipients = editors_of(party for party in parties if not party.is_initiator)
        for recipient in recipients:
            send(
                to=recipient,
                template="interest",
                context={
                    "partnership": partnership,
                    "initiator": initiators[0] if initiators else None,
                    "note": first.note if first is not None else "",
                    "needs": list(partnership.needs.all()),
                    "offers": list(partnership.offers.all()),
                    "link": site_link(partnership.get_absolute_url()),
                },
            )
        partnership.interest_notified_at = timezone.now()
        partnership.save(update_fields=["interest_notified_at", "updated_at"])
    return len(recipients)


def message_notify(*, message_id: int) -> int:
    """E-mail the verified editors of the parties the author did not write for; returns how
    many e-mails went out (none if the message was already announced or is gone)."""
    with transaction.atomic():
        message = (
            Message.objects.select_for_update(of=("self",))
            .select_related("partnership", "author")
            .filter(pk=message_id)
            .first()
        )
        if message is None or message.notified_at is not None:
            return 0
        parties = [
            party
            for party in message.partnership.parties.select_related("authority", "association")
            if party.pk != message.party_id
        ]
        recipients = [user for user in editors_of(parties) if user.pk != message.author_id]
        for recipient in recipients:
            send(
                to=recipient,
                template="message",
                context={
                    "message": message,
                    "partnership": message.partnership,
                    "author": message.author,
                    "link": site_link(message.partnership.get_absolute_url()),
                },
            )
        message.notified_at = timezone.now()
        message.save(update_fields=["notified_at", "updated_at"])
    return len(recipients)


def _remind(
    *, kind: str, object_id: int, for_date: date, recipient: User, context: dict[str, Any]
) -> bool:
    """Send one reminder unless it was sent before; the record and the e-mail go together."""
    with transaction.atomic():
        _record, created = ReminderSent.objects.get_or_create(
            kind=kind, object_id=object_id, for_date=for_date, recipient=recipient
        )
        if created:
            send(to=recipient, template=kind, context={**context, "person": recipient})
    return created


def _remind_parties(
    partnership: Partnership,
    *,
    kind: str,
    object_id: int,
    for_date: date,
    context: dict[str, Any],
) -> int:
    """Remind each verified editor of the partnership's parties (see _remind) with a link to
    it; how many e-mails went out."""
    context = {
        **context,
        "partnership": partnership,
        "link": site_link(partnership.get_absolute_url()),
    }
    recipients = editors_of(partnership.parties.select_related("authority", "association"))
    return sum(
        _remind(
            kind=kind,
            object_id=object_id,
            for_date=for_date,
            recipient=recipient,
            context=context,
        )
        for recipient in recipients
    )


def reminders_send(*, today: date | None = None) -> int:
    """E-mail the parties' verified editors about follow-ups due tomorrow and agreements due
    for renewal within RENEWAL_NOTICE_DAYS; returns how many e-mails went out. Each reminder
    is sent once per recipient and date, so running it again the same day sends nothing."""
    today = today or timezone.localdate()
    sent = 0
    followups = (
        FollowUp.objects.filter(due_on=today + timedelta(days=1), done_at__isnull=True)
        .exclude(activity__partnership__state__in=CLOSED_STATES)
        .select_related("activity__partnership")
    )
    for followup in followups:
        sent += _remind_parties(
            followup.activity.partnership,
            kind=ReminderKind.FOLLOWUP_DUE,
            object_id=followup.pk,
            for_date=followup.due_on or today,
            context={"followup": followup},
        )
    agreements = (
        Agreement.objects.filter(
            renewal_on__gte=today, renewal_on__lte=today + timedelta(days=RENEWAL_NOTICE_DAYS)
        )
        .exclude(partnership__state__in=CLOSED_STATES)
        .select_related("partnership")
    )
    for agreement in agreements:
        sent += _remind_parties(
            agreement.partnership,
            kind=ReminderKind.AGREEMENT_RENEWAL,
            object_id=agreement.pk,
            for_date=agreement.renewal_on or today,
            context={"agreement": agreement},
        )
    return sent
