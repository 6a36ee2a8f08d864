"""The admin, for the platform's technical staff, reached through the platform's own sign-in.

Django's admin sends anyone it refuses to its login page. Here that page is the platform's
sign-in (throttled, audited, two-step), which sends a signed-in person straight back: without
this site, a signed-in person the admin refuses went round between the two forever. So a
signed-in person the admin refuses gets a page that says why, and what to do if anything.
"""

from typing import Any

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache


def _has_second_factor(request: HttpRequest) -> bool:
    """Whether this session passed a second factor (django_otp.middleware.OTPMiddleware)."""
    return bool(getattr(request.user, "is_verified", lambda: False)())


class PlatformAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        """Active staff whose session passed the second factor: the admin changes anything."""
        user = request.user
        return bool(user.is_active and user.is_staff and _has_second_factor(request))

    @method_decorator(never_cache)
    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        """Sign in on the platform's page; come back, or be told why the admin is closed."""
        index = reverse("admin:index", current_app=self.name)
        wanted = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(
            wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            wanted = index
        if not request.user.is_authenticated:
            return redirect_to_login(wanted, reverse("accounts:login"))
        if self.has_permission(request):
            return HttpResponseRedirect(wanted)
        return self._refused(request, wanted)

    def _refused(self, request: HttpRequest, wanted: str) -> HttpResponse:
        needs_second_factor = request.user.is_staff and not _has_second_factor(request)
        message = (
            _(
                "The admin asks for two-step sign-in. "
                "Set it up, or confirm this session with your app, and come back."
            )
            if needs_second_factor
            else _(
                "The admin is for the platform's technical staff, and your account is not one "
                "of them. Everything you may do has its own page on the platform."
            )
        )
        return render(
            request,
            "accounts/admin_refused.html",
            {"message": message, "needs_second_factor": needs_second_factor, "next": wanted},
            status=403,
        )
