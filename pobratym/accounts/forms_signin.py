"""Forms of signing in, the second factor and the password reset."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.contrib.auth.password_validation import password_validators_help_texts
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .tasks import deliver_email

EMAIL_ERRORS = {
    "required": _("Enter your e-mail address."),
    "invalid": _("Enter a valid e-mail address, such as name@example.org."),
}


class SignInForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        error_messages=EMAIL_ERRORS,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        error_messages={"required": _("Enter your password.")},
        # render_value=False: a password never travels back to the browser in a page.
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "current-password"}),
    )


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Code from your authenticator app"),
        # Apps show the code as "123 456"; people copy it with the space.
        regex=r"^\s*\d{3}\s?\d{3}\s*$",
        max_length=12,
        error_messages={
            "required": _("Enter the 6-digit code from your authenticator app."),
            "invalid": _("The code has 6 digits, for example 123456."),
        },
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "size": 8,
            }
        ),
    )

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).replace(" ", "").strip()


class PasswordResetRequestForm(PasswordResetForm):
    """Django's reset form, with the e-mail written in the recipient's own language."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        error_messages=EMAIL_ERRORS,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        user = context["user"]
        # The link uses SITE_URL like every other e-mail, not the request's Host header,
        # which a client could set to a domain of its own.
        context = {
            **context,
            "link": settings.SITE_URL.rstrip("/")
            + reverse(
                "accounts:password_reset_confirm",
                kwargs={"uidb64": context["uid"], "token": context["token"]},
            ),
            "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        }
        language = user.language if user.language in dict(settings.LANGUAGES) else None
        with translation.override(language or settings.LANGUAGE_CODE):
            subject = " ".join(render_to_string(subject_template_name, context).split())
            body = render_to_string(email_template_name, context)
        deliver_email.enqueue(recipient=to_email, subject=subject, body=body)


class NewPasswordForm(SetPasswordForm):  # type: ignore[type-arg]
    """Django's form, with the password rules as plain text (they sit in a <small>)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = " ".join(password_validators_help_texts())
        self.fields["new_password1"].widget.attrs["autofocus"] = True
