"""Writes of the accounts domain: sign-up, claims, verification, invitations, removal.

Every function takes the acting user, checks the rules (accounts/rules.py) before it changes
anything, runs in one transaction and leaves an audit record.
"""

import secrets
from datetime import timedelta

import rules
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.text import slugify
from django.utils.translation import gettext as _

from pobratym.core.audit import audit_record
from pobratym.core.errors import InvalidInput, PermissionRefused
from pobratym.core.permissions import ensure_can
from pobratym.core.textkeys import search_key
from pobratym.core.viewer import SignedIn, Viewer
from pobratym.directory.enums import AuthorityKind, CodeSystem
from pobratym.directory.models import Association, Authority, Country
from pobratym.directory.organisations import Organisation

from . import notifications, throttle
from .enums import MembershipState, RequestedKind, RequestState, Role
from .models import Invitation, OrganisationMembership, OrganisationRequest, User
from .selectors import claim_verifiers

CONFIRMATION_SALT = "pobratym.accounts.confirm-email"
CONFIRMATION_MAX_AGE = timedelta(days=3)
INVITATION_LIFETIME = timedelta(days=14)
# What a counter counts (AttemptCounter.action): notices to the owner of a taken address.
SIGN_UP_NOTICE = "sign_up_notice"


@transaction.atomic
def user_sign_up(
    *,
    email: str,
    password: str,
    first_name: str,
    last_name: str,
    language: str,
    then: str = "",
) -> User | None:
    """Create an account that stays inactive until its e-mail address is confirmed. then: a
    path of this site the confirmation link leads on to (the claim of the organisation the
    person came from); the caller checks that it is local.

    An address that already has an account is not revealed: nothing changes, the caller shows
    the same page, and the owner is told by e-mail instead (returns None then). Raises
    InvalidInput (field "password") for a weak password, for either kind of address.

    Side effects: the confirmation e-mail after commit, audit "user.signed_up"; or the owner's
    notice (at most PASSWORD_RESET_LIMIT_PER_ADDRESS within the window), audit
    "user.sign_up_repeated".
    """
    email = User.objects.normalize_email(email.strip())
    user = User(
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        language=language if language in dict(settings.LANGUAGES) else "uk",
        is_active=False,
    )
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise InvalidInput.of_field("password", " ".join(error.messages)) from error
    # Hashed either way, so that a taken address takes as long to answer as a new one.
    user.set_password(password)
    owner = User.objects.filter(email__iexact=email).first()
    if owner is None:
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:  # the same address, signed up at the same moment
            owner = User.objects.get(email__iexact=email)
    if owner is not None:
        _sign_up_repeated(owner=owner, typed_email=email)
        return None
    audit_record(actor=None, actor_label=email, verb="user.signed_up", target=user)
    token = confirmation_token(user, then=then)
    transaction.on_commit(lambda: notifications.send_confirmation(user, token))
    return user


def _sign_up_repeated(*, owner: User, typed_email: str) -> None:
    audit_record(actor=None, actor_label=typed_email, verb="user.sign_up_repeated", target=owner)
    # Limited like reset e-mails: nobody floods an owner's mailbox by signing up again and again.
    attempt = throttle.attempt_begin(
        action=SIGN_UP_NOTICE,
        limits={throttle.email_key(owner.email): settings.PASSWORD_RESET_LIMIT_PER_ADDRESS},
        window=timedelta(minutes=settings.PASSWORD_RESET_WINDOW_MINUTES),
    )
    if attempt.wait_minutes:
        return
    # An owner who never confirmed gets a fresh link: the one that expired is why they are back.
    token = confirmation_token(owner) if owner.email_confirmed_at is None else ""
    transaction.on_commit(lambda: notifications.send_sign_up_repeated(owner, token))


def _password_fingerprint(user: User) -> str:
    """Changes with the password: a link issued before a new password is no longer valid."""
    return salted_hmac(CONFIRMATION_SALT, user.password).hexdigest()[:32]


def confirmation_token(user: User, *, then: str = "") -> str:
    data = {"user": user.pk, "email": user.email, "password": _password_fingerprint(user)}
    if then:
        data["then"] = then
    return signing.dumps(data, salt=CONFIRMATION_SALT)


def confirmation_then(token: str) -> str:
    """Where a valid confirmation link leads on to ("" when nowhere in particular)."""
    try:
        data = signing.loads(token, salt=CONFIRMATION_SALT, max_age=CONFIRMATION_MAX_AGE)
    except signing.BadSignature:
        return ""
    then = data.get("then", "") if isinstance(data, dict) else ""
    return then if isinstance(then, str) else ""


@transaction.atomic
def user_confirm_email(*, token: str) -> User:
    """Activate the account the token was issued for; the caller then signs the person in.

    One use only (a link left in a mailbox must not sign anyone in later), and never once the
    password has changed. Audit "user.email_confirmed".
    """
    try:
        data = signing.loads(token, salt=CONFIRMATION_SALT, max_age=CONFIRMATION_MAX_AGE)
    except signing.SignatureExpired as expired:
        raise InvalidInput(_("This confirmation link has expired. Sign up again.")) from expired
    except signing.BadSignature as bad:
        raise InvalidInput(_("This confirmation link is not valid.")) from bad
    user = (
        User.objects.select_for_update()
        .filter(pk=data.get("user"), email=data.get("email"), erased_at__isnull=True)
        .first()
    )
    if user is None or not constant_time_compare(
        str(data.get("password", "")), _password_fingerprint(user)
    ):
        raise InvalidInput(_("This confirmation link is not valid."))
    if user.email_confirmed_at is not None:
        raise InvalidInput(
            _("This confirmation link has already been used. Sign in with your password.")
        )
    user.email_confirmed_at = timezone.now()
    user.is_active = True
    user.save(update_fields=["email_confirmed_at", "is_active"])
    audit_record(actor=user, verb="user.email_confirmed", target=user)
    return user


@transaction.atomic
def user_language_set(*, language: str, actor: User) -> User:
    """Save the language the person chose with the switch: their pages and e-mails use it.

    Side effects: audit "user.language_changed" when it changed; nothing when it did not.
    """
    if language not in dict(settings.LANGUAGES):
        raise InvalidInput.of_field("language", _("The platform has no such language."))
    user = User.objects.select_for_update().get(pk=actor.pk)
    if user.language != language:
        before, user.language = user.language, language
        user.save(update_fields=["language"])
        audit_record(
            actor=actor,
            verb="user.language_changed",
            target=user,
            changes={"language": [before, language]},
        )
    actor.language = user.language
    return user


def _active_membership(user: User, organisation: Organisation) -> OrganisationMembership | None:
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
    if _active_membership(user, organisation) is not None:
        raise InvalidInput.of_field(
            "organisation", _("You have already claimed this organisation.")
        )
    membership = OrganisationMembership.objects.create(
        user=user,
        role=role,
        claim_note=note.strip()[:2000],
        authority=organisation if isinstance(organisation, Authority) else None,
        association=organisation if isinstance(organisation, Association) else None,
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
    before = membership.state
    membership.state = MembershipState.VERIFIED if approve else MembershipState.REJECTED
    membership.decided_by = actor
    membership.decided_at = timezone.now()
    membership.decision_note = note.strip()[:2000]
    membership.save()
    audit_record(
        actor=actor,
        verb=f"membership.{membership.state}",
        target=membership,
        changes={"state": [before, membership.state]},
    )
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
    before = membership.state
    membership.state = MembershipState.REMOVED
    membership.decided_by = actor
    membership.decided_at = timezone.now()
    membership.decision_note = note.strip()[:2000]
    membership.save()
    audit_record(
        actor=actor,
        verb="membership.removed",
        target=membership,
        changes={"state": [before, membership.state]},
    )
    _invitations_revoke(inviter=membership.user, actor=actor)
    return membership


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


@transaction.atomic
def invitation_create(*, organisation: Organisation, email: str, actor: User) -> Invitation:
    """Invite a colleague by e-mail. Side effects: the invitation e-mail; audit."""
    ensure_can(actor, "accounts.invite_member", organisation)
    email = User.objects.normalize_email(email.strip())
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None and _active_membership(existing, organisation) is not None:
        raise InvalidInput.of_field("email", _("This person already acts for the organisation."))
    invitation = Invitation.objects.create(
        email=email,
        invited_by=actor,
        token=secrets.token_urlsafe(32),
        expires_at=timezone.now() + INVITATION_LIFETIME,
        authority=organisation if isinstance(organisation, Authority) else None,
        association=organisation if isinstance(organisation, Association) else None,
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
    membership = _active_membership(user, organisation)
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


@transaction.atomic
def organisation_request_create(
    *, user: User, name: str, kind: str, country: Country, website: str = "", note: str = ""
) -> OrganisationRequest:
    """Ask the secretariat and facilitators to add an organisation the directory lacks."""
    require_confirmed(user)
    if not name.strip():
        raise InvalidInput.of_field("name", _("Give the organisation's name."))
    if kind not in RequestedKind.values:
        raise InvalidInput.of_field("kind", _("Choose what kind of organisation it is."))
    request = OrganisationRequest.objects.create(
        requested_by=user,
        name=name.strip()[:300],
        kind=kind,
        country=country,
        website=website.strip(),
        note=note.strip()[:2000],
    )
    audit_record(actor=user, verb="organisation_request.created", target=request)
    transaction.on_commit(lambda: notifications.send_organisation_request(request))
    return request


@transaction.atomic
def organisation_request_decide(
    *, request: OrganisationRequest, approve: bool, actor: User
) -> OrganisationMembership | None:
    """Approving adds the organisation and makes the requester its verified editor."""
    request = OrganisationRequest.objects.select_for_update().get(pk=request.pk)
    ensure_can(actor, "accounts.review_organisation_request", request)
    if request.state != RequestState.PENDING:
        raise InvalidInput(_("This request has already been decided."))
    request.state = RequestState.APPROVED if approve else RequestState.REJECTED
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.save()
    audit_record(actor=actor, verb=f"organisation_request.{request.state}", target=request)
    if not approve:
        return None
    organisation = _organisation_from_request(request)
    audit_record(
        actor=actor,
        verb="organisation.created",
        target=organisation,
        details={"request": request.pk},
    )
    try:
        membership = OrganisationMembership.objects.create(
            user=request.requested_by,
            state=MembershipState.VERIFIED,
            decided_by=actor,
            decided_at=timezone.now(),
            authority=organisation if isinstance(organisation, Authority) else None,
            association=organisation if isinstance(organisation, Association) else None,
        )
    except IntegrityError as duplicate:  # pragma: no cover - a fresh organisation has no staff
        raise InvalidInput(_("This request has already been decided.")) from duplicate
    audit_record(actor=actor, verb="membership.verified", target=membership)
    return membership


_AUTHORITY_KIND_BY_REQUEST: dict[str, str] = {
    RequestedKind.HROMADA: AuthorityKind.HROMADA,
    RequestedKind.OBLAST: AuthorityKind.OBLAST,
    RequestedKind.REGION: AuthorityKind.REGION,
}


def _organisation_from_request(request: OrganisationRequest) -> Organisation:
    if request.kind == RequestedKind.ASSOCIATION:
        base = slugify(request.name)[:60] or "association"
        slug = base
        while Association.objects.filter(slug=slug).exists():
            slug = f"{base}-{secrets.token_hex(2)}"
        return Association.objects.create(
            kind="national_association",
            slug=slug,
            name=request.name,
            name_en=request.name,
            country=request.country,
            website=request.website,
            search_key=search_key([request.name]),
        )
    authority = Authority.objects.create(
        kind=_AUTHORITY_KIND_BY_REQUEST.get(str(request.kind), AuthorityKind.MUNICIPALITY),
        name=request.name,
        name_en=request.name,
        country=request.country,
        code_system=CodeSystem.PLATFORM,
        official_code=f"request-{request.pk}",
        website=request.website,
        search_key=search_key([request.name]),
    )
    return authority


def memberships_of(user: SignedIn) -> list[OrganisationMembership]:
    return list(
        OrganisationMembership.objects.filter(user=user)
        .select_related("authority", "association")
        .order_by("-created_at")
    )
