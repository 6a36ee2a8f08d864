"""A person's own data: export it, or erase it while the organisations' records stay intact."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from pobratym.core.audit import audit_record
from pobratym.core.errors import PermissionRefused
from pobratym.core.models import AuditRecord
from pobratym.directory.models import Contact

from .enums import MembershipState
from .models import Invitation, OrganisationMembership, User


def _contacts_of(user: User) -> Any:
    return Contact.objects.filter(Q(user=user) | Q(email__iexact=user.email))


def personal_data_export(*, user: User) -> dict[str, Any]:
    """Everything the platform holds about the person, as JSON-ready data."""
    return {
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "language": user.language,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "email_confirmed_at": (
                user.email_confirmed_at.isoformat() if user.email_confirmed_at else None
            ),
        },
        "organisation_memberships": [
            {
                "organisation": str(m.organisation),
                "role": m.role,
                "state": m.state,
                "claim_note": m.claim_note,
                "created_at": m.created_at.isoformat(),
            }
            for m in OrganisationMembership.objects.filter(user=user).select_related(
                "authority", "association"
            )
        ],
        "contact_entries": [
            {
                "organisation": str(c.organisation),
                "name": c.name,
                "position": c.position,
                "email": c.email,
                "phone": c.phone,
                "languages": c.languages,
                "consented_at": c.consented_at.isoformat() if c.consented_at else None,
            }
            for c in _contacts_of(user).select_related("authority", "association")
        ],
        "invitations_received": [
            {
                "organisation": str(i.organisation),
                "invited_by": i.invited_by.email,
                "created_at": i.created_at.isoformat(),
            }
            for i in Invitation.objects.filter(email__iexact=user.email).select_related(
                "authority", "association", "invited_by"
            )
        ],
        "activity": [
            {
                "when": r.created_at.isoformat(),
                "what": r.verb,
                "record": r.target_label,
                "changes": r.changes,
            }
            for r in AuditRecord.objects.filter(actor=user).order_by("created_at")
        ],
    }


def _scrub_audit(model: type[Any], ids: list[int], *, label: str, clear_changes: bool) -> None:
    records = AuditRecord.objects.filter(
        target_type=ContentType.objects.get_for_model(model), target_id__in=[str(i) for i in ids]
    )
    if clear_changes:
        records.update(target_label=label, changes={})
    else:
        records.update(target_label=label)


@transaction.atomic
def personal_data_erase(*, user: User, actor: User) -> None:
    """Erase a person's personal data; what they did for organisations stays, unnamed.

    The account is anonymised and closed (it keeps its id so memberships and audit records
    still point somewhere), contact entries of the person are deleted, invitations to the
    address are deleted, and audit records lose the e-mail and any contact details.
    """
    if actor.pk != user.pk and not getattr(actor, "is_secretariat", False):
        raise PermissionRefused(_("You can erase only your own personal data."))
    label = _("erased user %(id)d") % {"id": user.pk}
    contacts = list(_contacts_of(user).values_list("pk", flat=True))
    invitations = list(
        Invitation.objects.filter(email__iexact=user.email).values_list("pk", flat=True)
    )
    memberships = list(
        OrganisationMembership.objects.filter(user=user).values_list("pk", flat=True)
    )
    # Records about the person's contact entries and invitations held their details; records
    # about the account and its memberships named them (str(user), str(membership)).
    _scrub_audit(Contact, contacts, label=_("erased contact"), clear_changes=True)
    _scrub_audit(Invitation, invitations, label=label, clear_changes=True)
    _scrub_audit(User, [user.pk], label=label, clear_changes=True)
    _scrub_audit(OrganisationMembership, memberships, label=label, clear_changes=False)
    AuditRecord.objects.filter(details__invited_by=user.email).update(details={})
    AuditRecord.objects.filter(actor=user).update(actor_label=label)
    AuditRecord.objects.filter(actor_label__iexact=user.email).update(actor_label=label)
    Contact.objects.filter(pk__in=contacts).delete()
    Invitation.objects.filter(pk__in=invitations).delete()
    OrganisationMembership.objects.filter(
        user=user, state__in=[MembershipState.PENDING, MembershipState.VERIFIED]
    ).update(state=MembershipState.REMOVED, decision_note=_("Personal data erased."))
    user.email = f"erased-{user.pk}@erased.invalid"
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.is_secretariat = False
    user.erased_at = timezone.now()
    user.set_unusable_password()
    user.save()
    audit_record(
        actor=actor if actor.pk != user.pk else None,
        actor_label=label,
        verb="user.erased",
        target=user,
        details={"contacts_deleted": len(contacts)},
    )
