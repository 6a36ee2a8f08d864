"""Closed vocabularies of the directory, with their translated labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pobratym import population


class RegionKind(models.TextChoices):
    OBLAST = "oblast", _("oblast")
    SPECIAL_CITY = "special_city", _("city with special status")
    AUTONOMOUS_REPUBLIC = "autonomous_republic", _("autonomous republic")
    RAION = "raion", _("raion")
    REGION = "region", pgettext_lazy("first-level region abroad", "region")


class AuthorityKind(models.TextChoices):
    HROMADA = "hromada", _("hromada")
    CITY = "city", _("city with special status")
    OBLAST = "oblast", _("oblast")
    MUNICIPALITY = "municipality", _("municipality")
    REGION = "region", pgettext_lazy("regional authority abroad", "region")


class SettlementType(models.TextChoices):
    CITY = "city", pgettext_lazy("settlement type", "city")
    SETTLEMENT = "settlement", pgettext_lazy("settlement type", "settlement")
    VILLAGE = "village", pgettext_lazy("settlement type", "village")


class CodeSystem(models.TextChoices):
    KATOTTG = "katottg", _("KATOTTG (Ukraine's official codifier)")
    GEONAMES = "geonames", _("GeoNames")
    ISO_3166_2 = "iso3166-2", _("ISO 3166-2")
    PLATFORM = "pobratym", _("Pobratym (added on request)")


class FrontlineStatus(models.TextChoices):
    FRONTLINE = "frontline", _("frontline")
    DEOCCUPIED = "deoccupied", _("de-occupied")
    OCCUPIED = "occupied", _("temporarily occupied")


class AssociationKind(models.TextChoices):
    NATIONAL_ASSOCIATION = "national_association", _("national association of local authorities")
    EUROPEAN_NETWORK = "european_network", _("European network")
    EU_BODY = "eu_body", _("EU body")
    ALLIANCE = "alliance", _("alliance")


class MembershipStatus(models.TextChoices):
    MEMBER = "member", _("member")
    ASSOCIATED_PARTNER = "associated_partner", _("associated partner")
    FOUNDING_MEMBER = "founding_member", _("founding member")
    OBSERVER = "observer", _("observer")


class PopulationBand(models.TextChoices):
    """The bands of pobratym.population, with their labels."""

    UNDER_10K = population.UNDER_10K, _("under 10,000")
    FROM_10K = population.FROM_10K, _("10,000–50,000")
    FROM_50K = population.FROM_50K, _("50,000–250,000")
    OVER_250K = population.OVER_250K, _("over 250,000")


class PopulationMeasure(models.TextChoices):
    CENTRE_SETTLEMENT = (
        "centre",
        _("GeoNames population of the centre settlement, not of the whole hromada"),
    )
    LOCALITY = "locality", _("GeoNames population of the locality")
