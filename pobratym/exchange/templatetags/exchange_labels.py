"""Labels of the exchange's stored codes, in the viewer's language."""

from decimal import Decimal

from django import template

from ..language import language_name as _language_name

register = template.Library()


@register.filter
def language_name(code: str) -> str:
    """ "de" -> "німецька" (or "German")."""
    return _language_name(code)


@register.filter
def plain_quantity(value: Decimal) -> Decimal | int:
    """5.00 -> 5, 2.50 -> 2.5: quantities as a person writes them."""
    return int(value) if value == value.to_integral_value() else value.normalize()
