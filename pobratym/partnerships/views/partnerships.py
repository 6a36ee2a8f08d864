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
from pobratym.core.submissions import once_per_submission
from pobratym.core.web import error_summary, refused
from pobratym.directory.selectors import association_choices

from .. import selectors, services
from ..enums import PartnershipState
from ..forms import MessageForm, PartnershipForm, TransitionForm
from ..models import Partnership
from ..transitions import next_states
from .common import _attempt, _form_page, _partnership

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
    partnerships = selectors.partnership_list_for_viewer(viewer=request.user)
    mine = (
        list(selectors.partnership_list_for_viewer(viewer=request.user, mine=True)[:50])
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


def _transition_buttons(partnership: Partnership, user: Any) -> list[tuple[str, str]]:
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
    deliveries = selectors.deliveries_shown(partnership, request.user)
    visible_need_ids, visible_offer_ids = selectors.linked_records_shown(
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
            "contacts": selectors.party_contacts_for_viewer(
                partnership=partnership, viewer=request.user
            ),
            "deliveries": [
                (
                    delivery,
                    rules.has_perm("partnerships.receive_delivery", request.user, delivery),
                )
                for delivery in deliveries
            ],
            "visible_need_ids": visible_need_ids,
            "visible_offer_ids": visible_offer_ids,
            "totals": selectors.delivery_totals(
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
def partnership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    if not rules.has_perm("partnerships.change", request.user, partnership):
        return refused(request, PermissionRefused(_("You are not allowed to do this.")))
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
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = [a for a in associations if str(a.pk) in data["facilitators"]]
        response = _attempt(
            request,
            form,
            lambda: services.partnership_update(
                partnership=partnership,
                kind=data["kind"],
                sectors=data["sectors"],
                visibility=data["visibility"],
                description=data["description"],
                facilitators=chosen,
                actor=request.user,
            ),
            saved=_("The partnership was saved."),
        )
        if response is not None:
            return response
    return _form_page(
        request,
        {"title": _("Edit the partnership"), "form": form, "partnership": partnership},
    )


@login_required
@require_POST
@once_per_submission
def message_create(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _partnership(request, pk)
    form = MessageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write a message first."))
        return redirect(partnership)
    try:
        services.message_post(
            partnership=partnership, body=form.cleaned_data["body"], actor=request.user
        )
    except PermissionRefused as error:
        return refused(request, error)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your message was sent."))
    return redirect(partnership)
