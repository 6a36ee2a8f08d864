"""The language switch in every page's header."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.i18n import set_language

from .. import services
from ..models import User


def language_switch_view(request: HttpRequest) -> HttpResponse:
    """Django's switch (a cookie for this browser, then back to the page), and for a signed-in
    person the account's language too, so that their e-mails and other browsers follow."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if (
        request.method == "POST"
        and isinstance(request.user, User)
        and language in dict(settings.LANGUAGES)
    ):
        services.user_language_set(language=language, actor=request.user)
    return response
