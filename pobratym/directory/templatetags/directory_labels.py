"""Labels for stored choice values that arrive in templates without their model."""

from django import template

from pobratym.directory.enums import MembershipStatus

register = template.Library()


@register.filter
def membership_status(value: str) -> str:
    try:
        return str(MembershipStatus(value).label)
    except ValueError:
        return value
