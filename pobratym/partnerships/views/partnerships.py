"""The partnership itself: the list, the detail page, moving it to another state, editing it
and writing in its thread."""

from typing import Any

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from pobratym.core.errors import ApplicationError, PermissionRefused
from pobratym.core.pages import redirect_after
from pobratym.core.submissions import once_per_submission
from pobratym.core.viewer import Viewer, signed_in
from pobratym.core.web import error_summary, refused
from pobratym.directory.selectors import association_choices

from .. import services
from ..enums import PartnershipState
from ..forms import MessageForm, PartnershipForm, TransitionForm
from ..models import Partnership
from ..selectors.deliveries import deliveries_shown, delivery_totals
from ..selectors.partnerships import (
    linked_records_shown,
    partnership_list_for_viewer,
    party_contacts_for_viewer,
)
from ..transitions import next_states
from .common import _partnership, _partnership_to_change, _record_page

PAGE_SIZE = 25

# What each button says: the state a partnership moves to, as an action.
ACTION_LABELS = {
    PartnershipState.IN_DIALOGUE: gettext_lazy("Accept and start the dialogue"),
    PartnershipState.DECLINED: gettext_lazy("Decline"),
    PartnershipState.WITHDRAWN: gettext_lazy("Withdraw our interest"),
    PartnershipState.AGREEMENT_SIGNED: gettext_lazy("Record the agreement as signed"),
    PartnershipState.ACTIVE: gettext_lazy("Mark as active"),
    PartnershipState.DORMANT: gettext_lazy("Mark as dormant"),
    PartnershipState.ENDED: gettext_lazy("End the partnership"),
}


# Lists ------------------------------------------------------------------------------------


@require_safe
def partnership_list(request: HttpRequest) -> HttpResponse:
    """The partnerships the viewer may see; signed in, the ones they work on come first."""
    partnerships = partnership_list_for_viewer(viewer=request.user)
    mine = (
        list(partnership_list_for_viewer(viewer=request.user, mine=True)[:50])
        if request.user.is_authenticated
        else []
    )
    return render(
        request,
        "partnerships/list.html",
        {
            "mine": mine,
            "page": Paginator(partnerships, PAGE_SIZE).get_page(request.GET.get("page")),
            "query_without_page": "",
        },
    )


# Detail -----------------------------------------------------------------------------------


def _transition_buttons(partnership: Partnership, user: Viewer) -> list[tuple[str, str]]:
    states = list(next_states(partnership.state))
    if partnership.state == PartnershipState.INTEREST_EXPRESSED:
        # The other side answers an interest; the side that expressed it may withdraw it.
        if not rules.has_perm("partnerships.accept", user, partnership):
            states.remove(PartnershipState.IN_DIALOGUE)
            states.remove(PartnershipState.DECLINED)
        if not rules.has_perm("partnerships.withdraw", user, partnership):
            states.remove(PartnershipState.WITHDRAWN)
    return [(state, str(ACTION_LABELS[PartnershipState(state)])) for state in states]


@require_safe
def partnership_detail(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    can_change = rules.has_perm("partnerships.change", request.user, partnership)
    deliveries = deliveries_shown(partnership, request.user)
    visible_need_ids, visible_offer_ids = linked_records_shown(
        partnership, deliveries, request.user
    )
    return render(
        request,
        "partnerships/detail.html",
        {
            "partnership": partnership,
            "parties": list(partnership.parties.all()),
            "can_change": can_change,
            "can_see_documents": rules.has_perm(
                "partnerships.view_documents", request.user, partnership
            ),
            "buttons": _transition_buttons(partnership, request.user) if can_change else [],
            "can_answer": rules.has_perm("partnerships.accept", request.user, partnership),
            "transition_form": TransitionForm(),
            "message_form": MessageForm(),
            "contacts": party_contacts_for_viewer(partnership=partnership, viewer=request.user),
            "deliveries": [
                (
                    delivery,
                    rules.has_perm("partnerships.receive_delivery", request.user, delivery),
                )
                for delivery in deliveries
            ],
            "visible_need_ids": visible_need_ids,
            "visible_offer_ids": visible_offer_ids,
            "totals": delivery_totals(
                viewer=request.user, by="partnership", partnership=partnership
            ),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def transition(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what happens to the partnership."))
        return redirect(partnership)
    try:
        services.partnership_transition(
            partnership=partnership,
            to_state=form.cleaned_data["to_state"],
            note=form.cleaned_data["note"],
            actor=request.user,
        )
    except PermissionRefused as error:
        return refused(request, error)
    except ApplicationError as error:
        messages.error(request, error_summary(error))
    else:
        messages.success(request, _("The partnership's state was changed."))
    return redirect(partnership)


@login_required
@_partnership_to_change
def partnership_edit(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    associations = association_choices()
    form = PartnershipForm(
        request.POST or None,
        associations=[(str(a.pk), a.display_name) for a in associations],
        initial={
            "kind": partnership.kind,
            "sectors": [s.code for s in partnership.sectors.all()],
            "visibility": partnership.visibility,
            "description": partnership.description,
            "facilitators": [str(a.pk) for a in partnership.facilitators.all()],
        },
    )

    def write(data: dict[str, Any], _rows: list[dict[str, Any]]) -> Partnership:
        chosen = [a for a in associations if str(a.pk) in data["facilitators"]]
        fields = data | {"facilitators": chosen}
        return services.partnership_update(partnership=partnership, actor=request.user, **fields)

    texts = (_("Edit the partnership"), _("The partnership was saved."))
    return _record_page(request, partnership, form, write, texts)


@login_required
@require_POST
@once_per_submission
def message_create(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    form = MessageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write a message first."))
        return redirect(partnership)
    body = form.cleaned_data["body"]
    return redirect_after(
        request,
        lambda: services.message_post(partnership=partnership, body=body, actor=signed_in(request)),
        saved=_("Your message was sent."),
        to=partnership,
    )
