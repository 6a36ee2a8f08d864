"""What a search can find."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchKind(models.TextChoices):
    NEED = "need", _("need")
    OFFER = "offer", _("offer")
    AUTHORITY = "authority", _("authority")
    ASSOCIATION = "association", _("association")
