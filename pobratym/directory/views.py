"""Directory pages: thin views over the selectors."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from . import selectors
from .forms import AuthorityFilterForm
from .models import Association, Authority

PAGE_SIZE = 50


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "directory/home.html",
        {"overview": selectors.directory_overview(), "form": AuthorityFilterForm()},
    )


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


def authority_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        authority = selectors.authority_profile(pk=pk)
    except Authority.DoesNotExist as missing:
        raise Http404 from missing
    return render(
        request,
        "directory/authority_detail.html",
        {
            "authority": authority,
            "memberships": selectors.authority_memberships(authority=authority),
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
    return render(
        request,
        "directory/association_detail.html",
        {
            "association": association,
            "members": selectors.association_members(association=association),
            "member_of": selectors.association_member_of(association=association),
        },
    )
