"""The partnership and the organisations taking part in it: its parties, the history of its
states and its thread of messages. The text limits every record of the app shares live here."""

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pobratym.accounts.models import actor_link
from pobratym.core.models import BaseModel, exactly_one_of, once_per, optional_link
from pobratym.directory.models import Association, Authority, OfOneOrganisation, organisation_links
from pobratym.exchange.enums import Visibility
from pobratym.exchange.models import Need, Offer, Sector

from ..enums import CONTACTS_SHARED_STATES, PartnershipKind, PartnershipState, Source

MAX_TITLE = 200
MAX_TEXT = 10_000
MAX_NOTE = 2_000


class Partnership(BaseModel):
    """Two or more parties working together, with the record of how they got there."""

    kind = models.CharField(_("kind"), max_length=24, choices=PartnershipKind.choices)
    sectors = models.ManyToManyField(
        Sector, related_name="partnerships", blank=True, verbose_name=_("sectors")
    )
    source = models.CharField(_("where it came from"), max_length=24, choices=Source.choices)
    state = models.CharField(
        _("state"),
        max_length=24,
        choices=PartnershipState.choices,
        default=PartnershipState.INTEREST_EXPRESSED,
    )
    visibility = models.CharField(
        _("who sees it"), max_length=16, choices=Visibility.choices, default=Visibility.PARTIES
    )
    description = models.TextField(_("description"), blank=True, max_length=MAX_TEXT)
    facilitators = models.ManyToManyField(
        Association,
        related_name="facilitated_partnerships",
        blank=True,
        verbose_name=_("facilitators"),
    )
    # Every need and offer the partnership answers: the one it started from, and those added
    # when either side expressed interest again while it was open.
    needs = models.ManyToManyField(
        Need, related_name="partnerships", blank=True, verbose_name=_("the needs it answers")
    )
    offers = models.ManyToManyField(
        Offer, related_name="partnerships", blank=True, verbose_name=_("the offers it takes up")
    )
    created_by = actor_link(_("created by"))
    interest_notified_at = models.DateTimeField(
        _("other side told of the interest"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(fields=["state", "visibility"])]

    def __str__(self) -> str:
        return self.display_title

    def get_absolute_url(self) -> str:
        return reverse("partnerships:detail", args=[self.pk])

    @property
    def display_title(self) -> str:
        """The parties' names in the reader's language: "Коростенська громада – Бурж"."""
        return " – ".join(party.organisation.display_name for party in self.parties.all())

    @property
    def is_open_for_dialogue(self) -> bool:
        """The other side accepted: the parties write to each other."""
        return self.state not in (
            PartnershipState.INTEREST_EXPRESSED,
            PartnershipState.DECLINED,
            PartnershipState.WITHDRAWN,
        )

    @property
    def shares_contacts(self) -> bool:
        """Both sides accepted and the partnership has not ended: they see each other's contacts."""
        return self.state in CONTACTS_SHARED_STATES


def partnership_link(related_name: str) -> "models.ForeignKey[Partnership, Partnership]":
    """The partnership a record belongs to: the record goes with it."""
    return models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        related_name=related_name,
        verbose_name=_("partnership"),
    )


class PartnershipParty(OfOneOrganisation, BaseModel):
    partnership = partnership_link("parties")
    authority, association = organisation_links(
        on_delete=models.PROTECT, related_name="partnership_parties"
    )
    is_initiator = models.BooleanField(
        _("expressed the interest"),
        default=False,
        help_text=_("The other parties accept or decline."),
    )

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["-is_initiator", "pk"]
        constraints = [
            exactly_one_of("authority", "association", name="partnership_party_one_organisation"),
            once_per("partnership", "authority", name="partnership_party_authority_once"),
            once_per("partnership", "association", name="partnership_party_association_once"),
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class StateChange(models.Model):
    """One row of a partnership's history: from, to, when, by whom, why."""

    partnership = partnership_link("history")
    from_state = models.CharField(
        pgettext_lazy("state change", "from"),
        max_length=24,
        choices=PartnershipState.choices,
        blank=True,
    )
    to_state = models.CharField(
        pgettext_lazy("state change", "to"), max_length=24, choices=PartnershipState.choices
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = actor_link(pgettext_lazy("state change", "by"))
    note = models.TextField(_("note"), blank=True, max_length=MAX_NOTE)
    imported = models.BooleanField(_("imported"), default=False)

    class Meta:
        verbose_name = _("change of state")
        verbose_name_plural = _("changes of state")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_state or '—'} → {self.to_state}"


class Message(BaseModel):
    """A message in the partnership's thread, once the other side has accepted."""

    partnership = partnership_link("messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    party = optional_link(
        PartnershipParty,
        on_delete=models.SET_NULL,
        verbose_name=_("written for"),
        help_text=_("Empty when a facilitator or the secretariat wrote it."),
    )
    body = models.TextField(_("message"), max_length=MAX_TEXT)
    notified_at = models.DateTimeField(_("others notified"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:60]


def organisation_fields(organisation: Authority | Association) -> dict[str, Any]:
    """{"authority": …} or {"association": …}, for rows that belong to one of the two."""
    if isinstance(organisation, Authority):
        return {"authority": organisation, "association": None}
    return {"authority": None, "association": organisation}
