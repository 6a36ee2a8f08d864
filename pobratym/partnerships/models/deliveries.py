"""Aid deliveries: who gives what to which Ukrainian authority, against which need or offer, and
how far it got (pledged, shipped, received)."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from pobratym.accounts.models import actor_link
from pobratym.core.models import BaseModel, optional_link
from pobratym.directory.models import Authority
from pobratym.exchange.enums import Visibility
from pobratym.exchange.models import ItemBase, Need, NeedItem, Offer, OfferItem, Sector

from ..enums import DeliveryState
from .partnerships import MAX_NOTE, PartnershipParty, partnership_link


class Delivery(BaseModel):
    """Aid from one party to a Ukrainian authority: pledged, shipped, received."""

    partnership = partnership_link("deliveries")
    giver = models.ForeignKey(
        PartnershipParty,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("given by"),
    )
    recipient = models.ForeignKey(
        Authority,
        on_delete=models.PROTECT,
        related_name="deliveries_received",
        verbose_name=_("received by"),
    )
    need = optional_link(
        Need,
        on_delete=models.SET_NULL,
        related_name="deliveries",
        verbose_name=_("the need it answers"),
    )
    offer = optional_link(
        Offer,
        on_delete=models.SET_NULL,
        related_name="deliveries",
        verbose_name=_("the offer it gives from"),
    )
    # A delivery's own sectors: the need's it answers, otherwise those its giver chose. Not the
    # partnership's: heaters sent under a memorandum on EU integration are energy aid.
    sectors = models.ManyToManyField(
        Sector, related_name="deliveries", blank=True, verbose_name=_("sectors")
    )
    state = models.CharField(
        _("state"), max_length=16, choices=DeliveryState.choices, default=DeliveryState.PLEDGED
    )
    pledged_on = models.DateField(_("pledged on"))
    shipped_on = models.DateField(_("shipped on"), null=True, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=MAX_NOTE)
    visibility = models.CharField(
        _("who sees it"), max_length=16, choices=Visibility.choices, default=Visibility.PARTIES
    )
    received_confirmed_by = actor_link(_("receipt confirmed by"))
    created_by = actor_link(_("created by"))

    class Meta:
        verbose_name = _("aid delivery")
        verbose_name_plural = _("aid deliveries")
        ordering = ["-pledged_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(shipped_on__isnull=True) | Q(shipped_on__gte=F("pledged_on")),
                name="delivery_shipped_after_pledge",
            ),
            models.CheckConstraint(
                condition=Q(received_on__isnull=True)
                | (Q(shipped_on__isnull=False) & Q(received_on__gte=F("shipped_on"))),
                name="delivery_received_after_shipping",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.giver} → {self.recipient} ({self.pledged_on:%Y-%m-%d})"


class DeliveryItem(ItemBase):
    """One line of a delivery. Its name and unit are those of the needed or offered item it
    stands for (kept here too, so the record reads the same after the need is edited); a
    delivery that answers no need and gives from no offer names its own items.

    PROTECT: an item that aid was recorded against cannot vanish from its need or offer, or
    the need's progress and the offer's stock would silently change."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="items")
    need_item = optional_link(
        NeedItem,
        on_delete=models.PROTECT,
        related_name="delivery_items",
        verbose_name=_("the needed item it covers"),
    )
    offer_item = optional_link(
        OfferItem,
        on_delete=models.PROTECT,
        related_name="delivery_items",
        verbose_name=_("the offered item it gives"),
    )

    class Meta(ItemBase.Meta):
        verbose_name = _("item delivered")
        verbose_name_plural = _("items delivered")
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="delivery_item_quantity_positive"
            )
        ]
