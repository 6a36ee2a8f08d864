"""Sections an upper app adds to a lower app's page, so that the lower app never imports it.

A page names its slots ("directory.profile", "exchange.need.actions") and renders whatever was
registered for them; an app above registers, in its AppConfig.ready, a function that takes the
request and the page's subject (an organisation, a need, the signed-in user) and returns the
section's HTML, or None to leave the slot empty. The directory's profile thus shows needs,
offers and partnerships without knowing the exchange or partnerships exist.
"""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

SectionMaker = Callable[[HttpRequest, Any], SafeString | None]

_MAKERS: dict[str, list[SectionMaker]] = {}


def register(slot: str, maker: SectionMaker) -> None:
    """Add a section to a slot; registering the same function again changes nothing."""
    makers = _MAKERS.setdefault(slot, [])
    if maker not in makers:
        makers.append(maker)


def sections_for(slot: str, request: HttpRequest, subject: Any) -> list[SafeString]:
    """The HTML of the slot's sections for this request, in the order they were registered."""
    found = (maker(request, subject) for maker in _MAKERS.get(slot, []))
    return [html for html in found if html is not None]


def render_section(request: HttpRequest, template: str, context: dict[str, Any]) -> SafeString:
    """A section's template rendered for the request (forms in it get their CSRF token)."""
    return SafeString(render_to_string(template, context, request=request))
