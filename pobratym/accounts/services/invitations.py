"""Invitations of a colleague by e-mail: sent, looked up by their link's token, accepted."""

import secrets
from datetime import timedelta

import rules
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pobratym.core.audit import audit_record
from pobratym.core.errors import InvalidInput, PermissionRefused
from pobratym.core.permissions import ensure_can
from pobratym.directory.organisations import Organisation, organisation_columns

from .. import notifications
from ..enums import MembershipState, Role
from ..models import Invitation, OrganisationMembership, User
from .memberships import active_membership, require_confirmed

INVITATION_LIFETIME = timedelta(days=14)


@transaction.atomic
def invitation_create(*, organisation: Organisation, email: str, actor: User) -> Invitation:
    """Invite a colleague by e-mail. Side effects: the invitation e-mail; audit."""
    ensure_can(actor, "accounts.invite_member", organisation)
    email = User.objects.normalize_email(email.strip())
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None and active_membership(existing, organisation) is not None:
        raise InvalidInput.of_field("email", _("This person already acts for the organisation."))
    invitation = Invitation.objects.create(
        email=email,
        invited_by=actor,
        token=secrets.token_urlsafe(32),
        expires_at=timezone.now() + INVITATION_LIFETIME,
        **organisation_columns(organisation),
    )
    audit_record(
        actor=actor,
        verb="invitation.created",
        target=invitation,
        details={"organisation": str(organisation)},
    )
    transaction.on_commit(lambda: notifications.send_invitation(invitation))
    return invitation


def invitation_by_token(token: str, *, for_update: bool = False) -> Invitation:
    """The invitation a link names, if it may still be accepted; else InvalidInput saying why.
    for_update: lock its row (inside a transaction) until the caller is done with it."""
    invitations = Invitation.objects.select_related("authority", "association", "invited_by")
    if for_update:
        invitations = invitations.select_for_update(of=("self",))
    invitation = invitations.filter(token=token).first()
    if invitation is None:
        raise InvalidInput(_("This invitation link is not valid."))
    if invitation.accepted_at is not None:
        raise InvalidInput(_("This invitation has already been used."))
    if invitation.expires_at < timezone.now():
        raise InvalidInput(_("This invitation has expired. Ask your colleague for a new one."))
    # Revoked when the inviter was removed; checked again for a right lost any other way.
    if invitation.revoked_at is not None or not rules.has_perm(
        "accounts.invite_member", invitation.invited_by, invitation.organisation
    ):
        raise InvalidInput(
            _(
                "This invitation was withdrawn: the colleague who sent it no longer acts for the "
                "organisation. Ask another colleague for a new one."
            )
        )
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, user: User) -> OrganisationMembership:
    """The invited person, signed in with the invited address, becomes a verified editor.

    The invitation's row is locked first, so a removal of the inviter at the same moment
    either comes before (the invitation is withdrawn) or after (it was accepted).
    """
    invitation = invitation_by_token(token, for_update=True)
    require_confirmed(user)
    if invitation.email.lower() != user.email.lower():
        raise PermissionRefused(_("This invitation was sent to another e-mail address."))
    organisation = invitation.organisation
    membership = active_membership(user, organisation)
    if membership is None:
        membership = OrganisationMembership.objects.create(
            user=user,
            role=Role.EDITOR,
            invited_by=invitation.invited_by,
            authority=invitation.authority,
            association=invitation.association,
        )
    membership.state = MembershipState.VERIFIED
    membership.decided_by = invitation.invited_by
    membership.decided_at = timezone.now()
    membership.save()
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit_record(
        actor=user,
        verb="invitation.accepted",
        target=membership,
        details={"invited_by": invitation.invited_by.email},
    )
    return membership
