"""Permissions of the exchange, registered with rules, and who sees which needs and offers.

They reuse the role predicates of pobratym/accounts/rules.py, as every app's rules.py does: an
organisation's verified editors and its curators (the secretariat, facilitators of
an association it belongs to) publish and change what it needs and offers.

Visibility: "public" is for everyone; "verified members" for anyone with a verified membership
(and the secretariat); "parties only" for those who act for the organisation (its editors and
curators). Each visibility rule is an AccessRule: the condition the selectors filter by, so a
list page costs the same few queries however many rows it shows, and the same rule for one
record beside it.
"""

from collections.abc import Callable
from typing import Any

import rules
from django.db.models import Q

from pobratym.accounts.role_memo import remembering_within
from pobratym.accounts.rules import acts_for, has_verified_membership, is_secretariat
from pobratym.core.access import AccessRule
from pobratym.core.viewer import Viewer

from .enums import Visibility
from .models import Need, Offer


def _owner(record: Any) -> Any:
    # A need or an offer stands for its organisation; an organisation stands for itself.
    return getattr(record, "organisation", record)


def _acts_for_owner(user: Viewer, record: Any) -> bool:
    return record is not None and acts_for.check(user, _owner(record))


# rules' decorator is untyped; wrapping a typed function keeps the predicate checkable.
acts_for_owner = rules.predicate(_acts_for_owner)


@remembering_within()
def shown_by_visibility_q(
    viewer: Viewer, *, parties: Callable[[], Q], visibility: str = "visibility"
) -> Q:
    """The records shown to the viewer by their visibility field: "public" to everyone,
    "verified members" to those with a verified membership and the secretariat, "parties only"
    to the secretariat and those the condition parties() names (asked only of a signed-in
    viewer). Partnerships and deliveries are shown by the same rule."""
    public = Q(**{visibility: Visibility.PUBLIC})
    if not viewer.is_authenticated:
        return public
    if is_secretariat(viewer):
        return Q()
    shown = public | (Q(**{visibility: Visibility.PARTIES}) & parties())
    if has_verified_membership(viewer):
        shown |= Q(**{visibility: Visibility.MEMBERS})
    return shown


def shown_by_visibility(viewer: Viewer, visibility: str, *, parties: Callable[[], bool]) -> bool:
    """shown_by_visibility_q for one record of this visibility; parties() says whether the
    viewer is one of those who see it when it is for the parties only."""
    if visibility == Visibility.PUBLIC:
        return True
    if visibility == Visibility.MEMBERS:
        return bool(has_verified_membership(viewer) or is_secretariat(viewer))
    # The secretariat acts for every organisation: acts_for and the partnership's own rule
    # both let it through.
    return parties()


def _visible_q(viewer: Viewer, *, association: str | None) -> Q:
    return shown_by_visibility_q(
        viewer,
        parties=lambda: acts_for.q(viewer, authority="authority_id", association=association),
    )


def _visible(viewer: Viewer, record: Need | Offer) -> bool:
    return shown_by_visibility(
        viewer, record.visibility, parties=lambda: acts_for.check(viewer, record.organisation)
    )


def _need_visible_q(viewer: Viewer) -> Q:
    return _visible_q(viewer, association=None)


def _offer_visible_q(viewer: Viewer) -> Q:
    return _visible_q(viewer, association="association_id")


need_visible: AccessRule[Need] = AccessRule(q=_need_visible_q, check=_visible)
offer_visible: AccessRule[Offer] = AccessRule(q=_offer_visible_q, check=_visible)

rules.add_perm("exchange.publish_need", acts_for_owner)
rules.add_perm("exchange.change_need", acts_for_owner)
rules.add_perm("exchange.publish_offer", acts_for_owner)
rules.add_perm("exchange.change_offer", acts_for_owner)
rules.add_perm("exchange.view_need", need_visible.predicate)
rules.add_perm("exchange.view_offer", offer_visible.predicate)
# "Verified members" visibility on its own, for pages that say who may read what.
rules.add_perm("exchange.view_members_only", has_verified_membership | is_secretariat)
