"""Who changes and who reads a partnership; registered with rules at start-up.

A partnership is changed by its parties' verified editors, its facilitators — curators of a
party (facilitators of an association the party belongs to) and the staff of the associations
named as the partnership's facilitators — and the secretariat. Everyone else only reads what is
shown to them, as in the exchange: "public" for everyone; "verified members" for anyone with a
verified membership and the secretariat; "parties only" for those who change the partnership.
A delivery is shown when both it and its partnership are.

Who changes and who sees are AccessRules (pobratym/core/access.py): the condition the
selectors filter by and the predicate registered here, side by side.
"""

from typing import Any

import rules
from django.db.models import Q, QuerySet

from pobratym.accounts.enums import MembershipState
from pobratym.accounts.models import OrganisationMembership
from pobratym.accounts.role_memo import remembered, remembering_within
from pobratym.accounts.rules import (
    acts_for,
    acts_for_any,
    curates_any,
    grant_contacts_to,
    is_editor_of,
    is_secretariat,
    reached_organisations,
    verified_organisation_ids,
)
from pobratym.core.access import AccessRule
from pobratym.core.viewer import SignedIn, Viewer
from pobratym.directory.models import Authority
from pobratym.exchange.rules import shown_by_visibility, shown_by_visibility_q

from .enums import CONTACTS_SHARED_STATES
from .models import Delivery, Partnership, PartnershipParty


def _organisations(partnership: Any) -> list[Any]:
    return [party.organisation for party in partnership.parties.all()]


def _is_party_editor(user: Viewer, partnership: Any) -> bool:
    return any(is_editor_of(user, org) for org in _organisations(partnership))


def _facilitates(user: Viewer, partnership: Any) -> bool:
    """A curator of a party, or staff of one of the partnership's facilitating associations."""
    if curates_any(user, _organisations(partnership)):
        return True
    return any(is_editor_of(user, association) for association in partnership.facilitators.all())


def _changes(user: Viewer, partnership: Any) -> bool:
    if partnership is None or not user.is_authenticated:
        return False
    return bool(
        is_secretariat(user)
        or _is_party_editor(user, partnership)
        or _facilitates(user, partnership)
    )


def _acts_for_side(user: Viewer, partnership: Any, *, initiator: bool) -> bool:
    """The secretariat, or an editor or curator of a party on that side of the interest."""
    if partnership is None or not user.is_authenticated:
        return False
    if is_secretariat(user):
        return True
    side = [
        party.organisation for party in partnership.parties.all() if party.is_initiator == initiator
    ]
    return acts_for_any(user, side)


def _accepts(user: Viewer, partnership: Any) -> bool:
    """The side that did not express the interest answers it: accepts or declines."""
    return _acts_for_side(user, partnership, initiator=False)


def _withdraws(user: Viewer, partnership: Any) -> bool:
    """The side that expressed the interest withdraws it."""
    return _acts_for_side(user, partnership, initiator=True)


def _imports(user: Viewer, partnership: Any) -> bool:
    """Recording an imported signed agreement skips the dialogue: curators' work, not parties'."""
    if partnership is None or not user.is_authenticated:
        return False
    return bool(is_secretariat(user) or _facilitates(user, partnership))


@remembering_within()
def partnerships_involving(viewer: Viewer) -> QuerySet[Partnership, Any]:
    """The partnerships the viewer changes (the secretariat's everything aside), as a subquery
    of ids: those of a party the viewer acts for and those the viewer's associations
    facilitate."""
    _own_authorities, own_associations = verified_organisation_ids(viewer)
    parties = PartnershipParty.objects.filter(
        reached_organisations(viewer, authority="authority_id", association="association_id")
    )
    return Partnership.objects.filter(
        Q(pk__in=parties.values("partnership_id")) | Q(facilitators__in=own_associations)
    ).values("pk")


def _changes_q(viewer: Viewer) -> Q:
    if viewer.is_authenticated and is_secretariat(viewer):
        return Q()
    return Q(pk__in=partnerships_involving(viewer))


changes: AccessRule[Partnership] = AccessRule(q=_changes_q, check=_changes)


def _shown(user: Viewer, record: Any, partnership: Any) -> bool:
    return shown_by_visibility(user, record.visibility, parties=lambda: _changes(user, partnership))


def _shown_q(viewer: Viewer, *, visibility: str, partnership_id: str) -> Q:
    """_shown as the condition on a record whose visibility and partnership id fields are
    named."""
    return shown_by_visibility_q(
        viewer,
        visibility=visibility,
        parties=lambda: Q(**{f"{partnership_id}__in": partnerships_involving(viewer)}),
    )


def _sees(user: Viewer, record: Any) -> bool:
    """Visibility of a partnership, or of a delivery (both it and its partnership), as in the
    exchange."""
    if record is None:
        return False
    partnership = getattr(record, "partnership", record)
    if not _shown(user, partnership, partnership):
        return False
    return record is partnership or _shown(user, record, partnership)


def _partnership_visible_q(viewer: Viewer) -> Q:
    return _shown_q(viewer, visibility="visibility", partnership_id="pk")


def _delivery_visible_q(viewer: Viewer, prefix: str = "") -> Q:
    """prefix: the path to the delivery from the records filtered ("delivery__" for its
    items)."""
    return _shown_q(
        viewer,
        visibility=f"{prefix}partnership__visibility",
        partnership_id=f"{prefix}partnership_id",
    ) & _shown_q(viewer, visibility=f"{prefix}visibility", partnership_id=f"{prefix}partnership_id")


partnership_visible: AccessRule[Partnership] = AccessRule(q=_partnership_visible_q, check=_sees)
delivery_visible: AccessRule[Delivery] = AccessRule(q=_delivery_visible_q, check=_sees)


def _acts_for(user: Viewer, organisation: Any) -> bool:
    return organisation is not None and acts_for.check(user, organisation)


def _receives(user: Viewer, delivery: Any) -> bool:
    """Only the receiving side confirms a receipt: the hromada's editors and curators."""
    return delivery is not None and _acts_for(user, delivery.recipient)


@grant_contacts_to
def _accepted_partner_of(user: SignedIn, organisation: Any) -> bool:
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


rules.add_perm("partnerships.express_interest", rules.predicate(_acts_for))
rules.add_perm("partnerships.change", changes.predicate)
rules.add_perm("partnerships.accept", rules.predicate(_accepts))
rules.add_perm("partnerships.withdraw", rules.predicate(_withdraws))
rules.add_perm("partnerships.import_agreement", rules.predicate(_imports))
rules.add_perm("partnerships.view", partnership_visible.predicate)
# Signed documents carry signatures and names: the parties and their facilitators only, even
# when the partnership itself is public.
rules.add_perm("partnerships.view_documents", changes.predicate)
rules.add_perm("partnerships.receive_delivery", rules.predicate(_receives))
rules.add_perm("partnerships.manage_calendar", rules.predicate(_acts_for))
