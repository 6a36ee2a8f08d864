"""Signing in and out, the second factor, and the password reset.

The password step and the code step are separate requests: between them the session holds
only the pending user's id, so nobody counts as signed in until both steps are done.
"""

import time
from typing import Any
from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from pobratym.core.errors import ApplicationError
from pobratym.core.viewer import signed_in
from pobratym.core.web import apply_errors

from .. import signin as signin_services
from ..forms_signin import CodeForm, NewPasswordForm, PasswordResetRequestForm, SignInForm
from ..models import User
from ..rules import needs_two_factor

PENDING_SESSION_KEY = "pobratym_signin_pending"
# Time to fetch the phone and type the code; after it the password step starts again.
PENDING_LIFETIME_SECONDS = 10 * 60


def _is_verified(request: HttpRequest) -> bool:
    """Whether this session passed a second factor (django_otp.middleware.OTPMiddleware)."""
    return bool(getattr(request.user, "is_verified", lambda: False)())


def local_next(request: HttpRequest) -> str:
    """The request's `next` (posted or in the address) if it leads within this site, else ""."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def _next_url(request: HttpRequest) -> str:
    """Where to go after signing in: a local `next`, else the account page."""
    return local_next(request) or resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(view: str, next_url: str) -> str:
    return f"{reverse(view)}?{urlencode({'next': next_url})}"


def _sign_in(request: HttpRequest, user: User, *, backend: str, device: Any = None) -> None:
    auth_login(request, user, backend=backend)
    if device is not None:
        django_otp.login(request, device)
    signin_services.login_success_record(
        user=user, ip_address=signin_services.client_ip(request), two_factor=device is not None
    )


@sensitive_post_parameters("password")
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request)
    if request.method == "GET" and request.user.is_authenticated:
        return redirect(next_url)
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = signin_services.password_check(
                request=request,
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
            )
        except ApplicationError as error:
            apply_errors(form, error)
        else:
            backend = str(getattr(user, "backend", settings.AUTHENTICATION_BACKENDS[-1]))
            if signin_services.totp_confirmed_device(user) is not None:
                request.session[PENDING_SESSION_KEY] = {
                    "user": user.pk,
                    "backend": backend,
                    "next": next_url,
                    "since": time.time(),
                }
                return redirect("accounts:login_otp")
            _sign_in(request, user, backend=backend)
            if needs_two_factor(user):
                # The middleware would send them there anyway; this saves a redirect.
                return redirect(_with_next("accounts:two_factor_setup", next_url))
            return redirect(next_url)
    return render(request, "accounts/signin/login.html", {"form": form, "next": next_url})


def _pending(request: HttpRequest) -> tuple[User, dict[str, Any]] | None:
    pending = request.session.get(PENDING_SESSION_KEY)
    if not isinstance(pending, dict):
        return None
    if time.time() - float(pending.get("since", 0)) > PENDING_LIFETIME_SECONDS:
        del request.session[PENDING_SESSION_KEY]
        return None
    user = User.objects.filter(pk=int(pending.get("user", 0)), is_active=True).first()
    return (user, pending) if user is not None else None


@sensitive_post_parameters("code")
@never_cache
def login_otp_view(request: HttpRequest) -> HttpResponse:
    found = _pending(request)
    if found is None:
        messages.error(request, _("Your sign-in took too long or was not started. Start again."))
        return redirect("accounts:login")
    user, pending = found
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = signin_services.totp_verify(
                request=request, user=user, token=form.cleaned_data["code"]
            )
        except ApplicationError as error:
            apply_errors(form, error)
        else:
            del request.session[PENDING_SESSION_KEY]
            _sign_in(request, user, backend=str(pending["backend"]), device=device)
            return redirect(str(pending["next"]))
    return render(request, "accounts/signin/login_otp.html", {"form": form})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    auth_logout(request)
    messages.success(request, _("You have signed out."))
    return redirect("home")


@sensitive_post_parameters("code")
@never_cache
@login_required
def two_factor_setup_view(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app; or, with one already set up, verify this session with it.

    The second case is a session that began before the app was set up (in another browser,
    or before the person became a facilitator) and now needs the second factor.
    """
    user = signed_in(request)
    next_url = _next_url(request)
    confirmed = signin_services.totp_confirmed_device(user)
    form = CodeForm(request.POST or None)
    context: dict[str, Any] = {
        "form": form,
        "next": next_url,
        "required": needs_two_factor(user),
        "confirmed": confirmed is not None,
        "verified": _is_verified(request),
    }
    if confirmed is not None and context["verified"]:
        return render(request, "accounts/signin/two_factor_setup.html", context)
    device = (
        confirmed if confirmed is not None else signin_services.totp_device_for_setup(user=user)
    )
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        try:
            if confirmed is not None:
                verified = signin_services.totp_verify(request=request, user=user, token=code)
            else:
                verified = signin_services.totp_device_confirm(user=user, device=device, token=code)
        except ApplicationError as error:
            apply_errors(form, error)
        else:
            django_otp.login(request, verified)
            if confirmed is None:
                messages.success(
                    request,
                    _("Two-step sign-in is on: each sign-in now asks for a code from your app."),
                )
            return redirect(next_url)
    if confirmed is None:
        context["secret"] = signin_services.totp_secret(device)
        context["qr_code"] = signin_services.totp_qr_data_uri(device)
    return render(request, "accounts/signin/two_factor_setup.html", context)


class _PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form: NewPasswordForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_valid(form)
        signin_services.password_reset_record(
            user=form.user, ip_address=signin_services.client_ip(self.request)
        )
        return response


class _PasswordResetView(auth_views.PasswordResetView):
    def form_valid(self, form: PasswordResetRequestForm) -> HttpResponse:  # type: ignore[override]
        try:
            signin_services.password_reset_attempt(
                email=form.cleaned_data["email"],
                ip_address=signin_services.client_ip(self.request),
            )
        except ApplicationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        return super().form_valid(form)


password_reset_view = _PasswordResetView.as_view(
    template_name="accounts/signin/password_reset_form.html",
    form_class=PasswordResetRequestForm,
    email_template_name="accounts/email/password_reset_body.txt",
    subject_template_name="accounts/email/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done_view = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/signin/password_reset_done.html",
)
password_reset_confirm_view = _PasswordResetConfirmView.as_view(
    template_name="accounts/signin/password_reset_confirm.html",
    form_class=NewPasswordForm,
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete_view = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/signin/password_reset_complete.html",
)
