"""Who changes and who reads a partnership; registered with rules at start-up.

A partnership is changed by its parties' verified editors, its facilitators — curators of a
party (facilitators of an association the party belongs to) and the staff of the associations
named as the partnership's facilitators — and the secretariat. Everyone else only reads what is
shown to them: public partnerships, and those for verified members if they have a verified
membership.
"""

from typing import Any

import rules
from django.db.models import Q

from pobratym.accounts.enums import MembershipState
from pobratym.accounts.models import OrganisationMembership
from pobratym.accounts.rules import (
    can_curate,
    grant_contacts_to,
    has_verified_membership,
    is_editor_of,
    is_facilitator_for,
    is_secretariat,
)
from pobratym.directory.models import Authority
from pobratym.exchange.enums import Visibility

from .enums import CONTACTS_SHARED_STATES
from .models import Partnership


def _organisations(partnership: Any) -> list[Any]:
    return [party.organisation for party in partnership.parties.all()]


def _is_party_editor(user: Any, partnership: Any) -> bool:
    return any(is_editor_of(user, org) for org in _organisations(partnership))


def _facilitates(user: Any, partnership: Any) -> bool:
    """A curator of a party, or staff of one of the partnership's facilitating associations."""
    if any(is_facilitator_for(user, org) for org in _organisations(partnership)):
        return True
    return any(is_editor_of(user, association) for association in partnership.facilitators.all())


def _changes(user: Any, partnership: Any) -> bool:
    if partnership is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(
        is_secretariat(user)
        or _is_party_editor(user, partnership)
        or _facilitates(user, partnership)
    )


def _acts_for_side(user: Any, partnership: Any, *, initiator: bool) -> bool:
    """The secretariat, or an editor or curator of a party on that side of the interest."""
    if partnership is None or not getattr(user, "is_authenticated", False):
        return False
    if is_secretariat(user):
        return True
    return any(
        is_editor_of(user, party.organisation) or can_curate(user, party.organisation)
        for party in partnership.parties.all()
        if party.is_initiator == initiator
    )


def _accepts(user: Any, partnership: Any) -> bool:
    """The side that did not express the interest answers it: accepts or declines."""
    return _acts_for_side(user, partnership, initiator=False)


def _withdraws(user: Any, partnership: Any) -> bool:
    """The side that expressed the interest withdraws it."""
    return _acts_for_side(user, partnership, initiator=True)


def _imports(user: Any, partnership: Any) -> bool:
    """Recording an imported signed agreement skips the dialogue: curators' work, not parties'."""
    if partnership is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(is_secretariat(user) or _facilitates(user, partnership))


def _shown(user: Any, record: Any, partnership: Any) -> bool:
    if record.visibility == Visibility.PUBLIC:
        return True
    if record.visibility == Visibility.MEMBERS and (
        has_verified_membership(user) or is_secretariat(user)
    ):
        return True
    return _changes(user, partnership)


def _sees(user: Any, record: Any) -> bool:
    """Visibility of a partnership, or of a delivery (both it and its partnership), as in the
    exchange."""
    if record is None:
        return False
    partnership = getattr(record, "partnership", record)
    if not _shown(user, partnership, partnership):
        return False
    return record is partnership or _shown(user, record, partnership)


def _acts_for(user: Any, organisation: Any) -> bool:
    return organisation is not None and bool(
        is_editor_of(user, organisation) or can_curate(user, organisation)
    )


def _receives(user: Any, delivery: Any) -> bool:
    """Only the receiving side confirms a receipt: the hromada's editors and curators."""
    return delivery is not None and _acts_for(user, delivery.recipient)


@grant_contacts_to
def _accepted_partner_of(user: Any, organisation: Any) -> bool:
    """A verified member of the other side of a partnership both sides accepted, not ended."""
    mine = OrganisationMembership.objects.filter(user=user, state=MembershipState.VERIFIED)
    if isinstance(organisation, Authority):
        theirs = Partnership.objects.filter(parties__authority=organisation)
    else:
        theirs = Partnership.objects.filter(parties__association=organisation)
    # One query whatever the number of memberships: profiles count their queries.
    return (
        theirs.filter(state__in=CONTACTS_SHARED_STATES)
        .filter(
            Q(parties__authority_id__in=mine.filter(authority__isnull=False).values("authority_id"))
            | Q(
                parties__association_id__in=mine.filter(association__isnull=False).values(
                    "association_id"
                )
            )
        )
        .exists()
    )


changes = rules.predicate(_changes)

rules.add_perm("partnerships.express_interest", rules.predicate(_acts_for))
rules.add_perm("partnerships.change", changes)
rules.add_perm("partnerships.accept", rules.predicate(_accepts))
rules.add_perm("partnerships.withdraw", rules.predicate(_withdraws))
rules.add_perm("partnerships.import_agreement", rules.predicate(_imports))
rules.add_perm("partnerships.view", rules.predicate(_sees))
# Signed documents carry signatures and names: the parties and their facilitators only, even
# when the partnership itself is public.
rules.add_perm("partnerships.view_documents", changes)
rules.add_perm("partnerships.receive_delivery", rules.predicate(_receives))
rules.add_perm("partnerships.manage_calendar", rules.predicate(_acts_for))
