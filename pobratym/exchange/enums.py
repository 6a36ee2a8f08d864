"""Closed vocabularies of the exchange, with their translated labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Urgency(models.TextChoices):
    LOW = "low", pgettext_lazy("urgency", "low")
    MEDIUM = "medium", pgettext_lazy("urgency", "medium")
    HIGH = "high", pgettext_lazy("urgency", "high")
    CRITICAL = "critical", pgettext_lazy("urgency", "critical")


class NeedStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("need status", "open")
    PARTLY_MET = "partly_met", pgettext_lazy("need status", "partly met")
    MET = "met", pgettext_lazy("need status", "met")
    WITHDRAWN = "withdrawn", pgettext_lazy("need status", "withdrawn")


class OfferStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("offer status", "open")
    CLOSED = "closed", pgettext_lazy("offer status", "closed")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("everyone")
    MEMBERS = "members", _("verified members of the platform")
    PARTIES = "parties", _("only the organisation, its facilitators and the secretariat")


class OfferKind(models.TextChoices):
    EXPERTISE = "expertise", _("expertise")
    EQUIPMENT = "equipment", _("equipment")
    FUNDING = "funding", _("funding")
    STUDY_VISITS = "study_visits", _("places on study visits")
    TRAINING = "training", _("training")
    VOLUNTEERS = "volunteers", _("volunteers")
    TWINNING = "twinning", _("long-term twinning")


class Unit(models.TextChoices):
    PIECES = "pieces", pgettext_lazy("unit", "pieces")
    SETS = "sets", pgettext_lazy("unit", "sets")
    KW = "kw", pgettext_lazy("unit", "kW")
    KWH = "kwh", pgettext_lazy("unit", "kWh")
    LITRES = "litres", pgettext_lazy("unit", "litres")
    CUBIC_METRES = "m3", pgettext_lazy("unit", "m³")
    SQUARE_METRES = "m2", pgettext_lazy("unit", "m²")
    TONNES = "tonnes", pgettext_lazy("unit", "tonnes")
    KM = "km", pgettext_lazy("unit", "km")
    PEOPLE = "people", pgettext_lazy("unit", "people")
    HOURS = "hours", pgettext_lazy("unit", "hours")
    DAYS = "days", pgettext_lazy("unit", "days")
    EUR = "eur", pgettext_lazy("unit", "EUR")


class RecordKind(models.TextChoices):
    """What a TextEmbedding (and the embedding task) is about."""

    NEED = "need", _("need")
    OFFER = "offer", _("offer")
