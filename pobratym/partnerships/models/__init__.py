"""Partnerships from first contact to delivered aid: parties, history, thread, agreements,
activities with follow-ups, aid deliveries, joint projects, calendar feeds and reminders.

One module per aggregate; every model is imported here, so that Django finds them all under the
partnerships app and the rest of the code base imports them from pobratym.partnerships.models.
_document_path and new_calendar_token are named here because the migrations refer to them."""

from .calendars import CalendarFeed, ReminderSent, new_calendar_token
from .deliveries import Delivery, DeliveryItem
from .partnerships import (
    MAX_NOTE,
    MAX_TEXT,
    MAX_TITLE,
    Message,
    Partnership,
    PartnershipParty,
    StateChange,
    organisation_fields,
)
from .projects import Project
from .records import Activity, Agreement, FollowUp, Signatory, _document_path

__all__ = [
    "MAX_NOTE",
    "MAX_TEXT",
    "MAX_TITLE",
    "Activity",
    "Agreement",
    "CalendarFeed",
    "Delivery",
    "DeliveryItem",
    "FollowUp",
    "Message",
    "Partnership",
    "PartnershipParty",
    "Project",
    "ReminderSent",
    "Signatory",
    "StateChange",
    "_document_path",
    "new_calendar_token",
    "organisation_fields",
]
