"""Directory pages: thin views over the selectors."""

from typing import Any

import rules
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext

from pobratym.core.errors import ApplicationError, PermissionRefused
from pobratym.core.pages import form_saved, initial_from
from pobratym.core.sections import sections_for
from pobratym.core.viewer import signed_in
from pobratym.core.web import apply_errors, paginated, refused

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
    authorities = selectors.authority_list(filters=filters)
    return render(
        request,
        "directory/authority_list.html",
        {"form": form, **paginated(request, authorities, PAGE_SIZE)},
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


def _authority_to_change(
    request: HttpRequest, pk: int, permission: str
) -> Authority | HttpResponse:
    """The entry, if the signed-in user holds the permission on it; a 403 page otherwise."""
    authority = get_object_or_404(Authority, pk=pk, merged_into__isnull=True)
    if not rules.has_perm(permission, request.user, authority):
        return refused(request, PermissionRefused(gettext("You are not allowed to do this.")))
    return authority


@login_required
def authority_edit(request: HttpRequest, pk: int) -> HttpResponse:
    authority = _authority_to_change(request, pk, "directory.edit_profile")
    if isinstance(authority, HttpResponse):
        return authority
    language = authority.description_language or get_language()
    form = ProfileForm(
        request.POST or None,
        initial=initial_from(authority, ProfileForm, description_language=language),
    )

    def save(data: dict[str, Any]) -> None:
        services.authority_profile_update(authority=authority, actor=signed_in(request), **data)

    if form_saved(request, form, save, message=gettext("The profile is saved.")):
        return redirect(authority)
    return _authority_form(request, authority, form, gettext("Edit the profile"))


def _authority_form(
    request: HttpRequest, authority: Authority, form: forms.Form, title: str
) -> HttpResponse:
    context = {"authority": authority, "form": form, "title": title}
    return render(request, "directory/authority_form.html", context)


@login_required
def authority_curate(request: HttpRequest, pk: int) -> HttpResponse:
    authority = _authority_to_change(request, pk, "directory.curate")
    if isinstance(authority, HttpResponse):
        return authority
    form = CurateForm(request.POST or None, initial=initial_from(authority, CurateForm))

    def save(data: dict[str, Any]) -> None:
        services.authority_curate(authority=authority, actor=signed_in(request), **data)

    if form_saved(request, form, save, message=gettext("The directory entry is saved.")):
        return redirect(authority)
    return _authority_form(request, authority, form, gettext("Curate the entry"))


@login_required
def authority_merge(request: HttpRequest, pk: int) -> HttpResponse:
    duplicate = _authority_to_change(request, pk, "directory.merge")
    if isinstance(duplicate, HttpResponse):
        return duplicate
    form = MergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        target = Authority.objects.filter(pk=form.cleaned_data["target"]).first()
        if target is None:
            form.add_error("target", gettext("No directory entry has this number."))
        else:
            try:
                services.authority_merge(
                    duplicate=duplicate,
                    target=target,
                    note=form.cleaned_data["note"],
                    actor=signed_in(request),
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
    title = gettext("Merge this duplicate into another entry")
    return _authority_form(request, duplicate, form, title)


def _contact_organisation(kind: str, key: str) -> Authority | Association:
    if kind == "authority" and key.isdigit():
        return get_object_or_404(Authority, pk=int(key), merged_into__isnull=True)
    if kind == "association":
        return get_object_or_404(Association, slug=key)
    raise Http404


def _contact_form(
    request: HttpRequest, organisation: Authority | Association, form: forms.Form, **context: Any
) -> HttpResponse:
    context |= {"organisation": organisation, "form": form}
    return render(request, "directory/contact_form.html", context)


def _managing_contacts(request: HttpRequest, organisation: Authority | Association) -> bool:
    return bool(rules.has_perm("directory.manage_contacts", request.user, organisation))


@login_required
def contact_add(request: HttpRequest, kind: str, key: str) -> HttpResponse:
    organisation = _contact_organisation(kind, key)
    if not _managing_contacts(request, organisation):
        return refused(request, PermissionRefused(gettext("You are not allowed to do this.")))
    form = ContactForm(request.POST or None)

    def save(data: dict[str, Any]) -> None:
        services.contact_create(organisation=organisation, actor=signed_in(request), **data)

    if form_saved(request, form, save, message=gettext("The contact person is saved.")):
        return redirect(organisation)
    return _contact_form(request, organisation, form, title=gettext("Add a contact person"))


@login_required
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contact.objects.select_related("authority", "association"), pk=pk)
    organisation = contact.organisation
    if not _managing_contacts(request, organisation):
        return refused(request, PermissionRefused(gettext("You are not allowed to do this.")))
    consented = contact.consented_at is not None
    form = ContactForm(
        request.POST or None, initial=initial_from(contact, ContactForm, consented=consented)
    )
    if request.method == "POST" and "delete" in request.POST:
        services.contact_delete(contact=contact, actor=signed_in(request))
        messages.success(request, gettext("The contact person is deleted."))
        return redirect(organisation)

    def save(data: dict[str, Any]) -> None:
        services.contact_update(contact=contact, actor=signed_in(request), **data)

    if form_saved(request, form, save, message=gettext("The contact person is saved.")):
        return redirect(organisation)
    title = gettext("Edit a contact person")
    return _contact_form(request, organisation, form, contact=contact, title=title)
