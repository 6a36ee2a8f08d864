"""Pages of allocation rounds: thin views over the services and selectors."""

from typing import TypeVar

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pobratym.accounts.rules import associations_facilitated_by, is_secretariat
from pobratym.core.errors import ApplicationError, PermissionRefused
from pobratym.core.i18n import alphabetical
from pobratym.core.viewer import signed_in
from pobratym.core.web import apply_errors, refused, visible_or_404
from pobratym.directory.enums import RegionKind
from pobratym.directory.models import Association, Region
from pobratym.directory.organisations import organisation_by_key
from pobratym.directory.selectors import association_choices

from . import selectors, services
from .enums import RoundStatus
from .forms import EVERY_OFFER, AnswerForm, RoundForm, SwapForm
from .models import AllocationRound, RoundProposal

ModelT = TypeVar("ModelT", bound=Model)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Proposals to the viewer's organisations, and the rounds the viewer runs."""
    return render(
        request,
        "allocation/home.html",
        {
            "proposals": selectors.proposals_for_viewer(viewer=request.user),
            "on_behalf": selectors.proposals_on_behalf(viewer=request.user),
            "rounds": selectors.rounds_for_viewer(viewer=request.user)[:50],
            "can_run": rules.has_perm("allocation.run_round", request.user, None)
            or bool(associations_facilitated_by(request.user)),
        },
    )


def _association_choices(request: HttpRequest) -> list[tuple[str, str]]:
    if is_secretariat(request.user):
        return [
            (EVERY_OFFER, _("every open offer")),
            *((str(a.pk), a.display_name) for a in association_choices()),
        ]
    facilitated = Association.objects.filter(pk__in=associations_facilitated_by(request.user))
    return [(str(a.pk), a.display_name) for a in association_choices(facilitated)]


def _chosen(model: type[ModelT], key: str) -> ModelT | None:
    """The record a choice field named; None for the empty choice."""
    return model._default_manager.filter(pk=int(key)).first() if key.isdigit() else None


def _oblast_choices() -> list[tuple[str, str]]:
    oblasts = Region.objects.filter(country__code="UA", kind=RegionKind.OBLAST)
    return [(str(r.pk), r.display_name) for r in alphabetical(oblasts, by=lambda r: r.display_name)]


@login_required
def round_create(request: HttpRequest) -> HttpResponse:
    associations = _association_choices(request)
    if not associations:
        return refused(
            request, PermissionRefused(_("Only facilitators and the secretariat run rounds."))
        )
    form = RoundForm(
        request.POST or None,
        associations=associations,
        oblasts=_oblast_choices(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            allocation_round = services.round_run(
                title=data["title"],
                association=_chosen(Association, data["association"]),
                oblast=_chosen(Region, data["oblast"]),
                frontline_only=data["frontline_only"],
                min_score=data["min_score"],
                max_proposals=data["max_proposals"],
                fairness=data["fairness"],
                actor=signed_in(request),
            )
        except PermissionRefused as error:
            return refused(request, error)
        except ApplicationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The round is ready for your review."))
            return redirect(allocation_round)
    return render(request, "allocation/round_form.html", {"form": form})


def _round(request: HttpRequest, pk: int) -> AllocationRound:
    return visible_or_404(selectors.round_for_viewer, request, pk)


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    allocation_round = _round(request, pk)
    rows = selectors.round_proposals(allocation_round=allocation_round, viewer=request.user)
    return render(
        request,
        "allocation/round_detail.html",
        {
            "round": allocation_round,
            "report": selectors.report_view(allocation_round=allocation_round),
            "rows": rows,
            "under_review": allocation_round.status == RoundStatus.UNDER_REVIEW,
            "can_publish": allocation_round.status == RoundStatus.UNDER_REVIEW
            and any(not row.proposal.is_removed for row in rows),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST publishes (no script: the question is a page)."""
    allocation_round = _round(request, pk)
    if request.method == "GET":
        return render(
            request,
            "allocation/round_publish_confirm.html",
            {
                "round": allocation_round,
                "proposals": allocation_round.proposals.filter(is_removed=False).count(),
                "under_review": allocation_round.status == RoundStatus.UNDER_REVIEW,
            },
        )
    try:
        services.round_publish(allocation_round=allocation_round, actor=signed_in(request))
    except PermissionRefused as error:
        return refused(request, error)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The round is published: both sides now see their proposals."))
    return redirect(allocation_round)


def _proposal(request: HttpRequest, pk: int) -> RoundProposal:
    proposal = get_object_or_404(
        RoundProposal.objects.select_related("round", "hromada", "offer", "need"), pk=pk
    )
    _round(request, proposal.round_id)  # 404 for anyone who may not review the round
    return proposal


@login_required
@require_http_methods(["GET", "POST"])
def proposal_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST removes."""
    proposal = _proposal(request, pk)
    if request.method == "GET":
        return render(
            request,
            "allocation/proposal_remove_confirm.html",
            {
                "proposal": proposal,
                "round": proposal.round,
                "removable": proposal.round.status == RoundStatus.UNDER_REVIEW
                and not proposal.is_removed,
            },
        )
    try:
        services.proposal_remove(proposal=proposal, actor=request.user)
    except PermissionRefused as error:
        return refused(request, error)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The proposal is removed from the round."))
    return redirect(proposal.round)


@login_required
@require_POST
def proposal_swap(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    form = SwapForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose another of this hromada's candidate offers."))
        return redirect(proposal.round)
    try:
        services.proposal_swap(
            proposal=proposal, offer_id=form.cleaned_data["offer"], actor=request.user
        )
    except PermissionRefused as error:
        return refused(request, error)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The offer is swapped."))
    return redirect(proposal.round)


@login_required
@require_POST
def proposal_answer(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(RoundProposal.objects.select_related("offer", "hromada"), pk=pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Answer with accept or decline."))
        return redirect("allocation:home")
    organisation = organisation_by_key(form.cleaned_data["organisation"])
    if organisation is None:
        raise Http404
    try:
        services.proposal_answer(
            proposal=proposal,
            organisation=organisation,
            answer=form.cleaned_data["answer"],
            actor=request.user,
        )
    except PermissionRefused as error:
        return refused(request, error)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your answer is recorded."))
    if (
        form.cleaned_data["back_to_round"]
        and selectors.rounds_for_viewer(viewer=request.user).filter(pk=proposal.round_id).exists()
    ):
        return redirect(proposal.round)
    return redirect("allocation:home")
