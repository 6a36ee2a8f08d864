"""Permissions of the exchange, registered with rules.

They reuse the role predicates of pobratym/accounts/rules.py, as every app's rules.py does: an
organisation's verified editors and its curators (the secretariat, facilitators of
an association it belongs to) publish and change what it needs and offers.
"""

from typing import Any

import rules

from pobratym.accounts.rules import (
    can_curate,
    has_verified_membership,
    is_editor_of,
    is_secretariat,
)


def _owner(record: Any) -> Any:
    # A need or an offer stands for its organisation; an organisation stands for itself.
    return getattr(record, "organisation", record)


def _acts_for_owner(user: Any, record: Any) -> bool:
    if record is None:
        return False
    organisation = _owner(record)
    return bool(is_editor_of(user, organisation) or can_curate(user, organisation))


# rules' decorator is untyped; wrapping a typed function keeps the predicate checkable.
acts_for_owner = rules.predicate(_acts_for_owner)


rules.add_perm("exchange.publish_need", acts_for_owner)
rules.add_perm("exchange.change_need", acts_for_owner)
rules.add_perm("exchange.publish_offer", acts_for_owner)
rules.add_perm("exchange.change_offer", acts_for_owner)
# "Verified members" visibility; "parties only" is exchange.change_* (later also the parties
# of a partnership).
rules.add_perm("exchange.view_members_only", has_verified_membership | is_secretariat)
