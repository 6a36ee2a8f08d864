"""Who reads a page or makes a write: the type of every `viewer` and `actor`.

Core knows no user model, django-stubs does: its mypy plugin reads the aliases below as the
project's AUTH_USER_MODEL (accounts.User), so a selector or a rule sees the user's own fields.
At run time they are the base classes Django's request.user is an instance of.
"""

from typing import TYPE_CHECKING, TypeAlias

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import _AnyUser, _User

    # Anyone, signed in or not: what reads and permission checks take.
    Viewer: TypeAlias = _AnyUser
    # A signed-in user: what a write that records who made it takes.
    SignedIn: TypeAlias = _User
else:
    Viewer = AbstractBaseUser | AnonymousUser
    SignedIn = AbstractBaseUser


def signed_in(request: HttpRequest) -> SignedIn:
    """The user of a page that only signed-in users reach (login_required)."""
    user = request.user
    assert user.is_authenticated, "signed_in() on a page without login_required"
    return user
