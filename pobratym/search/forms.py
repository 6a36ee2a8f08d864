"""The search form: what a browser sends, parsed into the selector's filters."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pobratym.directory.forms import set_place_choices
from pobratym.exchange.selectors import sector_choices

from .enums import SearchKind
from .selectors import MAX_QUERY_LENGTH, SearchFilters

# "any" agrees with the field's noun (будь-який тип, будь-яка країна, будь-яке населення): one
# translation context per noun.
_ANY_KIND = [("", pgettext_lazy("any kind", "any"))]
_ANY_SECTOR = [("", pgettext_lazy("any sector", "any"))]


def _set_choices(form: forms.Form, name: str, choices: Sequence[tuple[str, Any]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class SearchForm(forms.Form):
    # No max_length here: the selector refuses a longer query with its own message, the same
    # on the page and in the API; the browser is only told the limit.
    q = forms.CharField(
        label=_("Search for"),
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "maxlength": MAX_QUERY_LENGTH}
        ),
        help_text=_(
            "In any language: needs, offers, communities, municipalities and associations."
        ),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=_ANY_KIND + SearchKind.choices
    )
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    region = forms.TypedChoiceField(
        label=_("Oblast or region"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _set_choices(
            self,
            "sector",
            _ANY_SECTOR
            + [
                # Children follow their parent, marked so that a screen reader says it too.
                (sector.code, f"— {sector.label}" if sector.parent_id else sector.label)
                for sector in sector_choices()
            ],
        )
        set_place_choices(self)

    def query(self) -> str:
        return str(self.data.get("q", "")) if self.is_bound else ""

    def to_filters(self) -> SearchFilters:
        """The valid part of the submitted filters; fields with errors are left out."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return SearchFilters(
            kind=data.get("kind") or "",
            sector=data.get("sector") or "",
            country=data.get("country") or "",
            region=data.get("region"),
        )
