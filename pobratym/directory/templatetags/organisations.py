"""An organisation's key in a page's form: {{ organisation|organisation_key }}."""

from django import template

from pobratym.directory.organisations import organisation_key

register = template.Library()
register.filter("organisation_key", organisation_key)
