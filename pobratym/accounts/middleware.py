"""The language of each request, and no page for facilitators and the secretariat before their
session has a second factor."""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
    JsonResponse,
)
from django.middleware.locale import LocaleMiddleware
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from pobratym.core.i18n import language_from_browser

from .errors import AccountsErrorCode
from .models import User
from .role_memo import remembering
from .rules import needs_two_factor


def request_language(request: HttpRequest) -> str:
    """The language a request is answered in (docs/accounts.md, "Language").

    1. the language chosen with the switch on this browser (its cookie);
    2. for a signed-in person, the language saved in their account;
    3. the browser's languages (core.i18n.language_from_browser).
    """
    offered = {code for code, _name in settings.LANGUAGES}
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if chosen in offered:
        return chosen
    user = getattr(request, "user", None)
    saved = getattr(user, "language", "") if getattr(user, "is_authenticated", False) else ""
    if saved in offered:
        return saved
    return language_from_browser(request.META.get("HTTP_ACCEPT_LANGUAGE", ""))


class LanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware with the platform's choice of language (request_language).

    Place it after AuthenticationMiddleware: a signed-in person's saved language counts.
    The platform has no language prefixes in its addresses, so nothing else of Django's
    middleware (which handles them) is needed.
    """

    def process_request(self, request: HttpRequest) -> None:
        translation.activate(request_language(request))
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        response = super().process_response(request, response)
        # The language cookie decides as much as the header does.
        patch_vary_headers(response, ("Cookie",))
        return response


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
                    "code": AccountsErrorCode.TWO_FACTOR_REQUIRED,
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


class RememberRolesMiddleware:
    """A page that is read looks up the viewer's roles once, however many rows it checks
    permissions for (role_memo)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        with remembering():
            return self.get_response(request)
