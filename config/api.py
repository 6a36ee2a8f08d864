"""The public API: a router per domain; errors are {"code", "message"} in the user's language."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import ValidationError

from pobratym.core.errors import ApplicationError
from pobratym.directory.api import router as directory_router
from pobratym.exchange.api import router as exchange_router
from pobratym.matching.api import router as matching_router
from pobratym.partnerships.api import router as partnerships_router
from pobratym.search.api import router as search_router

api = NinjaAPI(version="1", title="Pobratym API", urls_namespace="api")
api.add_router("/directory/", directory_router)
api.add_router("/exchange/", exchange_router)
api.add_router("/matching/", matching_router)
api.add_router("/partnerships/", partnerships_router)
api.add_router("/search/", search_router)


@api.exception_handler(ApplicationError)
def application_error(request: HttpRequest, error: ApplicationError) -> HttpResponse:
    return api.create_response(request, error.as_dict(), status=error.status)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, error: ValidationError) -> HttpResponse:
    fields = [
        {"field": ".".join(str(p) for p in item.get("loc", [])[1:]), "message": item.get("msg", "")}
        for item in error.errors
    ]
    body = {"code": "invalid_input", "message": _("Some values are not valid."), "fields": fields}
    return api.create_response(request, body, status=422)
