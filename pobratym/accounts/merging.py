"""What a directory merge must carry over from accounts: the duplicate's staff and invitations."""

from django.utils.translation import gettext as _

from pobratym.directory.models import Authority

from .enums import MembershipState
from .models import Invitation, OrganisationMembership


def accounts_merge_authority_unsafe(*, duplicate: Authority, target: Authority) -> dict[str, int]:
    """Move the duplicate's staff and open invitations to the target (a directory merge step,
    registered in AccountsConfig.ready); returns how many moved, per kind.

    _unsafe: no permission check and no audit record of its own — authority_merge, which runs
    it, has checked and records the counts. A person on the staff of both keeps the target's
    membership; the duplicate's is marked removed.
    """
    staff_in_target = set(
        OrganisationMembership.objects.filter(
            authority=target, state__in=[MembershipState.PENDING, MembershipState.VERIFIED]
        ).values_list("user_id", flat=True)
    )
    staff = OrganisationMembership.objects.filter(authority=duplicate)
    return {
        "staff already at the target": staff.filter(user_id__in=staff_in_target).update(
            state=MembershipState.REMOVED, decision_note=_("Merged into another entry.")
        ),
        "staff": staff.exclude(user_id__in=staff_in_target).update(authority=target),
        "invitations": Invitation.objects.filter(authority=duplicate).update(authority=target),
    }
