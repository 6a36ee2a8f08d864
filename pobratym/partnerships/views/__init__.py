"""Partnership pages: each write is a form, one service call, then a redirect; refusals and
invalid input come back from the services.

One module per part of a partnership's life: the partnership itself, expressing interest, what
it holds (agreements, activities, projects), its aid deliveries and its calendars; common holds
what they share."""

from .calendars import calendars, organisation_ics, partnership_ics
from .deliveries import delivery_create, delivery_receive, delivery_ship, delivery_totals
from .interest import express_interest
from .partnerships import (
    message_create,
    partnership_detail,
    partnership_edit,
    partnership_list,
    transition,
)
from .records import (
    activity_create,
    agreement_create,
    agreement_document,
    followup_create,
    followup_done,
    project_create,
)

__all__ = [
    "activity_create",
    "agreement_create",
    "agreement_document",
    "calendars",
    "delivery_create",
    "delivery_receive",
    "delivery_ship",
    "delivery_totals",
    "express_interest",
    "followup_create",
    "followup_done",
    "message_create",
    "organisation_ics",
    "partnership_detail",
    "partnership_edit",
    "partnership_ics",
    "partnership_list",
    "project_create",
    "transition",
]
