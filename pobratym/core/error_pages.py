"""The site's error pages (400, 403, 404, 500 and a refused form), in the visitor's language.

Under the API's path and the health checks' the same errors are the API's JSON body instead
(a load balancer asking by a host name the site does not know gets JSON, never a page).
Unlike Django's defaults these views never run the CSRF check again: a request whose form
body cannot be read would fail a second time in its own error page. The 500 page renders
from its template alone: no database, no context processors, nothing the failure may have
broken.
"""

from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader

from .api import API_PATH_PREFIX, error_body

# The health checks' path (core/urls.py).
HEALTH_PATH_PREFIX = "/health/"
JSON_PATH_PREFIXES = (API_PATH_PREFIX, HEALTH_PATH_PREFIX)


def _error(request: HttpRequest, status: int, template: str) -> HttpResponse:
    if request.path.startswith(JSON_PATH_PREFIXES):
        return JsonResponse(error_body(status), status=status)
    return render(request, template, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error(request, 400, "400.html")


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error(request, 403, "403.html")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error(request, 404, "404.html")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(request, 403, "403_csrf.html")


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith(JSON_PATH_PREFIXES):
        return JsonResponse(error_body(500), status=500)
    return HttpResponseServerError(loader.get_template("500.html").render())
