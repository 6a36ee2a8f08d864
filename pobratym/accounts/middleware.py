"""Facilitators and the secretariat reach no page before their session has a second factor."""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import User
from .rules import needs_two_factor

# Views a person who must still set up the second factor may reach: the setup page itself,
# signing out, and the language switcher (to read the setup page in their own language).
OPEN_VIEWS = frozenset({"accounts:two_factor_setup", "accounts:logout", "set_language"})


class RequireTwoFactorMiddleware:
    """Send a signed-in user who needs two-factor sign-in to the setup page until they have it.

    Place it after django_otp.middleware.OTPMiddleware, which gives request.user is_verified().
    The check runs once the URL is resolved (process_view), so open views are named, not
    matched by path. An API request gets a JSON refusal instead of a redirect to a page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if not self._must_set_up(request):
            return None
        match = request.resolver_match
        if match is not None and "ninja" in match.app_names:
            return JsonResponse(
                {
                    "code": "two_factor_required",
                    "message": _("Set up two-step sign-in on the website first."),
                },
                status=403,
            )
        target = reverse("accounts:two_factor_setup")
        return HttpResponseRedirect(f"{target}?{urlencode({'next': request.get_full_path()})}")

    def _must_set_up(self, request: HttpRequest) -> bool:
        user = request.user
        if not user.is_authenticated:
            return False
        is_verified = getattr(user, "is_verified", None)
        if is_verified is None:
            raise ImproperlyConfigured(
                "RequireTwoFactorMiddleware must come after django_otp.middleware.OTPMiddleware."
            )
        # In this order so that a verified session costs no database query.
        if is_verified() or _is_open(request):
            return False
        return isinstance(user, User) and needs_two_factor(user)


def _is_open(request: HttpRequest) -> bool:
    match = request.resolver_match
    if match is not None and match.view_name in OPEN_VIEWS:
        return True
    # Static files reach Django only when it serves them itself (development).
    return bool(settings.STATIC_URL) and request.path_info.startswith(str(settings.STATIC_URL))
