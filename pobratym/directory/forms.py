"""The directory's filter form: every field optional, a wrong value named and ignored."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .enums import AuthorityKind, FrontlineStatus, MembershipStatus, PopulationBand
from .selectors import NO_ALLIANCE_STATUS, AuthorityFilters, country_choices, region_choices

_ANY = [("", pgettext_lazy("filter option", "any"))]


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
        label=_("Kind"), required=False, choices=_ANY + list(AuthorityKind.choices)
    )
    population_band = forms.ChoiceField(
        label=_("Population"), required=False, choices=_ANY + list(PopulationBand.choices)
    )
    frontline_status = forms.ChoiceField(
        label=_("Frontline status"), required=False, choices=_ANY + list(FrontlineStatus.choices)
    )
    alliance_status = forms.ChoiceField(
        label=_("Alliance status"),
        required=False,
        choices=_ANY
        + list(MembershipStatus.choices)
        + [(NO_ALLIANCE_STATUS, _("not in the Alliance"))],
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        country_field = self.fields["country"]
        region_field = self.fields["region"]
        assert isinstance(country_field, forms.ChoiceField)
        assert isinstance(region_field, forms.ChoiceField)
        country_field.choices = _ANY + [(c.code, c.name) for c in country_choices()]
        country = self.data.get("country", "") if self.is_bound else ""
        region_field.choices = _ANY + [
            (str(r.pk), r.display_name) for r in region_choices(country=str(country))
        ]

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
