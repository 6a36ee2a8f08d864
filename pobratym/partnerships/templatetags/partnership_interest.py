"""{% may_express_interest_in organisation as allowed %}: whether a page shows "Express
interest" next to a record of this organisation (never next to the viewer's own)."""

from typing import Any

from django import template

from ..sections import may_express_interest_in as _may

register = template.Library()


@register.simple_tag(takes_context=True)
def may_express_interest_in(context: template.Context, organisation: Any) -> bool:
    request = context.get("request")
    return request is not None and _may(request, organisation)
