"""Forms of the exchange pages: filters, a need, an offer, and their item rows.

Forms parse what a browser sends (numbers in the viewer's locale, lists of codes); the services
decide what is valid, so a page and the API refuse the same things with the same messages.
"""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pobratym.core.i18n import alphabetical
from pobratym.directory.forms import set_place_choices
from pobratym.directory.selectors import region_choices

from .enums import NeedStatus, OfferKind, OfferStatus, Unit, Urgency, Visibility
from .language import DETECTABLE_LANGUAGES, language_name
from .models import MAX_DESCRIPTION, MAX_ITEM_NAME, MAX_TITLE
from .selectors import (
    ANY_STATUS,
    STILL_OPEN,
    NeedFilters,
    OfferFilters,
    RecordFilters,
    sector_choices,
)
from .services import MAX_ITEMS, ItemIn

# "any" agrees with the field's noun (будь-який тип, будь-яка країна, будь-яке населення): one
# translation context per noun.
_ANY_SECTOR = [("", pgettext_lazy("any sector", "any"))]
_ANY_LANGUAGE = [("", pgettext_lazy("any language", "any"))]
_ANY_URGENCY = [("", pgettext_lazy("any urgency", "any"))]
_ANY_KIND_OF_HELP = [("", pgettext_lazy("any kind of help", "any"))]
_ANY_OBLAST = [("", pgettext_lazy("any oblast", "any"))]


def _sector_options() -> list[tuple[str, str]]:
    # Children follow their parent, marked so that a screen reader says the same as the eye sees.
    return [
        (sector.code, f"— {sector.label}" if sector.parent_id else sector.label)
        for sector in sector_choices()
    ]


def _language_options() -> list[tuple[str, str]]:
    return alphabetical(
        ((code, language_name(code)) for code in DETECTABLE_LANGUAGES), by=lambda pair: pair[1]
    )


def _set_choices(form: forms.Form, name: str, choices: Sequence[tuple[str, Any]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class LocalDecimalField(forms.DecimalField):
    """A number as people type it: "2,5" in Ukrainian, "12 500" with spaces between thousands."""

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(localize=True, **kwargs)

    # Any: django-stubs type DecimalField as a subclass of IntegerField's int.
    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            # Spaces, no-break and narrow no-break spaces group thousands in uk, fr, lt...
            value = "".join(value.split())
        return super().to_python(value)


class _FilterForm(forms.Form):
    q = forms.CharField(
        label=_("Words"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_("In any script or case: генератори, generators, Коростень."),
    )
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _set_choices(self, "sector", _ANY_SECTOR + _sector_options())
        _set_choices(self, "language", _ANY_LANGUAGE + _language_options())

    def valid_data(self) -> dict[str, Any]:
        """The valid part of the submitted filters; fields with errors are left out."""
        self.is_valid()
        return getattr(self, "cleaned_data", {})


def _record_filters(data: dict[str, Any]) -> RecordFilters:
    """What the filter forms of needs and offers give alike (a need's has no country)."""
    return {
        "query": data.get("q") or "",
        "sector": data.get("sector") or "",
        "country": data.get("country") or "",
        "region": data.get("region"),
        "status": data.get("status") or STILL_OPEN,
        "language": data.get("language") or "",
    }


class NeedFilterForm(_FilterForm):
    region = forms.TypedChoiceField(label=_("Oblast"), required=False, coerce=int, empty_value=None)
    urgency = forms.ChoiceField(
        label=_("Urgency"), required=False, choices=_ANY_URGENCY + list(Urgency.choices)
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            (STILL_OPEN, _("open or partly met")),
            *NeedStatus.choices,
            (ANY_STATUS, pgettext_lazy("any status", "any")),
        ],
    )

    field_order = ["q", "sector", "region", "urgency", "status", "language"]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _set_choices(
            self,
            "region",
            _ANY_OBLAST + [(str(r.pk), r.display_name) for r in region_choices(country="UA")],
        )

    def to_filters(self) -> NeedFilters:
        data = self.valid_data()
        return NeedFilters(urgency=data.get("urgency") or "", **_record_filters(data))


class OfferFilterForm(_FilterForm):
    kind = forms.ChoiceField(
        label=_("Kind of help"), required=False, choices=_ANY_KIND_OF_HELP + list(OfferKind.choices)
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    region = forms.TypedChoiceField(
        label=_("Oblast or region"), required=False, coerce=int, empty_value=None
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            (STILL_OPEN, pgettext_lazy("offer status", "open")),
            (OfferStatus.CLOSED, OfferStatus.CLOSED.label),
            (ANY_STATUS, pgettext_lazy("any status", "any")),
        ],
    )

    field_order = ["q", "kind", "sector", "country", "region", "status", "language"]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        set_place_choices(self)

    def to_filters(self) -> OfferFilters:
        data = self.valid_data()
        return OfferFilters(kind=data.get("kind") or "", **_record_filters(data))


class _RecordForm(forms.Form):
    """Fields a need and an offer share."""

    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("In any language; plain text, no HTML. The language is recognised by itself."),
    )
    sectors = forms.MultipleChoiceField(
        label=_("Sectors"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one sector.")},
    )
    visibility = forms.ChoiceField(
        label=_("Who sees it"),
        choices=Visibility.choices,
        initial=Visibility.PUBLIC,
        widget=forms.RadioSelect,
    )

    def __init__(
        self, *args: Any, organisations: list[tuple[str, str]] | None = None, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        _set_choices(self, "sectors", _sector_options())
        if organisations is None:
            del self.fields["organisation"]
        else:
            _set_choices(self, "organisation", organisations)


class NeedForm(_RecordForm):
    organisation = forms.ChoiceField(label=_("Hromada or oblast"))
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.MEDIUM)
    estimated_cost_eur = LocalDecimalField(
        label=_("Estimated cost, EUR"), required=False, help_text=_("Optional.")
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(s.value, s.label) for s in NeedStatus if s != NeedStatus.WITHDRAWN],
    )
    field_order = ["organisation", "title", "description", "sectors", "urgency"]

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not editing:
            del self.fields["status"]  # a new need is open


class OfferForm(_RecordForm):
    organisation = forms.ChoiceField(label=_("Organisation"))
    kind = forms.ChoiceField(label=_("Kind of help"), choices=OfferKind.choices)
    capacity = forms.IntegerField(
        label=_("How many partners"),
        initial=1,
        help_text=_("How many communities you can work with at the same time."),
    )
    staff_languages = forms.CharField(
        label=_("Languages your staff speak"),
        required=False,
        max_length=200,
        help_text=_("Language codes separated by commas, e.g. uk, en, de."),
    )
    field_order = ["organisation", "kind", "title", "description", "sectors"]

    @staticmethod
    def language_codes(raw: str) -> list[str]:
        """ "uk, en; de" as ["uk", "en", "de"]; the service checks each code."""
        return [code.strip() for code in raw.replace(";", ",").split(",") if code.strip()]


class ItemForm(forms.Form):
    # The existing item a row edits, sent back so that aid recorded against it stays with it.
    id = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    name = forms.CharField(label=_("What"), required=False, max_length=MAX_ITEM_NAME)
    quantity = LocalDecimalField(label=_("Quantity"), required=False)
    unit = forms.ChoiceField(label=_("Unit"), required=False, choices=[("", "—"), *Unit.choices])

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not (data.get("name") or data.get("quantity") is not None or data.get("unit"))


# Every field of a row is optional here: a row left blank is ignored, and a half-filled row is
# refused by the service with a message on the row.
ItemFormSet = forms.formset_factory(ItemForm, extra=3, can_delete=True, max_num=MAX_ITEMS)
ITEMS_PREFIX = "items"
ROW_FIELDS = ("name", "quantity", "unit")
ROW_ID = "id"


def submitted_items(formset: forms.BaseFormSet[ItemForm]) -> tuple[list[ItemIn], list[int]]:
    """The items of a valid formset, and the row each one came from (for placing errors)."""
    items: list[ItemIn] = []
    rows: list[int] = []
    for index, form in enumerate(formset.forms):
        if form.is_blank() or form.cleaned_data.get("DELETE"):
            continue
        quantity: Decimal | None = form.cleaned_data.get("quantity")
        items.append(
            ItemIn(
                name=form.cleaned_data.get("name") or "",
                quantity=quantity if quantity is not None else "",
                unit=form.cleaned_data.get("unit") or "",
                id=form.cleaned_data.get(ROW_ID),
            )
        )
        rows.append(index)
    return items, rows


def rows_as_initial(data: QueryDict) -> list[dict[str, str]]:
    """The rows a browser sent, filled ones only, as they were typed: to show them again."""
    try:
        total = min(int(data.get(f"{ITEMS_PREFIX}-TOTAL_FORMS", "0")), MAX_ITEMS)
    except ValueError:
        total = 0
    rows = []
    for index in range(total):
        row = {name: str(data.get(f"{ITEMS_PREFIX}-{index}-{name}", "")) for name in ROW_FIELDS}
        if any(row.values()) and not data.get(f"{ITEMS_PREFIX}-{index}-DELETE"):
            rows.append({**row, ROW_ID: str(data.get(f"{ITEMS_PREFIX}-{index}-{ROW_ID}", ""))})
    return rows


def form_as_initial(form_class: type[forms.Form], data: QueryDict) -> dict[str, Any]:
    """What a browser sent for a form, as initial values: shown again without judging them."""
    initial: dict[str, Any] = {}
    for name, field in form_class.base_fields.items():
        if isinstance(field, forms.MultipleChoiceField):
            initial[name] = data.getlist(name)
        elif name in data:
            initial[name] = data.get(name)
    return initial
