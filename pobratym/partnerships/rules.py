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
from pobratym.accounts.role_memo import remembered
from pobratym.accounts.rules import (
    associations_facilitated_by,
    associations_of_any,
    can_curate,
    grant_contacts_to,
    has_verified_membership,
    is_editor_of,
    is_secretariat,
)
from pobratym.directory.models import Authority
from pobratym.exchange.enums import Visibility

from .enums import CONTACTS_SHARED_STATES
from .models import Partnership, PartnershipParty


def _organisations(partnership: Any) -> list[Any]:
    return [party.organisation for party in partnership.parties.all()]


def _is_party_editor(user: Any, partnership: Any) -> bool:
    return any(is_editor_of(user, org) for org in _organisations(partnership))


def _curates_any(user: Any, organisations: list[Any]) -> bool:
    """is_facilitator_for any of the organisations, with one look-up for them all."""
    facilitated = associations_facilitated_by(user)
    return bool(facilitated) and bool(set(facilitated) & associations_of_any(organisations))


def _facilitates(user: Any, partnership: Any) -> bool:
    """A curator of a party, or staff of one of the partnership's facilitating associations."""
    if _curates_any(user, _organisations(partnership)):
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
    side = [
        party.organisation for party in partnership.parties.all() if party.is_initiator == initiator
    ]
    # can_curate is the secretariat (answered above) or a facilitator of one of them.
    return any(is_editor_of(user, o) for o in side) or _curates_any(user, side)


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

    def partners() -> set[tuple[str, int]]:
        """Every party of a partnership sharing contacts that one of the user's organisations
        is a party of: one query, once per page (role_memo), whatever the number of
        memberships and parties — pages count their queries."""
        mine = OrganisationMembership.objects.filter(user=user, state=MembershipState.VERIFIED)
        shared = Partnership.objects.filter(state__in=CONTACTS_SHARED_STATES).filter(
            Q(parties__authority_id__in=mine.filter(authority__isnull=False).values("authority_id"))
            | Q(
                parties__association_id__in=mine.filter(association__isnull=False).values(
                    "association_id"
                )
            )
        )
        parties = PartnershipParty.objects.filter(partnership__in=shared).values_list(
            "authority_id", "association_id"
        )
        return {
            ("authority", authority_id) if authority_id is not None else ("association", assoc_id)
            for authority_id, assoc_id in parties
        }

    kind = "authority" if isinstance(organisation, Authority) else "association"
    return (kind, organisation.pk) in remembered(("accepted_partners", user.pk), partners)


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
