from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    EDITOR = "editor", _("editor")
    FACILITATOR = "facilitator", _("facilitator")


class MembershipState(models.TextChoices):
    PENDING = "pending", _("waiting for verification")
    VERIFIED = "verified", _("verified")
    REJECTED = "rejected", _("rejected")
    REMOVED = "removed", _("removed")


class RequestState(models.TextChoices):
    PENDING = "pending", _("waiting for review")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class RequestedKind(models.TextChoices):
    HROMADA = "hromada", _("hromada")
    OBLAST = "oblast", _("oblast")
    MUNICIPALITY = "municipality", _("municipality")
    REGION = "region", _("region")
    ASSOCIATION = "association", _("association")
