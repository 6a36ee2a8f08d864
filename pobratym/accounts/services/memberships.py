"""Claims to act for an organisation, their decision and the removal of someone who left."""

import rules
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from pobratym.core.audit import audit_record
from pobratym.core.errors import InvalidInput, PermissionRefused
from pobratym.core.permissions import ensure_can
from pobratym.core.viewer import SignedIn, Viewer
from pobratym.directory.models import Association, Authority
from pobratym.directory.organisations import Organisation, organisation_columns

from .. import notifications
from ..enums import MembershipState, Role
from ..models import Invitation, OrganisationMembership, User
from ..selectors import claim_verifiers


def active_membership(user: User, organisation: Organisation) -> OrganisationMembership | None:
    return OrganisationMembership.objects.filter(
        Q(authority=organisation)
        if isinstance(organisation, Authority)
        else Q(association=organisation),
        user=user,
        state__in=[MembershipState.PENDING, MembershipState.VERIFIED],
    ).first()


def require_confirmed(user: Viewer, *, signed_out_message: str = "") -> SignedIn:
    """The user, signed in with a confirmed address; anyone signed out, deactivated or with an
    address not yet confirmed is refused, the signed out and deactivated with
    signed_out_message when there is one."""
    confirm_first = _("Confirm your e-mail address first.")
    if not user.is_authenticated or not user.is_active:
        raise PermissionRefused(signed_out_message or confirm_first)
    if user.email_confirmed_at is None:
        raise PermissionRefused(confirm_first)
    return user


@transaction.atomic
def membership_claim(
    *, user: User, organisation: Organisation, role: str = Role.EDITOR, note: str = ""
) -> OrganisationMembership:
    """Ask to act for an organisation; it grants nothing until someone verifies it.

    Side effects: e-mails the organisation's verified editors and its associations'
    facilitators (or the secretariat when it has none) after commit; audit "membership.claimed".
    """
    require_confirmed(user)
    if role not in Role.values:
        raise InvalidInput.of_field("role", _("Choose a role from the list."))
    if role == Role.FACILITATOR and not isinstance(organisation, Association):
        raise InvalidInput.of_field("role", _("Only an association has facilitators."))
    if isinstance(organisation, Authority) and organisation.merged_into_id is not None:
        raise InvalidInput.of_field("organisation", _("This entry was merged into another one."))
    if active_membership(user, organisation) is not None:
        raise InvalidInput.of_field(
            "organisation", _("You have already claimed this organisation.")
        )
    membership = OrganisationMembership.objects.create(
        user=user,
        role=role,
        claim_note=note.strip()[:2000],
        **organisation_columns(organisation),
    )
    audit_record(
        actor=user,
        verb="membership.claimed",
        target=membership,
        details={"organisation": str(organisation), "role": role},
    )
    deciders = claim_deciders(membership)
    transaction.on_commit(lambda: notifications.send_claim_to_deciders(membership, deciders))
    return membership


def claim_deciders(membership: OrganisationMembership) -> list[User]:
    """Who is told about a claim: its verified editors, the facilitators of its associations,
    else the secretariat (selectors.claim_verifiers)."""
    return claim_verifiers(membership).people


@transaction.atomic
def membership_decide(
    *, membership: OrganisationMembership, approve: bool, note: str = "", actor: User
) -> OrganisationMembership:
    """Verify or reject a pending claim. Audit "membership.verified"/"membership.rejected"."""
    membership = OrganisationMembership.objects.select_for_update().get(pk=membership.pk)
    ensure_can(actor, "accounts.decide_claim", membership)
    if membership.state != MembershipState.PENDING:
        raise InvalidInput(_("This claim has already been decided."))
    state = MembershipState.VERIFIED if approve else MembershipState.REJECTED
    _membership_settle(membership, state=state, note=note, actor=actor)
    transaction.on_commit(lambda: notifications.send_claim_decision(membership))
    return membership


@transaction.atomic
def membership_remove(
    *, membership: OrganisationMembership, note: str = "", actor: User
) -> OrganisationMembership:
    """A facilitator or the secretariat removes someone who left. Audit "membership.removed"."""
    membership = OrganisationMembership.objects.select_for_update().get(pk=membership.pk)
    ensure_can(actor, "accounts.remove_member", membership)
    if membership.state == MembershipState.REMOVED:
        raise InvalidInput(_("This person has already been removed."))
    _membership_settle(membership, state=MembershipState.REMOVED, note=note, actor=actor)
    _invitations_revoke(inviter=membership.user, actor=actor)
    return membership


def _membership_settle(
    membership: OrganisationMembership,
    *,
    state: MembershipState,
    note: str,
    actor: User,
) -> None:
    """Record who brought the membership to its new state, when and why. Audit
    "membership.<state>": verified, rejected or removed."""
    before = membership.state
    membership.state = state
    membership.decided_by = actor
    membership.decided_at = timezone.now()
    membership.decision_note = note.strip()[:2000]
    membership.save()
    audit_record(
        actor=actor,
        verb=f"membership.{state}",
        target=membership,
        changes={"state": [before, state]},
    )


def _invitations_revoke(*, inviter: User, actor: User) -> None:
    """Withdraw the open invitations of someone who may no longer invite to their organisation
    (a facilitator's reach over member organisations ends with their association's membership
    too). Audit "invitation.revoked" for each."""
    open_invitations = Invitation.objects.select_for_update(of=("self",)).filter(
        invited_by=inviter,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gte=timezone.now(),
    )
    for invitation in open_invitations.select_related("authority", "association"):
        if rules.has_perm("accounts.invite_member", inviter, invitation.organisation):
            continue
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            verb="invitation.revoked",
            target=invitation,
            details={"organisation": str(invitation.organisation), "invited_by": inviter.email},
        )


def memberships_of(user: SignedIn) -> list[OrganisationMembership]:
    return list(
        OrganisationMembership.objects.filter(user=user)
        .select_related("authority", "association")
        .order_by("-created_at")
    )
