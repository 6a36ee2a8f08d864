"""What a partnership holds: agreements and their signed documents, activities and their
follow-up actions, joint projects. Each page changes a partnership its editors may change."""

import rules
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from pobratym.core.errors import PermissionRefused
from pobratym.core.submissions import once_per_submission
from pobratym.core.web import refused

from .. import selectors, services
from ..forms import (
    ActivityForm,
    AgreementForm,
    FollowUpForm,
    FollowUpFormSet,
    ProjectForm,
    SignatoryFormSet,
)
from ..models import Activity, Agreement, FollowUp
from .common import _attempt, _changing, _filled_rows, _form_page, _visible_child


@login_required
@once_per_submission
def agreement_create(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _changing(request, pk)
    if isinstance(partnership, HttpResponse):
        return partnership
    contacts = [
        (str(contact.pk), f"{contact.name} ({group.organisation.display_name})")
        for group in selectors.party_contacts_for_viewer(
            partnership=partnership, viewer=request.user
        )
        for contact in group.contacts
    ]
    form = AgreementForm(request.POST or None, request.FILES or None)
    signatories = SignatoryFormSet(
        request.POST or None, prefix="signatories", form_kwargs={"contacts": contacts}
    )
    if request.method == "POST" and form.is_valid() and signatories.is_valid():
        data = form.cleaned_data
        rows = _filled_rows(signatories)
        people = [
            services.SignatoryIn(
                name=row["name"],
                role=row["role"],
                contact_id=int(row["contact"]) if row["contact"] else None,
            )
            for _index, row in rows
        ]
        response = _attempt(
            request,
            form,
            lambda: (
                services.agreement_add(
                    partnership=partnership,
                    kind=data["kind"],
                    title=data["title"],
                    signed_on=data["signed_on"],
                    valid_until=data["valid_until"],
                    renewal_on=data["renewal_on"],
                    sectors=data["sectors"],
                    signatories=people,
                    notes=data["notes"],
                    document=data["document"],
                    actor=request.user,
                ).partnership
            ),
            saved=_("The agreement was recorded."),
            rows={"signatories": (signatories.forms, [index for index, _row in rows])},
        )
        if response is not None:
            return response
    return _form_page(
        request,
        {
            "title": _("Record an agreement or memorandum"),
            "form": form,
            "formsets": [(_("Signatories"), signatories)],
            "multipart": True,
            "partnership": partnership,
        },
    )


@login_required
@require_safe
def agreement_document(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The signed document, to those who may see it, always as a download: never rendered from
    the platform's origin, where a crafted file could run as part of the site."""
    agreement = _visible_child(request, Agreement, pk, "partnership_id")
    if not agreement.document or not rules.has_perm(
        "partnerships.view_documents", request.user, agreement.partnership
    ):
        raise Http404
    response = FileResponse(
        agreement.document.open("rb"),
        as_attachment=True,
        filename=agreement.document_name or "document",
        content_type=agreement.document_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@once_per_submission
def activity_create(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _changing(request, pk)
    if isinstance(partnership, HttpResponse):
        return partnership
    form = ActivityForm(request.POST or None)
    followups = FollowUpFormSet(request.POST or None, prefix="followups")
    if request.method == "POST" and form.is_valid() and followups.is_valid():
        data = form.cleaned_data
        rows = _filled_rows(followups)
        response = _attempt(
            request,
            form,
            lambda: (
                services.activity_add(
                    partnership=partnership,
                    kind=data["kind"],
                    title=data["title"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    place=data["place"],
                    link=data["link"],
                    participants=data["participants"],
                    agenda=data["agenda"],
                    minutes=data["minutes"],
                    followups=[
                        services.FollowUpIn(
                            text=row["text"], owner=row["owner"], due_on=row["due_on"]
                        )
                        for _index, row in rows
                    ],
                    actor=request.user,
                ).partnership
            ),
            saved=_("The activity was recorded."),
            rows={"followups": (followups.forms, [index for index, _row in rows])},
        )
        if response is not None:
            return response
    return _form_page(
        request,
        {
            "title": _("Record an activity"),
            "form": form,
            "formsets": [(_("Follow-up actions"), followups)],
            "partnership": partnership,
        },
    )


@login_required
@once_per_submission
def followup_create(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _visible_child(request, Activity, pk, "partnership_id")
    # As every other form of a partnership: refused before it is filled in, not after.
    changing = _changing(request, activity.partnership_id)
    if isinstance(changing, HttpResponse):
        return changing
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        response = _attempt(
            request,
            form,
            lambda: (
                services.followup_add(
                    activity=activity,
                    text=data["text"],
                    owner=data["owner"],
                    due_on=data["due_on"],
                    actor=request.user,
                ).activity.partnership
            ),
            saved=_("The follow-up action was added."),
        )
        if response is not None:
            return response
    return _form_page(
        request,
        {
            "title": _("Add a follow-up action"),
            "form": form,
            "partnership": activity.partnership,
        },
    )


@login_required
@require_POST
def followup_done(request: HttpRequest, pk: int) -> HttpResponse:
    followup = _visible_child(request, FollowUp, pk, "activity__partnership_id")
    try:
        services.followup_mark_done(
            followup=followup, done=request.POST.get("done") != "0", actor=request.user
        )
    except PermissionRefused as error:
        return refused(request, error)
    return redirect(followup.activity.partnership)


@login_required
@once_per_submission
def project_create(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _changing(request, pk)
    if isinstance(partnership, HttpResponse):
        return partnership
    needs = {str(n.pk): n for n in selectors.needs_for_projects(partnership, request.user)}
    form = ProjectForm(
        request.POST or None,
        needs=[(key, f"{n.title} ({n.authority.display_name})") for key, n in needs.items()],
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        response = _attempt(
            request,
            form,
            lambda: (
                services.project_add(
                    partnership=partnership,
                    title=data["title"],
                    budget_eur=data["budget_eur"],
                    funding_source=data["funding_source"],
                    status=data["status"],
                    dream_id=data["dream_id"],
                    needs=[needs[key] for key in data["needs"]],
                    actor=request.user,
                ).partnership
            ),
            saved=_("The joint project was recorded."),
        )
        if response is not None:
            return response
    return _form_page(
        request,
        {"title": _("Record a joint project"), "form": form, "partnership": partnership},
    )
