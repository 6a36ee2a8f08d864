"""What the parties agreed and did: agreements with their signatories and signed documents,
activities with the follow-up actions agreed at them."""

import secrets

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pobratym.accounts.models import actor_link
from pobratym.core.models import BaseModel, optional_link
from pobratym.directory.models import Contact
from pobratym.exchange.models import Sector

from ..enums import ActivityKind, AgreementKind
from .partnerships import MAX_TEXT, MAX_TITLE, partnership_link


def _document_path(instance: "Agreement", filename: str) -> str:
    # The stored name is random, never the uploaded one: nobody can guess another file's path,
    # and a name like "../x" or "report.pdf.exe" means nothing here.
    extension = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}.get(
        instance.document_type, ""
    )
    return f"partnerships/agreements/{secrets.token_urlsafe(24)}{extension}"


class Agreement(BaseModel):
    """A signed agreement or memorandum, with its signatories and the document itself."""

    partnership = partnership_link("agreements")
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
    created_by = actor_link(_("created by"))

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
    contact = optional_link(Contact, on_delete=models.SET_NULL, verbose_name=_("contact person"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.name}, {self.role}" if self.role else self.name


class Activity(BaseModel):
    """A meeting, an online meeting, a study visit, a working meeting or a training."""

    partnership = partnership_link("activities")
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
    created_by = actor_link(_("created by"))

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
