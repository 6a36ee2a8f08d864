"""Directory pages: thin views over the selectors."""

from typing import Any

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext

from pobratym.core.errors import ApplicationError, PermissionRefused
from pobratym.core.sections import sections_for
from pobratym.core.viewer import signed_in
from pobratym.core.web import apply_errors, refused

from . import selectors, services
from .forms import (
    AuthorityFilterForm,
    ContactForm,
    CurateForm,
    MergeForm,
    ProfileForm,
)
from .models import Association, Authority, Contact

PAGE_SIZE = 50


def authority_list(request: HttpRequest) -> HttpResponse:
    form = AuthorityFilterForm(request.GET or None)
    filters = form.to_filters() if form.is_bound else selectors.AuthorityFilters()
    page = Paginator(selectors.authority_list(filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query_without_page = request.GET.copy()
    query_without_page.pop("page", None)
    return render(
        request,
        "directory/authority_list.html",
        {
            "form": form,
            "page": page,
            "query_without_page": query_without_page.urlencode(),
        },
    )


def _profile_sections(
    request: HttpRequest, organisation: Authority | Association
) -> dict[str, Any]:
    """What apps above the directory add to a profile (joining as editor, needs and offers,
    partnerships): the directory renders their sections without knowing them."""
    return {
        "actions_sections": sections_for("directory.profile.actions", request, organisation),
        "sections": sections_for("directory.profile", request, organisation),
    }


def authority_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        authority = selectors.authority_profile(pk=pk)
    except Authority.DoesNotExist as missing:
        raise Http404 from missing
    if authority.merged_into is not None:
        messages.info(
            request, gettext("%(duplicate)s was merged into this entry.") % {"duplicate": authority}
        )
        return redirect(authority.merged_into)
    user = request.user
    return render(
        request,
        "directory/authority_detail.html",
        {
            "authority": authority,
            "memberships": selectors.authority_memberships(authority=authority),
            "contacts": selectors.contacts_for_viewer(organisation=authority, viewer=user),
            "can_edit": rules.has_perm("directory.edit_profile", user, authority),
            "can_curate": rules.has_perm("directory.curate", user, authority),
            "can_manage_contacts": rules.has_perm("directory.manage_contacts", user, authority),
            "can_see_staff": rules.has_perm("accounts.invite_member", user, authority),
            **_profile_sections(request, authority),
        },
    )


def association_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:200]
    return render(
        request,
        "directory/association_list.html",
        {
            "associations": selectors.association_list(query=query),
            "query": query,
        },
    )


def association_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        association = selectors.association_profile(slug=slug)
    except Association.DoesNotExist as missing:
        raise Http404 from missing
    user = request.user
    return render(
        request,
        "directory/association_detail.html",
        {
            "association": association,
            "contacts": selectors.contacts_for_viewer(organisation=association, viewer=user),
            "can_manage_contacts": rules.has_perm("directory.manage_contacts", user, association),
            "can_see_staff": rules.has_perm("accounts.invite_member", user, association),
            "members": selectors.association_members(association=association),
            "member_of": selectors.association_member_of(association=association),
            **_profile_sections(request, association),
        },
    )


@login_required
def authority_edit(request: HttpRequest, pk: int) -> HttpResponse:
    authority = get_object_or_404(Authority, pk=pk, merged_into__isnull=True)
    user = signed_in(request)
    if not rules.has_perm("directory.edit_profile", user, authority):
        return refused(request, PermissionRefused(gettext("You are not allowed to do this.")))
    form = ProfileForm(
        request.POST or None,
        initial={
            "website": authority.website,
            "description": authority.description,
            "description_language": authority.description_language or get_language(),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.authority_profile_update(authority=authority, actor=user, **form.cleaned_data)
        except ApplicationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, gettext("The profile is saved."))
            return redirect(authority)
    return render(
        request,
        "directory/authority_form.html",
        {
            "authority": authority,
            "form": form,
            "title": gettext("Edit the profile"),
        },
    )


@login_required
def authority_curate(request: HttpRequest, pk: int) -> HttpResponse:
    authority = get_object_or_404(Authority, pk=pk, merged_into__isnull=True)
    user = signed_in(request)
    if not rules.has_perm("directory.curate", user, authority):
        return refused(request, PermissionRefused(gettext("You are not allowed to do this.")))
    form = CurateForm(
        request.POST or None,
        initial={
            "name_uk": authority.name_uk,
            "name_en": authority.name_en,
            "frontline_status": authority.frontline_status,
            "frontline_source": authority.frontline_source,
            "frontline_as_of": authority.frontline_as_of,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.authority_curate(authority=authority, actor=user, **form.cleaned_data)
        except ApplicationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, gettext("The directory entry is saved."))
            return redirect(authority)
    return render(
        request,
        "directory/authority_form.html",
        {
            "authority": authority,
            "form": form,
            "title": gettext("Curate the entry"),
        },
    )


@login_required
def authority_merge(request: HttpRequest, pk: int) -> HttpResponse:
    duplicate = get_object_or_404(Authority, pk=pk, merged_into__isnull=True)
    user = signed_in(request)
    if not rules.has_perm("directory.merge", user, duplicate):
        return refused(request, PermissionRefused(gettext("You are not allowed to do this.")))
    form = MergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        target = Authority.objects.filter(pk=form.cleaned_data["target"]).first()
        if target is None:
            form.add_error("target", gettext("No directory entry has this number."))
        else:
            try:
                services.authority_merge(
                    duplicate=duplicate, target=target, note=form.cleaned_data["note"], actor=user
                )
            except ApplicationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request,
                    gettext("%(duplicate)s was merged into %(target)s.")
                    % {"duplicate": duplicate, "target": target},
                )
                return redirect(target)
    return render(
        request,
        "directory/authority_form.html",
        {
            "authority": duplicate,
            "form": form,
            "title": gettext("Merge this duplicate into another entry"),
        },
    )


def _contact_organisation(kind: str, key: str) -> Authority | Association:
    if kind == "authority" and key.isdigit():
        return get_object_or_404(Authority, pk=int(key), merged_into__isnull=True)
    if kind == "association":
        return get_object_or_404(Association, slug=key)
    raise Http404


@login_required
def contact_add(request: HttpRequest, kind: str, key: str) -> HttpResponse:
    organisation = _contact_organisation(kind, key)
    user = signed_in(request)
    if not rules.has_perm("directory.manage_contacts", user, organisation):
        return refused(request, PermissionRefused(gettext("You are not allowed to do this.")))
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_create(organisation=organisation, actor=user, **form.cleaned_data)
        except ApplicationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, gettext("The contact person is saved."))
            return redirect(organisation)
    return render(
        request,
        "directory/contact_form.html",
        {
            "organisation": organisation,
            "form": form,
            "title": gettext("Add a contact person"),
        },
    )


@login_required
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contact.objects.select_related("authority", "association"), pk=pk)
    organisation = contact.organisation
    user = signed_in(request)
    if not rules.has_perm("directory.manage_contacts", user, organisation):
        return refused(request, PermissionRefused(gettext("You are not allowed to do this.")))
    form = ContactForm(
        request.POST or None,
        initial={
            "name": contact.name,
            "position": contact.position,
            "email": contact.email,
            "phone": contact.phone,
            "languages": contact.languages,
            "consented": contact.consented_at is not None,
        },
    )
    if request.method == "POST" and "delete" in request.POST:
        services.contact_delete(contact=contact, actor=user)
        messages.success(request, gettext("The contact person is deleted."))
        return redirect(organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_update(contact=contact, actor=user, **form.cleaned_data)
        except ApplicationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, gettext("The contact person is saved."))
            return redirect(organisation)
    return render(
        request,
        "directory/contact_form.html",
        {
            "organisation": organisation,
            "form": form,
            "contact": contact,
            "title": gettext("Edit a contact person"),
        },
    )
