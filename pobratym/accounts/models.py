"""People who sign in, and the organisations they act for."""

from typing import Any

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from pobratym.core.models import BaseModel, exactly_one_of, optional_link
from pobratym.directory.models import OfOneOrganisation, organisation_links

from .enums import MembershipState, RequestedKind, RequestState, Role


class EmailUserManager(BaseUserManager["User"]):
    """Users sign in with their e-mail address; there is no separate user name."""

    def create_user(self, email: str, password: str | None = None, **extra_fields: Any) -> "User":
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(
        self, email: str, password: str | None = None, **extra_fields: Any
    ) -> "User":
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    language = models.CharField(
        _("preferred language"),
        max_length=8,
        default="uk",
        help_text=_("E-mails and the interface use this language."),
    )
    email_confirmed_at = models.DateTimeField(_("e-mail confirmed"), null=True, blank=True)
    is_secretariat = models.BooleanField(
        _("Alliance secretariat"),
        default=False,
        help_text=_("May verify, curate and read the audit for every organisation."),
    )
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = EmailUserManager()  # type: ignore[misc,assignment]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # Two sign-ups racing with Olena@ and olena@ must not both succeed.
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ignoring_case"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email


def actor_link(verbose_name: StrOrPromise) -> "models.ForeignKey[User | None, User | None]":
    """The person who did something to a record (created it, decided it): the record stays
    when their account goes."""
    return optional_link(User, on_delete=models.SET_NULL, verbose_name=verbose_name)


class OrganisationMembership(OfOneOrganisation, BaseModel):
    """A user acting for an authority (as editor) or an association (editor or facilitator).

    Created by a claim (pending until verified) or an accepted invitation (verified at once).
    """

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="organisation_memberships",
        verbose_name=_("user"),
    )
    authority, association = organisation_links(on_delete=models.CASCADE, related_name="staff")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.EDITOR)
    state = models.CharField(
        _("state"), max_length=16, choices=MembershipState.choices, default=MembershipState.PENDING
    )
    claim_note = models.TextField(_("why you represent it"), blank=True, max_length=2000)
    invited_by = actor_link(_("invited by"))
    decided_by = actor_link(_("decided by"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("note on the decision"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("organisation membership")
        verbose_name_plural = _("organisation memberships")
        constraints = [
            exactly_one_of(
                "authority", "association", name="org_membership_exactly_one_organisation"
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.FACILITATOR) | Q(association__isnull=False),
                name="org_membership_facilitators_work_for_associations",
            ),
            models.UniqueConstraint(
                fields=["user", "authority"],
                condition=Q(authority__isnull=False) & Q(state__in=["pending", "verified"]),
                name="org_membership_one_active_per_authority",
            ),
            models.UniqueConstraint(
                fields=["user", "association"],
                condition=Q(association__isnull=False) & Q(state__in=["pending", "verified"]),
                name="org_membership_one_active_per_association",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"

    @property
    def is_verified(self) -> bool:
        return self.state == MembershipState.VERIFIED


class OrganisationRequest(BaseModel):
    """A user asks for an organisation the directory does not have yet."""

    requested_by = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="+", verbose_name=_("requested by")
    )
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=16, choices=RequestedKind.choices)
    country = models.ForeignKey(
        "directory.Country", on_delete=models.PROTECT, verbose_name=_("country")
    )
    website = models.URLField(_("website"), blank=True)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    state = models.CharField(
        _("state"), max_length=16, choices=RequestState.choices, default=RequestState.PENDING
    )
    decided_by = actor_link(_("decided by"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("request for a new organisation")
        verbose_name_plural = _("requests for new organisations")

    def __str__(self) -> str:
        return self.name


class Invitation(OfOneOrganisation, BaseModel):
    """A verified editor invites a colleague by e-mail; accepting makes them a verified editor."""

    email = models.EmailField(_("e-mail address"))
    authority, association = organisation_links(on_delete=models.CASCADE)
    invited_by = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="+", verbose_name=_("invited by")
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    # Set when the inviter stops acting for the organisation: the link then grants nothing.
    revoked_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            exactly_one_of("authority", "association", name="invitation_exactly_one_organisation"),
        ]

    def __str__(self) -> str:
        return self.email


class AttemptCounter(models.Model):
    """The recent attempts of one kind (signing in, asking for a new password) for one e-mail
    address or one IP address.

    An attempt locks this row while it counts and adds itself, so requests sent at once are
    counted one after another and never more than the limit are let through (accounts.throttle).
    The key is a hash: the table holds no address in the clear.
    """

    action = models.CharField(_("action"), max_length=32)
    key = models.CharField(_("key"), max_length=64)
    # [{"id": "...", "at": "ISO time"}], oldest first; only those inside the window are kept.
    attempts = models.JSONField(_("attempts"), default=list)

    class Meta:
        verbose_name = _("attempt counter")
        verbose_name_plural = _("attempt counters")
        constraints = [
            models.UniqueConstraint(fields=["action", "key"], name="attempt_counter_one_per_key"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.key[:8]}"
