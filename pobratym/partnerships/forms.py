"""Forms of the partnership pages. They parse what a browser sends; the services decide what is
valid, so the pages and the API refuse the same things with the same messages."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pobratym.exchange.enums import Visibility
from pobratym.exchange.forms import LocalDecimalField
from pobratym.exchange.selectors import sector_choices

from .enums import ActivityKind, AgreementKind, PartnershipKind, ProjectStatus
from .models import MAX_NOTE, MAX_TEXT, MAX_TITLE

Choices = Sequence[tuple[str, Any]]


def date_input() -> forms.DateInput:
    # ISO format, because a browser's date picker sends and expects it in every language.
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def _set_choices(form: forms.BaseForm, name: str, choices: Choices) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def sector_options() -> list[tuple[str, str]]:
    return [
        (sector.code, f"— {sector.label}" if sector.parent_id else sector.label)
        for sector in sector_choices()
    ]


def _text(label: Any, *, limit: int = MAX_TEXT, rows: int = 4, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=limit,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


class ExpressInterestForm(forms.Form):
    from_organisation = forms.ChoiceField(label=_("On behalf of"))
    note = _text(
        _("Note to the other side"),
        limit=MAX_NOTE,
        help_text=_("Optional: what you would like to do together."),
    )

    def __init__(
        self,
        *args: Any,
        organisations: Choices,
        own_offers: Choices | None = None,
        own_needs: Choices | None = None,
        **kwargs: Any,
    ):
        """own_offers: the offers the speaking side may name for the need it is interested
        in; own_needs: the needs it may name for the offer (None: no such choice)."""
        super().__init__(*args, **kwargs)
        _set_choices(self, "from_organisation", organisations)
        # The field names are the service's, so its errors land on them.
        if own_offers is not None:
            self.fields["offer"] = forms.ChoiceField(
                label=_("Your offer for this need"),
                required=False,
                choices=[("", _("none of our offers")), *own_offers],
                help_text=_("Your open offers in the need's sectors."),
            )
        if own_needs is not None:
            self.fields["need"] = forms.ChoiceField(
                label=_("Your need this offer answers"),
                required=False,
                choices=[("", _("none of our needs")), *own_needs],
                help_text=_("Your open needs in the offer's sectors."),
            )
        self.order_fields(["from_organisation", "offer", "need", "note"])


class TransitionForm(forms.Form):
    to_state = forms.CharField(max_length=24, widget=forms.HiddenInput)
    note = _text(
        _("Note"),
        limit=MAX_NOTE,
        rows=2,
        help_text=_("Optional; required to make an ended partnership active again."),
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 4})
    )


class PartnershipForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PartnershipKind.choices)
    sectors = forms.MultipleChoiceField(
        label=_("Sectors"), required=False, widget=forms.CheckboxSelectMultiple
    )
    visibility = forms.ChoiceField(
        label=_("Who sees it"), choices=Visibility.choices, widget=forms.RadioSelect
    )
    description = _text(_("Description"))
    facilitators = forms.MultipleChoiceField(
        label=_("Facilitators"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Associations that arrange the partnership's meetings and visits."),
    )

    def __init__(self, *args: Any, associations: Choices, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _set_choices(self, "sectors", sector_options())
        _set_choices(self, "facilitators", associations)


class AgreementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AgreementKind.choices)
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE)
    signed_on = forms.DateField(
        label=_("Date signed"),
        required=False,
        widget=date_input(),
        help_text=_("Leave empty if it is not known."),
    )
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=date_input())
    renewal_on = forms.DateField(
        label=_("Renewal date"),
        required=False,
        widget=date_input(),
        help_text=_("The parties are reminded 30 days before."),
    )
    sectors = forms.MultipleChoiceField(
        label=_("Priority directions"), required=False, widget=forms.CheckboxSelectMultiple
    )
    notes = _text(_("Notes"))
    document = forms.FileField(
        label=_("Signed document"),
        required=False,
        help_text=_(
            "A PDF or an image (PNG, JPEG). Only the parties and their facilitators "
            "can download it."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _set_choices(self, "sectors", sector_options())


class SignatoryForm(forms.Form):
    name = forms.CharField(label=_("Signatory's name"), required=False, max_length=200)
    role = forms.CharField(label=_("Role"), required=False, max_length=200)
    contact = forms.ChoiceField(label=_("Contact person"), required=False)

    def __init__(self, *args: Any, contacts: Choices = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        _set_choices(self, "contact", [("", "—"), *contacts])

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not (data.get("name") or data.get("role") or data.get("contact"))


SignatoryFormSet = forms.formset_factory(SignatoryForm, extra=3, max_num=3)


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ActivityKind.choices)
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE)
    starts_on = forms.DateField(label=_("Start date"), widget=date_input())
    ends_on = forms.DateField(
        label=_("End date"),
        required=False,
        widget=date_input(),
        help_text=_("For activities of several days, e.g. a study visit."),
    )
    place = forms.CharField(label=_("Place"), required=False, max_length=200)
    link = forms.CharField(
        label=_("Link"),
        required=False,
        max_length=500,
        help_text=_("The online meeting's address, or a page about the activity."),
    )
    participants = _text(_("Participants"), help_text=_("Organisations and people taking part."))
    agenda = _text(_("Agenda"))
    minutes = _text(_("Minutes"), rows=6)


class FollowUpForm(forms.Form):
    text = forms.CharField(label=_("Follow-up action"), required=False, max_length=500)
    owner = forms.CharField(label=_("Who does it"), required=False, max_length=200)
    due_on = forms.DateField(label=_("Due date"), required=False, widget=date_input())

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not (data.get("text") or data.get("owner") or data.get("due_on"))


FollowUpFormSet = forms.formset_factory(FollowUpForm, extra=2, max_num=2)


class DeliveryScopeForm(forms.Form):
    """What a delivery answers and gives from, chosen first: they decide its item rows."""

    need = forms.ChoiceField(
        label=_("The need it answers"),
        required=False,
        help_text=_("The delivery is then made of the need's own items."),
    )
    offer = forms.ChoiceField(
        label=_("The offer it gives from"),
        required=False,
        help_text=_("What is pledged from an offer is no longer left to give."),
    )

    def __init__(self, *args: Any, needs: Choices, offers: Choices, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _set_choices(self, "need", [("", _("no need in particular")), *needs])
        _set_choices(self, "offer", [("", _("no offer in particular")), *offers])


class DeliveryForm(forms.Form):
    giver = forms.ChoiceField(label=_("Given by"))
    recipient = forms.ChoiceField(label=_("Received by"))
    sectors = forms.MultipleChoiceField(
        label=_("Sectors"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What kind of aid it is; the totals count it under these sectors."),
    )
    pledged_on = forms.DateField(label=_("Pledged on"), widget=date_input())
    note = _text(_("Note"), limit=MAX_NOTE, rows=2)
    visibility = forms.ChoiceField(
        label=_("Who sees it"), choices=Visibility.choices, widget=forms.RadioSelect
    )

    def __init__(
        self,
        *args: Any,
        givers: Choices,
        recipients: Choices,
        sectors: Choices | None,
        **kwargs: Any,
    ):
        """`sectors` None: the delivery answers a need and counts under the need's sectors."""
        super().__init__(*args, **kwargs)
        _set_choices(self, "giver", givers)
        _set_choices(self, "recipient", recipients)
        if sectors is None:
            del self.fields["sectors"]
        else:
            _set_choices(self, "sectors", sectors)


class DeliveryLineForm(forms.Form):
    """The quantity of one needed or offered item in a delivery (its unit is the item's);
    answering a need while giving from an offer, which offered item it comes from."""

    quantity = LocalDecimalField(label=_("Quantity"), required=False)
    offer_item = forms.ChoiceField(label=_("From the offered item"), required=False)

    def __init__(self, *args: Any, label: str, unit: str, offer_items: Choices, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.label = label
        quantity = self.fields["quantity"]
        quantity.label = _("Quantity, %(unit)s") % {"unit": unit}
        if offer_items:
            _set_choices(self, "offer_item", [("", "—"), *offer_items])
        else:
            del self.fields["offer_item"]

    def is_blank(self) -> bool:
        return getattr(self, "cleaned_data", {}).get("quantity") is None


class DayForm(forms.Form):
    day = forms.DateField(label=_("Date"), required=False, widget=date_input())


class ProjectForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE)
    budget_eur = LocalDecimalField(label=_("Budget, EUR"), required=False)
    funding_source = forms.CharField(label=_("Funding source"), required=False, max_length=300)
    status = forms.ChoiceField(label=_("Status"), choices=ProjectStatus.choices)
    dream_id = forms.CharField(
        label=_("DREAM project identifier"),
        required=False,
        max_length=64,
        help_text=_("The project's identifier in the DREAM reconstruction ecosystem, if any."),
    )
    needs = forms.MultipleChoiceField(
        label=_("Needs it answers"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, needs: Choices, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _set_choices(self, "needs", needs)
