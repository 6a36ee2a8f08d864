"""Forms of joining and membership; they validate shape, the services validate meaning."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from pobratym.directory.models import Country
from pobratym.directory.selectors import country_choices

from .enums import RequestedKind


class SignUpForm(forms.Form):
    email = forms.EmailField(
        label=_("Work e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not only digits, not a common password."),
    )
    password_again = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )
    language = forms.ChoiceField(
        label=_("Your language"),
        choices=settings.LANGUAGES,
        help_text=_(
            "Of your e-mails, and of the pages once you are signed in. "
            "The language switch at the top of every page changes it."
        ),
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        return data


class ClaimForm(forms.Form):
    organisation_kind = forms.ChoiceField(
        choices=[("authority", "authority"), ("association", "association")],
        widget=forms.HiddenInput,
    )
    organisation_id = forms.CharField(widget=forms.HiddenInput, max_length=80)
    note = forms.CharField(
        label=_("Your position, and how the organisation can confirm it"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class OrganisationRequestForm(forms.Form):
    name = forms.CharField(label=_("Name of the organisation"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=RequestedKind.choices)
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.all())
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    note = forms.CharField(
        label=_("Note for the reviewers"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        country_field = self.fields["country"]
        assert isinstance(country_field, forms.ModelChoiceField)
        # Listed alphabetically in the reader's language; the queryset still validates.
        country_field.choices = [
            ("", country_field.empty_label),
            *((country.pk, country.name) for country in country_choices()),
        ]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Verify")), ("reject", _("Reject"))])
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Colleague's e-mail address"), max_length=254)


class RemoveForm(forms.Form):
    note = forms.CharField(label=_("Reason"), required=False, max_length=2000)


class EraseForm(forms.Form):
    email = forms.EmailField(
        label=_("Type your e-mail address to confirm"),
        max_length=254,
        help_text=_(
            "Your account will be closed. What you did for organisations stays, without your name."
        ),
    )


class WriteForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=150)
    body = forms.CharField(label=_("Your message"), max_length=5000, widget=forms.Textarea)
