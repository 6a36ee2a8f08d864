"""Writes of the accounts domain: sign-up, claims, verification, invitations, removal.

Every function takes the acting user, checks the rules (accounts/rules.py) before it changes
anything, runs in one transaction and leaves an audit record.
"""

from .invitations import invitation_accept, invitation_by_token, invitation_create
from .memberships import (
    membership_claim,
    membership_decide,
    membership_remove,
    memberships_of,
    require_confirmed,
)
from .organisation_requests import organisation_request_create, organisation_request_decide
from .signup import (
    CONFIRMATION_MAX_AGE,
    confirmation_then,
    confirmation_token,
    user_confirm_email,
    user_language_set,
    user_sign_up,
)

__all__ = [
    "CONFIRMATION_MAX_AGE",
    "confirmation_then",
    "confirmation_token",
    "invitation_accept",
    "invitation_by_token",
    "invitation_create",
    "membership_claim",
    "membership_decide",
    "membership_remove",
    "memberships_of",
    "organisation_request_create",
    "organisation_request_decide",
    "require_confirmed",
    "user_confirm_email",
    "user_language_set",
    "user_sign_up",
]
