"""Writes of partnerships: every one keyword-only, with an explicit actor, atomic, audited."""

from .calendars import calendar_feed_get, calendar_feed_rotate
from .deliveries import (
    DeliveryLineIn,
    delivery_pledge,
    delivery_receive,
    delivery_ship,
    need_status_from_deliveries,
    need_status_received,
)
from .merging import partnerships_merge_authority_unsafe
from .notify import interest_notify, message_notify, reminders_send
from .partnerships import (
    ExpressedInterest,
    partnership_create,
    partnership_create_agreed_unsafe,
    partnership_express_interest,
    partnership_transition,
    partnership_update,
)
from .records import (
    FollowUpIn,
    SignatoryIn,
    activity_add,
    agreement_add,
    followup_add,
    followup_mark_done,
    message_post,
    project_add,
)

__all__ = [
    "DeliveryLineIn",
    "ExpressedInterest",
    "FollowUpIn",
    "SignatoryIn",
    "activity_add",
    "agreement_add",
    "calendar_feed_get",
    "calendar_feed_rotate",
    "delivery_pledge",
    "delivery_receive",
    "delivery_ship",
    "followup_add",
    "followup_mark_done",
    "interest_notify",
    "message_notify",
    "message_post",
    "need_status_from_deliveries",
    "need_status_received",
    "partnership_create",
    "partnership_create_agreed_unsafe",
    "partnership_express_interest",
    "partnership_transition",
    "partnership_update",
    "partnerships_merge_authority_unsafe",
    "project_add",
    "reminders_send",
]
