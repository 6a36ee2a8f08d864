"""The search page: a GET form, one selector call, the results."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from pobratym.core.errors import InvalidInput

from .forms import SearchForm
from .selectors import SearchResults, search_for_viewer


def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    results = SearchResults(query="")
    problem = ""
    if form.is_bound:
        try:
            results = search_for_viewer(
                viewer=request.user, query=form.query(), filters=form.to_filters()
            )
        except InvalidInput as error:
            problem = error.message
    return render(
        request,
        "search/search.html",
        {"form": form, "results": results, "problem": problem},
    )
