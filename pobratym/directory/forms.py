"""The directory's filter form: every field optional, a wrong value named and ignored."""

from typing import Any

from babel import Locale
from django import forms
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from pobratym.core.i18n import alphabetical

from .enums import AuthorityKind, FrontlineStatus, MembershipStatus, PopulationBand
from .languages import DIRECTORY_LANGUAGES
from .selectors import NO_ALLIANCE_STATUS, AuthorityFilters, country_choices, region_choices

# "any" agrees with the field's noun (будь-який тип, будь-яка країна, будь-яке населення): one
# translation context per noun.
_ANY_KIND = [("", pgettext_lazy("any kind", "any"))]
_ANY_POPULATION = [("", pgettext_lazy("any population", "any"))]
_ANY_STATUS = [("", pgettext_lazy("any status", "any"))]
_ANY_COUNTRY = [("", pgettext_lazy("any country", "any"))]
_ANY_REGION = [("", pgettext_lazy("any oblast or region", "any"))]


def set_place_choices(form: forms.Form) -> None:
    """Choices for a filter form's "country" and "region" fields: every country, and the
    oblasts or regions of the country submitted (of every country when none is)."""
    country_field = form.fields["country"]
    region_field = form.fields["region"]
    assert isinstance(country_field, forms.ChoiceField)
    assert isinstance(region_field, forms.ChoiceField)
    country_field.choices = _ANY_COUNTRY + [(c.code, c.name) for c in country_choices()]
    country = form.data.get("country", "") if form.is_bound else ""
    region_field.choices = _ANY_REGION + [
        (str(r.pk), r.display_name) for r in region_choices(country=str(country))
    ]


class AuthorityFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_("In any script or case: Коростень, Korosten, Бурж, Plunge."),
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    region = forms.TypedChoiceField(
        label=_("Oblast or region"), required=False, coerce=int, empty_value=None
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=_ANY_KIND + list(AuthorityKind.choices)
    )
    population_band = forms.ChoiceField(
        label=_("Population"),
        required=False,
        choices=_ANY_POPULATION + list(PopulationBand.choices),
    )
    frontline_status = forms.ChoiceField(
        label=_("Frontline status"),
        required=False,
        choices=_ANY_STATUS + list(FrontlineStatus.choices),
    )
    alliance_status = forms.ChoiceField(
        label=_("Alliance status"),
        required=False,
        choices=_ANY_STATUS
        + list(MembershipStatus.choices)
        + [(NO_ALLIANCE_STATUS, _("not in the Alliance"))],
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        set_place_choices(self)

    def to_filters(self) -> AuthorityFilters:
        """The valid part of the submitted filters; fields with errors are left out."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return AuthorityFilters(
            query=data.get("q") or "",
            country=data.get("country") or "",
            region=data.get("region"),
            kind=data.get("kind") or "",
            population_band=data.get("population_band") or "",
            frontline_status=data.get("frontline_status") or "",
            alliance_status=data.get("alliance_status") or "",
        )


def _description_languages() -> list[tuple[str, str]]:
    locale = Locale.parse((get_language() or "uk").split("-")[0])
    return [
        ("", "—"),
        *alphabetical(
            ((code, locale.languages.get(code, code)) for code in DIRECTORY_LANGUAGES),
            by=lambda pair: pair[1],
        ),
    ]


class ProfileForm(forms.Form):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    description = forms.CharField(
        label=_("About"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the organisation does and looks for, in any language."),
    )
    description_language = forms.ChoiceField(label=_("Language of the description"), required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        language_field = self.fields["description_language"]
        assert isinstance(language_field, forms.ChoiceField)
        language_field.choices = _description_languages()


class CurateForm(forms.Form):
    name_uk = forms.CharField(label=_("Name in Ukrainian"), required=False, max_length=200)
    name_en = forms.CharField(label=_("Name in English"), required=False, max_length=200)
    frontline_status = forms.ChoiceField(
        label=_("Frontline status"),
        required=False,
        choices=[("", pgettext_lazy("frontline status", "none")), *list(FrontlineStatus.choices)],
    )
    frontline_source = forms.CharField(
        label=_("Source of the status"), required=False, max_length=500
    )
    frontline_as_of = forms.DateField(
        label=_("Status as of"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ContactForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=200)
    position = forms.CharField(label=_("Position"), required=False, max_length=200)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    languages = forms.CharField(
        label=_("Languages spoken"),
        required=False,
        max_length=100,
        help_text=_("Language codes separated by commas, e.g. uk, en, de."),
    )
    consented = forms.BooleanField(
        label=_(
            "This person agreed to be shown to the organisation's members, the facilitators of "
            "its associations, the secretariat and its partners"
        ),
        required=False,
    )


class MergeForm(forms.Form):
    target = forms.IntegerField(
        label=_("Number of the entry to keep"),
        min_value=1,
        help_text=_("The number in the address of its profile page, /directory/authority/N/."),
    )
    note = forms.CharField(
        label=_("Why these are the same organisation"), required=False, max_length=2000
    )
