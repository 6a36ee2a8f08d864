"""The base every domain model shares, and the audit record every write leaves."""

from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

ModelT = TypeVar("ModelT", bound=models.Model)


def exactly_one_of(first: str, second: str, *, name: str) -> models.CheckConstraint:
    """A row belongs to exactly one of two things (an authority or an association, say)."""
    return models.CheckConstraint(
        condition=(Q(**{f"{first}__isnull": False}) & Q(**{f"{second}__isnull": True}))
        | (Q(**{f"{first}__isnull": True}) & Q(**{f"{second}__isnull": False})),
        name=name,
    )


def once_per(owner: str, link: str, *, name: str) -> models.UniqueConstraint:
    """A row links its owner to the same thing at most once (rows without the link aside)."""
    return models.UniqueConstraint(
        fields=[owner, link], condition=Q(**{f"{link}__isnull": False}), name=name
    )


def optional_link(
    to: type[ModelT],
    *,
    on_delete: Callable[..., None],
    verbose_name: StrOrPromise,
    related_name: str = "+",
    field: type[models.ForeignKey[Any, Any]] = models.ForeignKey,
    **options: Any,
) -> "models.ForeignKey[ModelT | None, ModelT | None]":
    """A link a row may lack: empty in the table and optional in its forms (field: a
    OneToOneField for a link the other side has at most one of)."""
    return field(
        to,
        on_delete=on_delete,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=verbose_name,
        **options,
    )


class BaseModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class AuditRecord(models.Model):
    """Who did what to which record, when, and which fields changed from what to what."""

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_label = models.CharField(
        _("who, as recorded"),
        max_length=254,
        blank=True,
        help_text=_("The e-mail at the time, or the address a failed sign-in tried."),
    )
    verb = models.CharField(_("what"), max_length=64, db_index=True)
    target_type = optional_link(
        ContentType, on_delete=models.SET_NULL, verbose_name=_("kind of record")
    )
    target_id = models.CharField(_("record id"), max_length=64, blank=True)
    target_label = models.CharField(_("record"), max_length=300, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit record")
        verbose_name_plural = _("audit records")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.verb} {self.target_label}"
        )


class FormSubmission(models.Model):
    """A form a person sent, by the one-time key its page carried (core.submissions): sent
    twice — a double click, a retried request — it makes one record, and the second answer
    points to what the first saved."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("who")
    )
    key = models.CharField(_("key"), max_length=64)
    location = models.CharField(_("where it led"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="form_submission_once_per_key")
        ]

    def __str__(self) -> str:
        return self.key
