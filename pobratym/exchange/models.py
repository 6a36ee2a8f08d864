"""Needs and offers of the exchange, the sector taxonomy they are filed under, and the vectors
matching compares them by."""

from decimal import Decimal

import numpy as np
import numpy.typing as npt
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from pobratym.accounts.models import actor_link
from pobratym.core.models import BaseModel, exactly_one_of
from pobratym.directory.models import Authority, OfOneOrganisation, organisation_links
from pobratym.semantics import vector_from_bytes

from .enums import NeedStatus, OfferKind, OfferStatus, RecordKind, Unit, Urgency, Visibility

MAX_TITLE = 200
MAX_DESCRIPTION = 10_000
MAX_ITEM_NAME = 200
MAX_QUANTITY = Decimal("1000000")
MAX_COST_EUR = Decimal("1000000000")
MAX_CAPACITY = 1000


class Sector(BaseModel):
    """A sector of the taxonomy in sectors.toml; synced from the file, never edited by hand."""

    code = models.CharField(_("code"), max_length=64, unique=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    label_uk = models.CharField(_("name in Ukrainian"), max_length=200)
    label_en = models.CharField(_("name in English"), max_length=200)
    keywords = models.JSONField(_("keywords by language"), default=dict, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    is_active = models.BooleanField(
        _("in the taxonomy"),
        default=True,
        help_text=_(
            "A sector removed from the taxonomy file stays for the records filed under it."
        ),
    )

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["position"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if (get_language() or "uk").startswith("uk"):
            return self.label_uk or self.label_en
        return self.label_en or self.label_uk


class ItemBase(models.Model):
    """A countable thing asked for or given: 5 generators, 120 kW, 30 places on a study visit."""

    name = models.CharField(_("what"), max_length=MAX_ITEM_NAME)
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(MAX_QUANTITY)],
    )
    unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.name}: {self.quantity.normalize():f} {self.get_unit_display()}"


class ExchangeRecord(BaseModel):
    """What needs and offers share: their text in its language, who sees them, who wrote them,
    and the key search reads them by. Each has a status of its own choices."""

    title = models.CharField(_("title"), max_length=MAX_TITLE)
    description = models.TextField(_("description"), blank=True, max_length=MAX_DESCRIPTION)
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        help_text=_("Detected from the text; empty when it could not be told."),
    )
    visibility = models.CharField(
        _("who sees it"), max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    created_by = actor_link(_("created by"))
    search_key = models.TextField(_("search key"), blank=True, editable=False)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "visibility"]),
            # Matching's keeper asks for the last change at each refresh (matching/keeper.py).
            models.Index(fields=["updated_at"]),
        ]

    def __str__(self) -> str:
        return self.title


class Need(ExchangeRecord):
    """What a Ukrainian hromada, city or oblast needs, in its own words and language."""

    authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, related_name="needs", verbose_name=_("authority")
    )
    sectors = models.ManyToManyField(Sector, related_name="needs", verbose_name=_("sectors"))
    urgency = models.CharField(_("urgency"), max_length=16, choices=Urgency.choices)
    estimated_cost_eur = models.DecimalField(
        _("estimated cost, EUR"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=16, choices=NeedStatus.choices, default=NeedStatus.OPEN
    )

    class Meta(ExchangeRecord.Meta):
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        constraints = [
            models.CheckConstraint(
                condition=Q(estimated_cost_eur__isnull=True) | Q(estimated_cost_eur__gte=0),
                name="need_cost_not_negative",
            ),
        ]

    def get_absolute_url(self) -> str:
        return reverse("exchange:need", args=[self.pk])

    @property
    def organisation(self) -> Authority:
        return self.authority


class NeedItem(ItemBase):
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="items")

    class Meta(ItemBase.Meta):
        verbose_name = _("item needed")
        verbose_name_plural = _("items needed")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="need_item_quantity_positive")
        ]


class Offer(OfOneOrganisation, ExchangeRecord):
    """What a European authority, an association or a Ukrainian community can give."""

    authority, association = organisation_links(on_delete=models.PROTECT, related_name="offers")
    kind = models.CharField(_("kind of help"), max_length=16, choices=OfferKind.choices)
    sectors = models.ManyToManyField(Sector, related_name="offers", verbose_name=_("sectors"))
    capacity = models.PositiveSmallIntegerField(
        _("how many partners"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)],
    )
    staff_languages = models.CharField(
        _("languages the staff speak"),
        max_length=200,
        blank=True,
        help_text=_("ISO 639-1 codes separated by commas, e.g. uk, en, de."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=OfferStatus.choices, default=OfferStatus.OPEN
    )

    class Meta(ExchangeRecord.Meta):
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        constraints = [
            exactly_one_of("authority", "association", name="offer_exactly_one_organisation"),
        ]

    def get_absolute_url(self) -> str:
        return reverse("exchange:offer", args=[self.pk])

    @property
    def staff_language_codes(self) -> list[str]:
        return [code for code in self.staff_languages.split(",") if code]


class OfferItem(ItemBase):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="items")

    class Meta(ItemBase.Meta):
        verbose_name = _("item offered")
        verbose_name_plural = _("items offered")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="offer_item_quantity_positive")
        ]


class TextEmbedding(BaseModel):
    """The vector of a need's or an offer's text, for cross-lingual matching.

    text_hash is the SHA-256 of the text that was embedded: a save that leaves the text as it
    was costs no new embedding.
    """

    kind = models.CharField(_("kind"), max_length=8, choices=RecordKind.choices)
    object_id = models.PositiveBigIntegerField(_("record id"))
    text_hash = models.CharField(_("hash of the embedded text"), max_length=64)
    vector = models.BinaryField(_("vector (float32)"))
    model_name = models.CharField(_("model"), max_length=100)

    class Meta:
        verbose_name = _("text embedding")
        verbose_name_plural = _("text embeddings")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id"], name="text_embedding_one_per_record"
            )
        ]
        # "Has anything changed?" is asked before each search and recommendation read.
        indexes = [models.Index(fields=["model_name", "updated_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} ({self.model_name})"

    @property
    def array(self) -> npt.NDArray[np.float32]:
        return vector_from_bytes(self.vector)
