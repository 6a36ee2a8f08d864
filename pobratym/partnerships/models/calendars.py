"""What tells the parties of dates ahead: an organisation's secret calendar address, and the
reminder e-mails already sent (so each goes out once)."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pobratym.core.models import BaseModel, exactly_one_of
from pobratym.directory.models import OfOneOrganisation, organisation_links

from ..enums import ReminderKind


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(OfOneOrganisation, BaseModel):
    """An organisation's secret calendar address: whoever holds the link reads the feed."""

    authority, association = organisation_links(
        on_delete=models.CASCADE, related_name="partnership_calendar", one_to_one=True
    )
    token = models.CharField(max_length=64, unique=True, default=new_calendar_token)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            exactly_one_of("authority", "association", name="calendar_feed_one_organisation"),
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class ReminderSent(models.Model):
    """A reminder e-mail that went out: each is sent once per recipient and date."""

    kind = models.CharField(_("kind"), max_length=24, choices=ReminderKind.choices)
    object_id = models.PositiveBigIntegerField(_("record id"))
    for_date = models.DateField(_("date reminded of"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(pgettext_lazy("reminder", "sent"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "for_date", "recipient"], name="reminder_sent_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} {self.for_date}"
