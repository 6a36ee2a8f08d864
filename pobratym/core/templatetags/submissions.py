"""{% submission_key %}: the one-time key a write form carries (core.submissions)."""

from django import template
from django.utils.html import format_html

from pobratym.core.submissions import FIELD, new_key

register = template.Library()


@register.simple_tag
def submission_key() -> str:
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_key())
