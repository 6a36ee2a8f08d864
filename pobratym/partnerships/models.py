"""Partnerships from first contact to delivered aid: parties, history, thread, agreements,
activities with follow-ups, aid deliveries, joint projects, calendar feeds and reminders."""

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pobratym.core.models import BaseModel, exactly_one_of
from pobratym.directory.models import Association, Authority, Contact
from pobratym.exchange.enums import Visibility
from pobratym.exchange.models import ItemBase, Need, NeedItem, Offer, OfferItem, Sector

from .enums import (
    CONTACTS_SHARED_STATES,
    ActivityKind,
    AgreementKind,
    DeliveryState,
    PartnershipKind,
    PartnershipState,
    ProjectStatus,
    ReminderKind,
    Source,
)

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
    round_proposal = models.ForeignKey(
        "allocation.RoundProposal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partnerships",
        verbose_name=_("the round's proposal"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    interest_notified_at = models.DateTimeField(
        _("other side told of the interest"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(fields=["state", "visibility"])]
        constraints = [
            # Both sides accepting a proposal twice (a retried request) makes one partnership.
            models.UniqueConstraint(
                fields=["round_proposal"],
                condition=Q(round_proposal__isnull=False),
                name="partnership_once_per_round_proposal",
            )
        ]

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


class PartnershipParty(BaseModel):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="parties", verbose_name=_("partnership")
    )
    authority = models.ForeignKey(
        Authority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partnership_parties",
        verbose_name=_("authority"),
    )
    association = models.ForeignKey(
        Association,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partnership_parties",
        verbose_name=_("association"),
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
            models.UniqueConstraint(
                fields=["partnership", "authority"],
                condition=Q(authority__isnull=False),
                name="partnership_party_authority_once",
            ),
            models.UniqueConstraint(
                fields=["partnership", "association"],
                condition=Q(association__isnull=False),
                name="partnership_party_association_once",
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation)

    @property
    def organisation(self) -> Authority | Association:
        organisation = self.authority or self.association
        assert organisation is not None  # partnership_party_one_organisation
        return organisation


class StateChange(models.Model):
    """One row of a partnership's history: from, to, when, by whom, why."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="history", verbose_name=_("partnership")
    )
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
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=pgettext_lazy("state change", "by"),
    )
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

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("partnership"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    party = models.ForeignKey(
        PartnershipParty,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
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


def _document_path(instance: "Agreement", filename: str) -> str:
    # The stored name is random, never the uploaded one: nobody can guess another file's path,
    # and a name like "../x" or "report.pdf.exe" means nothing here.
    extension = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}.get(
        instance.document_type, ""
    )
    return f"partnerships/agreements/{secrets.token_urlsafe(24)}{extension}"


class Agreement(BaseModel):
    """A signed agreement or memorandum, with its signatories and the document itself."""

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        related_name="agreements",
        verbose_name=_("partnership"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=AgreementKind.choices)
    title = models.CharField(_("title"), max_length=MAX_TITLE)
    signed_on = models.DateField(_("date signed"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    renewal_on = models.DateField(_("renewal date"), null=True, blank=True)
    sectors = models.ManyToManyField(
        Sector, related_name="agreements", blank=True, verbose_name=_("priority directions")
    )
    notes = models.TextField(_("notes"), blank=True, max_length=MAX_TEXT)
    document = models.FileField(_("signed document"), upload_to=_document_path, blank=True)
    document_name = models.CharField(_("file name"), max_length=200, blank=True)
    document_type = models.CharField(_("file type"), max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = [F("signed_on").desc(nulls_last=True), "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(signed_on__isnull=True)
                | Q(valid_until__gte=F("signed_on")),
                name="agreement_valid_after_signing",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Signatory(models.Model):
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="signatories", verbose_name=_("agreement")
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    contact = models.ForeignKey(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contact person"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.name}, {self.role}" if self.role else self.name


class Activity(BaseModel):
    """A meeting, an online meeting, a study visit, a working meeting or a training."""

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name=_("partnership"),
    )
    kind = models.CharField(_("kind"), max_length=24, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=MAX_TITLE)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("For activities of several days.")
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    link = models.URLField(_("link"), blank=True)
    participants = models.TextField(
        _("participants"),
        blank=True,
        max_length=MAX_TEXT,
        help_text=_("Organisations and people taking part."),
    )
    agenda = models.TextField(_("agenda"), blank=True, max_length=MAX_TEXT)
    minutes = models.TextField(_("minutes"), blank=True, max_length=MAX_TEXT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="activity_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class FollowUp(BaseModel):
    """Something agreed at an activity that someone has to do by a date."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="followups", verbose_name=_("activity")
    )
    text = models.CharField(_("what"), max_length=500)
    owner = models.CharField(_("who"), max_length=200, blank=True)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    done_at = models.DateTimeField(pgettext_lazy("follow-up", "done"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        ordering = [F("due_on").asc(nulls_last=True), "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class Delivery(BaseModel):
    """Aid from one party to a Ukrainian authority: pledged, shipped, received."""

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("partnership"),
    )
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
    need = models.ForeignKey(
        Need,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("the need it answers"),
    )
    offer = models.ForeignKey(
        Offer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
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
    received_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("receipt confirmed by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

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
    need_item = models.ForeignKey(
        NeedItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delivery_items",
        verbose_name=_("the needed item it covers"),
    )
    offer_item = models.ForeignKey(
        OfferItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
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


class Project(BaseModel):
    """A joint project: what it costs, who funds it, and the DREAM identifier when registered."""

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        related_name="projects",
        verbose_name=_("partnership"),
    )
    title = models.CharField(_("title"), max_length=MAX_TITLE)
    budget_eur = models.DecimalField(
        _("budget, EUR"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    funding_source = models.CharField(_("funding source"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED
    )
    dream_id = models.CharField(
        _("DREAM project identifier"),
        max_length=64,
        blank=True,
        help_text=_("The project's identifier in the DREAM reconstruction ecosystem, if any."),
    )
    needs = models.ManyToManyField(
        Need, related_name="projects", blank=True, verbose_name=_("needs it answers")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("joint project")
        verbose_name_plural = _("joint projects")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget_eur__isnull=True) | Q(budget_eur__gte=0),
                name="project_budget_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(BaseModel):
    """An organisation's secret calendar address: whoever holds the link reads the feed."""

    authority = models.OneToOneField(
        Authority,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="partnership_calendar",
        verbose_name=_("authority"),
    )
    association = models.OneToOneField(
        Association,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="partnership_calendar",
        verbose_name=_("association"),
    )
    token = models.CharField(max_length=64, unique=True, default=new_calendar_token)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            exactly_one_of("authority", "association", name="calendar_feed_one_organisation"),
        ]

    def __str__(self) -> str:
        return str(self.organisation)

    @property
    def organisation(self) -> Authority | Association:
        organisation = self.authority or self.association
        assert organisation is not None  # calendar_feed_one_organisation
        return organisation


class ReminderSent(models.Model):
    """A reminder e-mail that went out: each is sent once per recipient and date."""

    kind = models.CharField(_("kind"), max_length=24, choices=ReminderKind.choices)
    object_id = models.PositiveBigIntegerField(_("record id"))
    for_date = models.DateField(_("date reminded of"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(pgettext_lazy("reminder", "sent"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "for_date", "recipient"], name="reminder_sent_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} {self.for_date}"


def organisation_fields(organisation: Authority | Association) -> dict[str, Any]:
    """{"authority": …} or {"association": …}, for rows that belong to one of the two."""
    if isinstance(organisation, Authority):
        return {"authority": organisation, "association": None}
    return {"authority": None, "association": organisation}
