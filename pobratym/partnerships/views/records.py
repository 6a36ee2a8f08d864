"""What a partnership holds: agreements and their signed documents, activities and their
follow-up actions, joint projects. Each page changes a partnership its editors may change."""

from typing import Any

import rules
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from pobratym.core.errors import PermissionRefused
from pobratym.core.submissions import once_per_submission
from pobratym.core.viewer import signed_in
from pobratym.core.web import refused

from .. import services
from ..forms import (
    ActivityForm,
    AgreementForm,
    FollowUpForm,
    FollowUpFormSet,
    ProjectForm,
    SignatoryFormSet,
)
from ..models import Activity, Agreement, FollowUp, Partnership
from ..selectors.deliveries import needs_for_projects
from ..selectors.partnerships import party_contacts_for_viewer
from .common import _changing, _partnership_to_change, _record_page, _visible_child


@login_required
@once_per_submission
@_partnership_to_change
def agreement_create(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    contacts = [
        (str(contact.pk), f"{contact.name} ({group.organisation.display_name})")
        for group in party_contacts_for_viewer(partnership=partnership, viewer=request.user)
        for contact in group.contacts
    ]
    form = AgreementForm(request.POST or None, request.FILES or None)
    signatories = SignatoryFormSet(
        request.POST or None, prefix="signatories", form_kwargs={"contacts": contacts}
    )

    def write(data: dict[str, Any], rows: list[dict[str, Any]]) -> Partnership:
        people = [
            services.SignatoryIn(
                name=row["name"],
                role=row["role"],
                contact_id=int(row["contact"]) if row["contact"] else None,
            )
            for row in rows
        ]
        return services.agreement_add(
            partnership=partnership, signatories=people, actor=signed_in(request), **data
        ).partnership

    texts = (_("Record an agreement or memorandum"), _("The agreement was recorded."))
    rows = (_("Signatories"), signatories)
    return _record_page(request, partnership, form, write, texts, rows, multipart=True)


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
@_partnership_to_change
def activity_create(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    form = ActivityForm(request.POST or None)
    followups = FollowUpFormSet(request.POST or None, prefix="followups")

    def write(data: dict[str, Any], rows: list[dict[str, Any]]) -> Partnership:
        planned = [
            services.FollowUpIn(text=r["text"], owner=r["owner"], due_on=r["due_on"]) for r in rows
        ]
        return services.activity_add(
            partnership=partnership, followups=planned, actor=signed_in(request), **data
        ).partnership

    texts = (_("Record an activity"), _("The activity was recorded."))
    rows = (_("Follow-up actions"), followups)
    return _record_page(request, partnership, form, write, texts, rows)


@login_required
@once_per_submission
def followup_create(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _visible_child(request, Activity, pk, "partnership_id")
    # As every other form of a partnership: refused before it is filled in, not after.
    changing = _changing(request, activity.partnership_id)
    if isinstance(changing, HttpResponse):
        return changing
    form = FollowUpForm(request.POST or None)

    def write(data: dict[str, Any], _rows: list[dict[str, Any]]) -> Partnership:
        return services.followup_add(
            activity=activity, actor=signed_in(request), **data
        ).activity.partnership

    texts = (_("Add a follow-up action"), _("The follow-up action was added."))
    return _record_page(request, activity.partnership, form, write, texts)


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
@_partnership_to_change
def project_create(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    needs = {str(n.pk): n for n in needs_for_projects(partnership, request.user)}
    form = ProjectForm(
        request.POST or None,
        needs=[(key, f"{n.title} ({n.authority.display_name})") for key, n in needs.items()],
    )

    def write(data: dict[str, Any], _rows: list[dict[str, Any]]) -> Partnership:
        fields = dict(data)
        chosen = [needs[key] for key in fields.pop("needs")]
        return services.project_add(
            partnership=partnership, needs=chosen, actor=signed_in(request), **fields
        ).partnership

    texts = (_("Record a joint project"), _("The joint project was recorded."))
    return _record_page(request, partnership, form, write, texts)
