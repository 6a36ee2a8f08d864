"""Closed vocabularies of partnerships, with their translated labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PartnershipKind(models.TextChoices):
    TWINNING = "twinning", _("twinning")
    COOPERATION_AGREEMENT = "cooperation_agreement", _("cooperation agreement")
    MEMORANDUM = "memorandum", _("memorandum-based cooperation")
    SOLIDARITY = "solidarity", _("solidarity partnership")
    PROJECT = "project", _("project partnership")
    ASSOCIATIONS = "associations", _("association-to-association")


class Source(models.TextChoices):
    RECOMMENDATION = "recommendation", _("a recommendation")
    ALLOCATION_ROUND = "allocation_round", _("an allocation round")
    MANUAL = "manual", _("entered by hand")
    NEWS = "news", _("the news")


class PartnershipState(models.TextChoices):
    INTEREST_EXPRESSED = "interest_expressed", _("interest expressed")
    IN_DIALOGUE = "in_dialogue", _("in dialogue")
    AGREEMENT_SIGNED = "agreement_signed", _("agreement signed")
    ACTIVE = "active", pgettext_lazy("partnership state", "active")
    DORMANT = "dormant", pgettext_lazy("partnership state", "dormant")
    ENDED = "ended", pgettext_lazy("partnership state", "ended")
    DECLINED = "declined", pgettext_lazy("partnership state", "declined")
    WITHDRAWN = "withdrawn", pgettext_lazy("partnership state", "interest withdrawn")


# Both sides accepted and work together: each side's members see the other's contact persons.
# An ended partnership stops sharing them; curators and the secretariat still see them.
CONTACTS_SHARED_STATES = (
    PartnershipState.IN_DIALOGUE,
    PartnershipState.AGREEMENT_SIGNED,
    PartnershipState.ACTIVE,
    PartnershipState.DORMANT,
)


class AgreementKind(models.TextChoices):
    MEMORANDUM = "memorandum", _("memorandum")
    AGREEMENT = "agreement", _("agreement")


class ActivityKind(models.TextChoices):
    ONLINE_MEETING = "online_meeting", _("online meeting")
    MEETING = "meeting", _("meeting")
    STUDY_VISIT = "study_visit", _("study visit")
    WORKING_MEETING = "working_meeting", _("working meeting")
    TRAINING = "training", pgettext_lazy("activity", "training")


class DeliveryState(models.TextChoices):
    PLEDGED = "pledged", _("pledged")
    SHIPPED = "shipped", _("shipped")
    RECEIVED = "received", _("received")


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("project status", "planned")
    APPLIED = "applied", _("applied for funding")
    FUNDED = "funded", pgettext_lazy("project status", "funded")
    RUNNING = "running", pgettext_lazy("project status", "running")
    COMPLETED = "completed", pgettext_lazy("project status", "completed")
    NOT_FUNDED = "not_funded", _("not funded")


class ReminderKind(models.TextChoices):
    FOLLOWUP_DUE = "followup_due", _("follow-up due")
    AGREEMENT_RENEWAL = "agreement_renewal", _("agreement renewal")


# Where a partnership has come to rest: a new interest between the same parties starts a new one,
# and reminders are quiet. (An ended partnership may still come back to life, with a reason.)
CLOSED_STATES = (PartnershipState.DECLINED, PartnershipState.WITHDRAWN, PartnershipState.ENDED)
