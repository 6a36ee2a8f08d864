"""Closed vocabularies of allocation rounds, with their translated labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RoundStatus(models.TextChoices):
    UNDER_REVIEW = "under_review", _("under review by the facilitator")
    PUBLISHED = "published", pgettext_lazy("allocation round", "published")


class Response(models.TextChoices):
    PENDING = "pending", _("no answer yet")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
