"""Who is who: countries, regions, authorities and associations, with their official codes."""

from collections.abc import Callable
from typing import Any

import translitua
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from pobratym.core.models import BaseModel, exactly_one_of, once_per, optional_link

from .enums import (
    AssociationKind,
    AuthorityKind,
    CodeSystem,
    FrontlineStatus,
    MembershipStatus,
    PopulationMeasure,
    RegionKind,
    SettlementType,
)


def _in_language(*, uk: str, en: str, fallback: str) -> str:
    """A stored name in the active language; the original name when no translation exists."""
    if (get_language() or "uk").startswith("uk"):
        return uk or fallback
    return en or fallback


class Country(BaseModel):
    code = models.CharField(_("ISO code"), max_length=2, unique=True)
    name_en = models.CharField(_("name in English"), max_length=100)
    name_uk = models.CharField(_("name in Ukrainian"), max_length=100)

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _in_language(uk=self.name_uk, en=self.name_en, fallback=self.code)


class Region(BaseModel):
    """A first-level region (oblast, Land, région) or a Ukrainian raion inside an oblast."""

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="regions")
    kind = models.CharField(_("kind"), max_length=24, choices=RegionKind.choices)
    code = models.CharField(
        _("code"),
        max_length=32,
        unique=True,
        help_text=_("ISO 3166-2 where one exists, else a KATOTTG or GeoNames code."),
    )
    iso_code = models.CharField(_("ISO 3166-2 code"), max_length=8, blank=True)
    katottg_code = models.CharField(_("KATOTTG code"), max_length=19, blank=True)
    geonames_admin1 = models.CharField(_("GeoNames first-level code"), max_length=16, blank=True)
    name = models.CharField(_("name"), max_length=200)
    name_uk = models.CharField(_("name in Ukrainian"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["country__code", "name"]
        indexes = [models.Index(fields=["country", "kind"])]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return _in_language(uk=self.name_uk, en=self.name_en, fallback=self.name)


class Authority(BaseModel):
    """A local or regional authority: hromada, Kyiv, oblast, European municipality or region."""

    kind = models.CharField(_("kind"), max_length=16, choices=AuthorityKind.choices)
    name = models.CharField(_("official name"), max_length=200)
    name_uk = models.CharField(_("name in Ukrainian"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="authorities")
    region = optional_link(
        Region, on_delete=models.PROTECT, related_name="authorities", verbose_name=_("region")
    )
    raion = optional_link(
        Region, on_delete=models.PROTECT, related_name="raion_authorities", verbose_name=_("raion")
    )
    code_system = models.CharField(_("code system"), max_length=16, choices=CodeSystem.choices)
    official_code = models.CharField(_("official code"), max_length=32)
    settlement_type = models.CharField(
        _("settlement type"), max_length=16, choices=SettlementType.choices, blank=True
    )
    centre_name = models.CharField(_("administrative centre"), max_length=200, blank=True)
    centre_code = models.CharField(_("KATOTTG code of the centre"), max_length=19, blank=True)
    geonames_id = models.PositiveIntegerField(_("GeoNames id"), null=True, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_measure = models.CharField(
        _("what the population figure measures"),
        max_length=16,
        choices=PopulationMeasure.choices,
        blank=True,
    )
    is_section = models.BooleanField(
        _("section of a larger locality"),
        default=False,
        help_text=_("City districts are kept out of counts and out of partner proposals."),
    )
    section_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sections",
        verbose_name=_("section of"),
    )
    frontline_status = models.CharField(
        _("frontline status"), max_length=16, choices=FrontlineStatus.choices, blank=True
    )
    frontline_source = models.CharField(_("source of the status"), max_length=500, blank=True)
    frontline_as_of = models.DateField(_("status as of"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(
        _("about"),
        blank=True,
        max_length=5000,
        help_text=_("What the organisation does and looks for, in any language."),
    )
    description_language = models.CharField(
        _("language of the description"), max_length=8, blank=True
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_duplicates",
        verbose_name=_("merged into"),
        help_text=_("A duplicate merged into another entry is kept only to explain the merge."),
    )
    search_key = models.TextField(_("search key"), blank=True, editable=False)

    class Meta:
        verbose_name = _("authority")
        verbose_name_plural = _("authorities")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code_system", "official_code"], name="authority_unique_official_code"
            ),
            models.CheckConstraint(
                condition=Q(frontline_status="") | Q(frontline_as_of__isnull=False),
                name="authority_frontline_status_dated",
            ),
        ]
        indexes = [
            models.Index(fields=["country", "kind"]),
            models.Index(fields=["region", "kind"]),
            # PostgreSQL also gets population DESC NULLS LAST, which SQLite cannot index (0004).
            models.Index(fields=["-population"]),
            # Matching's keeper asks for the last change at each refresh (matching/keeper.py).
            models.Index(fields=["updated_at"]),
        ]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("directory:authority", args=[self.pk])

    @property
    def display_name(self) -> str:
        return _in_language(uk=self.name_uk, en=self.name_en, fallback=self.name)

    @property
    def centre_display_name(self) -> str:
        """The centre in Cyrillic for Ukrainian readers, in the official romanisation otherwise."""
        if not self.centre_name or (get_language() or "uk").startswith("uk"):
            return self.centre_name
        return str(translitua.translit(self.centre_name))

    @property
    def is_ukrainian(self) -> bool:
        return self.kind in {AuthorityKind.HROMADA, AuthorityKind.CITY, AuthorityKind.OBLAST}


class Association(BaseModel):
    """An association of local authorities, a European network, an EU body or the Alliance."""

    kind = models.CharField(_("kind"), max_length=24, choices=AssociationKind.choices)
    slug = models.SlugField(_("short name for links"), max_length=80, unique=True)
    acronym = models.CharField(_("acronym"), max_length=32, blank=True)
    name = models.CharField(_("official name"), max_length=300)
    name_uk = models.CharField(_("name in Ukrainian"), max_length=300, blank=True)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="associations",
        help_text=_("Empty for a European network or an EU body."),
    )
    website = models.URLField(_("website"), blank=True)
    description_uk = models.TextField(_("description in Ukrainian"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    search_key = models.TextField(_("search key"), blank=True, editable=False)

    class Meta:
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("directory:association", args=[self.slug])

    @property
    def display_name(self) -> str:
        return _in_language(uk=self.name_uk, en=self.name_en, fallback=self.name)

    @property
    def description(self) -> str:
        return _in_language(uk=self.description_uk, en=self.description_en, fallback="")


def organisation_links(
    *, on_delete: Callable[..., None], related_name: str = "+", one_to_one: bool = False
) -> tuple[
    "models.ForeignKey[Authority | None, Authority | None]",
    "models.ForeignKey[Association | None, Association | None]",
]:
    """The two links of a row of one organisation (OfOneOrganisation): to its authority, to
    its association; the same deletion rule and reverse name for both."""
    options: dict[str, Any] = {"on_delete": on_delete, "related_name": related_name}
    if one_to_one:
        options["field"] = models.OneToOneField
    return (
        optional_link(Authority, verbose_name=_("authority"), **options),
        optional_link(Association, verbose_name=_("association"), **options),
    )


class OfOneOrganisation:
    """A row that belongs to one authority or one association, never to both: its table's
    exactly_one_of constraint says so."""

    authority: "Authority | None"
    association: "Association | None"

    @property
    def organisation(self) -> "Authority | Association":
        organisation = self.authority or self.association
        assert organisation is not None  # the table's exactly_one_of constraint
        return organisation


class Contact(OfOneOrganisation, BaseModel):
    """A contact person of an organisation: personal data, shown only to verified members.

    A contact is shown only once consent is recorded (consented_at), and never in a public page,
    export or the API.
    """

    authority, association = organisation_links(on_delete=models.CASCADE, related_name="contacts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_entries",
        verbose_name=_("account of this person"),
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    languages = models.CharField(
        _("languages spoken"),
        max_length=100,
        blank=True,
        help_text=_("Language codes separated by commas, e.g. uk, en, de."),
    )
    consented_at = models.DateTimeField(_("consent recorded"), null=True, blank=True)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["name"]
        constraints = [
            exactly_one_of("authority", "association", name="contact_exactly_one_organisation"),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(BaseModel):
    """An authority's or an association's membership of an association."""

    association = models.ForeignKey(
        Association,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("association"),
    )
    authority = optional_link(
        Authority,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("member authority"),
    )
    member_association = optional_link(
        Association,
        on_delete=models.CASCADE,
        related_name="memberships_held",
        verbose_name=_("member association"),
    )
    status = models.CharField(_("status"), max_length=24, choices=MembershipStatus.choices)
    since = models.DateField(_("since"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            exactly_one_of("authority", "member_association", name="membership_exactly_one_member"),
            once_per("association", "authority", name="membership_unique_authority"),
            once_per("association", "member_association", name="membership_unique_association"),
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.association}"

    @property
    def member(self) -> Authority | Association:
        member = self.authority or self.member_association
        assert member is not None  # guaranteed by membership_exactly_one_member
        return member
