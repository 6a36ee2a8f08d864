"""The one check every write makes before it changes anything."""

from typing import Any

import rules
from django.utils.translation import gettext as _

from .errors import PermissionRefused
from .viewer import Viewer


def ensure_can(actor: Viewer, permission: str, target: Any = None) -> None:
    """Raise PermissionRefused unless the actor holds the permission (rules, accounts/rules.py)."""
    if not rules.has_perm(permission, actor, target):
        raise PermissionRefused(_("You are not allowed to do this."))
