"""Forms of allocation rounds: settings of a new round, a swap, an answer."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .services.rounds import MAX_PROPOSALS, MAX_TITLE, MIN_SCORE_RANGE

EVERY_OFFER = ""


class RoundForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE)
    association = forms.ChoiceField(
        label=_("Offers of the members of"),
        required=False,
        help_text=_("The round proposes the open offers of this association's member authorities."),
    )
    oblast = forms.ChoiceField(
        label=_("Hromadas of"),
        required=False,
        help_text=_("Every hromada in scope with an open need takes part."),
    )
    frontline_only = forms.BooleanField(label=_("Frontline hromadas only"), required=False)
    min_score = forms.FloatField(
        label=_("Lowest fit that counts"),
        initial=0.0,
        min_value=MIN_SCORE_RANGE[0],
        max_value=MIN_SCORE_RANGE[1],
        help_text=_("Pairs that fit less are never proposed. The recommendations show each fit."),
    )
    max_proposals = forms.IntegerField(
        label=_("Proposals per hromada at most"),
        initial=1,
        min_value=1,
        max_value=MAX_PROPOSALS,
    )
    fairness = forms.BooleanField(
        label=_(
            "Fairness guarantees: cover every hromada that can be covered, small and "
            "frontline ones at least as well as others"
        ),
        required=False,
        initial=True,
    )

    def __init__(
        self,
        *args: Any,
        associations: list[tuple[str, str]],
        oblasts: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["association"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = associations
        field.required = not any(key == EVERY_OFFER for key, _label in associations)
        oblast_field = self.fields["oblast"]
        assert isinstance(oblast_field, forms.ChoiceField)
        oblast_field.choices = [("", _("all of Ukraine")), *oblasts]


class SwapForm(forms.Form):
    offer = forms.IntegerField(label=_("Another candidate offer"))


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=[("accepted", _("Accept")), ("declined", _("Decline"))])
    organisation = forms.CharField()
    # Answered from the round's page (the secretariat, for a side): go back there.
    back_to_round = forms.BooleanField(required=False)
