"""Writing to an organisation through the platform, for those who may not see its contacts.

The message goes by e-mail to the organisation's verified members, each in their own language,
with the writer's name and address so they can answer directly. The platform keeps who wrote to
whom and when (the audit record, which also counts towards the daily limit), never the text.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pobratym.core.audit import audit_record
from pobratym.core.errors import InvalidInput
from pobratym.core.mail import site_link
from pobratym.core.models import AuditRecord
from pobratym.core.viewer import SignedIn, Viewer
from pobratym.directory.organisations import Organisation

from . import notifications
from .enums import MembershipState
from .models import User
from .selectors import organisation_recipients
from .services import require_confirmed

MAX_SUBJECT = 150
MAX_BODY = 5000
WRITTEN_VERB = "contact.written_through_platform"


def messages_sent_today(*, sender: SignedIn) -> int:
    since = timezone.now() - timedelta(days=1)
    return AuditRecord.objects.filter(
        actor=sender, verb=WRITTEN_VERB, created_at__gte=since
    ).count()


def _writer_organisations(sender: SignedIn) -> str:
    memberships = sender.organisation_memberships.filter(
        state=MembershipState.VERIFIED
    ).select_related("authority", "association")
    return ", ".join(sorted(str(m.organisation) for m in memberships))


@transaction.atomic
def organisation_write(
    *, organisation: Organisation, subject: str, body: str, sender: Viewer
) -> int:
    """Send the message to the organisation's members; returns how many received it."""
    sender = require_confirmed(sender, signed_out_message=_("Sign in to write to an organisation."))
    subject, body = subject.strip(), body.strip()
    errors = {}
    if not subject:
        errors["subject"] = _("Write a subject.")
    elif len(subject) > MAX_SUBJECT:
        errors["subject"] = _("At most %(limit)d characters.") % {"limit": MAX_SUBJECT}
    if not body:
        errors["body"] = _("Write your message.")
    elif len(body) > MAX_BODY:
        errors["body"] = _("At most %(limit)d characters.") % {"limit": MAX_BODY}
    if errors:
        raise InvalidInput.of_fields(errors)
    # Lock the writer's row so that parallel posts are counted one after another.
    User.objects.select_for_update().filter(pk=sender.pk).first()
    limit = settings.ORGANISATION_MESSAGES_PER_DAY
    if messages_sent_today(sender=sender) >= limit:
        raise InvalidInput(
            _(
                "You have written %(limit)d messages in the last 24 hours, the most the platform "
                "sends for one person. Try again tomorrow."
            )
            % {"limit": limit}
        )
    recipients = organisation_recipients(organisation=organisation, exclude=sender)
    if not recipients:
        raise InvalidInput(_("Nobody from this organisation is on the platform yet."))
    context = {
        "organisation": organisation,
        "sender_name": sender.get_full_name() or sender.email,
        "sender_email": sender.email,
        "sender_organisations": _writer_organisations(sender),
        "subject": subject,
        "body": body,
        "profile_link": site_link(organisation.get_absolute_url()),
    }
    # Sent once the message is recorded: a refused or failed write mails nobody.
    transaction.on_commit(lambda: notifications.send_written_message(recipients, context))
    audit_record(
        actor=sender,
        verb=WRITTEN_VERB,
        target=organisation,
        details={"recipients": len(recipients)},
    )
    return len(recipients)
