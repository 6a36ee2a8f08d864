"""Joining and membership pages: each view is a form, one service call, then a redirect."""

import json
from collections.abc import Callable
from typing import TypeVar

import rules
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pobratym.core.errors import ApplicationError, InvalidInput, PermissionRefused
from pobratym.core.pages import redirect_after
from pobratym.core.sections import sections_for
from pobratym.core.viewer import SignedIn, signed_in
from pobratym.core.web import apply_errors, refused
from pobratym.directory import selectors as directory_selectors
from pobratym.directory.models import Association, Authority

from .. import privacy, selectors, services
from ..forms import (
    ClaimForm,
    DecisionForm,
    EraseForm,
    InviteForm,
    OrganisationRequestForm,
    RemoveForm,
    SignUpForm,
)
from ..models import OrganisationMembership, OrganisationRequest
from .signin import local_next

RecordT = TypeVar("RecordT", bound=Model)

CLAIM_RESULTS = 20


@login_required
def home_view(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    return render(
        request,
        "accounts/home.html",
        {
            "memberships": services.memberships_of(user),
            "claims_waiting": len(selectors.claims_for_viewer(viewer=user))
            + selectors.organisation_requests_for_viewer(viewer=user).count(),
            # What apps above accounts add here: what waits for the viewer (portal).
            "sections": sections_for("accounts.home", request, user),
        },
    )


def sign_up_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:home")
    # Where the person was going (a claim, from "I work here"): the confirmation leads there.
    then = local_next(request)
    form = SignUpForm(
        request.POST or None, initial={"language": getattr(request, "LANGUAGE_CODE", "uk")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.user_sign_up(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                language=form.cleaned_data["language"],
                then=then,
            )
        except InvalidInput as error:
            apply_errors(form, error)
        else:
            return redirect("accounts:sign_up_sent")
    return render(request, "accounts/sign_up.html", {"form": form, "next": then})


def sign_up_sent_view(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/sign_up_sent.html")


def confirm_view(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user = services.user_confirm_email(token=token)
    except InvalidInput as error:
        return render(
            request, "accounts/confirm_failed.html", {"message": error.message}, status=400
        )
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Your e-mail address is confirmed. Now claim your organisation."))
    then = services.confirmation_then(token)
    # Only a path of this site: the token is signed, but the path came from a browser.
    if then and url_has_allowed_host_and_scheme(then, allowed_hosts={request.get_host()}):
        return redirect(then)
    return redirect("accounts:claim")


def organisation_or_404(kind: str, key: str) -> Authority | Association:
    if kind == "authority" and key.isdigit():
        authority = Authority.objects.filter(pk=int(key), merged_into__isnull=True).first()
        if authority is not None:
            return authority
    if kind == "association":
        association = Association.objects.filter(slug=key).first()
        if association is not None:
            return association
    raise Http404


def _requested_organisation(request: HttpRequest) -> Authority | Association | None:
    """The organisation an "I work here" link names (?authority=N or ?association=slug)."""
    authority = request.GET.get("authority", "")
    if authority.isdigit():
        return Authority.objects.filter(pk=int(authority), merged_into__isnull=True).first()
    slug = request.GET.get("association", "")
    return Association.objects.filter(slug=slug).first() if slug else None


@login_required
def claim_view(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = organisation_or_404(
            form.cleaned_data["organisation_kind"], form.cleaned_data["organisation_id"]
        )
        try:
            services.membership_claim(
                user=signed_in(request), organisation=organisation, note=form.cleaned_data["note"]
            )
        except PermissionRefused as error:
            return refused(request, error)
        except InvalidInput as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _(
                    "Your claim for %(organisation)s was sent. You will get an e-mail when it is "
                    "verified."
                )
                % {"organisation": organisation},
            )
            return redirect("accounts:home")
    # From an organisation's "I work here" link: that organisation, and where the viewer stands.
    chosen = _requested_organisation(request)
    membership = (
        selectors.membership_of(viewer=request.user, organisation=chosen) if chosen else None
    )
    authorities = associations = []
    if query and chosen is None:
        authorities = list(
            directory_selectors.authority_list(
                filters=directory_selectors.AuthorityFilters(query=query)
            )[:CLAIM_RESULTS]
        )
        associations = list(directory_selectors.association_list(query=query)[:CLAIM_RESULTS])
    return render(
        request,
        "accounts/claim.html",
        {
            "query": query,
            "authorities": authorities,
            "associations": associations,
            "chosen": chosen,
            "chosen_kind": "authority" if isinstance(chosen, Authority) else "association",
            "chosen_key": chosen.slug
            if isinstance(chosen, Association)
            else getattr(chosen, "pk", ""),
            "chosen_membership": membership,
            "pending_claim": (
                selectors.PendingClaim(
                    membership=membership, verifiers=selectors.claim_verifiers(membership)
                )
                if membership is not None and not membership.is_verified
                else None
            ),
        },
    )


@login_required
def organisation_request_view(request: HttpRequest) -> HttpResponse:
    form = OrganisationRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_request_create(user=signed_in(request), **form.cleaned_data)
        except PermissionRefused as error:
            return refused(request, error)
        except InvalidInput as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Your request was sent to the reviewers."))
            return redirect("accounts:home")
    return render(request, "accounts/organisation_request.html", {"form": form})


@login_required
def verifications_view(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    return render(
        request,
        "accounts/verifications.html",
        {
            "claims": selectors.claims_for_viewer(viewer=user),
            "requests": selectors.organisation_requests_for_viewer(viewer=user),
            "form": DecisionForm(),
        },
    )


def _decision_view(
    model: type[RecordT], decide: Callable[[RecordT, bool, str, SignedIn], object]
) -> Callable[[HttpRequest, int], HttpResponse]:
    """The view of a decision sent from the verifications page on one record of model:
    decide(record, approve, note, actor) records it."""

    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        record = get_object_or_404(model, pk=pk)
        form = DecisionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose to verify or to reject."))
            return redirect("accounts:verifications")
        approve, note = form.cleaned_data["decision"] == "approve", form.cleaned_data["note"]
        return redirect_after(
            request,
            lambda: decide(record, approve, note, signed_in(request)),
            saved=_("Decision recorded."),
            to="accounts:verifications",
        )

    return view


decide_claim_view = _decision_view(
    OrganisationMembership,
    lambda membership, approve, note, actor: services.membership_decide(
        membership=membership, approve=approve, note=note, actor=actor
    ),
)
decide_request_view = _decision_view(
    OrganisationRequest,
    lambda organisation_request, approve, _note, actor: services.organisation_request_decide(
        request=organisation_request, approve=approve, actor=actor
    ),
)


@login_required
def members_view(request: HttpRequest, kind: str, key: str) -> HttpResponse:
    organisation = organisation_or_404(kind, key)
    user = signed_in(request)
    can_invite = rules.has_perm("accounts.invite_member", user, organisation)
    if not can_invite and not rules.has_perm("directory.curate", user, organisation):
        return refused(request, PermissionRefused(_("You are not allowed to do this.")))
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(
                organisation=organisation, email=form.cleaned_data["email"], actor=user
            )
        except PermissionRefused as error:
            return refused(request, error)
        except InvalidInput as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("The invitation was sent to %(email)s.") % {"email": form.cleaned_data["email"]},
            )
            return redirect(request.path)
    staff = [
        (m, rules.has_perm("accounts.remove_member", user, m))
        for m in selectors.staff_of(organisation=organisation)
    ]
    return render(
        request,
        "accounts/members.html",
        {
            "organisation": organisation,
            "staff": staff,
            "form": form,
            "can_invite": can_invite,
            "remove_form": RemoveForm(),
        },
    )


@login_required
@require_POST
def remove_member_view(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(OrganisationMembership, pk=pk)
    form = RemoveForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    organisation = membership.organisation
    kind, key = (
        ("authority", str(organisation.pk))
        if isinstance(organisation, Authority)
        else ("association", organisation.slug)
    )
    removed = _("%(person)s no longer acts for %(organisation)s.") % {
        "person": membership.user,
        "organisation": organisation,
    }
    return redirect_after(
        request,
        lambda: services.membership_remove(
            membership=membership, note=note, actor=signed_in(request)
        ),
        saved=removed,
        to=reverse("accounts:members", kwargs={"kind": kind, "key": key}),
    )


def invitation_view(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.invitation_by_token(token)
    except InvalidInput as error:
        return render(
            request, "accounts/confirm_failed.html", {"message": error.message}, status=400
        )
    if request.method == "POST" and request.user.is_authenticated:
        try:
            services.invitation_accept(token=token, user=signed_in(request))
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("You now act for %(organisation)s.") % {"organisation": invitation.organisation},
            )
            return redirect("accounts:home")
    return render(request, "accounts/invitation.html", {"invitation": invitation})


@login_required
def my_data_export_view(request: HttpRequest) -> HttpResponse:
    data = privacy.personal_data_export(user=signed_in(request))
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="pobratym-my-data.json"'
    return response


@login_required
def erase_view(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["email"].lower() != user.email.lower():
            form.add_error("email", _("This is not the address of your account."))
        else:
            privacy.personal_data_erase(user=user, actor=user)
            logout(request)
            messages.success(request, _("Your personal data has been erased."))
            return redirect("home")
    return render(request, "accounts/erase.html", {"form": form})
